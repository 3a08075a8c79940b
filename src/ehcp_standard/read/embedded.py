"""The plan embedded in a rendered .docx: its JSON in a custom XML part whose root is ``{urn:ehcp-standard:plan}plan``
(see ``render.embed``). The part may have any number (``customXml/item2.xml``...) in a file other tools have
touched, so it is found by its element, not its name.
"""

from __future__ import annotations

import re

from ..errors import CorruptDocumentError
from ..model import Plan
from ..ooxml import Package
from ..validation import validate_plan
from .warnings import Location, Warnings

#: Namespace of the element that holds the plan's JSON (``render.embed.PLAN_NAMESPACE``).
PLAN_NAMESPACE = "urn:ehcp-standard:plan"
PLAN_TAG = f"{{{PLAN_NAMESPACE}}}plan"
_ITEM = re.compile(r"customXml/item\d+\.xml")


def find_embedded_json(package: Package, warnings: Warnings) -> tuple[str, str] | None:
    """Return (part name, JSON text) of the embedded plan, or ``None`` when the document carries none (an empty
    plan part, as the template has, counts as none). A custom XML part that is not well-formed is reported and
    skipped; one that is unsafe (a DOCTYPE) raises ``UnsafeDocumentError``, as anywhere in the file."""
    for name in package.names:
        if not _ITEM.fullmatch(name):
            continue
        try:
            root = package.xml(name)
        except CorruptDocumentError as error:
            warnings.add(f"a custom XML part could not be read ({error}); it was skipped", Location(name))
            continue
        if root.tag == PLAN_TAG and (root.text or "").strip():
            return name, root.text
    return None


def read_embedded(package: Package, warnings: Warnings) -> Plan | None:
    """Return the embedded plan, exactly as it was rendered, or ``None`` (no plan part, or one that is not a
    valid plan: then each problem is a warning and the plan is read from the visible layout)."""
    found = find_embedded_json(package, warnings)
    if found is None:
        return None
    name, text = found
    report = validate_plan(text.encode("utf-8"), source=f"{package.source} ({name})", max_bytes=len(text) * 4 + 1)
    for problem in report.problems:
        warnings.add(f"the embedded plan is not a valid plan ({problem}); the visible layout was read instead",
                     Location(name), problem.pointer or None)
    return report.plan
