"""Work a bulk conversion's worker processes would each repeat, done once before they are forked.

``ehcp convert`` starts its workers from a forkserver (where the platform has one) that imports this module first:
importing it loads the converter, the checker and the renderer, compiles the Word template, and loads the built-in
profiles with their label indexes. Every worker forked afterwards starts with all of it in memory, shared copy-on-write,
instead of spending about a second rebuilding it — which matters because workers are replaced every few hundred
plans to keep memory bounded. Importing it has no effect beyond filling those caches and tuning the garbage
collector (see the end).
"""

from __future__ import annotations

import gc

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
# What is loaded now lives as long as the workers: moved out of the garbage collector's sight, it is not scanned
# again by every collection a worker makes while converting (the workers inherit this on fork). Collections run
# less often too: a plan's objects are short-lived and free of cycles, and workers are replaced to bound memory.
gc.freeze()
gc.set_threshold(20_000, 50, 100)
