"""Mapping sections B to H2 of a legacy plan: strengths, needs, outcomes, provision and the golden thread.

:func:`map_needs` reads the items :func:`~.sections.find_sections` placed in B, C, D, E, F, G, H1 and H2 and
writes them into a :class:`~.draft.Draft`::

    map_needs(item_list, draft)
    draft.get("/special_educational_needs/cognition_learning/needs/0")   # {"id": "B-CL-1", "title": …}

- B → ``/special_educational_needs/<area>``: the Strengths box, and needs ``B-CI-1``, ``B-CL-1``…; C →
  ``/health`` (``C-1``…); D → ``/social_care`` (``D-1``…). A cell whose first line is a short heading followed
  by the description gives one need with that ``title``; list items, paragraphs and other lines give one need
  each.
- E → outcomes ``E-1``… (unique in the plan) of the area, or of health or social care. Short-term steps
  ("Short Term Outcome (1 Year)", "Steps towards it this year") and statements of how targets are set go to
  ``/shorter_term_targets``; long- and medium-term outcomes are outcomes.
- F → the area's provision ``F-CL-1``…, G → ``/health/provision`` (``G-1``…), H1 and H2 → ``/social_care``
  (``H1-1``, ``H2-1``…). The five prompts come from the who/ratio/frequency/duration columns, else from the
  wording (:func:`~ehcp_standard.quantity.parse_quantity`, only what it reads without doubt);
  ``original_text`` always keeps the whole row.
- The golden thread is linked only where the layout states it: a "Which need does this provision meet" column,
  an outcome reference ("E1") in a provision row whose need is known, or a need, its provision and its outcome
  in one row. Elsewhere nothing is linked, and one ``unlinked`` note per table asks a caseworker to link them.
- "No identified needs" statements set ``no_identified_needs`` (and ``no_needs_statement`` unless the wording
  is the template's own); a fifth area's warning (e.g. "Self-care and independence") is copied into the notes.

Every unit used is recorded in the draft's ledger (text put, or a template label); a unit this module does not
understand is left alone, with a reason, so that :func:`~.convert.finish` carries it over.

The work is done in stages, each in a private module; this one keeps the entry point, which runs them:

- :mod:`._needs_records`: the tables (an area of need, health, social care) and the records read from the
  items (needs, outcomes, short-term steps, provision, "no needs" statements);
- :mod:`._needs_reader`: :class:`~._needs_reader.Reader`, which walks the items and reads them into records,
  with :mod:`._needs_split` for how a run of units splits into needs and their headings;
- :mod:`._needs_settle`: settling what was read once the whole plan has been: needs and outcomes in provision
  rows, mixed health and social care outcomes, stray paragraphs, which statements stand;
- :mod:`._needs_links`: ids, the golden thread, and the ``unlinked`` notes where the layout states none;
- :mod:`._needs_write`: writing the records into the draft, with :mod:`._needs_prompts` for the five prompts
  read from the columns or the wording.
"""

from __future__ import annotations

from ._needs_links import link, number, warn_unlinked
from ._needs_reader import Reader
from ._needs_settle import drop_stray_paragraphs, place_mixed_outcomes, resolve_rows, settle_statements
from ._needs_write import write
from .draft import Draft, Item

__all__ = ["map_needs"]


def map_needs(items: list[Item], draft: Draft) -> None:
    """Map every item placed in B, C, D, E, F, G, H1 and H2 into ``draft`` (see the module docstring)."""
    reader = Reader(draft)
    for item in items:
        reader.read(item)
    records = reader.records
    resolve_rows(records)
    place_mixed_outcomes(records, draft)
    drop_stray_paragraphs(records, draft)
    settle_statements(records, draft)
    number(records)
    link(records, draft)
    write(records, draft)
    warn_unlinked(records, draft)
