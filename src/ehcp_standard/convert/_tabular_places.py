"""Where a row of an export belongs: the section, area and table its section and area cells name, read with the
codes of the profile's column map (see :mod:`.tabular`)."""

from __future__ import annotations

from dataclasses import dataclass

from ._tabular_columns import fold
from .profile import Profile

# --- where a row belongs: its section, area and table ------------------------------------------------------------

#: The four areas as the model names them, with the short form their ids use.
_SEN = {
    "communication_and_interaction": ("communication_interaction", "CI"),
    "cognition_and_learning": ("cognition_learning", "CL"),
    "social_emotional_mental_health": ("semh", "SEMH"),
    "sensory_and_physical": ("sensory_physical", "SP"),
}


@dataclass(frozen=True)
class Home:
    """The table a row's need, outcome and provision go in: its base pointer, the prefix of its need ids, the
    list its provision goes in and that list's id prefix (``None`` when a row cannot say which: social care with
    no H1 or H2), the provision section letter and the profile's area name."""

    base: str
    need_prefix: str
    provision_list: str | None
    provision_prefix: str | None
    letter: str | None
    area: str | None


@dataclass(frozen=True)
class Place:
    """What a row's section and area cells say: its :class:`Home` (``None``: the row cannot be placed) and why
    not, whether the area cell agrees with the section, and notes for the caseworker."""

    home: Home | None
    reason: str | None = None
    area_fits: bool = True
    notes: tuple[str, ...] = ()


class Codes:
    """The section, area and status codes of a profile's column map, folded for lookup (area names and fifth
    areas from the profile's ``areas`` and ``extra_areas`` too)."""

    def __init__(self, profile: Profile):
        tabular = profile.tabular
        self.sections = {fold(code): letter for code, letter in tabular.sections.items()}
        self.areas = {fold(label): area for area, labels in profile.areas.items() for label in labels}
        self.extra = {fold(label): (extra.maps_to, extra.warning)
                      for extra in profile.extra_areas.values() for label in extra.labels}
        self.areas.update({fold(code): area for code, area in tabular.area_codes.items()})
        self.statuses = {fold(code): status.value for code, status in tabular.statuses.items()}
        self.date_formats = profile.date_formats

    def place(self, section: str, area: str) -> Place:
        """Return where a row with these section and area cells (``""`` when absent) belongs."""
        letter = self.sections.get(fold(section)) if section else None
        table = self.areas.get(fold(area)) if area else None
        notes = []
        if area and table is None and fold(area) in self.extra:
            table, warning = self.extra[fold(area)]
            notes.append(f"area {area!r}: {warning}")
        if section and letter is None:
            notes.append(f"section {section!r} is not one of the column map's section codes; placed by its area")
        if area and table is None:
            notes.append(f"area {area!r} is not one of the column map's area codes")
        return _place(letter, table, area, tuple(notes))


def _place(letter: str | None, table: str | None, area: str, notes: tuple[str, ...]) -> Place:
    if letter in (None, "F") and table in _SEN:
        model, short = _SEN[table]
        base = f"/special_educational_needs/{model}"
        return Place(Home(base, f"B-{short}", f"{base}/provision", f"F-{short}", "F", table), notes=notes)
    if letter == "G" or (letter is None and table == "health"):
        home, fits = Home("/health", "C", "/health/provision", "G", "G", None), table in (None, "health")
    elif letter in ("H1", "H2"):
        home = Home("/social_care", "D", f"/social_care/{letter.lower()}_provision", letter, letter, None)
        fits = table in (None, "social_care")
    elif letter is None and table == "social_care":
        return Place(Home("/social_care", "D", None, None, None, None), notes=notes,
                     reason="a social care row must say H1 or H2 in its section column")
    elif letter == "F":
        return Place(None, f"section F provision needs one of the four areas of need; the area is {area or 'blank'}",
                     notes=notes)
    else:
        return Place(None, "the row's section and area do not say where it belongs", notes=notes)
    if not fits:
        notes += (f"area {area!r} does not fit section {home.letter}: placed in {home.letter} by its section",)
    return Place(home, area_fits=fits, notes=notes)


__all__ = ["Codes", "Home", "Place"]
