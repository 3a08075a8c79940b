"""Mapping one plan's rows into a draft (see "How a plan's rows are read" in :mod:`.tabular`): each row as items
with one unit per cell, and :class:`PlanMapper`, which puts plan-level values once, each need and outcome once per
table, provision once per row, and the golden thread from each row."""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..model.identifiers import check_la_code, check_nhs_number, check_uln, check_upn
from ..quantity import parse_quantity
from ._tabular_columns import Header, fold
from ._tabular_places import Codes, Home, Place
from ._tabular_read import Grid
from .blocks import Cell, Location, Paragraph, Row
from .draft import Draft, Item, Unit, squash
from .profile import Profile
from .sections import LabelPlacement

# --- mapping one plan's rows into a draft ------------------------------------------------------------------------

#: Plan-level fields: where each goes and how it is read.
PLAN_FIELDS = {
    "plan_reference": ("/metadata/plan_reference", "text"),
    "la_code": ("/metadata/la_code", "identifier"),
    "status": ("/metadata/status", "enum"),
    "version": ("/metadata/version", "number"),
    "upn": ("/personal_details/identifiers/upn", "identifier"),
    "uln": ("/personal_details/identifiers/uln", "identifier"),
    "nhs_number": ("/services/nhs_number", "identifier"),
    "forename": ("/personal_details/name/forename", "text"),
    "middle_names": ("/personal_details/name/middle_names", "text"),
    "surname": ("/personal_details/name/surname", "text"),
    "date_of_birth": ("/personal_details/date_of_birth", "date"),
    "start": ("/metadata/dates/version_issued", "date"),
    "review_due": ("/metadata/dates/next_review_due", "date"),
    "first_issued": ("/metadata/dates/first_issued", "date"),
    "last_review": ("/metadata/dates/last_review", "date"),
}
#: Fields that place a row or describe its content.
ROW_FIELDS = ("section", "area", "need_reference", "need", "outcome", "provision", "who", "ratio", "frequency",
              "duration")
#: The cells that write a provision entry, kept together (" | ") in its ``original_text``.
PROVISION_CELLS = ("provision", "who", "ratio", "frequency", "duration")
#: What the quantity parser gives that a provision entry holds.
QUANTITIES = ("frequency", "duration_minutes", "hours", "ratio", "group_size", "term_time_only")
_IDENTIFIER_CHECKS = {"upn": ("UPN", check_upn), "uln": ("ULN", check_uln), "nhs_number": ("NHS number",
                                                                                          check_nhs_number)}


class PlanMapper:
    """Maps the rows of one plan into ``draft``: plan-level values once, each need and outcome once per table,
    provision once per row, and the golden thread from each row."""

    def __init__(self, draft: Draft, codes: Codes, header: Header):
        self.draft = draft
        self.codes = codes
        self.header = header
        self.first: dict[str, tuple[Any, Unit]] = {}
        self.unread: dict[str, str] = {}
        self.needs: dict[tuple[str, str], tuple[str, str]] = {}
        self.outcomes: dict[tuple[str, str], str] = {}
        self.counts: Counter[str] = Counter()

    def row(self, item: Item, place: Place) -> None:
        """Map one item of a row (see :func:`row_items`; its ``kinds`` name each cell's field)."""
        if item.section == "personal_details":
            for kind, units in zip(item.kinds, item.cells):
                self.plan_value(kind, units[0])
            return
        for note in place.notes:
            self.draft.warn(item, note)
        if place.home is None:
            for unit in item.units:
                self.draft.carry_reason(unit, place.reason or "the row cannot be placed")
            return
        need = self.need(item, place.home)
        outcome = self.outcome(item, place.home)
        provision = self.provision(item, place)
        self.link(need, outcome, provision)
        self.codes_taken(item, place, provision or need or outcome)

    # --- plan-level values ---------------------------------------------------------------------------------------

    def plan_value(self, name: str, unit: Unit) -> None:
        """Put a plan-level value from its first row; take a repeat as structure; carry a different one over."""
        pointer, how = PLAN_FIELDS[name]
        if self.unread.get(name) == squash(unit.text):
            self.draft.label(unit)         # the same unreadable value again: its first row carries it
            return
        value = self.read(name, how, unit)
        if value is None:
            self.unread.setdefault(name, squash(unit.text))
            return
        if name in self.first:
            seen, where = self.first[name]
            if value == seen:
                self.draft.label(unit)
            else:
                reason = f"the {name} differs from the one in {where.location.path.split(' › column')[0]}"
                self.draft.carry_reason(unit, reason)
                self.draft.warn(unit, f"{reason}; the first was kept and this one carried over")
            return
        self.first[name] = (value, unit)
        self.draft.put(pointer, value, unit=unit, how=how)
        if name in _IDENTIFIER_CHECKS:
            self.check_identifier(name, value, unit)

    def read(self, name: str, how: str, unit: Unit) -> Any:
        """Return the value of a plan-level cell, or ``None`` (with a note) when it cannot be read."""
        text = unit.text
        value: Any = {"text": squash(text), "identifier": re.sub(r"[\s-]", "", text).upper()}.get(how)
        if how == "date":
            value = read_date(text, self.codes.date_formats)
        elif how == "enum":
            value = self.codes.statuses.get(fold(text))
        elif how == "number":
            value = int(text) if text.isdigit() and int(text) >= 1 else None
        if name == "la_code" and value is not None:
            value = self.checked_la(value, unit)
        if value is None:
            self.unreadable(name, unit)
        return value

    def checked_la(self, code: str, unit: Unit) -> str | None:
        try:
            return check_la_code(code)
        except ValueError as error:
            self.draft.carry_reason(unit, f"not a current local authority code: {error}")
            self.draft.warn(unit, f"{error}; pass the owning council's code with --la-code", section="cover")
            return None

    def unreadable(self, name: str, unit: Unit) -> None:
        if name == "la_code":
            return
        what = {"date": "a date (formats " + ", ".join(self.codes.date_formats) + ")",
                "enum": "one of the column map's statuses (" + ", ".join(self.codes.statuses) + ")",
                "number": "a whole number from 1"}[PLAN_FIELDS[name][1]]
        shown = f" {unit.text!r}" if name in ("status", "version") else ""
        self.draft.carry_reason(unit, f"the {name} cell is not {what}")
        self.draft.warn(unit, f"the {name}{shown} is not {what}; carried over")

    def check_identifier(self, name: str, value: str, unit: Unit) -> None:
        """Note an identifier the model will refuse, without its value (it is carried over with the reason)."""
        label, check = _IDENTIFIER_CHECKS[name]
        try:
            check(value)
        except ValueError as error:
            self.draft.warn(unit, f"the {label} is not valid ({_why_invalid(str(error))}); it was kept out of the "
                                  "plan and carried over for a caseworker to correct", section="personal_details")

    # --- needs, outcomes and provision ---------------------------------------------------------------------------

    def need(self, item: Item, home: Home) -> str | None:
        """Return the pointer of the row's need (made once per reference, or per text), or ``None``."""
        text, ref = _first(item, "need"), _first(item, "need_reference")
        key = (
            ("ref:" + squash(ref.text).casefold()) if ref
            else ("text:" + squash(text.text).casefold()) if text
            else None
        )
        if key is None:
            return None
        known = self.needs.get((home.base, key))
        if known is None and text is None:
            self.draft.carry_reason(ref, f"need reference {squash(ref.text)!r} names no need text in this plan")
            return None
        if known is not None and (text is None or squash(text.text) == known[1]):
            pointer = known[0]
            if text is not None:
                self.draft.take(text, pointer=f"{pointer}/description")
        else:
            pointer = self.new_entry(f"{home.base}/needs", home.need_prefix, text)
            if known is not None:
                self.draft.warn(text, f"need reference {squash(ref.text)!r} has another need text here than in "
                                      "an earlier row; kept as a separate need")
            else:
                self.needs[(home.base, key)] = (pointer, squash(text.text))
        if ref is not None:
            self.draft.take(ref, how="enum", pointer=f"{pointer}/id")
        return pointer

    def outcome(self, item: Item, home: Home) -> str | None:
        """Return the pointer of the row's outcome (made once per text within its table), or ``None``."""
        text = _first(item, "outcome")
        if text is None:
            return None
        key = (home.base, squash(text.text).casefold())
        if key in self.outcomes:
            self.draft.take(text, pointer=f"{self.outcomes[key]}/description")
        else:
            self.outcomes[key] = self.new_entry(f"{home.base}/outcomes", "E", text)
        return self.outcomes[key]

    def provision(self, item: Item, place: Place) -> str | None:
        """Return the pointer of the row's provision entry (one per row), or ``None``."""
        home, text = place.home, _first(item, "provision")
        if text is None or home.provision_list is None:
            reason = place.reason if text is not None else "no provision text in this row"
            for kind in ("who", "ratio", "frequency", "duration", "provision"):
                if (unit := _first(item, kind)) is not None:
                    self.draft.carry_reason(unit, reason or "the row cannot be placed", home.letter)
            return None
        pointer = self.new_entry(home.provision_list, home.provision_prefix, text)
        written = [unit.text for kind in PROVISION_CELLS if (unit := _first(item, kind))]
        if len(written) > 1:
            self.draft.put(f"{pointer}/original_text", " | ".join(written))
        who = _first(item, "who")
        if who is not None:
            self.draft.put(f"{pointer}/provider_role", squash(who.text), unit=who)
        self.quantities(item, pointer, home.letter)
        return pointer

    def new_entry(self, pointer: str, prefix: str, unit: Unit) -> str:
        """Append an entry with the next id of ``prefix`` and ``unit``'s text as its description."""
        self.counts[prefix] += 1
        entry = self.draft.append(pointer, {"id": f"{prefix}-{self.counts[prefix]}"})
        self.draft.put(f"{entry}/description", unit.text, unit=unit)
        return entry

    def quantities(self, item: Item, pointer: str, letter: str | None) -> None:
        """Read how often and how long from the frequency and duration cells read together ("Daily" and
        "2 × 15-minute sessions": twice a day, 15 minutes), and the ratio or group size from the ratio cell, each
        only where :func:`parse_quantity` reads it without doubt; its refusals become notes on their cells."""
        cells = {kind: unit for kind in ("ratio", "frequency", "duration") if (unit := _first(item, kind))}
        when = [cells[kind] for kind in ("frequency", "duration") if kind in cells]
        parsed = {"when": parse_quantity(", ".join(unit.text for unit in when)) if when else None,
                  "ratio": parse_quantity(cells["ratio"].text) if "ratio" in cells else None}
        for source, units in (("when", when), ("ratio", [cells.get("ratio")])):
            for refusal in parsed[source].refusals if parsed[source] else ():
                unit = next((u for u in units if u and refusal.phrase in u.text), units[0])
                self.draft.warn(unit, f"{refusal.phrase!r} {refusal.reason}", section=letter, code="quantity")
        for name in QUANTITIES:
            sources = ("ratio", "when") if name in ("ratio", "group_size") else ("when", "ratio")
            value = next((getattr(parsed[s], name) for s in sources
                          if parsed[s] is not None and getattr(parsed[s], name) is not None), None)
            if value is not None:
                self.draft.put(f"{pointer}/{name}", _json(value))
        for unit in cells.values():
            self.draft.take(unit, pointer=f"{pointer}/original_text")

    def link(self, need: str | None, outcome: str | None, provision: str | None) -> None:
        """Tie the row's need to its provision and outcome by id."""
        if need is None:
            return
        for entry, key in ((provision, "provision_ids"), (outcome, "outcome_ids")):
            if entry is not None:
                ids = list(self.draft.get(f"{need}/{key}") or [])
                if self.draft.get(f"{entry}/id") not in ids:
                    self.draft.put(f"{need}/{key}", ids + [self.draft.get(f"{entry}/id")])

    def codes_taken(self, item: Item, place: Place, target: str | None) -> None:
        """Take the section and area cells as the codes that placed ``target`` (the row's provision, else need,
        else outcome); a row with nothing placed, or an area that does not fit its section, is carried over."""
        for kind in ("section", "area"):
            unit = _first(item, kind)
            if unit is None:
                continue
            if target is None:
                self.draft.carry_reason(unit, "nothing in this row was placed by it")
            elif kind == "area" and not place.area_fits:
                self.draft.carry_reason(unit, "the area does not fit the row's section", place.home.letter)
            else:
                self.draft.take(unit, how="enum", pointer=f"{target}/id")


def _first(item: Item, kind: str) -> Unit | None:
    units = item.cell(kind)
    return units[0] if units else None


def _json(value: Any) -> Any:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def _why_invalid(message: str) -> str:
    """Say why an identifier is invalid without repeating it."""
    if "check letter" in message:
        return "its check letter does not match its other characters"
    if "characters 2-4" in message:
        return "characters 2-4 are not a DfE local authority code"
    if "check" in message or "Modulus" in message:
        return "it fails its check digit"
    return "it does not have the shape of one"


def read_date(text: str, formats: Iterable[str]) -> str | None:
    """Return ``text`` as a CCYY-MM-DD date read with the first of ``formats`` that fits (a workbook's date cell
    is already CCYY-MM-DD, perhaps with a time of day), or ``None``."""
    value = squash(text)
    value = re.sub(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(?::00)?$", r"\1", value)
    for form in (*formats, "%Y-%m-%d"):
        try:
            return _dt.datetime.strptime(value, form).date().isoformat()
        except ValueError:
            continue
    return None


# --- items: one per row, one unit per cell -----------------------------------------------------------------------


def row_items(grid: Grid, header: Header, number: int, cells: list[str], place: Place,
              profile: Profile) -> tuple[list[Item], list[tuple[str, Unit]]]:
    """Return the row as items — its plan and child details (``row 5 › details``), then its content (``row 5``:
    section, area, need, outcome, provision…), so that what is carried over is only what failed — and the cells
    of columns the map does not name as (reason, unit) pairs to carry over one by one."""
    details: list[tuple[int, Unit]] = []
    content: list[tuple[int, Unit]] = []
    extra = []
    for column, text in enumerate(cells):
        if not text:
            continue
        unit = Unit(grid.location(number, header.name(column)), text, text)
        if header.field(column) is None:
            extra.append((f"column {header.name(column)!r} is not in the column map of profile {profile.name}",
                          unit))
        else:
            (details if header.field(column) in PLAN_FIELDS else content).append((column, unit))
    home = place.home
    section = (home.letter or ("D" if home.base == "/social_care" else None)) if home else None
    items = []
    if details:
        location = grid.location(number).child("details")
        items.append(_item(location, details, header, "personal_details", None, 1.0, "column"))
    if content:
        items.append(_item(grid.location(number), content, header, section, home.area if home else None,
                           1.0 if home else 0.0, "column" if home else "unplaced"))
    return items, extra


def _item(location: Location, cells: list[tuple[int, Unit]], header: Header, section: str | None, area: str | None,
          confidence: float, method: str) -> Item:
    kinds = tuple(header.field(column) for column, _ in cells)
    row = Row(tuple(Cell((Paragraph(unit.text, None, unit.location),), 1, None, unit.location, column)
                    for column, unit in cells), location)
    placement = LabelPlacement(location, "row", " | ".join(unit.text for _, unit in cells), section, None, area,
                          confidence, None, method, columns=kinds)
    return Item(placement, row, tuple((unit,) for _, unit in cells), kinds)


__all__ = ["PLAN_FIELDS", "PROVISION_CELLS", "QUANTITIES", "ROW_FIELDS", "PlanMapper", "read_date", "row_items"]
