"""Rules on section A: A1 fits one A4 page, A2 recordings are short, and A2 says how the views were gathered.

The template limits A1 to one A4 page, "500 words or 3,000 characters"; recordings attached to A2 "should normally
be" at most 5 minutes; and the Views box says how the views were gathered and whether someone gave them on the
child's behalf (DfE template; CoP 9.61).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import MediaKind, Plan
from .engine import CheckContext, Hit, rule

#: A1's limits: one A4 page (DfE template).
A1_MAX_WORDS = 500
A1_MAX_CHARACTERS = 3000
#: The longest a recording attached to A2 should normally be, in seconds (DfE template).
MEDIA_MAX_SECONDS = 5 * 60
_RECORDINGS = {MediaKind.VIDEO, MediaKind.AUDIO}


def a1_size(text: str) -> tuple[int, int]:
    """Return (words, characters) of an A1 text. A word is a run of characters between spaces or line breaks that
    holds a letter or digit, so a bullet mark ("-") is not a word."""
    words = sum(1 for token in text.split() if any(char.isalnum() for char in token))
    return words, len(text)


@rule(
    "EHCP-A001", "warning", "A1 is over 500 words or over 3,000 characters.",
    basis="DfE template", section="A",
)
def a1_fits_one_page(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag an A1 history longer than one A4 page."""
    history = plan.section_a.a1.history if plan.section_a else None
    if not history:
        return
    words, characters = a1_size(history)
    if words > A1_MAX_WORDS or characters > A1_MAX_CHARACTERS:
        yield Hit("/section_a/a1/history", f"A1 history is {words:,} words and {characters:,} characters, more than "
                  f"one A4 page ({A1_MAX_WORDS} words or {A1_MAX_CHARACTERS:,} characters): shorten it, and refer to "
                  "the advice appended in K rather than copying it (DfE template)")


def _minutes_and_seconds(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest:02d} s"


@rule(
    "EHCP-A002", "warning", "An A2 media item is longer than 5 minutes.",
    basis="DfE template", section="A",
)
def a2_recordings_short(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag A2 video or sound recordings longer than 5 minutes."""
    if plan.section_a is None:
        return
    for index, item in enumerate(plan.section_a.a2.media):
        seconds = item.duration_seconds
        if item.kind in _RECORDINGS and seconds is not None and seconds > MEDIA_MAX_SECONDS:
            yield Hit(f"/section_a/a2/media/{index}", f"The recording \"{item.title}\" lasts "
                      f"{_minutes_and_seconds(seconds)}, longer than 5 minutes: shorten it or choose a clip of at "
                      "most 5 minutes (DfE template)")


@rule(
    "EHCP-A003", "warning", "A2 Views does not say how the views were gathered or whether given on the child's behalf.",
    basis="DfE template; CoP 9.61", section="A",
)
def a2_views_sourced(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag A2 Views that are missing, or that do not say how they were gathered or who gave them."""
    if plan.section_a is None:
        return
    a2 = plan.section_a.a2
    if a2.views is None:
        yield Hit("/section_a/a2", "A2 has no Views: summarise the person-centred conversations, say how the views "
                  "were gathered and whether someone gave them on the child's behalf (DfE template; CoP 9.61)")
        return
    if a2.views_gathered is None:
        yield Hit("/section_a/a2/views", "A2 Views does not say how the views were gathered: record it in "
                  "views_gathered, e.g. \"a conversation at home\" or \"a drawing\" (DfE template; CoP 9.61)")
    if a2.views_given_by is None and a2.views_on_behalf is None:
        yield Hit("/section_a/a2/views", "A2 Views does not say who gave them or whether they were given on the "
                  "child's behalf: record views_given_by or views_on_behalf (DfE template; CoP 9.61)")
