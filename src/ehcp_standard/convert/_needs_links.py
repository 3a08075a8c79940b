"""Ids and the golden thread: needs, outcomes and provision numbered (``B-CL-1``, ``E-1``, ``F-CL-1``…),
each need linked to the provision and outcomes its layout states, and one ``unlinked`` note per table where it
states none.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ._needs_records import OUTCOME_REF, TAG, Need, Outcome, Provision, Records
from .draft import Draft, squash

#: Lowest rapidfuzz score at which a "which need" cell names a need.
NEED_MATCH = 85


# --- ids and links ------------------------------------------------------------------------------------------


def number(records: Records) -> None:
    """Give every need, provision entry and outcome its id (``B-CL-1``, ``C-1``, ``F-CL-1``, ``H1-1``,
    ``E-1``…)."""
    counts: dict[str, int] = {}
    for need in records.needs:
        prefix = f"B-{need.table.code}" if need.table.letter == "B" else need.table.code
        counts[prefix] = counts.get(prefix, 0) + 1
        need.id = f"{prefix}-{counts[prefix]}"
    for provision in records.provision:
        prefix = f"F-{provision.table.code}" if provision.letter == "F" else provision.letter
        counts[prefix] = counts.get(prefix, 0) + 1
        provision.id = f"{prefix}-{counts[prefix]}"
    _number_outcomes(records.outcomes)


def _number_outcomes(outcomes: list[Outcome]) -> None:
    """Outcomes are E-1, E-2… in reading order; one numbered "E3" in the source keeps E-3 where it is free."""
    wanted = {}
    for outcome in outcomes:
        found = OUTCOME_REF.match(outcome.ref or "")
        if found and f"E-{int(found.group(1))}" not in wanted.values():
            wanted[id(outcome)] = f"E-{int(found.group(1))}"
    used = set(wanted.values())
    counter = 0
    for outcome in outcomes:
        if id(outcome) in wanted:
            outcome.id = wanted[id(outcome)]
            continue
        counter += 1
        while f"E-{counter}" in used:
            counter += 1
        outcome.id = f"E-{counter}"
        used.add(outcome.id)


def link(records: Records, draft: Draft) -> None:
    """Link each provision entry to its needs (its row's need and those its which-need cell names), and those
    needs to its outcomes (its row's and those it refers to)."""
    by_ref = {ref_key(o.ref): o for o in records.outcomes if o.ref}
    for provision in records.provision:
        needs = [provision.row_need] if provision.row_need else []
        needs += _named_needs(records, provision, draft)
        outcomes = provision.row_outcomes + [by_ref[ref_key(r)] for r in provision.outcome_refs
                                             if ref_key(r) in by_ref]
        for need in _distinct(needs):
            _add(need.provision_ids, provision.id)
            for outcome in outcomes:
                _add(need.outcome_ids, outcome.id)


def _distinct(needs: list[Need]) -> list[Need]:
    kept: list[Need] = []
    for need in needs:
        if not any(need is other for other in kept):
            kept.append(need)
    return kept


def ref_key(ref: str | None) -> str:
    """The number of an outcome reference ("E03" gives "3"), or "" when ``ref`` is not one."""
    found = OUTCOME_REF.match(ref or "")
    return found.group(1).lstrip("0") if found else ""


def _add(ids: list[str], new: str) -> None:
    if new not in ids:
        ids.append(new)


def _named_needs(records: Records, provision: Provision, draft: Draft) -> list[Need]:
    """The needs a which-need cell names, matched against the titles and wording of the table's needs."""
    candidates = [need for need in records.needs if need.table == provision.table]
    found = []
    for name in provision.need_names:
        for line in [part for part in re.split(r"\n|;", name) if part.strip()]:
            need = best_need(line, candidates)
            if need is None:
                draft.warn(provision.item, f"the need named '{squash(line)}' matches no need of "
                           f"{provision.table.name}; a caseworker must link this provision",
                           section=provision.letter, code="unlinked")
            else:
                found.append(need)
    return found


def best_need(name: str, needs: list[Need]) -> Need | None:
    """The need whose title or wording ``name`` matches best, or ``None`` when none scores at least
    :data:`NEED_MATCH`."""
    wanted = _strip_tag(squash(name)).casefold()
    best, score = None, 0.0
    for need in needs:
        title = _strip_tag(squash(need.title[1])).casefold() if need.title else ""
        text = _strip_tag(squash(" ".join(t for _, t in need.pieces))).casefold()
        each = max(fuzz.token_sort_ratio(wanted, title) if title else 0,
                   fuzz.partial_ratio(wanted, text) if len(wanted) >= 12 else fuzz.ratio(wanted, text))
        if each > score:
            best, score = need, each
    return best if score >= NEED_MATCH else None


def _strip_tag(text: str) -> str:
    return TAG.sub("", text)


# --- notes --------------------------------------------------------------------------------------------------


def warn_unlinked(records: Records, draft: Draft) -> None:
    """One note per table whose provision or outcomes are not all linked to its needs."""
    linked = {ref for need in records.needs for ref in (*need.provision_ids, *need.outcome_ids)}
    tables = dict.fromkeys([p.table for p in records.provision] + [o.table for o in records.outcomes])
    for table in tables:
        provision = [p for p in records.provision if p.table == table and p.id not in linked]
        outcomes = [o for o in records.outcomes if o.table == table and o.id not in linked]
        if not provision and not outcomes:
            continue
        parts = ([f"{len(provision)} provision item(s)"] * bool(provision)
                 + [f"{len(outcomes)} outcome(s)"] * bool(outcomes))
        first = (provision[0].item if provision else outcomes[0].item)
        draft.warn(first, f"{' and '.join(parts)} of {table.name} are not linked to its needs: the legacy "
                   "plan does not say which need each one is for, so a caseworker must link them",
                   section=table.letter, code="unlinked")


__all__ = ["NEED_MATCH", "best_need", "link", "number", "ref_key", "warn_unlinked"]
