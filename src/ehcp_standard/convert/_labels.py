"""Matching a label ("SECTION B: My Special Educational Needs", "Part 3:", "4.1 Cognition & Learning") against a
profile's aliases: section letters first, then "Part N", then exact, normalised, prefix and fuzzy alias matches; and
the profile's details labels (its ``labels`` key: "Date of birth", "Key worker"…), indexed for the details mapper.

Both are built once per profile and kept (:func:`label_index`): a batch pays for them once, not per plan."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz, process

from .profile import DetailLabels, Profile, label_key, normalise

#: Longest text tried as a label; longer texts are content.
MAX_LABEL = 150
#: Longest text tried fuzzily.
MAX_FUZZY = 80

_SECTION_WORD = re.compile(r"^\s*sections?\s+(A1|A2|H1|H2|[A-K])\b", re.IGNORECASE)
_PARENTHESISED = re.compile(r"^\s*\((A1|A2|H1|H2|[A-K])\)\s")
_BARE = re.compile(r"^\s*(A1|A2|H1|H2|C1|C2|D1|D2|[A-K])\s*[:–—\-.]\s*\S")
_BARE_TWO = re.compile(r"^\s*(A1|A2|H1|H2|C1|C2|D1|D2)\s+\S")
_PART = re.compile(r"^\s*part\s+(\d+)\b", re.IGNORECASE)
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[a-z]\)|\(?[ivx]+\))\s+")
_PREFIX = re.compile(
    r"^(?:part\s+\d+|sections?\s+(?:a1|a2|h1|h2|[a-k])|\(?(?:a1|a2|h1|h2|[a-k])\)?(?=\s*[:-]))\s*[:-]?\s*"
)
_POSSESSIVE = re.compile(r"\b[\w-]+'s\b")
_LETTER_TARGETS = {"A1": "A1", "A2": "A2", "C1": "C", "C2": "C", "D1": "D", "D2": "D"}


@dataclass(frozen=True)
class Match:
    """A label matched to targets: ``targets`` are the candidate targets (e.g. ``("A.strengths", "B.strengths")``,
    ``("area:cognition_and_learning",)``), ``alias`` the profile text that matched, ``method`` one of
    ``letter``, ``part``, ``exact``, ``normalised``, ``prefix``, ``fuzzy``, and ``confidence`` 0–1."""

    targets: tuple[str, ...]
    alias: str
    method: str
    confidence: float


def fold(text: str) -> str:
    """Normalise a label for matching: :func:`normalise`, then numbering ("4.1"), "Part 3:" and "Section B –"
    prefixes stripped and possessive names ("Rhys's", "Child's") read as "my"."""
    text = normalise(text)
    text = _NUMBERING.sub("", text)
    text = _PREFIX.sub("", text)
    text = _POSSESSIVE.sub("my", text)
    return re.sub(r"\s+", " ", text).strip(" :.-")


def section_letter(text: str) -> str | None:
    """Return the target named by a section letter at the start of ``text`` ("Section B", "B –", "(B)", "A1 …",
    "H2 …"), or ``None``. A bare capital must be followed by a separator, so "A brilliant…" is not section A."""
    for pattern in (_SECTION_WORD, _PARENTHESISED, _BARE, _BARE_TWO):
        found = pattern.match(text)
        if found:
            letter = found.group(1).upper()
            return _LETTER_TARGETS.get(letter, letter)
    return None


class LabelIndex:
    """The aliases of one profile, folded, each with the targets it names."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.raw: dict[str, tuple[str, str]] = {}
        self.folded: dict[str, list[str]] = {}
        self.alias_of: dict[str, str] = {}
        for target, aliases in profile.headings.items():
            self._add(aliases, target)
        for area, aliases in profile.areas.items():
            self._add(aliases, f"area:{area}")
        for key, extra in profile.extra_areas.items():
            self._add(extra.labels, f"extra:{key}")
        self.columns = _column_index(profile)
        self.identifiers = {fold(label) for label in _identifier_labels(profile)}
        self.long_aliases: dict[str, list[str]] = {}     # aliases of 3+ words, by first word: prefix candidates
        for alias in self.folded:
            if len(alias.split()) >= 3:
                self.long_aliases.setdefault(alias.split(" ", 1)[0], []).append(alias)
        self.long_columns = [alias for alias in self.columns if len(alias.split()) >= 3]
        self.memo: dict[str, Match | None] = {}
        self.column_memo: dict[str, str | None] = {}
        self.details = DetailIndex(profile)

    def _add(self, aliases: list[str], target: str) -> None:
        for alias in aliases:
            key = fold(alias)
            if key and target not in self.folded.setdefault(key, []):
                self.folded[key].append(target)
                self.alias_of.setdefault(key, alias)
            self.raw.setdefault(alias.casefold().strip(), (target, alias))

    def match(self, text: str) -> Match | None:
        """Return how ``text`` (its first line) matches the profile's labels, or ``None``."""
        text = text.strip().split("\n", 1)[0].strip()
        if not text or len(text) > MAX_LABEL:
            return None
        if text not in self.memo:
            if len(self.memo) > 50_000:     # a long batch: labels repeat, content does not
                self.memo.clear()
            self.memo[text] = self._letter_or_part(text) or self._alias(text)
        return self.memo[text]

    def _letter_or_part(self, text: str) -> Match | None:
        letter = section_letter(text)
        if letter:
            return Match((letter,), text, "letter", 0.98)
        part = _PART.match(text)
        if part and part.group(1) in self.profile.parts:
            return Match(tuple(self.profile.parts[part.group(1)][:1]), text, "part", 0.95)
        return None

    def _alias(self, text: str) -> Match | None:
        key = fold(text)
        if text.casefold() in self.raw or key in self.folded:
            method, confidence = ("exact", 1.0) if text.casefold() in self.raw else ("normalised", 0.95)
            return Match(tuple(self.folded[key]), self.alias_of[key], method, confidence)
        return self._prefix(key) or self._fuzzy(key)

    def _prefix(self, key: str) -> Match | None:
        best = max((alias for alias in self.long_aliases.get(key.split(" ", 1)[0], ()) if key.startswith(alias + " ")),
                   key=len, default=None)
        return Match(tuple(self.folded[best]), self.alias_of[best], "prefix", 0.85) if best else None

    def _fuzzy(self, key: str) -> Match | None:
        if len(key) > MAX_FUZZY or len(key) < 4:
            return None
        found = process.extractOne(key, list(self.folded), scorer=fuzz.ratio,
                                   score_cutoff=self.profile.fuzzy_threshold)
        if not found:
            return None
        alias, score, _ = found
        return Match(tuple(self.folded[alias]), self.alias_of[alias], "fuzzy", round(0.9 * score / 100, 2))

    def column(self, text: str) -> str | None:
        """Return the column kind ("provision", "who", "which_need"…) a header cell names, or ``None``."""
        first = text.split("\n", 1)[0]
        if first not in self.column_memo:
            if len(self.column_memo) > 50_000:
                self.column_memo.clear()
            self.column_memo[first] = self._column(first)
        return self.column_memo[first]

    def _column(self, first: str) -> str | None:
        key = fold(first)
        if not key:
            return None
        if key in self.columns:
            return self.columns[key]
        prefixed = [alias for alias in self.long_columns if key.startswith(alias)]
        return self.columns[max(prefixed, key=len)] if prefixed else None

    def is_identifier(self, text: str) -> bool:
        """True when ``text`` is one of the profile's identifier labels ("UPN", "Care First no.")."""
        return fold(text) in self.identifiers


def _column_index(profile: Profile) -> dict[str, str]:
    index: dict[str, str] = {}
    for kind, labels in profile.columns.model_dump().items():
        for label in labels:
            index.setdefault(fold(label), kind)
    return index


def _identifier_labels(profile: Profile) -> list[str]:
    ids = profile.identifiers
    return ids.upn + ids.uln + ids.nhs_number + [local.label for local in ids.local]


class DetailIndex:
    """The details labels of one profile (its ``labels`` key), folded with :func:`label_key`: ``person``,
    ``service``, ``metadata`` and ``placement`` map a label to its field; ``contact``, ``signed`` and
    ``relationships`` are sets of labels; ``identifiers`` maps an identifier label to ``upn``, ``uln``,
    ``nhs_number`` or ``local:<system>``. :meth:`sen_type`, :meth:`advice_type`, :meth:`plan_status` and
    :meth:`pattern_field` read wordings with the profile's patterns, compiled here once (and memoised)."""

    def __init__(self, profile: Profile):
        labels: DetailLabels = profile.labels
        self.person = _by_label(labels.personal_details.model_dump())
        self.service = _by_label(labels.services.model_dump())
        self.metadata = _by_label(labels.metadata.model_dump())
        self.placement = _by_label(labels.placement.model_dump())
        self.contact = {label_key(label) for label in labels.contacts}
        self.relationships = {label_key(word) for word in labels.relationships}
        self.signed = {label_key(label) for label in labels.sign_off}
        self.identifiers = _identifier_index(profile)
        self.sen_words = [(code, [re.compile(rf"(?<![\w-]){re.escape(normalise(word))}(?![\w-])") for word in words])
                          for code, words in labels.sen_types.model_dump().items() if words]
        self.advice_kinds = [(re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE), kind)
                             for kind, patterns in labels.advice_kinds.model_dump().items() if patterns]
        self.advice_tags = {normalise(tag): str(kind) for tag, kind in labels.advice_tags.items()}
        self.statuses = [(_phrases(words), status) for status, words in labels.statuses.model_dump().items()
                         if any(normalise(word) for word in words)]
        self.status_line, self.status_marking = _status_patterns(labels.statuses.model_dump())
        self.label_patterns = [(re.compile(pattern), name) for name, patterns in labels.label_patterns.items()
                               for pattern in patterns]
        self.sen_memo: dict[str, str | None] = {}
        self.advice_memo: dict[tuple[str, ...], str] = {}
        self.status_memo: dict[str, str | None] = {}
        self.pattern_memo: dict[str, str | None] = {}

    def sen_type(self, folded: str) -> str | None:
        """Return the one SEN type whose words the folded wording holds, or ``None`` (none, or two)."""
        return _memoised(self.sen_memo, folded, self._sen_type)

    def _sen_type(self, folded: str) -> str | None:
        found = {code for code, words in self.sen_words if any(word.search(folded) for word in words)}
        return found.pop() if len(found) == 1 else None

    def advice_type(self, texts: tuple[str, ...]) -> str:
        """Return the kind of advice the first of ``texts`` with a recognised wording names, else ``other``."""
        return _memoised(self.advice_memo, texts, self._advice_type)

    def _advice_type(self, texts: tuple[str, ...]) -> str:
        return next((kind for text in texts for folded in (normalise(text),)
                     for pattern, kind in self.advice_kinds if pattern.search(folded)), "other")

    def plan_status(self, text: str) -> str | None:
        """Return the plan status (``draft``, ``final``…) of the first of ``labels.statuses`` whose words
        the wording ``text`` holds, or ``None``: none does, or the wording is empty or over 40 characters
        folded."""
        return _memoised(self.status_memo, text, self._plan_status)

    def _plan_status(self, text: str) -> str | None:
        folded = normalise(text)
        if not folded or len(folded) > 40:
            return None
        return next((status for pattern, status in self.statuses if pattern.search(folded)), None)

    def cover_status(self, text: str) -> str | None:
        """Return the plan status of a line that is nothing but status words, with "EHC" or "EHCP" and "plan"
        after them or not ("DRAFT EHC PLAN", "Amended Final", "Interim plan" when a council's ``labels.statuses``
        names "Interim"), or ``None`` for any other line."""
        return self.plan_status(text) if self.status_line.fullmatch(label_key(text)) else None

    def marking_status(self, text: str) -> str | None:
        """Return the plan status marked in a page header or footer line ``text``: the first status wording in
        brackets ("… Plan (Amended Final)") or a bare word of the ``draft`` status ("DRAFT" as a watermark), or
        ``None``."""
        found = self.status_marking.search(normalise(text))
        return self.plan_status(found.group("bracketed") or found.group("bare")) if found else None

    def pattern_field(self, key: str) -> str | None:
        """Return the field of the first of ``labels.label_patterns`` found in ``key`` (a label folded with
        :func:`label_key`), ``contact`` for a label that opens a contact, or ``None``."""
        return _memoised(self.pattern_memo, key, self._pattern_field)

    def _pattern_field(self, key: str) -> str | None:
        return next((name for pattern, name in self.label_patterns if pattern.search(key)), None)


_Key = TypeVar("_Key", bound=Hashable)
_Value = TypeVar("_Value")


def _memoised(memo: dict[_Key, _Value], key: _Key, read: Callable[[_Key], _Value]) -> _Value:
    """``read(key)``, kept in ``memo``; a memo grown past 50,000 entries (a long batch: wordings repeat,
    content does not) starts afresh."""
    if key not in memo:
        if len(memo) > 50_000:
            memo.clear()
        memo[key] = read(key)
    return memo[key]


def _phrases(words: list[str]) -> re.Pattern[str]:
    """One pattern finding any of ``words`` (folded with :func:`normalise`) as whole words: not next to a
    letter, digit or underscore."""
    alternatives = "|".join(re.escape(folded) for folded in map(normalise, words) if folded)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _status_patterns(statuses: dict[str, list[str]]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns of :meth:`DetailIndex.cover_status` and :meth:`DetailIndex.marking_status`, from the status
    words (folded): a line of status words alone, and a marking in brackets or a bare draft word."""
    def either(words: list[str]) -> str:
        folded = sorted({normalise(word) for word in words} - {""}, key=len, reverse=True)
        return "|".join(re.escape(word) for word in folded) or r"(?!)"

    word = either([word for words in statuses.values() for word in words])
    words = rf"(?:{word})(?: (?:{word}))*"          # "amended final": words apart by one space (text is folded)
    line = re.compile(rf"{words}(?: ehcp?)?(?: plan)?")
    bare = either(statuses.get("draft", []))
    marking = re.compile(rf"\(\s*(?P<bracketed>{words})\s*\)|(?<!\w)(?P<bare>{bare})(?!\w)")
    return line, marking


def _by_label(table: dict[str, list[str]]) -> dict[str, str]:
    """A table of labels by field, as folded label → field (the profile allows a label under one field only)."""
    return {label_key(label): name for name, labels in table.items() for label in labels}


def _identifier_index(profile: Profile) -> dict[str, str]:
    """The profile's identifier labels (and local systems), folded: label → ``upn``, ``uln``, ``nhs_number`` or
    ``local:<system>``; "UPN", "ULN" and "NHS number" are always known."""
    ids = profile.identifiers
    index = {label_key(label): "upn" for label in ids.upn + ["UPN", "Unique pupil number"]}
    index.update({label_key(label): "uln" for label in ids.uln + ["ULN", "Unique learner number"]})
    index.update({label_key(label): "nhs_number" for label in ids.nhs_number + ["NHS number", "NHS no"]})
    index.update({label_key(local.label): f"local:{local.system}" for local in ids.local})
    return index


_CACHE: dict[int, tuple[Profile, LabelIndex]] = {}


def label_index(profile: Profile) -> LabelIndex:
    """Return the (cached) :class:`LabelIndex` of ``profile``."""
    hit = _CACHE.get(id(profile))
    if hit is None or hit[0] is not profile:
        hit = _CACHE[id(profile)] = (profile, LabelIndex(profile))
    return hit[1]
