"""Rules on outcomes (section E): linked to every need, time-bound, personal rather than a service, shared
consistently, and flagged as education or training outcomes for older young people.

An outcome is the benefit or difference an intervention makes to the individual; it is SMART and personal, not a
service, activity or resource (CoP 9.66; Bradford guidance). Where one outcome serves several needs, identical text
is used in each row (DfE template guidance). For young people aged 17 or over, the plan identifies which outcomes
are education or training outcomes (CoP 9.62, Section E).

In this model a shared outcome is one entry that several needs refer to by id, and ids are unique across the plan,
so one id cannot carry two texts. What can still go wrong (EHCP-E004) is the same outcome written out twice under
two ids, identically or with small differences.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator

from ..model import Outcome, Plan
from .engine import CheckContext, Hit, rule
from .facts import age_on, plan_date

# -- EHCP-E001: every need row has an outcome ----------------------------------------------------------------


@rule(
    "EHCP-E001", "warning", "Every need row links to at least one outcome.",
    basis="Golden thread (DfE principles)", section="E",
)
def needs_link_to_outcomes(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag needs (B, C or D) that name no outcome."""
    for pointer, letter, need in plan.needs():
        if not need.outcome_ids:
            yield Hit(pointer, f"Need {need.id} in {letter.value} links to no outcome: add the outcome in E that its "
                      "provision works towards (golden thread need -> provision -> outcome)")


# -- EHCP-E002: time-bound ------------------------------------------------------------------------------------

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_NUMBER_WORDS = "one|two|three|four|five|six|twelve|eighteen"
#: Wording that puts an outcome in time, e.g. "by the end of Key Stage 2", "by July 2028", "within 12 months".
TIME_PATTERNS: tuple[str, ...] = (
    r"by (?:the )?end of",
    r"by (?:the )?(?:time|age)",
    rf"by (?:\d{{1,2}}(?:st|nd|rd|th)? )?(?:{_MONTHS})",
    r"by (?:the )?(?:summer|autumn|spring)",
    r"by (?:\d{4}|year \d+|key stage \d|ks\d)",
    r"by (?:his|her|their|\w+'s) \d+(?:st|nd|rd|th) birthday",
    rf"within (?:the next )?(?:\d+|{_NUMBER_WORDS}) (?:weeks?|months?|years?|terms?)",
    r"by \d{4}-\d{2}-\d{2}",
)
_TIME = re.compile(rf"\b(?:{'|'.join(TIME_PATTERNS)})\b", re.IGNORECASE)


def is_time_bound(outcome: Outcome) -> bool:
    """Return whether an outcome has a time frame, or its text says when it will be achieved."""
    return outcome.time_frame is not None or bool(_TIME.search(outcome.description))


@rule(
    "EHCP-E002", "warning",
    "Each outcome is time-bound: it has a target date, key stage, year or phase, e.g. \"by the end of Key Stage 2\".",
    basis="CoP 9.66 (SMART)", section="E",
)
def outcomes_time_bound(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag outcomes with no time frame and no time in their wording."""
    for pointer, outcome in plan.outcomes():
        if not is_time_bound(outcome):
            yield Hit(pointer, f"Outcome {outcome.id} does not say by when: add a target date or the end of a key "
                      "stage, year or phase, e.g. \"by the end of Key Stage 2\" (CoP 9.66)")


# -- EHCP-E003: not a service --------------------------------------------------------------------------------

#: Wording that shows an outcome written as a service or resource (CoP 9.66; Bradford guidance).
SERVICE_PATTERNS: tuple[str, ...] = (
    r"will receive", r"will be provided with", r"will be given", r"will (?:have|get) access to", r"access to",
    r"sessions?", r"(?:\d+(?:\.\d+)? ?)?hours? of",
    r"\d+(?:\.\d+)? ?hours? (?:per|a|each|every) (?:day|week|fortnight|month|term|year)",
    r"\d+(?:\.\d+)? ?hours? (?:of )?(?:TA|LSA|teaching assistant|support|1:1|one[- ]to[- ]one)",
    r"staff(?:ing)? (?:will|to)", r"staffing", r"(?:support|additional|extra) staff", r"1:1",
)
_SERVICE = re.compile(rf"(?<![\w:-])(?:{'|'.join(SERVICE_PATTERNS)})(?![\w:-])", re.IGNORECASE)


def service_wording(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Return (phrase, span) for each piece of service or resource wording in an outcome's text."""
    return [(match.group(), match.span()) for match in _SERVICE.finditer(text)]


@rule(
    "EHCP-E003", "warning",
    "An outcome is not written as a service or resource: no hours, sessions, staff, \"will receive\", \"will be "
    "provided with\", \"access to\".",
    basis="CoP 9.66; Bradford guidance", section="E",
)
def outcomes_not_services(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag outcomes whose wording describes provision (hours, sessions, staff, "will receive", "access to")."""
    for pointer, outcome in plan.outcomes():
        for phrase, span in service_wording(outcome.description):
            yield Hit(f"{pointer}/description", f"Outcome {outcome.id} is written as a service (\"{phrase}\"): say "
                      "what the child or young person will be able to do, and put the service in the provision "
                      "(CoP 9.66)", phrase=phrase, span=span)


# -- EHCP-E004: a shared outcome has one text ----------------------------------------------------------------

#: How alike two outcomes' texts must be (difflib ratio, after normalising) to count as one outcome edited.
NEAR_IDENTICAL = 0.9


def normalised(text: str) -> str:
    """Return ``text`` in lower case with punctuation dropped and spaces collapsed."""
    return " ".join(re.findall(r"[\w']+", text.lower()))


def similarity(first: str, second: str) -> float:
    """Return how alike two normalised texts are, from 0 to 1: difflib's ratio, or 0.0 when it is certainly below
    ``NEAR_IDENTICAL``."""
    return _Text(first).similarity(_Text(second))


def _ratio(matches: int, length: int) -> float:
    """Return difflib's ratio for ``matches`` matching characters in two texts of total ``length``."""
    return 2.0 * matches / length if length else 1.0


class _Text:
    """An outcome's normalised text, with what comparing it needs worked out once: its length and character
    counts, and when first needed its characters' positions as bit masks and a ``SequenceMatcher`` holding it as
    the second sequence (building that index is the costly part of a matcher)."""

    __slots__ = ("_masks", "_matcher", "counts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.counts = Counter(text)
        self._masks: dict[str, int] | None = None
        self._matcher: difflib.SequenceMatcher[str] | None = None

    def similarity(self, earlier: _Text) -> float:
        """Return ``similarity(self.text, earlier.text)``: difflib's ratio, computed only when its two cheap upper
        bounds (``real_quick_ratio`` and ``quick_ratio``, worked out here without a matcher) reach the threshold."""
        if not self._may_be_near(earlier):
            return 0.0
        return earlier.matcher(self.text).ratio()

    def near_identical(self, earlier: _Text) -> bool:
        """Return whether ``similarity(self.text, earlier.text)`` reaches ``NEAR_IDENTICAL``. A third upper bound,
        the longest common subsequence, rules out most of the pairs the cheap bounds let through (difflib's
        matching blocks are a common subsequence, so they are never longer)."""
        if not self._may_be_near(earlier):
            return False
        length = len(self.text) + len(earlier.text)
        if _ratio(earlier.common_subsequence(self.text), length) < NEAR_IDENTICAL:
            return False
        return earlier.matcher(self.text).ratio() >= NEAR_IDENTICAL

    def _may_be_near(self, earlier: _Text) -> bool:
        """Return whether difflib's ``real_quick_ratio`` and ``quick_ratio`` (of this text against ``earlier``)
        both reach ``NEAR_IDENTICAL``: from the lengths, then from the characters the texts have in common."""
        length = len(self.text) + len(earlier.text)
        if _ratio(min(len(self.text), len(earlier.text)), length) < NEAR_IDENTICAL:
            return False
        shared = earlier.counts
        matches = sum(min(count, shared[char]) for char, count in self.counts.items() if char in shared)
        return _ratio(matches, length) >= NEAR_IDENTICAL

    def common_subsequence(self, first: str) -> int:
        """Return the length of the longest common subsequence of ``first`` and this text (the bit-parallel
        algorithm of Allison and Dix: a zero bit in ``row`` for each character of this text matched so far)."""
        if self._masks is None:
            self._masks = {}
            for index, char in enumerate(self.text):
                self._masks[char] = self._masks.get(char, 0) | 1 << index
        full = (1 << len(self.text)) - 1
        row = full
        for char in first:
            matched = row & self._masks.get(char, 0)
            row = ((row + matched) | (row - matched)) & full
        return len(self.text) - row.bit_count()

    def matcher(self, first: str) -> difflib.SequenceMatcher[str]:
        """Return a matcher comparing ``first`` with this text (as difflib's second sequence)."""
        if self._matcher is None:
            self._matcher = difflib.SequenceMatcher(None, "", self.text, autojunk=False)
        self._matcher.set_seq1(first)
        return self._matcher


def _duplicate_message(outcome: Outcome, earlier: Outcome, earlier_pointer: str, same: bool) -> str:
    if same:
        return (f"Outcome {outcome.id} repeats outcome {earlier.id} ({earlier_pointer}) under a second id: keep one "
                f"outcome and have every need it serves refer to {earlier.id} (DfE template guidance)")
    return (f"Outcome {outcome.id} is nearly the same as outcome {earlier.id} ({earlier_pointer}) but not identical: "
            f"if it is one outcome shared by several needs, use one outcome with identical text and refer to "
            f"{earlier.id} from each need (DfE template guidance)")


@rule(
    "EHCP-E004", "warning", "An outcome shared by several needs has identical text in every row.",
    basis="DfE template guidance", section="E", unverified=True,
)
def shared_outcomes_identical(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag an outcome whose text repeats, exactly or nearly, an earlier outcome under another id."""
    seen: list[tuple[str, Outcome, _Text]] = []
    for pointer, outcome in plan.outcomes():
        text = _Text(normalised(outcome.description))
        for earlier_pointer, earlier, earlier_text in seen:
            same = text.text == earlier_text.text
            if same or text.near_identical(earlier_text):
                yield Hit(pointer, _duplicate_message(outcome, earlier, earlier_pointer, same))
                break
        seen.append((pointer, outcome, text))


# -- EHCP-E005: education or training outcomes for older young people ------------------------------------------

#: CoP 9.62 (Section E): "For young people aged 17 or over, the EHC plan should identify clearly which outcomes are
#: education and training outcomes" [wording as recalled; EHCP-STANDARD.md says "over-17s"].
EDUCATION_FLAG_AGE = 17


@rule(
    "EHCP-E005", "warning", "For over-17s, education/training outcomes are flagged as such.",
    basis="CoP 9.62 (Section E)", section="E",
)
def education_outcomes_flagged(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag outcomes that do not say whether they are education or training outcomes, for a young person aged 17
    or over on the plan date."""
    day = plan_date(plan, context.as_of)
    age = age_on(plan.personal_details.date_of_birth, day)
    if age < EDUCATION_FLAG_AGE:
        return
    for pointer, outcome in plan.outcomes():
        if outcome.education_or_training is None:
            yield Hit(pointer, f"Outcome {outcome.id} does not say whether it is an education or training outcome, "
                      f"and the young person is {age} on the plan date ({day.isoformat()}): set "
                      "education_or_training (CoP 9.62)")
