"""The small readers every part of :mod:`.map_details` uses: dates, names, SEN types, plan statuses and
identifier checks, and a label with its value (a "label | value" row or a "Label: value" paragraph) as a
:class:`_Pair`. The wording they read by is the profile's ``labels`` key (compiled once per profile in
:class:`~._labels.DetailIndex`); what stays here is not a layout's wording (SEN2 codes, date shapes).

The public readers are re-exported by :mod:`.map_details`, which documents the mapping as a whole.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..model.identifiers import (
    NHS_NUMBER_PATTERN,
    ULN_PATTERN,
    UPN_PATTERN,
    nhs_check_digit,
    upn_check_letter,
)
from ..model.la_codes import is_known_la_code
from ._labels import DetailIndex, label_index
from .draft import Item, Unit, squash
from .profile import Profile, _generic, label_key, normalise

# --- constants, none of them a layout's wording -------------------------------------------------------------
# (that is the profile's ``labels`` key: the labels, the words of SEN types, kinds of advice and plan
# statuses, and the patterns of labels with free wording, read through ``label_index(profile).details``)

#: SEN2 codes accepted when a value is just the code ("ASD", "SpLD").
SEN_TYPE_CODES = {"ASD", "ASC", "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "DS"}

#: Dates inside a longer value.
DATE_IN_TEXT = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|"
                          r"\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}\b")
#: Placement methods that mean the block is itself a label (see
#: :class:`~ehcp_standard.convert.sections.LabelPlacement`).
LABEL_METHODS = frozenset({"letter", "part", "exact", "normalised", "prefix", "fuzzy"})
#: Name particles that belong to the surname ("van der Berg").
PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "della", "st",
                       "bin", "al", "el", "ap", "ter", "ten", "dos", "das"})

_MONTH_FORMATS = ("%d %B %Y", "%d %b %Y")


def _details(profile: Profile | None) -> DetailIndex:
    """The (cached) details labels of ``profile``, or of the built-in ``generic`` profile."""
    return label_index(profile if profile is not None else _generic()).details


# --- small readers ------------------------------------------------------------------------------------------


def parse_date(text: str, formats: list[str] | tuple[str, ...]) -> _dt.date | None:
    """Return the date ``text`` is written as in one of ``formats`` (``strptime`` formats, tried in order;
    "2nd" and the like allowed), or ``None``."""
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
    """Split a full name into (forename, middle names or ``None``, surname): "SURNAME, Forename Middle" by its
    comma, otherwise first word, last word (with particles such as "van der") and what lies between. ``None``
    for one word."""
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


def plan_status(text: str, profile: Profile | None = None) -> str | None:
    """Return the plan status a short wording names ("Final", "Amended", "DRAFT") by the words of
    ``profile``'s ``labels.statuses`` (default: the ``generic`` profile's; the first status whose words it
    holds wins), or ``None``: no status word, or a wording over 40 characters."""
    return _details(profile).plan_status(text)


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


# --- pairs: a label and its value, from a row or a "Label: value" paragraph ---------------------------------


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


# --- items --------------------------------------------------------------------------------------------------


def _is_label_item(item: Item) -> bool:
    """True when the whole item is a label the section finder matched: a heading or heading-like paragraph, or
    a one-cell row."""
    if item.placement.method not in LABEL_METHODS:
        return False
    if item.kind in {"heading", "paragraph", "list_item"}:
        return True
    return item.kind == "row" and sum(1 for cell in item.cells if any(u.text.strip() for u in cell)) == 1 \
        and len(item.units) == 1

def _table_of(item: Item) -> str:
    return item.location.path.rsplit(" › ", 1)[0]
