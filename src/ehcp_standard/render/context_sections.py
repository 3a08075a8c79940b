"""Template context for sections I, J and K, the sign-off and the appendices."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .._wording import (
    BUDGET_NOT_APPLICABLE,
    BUDGET_NOT_RECORDED,
    FIRST_VERSION,
    MAIN_PLACEMENT,
    NO_PLACEMENT,
    NONE_RECORDED,
    PLACEMENT_DRAFT_NOTICE,
)
from ..model.codes import AdviceType, PlanStatus, SectionLetter, label
from ..model.metadata import EVENT_LABELS
from ..model.plan import Plan
from .fields import authority_text, code_text, date_text, field_list, yes_no_if
from .text import paragraphs, xml_text

#: The fixed rows of the K table, after the free rows, in the template's order (EHCP-STANDARD.md §3 block 12).
FIXED_ADVICE = (
    AdviceType.MEDICAL,
    AdviceType.EDUCATIONAL_PSYCHOLOGIST,
    AdviceType.SOCIAL_CARE,
    AdviceType.LA_OTHER,
    AdviceType.PREPARING_FOR_ADULTHOOD,
    AdviceType.PARENT_REQUESTED,
)
SECTION_NAMES = {SectionLetter.PERSONAL_DETAILS: "Personal details", SectionLetter.OTHER: "Other"}


def placement_context(plan: Plan) -> dict[str, Any]:
    """Section I: one row per placement, or a notice; always blank in a draft (s.38(5))."""
    if plan.metadata.status is PlanStatus.DRAFT:
        return {"rows": [], "notice": paragraphs(PLACEMENT_DRAFT_NOTICE)}
    placements = plan.placement.placements if plan.placement else ()
    rows = [_placement_row(p) for p in placements]
    return {"rows": rows, "notice": [] if rows else paragraphs(NO_PLACEMENT)}


def _placement_row(placement: Any) -> dict[str, Any]:
    pairs = [
        ("Attendance pattern", code_text(placement.attendance_pattern)),
        ("URN", placement.urn),
        ("UKPRN", placement.ukprn),
        ("SEN setting (SEN2)", code_text(placement.sen_setting, with_code=True)),
        ("Other setting", placement.sen_setting_other),
        ("Placement rank", f"{placement.rank}{MAIN_PLACEMENT}" if placement.rank == 1 else str(placement.rank)),
        ("Entry date", date_text(placement.entry_date)),
        ("Leaving date", date_text(placement.leaving_date)),
        ("SEN unit", "YES" if placement.sen_unit else None),
        ("Resourced provision", "YES" if placement.resourced_provision else None),
        ("Work-based learning", "YES" if placement.work_based else None),
    ]
    return {"name": xml_text(placement.name), "type": xml_text(placement.type), "fields": field_list(pairs)}


def budget_context(plan: Plan) -> dict[str, Any]:
    """Section J: notice, details, arrangements and budget items."""
    budget = plan.personal_budget
    if budget is None:
        return {"notice": paragraphs(BUDGET_NOT_RECORDED), "details": paragraphs(None),
                "arrangements": paragraphs(None), "budget_items": []}
    return {
        "notice": paragraphs(BUDGET_NOT_APPLICABLE) if budget.not_applicable else [],
        "details": paragraphs(budget.details),
        "arrangements": paragraphs(budget.arrangements),
        "budget_items": [_budget_item(item) for item in budget.items],
    }


def _budget_item(item: Any) -> dict[str, Any]:
    pairs = [
        ("Mechanism", code_text(item.mechanism)),
        ("Paid from", date_text(item.start)),
        ("Paid until", date_text(item.end)),
        ("Paid to", item.provider),
        ("Funds a school or post-16 place", "YES" if item.funds_institution_place else None),
        ("Head teacher or principal agrees", yes_no_if(item.head_teacher_agreement)),
    ]
    meets = [("Needs", ", ".join(item.need_ids)), ("Outcomes", ", ".join(item.outcome_ids))]
    return {
        "id": xml_text(item.id),
        "fields": field_list(pairs),
        "amount": xml_text(_amount(item.amount_pence, item.period)),
        "funds": paragraphs(item.funds),
        "meets": field_list(meets),
    }


def _amount(pence: int | None, period: Any) -> str:
    if pence is None:
        return NONE_RECORDED if period is None else label(period)
    money = f"£{pence // 100:,}.{pence % 100:02d}"
    return f"{money} {label(period)}" if period else money


def advice_context(plan: Plan) -> dict[str, Any]:
    """Section K: the entries in the plan's order, then each fixed row of the template that no entry fills."""
    entries = plan.advice.entries if plan.advice else ()
    present = {entry.advice_type for entry in entries}
    rows = [_advice_row(entry) for entry in entries]
    rows += [_fixed_row(kind) for kind in FIXED_ADVICE if kind not in present]
    return {"rows": rows}


def _advice_row(entry: Any) -> dict[str, Any]:
    pairs = [
        ("Kind of advice (Regs 6(1))", code_text(entry.advice_type)),
        ("Date requested", date_text(entry.date_requested)),
        ("Existing advice reused (Regs 6(4))", "YES" if entry.existing_advice_reused else None),
    ]
    return {
        "id": xml_text(entry.id),
        "description": paragraphs(entry.description),
        "fields": field_list(pairs),
        "date_received": xml_text(date_text(entry.date_received)),
        "who_from": xml_text(entry.who_from),
        "who_fields": field_list([("Role", entry.role)]),
        "appended": xml_text(yes_no_if(entry.appended)),
    }


def _fixed_row(kind: AdviceType) -> dict[str, Any]:
    empty = xml_text(None)
    return {"id": empty, "description": paragraphs(label(kind)), "fields": [], "date_received": empty,
            "who_from": empty, "who_fields": [], "appended": empty}


def sign_off_context(plan: Plan) -> dict[str, Any]:
    """Sign-off: officer name, role, signature and date."""
    sign_off = plan.sign_off
    values = {"officer_name": None, "role": None, "signature": None, "date": None}
    if sign_off:
        values = {"officer_name": sign_off.officer_name, "role": sign_off.role, "signature": sign_off.signature,
                  "date": date_text(sign_off.date)}
    return {key: xml_text(value) for key, value in values.items()}


def appendix_context(plan: Plan, record: dict[str, Any]) -> dict[str, Any]:
    """The appendices: carried-over content, whether to show the plan ``record`` (when it has any entry) and
    local extensions."""
    shown = any(record[part]["rows"] for part in ("history", "events", "exceptions"))
    return {
        "carried_over": [_carried_over_row(item) for item in plan.carried_over],
        "record": shown,
        "extensions": extension_rows(plan.extensions),
    }


def _carried_over_row(item: Any) -> dict[str, Any]:
    source = [("File", item.source.file), ("Location", item.source.location), ("Under heading", item.source.heading)]
    section = item.suggested_section
    return {
        "text": paragraphs(item.text),
        "source": field_list(source),
        "reason": xml_text(item.reason),
        "suggested_section": xml_text(SECTION_NAMES.get(section, section.value) if section else None),
    }


def record_context(plan: Plan) -> dict[str, Any]:
    """The plan record: version history, statutory events and exceptions to the 20-week limit."""
    meta = plan.metadata
    history = [_history_row(record) for record in meta.history]
    events = [_event_row(event) for event in meta.events]
    exceptions = [_exception_row(item) for item in meta.timescale_exceptions]
    return {
        "history": {"rows": history, "notice": [] if history else paragraphs(FIRST_VERSION)},
        "events": {"rows": events, "notice": [] if events else paragraphs(NONE_RECORDED)},
        "exceptions": {"rows": exceptions, "notice": [] if exceptions else paragraphs(NONE_RECORDED)},
    }


def _history_row(record: Any) -> dict[str, Any]:
    return {
        "version": xml_text(record.version),
        "status": xml_text(code_text(record.status)),
        "issued": xml_text(date_text(record.issued)),
        "superseded": xml_text(date_text(record.superseded)),
        "summary": paragraphs(record.summary),
        "sha256": xml_text(record.content_sha256),
    }


def _event_row(event: Any) -> dict[str, Any]:
    pairs = [
        ("Note", _field(event, "note")),
        ("Advice entry", _field(event, "advice_id")),
        ("Review outcome", code_text(_field(event, "outcome"))),
        ("Date of the review meeting", date_text(_field(event, "review_meeting"))),
        ("Other local authority", authority_text(_field(event, "other_la"))),
        ("Date of the move", date_text(_field(event, "move_date"))),
        ("Date the old LA learned of the move", date_text(_field(event, "notice_date"))),
        ("Cease reason", code_text(_field(event, "reason"))),
    ]
    return {
        "date": xml_text(date_text(event.date)),
        "event": xml_text(EVENT_LABELS.get(event.type, event.type)),
        "fields": field_list(pairs),
    }


def _field(model: Any, name: str) -> Any:
    """Return the field ``name`` of a pydantic ``model``, or ``None`` if its kind has no such field (as
    ``getattr(model, name, None)``, without the cost of a pydantic model's failed attribute lookup)."""
    return getattr(model, name) if name in type(model).model_fields else None


def _exception_row(item: Any) -> dict[str, Any]:
    return {
        "reason": xml_text(code_text(item.reason)),
        "start": xml_text(date_text(item.start)),
        "end": xml_text(date_text(item.end)),
        "note": paragraphs(item.note),
    }


def extension_rows(extensions: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return one row per value in the local extensions: its path ("namespace › key › 0") and the value."""
    rows: list[dict[str, Any]] = []
    for namespace, value in extensions.items():
        _flatten(value, [namespace], rows)
    return rows


def _flatten(value: Any, path: list[str], rows: list[dict[str, Any]]) -> None:
    if isinstance(value, Mapping) and value:
        for key, item in value.items():
            _flatten(item, [*path, key], rows)
    elif isinstance(value, (tuple, list)) and value:
        for index, item in enumerate(value):
            _flatten(item, [*path, str(index)], rows)
    else:
        text = value if isinstance(value, str) else json.dumps(_plain(value), ensure_ascii=False)
        rows.append({"path": xml_text(" › ".join(path)), "value": paragraphs(text)})


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple):
        return list(value)
    return value
