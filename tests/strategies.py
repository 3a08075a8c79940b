"""Hypothesis strategies for the standardised EHC plan: the one place where generated plans come from.

``plans()`` draws valid ``Plan`` objects and ``plan_dicts()`` their JSON form. Every id is unique and every
reference resolves *by construction*: the ids are drawn first, then needs, budget items and events pick their
references from the ids that exist. Identifiers (UPN, ULN, NHS number) are built by computing the check
character with the library's own functions.

Text is hostile on purpose: markup characters (``& < > " '``), emoji (with skin tones, ZWJ sequences and
flags), right-to-left scripts and bidi controls, combining accents, line breaks (in ``Text`` only), leading
and trailing spaces, template syntax. It never holds a character XML 1.0 forbids, nor a lone surrogate, so
every generated plan can be written to a Word document.

Dates are mostly 1995-2045 but may be any day of years 0001-9999. Sizes are kept small (0-3 needs, 0-2
provision entries and 0-2 outcomes per table, short texts): a plan takes about 70 ms to draw, so 100 examples
take seconds. Every strategy is built once and cached, so calling ``plans()`` repeatedly is cheap.

Public names::

    text        texts, short_texts, hostile_text, words_text, paragraphs, HOSTILE_FRAGMENTS, LINE_FRAGMENTS,
                XML_FORBIDDEN, ONE_LINE_FORBIDDEN
    ids, dates  ids, unique_id_lists, dates, ordered_dates
    identifiers upns, ulns, nhs_numbers, urns, ukprns, la_codes, known_la_codes, postcodes, emails,
                telephones, sha256_hexes
    extensions  extension_values, extensions, namespaces
    parts       person_names, identifiers, personal_details, contacts, main_contacts, professionals, services,
                section_as, time_frames, outcomes, provisions, health_provisions, needs, placements,
                section_is, budget_items, advice_entries, events, plan_dates, plan_metadata, version_records,
                timescale_exceptions, carried_over_items, sign_offs
    plans       plans, plan_dicts, plans_with_dicts
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Sequence
from functools import cache
from typing import Any

from hypothesis import strategies as st

from ehcp_standard.model import (
    A1History,
    A2Views,
    Address,
    AdviceEntry,
    AdviceType,
    AreaOfNeed,
    AreaOfNeedTable,
    AttendancePattern,
    BudgetItem,
    BudgetMechanism,
    BudgetPeriod,
    CarriedOverItem,
    CeaseReason,
    CessationEvent,
    CommissionerAgreement,
    Contact,
    EducationSetting,
    Frequency,
    FrequencyPeriod,
    HealthProvision,
    HealthSection,
    Hours,
    Identifiers,
    LocalIdentifier,
    MainContacts,
    MediaItem,
    MediaKind,
    Need,
    Outcome,
    PersonalDetails,
    PersonName,
    PfaDomain,
    Placement,
    Plan,
    PlanDates,
    PlanMetadata,
    PlanStatus,
    Professional,
    Provision,
    ReviewDecisionEvent,
    ReviewOutcome,
    SectionA,
    SectionI,
    SectionJ,
    SectionK,
    SectionLetter,
    SenSetting,
    SenType,
    ServicesInvolved,
    SignOff,
    SocialCareSection,
    SourceLocation,
    SpecialEducationalNeeds,
    StaffRatio,
    StatutoryEvent,
    TimeFrame,
    TimescaleException,
    TimescaleExceptionReason,
    TransferEvent,
    VersionRecord,
)
from ehcp_standard.model.identifiers import UPN_ALPHABET, check_uln, nhs_check_digit, upn_check_letter
from ehcp_standard.model.la_codes import RETIRED_LA_CODES, current_local_authorities
from ehcp_standard.model.metadata import GenericEventType
from ehcp_standard.model.types import SHORT_TEXT_MAX_LENGTH

__all__ = [
    "HOSTILE_FRAGMENTS",
    "LINE_FRAGMENTS",
    "ONE_LINE_FORBIDDEN",
    "XML_FORBIDDEN",
    "advice_entries",
    "budget_items",
    "carried_over_items",
    "contacts",
    "dates",
    "emails",
    "events",
    "extension_values",
    "extensions",
    "health_provisions",
    "hostile_text",
    "identifiers",
    "ids",
    "known_la_codes",
    "la_codes",
    "main_contacts",
    "namespaces",
    "needs",
    "nhs_numbers",
    "ordered_dates",
    "outcomes",
    "paragraphs",
    "person_names",
    "personal_details",
    "placements",
    "plan_dates",
    "plan_dicts",
    "plan_metadata",
    "plans",
    "plans_with_dicts",
    "postcodes",
    "professionals",
    "provisions",
    "section_as",
    "section_is",
    "services",
    "sha256_hexes",
    "short_texts",
    "sign_offs",
    "telephones",
    "texts",
    "time_frames",
    "timescale_exceptions",
    "ukprns",
    "ulns",
    "unique_id_lists",
    "upns",
    "urns",
    "version_records",
    "words_text",
]

# ------------------------------------------------------------------------------------------------------------
# Characters
# ------------------------------------------------------------------------------------------------------------

#: Characters XML 1.0 does not allow (lone surrogates are excluded separately: the alphabets below use UTF-8).
XML_FORBIDDEN = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
#: Characters ShortText does not allow: every control character, NEL and the Unicode line/paragraph
#: separators.
ONE_LINE_FORBIDDEN = "".join(chr(c) for c in range(0x20)) + "\x7f\x85\u2028\u2029\ufffe\uffff"

_TEXT_CHARS = st.characters(codec="utf-8", exclude_characters=XML_FORBIDDEN)
_ONE_LINE_CHARS = st.characters(codec="utf-8", exclude_characters=ONE_LINE_FORBIDDEN)

#: Pieces that break naive XML, HTML, templating, CSV and bidi handling. All are XML 1.0 legal and one line.
HOSTILE_FRAGMENTS: tuple[str, ...] = (
    "&",
    "<",
    ">",
    '"',
    "'",
    "&amp;",
    "&lt;b&gt;",
    "<b>bold</b>",
    "<w:t>",
    "</w:p>",
    "]]>",
    "<![CDATA[x]]>",
    "<?xml version='1.0'?>",
    "{{ name }}",
    "{% if x %}",
    "${HOME}",
    "%s",
    "%(name)s",
    "{0}",
    "\\",
    "\\n",
    "/*",
    "*/",
    "=SUM(A1:A2)",
    "+44 (0)113",
    "@here",
    "Robert'); DROP TABLE plans;--",
    "null",
    "None",
    "true",
    "NaN",
    "-0",
    "😀",
    "👩🏽‍🦯",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈",
    "🇬🇧",
    "🏴󠁧󠁢󠁥󠁮󠁧󠁿",
    "❤️",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "𝟙𝟚𝟛",
    "שלום עולם",
    "مرحبا بالعالم",
    "سلام",
    "ܫܠܡܐ",
    "\u202eevil\u202c",
    "\u200fRTL mark",
    "\u2067isolate\u2069",
    "Zoë",
    "Chloé",
    "e\u0301",
    "Ångström",
    "Œuvre",
    "façade",
    "ß",
    "İstanbul",
    "Łódź",
    "Ærø",
    "Dvořák",
    "Ñandú",
    "ﬁ",
    "日本語",
    "中文",
    "한국어",
    "Ελληνικά",
    "Кириллица",
    "हिन्दी",
    "ਪੰਜਾਬੀ",
    "বাংলা",
    "اردو",
    "\u00a0",
    "\u200b",
    "\u200d",
    "\u00ad",
    "\ufeff",
    "\u3000",
    "\ue000",
    "\U0010fffd",
    "\ufdd0",
    "  ",
    " ",
    "- ",
    "• ",
    "*",
    "#",
    "|",
    "\u2022",
    "–",
    "—",
    "…",
    "“quoted”",
    "‘single’",
    "«»",
    "£1,500.00",
    "€",
    "½",
)
#: Line breaks and multi-line pieces, for ``Text`` only.
LINE_FRAGMENTS: tuple[str, ...] = (
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\t",
    "\n- bullet point",
    "\n• bullet point",
    "\n  - indented",
    "\n\n\n",
    " \n ",
    "\u2028",
    "\u2029",
    "\x85",
)

_WORDS = (
    "Amara",
    "needs",
    "support",
    "with",
    "reading",
    "and",
    "writing",
    "speech",
    "language",
    "therapy",
    "weekly",
    "sessions",
    "in",
    "class",
    "small",
    "group",
    "of",
    "six",
    "pupils",
    "teaching",
    "assistant",
    "qualified",
    "by",
    "the",
    "end",
    "Key",
    "Stage",
    "2",
    "will",
    "be",
    "able",
    "to",
    "communicate",
    "needs",
    "to",
    "adults",
    "friends",
    "sensory",
    "breaks",
    "each",
    "day",
    "hearing",
    "aids",
    "checked",
    "morning",
    "occupational",
    "therapist",
    "advice",
    "review",
    "termly",
    "independent",
    "travel",
    "training",
    "college",
    "employment",
)


def _sentences(count: int, max_words: int) -> tuple[str, ...]:
    """A fixed list of realistic sentences (one draw picks one: far cheaper than drawing word by word)."""
    rng = random.Random(f"ehcp-{count}-{max_words}")
    return tuple(" ".join(rng.choices(_WORDS, k=rng.randint(1, max_words))) for _ in range(count))


_SENTENCES = _sentences(97, 14)
_SHORT_SENTENCES = _sentences(61, 5)


@cache
def words_text(*, short: bool = False) -> st.SearchStrategy[str]:
    """A plain, realistic sentence (what most of a real plan looks like); ``short``: 1-5 words."""
    return st.sampled_from(_SHORT_SENTENCES if short else _SENTENCES)


_PADDING = st.sampled_from(["", " ", "  ", "\u00a0", "\u3000"])


@st.composite
def _joined(draw: st.DrawFn, pieces: st.SearchStrategy[list[str]], one_line: bool) -> str:
    text = "".join(draw(pieces))
    if draw(st.booleans()):
        text = draw(_PADDING) + text + draw(_PADDING)
    return text[:SHORT_TEXT_MAX_LENGTH] if one_line else text


@cache
def hostile_text(*, one_line: bool = False, max_pieces: int = 4) -> st.SearchStrategy[str]:
    """Text made of hostile fragments, realistic words and random characters; XML 1.0 safe, never empty.

    With ``one_line`` it has no control characters at all (``ShortText``, at most 500 characters); otherwise
    it may hold line breaks and tabs (``Text``). Leading and trailing spaces are kept on purpose.
    """
    chars = _ONE_LINE_CHARS if one_line else _TEXT_CHARS
    fragments = HOSTILE_FRAGMENTS if one_line else HOSTILE_FRAGMENTS + LINE_FRAGMENTS
    piece = st.one_of(
        st.sampled_from(fragments), st.text(chars, min_size=1, max_size=8), words_text(short=True)
    )
    return _joined(st.lists(piece, min_size=1, max_size=max_pieces), one_line)


_BULLETED_LINE = st.tuples(
    st.sampled_from(["", "- ", "• "]), st.one_of(words_text(), hostile_text(one_line=True, max_pieces=2))
).map("".join)


@st.composite
def _paragraphs(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_BULLETED_LINE, min_size=2, max_size=4))
    return draw(st.sampled_from(["\n", "\n\n", "\r\n"])).join(lines)


@cache
def paragraphs() -> st.SearchStrategy[str]:
    """Multi-paragraph ``Text``: 2-4 lines separated by line breaks, some of them bullets ("- " or "• ")."""
    return _paragraphs()


@cache
def texts() -> st.SearchStrategy[str]:
    """A valid ``Text`` (free text, may span lines): realistic, multi-paragraph or hostile."""
    return st.one_of(words_text(), hostile_text(), paragraphs())


@cache
def short_texts() -> st.SearchStrategy[str]:
    """A valid ``ShortText`` (one line, 1-500 characters): realistic or hostile."""
    return st.one_of(words_text(short=True), hostile_text(one_line=True))


@cache
def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@cache
def _small_lists(
    strategy: st.SearchStrategy[Any], max_size: int = 2, **kwargs: Any
) -> st.SearchStrategy[Any]:
    return st.lists(strategy, max_size=max_size, **kwargs).map(tuple)


# ------------------------------------------------------------------------------------------------------------
# Ids and dates
# ------------------------------------------------------------------------------------------------------------

_ID_FIRST = string.ascii_letters
_ID_REST = string.ascii_letters + string.digits + "_.-"
_ID_PREFIXES = (
    "B-CI",
    "B-CL",
    "B-SEMH",
    "B-SP",
    "C",
    "D",
    "E",
    "F-CI",
    "F-CL",
    "G",
    "H1",
    "H2",
    "J",
    "K",
    "need",
)


@cache
def ids() -> st.SearchStrategy[str]:
    """An id matching ``^[A-Za-z][A-Za-z0-9_.-]{0,63}$``: mostly like ``B-CI-1``, sometimes odd (64
    characters, dots, underscores). Uniqueness is the caller's job: see ``unique_id_lists``."""
    conventional = st.builds(lambda p, n: f"{p}-{n}", st.sampled_from(_ID_PREFIXES), st.integers(1, 99))
    arbitrary = st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(_ID_FIRST),
        st.one_of(st.text(_ID_REST, max_size=8), st.text(_ID_REST, min_size=63, max_size=63)),
    )
    return st.one_of(conventional, arbitrary)


def _fresh(candidate: str, used: set[str]) -> str:
    """Return ``candidate`` or a variant of it (still a valid id) not in ``used``, and add it to ``used``."""
    value, counter = candidate, 1
    while value in used:
        suffix = f"-{counter}"
        value = candidate[: 64 - len(suffix)] + suffix
        counter += 1
    used.add(value)
    return value


@st.composite
def unique_id_lists(draw: st.DrawFn, size: int, used: set[str] | None = None) -> list[str]:
    """``size`` distinct ids, none of them in ``used`` (which is updated)."""
    used = set() if used is None else used
    return [_fresh(draw(ids()), used) for _ in range(size)]


_TYPICAL_DATES = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2045, 12, 31))


@cache
def dates(
    *, min_value: dt.date = dt.date(1, 1, 1), max_value: dt.date = dt.date(9999, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """A calendar date: mostly 1995-2045, sometimes anywhere in years 0001-9999 (within the bounds given)."""
    lo, hi = max(min_value, dt.date(1995, 1, 1)), min(max_value, dt.date(2045, 12, 31))
    typical = st.dates(min_value=lo, max_value=hi) if lo <= hi else st.nothing()
    return st.one_of(typical, st.dates(min_value=min_value, max_value=max_value))


@cache
@st.composite
def ordered_dates(draw: st.DrawFn, *, second_optional: bool = True) -> tuple[dt.date, dt.date | None]:
    """A (start, end) pair with end on or after start; end may be ``None`` if ``second_optional``."""
    first, second = sorted([draw(dates()), draw(dates())])
    if second_optional and draw(st.booleans()):
        return first, None
    return first, second


# ------------------------------------------------------------------------------------------------------------
# Identifiers, all built by computing their check character
# ------------------------------------------------------------------------------------------------------------


@cache
def la_codes() -> st.SearchStrategy[str]:
    """One of the current DfE three-digit LA codes."""
    return st.sampled_from(sorted(current_local_authorities()))


@cache
def known_la_codes() -> st.SearchStrategy[str]:
    """A current or retired DfE LA code (for transfers, previous LA, old UPNs)."""
    return st.sampled_from(sorted([*current_local_authorities(), *RETIRED_LA_CODES]))


@cache
@st.composite
def upns(draw: st.DrawFn, *, temporary: bool | None = None) -> str:
    """A valid UPN: check letter + LA code + digits, permanent (12 digits) or temporary (ends in a letter).

    ``temporary=None`` draws either kind."""
    if temporary is None:
        temporary = draw(st.booleans())
    la = draw(known_la_codes())
    if temporary:
        body = la + draw(st.text("0123456789", min_size=8, max_size=8)) + draw(st.sampled_from(UPN_ALPHABET))
    else:
        body = la + draw(st.text("0123456789", min_size=9, max_size=9))
    return upn_check_letter(body) + body


def _uln_from(first_nine: str) -> str:
    for bump in range(10):
        digits = first_nine[:8] + str((int(first_nine[8]) + bump) % 10)
        check = (10 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1)))) % 11
        if check < 10:
            return check_uln(digits + str(check))
    raise AssertionError("unreachable: changing the ninth digit always gives a usable check digit")


@cache
def ulns() -> st.SearchStrategy[str]:
    """A valid ULN: 10 digits, first non-zero, passing the Modulus 11 check (verified with ``check_uln``)."""
    first_nine = st.builds(
        lambda a, b: a + b, st.sampled_from("123456789"), st.text("0123456789", min_size=8, max_size=8)
    )
    return first_nine.map(_uln_from)


def _nhs_from(first_nine: str) -> str:
    for bump in range(10):
        digits = first_nine[:8] + str((int(first_nine[8]) + bump) % 10)
        check = nhs_check_digit(digits)
        if check is not None:
            return digits + str(check)
    raise AssertionError("unreachable: changing the ninth digit always gives a usable check digit")


@cache
def nhs_numbers() -> st.SearchStrategy[str]:
    """A valid NHS number: nine digits and the Modulus 11 check digit computed by ``nhs_check_digit``."""
    return st.text("0123456789", min_size=9, max_size=9).map(_nhs_from)


@cache
def urns() -> st.SearchStrategy[str]:
    """A school URN: 6 digits."""
    return st.text("0123456789", min_size=6, max_size=6)


@cache
def ukprns() -> st.SearchStrategy[str]:
    """A UKPRN: usually 8 digits starting 1, occasionally another length the schema allows (1-10 digits)."""
    usual = st.text("0123456789", min_size=7, max_size=7).map(lambda s: "1" + s)
    return st.one_of(usual, st.text("0123456789", min_size=1, max_size=10))


@cache
@st.composite
def postcodes(draw: st.DrawFn) -> str:
    """A UK postcode in its written form, e.g. ``LS1 4AP`` or ``sw1a1aa``."""
    letters = string.ascii_uppercase
    area = draw(st.text(letters, min_size=1, max_size=2))
    district = draw(st.sampled_from(string.digits)) + draw(st.sampled_from(["", *string.digits, *letters]))
    inward = draw(st.sampled_from(string.digits)) + draw(st.text(letters, min_size=2, max_size=2))
    code = area + district + draw(st.sampled_from(["", " "])) + inward
    return code.lower() if draw(st.booleans()) else code


@cache
@st.composite
def emails(draw: st.DrawFn) -> str:
    """An email address the model accepts, sometimes with unusual characters (``+``, quotes, unicode)."""
    local_chars = string.ascii_letters + string.digits + ".+_-'&"
    local = draw(
        st.one_of(st.text(local_chars, min_size=1, max_size=12), st.sampled_from(["zoë", "o'neil", "a&b"]))
    )
    domain = draw(st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=10))
    tld = draw(st.sampled_from(["uk", "gov.uk", "nhs.net", "org", "com", "xn--p1ai"]))
    return f"{local}@{domain}.{tld}"


@cache
@st.composite
def telephones(draw: st.DrawFn) -> str:
    """A telephone number as written: digits, spaces, brackets, dashes and an optional leading ``+``."""
    body = draw(st.text("0123456789 ()-", min_size=6, max_size=19))
    return draw(st.sampled_from(["", "+"])) + body


@cache
def sha256_hexes() -> st.SearchStrategy[str]:
    """64 lower-case hex digits."""
    return st.text("0123456789abcdef", min_size=64, max_size=64)


# ------------------------------------------------------------------------------------------------------------
# Extensions
# ------------------------------------------------------------------------------------------------------------


@cache
def namespaces() -> st.SearchStrategy[str]:
    """An extension namespace: ``^[a-z0-9][a-z0-9._-]{0,63}$``, e.g. ``leicestershire``."""
    named = st.sampled_from(["leicestershire", "leeds", "kent-cc", "la.891", "x"])
    drawn = st.builds(
        lambda a, b: a + b,
        st.sampled_from(string.ascii_lowercase + string.digits),
        st.text(string.ascii_lowercase + string.digits + "._-", max_size=10),
    )
    return st.one_of(named, drawn)


@cache
def _json_keys() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["caseworker", "panel_date", "flags", "", "<key>", "ключ"]),
        st.text(_TEXT_CHARS, max_size=8),
    )


@cache
def extension_values() -> st.SearchStrategy[Any]:
    """Any JSON value whose strings (object keys included) are XML 1.0 safe; small, a few levels deep."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**53), max_value=2**53),
        st.floats(allow_nan=False, allow_infinity=False),
        texts(),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=3),
            st.dictionaries(_json_keys(), children, max_size=3),
        ),
        max_leaves=6,
    )


@cache
def extensions() -> st.SearchStrategy[dict[str, dict[str, Any]]]:
    """The ``extensions`` member: namespace -> JSON object of extension values."""
    return st.dictionaries(
        namespaces(), st.dictionaries(_json_keys(), extension_values(), max_size=3), max_size=2
    )


# ------------------------------------------------------------------------------------------------------------
# People, contacts, services, section A
# ------------------------------------------------------------------------------------------------------------


@cache
def person_names() -> st.SearchStrategy[PersonName]:
    return st.builds(
        PersonName, forename=short_texts(), middle_names=_opt(short_texts()), surname=short_texts()
    )


@cache
def identifiers() -> st.SearchStrategy[Identifiers]:
    local = st.builds(LocalIdentifier, system=short_texts(), value=short_texts())
    return st.builds(
        Identifiers,
        upn=_opt(upns()),
        uln=_opt(ulns()),
        upn_unknown_reason=_opt(short_texts()),
        local=_small_lists(local),
    )


@cache
def personal_details() -> st.SearchStrategy[PersonalDetails]:
    return st.builds(
        PersonalDetails,
        name=person_names(),
        preferred_name=_opt(short_texts()),
        date_of_birth=dates(),
        sex=_opt(short_texts()),
        ethnicity=_opt(short_texts()),
        first_language=_opt(short_texts()),
        parent_first_language=_opt(short_texts()),
        identifiers=identifiers(),
    )


@cache
def _addresses() -> st.SearchStrategy[Address]:
    return st.builds(
        Address,
        line_1=short_texts(),
        line_2=_opt(short_texts()),
        town=_opt(short_texts()),
        county=_opt(short_texts()),
        postcode=_opt(postcodes()),
    )


@cache
def contacts() -> st.SearchStrategy[Contact]:
    return st.builds(
        Contact,
        name=short_texts(),
        relationship=_opt(short_texts()),
        email=_opt(emails()),
        telephone=_opt(telephones()),
        address=_opt(_addresses()),
    )


@cache
def main_contacts() -> st.SearchStrategy[MainContacts]:
    return st.builds(
        MainContacts,
        main_contact=contacts(),
        young_person_applying_independently=st.booleans(),
        parent_or_carer_2=_opt(contacts()),
    )


@cache
def professionals() -> st.SearchStrategy[Professional]:
    return st.builds(
        Professional,
        name=_opt(short_texts()),
        role=short_texts(),
        organisation=_opt(short_texts()),
        telephone=_opt(telephones()),
        email=_opt(emails()),
    )


@cache
def services() -> st.SearchStrategy[ServicesInvolved]:
    setting = st.builds(
        EducationSetting,
        name=short_texts(),
        urn=_opt(urns()),
        ukprn=_opt(ukprns()),
        sen_setting=_opt(st.sampled_from(SenSetting)),
    )
    maybe_bool = _opt(st.booleans())
    return st.builds(
        ServicesInvolved,
        education_setting=_opt(setting),
        gp=_opt(short_texts()),
        key_health_professional=_opt(professionals()),
        nhs_number=_opt(nhs_numbers()),
        known_to_social_care=maybe_bool,
        other_professionals=_small_lists(professionals()),
        looked_after=maybe_bool,
        previously_looked_after=maybe_bool,
        one_page_profile_appended=maybe_bool,
        moving_from_another_la=maybe_bool,
        previous_la=_opt(known_la_codes()),
    )


@cache
def section_as() -> st.SearchStrategy[SectionA]:
    media = st.builds(
        MediaItem,
        kind=st.sampled_from(MediaKind),
        title=short_texts(),
        reference=_opt(short_texts()),
        duration_seconds=_opt(st.integers(0, 36_000)),
    )
    a1 = st.builds(A1History, history=_opt(texts()), communication=_opt(texts()))
    a2 = st.builds(
        A2Views,
        views=_opt(texts()),
        views_gathered=_opt(texts()),
        views_given_by=_opt(short_texts()),
        views_on_behalf=_opt(st.booleans()),
        interests=_opt(texts()),
        strengths=_opt(texts()),
        aspirations=_opt(texts()),
        parent_aspirations=_opt(texts()),
        media=_small_lists(media),
    )
    return st.builds(SectionA, a1=a1, a2=a2)


# ------------------------------------------------------------------------------------------------------------
# Needs, provision, outcomes
# ------------------------------------------------------------------------------------------------------------


@cache
@st.composite
def time_frames(draw: st.DrawFn) -> TimeFrame:
    """A time frame with a date, a phase or both (never neither)."""
    which = draw(st.sampled_from(["date", "phase", "both"]))
    by_date = draw(dates()) if which in ("date", "both") else None
    by_phase = (
        draw(st.one_of(st.sampled_from(["the end of Key Stage 2", "the end of Year 11"]), short_texts()))
        if which != "date"
        else None
    )
    return TimeFrame(by_date=by_date, by_phase=by_phase)


_PLACEHOLDER_ID = "placeholder"


def _with_id(strategy: st.SearchStrategy[Any], item_id: str) -> st.SearchStrategy[Any]:
    return strategy.map(lambda item: item.model_copy(update={"id": item_id}))


@cache
def _outcome_bodies() -> st.SearchStrategy[Outcome]:
    return st.builds(
        Outcome,
        id=st.just(_PLACEHOLDER_ID),
        description=texts(),
        time_frame=_opt(time_frames()),
        pfa_domain=_opt(st.sampled_from(PfaDomain)),
        education_or_training=_opt(st.booleans()),
        original_text=_opt(texts()),
    )


def outcomes(outcome_id: str) -> st.SearchStrategy[Outcome]:
    """An outcome (E) with the given id."""
    return _with_id(_outcome_bodies(), outcome_id)


@cache
def _hours() -> st.SearchStrategy[float]:
    quarter_hours = st.integers(1, 40 * 4).map(lambda q: q / 4)
    return st.one_of(
        quarter_hours, st.floats(min_value=0, max_value=10_000, exclude_min=True, allow_nan=False)
    )


_RATIOS = st.builds(StaffRatio, staff=st.integers(1, 100), learners=st.integers(1, 1000))
_FREQUENCIES = st.builds(Frequency, count=st.integers(1, 1000), period=st.sampled_from(FrequencyPeriod))
_HOURS = st.builds(Hours, hours=_hours(), period=st.sampled_from(FrequencyPeriod))


@st.composite
def _provision_fields(draw: st.DrawFn) -> dict[str, Any]:
    start, end = draw(ordered_dates())
    return {
        "id": _PLACEHOLDER_ID,
        "description": draw(texts()),
        "provider_role": draw(_opt(short_texts())),
        "qualification": draw(_opt(short_texts())),
        "ratio": draw(_opt(_RATIOS)),
        "group_size": draw(_opt(st.integers(1, 1000))),
        "frequency": draw(_opt(_FREQUENCIES)),
        "duration_minutes": draw(_opt(st.integers(1, 100_000))),
        "hours": draw(_opt(_HOURS)),
        "term_time_only": draw(_opt(st.booleans())),
        "start": start if draw(st.booleans()) else None,
        "end": end,
        "delivery_setting": draw(_opt(short_texts())),
        "preparing_for_adulthood": draw(st.booleans()),
        "pfa_domains": draw(_small_lists(st.sampled_from(PfaDomain), unique=True)),
        "funded_by_personal_budget": draw(st.booleans()),
        "original_text": draw(_opt(texts())),
    }


@cache
def _provision_bodies() -> st.SearchStrategy[Provision]:
    return _provision_fields().map(lambda fields: Provision(**fields))


@cache
def _health_provision_bodies() -> st.SearchStrategy[HealthProvision]:
    agreement = _opt(st.builds(CommissionerAgreement, body=short_texts(), date=_opt(dates())))
    return st.builds(
        lambda fields, agreed: HealthProvision(**fields, commissioner_agreement=agreed),
        _provision_fields(),
        agreement,
    )


def provisions(provision_id: str) -> st.SearchStrategy[Provision]:
    """An F, H1 or H2 provision entry with the given id."""
    return _with_id(_provision_bodies(), provision_id)


def health_provisions(provision_id: str) -> st.SearchStrategy[HealthProvision]:
    """A G provision entry with the given id, sometimes agreed by a commissioning body."""
    return _with_id(_health_provision_bodies(), provision_id)


def _refs(pool: Sequence[str], max_size: int = 3, min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    """``min_size`` to ``max_size`` distinct ids taken from ``pool`` (ids that exist), in any order."""
    if not pool:
        return st.just(())
    return st.lists(
        st.sampled_from(tuple(pool)), min_size=min(min_size, len(pool)), max_size=max_size, unique=True
    ).map(tuple)


@cache
def _need_bodies() -> st.SearchStrategy[Need]:
    return st.builds(
        Need,
        id=st.just(_PLACEHOLDER_ID),
        title=_opt(short_texts()),
        description=texts(),
        sen_types=_small_lists(st.sampled_from(SenType), unique=True),
        original_text=_opt(texts()),
    )


def needs(
    need_id: str, provision_pool: Sequence[str], outcome_pool: Sequence[str]
) -> st.SearchStrategy[Need]:
    """A need with the given id whose references are drawn from the ids that exist (so they resolve)."""
    return st.builds(
        lambda need, provision_ids, outcome_ids: need.model_copy(
            update={"id": need_id, "provision_ids": provision_ids, "outcome_ids": outcome_ids}
        ),
        _need_bodies(),
        _refs(provision_pool),
        _refs(outcome_pool),
    )


# ------------------------------------------------------------------------------------------------------------
# Placement, budget, advice, sign-off, carried over
# ------------------------------------------------------------------------------------------------------------


@cache
@st.composite
def placements(draw: st.DrawFn, rank: int = 1) -> Placement:
    """A placement with the given rank: at least a name, a type or an SEN2 setting; dates in order."""
    name, type_, setting = (
        draw(_opt(short_texts())),
        draw(_opt(short_texts())),
        draw(_opt(st.sampled_from(SenSetting))),
    )
    if not (name or type_ or setting):
        name = draw(short_texts())
    entry, leaving = draw(ordered_dates())
    return Placement(
        name=name,
        type=type_,
        attendance_pattern=draw(_opt(st.sampled_from(AttendancePattern))),
        urn=draw(_opt(urns())),
        ukprn=draw(_opt(ukprns())),
        sen_setting=setting,
        sen_setting_other=draw(_opt(short_texts())),
        rank=rank,
        entry_date=entry if draw(st.booleans()) else None,
        leaving_date=leaving,
        sen_unit=draw(st.booleans()),
        resourced_provision=draw(st.booleans()),
        work_based=draw(st.booleans()),
    )


@cache
@st.composite
def section_is(draw: st.DrawFn) -> SectionI:
    """Section I: no placement (a draft), one, or a dual placement; ranks distinct, from 1 to 9."""
    ranks = draw(st.lists(st.integers(1, 9), max_size=3, unique=True))
    return SectionI(placements=tuple(draw(placements(rank)) for rank in ranks))


@cache
@st.composite
def _budget_item_bodies(draw: st.DrawFn) -> BudgetItem:
    start, end = draw(ordered_dates())
    return BudgetItem(
        id=_PLACEHOLDER_ID,
        mechanism=draw(st.sampled_from(BudgetMechanism)),
        amount_pence=draw(_opt(st.integers(0, 10**9))),
        period=draw(_opt(st.sampled_from(BudgetPeriod))),
        start=start if draw(st.booleans()) else None,
        end=end,
        funds=draw(texts()),
        funds_institution_place=draw(st.booleans()),
        head_teacher_agreement=draw(_opt(st.booleans())),
        provider=draw(_opt(short_texts())),
    )


def budget_items(
    item_id: str, need_pool: Sequence[str], outcome_pool: Sequence[str]
) -> st.SearchStrategy[BudgetItem]:
    """A budget item with the given id, meeting needs and outcomes drawn from the ids that exist."""
    return st.builds(
        lambda item, need_ids, outcome_ids: item.model_copy(
            update={"id": item_id, "need_ids": need_ids, "outcome_ids": outcome_ids}
        ),
        _budget_item_bodies(),
        _refs(need_pool, min_size=1),
        _refs(outcome_pool),
    )


@cache
@st.composite
def _advice_entry_bodies(draw: st.DrawFn) -> AdviceEntry:
    requested, received = draw(ordered_dates())
    return AdviceEntry(
        id=_PLACEHOLDER_ID,
        advice_type=draw(st.sampled_from(AdviceType)),
        description=draw(texts()),
        who_from=draw(_opt(short_texts())),
        role=draw(_opt(short_texts())),
        date_requested=requested if draw(st.booleans()) else None,
        date_received=received,
        appended=draw(_opt(st.booleans())),
        existing_advice_reused=draw(st.booleans()),
    )


def advice_entries(entry_id: str) -> st.SearchStrategy[AdviceEntry]:
    """A section K entry with the given id."""
    return _with_id(_advice_entry_bodies(), entry_id)


@cache
def sign_offs() -> st.SearchStrategy[SignOff]:
    return st.builds(
        SignOff,
        officer_name=short_texts(),
        role=_opt(short_texts()),
        signature=_opt(short_texts()),
        date=_opt(dates()),
    )


@cache
def carried_over_items() -> st.SearchStrategy[CarriedOverItem]:
    source = st.builds(
        SourceLocation, file=_opt(short_texts()), location=short_texts(), heading=_opt(short_texts())
    )
    return st.builds(
        CarriedOverItem,
        text=texts(),
        source=source,
        reason=_opt(short_texts()),
        suggested_section=_opt(st.sampled_from(SectionLetter)),
    )


# ------------------------------------------------------------------------------------------------------------
# Metadata and events
# ------------------------------------------------------------------------------------------------------------

_GENERIC_EVENT_TYPES: tuple[str, ...] = GenericEventType.__args__  # type: ignore[attr-defined]


@cache
@st.composite
def events(
    draw: st.DrawFn, advice_ids: Sequence[str] = ()
) -> StatutoryEvent | ReviewDecisionEvent | TransferEvent:
    """One event that is not a cessation: a generic statutory step, an advice step naming an entry of
    ``advice_ids`` (when there are any), a review decision, or a transfer in or out. Cessation events come
    from ``plan_metadata()``, which keeps them consistent with the plan's status."""
    date, note = draw(dates()), draw(_opt(texts()))
    kinds = ["generic", "review_decision", "transfer", *(["advice"] if advice_ids else [])]
    kind = draw(st.sampled_from(kinds))
    if kind == "review_decision":
        meeting = draw(_opt(dates(max_value=date)))
        return ReviewDecisionEvent(
            type="review_decision",
            date=date,
            note=note,
            outcome=draw(st.sampled_from(ReviewOutcome)),
            review_meeting=meeting,
        )
    if kind == "transfer":
        return TransferEvent(
            type=draw(st.sampled_from(["transfer_in", "transfer_out"])),
            date=date,
            note=note,
            other_la=draw(known_la_codes()),
            move_date=draw(_opt(dates())),
            notice_date=draw(_opt(dates())),
        )
    if kind == "advice":
        return StatutoryEvent(
            type=draw(st.sampled_from(["advice_requested", "advice_received"])),
            date=date,
            note=note,
            advice_id=draw(st.sampled_from(tuple(advice_ids))),
        )
    return StatutoryEvent(type=draw(st.sampled_from(_GENERIC_EVENT_TYPES)), date=date, note=note)


@cache
def plan_dates(*, cease_date: dt.date | None = None) -> st.SearchStrategy[PlanDates]:
    d = _opt(dates())
    return st.builds(
        PlanDates,
        request_received=d,
        decision_to_assess=d,
        draft_issued=d,
        final_issued=d,
        first_issued=d,
        version_issued=d,
        last_review=d,
        next_review_due=d,
        cease_date=st.just(cease_date),
    )


@cache
@st.composite
def timescale_exceptions(draw: st.DrawFn) -> TimescaleException:
    start, end = draw(ordered_dates())
    return TimescaleException(
        reason=draw(st.sampled_from(TimescaleExceptionReason)), start=start, end=end, note=draw(_opt(texts()))
    )


@cache
@st.composite
def version_records(draw: st.DrawFn, version: int) -> VersionRecord:
    return VersionRecord(
        version=version,
        status=draw(st.sampled_from(PlanStatus)),
        issued=draw(_opt(dates())),
        superseded=draw(dates()),
        summary=draw(_opt(texts())),
        content_sha256=draw(_opt(sha256_hexes())),
    )


@cache
@st.composite
def plan_metadata(
    draw: st.DrawFn, advice_ids: tuple[str, ...] = (), status: PlanStatus | None = None
) -> PlanMetadata:
    """Metadata consistent with its status (a ceased plan has a cease reason and date, and usually a cessation
    event that agrees with them), a history of earlier versions below the current one, and events, of which
    the advice steps may name an entry of ``advice_ids``."""
    if status is None:
        # ceased early in the list: Hypothesis favours the first choices, and a ceased plan is worth seeing
        # often
        status = draw(
            st.sampled_from(
                [
                    PlanStatus.FINAL,
                    PlanStatus.CEASED,
                    PlanStatus.DRAFT,
                    PlanStatus.AMENDED_FINAL,
                    PlanStatus.PROPOSED_AMENDMENT,
                ]
            )
        )
    version = draw(st.integers(1, 6))
    earlier = draw(st.lists(st.integers(1, version - 1), unique=True, max_size=3)) if version > 1 else []
    history = tuple(draw(version_records(v)) for v in sorted(earlier))
    drawn_events: list[Any] = draw(st.lists(events(tuple(advice_ids)), max_size=4))
    cease_reason = cease_date = None
    if status is PlanStatus.CEASED:
        cease_reason, cease_date = draw(st.sampled_from(CeaseReason)), draw(dates())
        if draw(st.integers(0, 3)) < 3:  # usually, not always: older records may lack the event
            drawn_events.append(
                CessationEvent(type="ceased", date=cease_date, note=draw(_opt(texts())), reason=cease_reason)
            )
    drawn_events.sort(key=lambda e: e.date)
    return PlanMetadata(
        la_code=draw(la_codes()),
        plan_reference=draw(
            st.one_of(st.builds(lambda n: f"EHCP-{n:06d}", st.integers(0, 999_999)), short_texts())
        ),
        status=status,
        version=version,
        dates=draw(plan_dates(cease_date=cease_date)),
        cease_reason=cease_reason,
        primary_need=draw(_opt(st.sampled_from(SenType))),
        secondary_needs=draw(_small_lists(st.sampled_from(SenType), unique=True)),
        timescale_exceptions=draw(_small_lists(timescale_exceptions())),
        history=history,
        events=tuple(drawn_events),
    )


# ------------------------------------------------------------------------------------------------------------
# The whole plan
# ------------------------------------------------------------------------------------------------------------


class _Table:
    """Ids planned for one needs table before anything is drawn, so references can be made to resolve."""

    def __init__(self, draw: st.DrawFn, used: set[str], provision_columns: int):
        self.no_needs = draw(st.booleans())
        self.need_ids = [] if self.no_needs else draw(unique_id_lists(draw(st.integers(0, 3)), used))
        self.provision_ids = [
            draw(unique_id_lists(draw(st.integers(0, 2)), used)) for _ in range(provision_columns)
        ]
        self.outcome_ids = draw(unique_id_lists(draw(st.integers(0, 2)), used))

    def common(self, draw: st.DrawFn) -> dict[str, Any]:
        return {
            "strengths": draw(_opt(texts())),
            "no_identified_needs": self.no_needs,
            "no_needs_statement": draw(_opt(texts())) if self.no_needs else None,
            "outcomes": tuple(draw(outcomes(i)) for i in self.outcome_ids),
        }


def _present(draw: st.DrawFn) -> bool:
    return draw(st.booleans())


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """A valid ``Plan``. Optional sections are present or absent independently; ids are unique plan-wide and
    every reference (need -> provision and outcomes, budget item -> needs and outcomes, event -> advice entry)
    resolves, including references across area tables."""
    used: set[str] = set()
    sen_present = _present(draw)
    which_areas = draw(st.sampled_from(["all", "some", "none"])) if sen_present else "none"
    areas = {
        area: _Table(draw, used, 1)
        for area in AreaOfNeed
        if which_areas == "all" or which_areas == "some" and _present(draw)
    }
    health = _Table(draw, used, 1) if _present(draw) else None
    social = _Table(draw, used, 2) if _present(draw) else None
    budget_ids = None
    if _present(draw):
        not_applicable = draw(st.booleans())
        budget_ids = [] if not_applicable else draw(unique_id_lists(draw(st.integers(0, 3)), used))
    advice_ids = draw(unique_id_lists(draw(st.integers(0, 3)), used)) if _present(draw) else None

    tables = [*areas.values(), *(t for t in (health, social) if t)]
    all_outcomes = [i for t in tables for i in t.outcome_ids]
    all_needs = [i for t in tables for i in t.need_ids]
    f_ids = [i for t in areas.values() for i in t.provision_ids[0]]

    def needs_of(table: _Table, provision_pool: list[str]) -> tuple[Need, ...]:
        return tuple(draw(needs(i, provision_pool, all_outcomes)) for i in table.need_ids)

    sen = None
    if sen_present:
        sen = SpecialEducationalNeeds(
            **{
                area.value: AreaOfNeedTable(
                    **table.common(draw),
                    needs=needs_of(table, f_ids),
                    provision=tuple(draw(provisions(i)) for i in table.provision_ids[0]),
                )
                for area, table in areas.items()
            }
        )
    health_section = None
    if health:
        health_section = HealthSection(
            **health.common(draw),
            needs=needs_of(health, health.provision_ids[0]),
            provision=tuple(draw(health_provisions(i)) for i in health.provision_ids[0]),
        )
    social_section = None
    if social:
        h1, h2 = social.provision_ids
        social_section = SocialCareSection(
            **social.common(draw),
            needs=needs_of(social, h1 + h2),
            h1_provision=tuple(draw(provisions(i)) for i in h1),
            h2_provision=tuple(draw(provisions(i)) for i in h2),
        )
    personal_budget = None
    if budget_ids is not None:
        personal_budget = SectionJ(
            not_applicable=not_applicable,
            details=draw(_opt(texts())),
            arrangements=draw(_opt(texts())),
            items=tuple(draw(budget_items(i, all_needs, all_outcomes)) for i in budget_ids),
        )
    advice = (
        SectionK(entries=tuple(draw(advice_entries(i)) for i in advice_ids))
        if advice_ids is not None
        else None
    )

    return Plan(
        schema_version="1.0.0",
        metadata=draw(plan_metadata(tuple(advice_ids or ()))),
        personal_details=draw(personal_details()),
        main_contacts=draw(_opt(main_contacts())),
        services=draw(_opt(services())),
        section_a=draw(_opt(section_as())),
        special_educational_needs=sen,
        health=health_section,
        social_care=social_section,
        shorter_term_targets=draw(_opt(texts())),
        placement=draw(_opt(section_is())),
        personal_budget=personal_budget,
        advice=advice,
        sign_off=draw(_opt(sign_offs())),
        extensions=draw(extensions()),
        carried_over=draw(_small_lists(carried_over_items())),
    )


def plan_dicts() -> st.SearchStrategy[dict[str, Any]]:
    """The JSON form of valid plans: ``plan.model_dump(mode="json", exclude_none=True)``."""
    return plans().map(lambda plan: plan.model_dump(mode="json", exclude_none=True))


def plans_with_dicts() -> st.SearchStrategy[tuple[Plan, dict[str, Any]]]:
    """(plan, its JSON form) pairs, for tests that need to know which model each part of the JSON is."""
    return plans().map(lambda plan: (plan, plan.model_dump(mode="json", exclude_none=True)))
