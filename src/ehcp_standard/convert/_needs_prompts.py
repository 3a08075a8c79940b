"""The five prompts of a provision entry, read from its who, ratio, frequency and duration columns, else from
its wording (:func:`~ehcp_standard.quantity.parse_quantity`, only what it reads without doubt), and its
wording less a trailing ratio or group.
"""

from __future__ import annotations

import re

from ..model.types import SHORT_TEXT_MAX_LENGTH
from ..quantity import parse_quantity
from ._needs_records import TAG, Provision
from .draft import Unit, squash

_TAIL = re.compile(r"\s+[–—-]\s+(?P<tail>[^–—]{1,80})$")


def wording_and_tail(units: list[Unit]) -> tuple[str, str]:
    """The provision's wording, less a trailing ratio or group ("… – 1:1 (K1)" gives "… (K1)"), and that
    tail."""
    lines = [unit.text.strip() for unit in units]
    last = lines[-1]
    tag = TAG.search(last)
    body = last[: tag.start()] if tag else last
    found = _TAIL.search(body)
    if found and _is_grouping(found.group("tail")):
        lines[-1] = body[: found.start()] + (tag.group().rstrip() if tag else "")
        return "\n".join(lines), body[found.start():].strip()
    return "\n".join(lines), ""


def _is_grouping(tail: str) -> bool:
    parsed = parse_quantity(tail)
    grouping = re.match(r"(?:small\s+)?(?:group|individual|paired|pair|1:1|one[\s-]to[\s-]one)\b", tail,
                        re.IGNORECASE)
    return bool(grouping) or parsed.ratio is not None or parsed.group_size is not None


#: For each prompt field, the texts read for it, best first: a column, "when" (the frequency and duration
#: columns read together: "Daily" + "2 × 15-minute sessions"), "tail" (a ratio after a dash: "… – 1:1") or
#: "text" (the provision's wording, read only when the row has none of the field's own columns).
PROMPT_SOURCES = {
    "frequency": ("when", "frequency", "duration"),
    "duration_minutes": ("duration", "when", "frequency"),
    "hours": ("when", "frequency", "duration"),
    "ratio": ("ratio", "tail"),
    "group_size": ("ratio", "tail"),
    "term_time_only": ("when", "ratio"),
}


def prompts(provision: Provision) -> dict:
    """The prompts read from the who, ratio, frequency and duration cells, else from the wording."""
    texts = {kind: "\n".join(u.text for u in provision.cells.get(kind, ()))
             for kind in ("frequency", "duration", "ratio")}
    texts["when"] = ", ".join(texts[kind] for kind in ("frequency", "duration") if texts[kind].strip())
    texts["tail"] = wording_and_tail(provision.text)[1].lstrip("–—- ")
    texts["text"] = "\n".join(u.text for u in provision.text + ([] if provision.cells else provision.rest))
    parsed = {kind: parse_quantity(text) for kind, text in texts.items() if text.strip()}
    value: dict = {}
    for name, sources in PROMPT_SOURCES.items():
        if not any(source in parsed for source in sources):
            sources = ("text",)
        found = next((each for each in (_read(parsed, source, name) for source in sources)
                      if each is not None), None)
        if found is not None:
            value[name] = found.model_dump(mode="json") if hasattr(found, "model_dump") else found
    who = "; ".join(squash(u.text) for u in provision.cells.get("who", ()))
    if who and len(who) <= SHORT_TEXT_MAX_LENGTH:
        value["provider_role"] = who
    return value


def _read(parsed: dict, source: str, name: str):
    """One prompt field as ``source`` states it, or ``None``."""
    if source not in parsed:
        return None
    return getattr(parsed[source], name)


__all__ = ["PROMPT_SOURCES", "prompts", "wording_and_tail"]
