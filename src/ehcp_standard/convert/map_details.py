"""Mapping a legacy plan's details — metadata, personal details, contacts, services — and sections A, I, J and K.

:func:`map_details` reads the :class:`~ehcp_standard.convert.draft.Item` objects that
:func:`~ehcp_standard.convert.sections.find_sections` placed on the cover, in the personal details, contacts and
services, and in sections A, I, J and K — plus "Label: value" paragraphs such as "Plan status: Final" or
"Review by: 05.12.2025" wherever they sit — and writes what they say into a :class:`Draft`, recording for every value
the unit and the fragment of its text it came from::

    draft = Draft(source, profile)
    map_details(item_list, draft, document=document)
    draft.get("/personal_details/name")     # {"forename": "Rhys", "middle_names": "Dafydd", "surname": "Pritchard"}

The rules it follows:

- **Labels are read through dictionaries** (below): a row "Date of Birth | 02.11.2013" or a paragraph
  "Date of plan: 06.12.2024" is a label and a value; the label is recorded as a template label and the value put at
  its pointer, dates read with the profile's ``date_formats`` and identifiers with spaces removed.
- **Nothing is invented and nothing is hidden.** A unit is taken only where all its text has a home; anything else is
  left for :func:`~ehcp_standard.convert.convert.finish`, which carries it over with its location (often with a reason
  given here). A value that repeats one already mapped (the child's name on the cover) is taken at the pointer that
  holds it.
- **Identifiers that fail their checks are kept.** An invalid UPN, ULN or NHS number is still put where it belongs;
  the model refuses it, the row is carried over with the model's reason, and a warning names the row — never the
  value, which is personal data. No warning here carries a name, an identifier or an address.
- **A draft names no placement** (CFA s.38(5)): in a draft, section I's name and type are carried over with that
  reason instead of being put.

The labels it reads — of the child's details, the services, the plan's metadata, section I, contacts and the
sign-off, with relationship words, the words of each SEN type and the wording of each kind of advice — are the
profile's ``labels`` key (the built-in ``generic`` profile holds the defaults every layout shares; a council's
profile adds its own wording), read through the profile's cached :class:`~ehcp_standard.convert._labels.DetailIndex`.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model.identifiers import (
    NHS_NUMBER_PATTERN,
    ULN_PATTERN,
    UPN_PATTERN,
    nhs_check_digit,
    upn_check_letter,
)
from ..model.la_codes import is_known_la_code
from ..model.personal import POSTCODE_PATTERN
from ._budget import BudgetReading, budget_columns, read_row, read_statement
from ._council import la_in
from ._labels import DetailIndex, label_index
from .blocks import BlockDocument, ListItem, Table, block_texts, iter_nested
from .draft import Draft, Item, Unit, cell_text, squash
from .profile import MetadataLabels, Profile, ServiceLabels, _generic, label_key, normalise

__all__ = ["advice_type", "find_date", "identifier_problem", "la_in", "label_key", "map_details", "parse_date",
           "plan_status", "sen_type", "split_name"]


# --- wording read in code (the labels themselves are the profile's ``labels`` key) -----------------------------

#: Regular expressions over a folded label, for labels that carry names or free wording.
LABEL_PATTERNS: list[tuple[str, str]] = [
    (r"^relationship to\b", "relationship"),
    (r"^home address\b", "address"),
    (r"^person with parental responsibility\b|^parent or carer [12]\b|^parent/carer [12]\b", "contact"),
    (r"^parent/?guardian\b", "contact"),
    (r"\bmoved into .+ with an existing ehcp\b|\bmoving to the area with an ehcp\b", "moving_from_another_la"),
    (r"^(is there (is )?a )?one page profile\b", "one_page_profile_appended"),
    (r"^gp\b", "gp"),
    (r"\bfirst language\b.*\b(parent|carer)|\b(parent|carer)\b.*\bfirst language\b", "parent_first_language"),
    (r"\b(first|home) language", "first_language"),
]

#: SEN2 codes accepted when a value is just the code ("ASD", "SpLD").
SEN_TYPE_CODES = {"ASD", "ASC", "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "DS"}

#: Wording of a plan status, first match wins.
STATUS_WORDS: list[tuple[str, str]] = [
    (r"\bdraft\b", "draft"),
    (r"\bproposed\b|\bamendment notice\b", "proposed_amendment"),
    (r"\bamended\b|\bamendment\b", "amended_final"),
    (r"\bceased\b", "ceased"),
    (r"\bfinal\b", "final"),
]

#: Section A sub-sections (the profile's targets) and the field each goes to.
A_POINTERS = {
    "history": "/section_a/a1/history",
    "communication": "/section_a/a1/communication",
    "support": "/section_a/a1/communication",
    "views": "/section_a/a2/views",
    "how_gathered": "/section_a/a2/views_gathered",
    "parent_views": "/section_a/a2/parent_aspirations",
    "strengths": "/section_a/a2/strengths",
    "interests": "/section_a/a2/interests",
    "aspirations": "/section_a/a2/aspirations",
}
#: Sub-labels inside an A2 views cell ("Child/Young Person's Voice:", "Parent/Carer's Voice:").
CHILD_VOICE = re.compile(r"^(child|young person|child/young person|child or young person|my)('s)? (voice|views)$")
PARENT_VOICE = re.compile(r"^(parent|carer|parent/carer|parent or carer|parents|family|my family)('s|s')? "
                          r"(voice|views)$")
#: A paragraph in A2 views that says how the views were gathered.
VIEWS_GATHERED = re.compile(r"\bviews\b[^.]{0,40}\b(gathered|collected|obtained|recorded)\b|"
                            r"\b(gathered|collected|shared|gave|given)\b[^.]{0,15}\bviews\b", re.IGNORECASE)

#: A section J statement that there is no personal budget.
NO_BUDGET = re.compile(r"\bno personal budget\b|\bnot applicable\b|^n/?a\.?$|^none\.?$|"
                       r"\bpersonal budget has not been (requested|agreed)\b", re.IGNORECASE)
#: The title "… Education, Health and Care Plan (Status)" and the statutory sentence "made on DATE by COUNCIL".
TITLE = re.compile(r"^(?:(?P<name>.+?)['’]s\s+)?(?P<title>(?:my\s+)?education,?\s+health\s+and\s+care\s+plan)"
                   r"\s*(?:\(\s*(?P<status>[^)]*?)\s*\))?\s*$", re.IGNORECASE)
STATUTORY = re.compile(r"^(?P<lead>.*?\bis made on\s+)(?P<date>.+?)(?P<by>\s+by\s+)(?P<la>.+?)"
                       r"(?P<mid>\s*\(\s*[“\"‘']?the local authority[”\"’']?\s*\)\s*in respect of\s+)"
                       r"(?P<name>.+?)(?P<end>\.?)$", re.IGNORECASE)
SIGNED = re.compile(r"^(?P<label>(?:signed|signature)\s*:)\s*(?P<name>.*?)\s*"
                    r"(?:(?P<behalf>\bon behalf of\b)\s*(?P<la>.*?))?\s*\.?$", re.IGNORECASE)
#: A council officer given as a contact ("Ravi Sandhu, SEN Case Officer").
OFFICER = re.compile(r",\s*[^,]*\b(officer|co-?ordinator|case ?worker|case manager|key ?worker|send team)\b",
                     re.IGNORECASE)
#: A value ending in its URN ("Castlebrook Junior School (URN 943551)").
WITH_URN = re.compile(r"^(?P<name>.*?\S)\s*\(\s*(?P<label>URN\s*:?)\s*(?P<urn>\d{6})\s*\)$", re.IGNORECASE)
#: A type of institution given in brackets after its name ("Tynebank College (General further education college)").
WITH_TYPE = re.compile(r"^(?P<name>.*?\S)\s*\((?P<type>[^()]*\b(school|college|academy|nursery|provision|unit|"
                       r"setting|education|institution)\b[^()]*)\)$", re.IGNORECASE)
#: Dates inside a longer value.
DATE_IN_TEXT = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|"
                          r"\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}\b")
#: "the next review is due by 11 February 2026" in a sentence (read as a note, never taken).
REVIEW_SENTENCE = re.compile(r"\bnext review is due (?:by|on|before)\s+(?P<date>[^.;,]+)", re.IGNORECASE)
#: Placement methods that mean the block is itself a label (see :class:`~ehcp_standard.convert.sections.LabelPlacement`).
LABEL_METHODS = frozenset({"letter", "part", "exact", "normalised", "prefix", "fuzzy"})
#: Sections whose rows and paragraphs hold details.
FRONT = frozenset({"cover", "personal_details", "contacts", "services"})
#: Name particles that belong to the surname ("van der Berg").
PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "della", "st", "bin",
                       "al", "el", "ap", "ter", "ten", "dos", "das"})

_BOOLEAN = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
_MONTH_FORMATS = ("%d %B %Y", "%d %b %Y")
_CONTACT_FIELDS = frozenset({"name", "forename", "other_names", "middle_names", "surname", "relationship", "email",
                             "telephone", "address"})
_IDENTIFIER_NAMES = {"upn": "UPN", "uln": "ULN", "nhs_number": "NHS number"}
_IDENTIFIER_POINTERS = {"upn": "/personal_details/identifiers/upn", "uln": "/personal_details/identifiers/uln",
                        "nhs_number": "/services/nhs_number"}
_SERVICE_BOOLEANS = frozenset({"known_to_social_care", "looked_after", "previously_looked_after",
                               "one_page_profile_appended", "moving_from_another_la"})
_DATE_FIELDS = {"first_issued": "first_issued", "next_review_due": "next_review_due", "last_review": "last_review",
                "request_received": "request_received", "draft_issued": "draft_issued"}
#: Which dates the date of the plan fills, by status.
_PLAN_DATE_POINTERS = {"draft": ("draft_issued",), "final": ("final_issued", "version_issued"),
                       "amended_final": ("version_issued",), "proposed_amendment": ("version_issued",),
                       "ceased": ("version_issued",)}


#: Fields of the plan's metadata and of the services involved (the keys of the profile's ``labels.metadata`` and
#: ``labels.services``).
_METADATA_FIELDS = frozenset(MetadataLabels.model_fields)
_SERVICE_FIELDS = frozenset(ServiceLabels.model_fields)


def _details(profile: Profile | None) -> DetailIndex:
    """The (cached) details labels of ``profile``, or of the built-in ``generic`` profile."""
    return label_index(profile if profile is not None else _generic()).details


# --- small readers ------------------------------------------------------------------------------------------------


def parse_date(text: str, formats: list[str] | tuple[str, ...]) -> _dt.date | None:
    """Return the date ``text`` is written as in one of ``formats`` (``strptime`` formats, tried in order; "2nd" and
    the like allowed), or ``None``."""
    return _parse_date(text, tuple(formats))


@lru_cache(maxsize=16_384)
def _parse_date(text: str, formats: tuple[str, ...]) -> _dt.date | None:
    """:func:`parse_date`, memoised: the same wordings are tried again and again (``strptime`` is slow)."""
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", squash(text))
    for form in list(formats) + [f for f in _MONTH_FORMATS if f not in formats]:
        try:
            return _dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def find_date(text: str, formats: list[str] | tuple[str, ...]) -> tuple[str, str] | None:
    """Return ``(ISO date, the date as written)`` for the whole of ``text`` or the first date inside it."""
    whole = parse_date(text, formats)
    if whole is not None:
        return whole.isoformat(), text.strip()
    for found in DATE_IN_TEXT.finditer(text):
        date = parse_date(found.group(), formats)
        if date is not None:
            return date.isoformat(), found.group()
    return None


def split_name(text: str) -> tuple[str, str | None, str] | None:
    """Split a full name into (forename, middle names or ``None``, surname): "SURNAME, Forename Middle" by its comma,
    otherwise first word, last word (with particles such as "van der") and what lies between. ``None`` for one word."""
    text = squash(text)
    if "," in text:
        surname, _, rest = text.partition(",")
        words = rest.split()
        if not words or not surname.strip():
            return None
        return words[0], " ".join(words[1:]) or None, surname.strip()
    words = text.split()
    if len(words) < 2:
        return None
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in PARTICLES:
        start -= 1
    return words[0], " ".join(words[1:start]) or None, " ".join(words[start:])


def sen_type(text: str, profile: Profile | None = None) -> str | None:
    """Return the SEN2 type ``text`` names unambiguously ("Autism" → ``ASD``, "Specific learning difficulty
    (dyslexia)" → ``SPLD``) by its code or by the words of ``profile``'s ``labels.sen_types`` (default: the
    ``generic`` profile's), or ``None`` (an area name, two types, nothing recognised)."""
    folded = normalise(text)
    code = folded.upper().replace(" ", "")
    if code in SEN_TYPE_CODES:
        return "ASD" if code == "ASC" else code
    return _details(profile).sen_type(folded)


def advice_type(*texts: str, profile: Profile | None = None) -> str:
    """Return the advice kind (Regs 6(1)) the first of ``texts`` with a wording ``profile``'s
    ``labels.advice_kinds`` recognises names (default: the ``generic`` profile's), else ``other``."""
    return _details(profile).advice_type(texts)


@lru_cache(maxsize=8192)   # a pure function of the wording, asked again for each plan
def plan_status(text: str) -> str | None:
    """Return the plan status a short wording names ("Final", "Amended", "DRAFT"), or ``None``."""
    folded = normalise(text)
    if not folded or len(folded) > 40:
        return None
    return next((status for pattern, status in STATUS_WORDS if re.search(pattern, folded)), None)


def identifier_problem(kind: str, value: str) -> str | None:
    """Say what is wrong with an identifier (without repeating it), or ``None`` when it passes its check."""
    if kind == "upn":
        if not re.fullmatch(UPN_PATTERN, value):
            return "is not in the form of a UPN (a check letter, then 12 digits, or 11 digits and a letter)"
        if upn_check_letter(value[1:]) != value[0]:
            return "fails its check letter"
        return None if is_known_la_code(value[1:4]) else "does not start with a known LA code"
    if kind == "uln":
        if not re.fullmatch(ULN_PATTERN, value):
            return "is not 10 digits starting with 1-9"
        total = sum(int(digit) * weight for digit, weight in zip(value, range(10, 0, -1)))
        return None if total % 11 == 10 else "fails its check digit"
    if not re.fullmatch(NHS_NUMBER_PATTERN, value):
        return "is not 10 digits"
    return None if nhs_check_digit(value[:9]) == int(value[9]) else "fails its Modulus 11 check"


# --- pairs: a label and its value, from a row or a "Label: value" paragraph -------------------------------------


@dataclass
class _Pair:
    """A label and its value: ``labels`` and ``values`` are (unit, fragment) parts of the source."""

    key: str
    labels: list[tuple[Unit, str]]
    values: list[tuple[Unit, str]]

    @property
    def text(self) -> str:
        """The value on one line."""
        return " ".join(squash(fragment) for _, fragment in self.values)

    @property
    def units(self) -> list[Unit]:
        return [unit for unit, _ in self.labels + self.values]


_COLON = re.compile(r"^(?P<label>[^:\n]{2,80}?)\s*:(?P<value>.*)$", re.DOTALL)


def _colon_pair(unit: Unit) -> _Pair | None:
    """Read "Label: value" from one unit (the label must be short and the value on the same paragraph)."""
    found = _COLON.match(unit.text.strip())
    if not found:
        return None
    label = unit.text[: unit.text.index(":") + 1]
    value = found.group("value").strip()
    return _Pair(label_key(found.group("label")), [(unit, label)], [(unit, value)] if value else [])


def _row_pair(item: Item) -> _Pair | None:
    """Read a two-cell row "label | value"."""
    if len(item.cells) != 2:
        return None
    labels = [(unit, unit.text) for unit in item.cells[0] if unit.text.strip()]
    if not labels:
        return None
    values = [(unit, unit.text) for unit in item.cells[1] if unit.text.strip()]
    return _Pair(label_key(" ".join(text for _, text in labels)), labels, values)


def _lookup(key: str, *tables: dict[str, str]) -> str | None:
    for table in tables:
        if key in table:
            return table[key]
    return None


@lru_cache(maxsize=8192)   # a pure function of the wording, asked again for each plan
def _pattern_field(key: str) -> str | None:
    return next((name for pattern, name in LABEL_PATTERNS if re.search(pattern, key)), None)


# --- the mapper ---------------------------------------------------------------------------------------------------


@dataclass
class _Contact:
    """One contact being read: (unit, fragment) parts by field, the label units, and whether it is the council's."""

    fields: dict[str, list[tuple[Unit, str]]] = field(default_factory=dict)
    labels: list[Unit] = field(default_factory=list)
    officer: bool = False

    def has(self, name: str) -> bool:
        return name in self.fields

    @property
    def units(self) -> list[Unit]:
        return self.labels + [unit for parts in self.fields.values() for unit, _ in parts]


@dataclass
class _SignOff:
    """A sign-off line: the unit, its label fragments, the officer's name, "on behalf of" and the council, and the
    date line after it (the date found and its label parts)."""

    unit: Unit
    labels: list[str]
    name: str
    behalf: str | None = None
    council: str | None = None
    date: tuple[tuple[str, Unit, str], list[tuple[Unit, str]]] | None = None


@dataclass
class _State:
    """What the walk has found so far and what waits for the end (status-dependent dates, contacts, section I)."""

    plan_dates: list[tuple[str, Unit | None, str | None]] = field(default_factory=list)
    contacts: list[_Contact] = field(default_factory=list)
    contact: _Contact | None = None
    child_address: _Pair | None = None
    name_mentions: list[tuple[Unit, str]] = field(default_factory=list)
    placement_items: list[Item] = field(default_factory=list)
    placement_named: _Pair | None = None
    previous_la: tuple[str, Unit, str] | None = None
    move_in: _Pair | None = None
    signed: _SignOff | None = None
    k_columns: dict[str, list[tuple[str | None, str]]] = field(default_factory=dict)
    j_columns: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    contact_columns: dict[str, list[str | None]] = field(default_factory=dict)
    cover_name_next: bool = False
    title_seen: bool = False
    a_target: tuple[str, str] | None = None
    warned: set[str] = field(default_factory=set)
    review_sentence: tuple[str, Unit] | None = None


def map_details(items: list[Item], draft: Draft, *, document: BlockDocument) -> None:
    """Map the cover, personal details, contacts, services, sections A, I, J and K and every "Label: value" metadata
    paragraph of ``items`` into ``draft`` (see the module docstring). Returns nothing; ``draft`` holds the values,
    the ledger of takes, the carry-over reasons and the warnings."""
    _Mapper(draft, document).run(items)


class _Mapper:
    def __init__(self, draft: Draft, document: BlockDocument):
        self.draft = draft
        self.document = document
        self.formats = list(draft.profile.date_formats) or ["%d/%m/%Y", "%Y-%m-%d"]
        self.labels = label_index(draft.profile).details
        self.identifiers = self.labels.identifiers
        self.bullets = {block.location for block in document.iter_blocks() if isinstance(block, ListItem)}
        self.state = _State()

    def run(self, items: list[Item]) -> None:
        for item in items:
            self.item(item)
        self.finish()

    def item(self, item: Item) -> None:
        section = item.section
        if section in FRONT:
            self.front(item)
        elif section == "A":
            self.section_a(item)
        elif section == "I":
            self.state.placement_items.append(item)
        elif section == "J":
            self.section_j(item)
        elif section == "K":
            self.section_k(item)
        else:
            self.elsewhere(item)

    # --- ledger helpers --------------------------------------------------------------------------------------------

    def label(self, units) -> None:
        for unit in units:
            if isinstance(unit, tuple):
                self.draft.label(unit[0], unit[1])
            elif unit.text.strip():
                self.draft.label(unit)

    def put_once(self, pointer: str, value: Any, parts: list[tuple[Unit, str]], how: str, what: str) -> bool:
        """Put ``value`` at ``pointer`` unless a different value is already there (then warn, carry the parts over
        and return ``False``); take every part either way."""
        current = self.draft.get(pointer)
        if current is not None and current != value:
            for unit, _ in parts:
                self.draft.carry_reason(unit, f"a second, different {what}; the first one found was used")
            self.warn(parts[0][0] if parts else "metadata", f"two different values for the {what}: the first one "
                      "found was used and this one carried over", "metadata")
            return False
        if not parts:
            self.draft.put(pointer, value)
        for unit, fragment in parts:
            self.draft.put(pointer, value, unit=unit, fragment=fragment, how=how)
        return True

    def add_line(self, pointer: str, unit: Unit, fragment: str | None = None, *, heading: bool = False) -> None:
        """Add ``fragment`` (default: the unit's text) to the free text at ``pointer`` as a new line; a list item
        becomes a "- " bullet point."""
        text = (unit.text if fragment is None else fragment).strip()
        if not text:
            return
        line = f"- {text}" if unit.location in self.bullets and not heading else text
        current = self.draft.get(pointer)
        self.draft.put(pointer, f"{current}\n{line}" if current else line, unit=unit, fragment=text)

    def warn(self, where, message: str, section: str | None) -> None:
        self.draft.warn(where, message, section=section)

    def warn_once(self, key: str, where, message: str, section: str | None) -> None:
        if key not in self.state.warned:
            self.state.warned.add(key)
            self.warn(where, message, section)

    def date(self, pair: _Pair) -> tuple[str, Unit, str] | None:
        for unit, fragment in pair.values:
            found = find_date(fragment, self.formats)
            if found:
                return found[0], unit, found[1]
        return None

    # --- the cover and the details tables --------------------------------------------------------------------------

    def front(self, item: Item) -> None:
        if item.section == "cover" and self.cover(item):
            return
        if _is_label_item(item):
            self.heading(item)
        elif item.kind in {"row", "header_row"}:
            self.row(item)
        else:
            for unit in item.units:
                pair = _colon_pair(unit)
                if pair is not None and self.pair(pair, item):
                    continue
                if item.section == "services" and unit.text.strip():
                    self.draft.carry_reason(unit, "a description of current support: the standard lists the "
                                            "services involved; support that is to continue belongs in F", "F")

    def heading(self, item: Item) -> None:
        """A heading (or one-cell heading row) of the details: a template label; a contact heading opens a contact."""
        self.label(item.units)
        key = label_key(item.text)
        if key in self.labels.contact or _pattern_field(key) == "contact":
            self.start_contact(list(item.units))

    def cover(self, item: Item) -> bool:
        """Read a cover item; return whether it was dealt with."""
        if item.placement.method == "contents":
            self.label(item.units)     # a contents table repeats the section titles
            return True
        if len(item.units) != 1 or item.kind in {"row", "header_row"}:
            return False
        unit = item.units[0]
        text = unit.text.strip()
        under = label_key(item.placement.label or "")
        if self.labels.metadata.get(under) == "primary_need" and not _is_label_item(item):
            self.primary_need(_Pair("primary need", [], [(unit, text)]))
            return True
        if self.state.cover_name_next and text:
            self.state.cover_name_next = False
            self.state.name_mentions.append((unit, text))
            return True
        return self.cover_text(unit, text)

    def cover_text(self, unit: Unit, text: str) -> bool:
        key = label_key(text)
        if key in {"my name", "name", "my name is"}:
            self.label([unit])
            self.state.cover_name_next = True
            return True
        title = TITLE.match(text)
        if title:
            self.title(unit, title)
            self.state.title_seen = True
            return True
        status = plan_status(text) if re.fullmatch(r"(draft|final|amended|amended final|proposed)( ehc)?( plan)?",
                                                   key) else None
        if status:
            self.status(status, [(unit, text)])
            return True
        named = re.fullmatch(r"(?P<for>for)\s+(?P<name>\S.*)", text, re.IGNORECASE)
        if named and self.state.title_seen and split_name(named.group("name")):
            self.draft.label(unit, named.group("for"))
            self.state.name_mentions.append((unit, named.group("name")))
            return True
        statutory = STATUTORY.match(text)
        if statutory and self.statutory(unit, statutory):
            return True
        pair = _colon_pair(unit)
        return pair is not None and self.pair(pair, None)

    def title(self, unit: Unit, found: re.Match) -> None:
        """"Zoë Okafor-Hughes’s Education, Health and Care Plan (Amended)": the title is a label, the status is
        read, and the name is a mention of the child's."""
        start = found.end("name") if found.group("name") else found.start("title")
        self.draft.label(unit, found.string[start: found.end("title")])
        if found.group("name"):
            self.state.name_mentions.append((unit, found.group("name")))
        status = plan_status(found.group("status") or "")
        if status:
            self.status(status, [(unit, found.group("status"))])

    def statutory(self, unit: Unit, found: re.Match) -> bool:
        """"This Education, Health and Care Plan is made on DATE by COUNCIL ('the Local Authority') in respect of
        NAME.": the date of the plan, the council and a mention of the child's name."""
        date = parse_date(found.group("date"), self.formats)
        council = la_in(found.group("la"))
        if date is None or council is None:
            return False
        for part in ("lead", "by", "mid"):
            self.draft.label(unit, found.group(part))
        self.state.plan_dates.append((date.isoformat(), unit, found.group("date")))
        self.la_code(council, unit, found.group("la"))
        self.state.name_mentions.append((unit, found.group("name")))
        return True

    def la_code(self, council: tuple[str, str], unit: Unit, fragment: str) -> None:
        code, _ = council
        current = self.draft.get("/metadata/la_code")
        if current is None or current == code:
            self.draft.put("/metadata/la_code", code, unit=unit, fragment=fragment, how="enum")
        else:
            self.draft.carry_reason(unit, "names a different council from the one already found")

    def row(self, item: Item) -> None:
        if any(isinstance(block, Table) for cell in item.block.cells for block in cell.blocks):
            self.nested_tables(item)
            return
        pair = _row_pair(item)
        if pair is not None:
            self.pair(pair, item)
        elif len(item.cells) > 2:
            self.contact_table_row(item.location.path.rsplit(" › ", 1)[0], list(item.cells))
        elif len(item.cells) == 1 and len(item.units) == 1:
            one = _colon_pair(item.units[0])
            if one is not None:
                self.pair(one, item)
            elif _pattern_field(label_key(item.text)) == "contact" or label_key(item.text) in self.labels.contact:
                self.heading(item)

    def nested_tables(self, item: Item) -> None:
        """A cell holding a table (a contacts table nested in a details row): its lead-in paragraphs ending in ":"
        are labels, its rows read as a contacts table."""
        by_location = {unit.location: unit for unit in item.units}
        for cell in item.block.cells:
            for block in cell.blocks:
                if not isinstance(block, Table):
                    units = [by_location[b.location] for b in iter_nested(block) if b.location in by_location]
                    self.label(u for u in units if u.text.strip().endswith(":"))
                    continue
                for row in block.rows:
                    cells = [tuple(by_location[b.location] for inner in c.blocks for b in iter_nested(inner)
                                   if b.location in by_location) for c in row.cells if c.merged_from is None]
                    self.contact_table_row(str(block.location), cells)

    def contact_table_row(self, table: str, cells: list[tuple[Unit, ...]]) -> None:
        """A row of a contacts table: the header ("Name(s) | Relationship | Address | Telephone | Email") names the
        columns; each row after it is one contact."""
        texts = [" ".join(u.text for u in cell if u.text.strip()) for cell in cells]
        fields = [self.labels.person.get(label_key(text)) if text else None for text in texts]
        if sum(f in _CONTACT_FIELDS for f in fields) >= 2 and all(f in _CONTACT_FIELDS for f, t in zip(fields, texts)
                                                                 if t):
            self.state.contact_columns[table] = fields
            self.label(u for cell in cells for u in cell)
            return
        columns = self.state.contact_columns.get(table)
        if columns is None:
            return
        contact = self.new_contact()
        for name, cell in zip(columns, cells):
            parts = [(unit, unit.text) for unit in cell if unit.text.strip()]
            if name in _CONTACT_FIELDS and parts:
                contact.fields[name] = parts

    # --- one label and its value -----------------------------------------------------------------------------------

    def pair(self, pair: _Pair, item: Item | None) -> bool:
        """Map one label/value pair; return whether its label was recognised."""
        name = self.field_of(pair.key, item)
        if name is None:
            if item is not None and item.kind == "row" and not pair.values and len(pair.key) <= 80:
                self.label(pair.labels)      # an empty row of the template: a label with nothing to say
            return False
        if name == "contact":
            self.start_contact([], pair)
            return True
        if not pair.values:
            self.label(pair.labels)
            return True
        return self.value(name, pair, item)

    def field_of(self, key: str, item: Item | None) -> str | None:
        if key in self.labels.contact or _contact_with_relationship(key, self.labels):
            return "contact"
        if key in self.identifiers:
            return self.identifiers[key]
        return _lookup(key, self.labels.metadata, self.labels.service, self.labels.person) or _pattern_field(key)

    def value(self, name: str, pair: _Pair, item: Item | None) -> bool:
        if name in _METADATA_FIELDS:
            return self.metadata(name, pair)
        if name in _IDENTIFIER_POINTERS or name.startswith("local:"):
            return self.identifier(name, pair)
        if name in _SERVICE_FIELDS:
            return self.service(name, pair)
        section = item.section if item is not None else None
        if section == "contacts":
            return self.contact_field(name, pair)
        if section in {"personal_details", "cover"}:
            return self.child(name, pair)
        return False

    # --- metadata --------------------------------------------------------------------------------------------------

    def metadata(self, name: str, pair: _Pair) -> bool:
        if name == "status":
            status = plan_status(pair.text)
            if status is None:
                return False
            self.label(pair.labels)
            self.status(status, pair.values)
        elif name == "plan_date":
            return self.plan_date(pair)
        elif name in _DATE_FIELDS:
            return self.metadata_date(_DATE_FIELDS[name], pair)
        elif name == "primary_need":
            self.primary_need(pair)
        elif name == "version":
            return self.version(pair)
        elif name in {"plan_reference", "la_code"}:
            self.label(pair.labels)
            self.put_once(f"/metadata/{name}", pair.text, pair.values, "text", name.replace("_", " "))
        return True

    def status(self, status: str, parts: list[tuple[Unit, str]]) -> None:
        self.put_once("/metadata/status", status, parts, "enum", "plan status")

    def plan_date(self, pair: _Pair) -> bool:
        found = self.date(pair)
        if found is None:
            return False
        self.label(pair.labels)
        self.state.plan_dates.append(found)
        return True

    def metadata_date(self, name: str, pair: _Pair) -> bool:
        found = self.date(pair)
        if found is None:
            return False
        iso, unit, fragment = found
        self.label(pair.labels)
        self.put_once(f"/metadata/dates/{name}", iso, [(unit, fragment)], "date", name.replace("_", " "))
        return True

    def version(self, pair: _Pair) -> bool:
        number = re.fullmatch(r"\s*v?(\d{1,3})\s*", pair.text, re.IGNORECASE)
        if not number or len(pair.values) != 1:
            return False
        self.label(pair.labels)
        self.put_once("/metadata/version", int(number.group(1)), pair.values, "number", "version")
        return True

    def primary_need(self, pair: _Pair) -> None:
        """A primary need that names an SEN type is the SEN2 type; an area of need is not one, so it is carried
        over with the reason."""
        code = sen_type(pair.text, self.draft.profile)
        if code is None:
            for unit, _ in pair.values:
                self.draft.carry_reason(unit, "the primary need names an area of need or no single SEN type; the "
                                        "standard records an SEN2 type (ASD, SPLD, MLD...)", None)
            return
        self.label(pair.labels)
        self.put_once("/metadata/primary_need", code, pair.values, "enum", "primary need")

    # --- identifiers -----------------------------------------------------------------------------------------------

    def identifier(self, name: str, pair: _Pair) -> bool:
        """A UPN, ULN, NHS number or local id. An invalid UPN, ULN or NHS number is put all the same (the model
        refuses it and the row is carried over with its reason) and a warning names the row."""
        unit, written = pair.values[0]
        written = written.strip()
        self.label(pair.labels)
        if name.startswith("local:"):
            pointer = self.draft.append("/personal_details/identifiers/local",
                                        {"system": name[len("local:"):], "value": squash(written)})
            self.draft.take(unit, written, pointer=f"{pointer}/value")
            return True
        value = re.sub(r"[\s-]", "", written).upper()
        self.draft.put(_IDENTIFIER_POINTERS[name], value, unit=unit, fragment=written, how="identifier")
        problem = identifier_problem(name, value)
        if problem:
            self.warn(unit, f"the {_IDENTIFIER_NAMES[name]} in this row {problem}; it is kept, carried over with "
                      "the reason, for a caseworker to correct", "personal_details")
        return True

    # --- services --------------------------------------------------------------------------------------------------

    def service(self, name: str, pair: _Pair) -> bool:
        if name in _SERVICE_BOOLEANS:
            return self.boolean(f"/services/{name}", pair)
        handler = {"education_setting": self.setting, "urn": self.setting_id, "ukprn": self.setting_id,
                   "gp": self.gp, "key_health_professional": self.health_professional,
                   "previous_la": self.previous_la, "professionals": self.professionals,
                   "placement_named": self.placement_named, "move_in_date": self.move_in}[name]
        return handler(name, pair)

    def boolean(self, pointer: str, pair: _Pair) -> bool:
        unit, fragment = pair.values[0]
        word = re.match(r"\s*(yes|no|y|n|true|false)\b", fragment, re.IGNORECASE)
        if word is None or len(pair.values) != 1:
            return False
        self.label(pair.labels)
        self.draft.put(pointer, _BOOLEAN[word.group(1).casefold()], unit=unit, fragment=word.group(1),
                       how="boolean")
        return True

    def setting(self, name: str, pair: _Pair) -> bool:
        """The education setting; a URN in brackets after its name goes to the URN."""
        self.label(pair.labels)
        with_urn = WITH_URN.match(pair.text) if len(pair.values) == 1 else None
        if with_urn is None:
            self.put_once("/services/education_setting/name", pair.text, pair.values, "text", "education setting")
            return True
        unit = pair.values[0][0]
        self.put_once("/services/education_setting/name", with_urn.group("name"), [(unit, with_urn.group("name"))],
                      "text", "education setting")
        self.draft.label(unit, with_urn.group("label"))
        self.draft.put("/services/education_setting/urn", with_urn.group("urn"), unit=unit,
                       fragment=with_urn.group("urn"), how="identifier")
        return True

    def setting_id(self, name: str, pair: _Pair) -> bool:
        unit, written = pair.values[0]
        self.label(pair.labels)
        value = re.sub(r"\s", "", written)
        self.draft.put(f"/services/education_setting/{name}", value, unit=unit, fragment=written.strip(),
                       how="identifier")
        return True

    def gp(self, name: str, pair: _Pair) -> bool:
        self.label(pair.labels)
        self.put_once("/services/gp", pair.text, pair.values, "text", "GP")
        return True

    def health_professional(self, name: str, pair: _Pair) -> bool:
        self.label(pair.labels)
        base = "/services/key_health_professional"
        self.professional(base, pair.values[0][0], pair.text)
        return True

    def professional(self, pointer: str, unit: Unit, text: str) -> None:
        """"SENCo, Castlebrook Junior School" → role and organisation; one part → the role."""
        text = text.strip().rstrip(".")
        role, _, organisation = text.partition(", ")
        self.draft.put(f"{pointer}/role", role.strip(), unit=unit, fragment=role.strip())
        if organisation.strip():
            self.draft.put(f"{pointer}/organisation", organisation.strip(), unit=unit, fragment=organisation.strip())

    def professionals(self, name: str, pair: _Pair) -> bool:
        """"Professionals involved: A; B, Organisation; C." → one entry per part."""
        self.label(pair.labels)
        for unit, fragment in pair.values:
            for part in re.split(r"\s*[;\n]\s*", fragment):
                if part.strip(" ."):
                    pointer = self.draft.append("/services/other_professionals", {})
                    self.professional(pointer, unit, part)
        return True

    def previous_la(self, name: str, pair: _Pair) -> bool:
        """"Gateshead Council (plan transferred 29/07/2024)": the previous LA, and a transfer-in event when dated."""
        unit, text = pair.values[0]
        council = la_in(text)
        if council is None or len(pair.values) != 1:
            return False
        code, words = council
        self.label(pair.labels)
        self.draft.put("/services/previous_la", code, unit=unit, fragment=words, how="enum")
        if self.draft.get("/services/moving_from_another_la") is None:
            self.draft.put("/services/moving_from_another_la", True)
        self.state.previous_la = (code, unit, words)
        rest = text.replace(words, " ", 1)
        found = find_date(rest, self.formats)
        if found:
            self.transfer_event(code, found[0], [(unit, found[1])], rest)
        return True

    def transfer_event(self, code: str, iso: str, parts: list[tuple[Unit, str]], wording: str = "") -> None:
        pointer = self.draft.append("/metadata/events", {"type": "transfer_in", "other_la": code})
        for unit, fragment in parts:
            self.draft.put(f"{pointer}/date", iso, unit=unit, fragment=fragment, how="date")
        words = re.search(r"\b(plan )?transferred( in)?\b", wording, re.IGNORECASE)
        if words and parts:
            self.draft.take(parts[0][0], words.group(), how="enum", pointer=f"{pointer}/type")
        if not parts:
            self.draft.put(f"{pointer}/date", iso)

    def placement_named(self, name: str, pair: _Pair) -> bool:
        self.state.placement_named = pair
        return True

    def move_in(self, name: str, pair: _Pair) -> bool:
        if self.date(pair) is None:
            return False
        self.state.move_in = pair
        return True

    # --- the child and the contacts ---------------------------------------------------------------------------------

    def child(self, name: str, pair: _Pair) -> bool:
        base = "/personal_details"
        if name in {"name", "other_names"}:
            return self.child_name(name, pair)
        if name in {"forename", "middle_names", "surname"}:
            self.label(pair.labels)
            return self.put_once(f"{base}/name/{name}", pair.text, pair.values, "text", name.replace("_", " "))
        if name == "date_of_birth":
            found = self.date(pair)
            if found is None:
                return False
            self.label(pair.labels)
            return self.put_once(f"{base}/date_of_birth", found[0], [found[1:]], "date", "date of birth")
        if name == "address":
            self.state.child_address = pair
            return True
        if name in {"preferred_name", "sex", "ethnicity", "first_language", "parent_first_language"}:
            self.label(pair.labels)
            return self.put_once(f"{base}/{name}", pair.text, pair.values, "text", name.replace("_", " "))
        return False

    def child_name(self, name: str, pair: _Pair) -> bool:
        """A full "Name" split into its parts; "Other names" (beside "Surname") into forename and middle names."""
        unit, text = pair.values[0]
        if len(pair.values) != 1:
            return False
        if name == "other_names":
            words = squash(text).split(" ", 1)
            parts = {"forename": words[0], "middle_names": words[1] if len(words) > 1 else None}
        else:
            split = split_name(text)
            if split is None:
                return False
            parts = dict(zip(("forename", "middle_names", "surname"), split))
            if split[1]:
                self.warn(unit, "a full name was split into forename, middle names and surname by position; "
                          "check the split", "personal_details")
        self.label(pair.labels)
        for part, value in parts.items():
            if value:
                self.put_once(f"/personal_details/name/{part}", value, [(unit, value)], "text", part)
        return True

    def new_contact(self) -> _Contact:
        contact = _Contact()
        self.state.contacts.append(contact)
        self.state.contact = contact
        return contact

    def start_contact(self, labels: list[Unit], pair: _Pair | None = None) -> None:
        """Open a contact at a contact heading, or at a label whose value is the contact ("Jane Doe", or
        "Jane Doe, 07700 900123"); a relationship in the label's brackets is the contact's relationship."""
        contact = self.new_contact()
        contact.labels += labels
        if pair is None:
            return
        contact.labels += [unit for unit, _ in pair.labels]
        unit, label = pair.labels[0]
        with_relationship = (_contact_with_relationship(label_key(label), self.labels) if len(pair.labels) == 1
                             else None)
        if with_relationship:
            self.draft.label(unit, label[: label.rindex("(")])
            contact.fields["relationship"] = [(unit, label[label.rindex("(") + 1: label.rindex(")")].strip())]
        else:
            self.label(pair.labels)
        if pair.values:
            contact.officer = OFFICER.search(pair.text) is not None
            contact.fields.update(_contact_details(pair.values, self.labels.relationships) if not contact.officer
                                  else {"name": pair.values})

    def contact_field(self, name: str, pair: _Pair) -> bool:
        if name not in _CONTACT_FIELDS:
            return False
        contact = self.state.contact
        if contact is None or (contact.has(name) and name != "address"):
            contact = self.new_contact()
        contact.labels += [unit for unit, _ in pair.labels]
        contact.fields[name] = pair.values
        self.label(pair.labels)
        return True

    # --- section A -------------------------------------------------------------------------------------------------

    def section_a(self, item: Item) -> None:
        state = self.state
        if item.subsection != (state.a_target or ("", ""))[0]:
            state.a_target = (item.subsection or "", self.a_pointer(item))
        if _is_label_item(item) and item.kind != "row":
            self.a_heading(item)
            return
        units = list(item.units)
        if item.kind == "row" and item.placement.method in LABEL_METHODS:
            self.label(item.cells[0])
            units = [unit for cell in item.cells[1:] for unit in cell]
            prompts = {n for n in ("strength", "interest", "aspiration", "view") if n in normalise(item.text.split(
                " | ")[0])}
            if len(prompts) > 1:
                self.warn(item, f"one row answers several prompts ({', '.join(sorted(prompts))}); all of it was put "
                          "in the A2 field its label matched, for a caseworker to split", "A")
        for unit in units:
            self.a_unit(item, unit)

    def a_pointer(self, item: Item) -> str:
        return A_POINTERS.get(item.subsection or "", "")

    def a_heading(self, item: Item) -> None:
        """A prompt heading: a label; when its field already holds another prompt's text, the heading goes in as a
        line so the two stay apart."""
        pointer = self.a_pointer(item)
        if not pointer and "need" in normalise(item.text) and item.placement.method not in {"letter", "part"}:
            self.carry(list(item.units), "a summary that mixes strengths and needs: strengths belong in A2, needs "
                       "in B, C or D", "A")      # its list is carried over: the heading goes with it
        elif pointer and self.draft.get(pointer) and item.placement.method not in {"letter", "part"}:
            for unit in item.units:
                self.add_line(pointer, unit, heading=True)
        else:
            self.label(item.units)
        if item.subsection == "support":
            self.warn_once("support", item, "'How best to support me' was kept in A1 (how to communicate); support "
                           "that is specific belongs in section F", "A")

    def a_unit(self, item: Item, unit: Unit) -> None:
        if not unit.text.strip():
            return
        key = label_key(unit.text.replace("’", "'"))
        if CHILD_VOICE.match(key) or PARENT_VOICE.match(key):
            self.label([unit])
            self.state.a_target = (item.subsection or "", A_POINTERS["views" if CHILD_VOICE.match(key)
                                                                    else "parent_views"])
            return
        pointer = self.state.a_target[1] if self.state.a_target else ""
        if pointer == A_POINTERS["views"] and VIEWS_GATHERED.search(unit.text) and not _quoted(unit.text):
            pointer = A_POINTERS["how_gathered"]
        if pointer:
            self.add_line(pointer, unit)
        else:
            self.a_unplaced(item, unit)

    def a_unplaced(self, item: Item, unit: Unit) -> None:
        """Section A text under no known prompt: a needs list goes to B; a mixed summary of strengths and needs is
        carried over; other prose goes to A2 views, with a warning."""
        heading = normalise(item.placement.label or item.heading or "")
        if item.subsection == "needs_flag":
            self.draft.carry_reason(unit, "needs listed in section A ('Things that I need help with') belong in "
                                    "B, C or D", "B")
        elif "need" in heading:
            self.draft.carry_reason(unit, "a summary that mixes strengths and needs: strengths belong in A2, needs "
                                    "in B, C or D", "A")
        elif item.subsection:
            self.draft.carry_reason(unit, f"no A1 or A2 field for '{item.subsection}' text", "A")
        else:
            self.add_line(A_POINTERS["views"], unit)
            self.warn_once("a-views", item, "section A text under no known prompt was put in A2 views; check "
                           "whether parts belong in A1", "A")

    # --- section I (mapped at the end, once the status is known) ---------------------------------------------------

    def placement(self) -> None:
        draft_plan = self.draft.get("/metadata/status") == "draft"
        for item in self.state.placement_items:
            if _is_label_item(item):
                self.label(item.units)
                continue
            named = False
            for pair in self.placement_pairs(item):
                name = self.labels.placement.get(pair.key)
                if name is None:
                    continue
                if not pair.values:
                    self.label(pair.labels)
                elif draft_plan:
                    named = True
                    self.carry(pair.units, "a draft plan must not name a placement (CFA s.38(5))", "I")
                else:
                    self.placement_value(name, pair)
            if draft_plan and not named:
                self.carry(list(item.units), "a draft plan names no placement (CFA s.38(5)); its wording is kept "
                           "here", "I")
        self.placement_repeat()

    def placement_pairs(self, item: Item) -> list[_Pair]:
        pair = _row_pair(item)
        if pair is not None:
            return [pair]
        return [found for unit in item.units if (found := _colon_pair(unit)) is not None]

    def placement_pointer(self) -> str:
        """The pointer of the (first) placement, made when there is none yet."""
        if not self.draft.get("/placement/placements"):
            return self.draft.append("/placement/placements", {})
        return "/placement/placements/0"

    def placement_value(self, name: str, pair: _Pair) -> None:
        pointer = self.placement_pointer()
        self.label(pair.labels)
        if name == "name_type":
            with_type = WITH_TYPE.match(pair.text) if len(pair.values) == 1 else None
            if with_type is None:
                name = "name"
            else:
                unit = pair.values[0][0]
                for part in ("name", "type"):
                    self.put_once(f"{pointer}/{part}", with_type.group(part), [(unit, with_type.group(part))],
                                  "text", f"placement {part}")
                return
        if name in {"urn", "ukprn"}:
            unit, written = pair.values[0]
            self.draft.put(f"{pointer}/{name}", re.sub(r"\s", "", written), unit=unit, fragment=written.strip(),
                           how="identifier")
            return
        self.put_once(f"{pointer}/{name}", pair.text, pair.values, "text", f"placement {name}")
        if name == "type":
            pattern = _attendance(pair.text)
            if pattern:
                self.draft.put(f"{pointer}/attendance_pattern", pattern)

    def placement_repeat(self) -> None:
        """"Educational Placement named in this EHC Plan" on the details page: the placement of section I again."""
        pair = self.state.placement_named
        if pair is None:
            return
        if not pair.values:
            self.label(pair.labels)
            return
        if self.draft.get("/metadata/status") == "draft":
            self.carry(pair.units, "a draft plan must not name a placement (CFA s.38(5))", "I")
            return
        pointer = f"{self.placement_pointer()}/name"
        current = self.draft.get(pointer)
        if current is None or squash(current).casefold() == squash(pair.text).casefold():
            self.label(pair.labels)
            self.put_once(pointer, current or pair.text, pair.values, "text", "placement name")

    # --- section J ---------------------------------------------------------------------------------------------------

    def section_j(self, item: Item) -> None:
        """Every line of J goes to its details, verbatim; a budget item stated clearly (see :mod:`._budget`) is
        read from it as well."""
        if _is_label_item(item):
            self.label(item.units)
            return
        pointer = "/personal_budget/details"
        if self.budget_table_row(item):
            return
        pair = _row_pair(item)
        if pair is not None and pair.values:
            line = f"{squash(' '.join(t for _, t in pair.labels))}: {pair.text}"
            current = self.draft.get(pointer)
            self.draft.put(pointer, f"{current}\n{line}" if current else line)
            for unit, fragment in pair.labels + pair.values:
                self.draft.take(unit, fragment, pointer=pointer)
            if not NO_BUDGET.search(line):
                self.budget_item(item, read_statement(line), [u for u, _ in pair.labels + pair.values])
            return
        for unit in item.units:
            if NO_BUDGET.search(unit.text):
                self.draft.put("/personal_budget/not_applicable", True)
            self.add_line(pointer, unit)
            if unit.text.strip() and not NO_BUDGET.search(unit.text):
                self.budget_item(item, read_statement(unit.text), [unit])

    def budget_table_row(self, item: Item) -> bool:
        """A row of a budget table: its header (remembered, then kept in details) or a row under it (kept in
        details, and read as a budget item when clear). ``False`` for any other item."""
        if item.kind not in {"row", "header_row"} or len(item.cells) < 2:
            return False
        table = _table_of(item)
        columns = budget_columns([cell_text(cell) for cell in item.cells])
        if columns is not None:
            self.state.j_columns[table] = columns
        elif table not in self.state.j_columns or len(self.state.j_columns[table]) != len(item.cells):
            return False
        for unit in item.units:
            self.add_line("/personal_budget/details", unit)
        if columns is None:
            cells = dict(zip(self.state.j_columns[table], item.cells))
            texts = {kind: cell_text(units) for kind, units in cells.items() if kind}
            self.budget_item(item, read_row(texts), list(item.units), cells.get("funds"))
        return True

    def budget_item(self, item: Item, reading: BudgetReading | None, units: list[Unit],
                    funds_units: tuple[Unit, ...] | None = None) -> None:
        """Add the budget item ``reading`` gives (nothing for ``None``), each value taken from the unit of
        ``units`` that holds its fragment: the mechanism and period read as codes, the amount as a number, what it
        funds verbatim."""
        if reading is None:
            return
        count = len(self.draft.get("/personal_budget/items") or [])
        pointer = self.draft.append("/personal_budget/items", {"id": f"J-{count + 1}"})
        values = [("mechanism", reading.mechanism.value, reading.mechanism_text, "enum"),
                  ("amount_pence", reading.amount_pence, reading.amount_text, "number"),
                  ("period", reading.period.value if reading.period else None, reading.period_text, "enum"),
                  ("provider", reading.provider, reading.provider, "text")]
        if funds_units is None:
            values.append(("funds", reading.funds, reading.funds, "text"))
        else:
            self.draft.put(f"{pointer}/funds", reading.funds)
            for unit in funds_units:
                if unit.text.strip():
                    self.draft.take(unit, how="text", pointer=f"{pointer}/funds")
        for name, value, fragment, how in values:
            if value is None:
                continue
            unit = next((u for u in units if fragment and fragment in u.text), None)
            self.draft.put(f"{pointer}/{name}", value, unit=unit, fragment=fragment, how=how)
        self.warn(item, f"budget item J-{count + 1} was read from the wording "
                  "of section J, which is also kept in its details: check how it is held, the amount and what it "
                  "funds, and link the needs and outcomes it meets", "J")

    # --- section K ---------------------------------------------------------------------------------------------------

    def section_k(self, item: Item) -> None:
        if item.kind == "header_row":
            self.label(item.units)
            self.state.k_columns[_table_of(item)] = _advice_columns(item)
        elif _is_label_item(item):
            self.label(item.units)
        elif item.kind == "row":
            self.advice_row(item)
        elif self.sign_off(item):
            return
        elif isinstance(item.block, ListItem) and item.units[0].text.strip():
            self.advice_entry([("advice", item.units)])
        elif re.search(r"case ?worker|co-?ordinator|case officer", normalise(item.text)):
            self.carry(list(item.units), "the council officer for the plan: the standard has no field for it (the "
                       "sign-off names the officer who signs)")

    def advice_row(self, item: Item) -> None:
        columns = self.state.k_columns.get(_table_of(item))
        if columns is None or len(columns) != len(item.cells):
            columns = [(kind, "") for kind in item.kinds] if item.kinds else _guess_columns(item, self.formats)
        self.advice_entry([(_column_role(kind, header), cell) for (kind, header), cell in zip(columns, item.cells)])

    def advice_entry(self, cells: list[tuple[str | None, tuple[Unit, ...]]]) -> None:
        """One row of K: the advice (description), who from, role, date received and the kind of advice. An empty
        row is skipped."""
        filled = [(role, [(unit, unit.text) for unit in cell if unit.text.strip()]) for role, cell in cells]
        filled = [(role, parts) for role, parts in filled if parts and role is not None]
        if not filled:
            return
        entries = self.draft.get("/advice/entries") or []
        pointer = self.draft.append("/advice/entries", {"id": f"K-{len(entries) + 1}"})
        texts: dict[str, str] = {}
        tag = None
        for role, parts in filled:
            if role == "reference":
                tag = parts
                continue
            texts[role] = " ".join(squash(text) for _, text in parts)
            self.advice_cell(pointer, role, parts)
        kind = self.labels.advice_type((texts.get("advice", ""), texts.get("role", ""), texts.get("author", ""),
                                        texts.get("who", "")))
        if kind == "other" and tag and normalise(tag[0][1]) in self.labels.advice_tags:
            kind = self.labels.advice_tags[normalise(tag[0][1])]
        self.draft.put(f"{pointer}/advice_type", kind)
        if tag:
            self.advice_tag(pointer, tag)

    def advice_cell(self, pointer: str, role: str, parts: list[tuple[Unit, str]]) -> None:
        if role == "advice":
            for unit, _ in parts:
                self.add_line(f"{pointer}/description", unit)
        elif role == "date":
            found = find_date(parts[0][1], self.formats)
            if found:
                self.draft.put(f"{pointer}/date_received", found[0], unit=parts[0][0], fragment=found[1], how="date")
        elif role in {"who", "role"}:
            field_name = "who_from" if role == "who" else "role"
            value = " ".join(squash(text) for _, text in parts)
            self.draft.put(f"{pointer}/{field_name}", value)
            for unit, text in parts:
                self.draft.take(unit, text, pointer=f"{pointer}/{field_name}")
        elif role == "author":
            unit, text = parts[0]
            who, _, what = text.partition(", ")
            self.draft.put(f"{pointer}/who_from", who.strip(), unit=unit, fragment=who.strip())
            if what.strip():
                self.draft.put(f"{pointer}/role", what.strip(), unit=unit, fragment=what.strip())

    def advice_tag(self, pointer: str, tag: list[tuple[Unit, str]]) -> None:
        """A reference cell: a row number is a label (the entry's id replaces it); a source tag such as "K2" is read
        as the kind of advice."""
        unit, text = tag[0]
        if normalise(text) in self.labels.advice_tags:
            self.draft.take(unit, text, how="enum", pointer=f"{pointer}/advice_type")
        elif re.fullmatch(r"\s*\(?[A-Za-z]?-?\d{1,3}[.)]?\s*", text):
            self.draft.label(unit, text)

    def sign_off(self, item: Item) -> bool:
        """"Signed: NAME on behalf of COUNCIL" (or "Signed on behalf of the Local Authority: NAME"), then
        "Date: …" → the sign-off, made at the end."""
        unit = item.units[0] if len(item.units) == 1 else None
        if unit is None or not unit.text.strip():
            return False
        signed = SIGNED.match(unit.text.strip())
        pair = _colon_pair(unit)
        if signed and label_key(signed.group("label")) in self.labels.signed:
            self.state.signed = _SignOff(unit, [signed.group("label")], signed.group("name").strip(),
                                         signed.group("behalf"), signed.group("la"))
        elif pair is not None and pair.key in self.labels.signed:
            self.state.signed = _SignOff(unit, [pair.labels[0][1]], pair.values[0][1] if pair.values else "")
        elif pair is not None and pair.key == "date" and self.state.signed and self.state.signed.date is None:
            found = self.date(pair)
            if found is None:
                return False
            self.state.signed.date = (found, pair.labels)
        else:
            return False
        return True

    def finish_sign_off(self) -> None:
        signed = self.state.signed
        if signed is None:
            return
        unit = signed.unit
        if not signed.name:
            self.warn(unit, "the sign-off line names no officer", "sign_off")
            if signed.date:
                self.draft.carry_reason(signed.date[0][1], "a sign-off date with no officer's name: the standard's "
                                        "sign-off needs the officer", None)
        else:
            self.draft.put("/sign_off/officer_name", signed.name, unit=unit, fragment=signed.name)
            if signed.date:
                (iso, date_unit, fragment), labels = signed.date
                self.label(labels)
                self.draft.put("/sign_off/date", iso, unit=date_unit, fragment=fragment, how="date")
        council = la_in(signed.council or "") if signed.behalf else None
        if council and (signed.name or self.draft.get("/metadata/la_code") in {None, council[0]}):
            self.draft.label(unit, signed.behalf)
            self.la_code(council, unit, signed.council)
        if signed.name or council:
            self.label([(unit, label) for label in signed.labels])

    # --- elsewhere: metadata paragraphs in any section ---------------------------------------------------------------

    def elsewhere(self, item: Item) -> None:
        """Outside the details and A, I, J, K only "Label: value" metadata paragraphs and sign-off lines are read;
        a sentence giving the next review date is noted (the text stays with its section)."""
        if item.kind in {"row", "header_row"} or len(item.units) != 1:
            return
        unit = item.units[0]
        if self.sign_off(item):
            return
        pair = _colon_pair(unit)
        if pair is not None and pair.key in self.labels.metadata:
            self.pair(pair, item)
            return
        found = REVIEW_SENTENCE.search(unit.text)
        date = parse_date(found.group("date"), self.formats) if found else None
        if date and self.state.review_sentence is None:
            self.state.review_sentence = (date.isoformat(), unit)

    # --- the end: what waited for the whole document -----------------------------------------------------------------

    def finish(self) -> None:
        self.status_from_furniture()
        self.plan_dates()
        self.review_from_sentence()
        self.contacts()
        self.name_mentions()
        self.placement()
        self.finish_sign_off()
        self.finish_move_in()

    def status_from_furniture(self) -> None:
        """With no status in the body, a marking in the page headers or footers ("… Plan (Draft)") is evidence."""
        if self.draft.get("/metadata/status") is not None:
            return
        for block in self.document.headers_footers:
            for text in block_texts(block):
                found = re.search(r"\((draft|final|amended(?: final)?|proposed)\)|\bdraft\b", text, re.IGNORECASE)
                status = plan_status(found.group(1) or found.group()) if found else None
                if status:
                    self.draft.put("/metadata/status", status)
                    self.warn(block.location, f"the plan's status ({status}) was read from the page furniture",
                              "cover")
                    return

    def plan_dates(self) -> None:
        """The date of the plan fills the final, amended or draft issue date, by status."""
        status = self.draft.get("/metadata/status") or "final"
        for iso, unit, fragment in self.state.plan_dates:
            for name in _PLAN_DATE_POINTERS.get(status, ("final_issued", "version_issued")):
                self.put_once(f"/metadata/dates/{name}", iso, [(unit, fragment)] if unit else [], "date",
                              "date of the plan")

    def review_from_sentence(self) -> None:
        found = self.state.review_sentence
        if found is None or self.draft.get("/metadata/dates/next_review_due") is not None:
            return
        self.draft.put("/metadata/dates/next_review_due", found[0])
        self.warn(found[1], "the next review date was read from this sentence", "metadata")

    def contacts(self) -> None:
        """Contacts in order: the first parent or carer is the main contact, the second parent or carer 2; the
        council's own contact and any third person are carried over with the reason."""
        people = [c for c in self.state.contacts if c.fields and not c.officer]
        for contact in self.state.contacts:
            if contact.officer:
                self.carry(contact.units, "the council's contact for the plan (a case officer), not a parent or "
                           "carer: the standard's main contact is parent or carer 1 or the young person")
            elif not contact.fields:
                self.label(contact.labels)
        for index, contact in enumerate(people):
            if index >= 2:
                self.carry(contact.units, "the standard has room for two parent or carer contacts")
                continue
            base = "/main_contacts/" + ("main_contact" if index == 0 else "parent_or_carer_2")
            self.contact(base, contact)
        self.child_address(people[0] if people else None)

    def carry(self, units: list[Unit], reason: str, suggested: str | None = None) -> None:
        for unit in units:
            self.draft.carry_reason(unit, reason, suggested)

    def contact(self, base: str, contact: _Contact) -> None:
        self.label(contact.labels)
        fields = contact.fields
        self.contact_name(base, fields)
        for name in ("relationship", "email", "telephone"):
            if name in fields:
                self.put_once(f"{base}/{name}", " ".join(squash(t) for _, t in fields[name]), fields[name], "text",
                              f"contact's {name}")
        if base.endswith("main_contact") and label_key(self.draft.get(f"{base}/relationship") or "") in {
                "self", "young person", "the young person"}:
            self.draft.put("/main_contacts/young_person_applying_independently", True)
        if "address" in fields and not (base.endswith("parent_or_carer_2")
                                        and self.repeats("/main_contacts/main_contact/address", fields["address"])):
            self.address(f"{base}/address", fields["address"])

    def contact_name(self, base: str, fields: dict[str, list[tuple[Unit, str]]]) -> None:
        parts = fields.get("name") or [part for name in ("forename", "other_names", "middle_names", "surname")
                                       for part in fields.get(name, [])]
        if parts:
            self.draft.put(f"{base}/name", " ".join(squash(text) for _, text in parts))
            for unit, text in parts:
                self.draft.take(unit, text, pointer=f"{base}/name")

    def address(self, pointer: str, parts: list[tuple[Unit, str]]) -> None:
        """An address kept verbatim in the line fields (line 1, line 2, town); the postcode only if it validates."""
        for name, pieces in _address_fields(parts).items():
            self.draft.put(f"{pointer}/{name}", ", ".join(squash(text) for _, text in pieces))
            for unit, text in pieces:
                self.draft.take(unit, text, pointer=f"{pointer}/{name}")

    def child_address(self, main: _Contact | None) -> None:
        """The standard keeps the home address with the main contact: the child's address fills it when the main
        contact gives none, and is taken as a repeat when it matches."""
        pair = self.state.child_address
        if pair is None:
            return
        if not pair.values:
            self.label(pair.labels)
            return
        if main is None:
            self.carry(pair.units, "the standard keeps the home address with the main contact, and no parent or "
                       "carer contact was found")
            return
        base = "/main_contacts/main_contact/address"
        if self.draft.get(base) is None:
            self.label(pair.labels)
            self.address(base, pair.values)
        elif self.repeats(base, pair.values):
            self.label(pair.labels)
        else:
            self.carry(pair.units, "the child's address differs from the main contact's; the standard keeps one "
                       "home address, with the main contact")

    def repeats(self, base: str, parts: list[tuple[Unit, str]]) -> bool:
        """Take each address part as a repeat of a field of the address at ``base`` that holds it; ``False`` (and
        nothing taken) unless every part is there."""
        pieces = [(unit, piece.strip()) for unit, text in parts for piece in re.split(r"[\n,]", text) if piece.strip()]
        address = self.draft.get(base) or {}
        found = []
        for unit, piece in pieces:
            name = next((n for n, v in address.items() if isinstance(v, str) and piece in v), None)
            if name is None:
                return False
            found.append((unit, piece, f"{base}/{name}"))
        for unit, piece, pointer in found:
            self.draft.take(unit, piece, pointer=pointer)
        return True

    def name_mentions(self) -> None:
        """The child's name on the cover or in the title repeats the name in the personal details: each word is
        taken at the name part holding it; with no name found elsewhere, the cover's name is split and used."""
        base = "/personal_details/name"
        for unit, text in self.state.name_mentions:
            if self.draft.get(f"{base}/surname") is None:
                split = split_name(text)
                if split:
                    for part, value in zip(("forename", "middle_names", "surname"), split):
                        if value:
                            self.draft.put(f"{base}/{part}", value, unit=unit, fragment=value)
                continue
            name = self.draft.get(base) or {}
            words = squash(text).split()
            pointers = [next((f"{base}/{p}" for p, v in name.items() if v and word in v.split()), None)
                        for word in words]
            if all(pointers):
                for word, pointer in zip(words, pointers):
                    self.draft.take(unit, word, pointer=pointer)

    def finish_move_in(self) -> None:
        pair = self.state.move_in
        if pair is None:
            return
        found = self.date(pair)
        if self.state.previous_la is None or found is None:
            self.carry(pair.units, "a move-in date with no previous local authority named: a transfer needs both")
            return
        self.label(pair.labels)
        iso, unit, fragment = found
        events = self.draft.get("/metadata/events") or []
        transfer = next((n for n, e in enumerate(events) if e.get("type") == "transfer_in"), None)
        if transfer is None:
            self.transfer_event(self.state.previous_la[0], iso, [(unit, fragment)])
        else:
            self.draft.put(f"/metadata/events/{transfer}/move_date", iso, unit=unit, fragment=fragment, how="date")


# --- helpers of the mapper ---------------------------------------------------------------------------------------


def _contact_with_relationship(key: str, labels: DetailIndex) -> bool:
    """True for a contact label with a relationship in brackets: "parent or carer (father)"."""
    found = re.fullmatch(r"(?P<label>.+?)\s*\((?P<relationship>[^()]+)\)", key)
    return bool(found) and found.group("relationship").strip() in labels.relationships and (
        found.group("label") in labels.contact or _pattern_field(found.group("label")) == "contact")


_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,19}")
_EMAIL = re.compile(r"\S+@\S+\.\S+")


def _contact_details(values: list[tuple[Unit, str]], relationships: set[str]) -> dict[str, list[tuple[Unit, str]]]:
    """A contact's value: a name, or "name, telephone, email, relationship" parts told apart by their shape; when
    the parts cannot be told apart the whole value is the name."""
    fields: dict[str, list[tuple[Unit, str]]] = {}
    for unit, text in values:
        pieces = [piece.strip() for piece in text.split(",") if piece.strip()]
        for piece in pieces if len(pieces) > 1 else [text.strip()]:
            kind = ("email" if _EMAIL.fullmatch(piece) else "telephone" if _PHONE.fullmatch(piece)
                    else "relationship" if label_key(piece) in relationships and len(pieces) > 1 else "name")
            fields.setdefault(kind, []).append((unit, piece))
    if len(fields.get("name", [])) > 1:
        return {"name": values}
    return fields


def _is_label_item(item: Item) -> bool:
    """True when the whole item is a label the section finder matched: a heading or heading-like paragraph, or a
    one-cell row."""
    if item.placement.method not in LABEL_METHODS:
        return False
    if item.kind in {"heading", "paragraph", "list_item"}:
        return True
    return item.kind == "row" and sum(1 for cell in item.cells if any(u.text.strip() for u in cell)) == 1 \
        and len(item.units) == 1


def _quoted(text: str) -> bool:
    return text.strip()[:1] in {"“", '"', "‘", "'"}


def _table_of(item: Item) -> str:
    return item.location.path.rsplit(" › ", 1)[0]


def _advice_columns(item: Item) -> list[tuple[str | None, str]]:
    kinds = item.kinds or (None,) * len(item.cells)
    return [(kind, label_key(" ".join(u.text for u in cell))) for kind, cell in zip(kinds, item.cells)]


def _column_role(kind: str | None, header: str) -> str | None:
    """What a section K column holds: ``advice``, ``date``, ``reference``, ``who`` (a name), ``role``, or
    ``author`` (a name and a role, "Mrs X, SENCo")."""
    if kind != "author":
        return kind
    if "role" in header and ("author" in header or "name" in header):
        return "author"
    if "role" in header or "title" in header or "organisation" in header:
        return "role"
    return "who" if header else "author"


def _guess_columns(item: Item, formats: list[str]) -> list[tuple[str | None, str]]:
    """A K row with no header: a cell that is a date is the date, the first other cell the advice, the next its
    author."""
    roles: list[tuple[str | None, str]] = []
    others = iter(("advice", "author"))
    for cell in item.cells:
        text = " ".join(u.text for u in cell).strip()
        if text and parse_date(text, formats):
            roles.append(("date", ""))
        else:
            roles.append((next(others, None) if text else None, ""))
    return roles


def _attendance(text: str) -> str | None:
    folded = normalise(text)
    for pattern, value in ((r"\b52[- ]week", "52_week_residential"), (r"\bweekly residential", "weekly_residential"),
                           (r"\btermly residential", "termly_residential")):
        if re.search(pattern, folded):
            return value
    return None


_POSTCODE = re.compile(POSTCODE_PATTERN)
_TRAILING_POSTCODE = re.compile(r"^(?P<rest>.*\S)\s+(?P<postcode>[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2})$")


def _address_fields(parts: list[tuple[Unit, str]]) -> dict[str, list[tuple[Unit, str]]]:
    """Split an address (lines, or parts separated by commas) into line 1, line 2, town and a valid postcode, each
    part kept as written."""
    pieces = [(unit, piece.strip()) for unit, text in parts for line in text.split("\n")
              for piece in line.split(",") if piece.strip()]
    fields: dict[str, list[tuple[Unit, str]]] = {}
    if pieces:
        unit, last = pieces[-1]
        trailing = _TRAILING_POSTCODE.match(last)
        if _POSTCODE.fullmatch(last):
            fields["postcode"] = [pieces.pop()]
        elif trailing:
            pieces[-1] = (unit, trailing.group("rest"))
            fields["postcode"] = [(unit, trailing.group("postcode"))]
    if len(pieces) >= 3:
        fields.update(line_1=pieces[:-2], line_2=[pieces[-2]], town=[pieces[-1]])
    elif len(pieces) == 2:
        fields.update(line_1=[pieces[0]], town=[pieces[1]])
    elif pieces:
        fields["line_1"] = pieces
    return fields
