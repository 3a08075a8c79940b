"""Converting one legacy plan into a standard :class:`~ehcp_standard.model.Plan`, with its conversion report.

::

    from ehcp_standard.convert.convert import ConvertOptions, convert_bytes

    for conversion in convert_bytes(path.read_bytes(), source=path.name, options=ConvertOptions(la_code="855")):
        print(conversion.plan.metadata.plan_reference, conversion.report.mapped, conversion.report.carried_over)
        print(conversion.report.to_text())

A Word file gives one conversion; a case-management export (.csv, .xlsx) one per plan in it. The steps for Word:
read the file into located blocks (:func:`read_legacy_docx`), choose a profile (given, or detected), find the
sections (:func:`find_sections`), map the items into a :class:`Draft` (:mod:`map_details` for personal details,
A, I, J and K; :mod:`map_needs` for B to H2; :mod:`._budget_links` links J's budget items through the provision
their wording names), then :func:`finish`: build the plan, repair what the model refuses
(the refused value's text is carried over, with the reason), and account for every unit of source text. A unit is
*retained* when each part of it was taken into the plan and still holds there; every other unit is carried over with
its location, the heading it sat under and the section it probably belongs to. Nothing is dropped.

Errors are :class:`~ehcp_standard.errors.DocumentError` subclasses naming the file: the reader's (not a .docx,
encrypted, unsafe, corrupt), :class:`NotAPlanError` (no section of a plan found) and :class:`IncompletePlanError`
(the name, date of birth or local authority is nowhere to be found).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..errors import IncompletePlanError, NotAPlanError
from ..model import Plan
from ..model.carried_over import CarriedOverItem
from ..model.codes import SectionLetter
from ._council import la_in
from .blocks import BlockDocument, block_texts
from .draft import Draft, Item, Note, Unit, items, squash
from .profile import Profile, detect_profile, detection_profiles
from .sections import find_sections

#: The evidence of a profile the user chose rather than one detected.
GIVEN = "chosen by the user, not detected"
#: Largest carried-over heading and location kept (the model's one-line limit is 500 characters).
_SHORT = 480
#: Sections a carried-over item may suggest.
_LETTERS = {letter.value for letter in SectionLetter}


@dataclass(frozen=True)
class ConvertOptions:
    """How to convert: ``profile`` (``None``: detect one per document), ``la_code`` (the owning local authority,
    when the plan does not say), ``check`` (run the compliance checker on the result), ``as_of`` (the date the
    time-based rules are judged on; default today) and ``candidates`` (a council's own profiles, which detection
    considers before the built-in ones when no ``profile`` is given; see
    :func:`~ehcp_standard.convert.profile.detection_profiles`)."""

    profile: Profile | None = None
    la_code: str | None = None
    check: bool = True
    as_of: _dt.date | None = None
    candidates: tuple[Profile, ...] = ()


@dataclass(frozen=True)
class CarriedEntry:
    """One carried-over item as the report lists it: where it came from and why (never its text)."""

    location: str
    heading: str | None
    reason: str
    suggested_section: str | None


@dataclass(frozen=True)
class SectionSummary:
    """What happened in one section of the source: units of text found, mapped into standard fields, carried
    over, taken as template labels, and the mean confidence of the labels that placed them."""

    units: int = 0
    mapped: int = 0
    carried_over: int = 0
    confidence: float = 0.0
    labels: int = 0


@dataclass(frozen=True)
class ConversionReport:
    """What a conversion did, for the caseworker who checks it.

    ``mapped`` counts the units of source text retained in standard fields, ``carried_over`` the carried-over items;
    ``flagged`` lists placeholders and un-merged merge fields (located); ``mapping`` says, unit by unit, where each
    went (a JSON pointer, ``label``, ``carried over``); ``sections`` summarises each section; ``warnings`` are the
    notes a caseworker must confirm; ``findings`` the compliance findings of the result."""

    source: str
    profile: str
    profile_score: float
    evidence: tuple[str, ...]
    plan_reference: str
    child_name: str
    mapped: int
    carried_over: int
    carried: tuple[CarriedEntry, ...]
    flagged: tuple[str, ...]
    mapping: tuple[tuple[str, tuple[str, ...]], ...]
    sections: dict[str, SectionSummary]
    notes: tuple[Note, ...]
    findings: Any = None
    labels: int = 0

    @property
    def warnings(self) -> tuple[str, ...]:
        """Every note, located: what a caseworker must confirm."""
        return tuple(str(note) for note in self.notes)

    @property
    def confidence(self) -> dict[str, float]:
        """The mean label confidence of each section found."""
        return {name: summary.confidence for name, summary in self.sections.items()}

    @property
    def error_count(self) -> int:
        """Compliance errors in the result (0 when the checker did not run)."""
        return self.findings.count("error") if self.findings is not None else 0

    @property
    def warning_count(self) -> int:
        """Compliance warnings in the result plus conversion notes."""
        return (self.findings.count("warning") if self.findings is not None else 0) + len(self.notes)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-shaped data (the ``.report.json`` beside a converted plan)."""
        findings = None
        if self.findings is not None:
            findings = {"counts": self.findings.counts(), "complete": self.findings.complete,
                        "notes": list(self.findings.notes),
                        "findings": [finding.as_dict() for finding in self.findings.findings]}
        return {
            "source": self.source,
            "profile": {"name": self.profile, "score": round(self.profile_score, 3), "evidence": list(self.evidence)},
            "plan_reference": self.plan_reference,
            "child_name": self.child_name,
            "counts": {"mapped": self.mapped, "labels": self.labels, "carried_over": self.carried_over,
                       "flagged": len(self.flagged), "warnings": len(self.notes)},
            "sections": {name: {"units": s.units, "mapped": s.mapped, "labels": s.labels,
                                "carried_over": s.carried_over, "confidence": round(s.confidence, 3)}
                         for name, s in self.sections.items()},
            "carried_over": [{"location": c.location, "heading": c.heading, "reason": c.reason,
                              "suggested_section": c.suggested_section} for c in self.carried],
            "flagged": list(self.flagged),
            "warnings": [{"location": n.location, "message": n.message, "section": n.section, "code": n.code}
                         for n in self.notes],
            "mapping": [{"location": location, "to": list(targets)} for location, targets in self.mapping],
            "findings": findings,
        }

    def to_text(self) -> str:
        """Return the report as plain text for a person: counts, sections, carried over, warnings, findings."""
        lines = [f"Conversion report: {self.source}",
                 f"Plan reference: {self.plan_reference}",
                 f"Profile: {self.profile} (" + (GIVEN if self.evidence == (GIVEN,) else
                                                   f"detected, score {self.profile_score:.2f}"
                                                   + (f"; {', '.join(self.evidence)}" if self.evidence else "")) + ")",
                 f"Mapped into standard fields: {self.mapped} piece(s) of text; template labels: {self.labels}",
                 f"Carried over (printed in the plan's appendix): {self.carried_over} item(s)",
                 "", "Sections (texts found / mapped / labels / carried over / label confidence):"]
        for name, s in self.sections.items():
            lines.append(f"  {name:<18} {s.units:>4} / {s.mapped:>4} / {s.labels:>4} / {s.carried_over:>4} / "
                         f"{s.confidence:.2f}")
        if self.carried:
            lines += ["", "Carried over — check each and move it to its section:"]
            lines += [f"  - {c.location}" + (f" (under '{c.heading}')" if c.heading else "")
                      + f": {c.reason}" + (f"; probably section {c.suggested_section}" if c.suggested_section else "")
                      for c in self.carried]
        if self.flagged:
            lines += ["", "Placeholders and un-merged fields (treated as empty):"] + [f"  - {f}" for f in self.flagged]
        if self.notes:
            lines += ["", "Warnings — a caseworker must confirm:"] + [f"  - {n}" for n in self.notes]
        if self.findings is not None:
            counts = self.findings.counts()
            lines += ["", (f"Compliance findings of the result: {counts.get('error', 0)} error(s), "
                          f"{counts.get('warning', 0)} warning(s)")]
            lines += [f"  - {f.rule_id} [{f.severity}] {f.pointer}: {f.message}" for f in self.findings.findings]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Conversion:
    """One converted plan and its report. ``source`` names the input (``export.csv#REF`` for a tabular one)."""

    source: str
    plan: Plan
    report: ConversionReport


# --- entry points ------------------------------------------------------------------------------------------------


def convert_bytes(data: bytes, *, source: str, options: ConvertOptions | None = None) -> list[Conversion]:
    """Convert a legacy file's bytes: a Word .docx gives one conversion, a .csv or .xlsx export one per plan."""
    options = options or ConvertOptions()
    kind = sniff(data, source)
    if kind in {"csv", "xlsx"}:
        from .tabular import convert_table

        return convert_table(data, source=source, kind=kind, options=options)
    return [convert_docx(data, source=source, options=options)]


def sniff(data: bytes, source: str) -> str:
    """Return ``docx``, ``xlsx`` or ``csv`` from the file's first bytes (and, for a zip, its part names)."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx" if b"xl/workbook.xml" in data[:65536] or source.lower().endswith(".xlsx") else "docx"
    if source.lower().endswith((".csv", ".txt")):
        return "csv"
    return "docx"   # the reader names what it found instead (not a zip, an encrypted OLE file...)


def convert_docx(data: bytes, *, source: str, options: ConvertOptions | None = None) -> Conversion:
    """Convert one legacy Word plan."""
    from ._budget_links import link_budget_items
    from .docx_reader import read_legacy_docx
    from .map_details import map_details
    from .map_needs import map_needs

    options = options or ConvertOptions()
    document = read_legacy_docx(data, source=source)
    if options.profile is not None:
        profile, score, evidence = options.profile, 1.0, (GIVEN,)
    else:
        profile, score, evidence = detect_profile(document, detection_profiles(options.candidates)
                                                  if options.candidates else None)
    section_map = find_sections(document, profile)
    item_list = items(document, section_map)
    draft = Draft(source, profile)
    for warning in document.warnings:       # what the reader could not represent (hidden text, macros, pictures…)
        draft.warn(warning.location, warning.message, code=f"reader:{warning.code}")
    if document.deletions:
        draft.warn("document", f"{len(document.deletions)} tracked deletion(s) left out: deleted text is amendment "
                   "history, not the plan's current wording", code="tracked_deletions")
    map_details(item_list, draft, document=document)
    placed = {item.section for item in item_list} - {None, "cover"}
    identified = draft.get("/personal_details/name") is not None or draft.get("/personal_details/date_of_birth")
    if not placed and not identified:
        raise NotAPlanError(
            f"no section of an EHC plan was found (profile {profile.name}): no section letter, statutory title or "
            f"personal-details label matched any of its {len(item_list)} blocks, and no child's name or date of "
            "birth was found", source=source)
    map_needs(item_list, draft)
    link_budget_items(draft)            # J's items, through the provision their wording names (both mapped now)
    complete_metadata(draft, document, data, options)
    return finish(draft, item_list, options=options, detected=(profile.name, score, tuple(evidence)),
                  extra=note_units(document))


def note_units(document: BlockDocument) -> list[tuple[str, Unit]]:
    """Footnotes and endnotes as units: visible text no section holds, carried over as notes."""
    from .draft import _units

    return [("footnote or endnote", unit) for block in document.notes for unit in _units((block,))]


# --- metadata every plan needs -----------------------------------------------------------------------------------


def complete_metadata(draft: Draft, document: BlockDocument, data: bytes, options: ConvertOptions) -> None:
    """Fill the metadata a plan must have and a legacy plan may not state: the LA code (the one the plan states,
    else the council named with "Council" in a page header or on the cover, else ``options.la_code``), the plan
    reference (else one derived from the file's content hash), the status (else final) and the version (else 1),
    each with a note saying so."""
    here = "metadata"
    stated = draft.get("/metadata/la_code")
    if stated is None:
        found = _la_from_text(document)
        if found is not None:
            stated, name, where = found
            draft.put("/metadata/la_code", stated)
            draft.warn(where, f"local authority {stated} ({name}) inferred from the council named here", section="LA")
    if stated is None and options.la_code:
        draft.put("/metadata/la_code", options.la_code)
    elif options.la_code and stated != options.la_code:
        draft.warn(here, f"the plan names local authority {stated}; --la-code {options.la_code} applies only to "
                   "plans that do not say, so it was not used", section="LA", code="la_code")
    if draft.get("/metadata/plan_reference") is None:
        reference = f"CONV-{hashlib.sha256(data).hexdigest()[:12].upper()}"
        draft.put("/metadata/plan_reference", reference)
        draft.warn(here, f"no plan reference found; {reference} was derived from the file's content", section="cover")
    if draft.get("/metadata/status") is None:
        draft.put("/metadata/status", "final")
        draft.warn(here, "the plan's status is not stated; assumed final", section="cover")
    if draft.get("/metadata/version") is None:
        draft.put("/metadata/version", 1)


def _la_from_text(document: BlockDocument) -> tuple[str, str, str] | None:
    """Find a current council named with "Council" in the page furniture, then in the first blocks of the body
    ("Newcastle City Council – Education, Health and Care Plan"); a line about a previous or other authority
    ("Previous local authority: Gateshead Council", "transferred from …") is passed over."""
    texts: list[tuple[str, str]] = []
    for block in document.headers_footers:
        texts += [(text, str(block.location)) for text in block_texts(block)]
    for block in document.body[:15]:
        texts += [(text, str(block.location)) for text in block_texts(block)]
    for text, where in texts:
        if "council" not in text.casefold() or _OTHER_LA.search(text):
            continue
        found = la_in(text, council=True)
        if found is not None:
            return found[0], found[1], where
    return None


_OTHER_LA = re.compile(r"previous|former|transferr|moved from|other local authority|home authority", re.IGNORECASE)


# --- finishing: build, repair, account for every unit ------------------------------------------------------------


REQUIRED = {
    "/metadata/la_code": "the local authority (pass --la-code, or name the council on the cover)",
    "/metadata/plan_reference": "the plan reference",
    "/metadata/status": "the plan status",
    "/personal_details": "the child's personal details",
    "/personal_details/name": "the child's name (a 'Name', 'Surname' or 'Forename' row)",
    "/personal_details/name/forename": "the child's forename",
    "/personal_details/name/surname": "the child's surname",
    "/personal_details/date_of_birth": "the child's date of birth (a 'Date of birth' row)",
}


def finish(draft: Draft, item_list: list[Item], *, options: ConvertOptions,
           detected: tuple[str, float, tuple[str, ...]], extra: list[tuple[str, Unit]] = ()) -> Conversion:
    """Build the plan from ``draft``, carry over every unit it does not retain, check it and report."""
    source = draft.source
    data = draft.data          # build() repairs it in place: keep the identifiers as given for the checker
    data.setdefault("schema_version", "1.0.0")
    identifiers = _identifiers(data)
    plan, plan_data, removed = build(data, source)
    strings = _PlanText(plan_data)
    retained: dict[Any, bool] = {}
    mapping: list[tuple[str, tuple[str, ...]]] = []
    labels = 0
    _take_matched_labels(draft, item_list)
    for item in item_list:
        for unit in item.units:
            ok, targets = _retained(unit, draft, plan_data, strings, removed)
            retained[unit.location] = ok
            labels += ok and targets == ("label",)
            mapping.append((str(unit.location), targets if ok else ("carried over",)))
    carried, entries = _carry(draft, item_list, retained, removed)
    for reason, unit in extra:
        if unit.text.strip():
            carried.append(_carried_item(source, str(unit.location), None, unit.text, reason, None))
            entries.append(CarriedEntry(str(unit.location), None, reason, None))
            mapping.append((str(unit.location), ("carried over",)))
    if carried:     # validated item by item: the rest of the plan is valid already
        items_ = tuple(CarriedOverItem.model_validate(item) for item in carried)
        plan = plan.model_copy(update={"carried_over": plan.carried_over + items_})
    findings = _check(plan, {p: v for p, v in identifiers.items() if p in removed}, options) if options.check else None
    report = ConversionReport(
        source=source, profile=detected[0], profile_score=detected[1], evidence=detected[2],
        plan_reference=plan.metadata.plan_reference, child_name=_name(plan),
        mapped=sum(1 for _, targets in mapping if targets not in {("carried over",), ("label",)}),
        carried_over=len(entries), carried=tuple(entries), flagged=_flagged(item_list),
        mapping=tuple(mapping), sections=_sections(item_list, mapping), notes=tuple(draft.notes),
        findings=findings, labels=labels)
    return Conversion(source, plan, report)


#: How a placement's own label was matched, when the label is the whole heading (not a prefix of content).
_WHOLE_LABEL = frozenset({"letter", "part", "exact", "normalised", "fuzzy"})


def _take_matched_labels(draft: Draft, item_list: list[Item]) -> None:
    """A block (or a row's first cell) that is itself a matched section, sub-section or area label is a template
    label the standard structure replaces — unless a mapper already took it."""
    for item in item_list:
        if item.placement.method not in _WHOLE_LABEL and not (
                item.placement.method == "prefix" and item.kind == "heading"):
            continue
        first = item.cells[0] if item.cells else ()
        unit = first[0] if len(first) == 1 else None
        if unit is not None and unit.text.strip() and unit.location not in draft.takes \
                and unit.location not in draft.carry_reasons:
            draft.label(unit)


def build(data: dict[str, Any], source: str) -> tuple[Plan, dict[str, Any], dict[str, str]]:
    """Validate ``data`` as a plan, removing each value the model refuses (a list item whose own field is
    missing goes whole). Return the plan, its data and what was removed: pointer → the model's message. Raise
    :class:`IncompletePlanError` when a field every plan must have is missing."""
    removed: dict[str, str] = {}
    for _ in range(200):
        try:
            return Plan.model_validate(data), data, removed
        except ValidationError as error:
            problems = error.errors(include_url=False)
        missing = []
        for problem in problems:
            pointer = "/" + "/".join(str(step) for step in problem["loc"])
            if pointer in REQUIRED or (problem["type"] == "missing" and pointer.count("/") <= 2
                                       and pointer.split("/")[1] in {"metadata", "personal_details"}):
                missing.append(pointer)
        if missing:
            wanted = "; ".join(REQUIRED.get(p, p) for p in sorted(set(missing)))
            raise IncompletePlanError(f"cannot make a standard plan: not found: {wanted}", source=source,
                                      missing=tuple(sorted(set(missing))))
        # remove deepest first so list indices stay right within one round
        targets = sorted({_target(data, problem) for problem in problems}, key=_sort_key, reverse=True)
        for pointer, message in targets:
            if pointer in ("", "/"):
                _strip_links(data, removed, message)
                continue
            _remove(data, pointer)
            removed = _shift(removed, pointer)
            removed[pointer] = message
    raise IncompletePlanError("the converted plan could not be repaired into a valid one", source=source)


def _target(data: dict[str, Any], problem: dict[str, Any]) -> tuple[str, str]:
    """Where to cut for one validation problem: the field itself, or — for a missing field of a list item, or a
    problem of the whole item — the item."""
    loc = [str(step) for step in problem["loc"] if not str(step).startswith(("function-", "tagged-union"))]
    message = problem["msg"]
    if problem["type"] == "missing" or problem["type"].startswith("value_error") and _is_object(data, loc):
        for depth in range(len(loc) - 1, -1, -1):
            if loc[depth].isdigit():
                return "/" + "/".join(loc[: depth + 1]), message
        return "/" + "/".join(loc[:-1]) if problem["type"] == "missing" else "/" + "/".join(loc), message
    return "/" + "/".join(loc), message


def _is_object(data: Any, loc: list[str]) -> bool:
    node = data
    for step in loc:
        try:
            node = node[int(step)] if isinstance(node, list) else node[step]
        except (KeyError, IndexError, ValueError, TypeError):
            return False
    return isinstance(node, dict)


def _sort_key(target: tuple[str, str]) -> list[Any]:
    return [(0, int(step), "") if step.isdigit() else (1, 0, step) for step in target[0].split("/")]


def _remove(data: dict[str, Any], pointer: str) -> None:
    steps = pointer[1:].split("/")
    node: Any = data
    for step in steps[:-1]:
        node = node[int(step)] if isinstance(node, list) else node.get(step)
        if node is None:
            return
    last = steps[-1]
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node.pop(int(last))
    elif isinstance(node, dict):
        node.pop(last, None)


def _shift(removed: dict[str, str], pointer: str) -> dict[str, str]:
    """After removing list item ``pointer``, renumber recorded pointers past it in the same list."""
    base, _, index = pointer.rpartition("/")
    if not index.isdigit():
        return removed
    return {_shifted(p, base, int(index)): m for p, m in removed.items()}


def _shifted(pointer: str, base: str, index: int) -> str:
    if not pointer.startswith(base + "/"):
        return pointer
    rest = pointer[len(base) + 1:].split("/", 1)
    if rest[0].isdigit() and int(rest[0]) > index:
        return f"{base}/{int(rest[0]) - 1}" + (f"/{rest[1]}" if len(rest) > 1 else "")
    return pointer


def _strip_links(data: dict[str, Any], removed: dict[str, str], message: str) -> None:
    """A plan-wide problem (a golden-thread id that names nothing): drop the links that do not resolve."""
    ids = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                ids.add(node["id"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    def strip(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            for key in ("provision_ids", "outcome_ids", "need_ids"):
                if isinstance(node.get(key), list) and any(ref not in ids for ref in node[key]):
                    node[key] = [ref for ref in node[key] if ref in ids]
                    removed[f"{pointer}/{key}"] = message
            for key, value in node.items():
                strip(value, f"{pointer}/{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                strip(value, f"{pointer}/{n}")

    collect(data)
    before = len(removed)
    strip(data, "")
    if len(removed) == before:
        raise IncompletePlanError(f"the converted plan is not valid: {message}", source="<draft>")


class _PlanText:
    """Every string of the plan, squashed, for a take with no pointer (``fragment in plan_text``): the plan is
    walked the first time one asks, not for every plan."""

    def __init__(self, data: Any):
        self.data = data
        self.text: str | None = None

    def __contains__(self, fragment: str) -> bool:
        if self.text is None:
            self.text = _plan_strings(self.data)
        return fragment in self.text


def _plan_strings(data: Any) -> str:
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            out.append(squash(node))
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return "\x00".join(out)


_NOISE = re.compile(r"[\s:;|,.\-–—•·*()\[\]/?]+")


def _retained(unit: Unit, draft: Draft, data: dict[str, Any], strings: _PlanText,
              removed: dict[str, str]) -> tuple[bool, tuple[str, ...]]:
    """Whether every part of ``unit`` was taken and holds in the plan; and where it went."""
    text = unit.text
    if not text.strip():
        return True, ("empty" if not unit.raw.strip() else "placeholder",)
    residual = squash(text)
    takes = draft.takes.get(unit.location)
    if not takes:       # nothing taken: retained only when nothing but punctuation is there
        return (True, ("label",)) if not residual or _NOISE.fullmatch(residual) else (False, ())
    targets: list[str] = []
    for take in takes:
        if not _holds(take.fragment, take.how, take.pointer, data, strings):
            continue
        fragment = squash(take.fragment)
        at = residual.find(fragment)
        if at < 0:
            continue
        residual = residual[:at] + " " + residual[at + len(fragment):]
        targets.append(take.pointer or take.how)
    if residual and _NOISE.fullmatch(residual) is None:     # something besides punctuation and spaces is left
        return False, tuple(targets)
    return True, tuple(dict.fromkeys(targets)) or ("label",)


def _holds(fragment: str, how: str, pointer: str | None, data: dict[str, Any], strings: _PlanText) -> bool:
    if how == "label":
        return True
    value = _at(data, pointer) if pointer else None
    if how == "text":
        wanted = squash(fragment)
        if isinstance(value, str):
            return wanted in squash(value)
        return pointer is None and wanted in strings
    if pointer is None or value is None:
        return False
    if how == "date":
        return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
    if how == "identifier":
        return isinstance(value, str) and re.sub(r"[\s-]", "", fragment).upper() == value.upper()
    if how == "boolean":
        return isinstance(value, bool)
    return True   # enum, number: the value is there, read from this wording


def _at(data: Any, pointer: str) -> Any:
    node = data
    for step in pointer[1:].split("/") if pointer and pointer != "/" else []:
        try:
            node = node[int(step)] if isinstance(node, list) else node[step]
        except (KeyError, IndexError, ValueError, TypeError):
            return None
    return node


def _carry(draft: Draft, item_list: list[Item], retained: dict[Any, bool],
           removed: dict[str, str]) -> tuple[list[dict[str, Any]], list[CarriedEntry]]:
    """One carried-over item per item (row or paragraph) with a unit not retained: the whole row, so a label
    travels with its value."""
    carried: list[dict[str, Any]] = []
    entries: list[CarriedEntry] = []
    for item in item_list:
        lost = [unit for unit in item.units if not retained.get(unit.location, True)]
        if not lost:
            continue
        reason, suggested = _reason(draft, item, lost, removed)
        text = _item_text(item)
        carried.append(_carried_item(draft.source, str(item.location), item.heading, text, reason, suggested))
        entries.append(CarriedEntry(str(item.location), _one_line(item.heading), reason, suggested))
    return carried, entries


def _reason(draft: Draft, item: Item, lost: list[Unit], removed: dict[str, str]) -> tuple[str, str | None]:
    for unit in lost:
        if unit.location in draft.carry_reasons:
            return draft.carry_reasons[unit.location]
    for unit in lost:
        for take in draft.takes.get(unit.location, []):
            for pointer, message in removed.items():
                if take.pointer and (take.pointer == pointer or take.pointer.startswith(pointer + "/")):
                    return f"not valid at {pointer}: {_withheld(message, pointer)}", _suggest(item)
    if item.placement.candidate:
        return "a heading no profile label matched", None
    if item.section is None or (item.section == "cover" and not item.heading_known):
        return "under a heading no profile label matched", None
    if item.section == "cover":
        return "on the cover, before any section", None
    where = item.section + (f" ({item.subsection})" if item.subsection else "")
    return f"no standard field for this in {where}", _suggest(item)


#: Fields whose refused value is personal data: a reason says what is wrong without repeating it.
_PERSONAL_FIELDS = frozenset({"upn", "uln", "nhs_number", "urn", "ukprn", "postcode", "email", "telephone",
                              "date_of_birth", "forename", "surname", "middle_names", "preferred_name", "value"})
_QUOTED = re.compile(r"""(['"‘“]).*?(['"’”])""")


def _withheld(message: str, pointer: str) -> str:
    """The model's message, with any quoted value left out when the field holds personal data (a reason travels
    into batch reports that must not name a child or repeat an identifier)."""
    if set(pointer.split("/")) & _PERSONAL_FIELDS:
        message = _QUOTED.sub("[value withheld]", message)
        message = re.sub(r"\b[A-Z]?\d[\d ]{5,}[A-Z]?\b", "[value withheld] ", message)
        message = re.sub(r"\[value withheld\](?=\w)", "[value withheld] ", message)
    return _one_line(message) or "refused by the model"


def _suggest(item: Item) -> str | None:
    section = item.section
    if section in {"A1", "A2"}:
        return section
    return section if section in _LETTERS else None


def _item_text(item: Item) -> str:
    cells = ["\n".join(unit.text for unit in cell if unit.text.strip()) for cell in item.cells]
    cells = [cell for cell in cells if cell]
    if len(cells) == 2 and "\n" not in cells[0] and len(cells[0]) <= 120:
        return f"{cells[0]}: {cells[1]}"
    return "\n".join(cells)


def _carried_item(source: str, location: str, heading: str | None, text: str, reason: str,
                  suggested: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"text": text, "source": {"file": _one_line(source), "location": _one_line(location)},
                            "reason": _one_line(reason)}
    if heading and _one_line(heading):
        item["source"]["heading"] = _one_line(heading)
    if suggested:
        item["suggested_section"] = suggested
    return item


def _one_line(text: str | None) -> str | None:
    if text is None:
        return None
    line = squash(text)
    return line[:_SHORT] + ("…" if len(line) > _SHORT else "") if line else None


def _flagged(item_list: list[Item]) -> tuple[str, ...]:
    return tuple(f"{unit.location}: {squash(unit.raw)}" for item in item_list for unit in item.units if unit.flagged)


#: Where a unit's tally goes in :func:`_sections` (units, mapped, carried over, labels), by its mapping targets.
_TALLY = {("carried over",): 2, ("label",): 3}
_SECTION_ORDER = ["cover", "personal_details", "contacts", "services", "A", "B", "C", "D", "E", "F", "G", "H1", "H2",
                  "I", "J", "K", "unplaced"]


def _sections(item_list: list[Item], mapping: list[tuple[str, tuple[str, ...]]]) -> dict[str, SectionSummary]:
    """Each section's summary; ``mapping`` lists every unit of ``item_list`` in order (then any extra units), each
    with its location and targets (the last listed for a location counts)."""
    targets = dict(mapping)
    locations = (location for location, _ in mapping)     # str(unit.location), unit by unit, as finish() made them
    tallies: dict[str, list[int]] = {}     # units, mapped, carried over, labels
    confidence: dict[str, list[float]] = {}
    for item in item_list:
        name = item.section or "unplaced"
        confidence.setdefault(name, []).append(item.placement.confidence)
        tally = tallies.setdefault(name, [0, 0, 0, 0])
        for unit in item.units:
            location = next(locations)
            if not unit.text.strip():
                continue
            tally[0] += 1
            tally[_TALLY.get(targets.get(location, ()), 1)] += 1
    order = _SECTION_ORDER
    names = sorted(confidence, key=lambda name: order.index(name) if name in order else len(order))
    return {name: SectionSummary(tallies[name][0], tallies[name][1], tallies[name][2],
                                 sum(confidence[name]) / len(confidence[name]), tallies[name][3])
            for name in names}


def _name(plan: Plan) -> str:
    name = plan.personal_details.name
    return " ".join(part for part in (name.forename, name.middle_names, name.surname) if part)


#: Fields holding an identifier with a check algorithm: refused by the model, but reported by the checker's rules.
_IDENTIFIER_FIELDS = ("upn", "uln", "nhs_number", "urn", "ukprn")


def _identifiers(data: Any, pointer: str = "") -> dict[str, str]:
    """The identifier values of ``data`` outside lists (where pointers stay stable while a plan is repaired), by
    pointer: those the model refuses are shown to the checker, so that its identifier rules report them."""
    found: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _IDENTIFIER_FIELDS and isinstance(value, str):
                found[f"{pointer}/{key}"] = value
            elif isinstance(value, dict):
                found.update(_identifiers(value, f"{pointer}/{key}"))
    return found


def _check(plan: Plan, refused: dict[str, Any], options: ConvertOptions):
    """The compliance findings of the converted plan; refused identifiers are put back so their rules fire."""
    from ..rules import check_plan
    from ..rules.engine import CheckReport, check_data

    if not refused:
        return CheckReport(source=plan.metadata.plan_reference, findings=check_plan(plan, as_of=options.as_of))
    data = plan.model_dump(mode="json", exclude_none=True)
    for pointer, value in refused.items():
        node = data
        steps = pointer[1:].split("/")
        for step in steps[:-1]:
            node = node.setdefault(step, {})
        node[steps[-1]] = value
    return check_data(data, source=plan.metadata.plan_reference, as_of=options.as_of)


# re-exported for the mappers' convenience
__all__ = ["CarriedEntry", "Conversion", "ConversionReport", "ConvertOptions", "SectionSummary", "build",
           "complete_metadata", "convert_bytes", "convert_docx", "finish", "sniff"]

