"""The shortcuts that make the checker fast give exactly the answers of the plain definitions they stand for.

Each property compares a rule helper with a straightforward version written here from its definition: difflib's
ratio behind its cheap upper bounds (EHCP-E004), the vague-phrase search that skips phrases a text cannot contain
(EHCP-F004), and the sentence rules that first search the whole text (EHCP-B003, EHCP-F006).
"""

from __future__ import annotations

import difflib
import re
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ehcp_standard.rules import needs, outcomes, provision
from ehcp_standard.rules.provision import VAGUE_PHRASES, find_vague_phrases, sentence_spans
from tests.strategies import texts

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- EHCP-E004: similarity ----------------------------------------------------------------------------------


def difflib_similarity(first: str, second: str) -> float:
    """``outcomes.similarity`` as first written: one SequenceMatcher per pair."""
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    if matcher.real_quick_ratio() < outcomes.NEAR_IDENTICAL or matcher.quick_ratio() < outcomes.NEAR_IDENTICAL:
        return 0.0
    return matcher.ratio()


_LETTERS = st.text("abcde '", max_size=40)


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A text and a copy with a few characters changed, inserted or deleted (often near-identical)."""
    text = draw(st.text("abcdefgh '", min_size=5, max_size=80))
    copy = list(text)
    for _ in range(draw(st.integers(0, 6))):
        where = draw(st.integers(0, len(copy)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        letter = draw(st.sampled_from("abcxyz "))
        if action == "insert":
            copy.insert(where, letter)
        elif copy and where < len(copy):
            copy[where:where + 1] = [letter] if action == "replace" else []
    return text, "".join(copy)


@SETTINGS
@given(st.one_of(st.tuples(_LETTERS, _LETTERS), edited()))
def test_similarity_is_difflibs_ratio_with_its_bounds(pair: tuple[str, str]) -> None:
    first, second = pair
    assert outcomes.similarity(first, second) == difflib_similarity(first, second)
    assert outcomes.similarity(second, first) == difflib_similarity(second, first)


@SETTINGS
@given(st.one_of(st.tuples(_LETTERS, _LETTERS), edited()))
def test_near_identical_is_difflibs_ratio_reaching_the_threshold(pair: tuple[str, str]) -> None:
    first, second = pair
    near = outcomes._Text(first).near_identical(outcomes._Text(second))
    assert near == (difflib_similarity(first, second) >= outcomes.NEAR_IDENTICAL)


@SETTINGS
@given(st.text("abcd ", max_size=60), st.text("abcd ", max_size=60))
def test_the_common_subsequence_is_never_shorter_than_difflibs_matching_blocks(first: str, second: str) -> None:
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    assert outcomes._Text(second).common_subsequence(first) >= matched


# -- EHCP-F004: vague phrases ---------------------------------------------------------------------------------


def every_phrase_search(text: str, phrases: tuple[str, ...], provision_text: bool) -> list[tuple[str, tuple[int, int]]]:
    """``find_vague_phrases`` as first written: every phrase's pattern run over the whole text."""
    found = []
    for phrase in phrases:
        for match in provision._phrase_pattern(phrase).finditer(text):
            if provision._applies(phrase, text, match.start(), match.end(), provision_text):
                found.append(match.span())
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return [(text[start:end], (start, end)) for start, end in chosen]


#: Characters that re.IGNORECASE matches with ASCII letters, and other case traps.
_TRAPS = ["\u0130", "\u0131", "\u017f", "\u212a", "\u00df", "\u0307", "-", ".", ":", " ", "\n", "May", "2"]
_PIECES = st.one_of(
    st.sampled_from(VAGUE_PHRASES), st.sampled_from(VAGUE_PHRASES).map(str.upper),
    st.sampled_from(VAGUE_PHRASES).map(lambda phrase: phrase.replace("s", "\u017f").replace("i", "\u0130")),
    st.sampled_from(_TRAPS), st.text("aegiks .-", max_size=6),
)
_VAGUE_TEXTS = st.one_of(texts(), st.lists(_PIECES, min_size=1, max_size=8).map(" ".join),
                     st.lists(_PIECES, min_size=1, max_size=8).map("".join))
_OWN_LISTS = st.lists(
    st.one_of(st.sampled_from(VAGUE_PHRASES), st.sampled_from(["\u212aey", "SUPPORT", "as soon as", "...", " ", "e.g.",
                                                              "stra\u00dfe", "\u017fome"])),
    max_size=6,
).map(tuple)


@SETTINGS
@given(_VAGUE_TEXTS, st.one_of(st.just(VAGUE_PHRASES), _OWN_LISTS), st.booleans())
def test_find_vague_phrases_finds_what_every_phrase_pattern_finds(
    text: str, phrases: tuple[str, ...], provision_text: bool
) -> None:
    expected = every_phrase_search(text, phrases, provision_text)
    assert find_vague_phrases(text, phrases, provision=provision_text) == expected


def test_the_case_folds_list_every_non_ascii_character_ignorecase_matches_with_an_ascii_letter() -> None:
    every = "".join(chr(code) for code in range(0x80, sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for char in re.compile(re.escape(letter), re.IGNORECASE).findall(every):
            assert char.translate(provision._ASCII_CASE_FOLDS) == letter.lower(), (letter, char)


# -- EHCP-B003 and EHCP-F006: sentence rules --------------------------------------------------------------------

_CUES = st.sampled_from(["He is good at maths. ", "She enjoys art but finds it hard.\n",
                          "will receive 2 sessions weekly. ", "- He will have 30 minutes daily", "e.g. loves music!",
                          "Dr. Smith provides 1:1. "])
_SENTENCE_TEXTS = st.one_of(texts(), st.lists(st.one_of(_CUES, texts()), max_size=5).map("".join))


@SETTINGS
@given(_SENTENCE_TEXTS)
def test_strength_sentences_are_the_sentences_that_read_as_strengths(text: str) -> None:
    expected = [(start, end) for start, end in sentence_spans(text)
                if needs._STRENGTH.search(text[start:end]) and not needs._DIFFICULTY.search(text[start:end])]
    assert needs.strength_sentences(text) == expected


@SETTINGS
@given(_SENTENCE_TEXTS)
def test_provision_like_sentences_are_the_sentences_that_read_as_provision(text: str) -> None:
    expected = [(start, end) for start, end in sentence_spans(text)
                if provision._PROVISION_CUE.search(text[start:end]) and provision._looks_quantified(text[start:end])]
    assert provision.provision_like_sentences(text) == expected
