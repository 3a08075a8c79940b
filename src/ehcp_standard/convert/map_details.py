"""Mapping a legacy plan's details — metadata, personal details, contacts, services — and sections A, I, J, K.

:func:`map_details` reads the :class:`~ehcp_standard.convert.draft.Item` objects that
:func:`~ehcp_standard.convert.sections.find_sections` placed on the cover, in the personal details, contacts
and services, and in sections A, I, J and K — plus "Label: value" paragraphs such as "Plan status: Final" or
"Review by: 05.12.2025" wherever they sit — and writes what they say into a :class:`Draft`, recording for
every value the unit and the fragment of its text it came from::

    draft = Draft(source, profile)
    map_details(item_list, draft, document=document)
    draft.get("/personal_details/name")
    # {"forename": "Rhys", "middle_names": "Dafydd", "surname": "Pritchard"}

The rules it follows:

- **Labels are read through dictionaries** (below): a row "Date of Birth | 02.11.2013" or a paragraph
  "Date of plan: 06.12.2024" is a label and a value; the label is recorded as a template label and the value
  put at its pointer, dates read with the profile's ``date_formats`` and identifiers with spaces removed.
- **Nothing is invented and nothing is hidden.** A unit is taken only where all its text has a home; anything
  else is left for :func:`~ehcp_standard.convert.convert.finish`, which carries it over with its location
  (often with a reason given here). A value that repeats one already mapped (the child's name on the cover) is
  taken at the pointer that holds it.
- **Identifiers that fail their checks are kept.** An invalid UPN, ULN or NHS number is still put where it
  belongs; the model refuses it, the row is carried over with the model's reason, and a warning names the row
  — never the value, which is personal data. No warning here carries a name, an identifier or an address.
- **A draft names no placement** (CFA s.38(5)): in a draft, section I's name and type are carried over with
  that reason instead of being put.

The labels it reads — of the child's details, the services, the plan's metadata, section I, contacts and the
sign-off, with relationship words, the words of each SEN type and plan status, the patterns of labels that
carry free wording and the wording of each kind of advice — are the profile's ``labels`` key (the built-in
``generic`` profile holds the defaults every layout shares; a council's profile adds its own wording), read
through the profile's cached :class:`~ehcp_standard.convert._labels.DetailIndex`.

Where the parts live: :class:`_Mapper` here walks the items once, handing each to the part of the mapping its
section belongs to, then finishes what waited for the whole document, in order. The parts are private modules,
one a concept of the plan:

- :mod:`._details_read`: the small readers (dates, names, SEN types, plan statuses, identifier checks; the
  public ones re-exported here) and the label/value pairs every part reads;
- :mod:`._map_shared`: the walk's state and the base of every part, with the helpers that write to the ledger;
- :mod:`._map_front`: the cover, the details tables, and "Label: value" metadata paragraphs anywhere;
- :mod:`._map_metadata`, :mod:`._map_personal`, :mod:`._map_contacts`, :mod:`._map_services`: the values of
  the front of the plan, by field;
- :mod:`._map_section_a` (views and history), :mod:`._map_placement` (section I), :mod:`._map_budget`
  (section J, through :mod:`._budget`), :mod:`._map_advice` (section K) and :mod:`._map_signoff`.
"""

from __future__ import annotations

from ._council import la_in
from ._details_read import (
    advice_type,
    find_date,
    identifier_problem,
    parse_date,
    plan_status,
    sen_type,
    split_name,
)
from ._labels import label_index
from ._map_advice import _AdviceMapper
from ._map_budget import _BudgetMapper
from ._map_contacts import _ContactsMapper
from ._map_front import _FrontMapper
from ._map_metadata import _MetadataMapper
from ._map_personal import _PersonalMapper
from ._map_placement import _PlacementMapper
from ._map_section_a import _SectionAMapper
from ._map_services import _ServicesMapper
from ._map_shared import _Shared, _State
from ._map_signoff import _SignOffMapper
from .blocks import BlockDocument, ListItem
from .draft import Draft, Item
from .profile import label_key

__all__ = ["advice_type", "find_date", "identifier_problem", "la_in", "label_key", "map_details",
           "parse_date", "plan_status", "sen_type", "split_name"]

#: Sections whose rows and paragraphs hold details.
FRONT = frozenset({"cover", "personal_details", "contacts", "services"})


def map_details(items: list[Item], draft: Draft, *, document: BlockDocument) -> None:
    """Map the cover, personal details, contacts, services, sections A, I, J and K and every "Label: value"
    metadata paragraph of ``items`` into ``draft`` (see the module docstring). Returns nothing; ``draft``
    holds the values, the ledger of takes, the carry-over reasons and the warnings."""
    _Mapper(draft, document).run(items)


class _Mapper:
    """Walks the items once, handing each to the part of the mapping its section belongs to, then finishes
    what waited for the whole document, in order."""

    def __init__(self, draft: Draft, document: BlockDocument):
        formats = list(draft.profile.date_formats) or ["%d/%m/%Y", "%Y-%m-%d"]
        bullets = {block.location for block in document.iter_blocks() if isinstance(block, ListItem)}
        shared = _Shared(draft, document, formats, label_index(draft.profile).details, bullets, _State())
        self.state = shared.state
        self.metadata = _MetadataMapper(shared)
        self.personal = _PersonalMapper(shared)
        self.contacts = _ContactsMapper(shared)
        self.services = _ServicesMapper(shared)
        self.sign_off = _SignOffMapper(shared, self.metadata)
        self.front = _FrontMapper(shared, self.metadata, self.personal, self.contacts, self.services,
                                  self.sign_off)
        self.section_a = _SectionAMapper(shared)
        self.placement = _PlacementMapper(shared)
        self.budget = _BudgetMapper(shared)
        self.advice = _AdviceMapper(shared, self.sign_off)

    def run(self, items: list[Item]) -> None:
        for item in items:
            self.item(item)
        self.finish()

    def item(self, item: Item) -> None:
        """Hand ``item`` to the part its section belongs to (section I's items wait for the end)."""
        section = item.section
        if section in FRONT:
            self.front.item(item)
        elif section == "A":
            self.section_a.item(item)
        elif section == "I":
            self.state.placement_items.append(item)
        elif section == "J":
            self.budget.item(item)
        elif section == "K":
            self.advice.item(item)
        else:
            self.front.elsewhere(item)

    # --- the end: what waited for the whole document ------------------------------------------------------

    def finish(self) -> None:
        """Map what waited for the whole document, in this order."""
        self.metadata.status_from_furniture()
        self.metadata.plan_dates()
        self.metadata.review_from_sentence()
        self.contacts.contacts()
        self.personal.name_mentions()
        self.placement.finish()
        self.sign_off.finish()
        self.services.finish_move_in()
