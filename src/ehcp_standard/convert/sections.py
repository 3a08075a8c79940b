"""Finding the sections of a legacy plan by label, never by position.

:func:`find_sections` walks a :class:`~ehcp_standard.convert.blocks.BlockDocument` and places every block — each
heading, paragraph and list item, and each row of a table — in a target section (``"A"``…``"K"``, ``"H1"``,
``"H2"``, ``"personal_details"``, ``"contacts"``, ``"services"``, ``"cover"``), with a sub-section (``"history"``,
``"needs"``, ``"long_term"``…), an area of need, a confidence and the label that placed it::

    section_map = find_sections(document, load_profile("generic"))
    for placement in section_map.placements:
        print(placement.location, placement.section, placement.area, placement.method, placement.label)
    for placement in section_map.unplaced():      # headings no alias matched, and what sits under them
        print("unplaced:", placement.location, placement.text)

Section letters win over titles; an area label sets the area for what follows until a heading of the same or a
higher level closes it (a sub-section label above the area's level, such as "Educational Outcomes" over the area
headings, or a health or social care sub-section such as "Health outcomes" at any level, closes it too), so the order
of areas in the document never matters. Nothing is dropped: a block that no
label reaches has ``section`` ``None`` and keeps its location.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from ._labels import LabelIndex, Match, label_index
from .blocks import BlockDocument, Flag, Heading, ListItem, Location, Paragraph, Row, Table
from .profile import Profile

#: Sections whose content is organised by area of need.
AREA_SECTIONS = frozenset({"B", "E", "F"})
#: Sections an area sub-heading may sit in without turning them into B.
AREA_SUBHEADING_SECTIONS = frozenset({"C", "D", "G", "H1", "H2"})
#: Sub-sections that are never of an area of need ("Health outcomes", "Social care outcomes"): they close the open
#: area whatever their level.
AREALESS_SUBSECTIONS = frozenset({"health", "social_care"})
#: Sections in which an area label is content, not an area.
NO_AREA_SECTIONS = frozenset({"A", "I", "J", "K"})
#: Sections whose tables' rows never open another section by a title in their first cell.
OWN_TABLE_SECTIONS = frozenset({"J"})
#: Sub-sections shared by several sections: the current section keeps them when it is one of these.
SHARED_SUBSECTIONS = {"strengths": {"A", "B", "C", "D"}, "needs": {"B", "C", "D"}}
#: Sections that hold details before the plan proper.
FRONT_MATTER = frozenset({"cover", "personal_details", "contacts", "services"})
#: Rank of a heading candidate (a short bold paragraph, or one ending in ":") and of a table row's first cell.
CANDIDATE_RANK = 10
ROW_RANK = 11
#: Shortest run of distinct section labels in one table that marks it as a contents table.
CONTENTS_MIN = 3


@dataclass(frozen=True)
class LabelPlacement:
    """Where one block (or table row) was placed. ``kind`` is ``heading``, ``paragraph``, ``list_item``, ``row``
    or ``header_row``. ``section`` is ``None`` when unplaced. ``label`` is the text of the label that placed it
    (its own, or the one it sits under) and ``method`` how: ``letter``, ``part``, ``exact``, ``normalised``,
    ``prefix``, ``fuzzy`` (the block is a label), ``inherited`` (under one), ``cover`` (before any section),
    ``contents`` (a contents table, not sections) or ``unplaced``. ``columns`` names the column kinds of a table row
    ("provision", "who", ``None`` for an unknown column) when its table has a recognised header row.
    ``extra_area`` names a fifth area mapped into ``area``; ``warnings`` says what a caseworker must confirm."""

    location: Location
    kind: str
    text: str
    section: str | None
    subsection: str | None = None
    area: str | None = None
    confidence: float = 0.0
    label: str | None = None
    method: str = "unplaced"
    columns: tuple[str | None, ...] = ()
    extra_area: str | None = None
    warnings: tuple[str, ...] = ()
    candidate: bool = False
    """True for a heading or heading candidate (a short bold paragraph, or one ending in ":") that no label
    matched: what ``ehcp profile suggest`` lists."""


@dataclass(frozen=True)
class SectionMap:
    """Every placement of a document, in reading order, and the profile used."""

    source: str
    profile: str
    placements: tuple[LabelPlacement, ...]

    def unmatched_labels(self) -> list[LabelPlacement]:
        """Return the headings and heading candidates no alias matched (wherever their content went)."""
        return [p for p in self.placements if p.candidate]

    def unplaced(self) -> list[LabelPlacement]:
        """Return the placements with no section (unknown headings and what sits under them)."""
        return [p for p in self.placements if p.section is None]

    def in_section(self, section: str, area: str | None = None) -> list[LabelPlacement]:
        """Return the placements in ``section`` (and ``area``, when given)."""
        return [p for p in self.placements if p.section == section and (area is None or p.area == area)]

    @property
    def warnings(self) -> list[str]:
        """Every placement warning, with its location."""
        return [f"{p.location}: {w}" for p in self.placements for w in p.warnings]


@dataclass
class _State:
    """Where the walk is: the current section, sub-section and area, and the rank of the block that set each."""

    section: str | None = "cover"
    subsection: str | None = None
    area: str | None = None
    extra_area: str | None = None
    section_rank: int = -1
    area_rank: int = 99
    label: str | None = None
    confidence: float = 1.0
    method: str = "cover"
    warnings: tuple[str, ...] = field(default=())
    area_section: tuple[str | None, int] | None = None
    subsection_rank: int = 99


def find_sections(document: BlockDocument, profile: Profile) -> SectionMap:
    """Return the :class:`SectionMap` of ``document`` (a ``BlockDocument``) read with ``profile``."""
    walker = _Walker(label_index(profile))
    placements = tuple(p for block in document.body for p in walker.place(block))
    return SectionMap(document.source, profile.name, placements)


class _Walker:
    def __init__(self, index: LabelIndex):
        self.index = index
        self.state = _State()

    def place(self, block) -> Iterator[LabelPlacement]:
        if isinstance(block, Table):
            yield from self._table(block)
        elif isinstance(block, Heading):
            yield self._heading(block)
        else:
            yield self._inline(block)

    # --- headings and paragraphs -----------------------------------------------------------------------------

    def _heading(self, block: Heading) -> LabelPlacement:
        match = self.index.match(block.text)
        if match is None:
            return self._unknown_heading(block)
        return self._apply(match, block.level, block.location, "heading", block.text)

    def _unknown_heading(self, block: Heading) -> LabelPlacement:
        state = self.state
        if state.section == "cover" or state.method == "cover":
            return replace(self._inherit(block.location, "heading", block.text), candidate=True)
        if block.level <= state.section_rank:
            self.state = _State(section=None, section_rank=block.level, method="unplaced", confidence=0.0)
        else:
            state.subsection, state.confidence = None, min(state.confidence, 0.7)
        return LabelPlacement(block.location, "heading", block.text, None, method="unplaced", candidate=True)

    def _inline(self, block: Paragraph | ListItem) -> LabelPlacement:
        kind = "list_item" if isinstance(block, ListItem) else "paragraph"
        if isinstance(block, Paragraph) and _is_candidate(block):
            match = self.index.match(block.text)
            if match is not None:
                return self._apply(match, CANDIDATE_RANK, block.location, kind, block.text)
            return replace(self._inherit(block.location, kind, block.text), candidate=True)
        return self._inherit(block.location, kind, block.text)

    # --- tables ----------------------------------------------------------------------------------------------

    def _table(self, table: Table) -> Iterator[LabelPlacement]:
        if self._is_contents(table):
            yield from (self._contents_row(table, n, row) for n, row in enumerate(table.rows, 1))
            return
        columns: tuple[str | None, ...] = ()
        for number, row in enumerate(table.rows, 1):
            location = row.location or table.location.child(f"row {number}")
            header = self._header_columns(row)
            if header:
                columns = header
                yield self._header_row(row, location, header)
            else:
                yield self._row(row, location, columns)

    def _row(self, row: Row, location: Location, columns: tuple[str | None, ...]) -> LabelPlacement:
        """A row under the table's last header row (whose ``columns`` it takes), placed by its first cell."""
        text = _row_text(row)
        first = _first_text(row)
        match = self.index.match(first) if first else None
        if match is not None and self._names_a_column(match, row):
            match = None
        if match is not None:
            return self._apply(match, ROW_RANK, location, "row", text, columns)
        in_front = self.state.section in FRONT_MATTER and self.state.section != "personal_details"
        if in_front and first and self.index.is_identifier(first):
            self._set_section("personal_details", None, ROW_RANK, Match(("personal_details",), first, "exact", 0.9))
        return self._inherit(location, "row", text, columns)

    def _names_a_column(self, match: Match, row: Row) -> bool:
        """In a section whose tables are its own (J's "Provision | Amount | Mechanism"), a row of several filled
        cells whose first cell is another section's title heads a column: it is content, not a new section."""
        filled = sum(1 for cell in row.cells if cell.merged_from is None and cell.text.strip())
        return self.state.section in OWN_TABLE_SECTIONS and match.method not in {"letter", "part"} and filled >= 2

    def _header_columns(self, row: Row) -> tuple[str | None, ...]:
        cells = [cell for cell in row.cells if cell.merged_from is None]
        if any(isinstance(block, Table) for cell in cells for block in cell.blocks):
            return ()       # a label beside a nested table ("Health provision | <table>") is content, not a header
        texts = [cell.text for cell in cells if cell.text.strip()]
        if len(texts) < 2:
            return ()
        kinds = tuple(self.index.column(cell.text) if cell.text.strip() else None for cell in cells)
        known = sum(kind is not None for kind in kinds)
        return kinds if known >= 2 and kinds[0] is not None else ()

    def _header_row(self, row: Row, location: Location, columns: tuple[str | None, ...]) -> LabelPlacement:
        """A header row moves the walk into a provision section when its provision column names one (Leicestershire's
        "Special Educational Provision | By Whom | …" inside an area table); otherwise it keeps the section."""
        state = self.state
        for cell, kind in zip((c for c in row.cells if c.merged_from is None), columns):
            match = self.index.match(cell.text) if kind == "provision" else None
            section = _first_section(match)
            if section in {"F", "G"} and state.section not in {"F", "G", "H1", "H2"}:
                self._set_section(section, None, ROW_RANK, match)
        state = self.state
        state.subsection = None
        return self._inherit(location, "header_row", _row_text(row), columns)

    def _is_contents(self, table: Table) -> bool:
        """A contents table lists several section letters or Parts, one a row ("Section A | ABOUT ME…")."""
        seen = set()
        for row in table.rows:
            for cell in row.cells:
                match = self.index.match(cell.text) if cell.text.strip() else None
                if match is not None and match.method in {"letter", "part"}:
                    seen.add(match.targets)
                    break
        return len(seen) >= CONTENTS_MIN

    def _contents_row(self, table: Table, number: int, row: Row) -> LabelPlacement:
        location = row.location or table.location.child(f"row {number}")
        state = self.state
        section = state.section if state.section in FRONT_MATTER or state.section is None else "cover"
        return LabelPlacement(location, "row", _row_text(row), section or "cover", confidence=0.9,
                         label="contents table", method="contents")

    # --- state changes ---------------------------------------------------------------------------------------

    def _apply(self, match: Match, rank: int, location: Location, kind: str, text: str,
               columns: tuple[str | None, ...] = ()) -> LabelPlacement:
        target = self._resolve(match)
        if target.startswith(("area:", "extra:")) and not self._area_allowed(match):
            return self._inherit(location, kind, text, columns)
        if target.startswith(("area:", "extra:")):
            self._set_area(target, rank, match)
        else:
            section, _, sub = target.partition(".")
            section, sub = _expand(section, sub or None)
            self._set_section(section, sub, rank, match)
        state = self.state
        return LabelPlacement(location, kind, text, state.section, state.subsection, state.area, match.confidence,
                              match.alias, match.method, columns, state.extra_area, state.warnings)

    def _area_allowed(self, match: Match) -> bool:
        """Area labels must match closely, and never open an area inside A, I, J or K."""
        return match.method in {"exact", "normalised"} and self.state.section not in NO_AREA_SECTIONS

    def _resolve(self, match: Match) -> str:
        """Choose among a label's targets: one in the current section, else a shared sub-section kept in the
        current section, else B when an area is open, else the first."""
        state = self.state
        for target in match.targets:
            if target.split(".")[0] == state.section:
                return target
        for target in match.targets:
            sub = target.partition(".")[2]
            if sub in SHARED_SUBSECTIONS and state.section in SHARED_SUBSECTIONS[sub]:
                return f"{state.section}.{sub}"
        if state.area is not None:
            for target in match.targets:
                if target.startswith("B."):
                    return target
        return match.targets[0]

    def _set_section(self, section: str, sub: str | None, rank: int, match: Match) -> None:
        state = self.state
        same = section == state.section
        keep_area = state.area is not None and section in AREA_SECTIONS and rank >= state.area_rank
        if sub is not None and same:
            if rank < state.area_rank or sub in AREALESS_SUBSECTIONS:
                self._close_area()
            state.subsection, state.subsection_rank = sub, rank
            state.label, state.confidence, state.method = match.alias, match.confidence, match.method
            return
        self.state = _State(
            section=section, subsection=sub, section_rank=rank if not (same and sub) else state.section_rank,
            area=state.area if keep_area else None, area_rank=state.area_rank if keep_area else 99,
            extra_area=state.extra_area if keep_area else None, warnings=state.warnings if keep_area else (),
            area_section=state.area_section if keep_area else None,
            label=match.alias, confidence=match.confidence, method=match.method, subsection_rank=rank,
        )

    def _close_area(self) -> None:
        """Close the open area: what follows is in no area until an area label opens one."""
        state = self.state
        state.area, state.extra_area, state.warnings = None, None, ()
        state.area_rank, state.area_section = 99, None

    def _set_area(self, target: str, rank: int, match: Match) -> None:
        kind, _, key = target.partition(":")
        self._enter_area_section(rank, match)
        state = self.state
        state.extra_area, state.warnings = None, ()
        if kind == "extra":
            extra = self.index.profile.extra_areas[key]
            state.area, state.extra_area = extra.maps_to, key
            note = extra.warning or "a caseworker must confirm"
            state.warnings = (f"'{match.alias}' is a fifth area ({key}) mapped to {extra.maps_to}: {note}",)
        else:
            state.area = key
        if state.subsection_rank >= rank:   # a sub-section set above the area ("Educational Outcomes") stays
            state.subsection = None
        state.area_rank, state.area_section = rank, (state.section, state.section_rank)
        state.label, state.confidence, state.method = match.alias, match.confidence, match.method

    def _enter_area_section(self, rank: int, match: Match) -> None:
        """A sibling area label returns to the section the previous area opened in (Newcastle's E then F inside
        each area); an area label outside B, E, F, C, D, G, H1, H2 opens section B."""
        state = self.state
        if state.area is not None and rank <= state.area_rank and state.area_section is not None:
            section, section_rank = state.area_section
            if section != state.section:
                self._set_section(section, None, section_rank, match)
        elif state.section not in AREA_SECTIONS | AREA_SUBHEADING_SECTIONS:
            self._set_section("B", None, rank, match)

    def _inherit(self, location: Location, kind: str, text: str,
                 columns: tuple[str | None, ...] = ()) -> LabelPlacement:
        state = self.state
        method = state.method if state.method in {"cover", "unplaced"} else "inherited"
        return LabelPlacement(location, kind, text, state.section, state.subsection, state.area, state.confidence,
                              state.label, method, columns, state.extra_area, state.warnings)


def _expand(section: str, sub: str | None) -> tuple[str, str | None]:
    """A1 is section A's history, A2 its views."""
    if section == "A1":
        return "A", sub or "history"
    if section == "A2":
        return "A", sub or "views"
    return section, sub


def _first_section(match: Match | None) -> str | None:
    if match is None:
        return None
    return next((t for t in match.targets if "." not in t and ":" not in t), None)


def _is_candidate(block: Paragraph) -> bool:
    text = block.text.strip()
    return Flag.HEADING_CANDIDATE in block.flags or (text.endswith(":") and len(text) <= 80)


def _first_text(row: Row) -> str:
    """The text of the row's first grid cell; ``""`` when it continues a merge (the area cell merged down)."""
    return row.cells[0].text.strip() if row.cells else ""


def _row_text(row: Row) -> str:
    return " | ".join(cell.text for cell in row.cells if cell.merged_from is None)


# --- suggesting a profile ---------------------------------------------------------------------------------------

#: Longest cell text taken for a column label.
MAX_COLUMN = 60


def unknown_columns(document: BlockDocument, profile: Profile) -> list[tuple[str, Location]]:
    """Return the cells of table header rows (a table's first row with three or more short cells: two-column
    tables are label/value pairs) that name no
    column of ``profile``, with their locations."""
    index = label_index(profile)
    found = []
    for block in document.iter_blocks():
        if isinstance(block, Table) and block.rows:
            cells = [c for c in block.rows[0].cells if c.merged_from is None and c.text.strip()]
            if len(cells) >= 3 and all(len(c.text) <= MAX_COLUMN for c in cells):
                found += [(c.text.strip(), c.location) for c in cells
                          if index.column(c.text) is None and index.match(c.text) is None]
    return found


def suggest_profile(
    documents: list[BlockDocument], profile: Profile, *,
    detected: list[tuple[str, str, float, list[str]]] = (), name: str = "my-council",
) -> str:
    """Return a starting profile (YAML text) listing the headings and table column labels that ``profile`` could
    not place in ``documents``, each with its count and an example location, most frequent first; the first five
    headings found outside the cover (never names on it) become detection signatures. ``detected``
    rows (source, profile name, score, evidence) are written as comments. The labels sit under ``unplaced`` keys,
    which do not load until each label is moved under its target."""
    headings, columns = _tally(documents, profile)
    lines = [f"# Suggested by 'ehcp profile suggest' from {len(documents)} plan(s) read with profile {profile.name}."]
    lines += [f"# Detected: {src} -> {prof} (score {score:.2f}; {', '.join(ev) or 'no signatures'})"
              for src, prof, score, ev in detected]
    lines += [f"name: {name}", f"description: {_quote('Plans like ' + ', '.join(d.source for d in documents[:3]))}",
              f"extends: {profile.name}", "detection:", "  signatures:"]
    signatures = [text for text, where in headings if any(section != "cover" for _, section in where)][:5]
    lines += [f"    - {_quote(text)}" for text in signatures] or ["    []"]
    lines += ["# Move each label under its target (A–K, H1, H2, A.history, B.needs, E.long_term, personal_details…)",
              "# or into areas / columns (provision, who, frequency, which_need…); 'unplaced' keys do not load."]
    lines += _section("headings", headings) + _section("columns", columns)
    return "\n".join(lines) + "\n"


def _tally(documents, profile: Profile):
    headings: dict[str, list] = {}
    columns: dict[str, list] = {}
    for document in documents:
        for placement in find_sections(document, profile).unmatched_labels():
            where = (f"{document.source}: {placement.location.path}", placement.section)
            headings.setdefault(placement.text.strip(), []).append(where)
        for text, location in unknown_columns(document, profile):
            columns.setdefault(text, []).append((f"{document.source}: {location.path}", None))
    return _by_count(headings), _by_count(columns)


def _by_count(table: dict[str, list]) -> list[tuple[str, list]]:
    return sorted(table.items(), key=lambda item: (-len(item[1]), item[0]))


def _section(key: str, labels) -> list[str]:
    if not labels:
        return [f"{key}: {{}}"]
    lines = [f"{key}:", "  unplaced:"]
    for text, where in labels:
        lines.append(f"    - {_quote(text)}  # {len(where)}x, e.g. {where[0][0]}")
    return lines


def _quote(text: str) -> str:
    import json

    return json.dumps(text.replace("\n", " "), ensure_ascii=False)
