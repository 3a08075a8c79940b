"""Section J's golden thread: a budget item linked, through the provision its wording names, to that provision's
needs and outcomes (Regs 12(1)(j): J states the SEN and outcomes a direct payment meets).

A legacy plan's section J seldom says which need a personal budget meets, but it often names the provision it pays
for: "a direct payment of £5,460 per year … for personal assistant support, as set out in Section H2", beside an H2
entry "Personal assistant support, funded by direct payment, …". :func:`link_budget_items` runs once both mappers
have written the draft. For each budget item that links no need and no outcome yet, it compares the content words of
what the item funds with the wording of every provision entry (F, G, H1, H2; only the sections the item names, when
it names any) and, when one entry clearly wins, gives the item that entry's links: the needs whose ``provision_ids``
hold it, and those needs' outcomes. A note (``linked_by_wording``) names the item and the entry, for a caseworker to
check; the item's own note no longer asks for the link. Ids only ever come from the plan's own needs and outcomes.

**The rule.** A *content word* is a word of three letters or more that is not a function word, a word any provision
may use (:data:`GENERIC`: "support", "school", "hours"…) or one of the child's names. Two words are alike when equal
but for a plural "s" or "es", or, from five letters, alike at rapidfuzz ``ratio`` :data:`WORD_MATCH` or more
("licences"/"licenses"). An entry's wording is its description and, apart, who provides it. An entry *matches* an
item when one of those shares at least :data:`MIN_WORDS` content words with what the item funds, and the shared words
are at least :data:`LINK_MATCH` per cent of the shorter of the two. It *wins* when it matches, and every entry scoring
less than :data:`MARGIN` points below it matches too and has the same links, not none (a clearly named group: their
ids are all named). Anything else — no match, two entries with different links (or none) scoring alike, generic
words only — links nothing: the item keeps its note asking a caseworker to link it. A winner that is itself linked to
no need gets an ``unlinked`` note naming it instead.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from ._map_budget import LINK_REQUEST, read_note
from ._needs_write import PROVISION_FIELD
from .draft import Draft

__all__ = ["GENERIC", "LINK_MATCH", "MARGIN", "MIN_WORDS", "WORD_MATCH", "content_words", "link_budget_items"]

#: Lowest rapidfuzz ``ratio`` at which two words of five letters or more are alike: spelling variants and plurals
#: ("licences"/"licenses" 87.5, "activities"/"activity"), not neighbours ("reading"/"leading" 85.7).
WORD_MATCH = 87
#: Fewest content words an item's funds and an entry's wording must share: one shared word ("assistant" in
#: "personal assistant" and "Teaching assistant") is too little to say which provision is paid for.
MIN_WORDS = 2
#: Lowest share (per cent) of the shorter wording's content words that must be shared for a match.
LINK_MATCH = 60
#: How many points ahead of every other entry the winner must be (or the others must be its group).
MARGIN = 20

#: Function words of three letters or more (shorter words are never content words).
_FUNCTION_WORDS = """
about after all also and any are been before being both but can could during each either every for from has have
her him his how into its may might must nor not off our out over own per she should some such than that the their
them then there these they this those through too under until upon via was were what when where which while who whom
whose will with within without would you your
"""
#: Words any provision, budget or plan uses: they never tell one provision from another.
_PLAN_WORDS = """
access adult adults agreed annual annually arrangement arrangements budget budgets care carer child children college
cost costs daily day days direct education family fund funded funding funds given held help helps hold home hour
hourly hours include included includes including learner learners manage managed month monthly need needs paid parent
parents part pay payment payments people person plan plans provide provided provider provides providing provision
pupil pupils school schools section service services session sessions set setting settings staff student students
support supported supporting supports take taken team term termly time times use used uses using week weekly weeks
year yearly years young
"""
#: Words that are never content words.
GENERIC = frozenset(f"{_FUNCTION_WORDS} {_PLAN_WORDS}".split())

_WORD = re.compile(r"[^\W\d_]{3,}")
#: A section of provision the wording names: "Section H2", "part F", "sections G", or a bare "H1"/"H2".
_SECTION_REF = re.compile(r"\b(?i:sections?|part)\s+(F|G|H\s*[12]?)\b|\b(H[12])\b")
#: The top-level key of each provision section's tables (F: one table per area); its entries are under the
#: table's :data:`PROVISION_FIELD`, where the needs mapper writes them.
_PROVISION_TABLES = {"F": "special_educational_needs", "G": "health", "H1": "social_care", "H2": "social_care"}
_NEED_TABLES = ("/health", "/social_care")


@dataclass(frozen=True)
class _Entry:
    """A provision entry of the draft: its id, section letter and the content words of each part of its wording."""

    id: str
    letter: str
    wordings: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class _Score:
    entry: _Entry
    score: float
    shared: int

    @property
    def matches(self) -> bool:
        return self.shared >= MIN_WORDS and self.score >= LINK_MATCH


def link_budget_items(draft: Draft) -> None:
    """Link each budget item of ``draft`` that links nothing yet through the provision its wording clearly names
    (see the module docstring); leave every other item as it is."""
    items = draft.get("/personal_budget/items") or []
    names = _names(draft) if items else frozenset()
    waiting = [(n, item, funds, words) for n, item in enumerate(items)
               if not item.get("need_ids") and not item.get("outcome_ids")
               for funds in (str(item.get("funds") or ""),)
               for words in (content_words(_SECTION_REF.sub(" ", funds), names),) if len(words) >= MIN_WORDS]
    if not waiting:         # nothing to link, or only generic words: the provision need not be read
        return
    entries = _entries(draft.data, names)
    links = _links(draft.data)
    for n, item, funds, words in waiting:
        winners = _winners(words, _sections_named(funds), entries, links)
        if winners:
            _link(draft, n, item["id"], winners, links.get(winners[0], ((), ())))


def content_words(text: str, names: frozenset[str] = frozenset()) -> frozenset[str]:
    """The content words of ``text``, lower case: its words of three letters or more, leaving out :data:`GENERIC`
    and ``names``."""
    return frozenset(_WORD.findall(text.casefold())) - GENERIC - names


def _names(draft: Draft) -> frozenset[str]:
    """The words of the child's names, which say nothing of what a budget funds."""
    name = draft.get("/personal_details/name") or {}
    parts = [*(value for value in name.values() if isinstance(value, str)),
             draft.get("/personal_details/preferred_name") or ""]
    return frozenset(word for part in parts for word in _WORD.findall(part.casefold()))


def _entries(data: dict[str, Any], names: frozenset[str]) -> list[_Entry]:
    """Every provision entry of the draft, in plan order, with the content words of its description and of who
    provides it (each different wording read once: who provides it often repeats)."""
    read: dict[str, frozenset[str]] = {}
    entries = []
    for letter, value in _provision(data):
        wordings = tuple(value.get(key) or "" for key in ("description", "provider_role"))
        for text in wordings:
            if text not in read:
                read[text] = content_words(text, names)
        entries.append(_Entry(value["id"], letter, tuple(read[text] for text in wordings)))
    return entries


def _provision(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every provision entry of the draft with its section letter, in plan order."""
    found = []
    for letter, key in PROVISION_FIELD.items():
        tables = data.get(_PROVISION_TABLES[letter]) or {}
        for table in tables.values() if letter == "F" else (tables,):
            if isinstance(table, dict):
                found += [(letter, value) for value in table.get(key) or () if isinstance(value, dict)]
    return found


def _links(data: dict[str, Any]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each linked provision entry's id → the ids of the needs that hold it, and of those needs' outcomes."""
    needs: dict[str, list[str]] = {}
    outcomes: dict[str, list[str]] = {}
    areas = (data.get("special_educational_needs") or {}).values()
    tables = [*areas, *(data.get(pointer[1:]) or {} for pointer in _NEED_TABLES)]
    for table in tables:
        for need in table.get("needs") or () if isinstance(table, dict) else ():
            for provision_id in need.get("provision_ids") or ():
                needs.setdefault(provision_id, []).append(need["id"])
                outcomes.setdefault(provision_id, []).extend(need.get("outcome_ids") or ())
    return {key: (tuple(dict.fromkeys(value)), tuple(dict.fromkeys(outcomes[key]))) for key, value in needs.items()}


def _winners(words: frozenset[str], letters: set[str], entries: list[_Entry], links: dict[str, Any]) -> list[str]:
    """The ids of the entry (or group with the same links) of sections ``letters`` (any, when empty) that the
    content words ``words`` of what a budget item funds clearly name; ``[]`` for none."""
    candidates = [entry for entry in entries if not letters or entry.letter in letters]
    if not candidates:
        return []
    wanted = _alike(words, candidates)
    every = frozenset().union(*wanted.values())
    scores = sorted((_score(wanted, entry) for entry in candidates        # an entry sharing no word scores 0
                     if any(not every.isdisjoint(wording) for wording in entry.wordings)),
                    key=lambda s: s.score, reverse=True)
    group = [s for s in scores if s.score > scores[0].score - MARGIN]
    if not group or not all(s.matches for s in group):
        return []
    found = {links.get(s.entry.id) for s in group}
    if len(found) != 1 or (len(group) > 1 and None in found):   # entries linked to no need are not known to be one
        return []
    return [s.entry.id for s in group]


def _sections_named(text: str) -> set[str]:
    """The provision sections ``text`` names ("Section H2" gives H2; "Section H" both H1 and H2)."""
    letters: set[str] = set()
    for found in _SECTION_REF.finditer(text):
        letter = re.sub(r"\s+", "", found.group(1) or found.group(2)).upper()
        letters |= {"H1", "H2"} if letter == "H" else {letter}
    return letters


def _alike(words: frozenset[str], entries: list[_Entry]) -> dict[str, frozenset[str]]:
    """Each of ``words`` → the words alike to it (itself, with or without a plural "s" or "es", and the words of
    ``entries``' wording alike at :data:`WORD_MATCH`)."""
    vocabulary = sorted({word for entry in entries for wording in entry.wordings for word in wording})
    alike = {}
    for word in words:
        variants = {word, f"{word}s", f"{word}es", word.removesuffix("s"), word.removesuffix("es")}
        if len(word) >= 5:
            variants |= {found for found, _, _ in process.extract(word, vocabulary, scorer=fuzz.ratio,
                                                                   score_cutoff=WORD_MATCH, limit=None)}
        alike[word] = frozenset(variants)
    return alike


def _score(wanted: dict[str, frozenset[str]], entry: _Entry) -> _Score:
    """How well ``entry``'s wording (its best part) names the words ``wanted``: the share, in per cent, of the
    shorter side's content words that the two share, and how many they share."""
    best = _Score(entry, 0.0, 0)
    for wording in entry.wordings:
        if not wording:
            continue
        shared = sum(1 for variants in wanted.values() if not variants.isdisjoint(wording))
        score = 100 * shared / min(len(wanted), len(wording))
        if (score, shared) > (best.score, best.shared):
            best = _Score(entry, score, shared)
    return best


def _link(draft: Draft, n: int, item_id: str, through: list[str],
          links: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
    """Give budget item ``n`` the needs and outcomes ``links`` of the entries ``through``, with the notes that say
    so; entries linked to no need get a note asking for that link first."""
    need_ids, outcome_ids = links
    entries, one = ", ".join(through), len(through) == 1
    if not need_ids:
        draft.warn(_read_at(draft, item_id), f"budget item {item_id} funds, by its wording, provision {entries}, "
                   f"which {'is' if one else 'are'} not linked to a need either: link {entries}, then link "
                   f"{item_id} to the same needs and outcomes", section="J", code="unlinked")
        return
    where = _read_at(draft, item_id, linked=True)
    pointer = f"/personal_budget/items/{n}"
    draft.put(f"{pointer}/need_ids", list(need_ids))
    if outcome_ids:
        draft.put(f"{pointer}/outcome_ids", list(outcome_ids))
    outcomes = f" and outcomes {', '.join(outcome_ids)}" if outcome_ids else " (no outcome is linked to them)"
    draft.warn(where, f"budget item {item_id} was linked by wording to provision {entries}: it takes "
               f"{'its' if one else 'their'} needs {', '.join(need_ids)}{outcomes}; check",
               section="J", code="linked_by_wording")


def _read_at(draft: Draft, item_id: str, *, linked: bool = False) -> str:
    """Where budget item ``item_id`` was read: its note's location (``"section J"`` when it has none). ``linked``:
    the note no longer asks for the link."""
    wanted = read_note(item_id) + LINK_REQUEST
    for index, note in enumerate(draft.notes):
        if note.message == wanted:
            if linked:
                draft.notes[index] = dataclasses.replace(note, message=read_note(item_id))
            return note.location
    return "section J"
