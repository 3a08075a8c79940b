"""Read the quantity of a provision entry (how often, how long, how many) from the free text councils write.

Provision "must be detailed and specific and should normally be quantified" (CoP 9.69) and must leave "no room
for doubt as to what has been decided and what is needed" (*L v Clarke and Somerset CC* [1998] ELR 129). This
module turns wording such as "2 x 30 minutes weekly, 1:1, term time only" into the model's structured fields
(:class:`~ehcp_standard.model.provision.Frequency`, ``duration_minutes``, :class:`~.Hours`,
:class:`~.StaffRatio`, ``group_size``, ``term_time_only``) for the compliance checker and the legacy
converter.

It never guesses. Wording that leaves doubt is *refused*: the parse lists a :class:`Refusal` with the phrase,
its position and a plain-English reason, and the field it concerns stays ``None`` unless the text states a
figure the provision is certain to meet. The decisions:

- **"up to", "no more than", "a maximum of"** set a ceiling: the amount could be anything below it, even
  nothing. Refused; no figure is recorded ("group of up to 3" gives no group size).
- **A range** ("2-3 times a week", "small group of 4-6", "between 30 and 45 minutes") leaves doubt about which
  figure applies. Refused; no figure is recorded.
- **"at least", "a minimum of", "no less than", "more than"** set a floor, which the provision is certain to
  meet. Refused, but the floor is recorded ("at least weekly" gives once a week), so a converter keeps the
  minimum. ``quantified`` is False because of the refusal. "about"/"approximately" are treated the same way.
- **Two different values for one field** ("weekly ... daily") are refused, naming both; the field stays
  ``None``.
- **A session count with no period** ("2 x 30 minutes", "6 sessions") is refused: per week, per term, or in
  total?
- **"every 3 weeks", "every other day"** cannot be written as a count per period of the model. Refused.
- **Hours or minutes "per" a period.** An amount naming hours followed by "per/a/each/every <period>"
  ("6 hours per week", "1 hour per half term") is a total over the period (``hours``), not a session. An
  amount in minutes ("30 minutes a week"), or any amount followed by an adverb ("1.5 hours weekly"), is one
  session that often. "2 x 1 hour per week" is two one-hour sessions a week.
- **Money** ("£1,500 per year") is skipped on purpose, so its "per year" is not read as how often.
- Vague wording (§6 list: "as required", "regular", "access to", "ongoing", "as appropriate", "each lesson",
  "small group" with no size, "bi-weekly", ...) is refused.

The parser is a set of compiled regular expressions scanned left to right (one master pattern whose
alternatives are tried in order, so a refused "up to 3 times a week" is consumed whole and nothing inside it
is read), a dispatch table from each alternative to a tiny function that reads its values, and a settling step
that agrees or refuses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from .model.codes import FrequencyPeriod
from .model.provision import Frequency, Hours, Provision, StaffRatio

__all__ = ["Match", "MatchKind", "QuantityParse", "Refusal", "parse_quantity"]

MatchKind = Literal["frequency", "duration", "hours", "ratio", "group_size", "term_time"]
Span = tuple[int, int]


@dataclass(frozen=True)
class Refusal:
    """A phrase that leaves the quantity in doubt: the ``phrase`` as written, its ``span`` (start, end) in the
    text, and the ``reason`` in plain English."""

    phrase: str
    span: Span
    reason: str


@dataclass(frozen=True)
class Match:
    """A phrase read as part of the quantity: ``what`` it gives (a :data:`MatchKind`), the ``phrase`` as
    written and its ``span`` (start, end) in the text. A match does not mean the field was set: it may
    conflict with another."""

    what: MatchKind
    phrase: str
    span: Span


@dataclass(frozen=True)
class QuantityParse:
    """The quantity read from one provision text. Each field is ``None`` when the text does not state it, or
    states it in a way that was refused (see ``refusals``); a floor ("at least weekly") is kept, with a
    refusal."""

    text: str
    frequency: Frequency | None
    duration_minutes: int | None
    hours: Hours | None
    ratio: StaffRatio | None
    group_size: int | None
    term_time_only: bool | None
    refusals: tuple[Refusal, ...]
    matches: tuple[Match, ...]

    @property
    def quantified(self) -> bool:
        """Return True if how often (``frequency``) and how long (``duration_minutes`` or ``hours``) are both
        known and nothing was refused (CoP 9.69; rule EHCP-F001). "6 hours per week" alone is not quantified:
        it gives the hours but not how often."""
        has_length = self.duration_minutes is not None or self.hours is not None
        return self.frequency is not None and has_length and not self.refusals


@dataclass(frozen=True)
class _Fact:
    """One reading from the text: ``what`` is a :data:`MatchKind` or ``"refusal"``; ``value`` is the reading
    (for a frequency, a ``(count, period)`` pair where either may be None; for a refusal, the reason)."""

    what: str
    value: object
    span: Span


# -- the vocabulary ----------------------------------------------------------------------------------------

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {
    **{word: i + 1 for i, word in enumerate(_UNITS)},
    **{word: i + 10 for i, word in enumerate(_TEENS)},
    **{word: 20 + 10 * i for i, word in enumerate(_TENS)},
    "a": 1,
    "an": 1,
    "once": 1,
    "twice": 2,
    "thrice": 3,
}

_TENS_RE, _TEENS_RE, _UNITS_RE = ("|".join(words) for words in (_TENS, _TEENS, _UNITS))
# Atomic, so that "twenty-five" is never read as the range "twenty" to "five".
_WORD_NUM = rf"(?>(?:{_TENS_RE})(?:[\s-](?:{_UNITS_RE}))?|{_TEENS_RE}|{_UNITS_RE})(?![a-z])"
_INT = rf"(?:\d{{1,4}}|{_WORD_NUM})"
_DEC = rf"(?:\d{{1,5}}(?:\.\d{{1,3}})?(?:\s?½)?|½|{_WORD_NUM})"

_PERIOD_NOUN = (
    r"(?:(?:school\s+|calendar\s+)?days?|mornings?|afternoons?|lunchtimes?|evenings?|(?:two|2)\s+weeks"
    r"|other\s+week|(?:school\s+)?weeks?|fortnights?|(?:calendar\s+)?months?|half[\s-]?terms?|terms?"
    r"|(?:academic\s+|school\s+)?years?(?!\s+groups?)|annum)(?!\w)"
)
_PER = r"(?:(?:per|an|a|each|every|in\s+an?|in\s+each)\s+|/\s*)"
_PER_PERIOD = rf"(?:{_PER}{_PERIOD_NOUN}|p/w(?!\w))"
_ADVERB = (
    r"(?:daily(?!\s+(?:living|life|routines?|tasks|activities))|weekly|fortnightly|monthly"
    r"|half[\s-]?termly|termly|annually|yearly)(?!\w)"
)
_ONE_OFF = r"(?:one[\s-]off|once[\s-]only|on\s+one\s+occasion|single\s+occasion)(?!\w)"
_QUALIFIER = (
    r"(?:(?:individual|direct|indirect|group|paired|therapy|teaching|tutoring|specialist|separate|additional)"
    r"\s+)"
)
_SESSION_NOUN = r"(?:sessions?|lessons?|visits?|appointments?|meetings?|occasions?)(?!\w)"
_DAY_NOUN = r"(?:days?|mornings?|afternoons?|evenings?)(?!\w)"
_STAFF = (
    r"(?:adults?|staff|members?\s+of\s+staff|TAs?|LSAs?|teaching\s+assistants?|teachers?|practitioners?"
    r"|workers?)"
)
_LEARNER = r"(?:pupils?|children|child|learners?|students?|young\s+(?:people|persons?)|peers?)(?!\w)"
_UNIT = (
    rf"(?:times|[x×]|{_SESSION_NOUN}|{_DAY_NOUN}|{_LEARNER}|people|{_STAFF}|weeks?|minutes?|mins?"
    r"|hours?|hrs?)(?!\w)"
)

# Each way of writing a length of time, with how many minutes it is; tried in this order.
_DURATION_FORMS: tuple[tuple[str, Callable[[re.Match[str]], float]], ...] = (
    (rf"(?P<n>{_DEC})\s+and\s+a\s+half\s+hours?", lambda m: _number(m["n"]) * 60 + 30),
    (
        rf"(?:an?|(?P<n>{_DEC}))\s+hours?\s+and\s+a\s+half",
        lambda m: (_number(m["n"]) if m["n"] else 1) * 60 + 30,
    ),
    (r"three[\s-]quarters?\s+of\s+an\s+hour", lambda m: 45),
    (r"(?:a\s+)?quarter\s+of\s+an\s+hour|quarter[\s-]hour", lambda m: 15),
    (r"half\s+an\s+hour|half[\s-]hour", lambda m: 30),
    (
        (
            rf"(?P<h>{_DEC})\s*(?:-\s*)?(?:hours?|hrs?|h)\s*(?:and\s+)?"
            rf"(?P<m>{_DEC})\s*(?:-\s*)?(?:minutes?|mins?)(?!\w)"
        ),
        lambda m: _number(m["h"]) * 60 + _number(m["m"]),
    ),
    (rf"(?P<h>{_DEC})\s*(?:-\s*)?(?:hours?|hrs?|h)(?!\w)", lambda m: _number(m["h"]) * 60),
    (r"an?\s+hour(?!\w)", lambda m: 60),
    (rf"(?P<m>{_DEC})\s*(?:-\s*)?(?:minutes?|mins?)(?!\w)", lambda m: _number(m["m"])),
)
_DURATION_PATTERNS = tuple(re.compile(form, re.IGNORECASE) for form, _ in _DURATION_FORMS)
_DURATION = "(?:" + "|".join(re.sub(r"\(\?P<\w+>", "(?:", form) for form, _ in _DURATION_FORMS) + ")"

# Any stated amount, with the period after it: what "up to", "at least" and "about" qualify.
_QUANTITY = (
    rf"(?:{_DURATION}|(?:once|twice|thrice)(?!\w)|{_DEC}(?:\s*{_UNIT})?|{_ADVERB})"
    rf"(?:[\s,]*(?:{_PER_PERIOD}|{_ADVERB}))?"
)
_GROUP_OF = r"(?:(?:small[\s-]+)?groups?\s+(?:size\s+)?of\s+)"
_CEILING = (
    r"(?:up\s+to|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|maximum\s+of|max(?:imum)?\.?|at\s+most)"
)
_RANGE = rf"(?:between\s+{_DEC}\s+and\s+{_DEC}|{_DEC}\s*(?:-|–|—|to|or)\s*{_DEC})"
_RANGE_TAIL = rf"(?:[\s,]*(?:{_PER_PERIOD}|{_ADVERB}))?"
_COUNT = (
    rf"(?:(?:once|twice|thrice)(?!\w)|{_INT}\s*(?:times(?!\w)|[x×])|[x×]\s*\d{{1,4}}"
    rf"|(?:{_INT}|an?)\s+{_QUALIFIER}{{0,2}}(?:{_SESSION_NOUN}|{_DAY_NOUN})|{_INT}(?=\s*(?:per\s|/)))"
)

# The vague wording refused outright (EHCP-F004 list, §6), with the reason given.
_VAGUE_FORMS = (
    (
        (
            r"as\s+and\s+when(?:\s+(?:needed|required))?|(?:as|when|if)\s+(?:required|needed|necessary)"
            r"|on\s+request"
        ),
        "depends on a need arising, so it says neither how often nor how much",
    ),
    (
        (
            r"(?:as|when|where|if)\s+appropriate|(?:where|if)\s+possible|as\s+far\s+as\s+possible"
            r"|where\s+necessary"
        ),
        "leaves the amount to someone's later judgement",
    ),
    (
        (
            r"regular(?:ly)?|frequent(?:ly)?|occasional(?:ly)?|periodic(?:ally)?|intermittent(?:ly)?"
            r"|from\s+time\s+to\s+time"
        ),
        "does not say how often",
    ),
    (r"on-?going", "says the support continues, not how often or for how long"),
    (r"several|a\s+few|a\s+number\s+of|various|multiple", "is not a number"),
    (r"access\s+to", "promises availability, not an amount of provision"),
    (r"(?:each|every|all)\s+lessons?", "is not countable without a timetable: say how many lessons a week"),
    (r"small[\s-]+groups?\b(?!\s+(?:of|size))", "is a group with no size: say how many pupils"),
    (r"bi-?weekly|bi-?monthly", "can mean twice a period or once every two periods"),
    (
        (
            r"(?:high|low|enhanced|increased)\s+"
            r"(?:(?:adult|staff)\s*(?::|/|-|to)\s*(?:child|pupil|student|learner)\s+)?ratio"
        ),
        "is a ratio with no numbers: say how many adults to how many pupils",
    ),
)
_VAGUE_PATTERNS = tuple(
    (re.compile(form + r"(?!\w)", re.IGNORECASE), reason) for form, reason in _VAGUE_FORMS
)

# A ratio's meaning spelled out in words: who the first figure counts and who the second ("2:1 (two learners to
# one adult)", "4:1 - four children per adult", "pupil to adult ratio 2:1"). SEND plans usually write adults
# first, but wording that names the roles wins over that habit.
_ROLE = rf"(?:{_STAFF}|{_LEARNER})(?!\w)"
_ROLE_LINK = r"\s*(?:to|per|for|:|/)\s*"
_RATIO_FIGURES = r"(?P<a>\d{1,3}):(?!0\d)(?P<b>\d{1,4})(?![\d:])"
_RATIO_EXPLAINED = (
    rf"(?:\s*[(\[,:;–—-])?\s*(?:(?P<xa>{_INT})\s+(?P<ra>{_ROLE}){_ROLE_LINK}(?:every\s+|each\s+)?"
    rf"(?:(?P<xb>{_INT})|an?)?\s*(?P<rb>{_ROLE})|(?P<sa>{_ROLE}){_ROLE_LINK}(?P<sb>{_ROLE}))\s*[)\]]?"
)
_RATIO_NAMED = rf"(?P<pa>{_ROLE}){_ROLE_LINK}(?P<pb>{_ROLE})(?:\s+ratios?)?(?:\s+of|\s+is|\s*:)?\s+"
_LEARNER_ROLE = re.compile(_LEARNER, re.IGNORECASE)

# A ratio written between a count and its sessions ("3 1:1 sessions"): the count is read, then the ratio.
_RATIO_WORD = r"(?:\d{1,3}:\d{1,4}|(?:one|two|1|2)[\s-]+to[\s-]+(?:one|1))"

_TOKEN_FORMS = (
    ("money", rf"[£$€]\s*\d[\d,]*(?:\.\d+)?(?:k|m|bn)?(?!\w)(?:\s*{_PER_PERIOD})?"),
    ("ceiling", rf"{_GROUP_OF}?{_CEILING}\s+{_QUANTITY}"),
    ("ratio", r"(?:one|two|1|2)[\s-]+to[\s-]+(?:one|1)(?!\w)|1\s*[-–]\s*1(?![\d:])"),
    (
        "range",
        (
            rf"{_GROUP_OF}{_RANGE}(?:\s*{_UNIT})?{_RANGE_TAIL}"
            rf"|{_RANGE}(?:\s*{_DURATION}(?:\s*{_UNIT})?|\s*{_UNIT}){_RANGE_TAIL}"
        ),
    ),
    (
        "every_n",
        r"every\s+(?:other|" + _INT + r")\s+(?:days?|weeks?|months?|half[\s-]?terms?|terms?|years?)(?!\w)",
    ),
    (
        "term_time",
        (
            r"term[\s-]*time(?:\s+only)?(?!\w)|38\s+weeks(?:\s+(?:per|a|of\s+the)\s+year)?(?!\w)"
            r"|(?:all[\s-]+)?year[\s-]+round|52\s+weeks(?:\s+(?:per|a|of\s+the)\s+year)?(?!\w)"
            r"|(?:including|during|in)\s+(?:the\s+)?(?:school\s+)?holidays(?!\w)"
        ),
    ),
    ("ratio", rf"{_INT}\s+{_STAFF}\s+(?:to|per|for|:)\s+(?:every\s+|each\s+)?{_INT}\s+{_LEARNER}"),
    (
        "ratio",
        (
            rf"(?P<la>{_INT})\s+{_LEARNER}\s+(?:to|per|for)\s+(?:every\s+|each\s+)?(?:(?P<lb>{_INT})|an?)?\s*"
            rf"{_STAFF}(?!\w)"
        ),
    ),
    (
        "ratio",
        (
            rf"(?:{_RATIO_NAMED})?"
            rf"(?<!at\s)(?<!from\s)(?<!until\s)(?<![-–—])(?<![-–—]\s){_RATIO_FIGURES}"
            r"(?!\s*(?:am|pm|a\.m|p\.m)(?!\w))(?!\s*(?:-|–|—|to)\s*\d{1,2}[:.]\d)"
            rf"(?:{_RATIO_EXPLAINED})?"
        ),
    ),
    (
        "amount",
        (
            rf"(?:(?P<mult>{_INT}\s*[x×]|{_INT}(?=\s+{_DURATION}\s*{_SESSION_NOUN}))\s*)?"
            rf"(?P<dur>{_DURATION})"
            rf"(?P<session>\s*{_SESSION_NOUN})?(?:[\s,]*(?:(?P<per>{_PER_PERIOD})|(?P<adv>{_ADVERB})))?"
        ),
    ),
    ("count_period", rf"(?P<count>{_COUNT})[\s,-]*(?P<period>{_PER_PERIOD}|{_ADVERB})"),
    (
        "count",
        (
            rf"{_INT}\s*(?:times|[x×])(?!\w)|[x×]\s*\d{{1,4}}(?!\w)"
            rf"|{_INT}\s+{_QUALIFIER}{{0,2}}{_SESSION_NOUN}"
            rf"|{_INT}(?=\s+{_RATIO_WORD}\s+{_QUALIFIER}{{0,2}}{_SESSION_NOUN})"
        ),
    ),
    ("period", rf"{_ONE_OFF}|{_ADVERB}|(?:per|each|every)\s+{_PERIOD_NOUN}|p/w(?!\w)"),
    ("group_size", rf"(?:groups?|class(?:es)?)\s+(?:of|size(?:\s+of)?:?)\s+{_INT}(?:\s+{_LEARNER})?"),
    ("vague", "|".join(form for form, _ in _VAGUE_FORMS) + r"(?!\w)"),
)
_TOKENS = re.compile(
    r"(?<![\w.\-–—])(?<!\d,)(?:"
    + "|".join(
        f"(?P<{kind}_{i}>" + re.sub(r"\(\?P<(\w+)>", rf"(?P<\1_{i}>", form) + ")"
        for i, (kind, form) in enumerate(_TOKEN_FORMS)
    )
    + ")",
    re.IGNORECASE,
)
_FLOOR = re.compile(
    rf"(?<![\w.])(?P<floor>at\s+least|a\s+minimum\s+of|minimum(?:\s+of)?|no\s+(?:less|fewer)\s+than"
    rf"|not\s+(?:less|fewer)\s+than|(?<!no\s)(?<!not\s)more\s+than)\s+{_QUANTITY}"
    rf"|(?<![\w.])(?P<approx>approximately|approx\.?|about|around|roughly|circa|in\s+the\s+region\s+of)"
    rf"\s*{_QUANTITY}",
    re.IGNORECASE,
)
_NUMBER = re.compile(rf"(?<![\w.]){_DEC}", re.IGNORECASE)
_NAMES_HOURS = re.compile(r"hour|hr|\dh", re.IGNORECASE)
_PERIOD_WORDS = (
    (re.compile(r"half[\s-]?term", re.IGNORECASE), FrequencyPeriod.HALF_TERM),
    (re.compile(r"fortnight|two\s+weeks|2\s+weeks|other\s+week", re.IGNORECASE), FrequencyPeriod.FORTNIGHT),
    (re.compile(r"day|daily|morning|afternoon|lunchtime|evening", re.IGNORECASE), FrequencyPeriod.DAY),
    (re.compile(r"week|p/w", re.IGNORECASE), FrequencyPeriod.WEEK),
    (re.compile(r"month", re.IGNORECASE), FrequencyPeriod.MONTH),
    (re.compile(r"term", re.IGNORECASE), FrequencyPeriod.TERM),
    (re.compile(r"year|annum|annual", re.IGNORECASE), FrequencyPeriod.YEAR),
    (re.compile(_ONE_OFF, re.IGNORECASE), FrequencyPeriod.ONE_OFF),
)

_DURATION_MINUTES = TypeAdapter(Annotated[int, *Provision.model_fields["duration_minutes"].metadata])
_GROUP_SIZE = TypeAdapter(Annotated[int, *Provision.model_fields["group_size"].metadata])


# -- small readers -----------------------------------------------------------------------------------------


def _number(words: str | None) -> float:
    """Return the value of a number written in digits ("2", "1.5", "1½") or words ("six", "twenty-five")."""
    text = (words or "").strip().lower()
    if "½" in text:
        return _number(text.replace("½", "") or "0") + 0.5
    if text[:1].isdigit():
        return float(text)
    return float(sum(_WORD_VALUES.get(word, 0) for word in re.split(r"[\s-]+", text)))


def _numbers(phrase: str) -> list[float]:
    """Return every number in ``phrase``, in order."""
    return [_number(found.group()) for found in _NUMBER.finditer(phrase)]


def _count(phrase: str) -> int:
    """Return how many times a count phrase says ("twice", "3 x", "x 3", "two sessions", "a session")."""
    word = phrase.strip().lower().split()[0] if phrase.strip() else ""
    if word in ("once", "twice", "thrice", "a", "an"):
        return int(_WORD_VALUES[word])
    found = _numbers(phrase)
    return int(found[0]) if found else 1


def _minutes(phrase: str) -> float | None:
    """Return the length of time a duration phrase names, in minutes; None if the parser does not know it."""
    for pattern, (_, value) in zip(_DURATION_PATTERNS, _DURATION_FORMS, strict=True):
        found = pattern.fullmatch(phrase.strip())
        if found:
            return value(found)
    return None


def _period(phrase: str) -> FrequencyPeriod | None:
    """Return the period a phrase names ("weekly", "per half term", "every morning"); None if none."""
    for pattern, period in _PERIOD_WORDS:
        if pattern.search(phrase):
            return period
    return None


def _validated(model: type[BaseModel], **values: object) -> BaseModel | None:
    """Return ``model(**values)``, or None if the model's limits reject the values (e.g. a count of 0)."""
    try:
        return model(**values)
    except ValidationError:
        return None


def _constrained(adapter: TypeAdapter[int], value: int) -> int | None:
    """Return ``value`` if the model field's limits accept it, or None (e.g. 0 minutes, a group of 5000)."""
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def _fact_or_refusal(what: str, value: object | None, span: Span) -> _Fact:
    """Return a fact, or a refusal if ``value`` is None because the standard's limits rejected the figure."""
    return _Fact(what, value, span) if value is not None else _Fact("refusal", _UNUSABLE, span)


_UNUSABLE = "is not a usable amount: it is zero, or larger than the standard allows"
_CEILING_REASON = "sets a ceiling, not {what}: the provision could be anything below it"
_RANGE_REASON = "is a range, which leaves doubt about which figure applies: give one figure"
_NO_PERIOD_REASON = "cannot be written as a count per day, week, fortnight, month, half term, term or year"
_ORPHAN_REASON = "is a number of sessions with no period: say per week, per term, or in total"
_RATIO_ROLES_REASON = "is a ratio whose words do not name both the adults and the learners: say which figure is which"
_RATIO_WORDS_REASON = "is a ratio whose words give other figures than its numbers: give one ratio"
_FLOOR_REASON = "sets a minimum, not an exact amount; the minimum is kept in the fields"
_APPROX_REASON = "is approximate, not an exact amount; the stated figure is kept in the fields"


# -- one reader per kind of token; each takes the match and the index of its alternative -------------------


def _read_nothing(found: re.Match[str], i: int) -> list[_Fact]:
    """A sum of money ("£1,500 per year"): read on purpose so its "per year" is not taken as how often."""
    return []


def _read_ceiling(found: re.Match[str], i: int) -> list[_Fact]:
    """An "up to" phrase: a ceiling, refused without a figure."""
    what = "a group size" if re.match(r"(small\W+)?group", found.group(), re.IGNORECASE) else "an amount"
    return [_Fact("refusal", _CEILING_REASON.format(what=what), found.span())]


def _read_range(found: re.Match[str], i: int) -> list[_Fact]:
    """A range ("2-3 times a week", "group of 4-6"): refused without a figure."""
    return [_Fact("refusal", _RANGE_REASON, found.span())]


def _read_every_n(found: re.Match[str], i: int) -> list[_Fact]:
    """Read "every two weeks" or "every other week" (a fortnight), "every 1 week" (weekly), or refuse
    "every 3 weeks"."""
    phrase = found.group()
    numbers = _numbers(phrase)
    if re.search(r"other\s+week", phrase, re.IGNORECASE) or (numbers == [2.0] and "week" in phrase.lower()):
        return [_Fact("frequency", (None, FrequencyPeriod.FORTNIGHT), found.span())]
    if numbers == [1.0]:
        return [_Fact("frequency", (None, _period(phrase)), found.span())]
    return [_Fact("refusal", _NO_PERIOD_REASON, found.span())]


def _read_term_time(found: re.Match[str], i: int) -> list[_Fact]:
    """ "term time only" or "38 weeks" (True); "all year round", "52 weeks", "in the holidays" (False)."""
    phrase = found.group().lower()
    return [_Fact("term_time", "term" in phrase or phrase.startswith("38"), found.span())]


def _read_ratio(found: re.Match[str], i: int) -> list[_Fact]:
    """ "1:1", "2:1", "one-to-one", "1 adult to 2 pupils": staff first, learners second; "2 pupils to 1 adult"
    learners first; "2:1 (two learners to one adult)" or "pupil to adult ratio 2:1" as the words say."""
    groups = {name.rpartition("_")[0]: value for name, value in found.groupdict().items()
              if name.endswith(f"_{i}")}
    if groups.get("la"):
        learners, staff = _number(groups["la"]), _figure(groups["lb"])
    elif groups.get("a"):
        return [_explained_ratio(groups, found.span())]
    else:
        numbers = _numbers(found.group())
        staff, learners = (numbers[0], numbers[1]) if len(numbers) >= 2 else (1, 1)
    return [_fact_or_refusal("ratio", _validated(StaffRatio, staff=int(staff), learners=int(learners)),
                             found.span())]


def _explained_ratio(groups: dict[str, str | None], span: Span) -> _Fact:
    """A ratio in figures ("2:1"), read adults first unless words beside it name the roles ("(two learners to one
    adult)", "pupil:adult ratio"); refused when the words name no adult or no learner, or other figures."""
    first, second = int(groups["a"] or 0), int(groups["b"] or 0)
    roles = next(((groups[f"{k}a"], groups[f"{k}b"]) for k in "rsp" if groups[f"{k}a"]), None)
    if roles is None:
        staff, learners = first, second
    elif _is_learner(roles[0]) == _is_learner(roles[1] or ""):
        return _Fact("refusal", _RATIO_ROLES_REASON, span)
    else:
        if groups["xa"]:
            worded = (int(_number(groups["xa"])), int(_figure(groups["xb"])))
            if sorted(worded) != sorted((first, second)):
                return _Fact("refusal", _RATIO_WORDS_REASON, span)
            first, second = worded
        staff, learners = (second, first) if _is_learner(roles[0] or "") else (first, second)
    return _fact_or_refusal("ratio", _validated(StaffRatio, staff=staff, learners=learners), span)


def _figure(words: str | None) -> float:
    """The second figure of a ratio in words: "one" in "two pupils to one adult", 1 in "four children per adult"."""
    return _number(words) if words else 1.0


def _is_learner(role: str) -> bool:
    return _LEARNER_ROLE.match(role) is not None


def _read_amount(found: re.Match[str], i: int) -> list[_Fact]:
    """A length of time, perhaps multiplied ("2 x") and perhaps followed by a period ("per week", "weekly").

    Hours "per" a period with no multiplier and no "session" is a total (``hours``); anything else is a
    session."""
    mult, dur, per, adv = (found[f"mult_{i}"], found[f"dur_{i}"], found[f"per_{i}"], found[f"adv_{i}"])
    minutes = _minutes(dur) or 0.0
    if per and not mult and not found[f"session_{i}"] and _NAMES_HOURS.search(dur):
        hours = _validated(Hours, hours=minutes / 60, period=_period(per))
        return [_fact_or_refusal("hours", hours, found.span())]
    duration = _constrained(_DURATION_MINUTES, round(minutes))
    facts = [_fact_or_refusal("duration", duration, found.span(f"dur_{i}"))]
    if mult or per or adv:
        period = _period(per or adv) if (per or adv) else None
        facts.append(_Fact("frequency", (_count(mult) if mult else None, period), _frequency_span(found, i)))
    return facts


def _frequency_span(found: re.Match[str], i: int) -> Span:
    """Return the span of the how-often part of an amount: the multiplier, the period, or both with the
    length between."""
    parts = [found.span(name) for name in (f"mult_{i}", f"per_{i}", f"adv_{i}") if found[name]]
    return (min(p[0] for p in parts), max(p[1] for p in parts))


def _read_count_period(found: re.Match[str], i: int) -> list[_Fact]:
    """A count and its period: "twice daily", "3 times per week", "4 sessions per term", "x 3 per week"."""
    return [_Fact("frequency", (_count(found[f"count_{i}"]), _period(found[f"period_{i}"])), found.span())]


def _read_count(found: re.Match[str], i: int) -> list[_Fact]:
    """A count with no period of its own ("2 x", "x 3", "3 sessions"): it needs a period from elsewhere."""
    return [_Fact("frequency", (_count(found.group()), None), found.span())]


def _read_period(found: re.Match[str], i: int) -> list[_Fact]:
    """A period with no count of its own ("weekly", "every morning", "one-off"): once, unless a count is
    given elsewhere."""
    return [_Fact("frequency", (None, _period(found.group())), found.span())]


def _read_group_size(found: re.Match[str], i: int) -> list[_Fact]:
    """ "group of 6", "a group of six pupils", "group size 4", "a class of 8"."""
    numbers = _numbers(found.group())
    size = _constrained(_GROUP_SIZE, int(numbers[0])) if numbers else None
    return [_fact_or_refusal("group_size", size, found.span())]


def _read_vague(found: re.Match[str], i: int) -> list[_Fact]:
    """Vague wording from the §6 list, refused with its reason."""
    reason = next(reason for pattern, reason in _VAGUE_PATTERNS if pattern.fullmatch(found.group()))
    return [_Fact("refusal", reason, found.span())]


_READERS: dict[str, Callable[[re.Match[str], int], list[_Fact]]] = {
    "money": _read_nothing,
    "ceiling": _read_ceiling,
    "range": _read_range,
    "every_n": _read_every_n,
    "term_time": _read_term_time,
    "ratio": _read_ratio,
    "amount": _read_amount,
    "count_period": _read_count_period,
    "count": _read_count,
    "period": _read_period,
    "group_size": _read_group_size,
    "vague": _read_vague,
}


def _read_tokens(text: str) -> list[_Fact]:
    """Return the facts of every token in ``text``, scanning left to right without overlaps."""
    facts: list[_Fact] = []
    for found in _TOKENS.finditer(text):
        kind, _, index = (found.lastgroup or "").rpartition("_")
        facts.extend(_READERS[kind](found, int(index)))
    return facts


def _read_floors(text: str) -> list[_Fact]:
    """Return a refusal for each floor ("at least weekly") or approximation ("about 30 minutes")."""
    return [
        _Fact("refusal", _FLOOR_REASON if found["floor"] else _APPROX_REASON, found.span())
        for found in _FLOOR.finditer(text)
    ]


# -- settling: one value per field, or a refusal -----------------------------------------------------------


def _distinct(facts: Iterable[_Fact]) -> list[_Fact]:
    """Return the first fact of each distinct value, in order."""
    seen: list[object] = []
    kept = []
    for fact in facts:
        if fact.value not in seen:
            seen.append(fact.value)
            kept.append(fact)
    return kept


def _conflict(text: str, facts: list[_Fact], label: str) -> _Fact:
    """Return a refusal covering every fact in ``facts``, naming each differing phrase."""
    start, end = min(f.span[0] for f in facts), max(f.span[1] for f in facts)
    named = [repr(text[f.span[0] : f.span[1]]) for f in _distinct(facts)]
    listed = ", ".join(named[:-1]) + " and " + named[-1]
    return _Fact("refusal", f"gives different {label}: {listed}; say which applies", (start, end))


def _settle(text: str, facts: list[_Fact], what: str, label: str) -> tuple[object | None, list[_Fact]]:
    """Return the one value ``facts`` of kind ``what`` agree on (None if there are none or they disagree), and
    any refusal."""
    mine = [f for f in facts if f.what == what]
    values = _distinct(mine)
    if len(values) > 1:
        return None, [_conflict(text, mine, label)]
    return (values[0].value if values else None), []


def _with_counts(text: str, parts: list[_Fact]) -> tuple[list[_Fact], list[_Fact]]:
    """Give each bare period the count stated on its own elsewhere ("2 x 30 minutes weekly"), or once.

    Return the complete (count, period) facts and any refusal (counts that disagree, or a count with no
    period)."""
    counts = [p for p in parts if p.value[1] is None]
    periods = [p for p in parts if p.value[0] is None and p.value[1] is not None]
    whole = [p for p in parts if None not in p.value]
    if len(_distinct(counts)) > 1:
        return [], [_conflict(text, counts, "session counts")]
    count = counts[0].value[0] if counts else 1
    if counts and not periods and not whole:
        return [], [_Fact("refusal", _ORPHAN_REASON, counts[0].span)]
    if counts and not periods and any(w.value[0] != count for w in whole):
        return [], [_conflict(text, whole + counts, "session counts")]
    return whole + [_Fact("frequency", (count, p.value[1]), p.span) for p in periods], []


def _settle_frequency(text: str, facts: list[_Fact]) -> tuple[Frequency | None, list[_Fact]]:
    """Return the one frequency the text states (None if none, or if it states several), and any refusals."""
    parts = [f for f in facts if f.what == "frequency" and f.value != (None, None)]
    complete, refusals = _with_counts(text, parts)
    if refusals or not complete:
        return None, refusals
    values = _distinct(complete)
    if len(values) > 1:
        return None, [_conflict(text, parts, "frequencies")]
    count, period = values[0].value
    frequency = _validated(Frequency, count=count, period=period)
    if frequency is None:
        return None, [_fact_or_refusal("frequency", None, values[0].span)]
    return frequency, []


def _as_refusal(text: str, fact: _Fact) -> Refusal:
    """Return the public refusal for a refusal fact."""
    return Refusal(text[fact.span[0] : fact.span[1]], fact.span, str(fact.value))


def _as_match(text: str, fact: _Fact) -> Match:
    """Return the public match for a fact that was read."""
    return Match(fact.what, text[fact.span[0] : fact.span[1]], fact.span)  # type: ignore[arg-type]


_SETTLED = (
    ("duration", "session lengths"),
    ("hours", "amounts of hours"),
    ("ratio", "staff ratios"),
    ("group_size", "group sizes"),
    ("term_time", "statements about term time"),
)


@lru_cache(maxsize=8192)
def parse_quantity(text: str) -> QuantityParse:
    """Return the quantity stated in one provision text: how often, how long, the hours, ratio, group size and
    term time, each ``None`` where the text does not state it without doubt, with every refusal and match
    located.

    Never raises on any string. Example: ``parse_quantity("2 x 30 minutes weekly").frequency`` is 2 per week.
    Results are immutable and memoised: a council's plans repeat their provision wording.
    """
    facts = _read_tokens(text)
    frequency, refusals = _settle_frequency(text, facts)
    settled = {}
    for what, label in _SETTLED:
        settled[what], more = _settle(text, facts, what, label)
        refusals += more
    refusals += [f for f in facts if f.what == "refusal"] + _read_floors(text)
    read = [f for f in facts if f.what != "refusal"]
    return QuantityParse(
        text=text,
        frequency=frequency,
        duration_minutes=settled["duration"],
        hours=settled["hours"],
        ratio=settled["ratio"],
        group_size=settled["group_size"],
        term_time_only=settled["term_time"],
        refusals=tuple(_as_refusal(text, f) for f in sorted(refusals, key=lambda f: f.span)),
        matches=tuple(_as_match(text, f) for f in sorted(read, key=lambda f: f.span)),
    )
