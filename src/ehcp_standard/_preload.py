"""Work a bulk conversion's worker processes would each repeat, done once before they are forked.

``ehcp convert`` starts its workers from a forkserver (where the platform has one) that imports this module first:
importing it loads the converter, the checker and the renderer, compiles the Word template, and loads the built-in
profiles with their label indexes. Every worker forked afterwards starts with all of it in memory, shared copy-on-write,
instead of spending about a second rebuilding it — which matters because workers are replaced every few hundred
plans to keep memory bounded. Importing it has no effect beyond filling those caches.
"""

from __future__ import annotations

from .convert import convert as _convert  # noqa: F401 - imported to be loaded before the fork
from .convert import map_details as _map_details  # noqa: F401
from .convert import map_needs as _map_needs  # noqa: F401
from .convert import tabular as _tabular  # noqa: F401
from .convert._labels import label_index
from .convert.profile import builtin_profiles
from .render.renderer import compiled_template
from .rules import engine as _engine  # noqa: F401


def warm() -> None:
    """Compile the template and index every built-in profile's labels (each cached for the process)."""
    compiled_template()
    for profile in list(builtin_profiles().values()) + list(builtin_profiles(tabular=True).values()):
        label_index(profile)


warm()
