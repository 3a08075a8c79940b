"""Settling what :class:`~._needs_reader.Reader` read, once the whole plan has been read: needs and outcomes
written in provision rows, a mixed "health and social care" outcomes list, stray paragraphs among listed
needs, and which "no needs" or "none" statements stand.
"""

from __future__ import annotations

import re

from ._needs_links import best_need
from ._needs_records import HEALTH, SOCIAL_CARE, NeedsTable, Outcome, Records, Statement
from ._needs_split import new_needs
from .draft import Draft, squash

_WORD = re.compile(r"[a-z]{3,}")
#: Words that mark an outcome as health or as social care, where a heading holds both.
HEALTH_WORDS = ("health medical medication medicine nurse doctor hospital clinic therapy therapist sleep "
                "asleep dry continence toilet toileting inhaler asthma epilepsy seizure implant hearing "
                "diet eating weight camhs appointment paediatrician")
SOCIAL_CARE_WORDS = ("social family parents mum dad friends friendship community club youth breaks home "
                     "carer travel activities worker respite leisure")
_STOP = frozenset(re.findall(r"\w+", "the and for with her his him their them she they will have has are "
                             "was were this that from into when about all any can not but who what which "
                             "each per than more less most one two three four five six seven eight nine "
                             "ten very often also out over under after before been being does did use used "
                             "uses make made its our your"))


# --- settling: rows, mixed lists, stray paragraphs, statements ----------------------------------------------


def resolve_rows(records: Records) -> None:
    """A need or outcome written in a provision row is the one already listed in B or E when the text matches
    (the row then links them); otherwise it is a new need or outcome of the table, read from that cell."""
    for provision in records.provision:
        if provision.need_cell:
            text = "\n".join(unit.text for unit in provision.need_cell)
            need = best_need(text, [n for n in records.needs if n.table == provision.table])
            if need is None:
                made = new_needs(provision.table, provision.item, provision.need_cell, -1)
                records.needs += made
                provision.rest = [u for u in provision.rest if u not in provision.need_cell]
                need = made[0] if made else None
            provision.row_need = need
        for unit in provision.outcome_cells:
            outcome = next((o for o in records.outcomes if o.table == provision.table
                            and squash(o.text) == squash(unit.text)), None)
            if outcome is None:
                outcome = Outcome(provision.table, provision.item, unit)
                records.outcomes.append(outcome)
                provision.rest.remove(unit)
            provision.row_outcomes.append(outcome)


def place_mixed_outcomes(records: Records, draft: Draft) -> None:
    """A "Health and social care outcomes" list: each outcome goes to the table whose needs and provision (and
    whose usual words: "sleep", "medication"; "friends", "club") it shares the most words with — or to the
    only one of the two that lists needs — with a note to confirm."""
    listed = {need.table for need in records.needs}
    health, social = _vocabulary(records, HEALTH), _vocabulary(records, SOCIAL_CARE)
    health, social = (health - social) | _words(HEALTH_WORDS), (social - health) | _words(SOCIAL_CARE_WORDS)
    for outcome in records.outcomes:
        if outcome.table is not None:
            continue
        words = _words(outcome.text)
        if (HEALTH in listed) != (SOCIAL_CARE in listed):
            outcome.table = HEALTH if HEALTH in listed else SOCIAL_CARE
        else:
            outcome.table = HEALTH if len(words & health) >= len(words & social) else SOCIAL_CARE
        draft.warn(outcome.unit, f"under a heading for both health and social care outcomes: placed in "
                   f"{outcome.table.name} by its wording; a caseworker must confirm", section="E",
                   code="placed_by_wording")


def _vocabulary(records: Records, table: NeedsTable) -> set[str]:
    texts = [text for need in records.needs if need.table == table for _, text in need.pieces]
    texts += [u.text for p in records.provision if p.table == table for u in p.text]
    return {word for text in texts for word in _words(text)}


def _words(text: str) -> set[str]:
    return {word.rstrip("s") for word in _WORD.findall(text.casefold()) if word not in _STOP}


def drop_stray_paragraphs(records: Records, draft: Draft) -> None:
    """Where needs are a bulleted list, a plain paragraph among them is not a need ("The reports listed in
    Section K have been used…"): it is left to be carried over."""
    listed = {need.group for need in records.needs if need.item.kind == "list_item"}
    kept = []
    for need in records.needs:
        if need.group in listed and need.item.kind == "paragraph":
            for unit, _ in need.pieces:
                draft.carry_reason(unit, "a paragraph among a list of needs, not itself one of them",
                                   need.table.letter)
        else:
            kept.append(need)
    records.needs = kept


def settle_statements(records: Records, draft: Draft) -> None:
    """A no-needs statement stands only where its table lists no needs, and a "none" statement in E, F, G, H1
    or H2 then joins it. Anything else is carried over with the reason: a "none" where the table has needs is
    shown in the standard plan by an empty list, so it is kept, unsuggested, only so that its wording is not
    lost."""
    with_needs = {need.table for need in records.needs}
    flagged = {s.table for s in records.statements if s.kind == "no_needs" and s.table not in with_needs}
    kept = []
    for statement in records.statements:
        if statement.table in flagged:
            kept.append(statement)
        elif statement.kind == "no_needs":
            draft.carry_reason(statement.unit, "says there are no needs here, yet needs are listed",
                               statement.section)
        elif _lists_something(records, statement):
            draft.carry_reason(statement.unit, f"says there is nothing in {statement.section}, yet something "
                               "is listed there", statement.section)
        else:
            draft.carry_reason(statement.unit, f"says there is nothing in {statement.section} of "
                               f"{statement.table.name}; the standard plan shows that by an empty list", None)
    records.statements = kept


def _lists_something(records: Records, statement: Statement) -> bool:
    if statement.section == "E":
        return any(outcome.table == statement.table for outcome in records.outcomes)
    return any(p.table == statement.table and p.letter == statement.section for p in records.provision)


__all__ = ["HEALTH_WORDS", "SOCIAL_CARE_WORDS", "drop_stray_paragraphs", "place_mixed_outcomes",
           "resolve_rows", "settle_statements"]
