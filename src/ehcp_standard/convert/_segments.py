"""Finishing a paragraph's text: merging segments, flagging Word placeholder sentences and «merge fields» typed as
text, recognising typed bullets and bold "heading candidates", and protective markings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from .blocks import NOT_CONTENT, Flag, ListItem, Location, Segment

#: Word's built-in placeholder sentences: visible, but they mean "no value yet".
PLACEHOLDER_PHRASES = (
    "Click or tap here to enter text.",
    "Click here to enter text.",
    "Click or tap to enter a date.",
    "Click or tap here to enter a date.",
    "Click here to enter a date.",
    "Choose an item.",
    "Choose a building block.",
    "Click or tap here to enter a date",
)

_PLACEHOLDER_OR_MERGE = re.compile(
    "|".join(re.escape(p) for p in sorted(PLACEHOLDER_PHRASES, key=len, reverse=True))
    + r"|(?P<merge>«[^«»\n]{1,80}»|<<[A-Za-z_][A-Za-z0-9_ .\-]{0,60}>>)"
)



def _may_hold_placeholder(text: str) -> bool:
    """A cheap test run first: only text holding one of these can hold a placeholder or a typed merge field (four
    substring tests beat one search of ``Click|Choose|«|<<``)."""
    return "Click" in text or "Choose" in text or "«" in text or "<<" in text


_PROTECTIVE_MARKING = re.compile(
    r"^\W*(?:NOT\s+PROTECTIVELY\s+MARKED|(?:PRIVATE\s+(?:AND|&)\s+)?CONFIDENTIAL|OFFICIAL|RESTRICTED"
    r"|PROTECT(?:ED)?|IN\s+CONFIDENCE)"
    r"(?:[\s\-–—:/]*(?:SENSITIVE|PERSONAL|POLICY|\[[^\]]{1,30}\]|\([^)]{1,30}\)))*\W*$",
    re.IGNORECASE,
)

_TYPED_BULLET = re.compile(r"^[ \t]*(?:([•·▪■□◦○●‣⁃➢►▶✓✔❖◆♦])[ \t]+|([\-–—*])[ \t]+(?=\S)|([oø§])\t+)")

#: The characters :data:`_TYPED_BULLET` can match first: text starting otherwise (most text) is not tried.
_TYPED_BULLET_STARTS = frozenset(" \t•·▪■□◦○●‣⁃➢►▶✓✔❖◆♦-–—*oø§")


#: A short, wholly bold paragraph may be a heading ("by look").
_CANDIDATE_MAX_CHARS = 120

_CANDIDATE_MAX_WORDS = 15


_NO_FLAGS: frozenset[Flag] = frozenset()

_CANDIDATE_FLAGS = frozenset({Flag.HEADING_CANDIDATE})


def _union(segments: tuple[Segment, ...]) -> frozenset[Flag]:
    if len(segments) == 1:
        return segments[0].flags
    return _NO_FLAGS.union(*(s.flags for s in segments))


def _merge_segments(segments: Iterable[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for segment in segments:
        last = out[-1] if out else None
        if last is not None and (last.flags, last.control, last.field) == (segment.flags, segment.control,
                                                                           segment.field):
            out[-1] = Segment(last.text + segment.text, last.flags, last.control, last.field)
        else:
            out.append(segment)
    return out


def _split_placeholders(segment: Segment) -> Iterator[Segment]:
    """Split built-in placeholder sentences and «merge fields» typed as text out of a content segment."""
    if segment.flags & NOT_CONTENT or not _may_hold_placeholder(segment.text):
        yield segment
        return
    position = 0
    for match in _PLACEHOLDER_OR_MERGE.finditer(segment.text):
        if match.start() > position:
            yield replace(segment, text=segment.text[position:match.start()])
        flag = Flag.MERGE_FIELD if match.group("merge") else Flag.PLACEHOLDER
        yield replace(segment, text=match.group(0), flags=segment.flags | {flag})
        position = match.end()
    if position < len(segment.text):
        yield replace(segment, text=segment.text[position:])


def _finish_segments(segments: list[Segment]) -> tuple[Segment, ...]:
    if len(segments) == 1 and not _may_hold_placeholder(segments[0].text):  # the usual paragraph
        return (segments[0],)
    merged = _merge_segments(segments)
    if not any(_may_hold_placeholder(segment.text) for segment in merged):  # the usual case: nothing to split
        return tuple(merged)
    return tuple(_merge_segments(piece for segment in merged for piece in _split_placeholders(segment)))


def _drop_prefix(segments: tuple[Segment, ...], count: int) -> tuple[Segment, ...]:
    out = []
    for segment in segments:
        if count >= len(segment.text):
            count -= len(segment.text)
            continue
        out.append(replace(segment, text=segment.text[count:]) if count else segment)
        count = 0
    return tuple(out)


def _typed_list_item(text: str, style: str | None, location: Location, flags: frozenset[Flag],
                     segments: tuple[Segment, ...]) -> ListItem | None:
    """Recognise a bullet typed as a character ("•" then a tab) and return the list item, else ``None``."""
    if text[:1] not in _TYPED_BULLET_STARTS:
        return None
    match = _TYPED_BULLET.match(text)
    if match is None or not text[match.end():].strip():
        return None
    marker = next(g for g in match.groups() if g)
    remaining = _drop_prefix(segments, match.end())
    return ListItem(text[match.end():], 1, marker, location, style, _union(remaining) | {Flag.TYPED_MARKER},
                    remaining)


def _candidate(text: str, all_bold: bool | None, flags: frozenset[Flag]) -> frozenset[Flag]:
    """Flag a short paragraph set wholly in bold (outside the page furniture) as a possible heading."""
    if all_bold is not True:
        return _NO_FLAGS
    stripped = text.strip()
    short = 0 < len(stripped) <= _CANDIDATE_MAX_CHARS and len(stripped.split()) <= _CANDIDATE_MAX_WORDS
    looks = (short and Flag.PAGE_FURNITURE not in flags and "\n" not in stripped
             and stripped[-1] not in ".,;" and (stripped[0].isalpha() or any(c.isalpha() for c in stripped)))
    return _CANDIDATE_FLAGS if looks else _NO_FLAGS
