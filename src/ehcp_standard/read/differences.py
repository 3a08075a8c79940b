"""Where the embedded plan and the visible layout disagree, section by section.

Two kinds of difference are reported, and told apart:

- ``edited``: the page no longer shows what the embedded plan holds, as the layout would print it. Someone
  changed the document after it was rendered (or another system re-saved it with changes).
- ``not_shown``: the embedded plan holds something the visible layout cannot show (``projection`` lists what),
  so the plan read from the page alone would differ there. Nobody edited anything; the report says so rather
  than guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..model import Plan
from ..model.codes import AreaOfNeed, label
from .projection import visible_form

Kind = Literal["edited", "not_shown"]


class _Missing:
    """The value of a difference's side that has nothing there."""

    def __repr__(self) -> str:
        return "(nothing)"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Difference:
    """One place where the embedded plan and the visible layout disagree: the section (letter such as "B" or
    "H1", or a block name such as "personal_details") and its name, the JSON pointer, each side's value
    (``MISSING`` where a side has nothing), and whether it is an edit or something the page cannot show."""

    section: str
    section_name: str
    pointer: str
    embedded: Any
    visible: Any
    kind: Kind = "edited"
    note: str | None = None

    def __str__(self) -> str:
        what = "edited" if self.kind == "edited" else f"not shown on the page: {self.note}"
        return (f"{self.section_name} ({what}) {self.pointer}: embedded {_show(self.embedded)}, "
                f"visible {_show(self.visible)}")

    def as_dict(self) -> dict[str, Any]:
        """Return the difference as a JSON-ready dict (a side with nothing is left out)."""
        data = {"section": self.section, "section_name": self.section_name, "pointer": self.pointer,
                "kind": self.kind, "embedded": self.embedded, "visible": self.visible, "note": self.note}
        return {key: value for key, value in data.items() if value is not MISSING and value is not None}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def compare(embedded: Plan, visible: Plan) -> list[Difference]:
    """Return where ``visible`` differs from what the page should show of ``embedded`` (``edited``), then what
    the page cannot show of ``embedded`` (``not_shown``)."""
    shown = visible_form(embedded)
    data, shown_data, visible_data = (_json(p) for p in (embedded, shown, visible))
    edited = [_difference(*found, "edited") for found in diff_json(shown_data, visible_data)]
    not_shown = [_difference(*found, "not_shown") for found in diff_json(data, shown_data)]
    return edited + not_shown


def _json(plan: Plan) -> Any:
    return plan.model_dump(mode="json", exclude_none=True)


def _difference(pointer: str, left: Any, right: Any, kind: Kind) -> Difference:
    letter, name = section_of(pointer)
    return Difference(letter, name, pointer, left, right, kind, why_not_shown(pointer, left, right)
                      if kind == "not_shown" else None)


def why_not_shown(pointer: str, embedded: Any, shown: Any) -> str:
    """Return which limit of the visible layout (``projection``'s list) a ``not_shown`` difference comes from."""
    last = pointer.rsplit("/", 1)[-1]
    if pointer.startswith("/extensions"):
        return "a local extension's JSON type or nesting does not show on the page (item 7)"
    if isinstance(embedded, str) and isinstance(shown, str):
        return "the kind of line break, and blank lines at the start or the end, do not show on the page (items 1-2)"
    if last in ("provider_role", "qualification"):
        return "'Who' is printed as 'role (qualification)' and cannot always be split back (item 5)"
    if pointer.startswith("/placement"):
        return "a draft's section I shows no placement, and an empty section I shows like a missing one (item 3)"
    if embedded is MISSING and pointer in ("/services", "/section_a", "/special_educational_needs", "/advice"):
        return "an empty section shows the same as a missing one (item 3)"
    if "/provision_ids" in pointer:
        return "a D need's provision is read H1 first, then H2 (item 4)"
    return "an entry named by needs in several tables, or its order in its table, does not show on the page (item 4)"


# -- comparing JSON ------------------------------------------------------------------------------------------------


def diff_json(left: Any, right: Any, pointer: str = "") -> list[tuple[str, Any, Any]]:
    """Return (JSON pointer, left value, right value) for each place ``left`` and ``right`` differ. Lists of
    entries with ids are matched by id (an entry moved or removed is one difference, not a cascade)."""
    if left == right:
        return []
    if isinstance(left, dict) and isinstance(right, dict):
        keys = [*left, *(key for key in right if key not in left)]
        return [d for key in keys for d in diff_json(left.get(key, MISSING), right.get(key, MISSING),
                                                     f"{pointer}/{_escape(key)}")]
    if isinstance(left, list) and isinstance(right, list):
        return _diff_keyed(left, right, pointer) if _keyed(left) and _keyed(right) else \
            _diff_lists(left, right, pointer)
    return [(pointer, left, right)]


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _keyed(items: list) -> bool:
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    return bool(items) and None not in ids and len(set(ids)) == len(ids)


def _diff_lists(left: list, right: list, pointer: str) -> list[tuple[str, Any, Any]]:
    found = []
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else MISSING
        b = right[index] if index < len(right) else MISSING
        found += diff_json(a, b, f"{pointer}/{index}")
    return found


def _diff_keyed(left: list, right: list, pointer: str) -> list[tuple[str, Any, Any]]:
    by_id = {item["id"]: (index, item) for index, item in enumerate(right)}
    found = []
    for index, item in enumerate(left):
        match = by_id.get(item["id"])
        found += diff_json(item, match[1], f"{pointer}/{index}") if match else [(f"{pointer}/{index}", item, MISSING)]
    left_ids = {item["id"] for item in left}
    found += [(f"{pointer}/{i}", MISSING, item) for i, item in enumerate(right) if item["id"] not in left_ids]
    common_left = [item["id"] for item in left if item["id"] in by_id]
    common_right = [item["id"] for item in right if item["id"] in left_ids]
    if common_left != common_right:
        found.append((pointer, common_left, common_right))  # the same entries, in another order
    return found


# -- sections --------------------------------------------------------------------------------------------------------

_TOP = {
    "schema_version": ("plan_details", "Plan details"),
    "personal_details": ("personal_details", "Child or young person's personal details"),
    "main_contacts": ("main_contacts", "Main contact details"),
    "services": ("services", "Services currently involved with this child or young person"),
    "shorter_term_targets": ("E", "E – How shorter-term targets will be set"),
    "placement": ("I", "I – Placement"),
    "personal_budget": ("J", "J – Direct Payments"),
    "advice": ("K", "K – The advice and information gathered during the EHC needs assessment"),
    "sign_off": ("sign_off", "Sign-off"),
    "carried_over": ("carried_over", "Appendix – Content carried over from the previous plan"),
    "extensions": ("extensions", "Appendix – Local extensions"),
}
_A = {"a1": ("A1", "A1 – Summary of the child or young person's history"),
      "a2": ("A2", "A2 – Summary of the views, interests and aspirations")}
_RECORD = ("history", "events", "timescale_exceptions")
_HEALTH = {"provision": ("G", "G – Health care provision"), "outcomes": ("E", "E – Outcomes (health)")}
_SOCIAL = {"h1_provision": ("H1", "H1 – Social care provision under CSDPA 1970 s.2"),
           "h2_provision": ("H2", "H2 – Other social care provision"),
           "outcomes": ("E", "E – Outcomes (social care)")}


def section_of(pointer: str) -> tuple[str, str]:
    """Return (section, its name) for a JSON pointer into a plan, e.g. ("F", "F – Special Educational Provision
    (Communication and interaction)")."""
    parts = pointer.split("/")[1:] or [""]
    top, rest = parts[0], parts[1:]
    if top == "metadata":
        if rest and rest[0] in _RECORD:
            return "plan_record", "Appendix – Plan record"
        return "plan_details", "Plan details"
    if top == "section_a":
        return _A.get(rest[0], ("A", "A – Views, interests and aspirations")) if rest else \
            ("A", "A – Views, interests and aspirations")
    if top == "special_educational_needs":
        return _sen_section(rest)
    if top == "health":
        return _HEALTH.get(rest[0] if rest else "", ("C", "C – Health care needs"))
    if top == "social_care":
        return _SOCIAL.get(rest[0] if rest else "", ("D", "D – Social care needs"))
    return _TOP.get(top, ("plan", "The plan as a whole"))


def _sen_section(rest: list[str]) -> tuple[str, str]:
    area = next((a for a in AreaOfNeed if rest and rest[0] == a.value), None)
    if area is None:
        return "B", "B, F and E – Special Educational Needs and Provision"
    column = rest[1] if len(rest) > 1 else ""
    if column == "provision":
        return "F", f"F – Special Educational Provision ({label(area)})"
    if column == "outcomes":
        return "E", f"E – Outcomes ({label(area)})"
    return "B", f"B – Special Educational Needs ({label(area)})"
