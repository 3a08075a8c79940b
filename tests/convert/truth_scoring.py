"""Scoring a conversion against a truth file (the shared samples' ``.truth.json``, or ``legacy_layouts.truth``).

Shared by the converter's tests and ``benchmarks/convert_samples_benchmark.py``:

- :func:`placement` — each need, outcome (outcomes, short-term steps, long-term aims) and provision item of the
  truth must sit in the right section and area of need of the converted plan (found elsewhere, carried over or
  nowhere is wrong, and :func:`locate` says where it went);
- :func:`retention` — each visible content paragraph (``all_text_paragraphs``) must be in the converted plan,
  verbatim in any of its texts, or read into a typed field (a date, an identifier, a yes/no) by a mapping the
  converter verified;
- :func:`missing_in_order` — the truth strings a reader's texts do not show, in document order.
"""

from __future__ import annotations

import json

from ehcp_standard.convert import detect_profile, find_sections, read_legacy_docx
from ehcp_standard.convert.draft import items, squash

AREAS = {
    "communication_and_interaction": "communication_interaction",
    "cognition_and_learning": "cognition_learning",
    "social_emotional_mental_health": "semh",
    "sensory_and_physical": "sensory_physical",
}


def texts_of(entries, *keys) -> list[str]:
    """The texts of model items (dicts), each key's value joined by a new line."""
    return [squash("\n".join(str(entry.get(key) or "") for key in keys)) for entry in entries or ()]


def placement(plan: dict, truth: dict) -> list[tuple[str, str, bool, str]]:
    """(category, truth text, correct?, where it went) for each need, outcome and provision item of ``truth``."""
    sen = plan.get("special_educational_needs") or {}
    results = []
    shorter = squash(plan.get("shorter_term_targets") or "")
    for key, area in (truth.get("areas") or {}).items():
        table = sen.get(AREAS[key]) or {}
        wanted = {
            "need": (area.get("needs"), texts_of(table.get("needs"), "title", "description", "original_text")),
            "outcome": ((area.get("outcomes") or []) + (area.get("long_term_aims") or []),
                        texts_of(table.get("outcomes"), "description", "original_text")),
            "short-term step": (area.get("short_term_steps"),
                                texts_of(table.get("outcomes"), "description", "original_text") + [shorter]),
            "provision": ([p["text"] for p in area.get("provision") or []],
                          texts_of(table.get("provision"), "description", "original_text")),
        }
        results += _score(wanted, plan, f"{key}")
    health = plan.get("health") or {}
    social = plan.get("social_care") or {}
    truth_health = truth.get("health") or {}
    truth_social = truth.get("social_care") or {}
    wanted = {
        "need": (truth_health.get("needs"), texts_of(health.get("needs"), "title", "description", "original_text")),
        "outcome": (truth_health.get("outcomes"), texts_of(health.get("outcomes"), "description", "original_text")),
        "provision": ([p["text"] for p in truth_health.get("provision") or []],
                      texts_of(health.get("provision"), "description", "original_text")),
    }
    results += _score(wanted, plan, "health")
    wanted = {
        "need": (truth_social.get("needs"), texts_of(social.get("needs"), "title", "description", "original_text")),
        "outcome": (truth_social.get("outcomes"), texts_of(social.get("outcomes"), "description", "original_text")),
        "H1 provision": ([p["text"] for p in truth_social.get("h1") or []],
                         texts_of(social.get("h1_provision"), "description", "original_text")),
        "H2 provision": ([p["text"] for p in truth_social.get("h2") or []],
                         texts_of(social.get("h2_provision"), "description", "original_text")),
    }
    results += _score(wanted, plan, "social care")
    return results


def _score(wanted: dict, plan: dict, where: str) -> list[tuple[str, str, bool, str]]:
    out = []
    for category, (truth_texts, found) in wanted.items():
        for text in truth_texts or ():
            needle = squash(text)
            ok = any(needle in candidate for candidate in found)
            out.append((f"{where} {category}", text, ok, "" if ok else locate(plan, needle)))
    return out


def locate(data, needle: str, pointer: str = "") -> str:
    """The first JSON pointer whose string contains ``needle``, or ``"nowhere"``."""
    if isinstance(data, str):
        return pointer if needle in squash(data) else ""
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in children:
        found = locate(value, needle, f"{pointer}/{key}")
        if found and found != "nowhere":
            return found
    return "nowhere" if pointer == "" else ""


def retention(data: bytes, name: str, conversion, truth: dict) -> tuple[int, int, list[str]]:
    """How many ``all_text_paragraphs`` are in the plan (verbatim, or read into a verified typed field)."""
    strings = _strings(json.loads(conversion.plan.to_json()))
    mapping = dict(conversion.report.mapping)
    document = read_legacy_docx(data, source=name)
    profile, _, _ = detect_profile(document)
    units = [unit for item in items(document, find_sections(document, profile)) for unit in item.units]
    kept, lost = 0, []
    for text in truth.get("all_text_paragraphs") or ():
        needle = squash(text)
        if any(needle in s for s in strings):
            kept += 1
            continue
        holders = [unit for unit in units if needle and needle in squash(unit.text)]
        typed = [u for u in holders if mapping.get(str(u.location), ("carried over",)) not in
                 {("carried over",), ("label",), ("empty",), ("placeholder",)}]
        if typed:
            kept += 1
        else:
            lost.append(text)
    return kept, len(truth.get("all_text_paragraphs") or ()), lost


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [squash(node)]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def missing_in_order(needles: list[str], texts: list[str]) -> list[str]:
    """Return the needles not found, in order, each inside one text at or after the previous one's."""
    missing, index = [], 0
    for needle in needles:
        found = next((i for i in range(index, len(texts)) if needle in texts[i]), None)
        if found is None:
            missing.append(needle)
        else:
            index = found
    return missing
