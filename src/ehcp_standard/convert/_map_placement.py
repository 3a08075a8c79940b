"""Section I: the placement's name, type, URN or UKPRN, read at the end, once the plan's status is known: a
draft plan names no placement (CFA s.38(5)), so in a draft its wording is carried over with that reason
instead. The placement named on the details page is taken as a repeat of section I's.
"""

from __future__ import annotations

import re

from ._details_read import _colon_pair, _is_label_item, _Pair, _row_pair
from ._map_shared import _ConceptMapper
from .draft import Item, squash
from .profile import normalise

#: A type of institution given in brackets after its name
#: ("Tynebank College (General further education college)").
WITH_TYPE = re.compile(r"^(?P<name>.*?\S)\s*\((?P<type>[^()]*\b(school|college|academy|nursery|provision|"
                       r"unit|setting|education|institution)\b[^()]*)\)$", re.IGNORECASE)


class _PlacementMapper(_ConceptMapper):
    """Maps section I (at the end, from the items the walk kept)."""

    def finish(self) -> None:
        """Map the items of section I the walk kept, then the placement named on the details page."""
        draft_plan = self.draft.get("/metadata/status") == "draft"
        for item in self.state.placement_items:
            if _is_label_item(item):
                self.label(item.units)
                continue
            named = False
            for pair in self.placement_pairs(item):
                name = self.labels.placement.get(pair.key)
                if name is None:
                    continue
                if not pair.values:
                    self.label(pair.labels)
                elif draft_plan:
                    named = True
                    self.carry(pair.units, "a draft plan must not name a placement (CFA s.38(5))", "I")
                else:
                    self.placement_value(name, pair)
            if draft_plan and not named:
                self.carry(list(item.units), "a draft plan names no placement (CFA s.38(5)); its wording is "
                           "kept here", "I")
        self.placement_repeat()

    def placement_pairs(self, item: Item) -> list[_Pair]:
        pair = _row_pair(item)
        if pair is not None:
            return [pair]
        return [found for unit in item.units if (found := _colon_pair(unit)) is not None]

    def placement_pointer(self) -> str:
        """The pointer of the (first) placement, made when there is none yet."""
        if not self.draft.get("/placement/placements"):
            return self.draft.append("/placement/placements", {})
        return "/placement/placements/0"

    def placement_value(self, name: str, pair: _Pair) -> None:
        pointer = self.placement_pointer()
        self.label(pair.labels)
        if name == "name_type":
            with_type = WITH_TYPE.match(pair.text) if len(pair.values) == 1 else None
            if with_type is None:
                name = "name"
            else:
                unit = pair.values[0][0]
                for part in ("name", "type"):
                    self.put_once(f"{pointer}/{part}", with_type.group(part), [(unit, with_type.group(part))],
                                  "text", f"placement {part}")
                return
        if name in {"urn", "ukprn"}:
            unit, written = pair.values[0]
            self.draft.put(f"{pointer}/{name}", re.sub(r"\s", "", written), unit=unit,
                           fragment=written.strip(), how="identifier")
            return
        self.put_once(f"{pointer}/{name}", pair.text, pair.values, "text", f"placement {name}")
        if name == "type":
            pattern = _attendance(pair.text)
            if pattern:
                self.draft.put(f"{pointer}/attendance_pattern", pattern)

    def placement_repeat(self) -> None:
        """"Educational Placement named in this EHC Plan" on the details page: the placement of section I
        again."""
        pair = self.state.placement_named
        if pair is None:
            return
        if not pair.values:
            self.label(pair.labels)
            return
        if self.draft.get("/metadata/status") == "draft":
            self.carry(pair.units, "a draft plan must not name a placement (CFA s.38(5))", "I")
            return
        pointer = f"{self.placement_pointer()}/name"
        current = self.draft.get(pointer)
        if current is None or squash(current).casefold() == squash(pair.text).casefold():
            self.label(pair.labels)
            self.put_once(pointer, current or pair.text, pair.values, "text", "placement name")


def _attendance(text: str) -> str | None:
    folded = normalise(text)
    for pattern, value in ((r"\b52[- ]week", "52_week_residential"),
                           (r"\bweekly residential", "weekly_residential"),
                           (r"\btermly residential", "termly_residential")):
        if re.search(pattern, folded):
            return value
    return None
