"""Needs and their tables: the four B-F-E areas, health C-G-E and social care D-H1-H2-E.

Each table holds needs, the provision that meets them and the outcomes sought. A need names, by id, the
provision and the outcomes in its row, so the golden thread need -> provision -> outcome is explicit: every need
in B must have provision in F (CFA s.37(2)(c); CoP 9.69; *R v Secretary of State ex p E* [1992]).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .codes import AreaOfNeed, SenType, describe
from .outcomes import Outcome
from .provision import HealthProvision, Provision
from .types import Id, ShortText, StandardModel, Text

#: The template's fixed sentence for an area with no needs.
NO_NEEDS_SENTENCE = "Child/Young person has no identified special educational needs in this area"

#: The Code of Practice paragraphs that describe each broad area of need.
AREA_COP_PARAGRAPHS = {
    AreaOfNeed.COMMUNICATION_INTERACTION: "CoP 6.28-6.29",
    AreaOfNeed.COGNITION_LEARNING: "CoP 6.30-6.31",
    AreaOfNeed.SEMH: "CoP 6.32-6.33",
    AreaOfNeed.SENSORY_PHYSICAL: "CoP 6.34-6.35",
}


class Need(StandardModel):
    """One identified need: a row of its table, tied by id to its provision and its outcomes."""

    id: Id = Field(title="Id", description="Stable id, e.g. B-CI-1.")
    title: ShortText | None = Field(
        None, title="Heading", description='Optional short heading, e.g. "Literacy skills".'
    )
    description: Text = Field(title="Need")
    sen_types: tuple[SenType, ...] = Field((), title="SEN types", description=describe(SenType))
    provision_ids: tuple[Id, ...] = Field(
        (), title="Provision", description="Ids of the provision that meets this need (F for B, G for C, H1/H2 for D)."
    )
    outcome_ids: tuple[Id, ...] = Field((), title="Outcomes", description="Ids of the outcomes this need's row seeks.")
    original_text: Text | None = Field(None, title="Original wording")


class _NeedsTable(StandardModel):
    strengths: Text | None = Field(None, title="Strengths")
    no_identified_needs: bool = Field(
        False, title="No identified needs", description="True where the table states there are no needs."
    )
    no_needs_statement: Text | None = Field(
        None, title="No-needs statement", description="The wording used to say so, where it is not the standard one."
    )
    outcomes: tuple[Outcome, ...] = Field((), title="E - Outcomes")

    @model_validator(mode="after")
    def _no_needs_means_none(self) -> _NeedsTable:
        needs = self.needs  # each subclass declares its own ``needs`` field
        if self.no_identified_needs and needs:
            raise ValueError(f"no_identified_needs is true, yet {len(needs)} need(s) are listed")
        return self


class AreaOfNeedTable(_NeedsTable):
    """One broad area of need: Strengths, then rows of B - Special Educational Needs | F - Special Educational
    Provision | E - Outcomes. An area with no needs carries the fixed sentence "Child/Young person has no identified
    special educational needs in this area"."""

    needs: tuple[Need, ...] = Field((), title="B - Special Educational Needs")
    provision: tuple[Provision, ...] = Field(
        (),
        title="F - Special Educational Provision",
        description="Enforceable against the LA; must be specified for each and every need in B (s.37(2)(c); "
        "Regs 12(1)(f); CoP 9.69).",
    )


class SpecialEducationalNeeds(StandardModel):
    """Special Educational Needs and Provision (B-F-E): four tables, always in this order (CoP 6.28-6.35)."""

    communication_interaction: AreaOfNeedTable | None = Field(
        None, title="Communication and interaction", description="CoP 6.28-6.29."
    )
    cognition_learning: AreaOfNeedTable | None = Field(
        None, title="Cognition and learning", description="CoP 6.30-6.31."
    )
    semh: AreaOfNeedTable | None = Field(
        None, title="Social, emotional and mental health difficulties", description="CoP 6.32-6.33."
    )
    sensory_physical: AreaOfNeedTable | None = Field(
        None, title="Sensory and/or physical needs", description="CoP 6.34-6.35."
    )

    def areas(self) -> list[tuple[AreaOfNeed, AreaOfNeedTable | None]]:
        """Return each area with its table (``None`` where the table is missing), in the template's order."""
        return [(area, getattr(self, area.value)) for area in AreaOfNeed]


class HealthSection(_NeedsTable):
    """Sections C and G: the health care needs which relate to the SEN, and the health care provision reasonably
    required by them (Regs 12(1)(c), (g); s.37(2)(d)). If there are none, say so explicitly."""

    needs: tuple[Need, ...] = Field((), title="C - Health care needs")
    provision: tuple[HealthProvision, ...] = Field(
        (),
        title="G - Health care provision reasonably required by the learning difficulties or disabilities",
        description="Agreed by the responsible commissioning body (Regs 12(2)); hours must be specified.",
    )


class SocialCareSection(_NeedsTable):
    """Sections D, H1 and H2: social care needs and provision. A need may have H1, H2 or both (Regs 12(1)(d), (h))."""

    needs: tuple[Need, ...] = Field((), title="D - Social care needs")
    h1_provision: tuple[Provision, ...] = Field(
        (),
        title="H1 - Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
        description="For under-18s only (s.37(2)(e)).",
    )
    h2_provision: tuple[Provision, ...] = Field(
        (),
        title="H2 - Any other social care provision reasonably required",
        description="Including adult care and support under the Care Act 2014 (s.37(2)(f)).",
    )
