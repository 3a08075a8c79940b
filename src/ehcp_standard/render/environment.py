"""The Jinja environment the template is rendered with, and compiling a story (body, header, footer) in it.

Both keep Jinja's results exactly and only make the two things it does for every value quicker:

- ``x.y`` on a plain ``dict`` (most of the context) is looked up as Jinja would — a dict's own attribute such as
  ``items`` first, then the key, else undefined — without raising and catching an ``AttributeError`` each time;
- autoescape still escapes every value (``markupsafe.escape``), but passes a ``Markup`` value, which
  ``text.xml_text`` has already escaped, through as it is instead of copying it (``text.escape_once``).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, StrictUndefined, Template

from .text import escape_once

#: What a plain ``dict`` has as attributes (``items``, ``keys``…): Jinja's ``x.y`` gives these before any key.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    """Jinja's environment, with a quicker ``getattr`` for plain dicts (same results)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Return ``obj.attribute`` as Jinja does: the attribute, else the item, else undefined."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return Environment.getattr(self, obj, attribute)


def jinja_environment() -> Environment:
    """Return the Jinja environment both render paths use: autoescape on, and an error for any missing value."""
    return _Environment(autoescape=True, undefined=StrictUndefined)


def compile_story(environment: Environment, source: str) -> Template:
    """Return ``source`` compiled in ``environment``, its autoescaping done by ``escape_once`` (the name
    ``escape`` in the compiled code's namespace, which Jinja binds to ``markupsafe.escape``)."""
    template = environment.from_string(source)
    template.root_render_func.__globals__["escape"] = escape_once
    return template
