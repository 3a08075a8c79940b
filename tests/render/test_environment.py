"""The renderer's Jinja environment gives exactly what plain Jinja gives, only quicker."""

from __future__ import annotations

import pytest
from jinja2 import Environment, StrictUndefined
from jinja2.exceptions import UndefinedError
from markupsafe import Markup

from ehcp_standard.render.environment import compile_story, jinja_environment

SOURCE = "{{ d.name }}|{{ d.items is callable }}|{{ d['items'] }}|{{ o.real }}|{{ v }}|{{ m }}"
VALUES = {"d": {"name": "Ola & <Ben>", "items": 2}, "o": 3, "v": "a < b", "m": Markup("<w:br/>")}


def test_lookups_and_escaping_match_plain_jinja():
    plain = Environment(autoescape=True, undefined=StrictUndefined).from_string(SOURCE)
    quick = compile_story(jinja_environment(), SOURCE)
    expected = "Ola &amp; &lt;Ben&gt;|True|2|3|a &lt; b|<w:br/>"
    assert plain.render(**VALUES) == quick.render(**VALUES) == expected


def test_a_missing_key_is_still_an_error():
    with pytest.raises(UndefinedError, match="has no attribute 'age'"):
        compile_story(jinja_environment(), "{{ d.age }}").render(d={"name": "Ola"})
