"""Writing the settled, numbered records into the draft: strengths, needs, outcomes, provision, "no needs"
statements and short-term steps, each unit recorded in the draft's ledger.
"""

from __future__ import annotations

import re

from ..model.needs import NO_NEEDS_SENTENCE
from ..model.types import SHORT_TEXT_MAX_LENGTH
from ._needs_links import ref_key
from ._needs_prompts import prompts, wording_and_tail
from ._needs_records import Need, Outcome, Provision, Records, Statement
from .draft import Draft, squash

#: Where each provision section's entries go, under their table.
PROVISION_FIELD = {"F": "provision", "G": "provision", "H1": "h1_provision", "H2": "h2_provision"}
_BY_PHASE = re.compile(r"^By (the end of [^,]{3,120}?),")


# --- writing ------------------------------------------------------------------------------------------------


def write(records: Records, draft: Draft) -> None:
    """Write the strengths, needs, outcomes, provision, statements and short-term steps into ``draft``."""
    for table, unit in records.strengths:
        draft.add_text(f"{table.pointer}/strengths", unit)
    for need in records.needs:
        _write_need(need, draft)
    for outcome in records.outcomes:
        _write_outcome(outcome, draft)
    for provision in records.provision:
        _write_provision(provision, draft)
    _write_statements(records.statements, draft)
    for step in records.steps:
        prefix = f"{step.outcome.id}: " if step.outcome is not None else ""
        current = draft.get("/shorter_term_targets")
        value = f"{current}\n{prefix}{step.unit.text}" if current else f"{prefix}{step.unit.text}"
        draft.put("/shorter_term_targets", value, unit=step.unit)


def _write_need(need: Need, draft: Draft) -> None:
    pointer = draft.append(f"{need.table.pointer}/needs", {"id": need.id})
    title = need.title
    pieces = need.pieces
    if title is not None and not pieces:
        title, pieces = None, [title]
    if title is not None and len(title[1]) <= SHORT_TEXT_MAX_LENGTH:
        draft.put(f"{pointer}/title", title[1].strip(), unit=title[0], fragment=title[1])
    elif title is not None:
        pieces = [title, *pieces]
    draft.put(f"{pointer}/description", "\n".join(text for _, text in pieces))
    for unit, text in pieces:
        draft.take(unit, text, pointer=f"{pointer}/description")
    if need.provision_ids:
        draft.put(f"{pointer}/provision_ids", list(need.provision_ids))
    if need.outcome_ids:
        draft.put(f"{pointer}/outcome_ids", list(need.outcome_ids))


def _write_outcome(outcome: Outcome, draft: Draft) -> None:
    assert outcome.table is not None
    pointer = draft.append(f"{outcome.table.pointer}/outcomes", {"id": outcome.id})
    draft.put(f"{pointer}/description", outcome.text, unit=outcome.unit, fragment=outcome.text)
    phase = _BY_PHASE.match(outcome.text.strip())
    if phase and len(phase.group(1)) <= SHORT_TEXT_MAX_LENGTH:
        draft.put(f"{pointer}/time_frame", {"by_phase": phase.group(1)})
    if outcome.ref_unit is not None:
        if ref_key(outcome.ref) == outcome.id.split("-")[-1]:
            draft.label(outcome.ref_unit)
        else:
            draft.put(f"{pointer}/original_text", f"{outcome.ref}: {outcome.text}")
            draft.take(outcome.ref_unit, pointer=f"{pointer}/original_text")


def _write_statements(statements: list[Statement], draft: Draft) -> None:
    for statement in statements:
        pointer = statement.table.pointer
        if statement.kind == "no_needs":
            draft.put(f"{pointer}/no_identified_needs", True, unit=statement.unit, how="boolean")
        text = statement.unit.text.strip()
        if statement.kind == "no_needs" and squash(text).rstrip(".") == NO_NEEDS_SENTENCE:
            continue
        current = draft.get(f"{pointer}/no_needs_statement") or ""
        if squash(text) in {squash(line) for line in current.split("\n")}:
            draft.take(statement.unit, pointer=f"{pointer}/no_needs_statement")
        else:
            draft.add_text(f"{pointer}/no_needs_statement", statement.unit)


def _write_provision(provision: Provision, draft: Draft) -> None:
    description, tail = wording_and_tail(provision.text)
    value = {"id": provision.id, "description": description, "original_text": _original(provision)}
    value.update(prompts(provision))
    if provision.pfa:
        value["preparing_for_adulthood"] = True
    pointer = draft.append(f"{provision.table.pointer}/{PROVISION_FIELD[provision.letter]}", value)
    for unit in provision.text:
        if tail and unit is provision.text[-1]:
            body, _, rest = unit.text.rpartition(tail)
            draft.take(unit, body, pointer=f"{pointer}/description")
            draft.take(unit, tail, pointer=f"{pointer}/original_text")
            if rest.strip():
                draft.take(unit, rest, pointer=f"{pointer}/description")
        else:
            draft.take(unit, pointer=f"{pointer}/description")
    for unit in provision.rest:
        draft.take(unit, pointer=f"{pointer}/original_text")


def _original(provision: Provision) -> str:
    cells: list[str] = []
    for units in provision.item.cells if provision.item.kind == "row" else (tuple(provision.text),):
        text = "\n".join(unit.text for unit in units if unit.text.strip())
        if text:
            cells.append(text)
    return " | ".join(cells)


__all__ = ["PROVISION_FIELD", "write"]
