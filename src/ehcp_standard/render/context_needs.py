"""Template context for the needs tables (B–F–E areas, C–G–E, D–H1–H2–E): one row per need, with the provision and
outcomes it names, and a last row for entries no need in the table refers to."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .._wording import (
    NO_HEALTH_NEEDS_SENTENCE,
    NO_NEEDS_LISTED,
    NO_SOCIAL_CARE_NEEDS_SENTENCE,
    NOT_SPECIFIED,
    TABLE_NOT_RECORDED,
)
from ..model.codes import FrequencyPeriod, SectionLetter, label
from ..model.needs import NO_NEEDS_SENTENCE, Need, SocialCareSection
from ..model.outcomes import Outcome
from ..model.plan import Plan
from ..model.provision import HealthProvision, Provision
from .fields import Field, date_text, field_list, labelled, yes_no_if
from .text import Paragraph, escape_once, paragraphs, xml_text

#: The first bookmark id of the entries' home bookmarks (the template's own headings use 1, 2, 3...).
FIRST_HOME_BOOKMARK_ID = 1000


class PlanIndex:
    """Every need, provision entry and outcome of a plan by id, rendered once each (a shared outcome is the same
    object in every row that names it, except that where it is first printed its id carries its home bookmark)."""

    def __init__(self, plan: Plan):
        provision, outcomes = list(plan.provision()), list(plan.outcomes())
        self.provision: dict[str, tuple[SectionLetter, Provision]] = {
            item.id: (letter, item) for _, letter, item in provision
        }
        self.outcomes: dict[str, Outcome] = {outcome.id: outcome for _, outcome in outcomes}
        self.homes: dict[str, str] = {
            item.id: home_bookmark(letter.value, where) for where, letter, item in provision
        } | {outcome.id: home_bookmark("E", where) for where, outcome in outcomes}
        self._rendered: dict[str, dict[str, Any]] = {}

    def provision_context(self, item_id: str) -> dict[str, Any]:
        """Return the context of provision entry ``item_id`` (rendered on first use, with its home bookmark)."""
        if item_id not in self._rendered:
            self._rendered[item_id] = provision_context(self.provision[item_id][1])
            return self._first(item_id)
        return self._rendered[item_id]

    def outcome_context(self, item_id: str) -> dict[str, Any]:
        """Return the context of outcome ``item_id`` (rendered on first use, with its home bookmark)."""
        if item_id not in self._rendered:
            self._rendered[item_id] = outcome_context(self.outcomes[item_id])
            return self._first(item_id)
        return self._rendered[item_id]

    def _first(self, item_id: str) -> dict[str, Any]:
        bookmark_id = FIRST_HOME_BOOKMARK_ID + len(self._rendered)
        context = self._rendered[item_id]
        return {**context, "id": bookmarked(context["id"], self.homes[item_id], bookmark_id)}


def home_bookmark(letter: str, where: str) -> str:
    """Return the home bookmark of the entry at JSON pointer ``where`` (e.g. ``/health/outcomes/2``) in column
    ``letter``: ``ehcp_<f|g|h1|h2|e>_<table>_<position>``, as ``read.needs.HOME_BOOKMARK`` reads it."""
    parts = where.split("/")
    return f"ehcp_{letter.lower()}_{parts[-3]}_{parts[-1]}"


def bookmarked(text: Markup, name: str, bookmark_id: int) -> Markup:
    """Return the text of a run (``<w:r><w:t>…</w:t></w:r>``) wrapped in a bookmark called ``name``: the run is
    closed, the bookmark started, the text put in a run of its own, the bookmark ended and a run reopened."""
    start = f'</w:t></w:r><w:bookmarkStart w:id="{bookmark_id}" w:name="{name}"/><w:r><w:t xml:space="preserve">'
    end = f'</w:t></w:r><w:bookmarkEnd w:id="{bookmark_id}"/><w:r><w:t xml:space="preserve">'
    return Markup("".join((start, escape_once(text), end)))  # as Markup(start) + text + Markup(end)


def needs_table_context(index: PlanIndex, table: Any, no_needs_sentence: str, columns: dict[str, set]) -> dict:
    """Return the context of a needs table: ``strengths``, ``rows`` and ``notice`` paragraphs. ``columns`` maps
    each provision column's key to the section letters it holds (e.g. ``{"h1": {H1}, "h2": {H2}}``)."""
    if table is None:
        return {"strengths": paragraphs(None), "rows": [], "notice": paragraphs(TABLE_NOT_RECORDED)}
    rows = [_need_row(index, need, columns) for need in table.needs]
    orphan = _orphan_row(index, table, columns)
    return {
        "strengths": paragraphs(table.strengths),
        "rows": rows + ([orphan] if orphan else []),
        "notice": _notice(table, no_needs_sentence),
    }


def _notice(table: Any, sentence: str) -> list[Paragraph]:
    lines: list[Paragraph] = []
    if table.no_identified_needs:
        lines += paragraphs(sentence)
    elif not table.needs:
        lines += paragraphs(NO_NEEDS_LISTED)
    if table.no_needs_statement:
        lines += paragraphs(table.no_needs_statement)
    return lines


def _need_row(index: PlanIndex, need: Need, columns: dict[str, set]) -> dict[str, Any]:
    row: dict[str, Any] = {"need": need_context(need)}
    for key, letters in columns.items():
        row[key] = [index.provision_context(i) for i in need.provision_ids if index.provision[i][0] in letters]
    row["outcomes"] = [index.outcome_context(i) for i in need.outcome_ids]
    return row


def _orphan_row(index: PlanIndex, table: Any, columns: dict[str, set]) -> dict[str, Any] | None:
    linked = {i for need in table.needs for i in (*need.provision_ids, *need.outcome_ids)}
    provision = [p for p in _table_provision(table) if p.id not in linked]
    outcomes = [o for o in table.outcomes if o.id not in linked]
    if not provision and not outcomes:
        return None
    row: dict[str, Any] = {"need": None}
    for key, letters in columns.items():
        row[key] = [index.provision_context(p.id) for p in provision if index.provision[p.id][0] in letters]
    row["outcomes"] = [index.outcome_context(o.id) for o in outcomes]
    return row


def _table_provision(table: Any) -> tuple[Provision, ...]:
    if isinstance(table, SocialCareSection):  # not hasattr: a pydantic model's failed lookup is slow
        return (*table.h1_provision, *table.h2_provision)
    return table.provision


def need_context(need: Need) -> dict[str, Any]:
    """Return the context of a need: id, optional title, text, SEN types and original wording."""
    sen_types = "; ".join(f"{label(t)} ({t.value})" for t in need.sen_types)
    return {
        "id": xml_text(need.id),
        "title": xml_text(need.title),
        "text": paragraphs(need.description),
        "fields": field_list([("SEN types", sen_types)]),
        "original": labelled(need.original_text),
    }


def provision_context(item: Provision) -> dict[str, Any]:
    """Return the context of a provision entry: the five prompts, then the other details that are set."""
    return {
        "id": xml_text(item.id),
        "what": labelled(item.description),
        "who": xml_text(_who(item)),
        "ratio": xml_text(_ratio(item)),
        "often": xml_text(_often(item)),
        "duration": xml_text(_duration(item)),
        "fields": _provision_fields(item),
        "original": labelled(item.original_text),
    }


def _who(item: Provision) -> str:
    if item.provider_role and item.qualification:
        return f"{item.provider_role} ({item.qualification})"
    if item.qualification:
        return f"{NOT_SPECIFIED} ({item.qualification})"
    return item.provider_role or NOT_SPECIFIED


def _ratio(item: Provision) -> str:
    parts = []
    if item.ratio:
        parts.append(f"{item.ratio.staff}:{item.ratio.learners}")
    if item.group_size:
        parts.append(f"group of {item.group_size}")
    return ", ".join(parts) or NOT_SPECIFIED


def _often(item: Provision) -> str:
    if item.frequency is None:
        return NOT_SPECIFIED
    count, period = item.frequency.count, item.frequency.period
    if period is FrequencyPeriod.ONE_OFF:
        return label(period) if count == 1 else f"{count} times in all ({label(period)})"
    return f"{count} {'time' if count == 1 else 'times'} {label(period)}"


def _duration(item: Provision) -> str:
    minutes = item.duration_minutes
    if minutes is None:
        return NOT_SPECIFIED
    return f"{minutes} {'minute' if minutes == 1 else 'minutes'} each time"


def _provision_fields(item: Provision) -> list[Field]:
    hours = f"{hours_text(item.hours.hours)} hours {label(item.hours.period)}" if item.hours else None
    pfa = "; ".join(label(d) for d in item.pfa_domains)
    pairs: list[tuple[str, Any]] = [
        ("Hours", hours),
        ("Term time only", yes_no_if(item.term_time_only)),
        ("Start date", date_text(item.start)),
        ("End date", date_text(item.end)),
        ("Where it is delivered", item.delivery_setting),
        ("Prepares for adulthood", "YES" if item.preparing_for_adulthood else None),
        ("Preparing for adulthood domains", pfa),
        ("Funded through a personal budget", "YES" if item.funded_by_personal_budget else None),
    ]
    if isinstance(item, HealthProvision) and item.commissioner_agreement:
        agreement = item.commissioner_agreement
        pairs += [("Agreed by the commissioning body", agreement.body), ("Date agreed", date_text(agreement.date))]
    return field_list(pairs)


def hours_text(hours: float) -> str:
    """Return a number of hours written exactly: "25" or "2.5" when that is the number, else its ``repr``
    ("0.30000000000000004"), so a reader gets back the same float."""
    short = f"{hours:g}"
    return short if float(short) == hours else repr(hours)


def outcome_context(outcome: Outcome) -> dict[str, Any]:
    """Return the context of an outcome: id, text, time frame, PfA domain and whether it is for education."""
    frame = outcome.time_frame
    pairs = [
        ("By (key stage or phase)", frame.by_phase if frame else None),
        ("By (date)", date_text(frame.by_date) if frame else None),
        ("Preparing for adulthood domain", label(outcome.pfa_domain) if outcome.pfa_domain else None),
        ("Education or training outcome", yes_no_if(outcome.education_or_training)),
    ]
    return {
        "id": xml_text(outcome.id),
        "text": paragraphs(outcome.description),
        "fields": field_list(pairs),
        "original": labelled(outcome.original_text),
    }


def needs_contexts(plan: Plan) -> dict[str, Any]:
    """Return the ``areas``, ``health`` and ``social_care`` parts of the template context."""
    index = PlanIndex(plan)
    sen = plan.special_educational_needs
    f_column = {"provision": {SectionLetter.F}}
    areas = {
        area.value: needs_table_context(index, table, NO_NEEDS_SENTENCE, f_column)
        for area, table in (sen.areas() if sen else [])
    }
    if sen is None:
        areas = {key: needs_table_context(index, None, NO_NEEDS_SENTENCE, f_column) for key in _AREA_KEYS}
    return {
        "areas": areas,
        "health": needs_table_context(index, plan.health, NO_HEALTH_NEEDS_SENTENCE, {"provision": {SectionLetter.G}}),
        "social_care": needs_table_context(
            index, plan.social_care, NO_SOCIAL_CARE_NEEDS_SENTENCE, {"h1": {SectionLetter.H1}, "h2": {SectionLetter.H2}}
        ),
    }


_AREA_KEYS = ("communication_interaction", "cognition_learning", "semh", "sensory_physical")
