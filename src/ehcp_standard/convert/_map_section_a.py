"""Section A: the child's history and how to communicate (A1), and the views, interests and aspirations of the
child and the parents (A2), each line put in the field its prompt names; text under no known prompt is placed
or carried over with the reason.
"""

from __future__ import annotations

import re

from ._details_read import LABEL_METHODS, _is_label_item
from ._map_shared import _ConceptMapper
from .draft import Item, Unit
from .profile import label_key, normalise

#: Section A sub-sections (the profile's targets) and the field each goes to.
A_POINTERS = {
    "history": "/section_a/a1/history",
    "communication": "/section_a/a1/communication",
    "support": "/section_a/a1/communication",
    "views": "/section_a/a2/views",
    "how_gathered": "/section_a/a2/views_gathered",
    "parent_views": "/section_a/a2/parent_aspirations",
    "strengths": "/section_a/a2/strengths",
    "interests": "/section_a/a2/interests",
    "aspirations": "/section_a/a2/aspirations",
}
#: Sub-labels inside an A2 views cell ("Child/Young Person's Voice:", "Parent/Carer's Voice:").
CHILD_VOICE = re.compile(r"^(child|young person|child/young person|child or young person|my)('s)? "
                         r"(voice|views)$")
PARENT_VOICE = re.compile(r"^(parent|carer|parent/carer|parent or carer|parents|family|my family)('s|s')? "
                          r"(voice|views)$")
#: A paragraph in A2 views that says how the views were gathered.
VIEWS_GATHERED = re.compile(r"\bviews\b[^.]{0,40}\b(gathered|collected|obtained|recorded)\b|"
                            r"\b(gathered|collected|shared|gave|given)\b[^.]{0,15}\bviews\b", re.IGNORECASE)


class _SectionAMapper(_ConceptMapper):
    """Maps section A."""

    def item(self, item: Item) -> None:
        """Map an item of section A."""
        state = self.state
        if item.subsection != (state.a_target or ("", ""))[0]:
            state.a_target = (item.subsection or "", self.a_pointer(item))
        if _is_label_item(item) and item.kind != "row":
            self.a_heading(item)
            return
        units = list(item.units)
        if item.kind == "row" and item.placement.method in LABEL_METHODS:
            self.label(item.cells[0])
            units = [unit for cell in item.cells[1:] for unit in cell]
            prompts = {n for n in ("strength", "interest", "aspiration", "view")
                       if n in normalise(item.text.split(" | ")[0])}
            if len(prompts) > 1:
                self.warn(item, f"one row answers several prompts ({', '.join(sorted(prompts))}); all of it "
                          "was put in the A2 field its label matched, for a caseworker to split", "A")
        for unit in units:
            self.a_unit(item, unit)

    def a_pointer(self, item: Item) -> str:
        return A_POINTERS.get(item.subsection or "", "")

    def a_heading(self, item: Item) -> None:
        """A prompt heading: a label; when its field already holds another prompt's text, the heading goes in
        as a line so the two stay apart."""
        pointer = self.a_pointer(item)
        if not pointer and "need" in normalise(item.text) and item.placement.method not in {"letter", "part"}:
            self.carry(list(item.units), "a summary that mixes strengths and needs: strengths belong in A2, "
                       "needs in B, C or D", "A")      # its list is carried over: the heading goes with it
        elif pointer and self.draft.get(pointer) and item.placement.method not in {"letter", "part"}:
            for unit in item.units:
                self.add_line(pointer, unit, heading=True)
        else:
            self.label(item.units)
        if item.subsection == "support":
            self.warn_once("support", item, "'How best to support me' was kept in A1 (how to communicate); "
                           "support that is specific belongs in section F", "A")

    def a_unit(self, item: Item, unit: Unit) -> None:
        if not unit.text.strip():
            return
        key = label_key(unit.text.replace("’", "'"))
        if CHILD_VOICE.match(key) or PARENT_VOICE.match(key):
            self.label([unit])
            self.state.a_target = (item.subsection or "", A_POINTERS["views" if CHILD_VOICE.match(key)
                                                                    else "parent_views"])
            return
        pointer = self.state.a_target[1] if self.state.a_target else ""
        if pointer == A_POINTERS["views"] and VIEWS_GATHERED.search(unit.text) and not _quoted(unit.text):
            pointer = A_POINTERS["how_gathered"]
        if pointer:
            self.add_line(pointer, unit)
        else:
            self.a_unplaced(item, unit)

    def a_unplaced(self, item: Item, unit: Unit) -> None:
        """Section A text under no known prompt: a needs list goes to B; a mixed summary of strengths and
        needs is carried over; other prose goes to A2 views, with a warning."""
        heading = normalise(item.placement.label or item.heading or "")
        if item.subsection == "needs_flag":
            self.draft.carry_reason(unit, "needs listed in section A ('Things that I need help with') belong "
                                    "in B, C or D", "B")
        elif "need" in heading:
            self.draft.carry_reason(unit, "a summary that mixes strengths and needs: strengths belong in A2, "
                                    "needs in B, C or D", "A")
        elif item.subsection:
            self.draft.carry_reason(unit, f"no A1 or A2 field for '{item.subsection}' text", "A")
        else:
            self.add_line(A_POINTERS["views"], unit)
            self.warn_once("a-views", item, "section A text under no known prompt was put in A2 views; check "
                           "whether parts belong in A1", "A")


def _quoted(text: str) -> bool:
    return text.strip()[:1] in {"“", '"', "‘", "'"}
