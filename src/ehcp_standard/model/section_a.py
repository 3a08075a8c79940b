"""Section A: the views, interests and aspirations of the child and parents, or of the young person.

The template splits it into A1 (history) and A2 (views, interests, strengths, aspirations). Section A is not
enforceable; provision written here has no legal force (CFA s.37; Regs 12(1)(a); CoP 9.61-9.62).
"""

from __future__ import annotations

from pydantic import Field

from .codes import MediaKind, describe
from .types import ShortText, StandardModel, Text


class A1History(StandardModel):
    """A1 - Summary of the child or young person's history (at most one A4 page: 500 words or 3,000 characters)."""

    history: Text | None = Field(
        None,
        title="Summary of the child or young person's history",
        description="A brief overview of circumstances and proposed future learning and development. The template "
        "allows at most one A4 page: 500 words or 3,000 characters (checked by rule EHCP-A001).",
    )
    communication: Text | None = Field(
        None,
        title="How to communicate with the child or young person and involve them in decisions",
    )


class MediaItem(StandardModel):
    """A drawing, photo, recording or document attached to A2 (recordings normally at most 5 minutes)."""

    kind: MediaKind = Field(title="Kind", description=describe(MediaKind))
    title: ShortText = Field(title="Title")
    reference: ShortText | None = Field(None, title="Where it is kept", description="File name or document reference.")
    duration_seconds: int | None = Field(None, ge=0, title="Length (seconds)", description="For video and audio.")


class A2Views(StandardModel):
    """A2 - Summary of the views, interests and aspirations of the child and their parent, or of the young person."""

    views: Text | None = Field(
        None,
        title="Views",
        description="A summary of the person-centred conversations (CoP 9.61).",
    )
    views_gathered: Text | None = Field(
        None, title="How the views were gathered", description="e.g. a conversation at home, a drawing, an observation."
    )
    views_given_by: ShortText | None = Field(
        None, title="Who gave the views", description='e.g. "Amara (in her own words)", "Her mother".'
    )
    views_on_behalf: bool | None = Field(
        None,
        title="Given on the child's behalf",
        description="True where someone gave the views on the child's or young person's behalf; written in the "
        "first person, say whether it is a direct quote.",
    )
    interests: Text | None = Field(None, title="Interests")
    strengths: Text | None = Field(
        None, title="Strengths", description="All strengths go here; needs go in B, C and D."
    )
    aspirations: Text | None = Field(
        None, title="Aspirations", description="The child's or young person's own ambitions."
    )
    parent_aspirations: Text | None = Field(
        None,
        title="Parent or carer aspirations",
        description="Parents' views, with any differences from the child's noted; not needed for a young person "
        "applying in their own right.",
    )
    media: tuple[MediaItem, ...] = Field((), title="Attached drawings, photos and recordings")


class SectionA(StandardModel):
    """Section A: A1 history and A2 views, interests and aspirations."""

    a1: A1History = Field(default_factory=A1History, title="A1 - Summary of the child or young person's history")
    a2: A2Views = Field(
        default_factory=A2Views,
        title="A2 - Summary of the views, interests and aspirations of the child and their parent, or of the "
        "young person",
    )
