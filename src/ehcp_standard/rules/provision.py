"""Rules on provision (sections F, G, H1 and H2): specified and quantified, free of vague wording, and in the section
where it can be enforced.

Provision "must be detailed and specific and should normally be quantified" (CoP 9.69), leaving "no room for doubt
as to what has been decided and what is needed" (*L v Clarke and Somerset CC* [1998] ELR 129). Words such as
"support", "input", "interventions" and "opportunities" are unlikely to be enough (*Worcestershire CC v SE* [2020]
UKUT 217 (AAC) §74). Only section F is enforceable, and provision that educates or trains is special educational
provision that belongs there (CFA 2014 s.21(5)).

Structured fields come first; where they are empty, the quantity parser (``ehcp_standard.quantity``) reads the
description as a fallback, so a plan converted from prose is not flagged for what its text does say.

The vague-word list of EHCP-F004 is ``VAGUE_PHRASES``; ``find_vague_phrases`` finds them in any text, and
``vague_wording_hits`` runs the rule with a list of your own. A ``CheckContext`` whose ``vague_phrases`` is set
overrides the list for a whole check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache

from ..model import Plan, Provision, SectionLetter
from ..quantity import QuantityParse, parse_quantity
from .engine import CheckContext, Hit, rule

# -- shared helpers ----------------------------------------------------------------------------------------------

_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD_BEFORE = re.compile(r"[\w.]*$")
#: Words whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset({"e.g", "eg", "i.e", "ie", "etc", "dr", "mr", "mrs", "ms", "approx", "no", "vs", "st"})


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``start``-``end`` without surrounding spaces or a leading bullet mark."""
    while start < end and (text[start].isspace() or text[start] in "-•*"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each sentence of ``text``: a line break, or a full stop, "!" or "?" before a
    space, ends one (not the stop of "e.g." or "Dr.", nor the point in "1.5")."""
    spans = []
    for line in _LINE.finditer(text):
        start = line.start()
        for stop in _SENTENCE_END.finditer(text, line.start(), line.end()):
            word = _WORD_BEFORE.search(text, start, stop.start()).group().lower()
            if word.rstrip(".") not in _ABBREVIATIONS:
                spans.append(_trimmed(text, start, stop.end()))
                start = stop.end()
        spans.append(_trimmed(text, start, line.end()))
    return [(start, end) for start, end in spans if start < end]


@lru_cache(maxsize=4096)
def parsed_quantity(text: str | None) -> QuantityParse | None:
    """Return the quantity parser's reading of ``text``, or ``None`` if there is no text."""
    return parse_quantity(text) if text else None


def _text_has(item: Provision, *fields: str) -> bool:
    """Return whether the parser found every one of ``fields`` in the item's description."""
    parsed = parsed_quantity(item.description)
    return parsed is not None and all(getattr(parsed, name, None) is not None for name in fields)


def quoted(text: str, limit: int = 100) -> str:
    """Return ``text`` in double quotes for a message, cut to ``limit`` characters with "..." if longer."""
    return f"\"{text if len(text) <= limit else text[:limit - 3].rstrip() + '...'}\""


def _in_section(plan: Plan, *letters: SectionLetter) -> Iterator[tuple[str, Provision]]:
    """Yield (pointer, item) for every provision entry in the given sections."""
    for pointer, letter, item in plan.provision():
        if letter in letters:
            yield pointer, item


# -- EHCP-F001 ... F003: the five prompts ------------------------------------------------------------------------


def missing_how_often_how_long(item: Provision) -> list[str]:
    """Return what an entry leaves out of "how often" and "how long each time" (in its fields, else in its
    description): empty when it gives both. Total hours with a frequency give the length of each session; total
    hours alone ("6 hours a week") do not say how often."""
    missing = []
    if item.frequency is None and not _text_has(item, "frequency"):
        missing.append("how often")
    has_hours = item.hours is not None or _text_has(item, "hours")
    if item.duration_minutes is None and not has_hours and not _text_has(item, "duration_minutes"):
        missing.append("how long each session lasts")
    return missing


def missing_provider(item: Provision) -> list[str]:
    """Return what an entry leaves out of who provides it and their qualification or level of expertise: empty when
    it gives both."""
    return [what for what, value in (("who will provide it", item.provider_role),
                                     ("their qualification or level of expertise", item.qualification))
            if value is None]


def _f_items_missing(plan: Plan, missing: Callable[[Provision], list[str]], fix: str) -> Iterator[Hit]:
    """Yield a hit for each F entry that leaves something out (``missing`` lists what), saying what and ``fix``."""
    for pointer, item in _in_section(plan, SectionLetter.F):
        left_out = missing(item)
        if left_out:
            yield Hit(pointer, f"Provision {item.id} does not say {' or '.join(left_out)}: {fix}")


@rule(
    "EHCP-F001", "warning", "Each F item gives frequency and duration per session.",
    basis="CoP 9.69; *L v Clarke*", section="F",
)
def frequency_and_duration(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag F provision that does not say how often and for how long each time."""
    return _f_items_missing(plan, missing_how_often_how_long,
                            "give both, e.g. \"2 sessions a week, 30 minutes each\" (CoP 9.69)")


@rule(
    "EHCP-F002", "warning", "Each F item names who delivers it, with qualification or expertise.",
    basis="CoP 9.69 (\"level of expertise\"); template prompt 2", section="F",
)
def who_delivers(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag F provision without a provider role or without the provider's qualification or level of expertise."""
    return _f_items_missing(plan, missing_provider, "name the role and the qualification or expertise needed, e.g. "
                            "\"HCPC-registered speech and language therapist\" (CoP 9.69)")


@rule(
    "EHCP-F003", "warning", "Each F item gives a staff ratio or group size.",
    basis="Template prompt 3", section="F",
)
def ratio_or_group_size(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag F provision with neither a staff:learner ratio nor a group size (in its fields or its description)."""
    for pointer, item in _in_section(plan, SectionLetter.F):
        if item.ratio is None and item.group_size is None and not (
            _text_has(item, "ratio") or _text_has(item, "group_size")
        ):
            yield Hit(pointer, f"Provision {item.id} gives no staff ratio or group size: say e.g. \"1:1\" or "
                      "\"in a group of 4\" (template prompt 3)")


# -- EHCP-F004: vague wording ------------------------------------------------------------------------------------

#: EHCP-STANDARD.md §6, the vague-word list for EHCP-F004 (case-insensitive whole words or phrases). "support"
#: counts only as the whole text, "small group" only with no size, "should" only in provision text.
VAGUE_PHRASES: tuple[str, ...] = (
    "support", "input", "intervention", "interventions", "access to", "opportunities", "opportunities for",
    "opportunity", "opportunity for", "as required", "as needed", "as appropriate", "when appropriate", "regular",
    "regularly", "up to", "may", "might", "could", "should", "would benefit from", "or equivalent", "such as",
    "e.g.", "etc.", "where possible", "ongoing", "on-going", "a range of", "some", "key adult", "key adults",
    "small group", "high adult:child ratio",
)

_WHOLE_TEXT_ONLY = {"support"}
_PROVISION_ONLY = {"should"}
_NEEDS_SIZE = {"small group"}
_MONTH_WORDS = {"in", "from", "until", "till", "by", "since", "of", "during", "before", "after", "early", "late",
                "mid", "end", "start", "beginning"}
_SIZE_AFTER = re.compile(
    r"\s*\(?\s*(?:of|with|for|:|,|-|–)?\s*(?:up\s+to|no\s+more\s+than|at\s+most|(?:a\s+)?max(?:imum|\.)?(?:\s+of)?)?"
    r"\s*(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
    re.IGNORECASE,
)


@cache
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Return the pattern of one listed phrase: whole words, any spaces or hyphens between them, a final full stop
    optional."""
    words = [re.escape(word) for word in phrase.split()]
    body = r"[\s-]+".join(words)
    if body.endswith(r"\."):
        body += "?"
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


def _is_month(text: str, start: int, end: int) -> bool:
    """Return whether "May" at ``start`` is the month: capitalised, and after a date word or next to a number."""
    if text[start:end] != "May":
        return False
    before = re.findall(r"[\w]+", text[max(0, start - 12):start])
    after = text[end:end + 6]
    return bool(re.match(r"\s*\d", after)) or bool(before and (before[-1].lower() in _MONTH_WORDS
                                                                or before[-1].isdigit()))


def _applies(phrase: str, text: str, start: int, end: int, provision: bool) -> bool:
    """Return whether a match of ``phrase`` at ``start``-``end`` counts as vague in ``text``."""
    key = phrase.lower()
    if key in _WHOLE_TEXT_ONLY:
        return text.strip().rstrip(".").strip().lower() == key
    if key in _PROVISION_ONLY and not provision:
        return False
    if key in _NEEDS_SIZE and _SIZE_AFTER.match(text, end):
        return False
    if key == "up to" and re.match(r"[\s-]+date\b", text[end:], re.IGNORECASE):
        return False
    return not (key == "may" and _is_month(text, start, end))


#: The characters outside ASCII that ``re.IGNORECASE`` matches with an ASCII letter, mapped to that letter.
_ASCII_CASE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _phrase_key(phrase: str) -> str:
    """Return text, in lower case, that every match of ``phrase``'s pattern contains: its longest word without a
    final full stop, or "" (which every text contains) if that is not ASCII, since ``_folded`` folds only ASCII."""
    key = max((word.rstrip(".") for word in phrase.split()), key=len, default="").lower()
    return key if key.isascii() else ""


def _folded(text: str) -> str:
    """Return ``text`` in lower case, with each character that ``re.IGNORECASE`` matches with an ASCII letter
    written as that letter: a phrase's pattern can match only where its ``_phrase_key`` is in this."""
    return text.translate(_ASCII_CASE_FOLDS).lower()


@cache
def _screened(phrases: tuple[str, ...]) -> tuple[tuple[str, str, bool], ...]:
    """Return (phrase, its ``_phrase_key``, whether it counts only in some texts) for each of ``phrases``."""
    return tuple((phrase, _phrase_key(phrase), phrase.lower() in _WHOLE_TEXT_ONLY | _PROVISION_ONLY)
                 for phrase in phrases)


def _may_count(phrase: str, text: str, provision: bool) -> bool:
    """Return ``False`` when no match of ``phrase`` can count in ``text`` (see ``_applies``): a phrase that counts
    only as the whole text, or only in provision."""
    key = phrase.lower()
    if key in _WHOLE_TEXT_ONLY:
        return text.strip().rstrip(".").strip().lower() == key
    return provision or key not in _PROVISION_ONLY


def find_vague_phrases(
    text: str, phrases: Iterable[str] = VAGUE_PHRASES, *, provision: bool = True
) -> list[tuple[str, tuple[int, int]]]:
    """Return (phrase as written in ``text``, (start, end)) for each vague phrase in ``text``, in order.

    Matching is case-insensitive, on whole words; where listed phrases overlap the longest wins ("opportunities
    for" over "opportunities"). ``provision=False`` leaves out words that are vague only in provision ("should").
    """
    found = []
    folded = _folded(text)
    for phrase, needed, in_context in _screened(tuple(phrases)):
        if needed not in folded or (in_context and not _may_count(phrase, text, provision)):
            continue  # cheap tests that spare running the phrase's pattern on most texts
        for match in _phrase_pattern(phrase).finditer(text):
            if _applies(phrase, text, match.start(), match.end(), provision):
                found.append(match.span())
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return [(text[start:end], (start, end)) for start, end in chosen]


_SCANNED_FIELDS = ("description", "provider_role", "qualification", "delivery_setting")


def vague_wording_hits(plan: Plan, phrases: Iterable[str] = VAGUE_PHRASES) -> Iterator[Hit]:
    """Yield a hit for each vague phrase in the text of F, G, H1 and H2 provision, with the phrase and its span."""
    phrases = tuple(phrases)
    for pointer, _, item in plan.provision():
        for field in _SCANNED_FIELDS:
            text = getattr(item, field)
            if not text:
                continue
            for phrase, span in find_vague_phrases(text, phrases):
                if phrase.lower() == "small group" and item.group_size is not None:
                    continue
                yield Hit(f"{pointer}/{field}", f"\"{phrase}\" in provision {item.id} is vague: say exactly what "
                          "will be provided, by whom, how often and for how long (Worcestershire CC v SE [2020] "
                          "UKUT 217 (AAC))", phrase=phrase, span=span)


@rule(
    "EHCP-F004", "warning", "A vague word or phrase appears in F, G, H1 or H2.",
    basis="*Worcestershire CC v SE* [2020] UKUT 217 (AAC); *L v Clarke*", section="F",
)
def vague_wording(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag vague words in provision; the list is ``context.vague_phrases`` if set, else ``VAGUE_PHRASES``."""
    phrases = context.vague_phrases
    return vague_wording_hits(plan, VAGUE_PHRASES if phrases is None else phrases)


# -- EHCP-F005: educational provision outside F -----------------------------------------------------------------

#: Wording that suggests provision educates or trains (CFA s.21(5)): teaching, SLT, OT programmes, skills training.
EDUCATIONAL_PATTERNS: tuple[str, ...] = (
    r"teach(?:es|ing)?", r"taught", r"tutor(?:s|ing|ed)?", r"lessons?", r"curriculum", r"literacy", r"numeracy",
    r"phonics", r"speech and language therap(?:y|ist)", r"speech,? language and communication therapy",
    r"(?-i:S[Aa]?LT)", r"occupational therapy (?:programmes?|programs?|sessions?)", r"(?-i:OT) programmes?",
    r"(?:handwriting|fine motor|motor skills|social skills|communication|language) (?:programmes?|groups?)",
    r"social skills", r"(?:travel|independence|life[- ]skills|independent living) training", r"learn(?:s|ing)? to",
    r"train(?:s|ing)? (?:him|her|them) to",
)
#: Wording of clearly medical or care work that stays in G or H even when a therapist gives it.
MEDICAL_EXEMPTIONS: tuple[str, ...] = (
    r"dysphagia", r"swallow(?:s|ing)?", r"eating and drinking", r"feeding", r"tube[- ]fe(?:d|eding)",
    r"gastrostomy", r"medication", r"medicines?", r"wheelchairs?", r"seating", r"postur(?:e|al)",
    r"hoists?", r"splints?", r"orthotics?", r"botulinum",
)
_EDUCATIONAL = re.compile(rf"\b(?:{'|'.join(EDUCATIONAL_PATTERNS)})\b", re.IGNORECASE)
_MEDICAL = re.compile(rf"\b(?:{'|'.join(MEDICAL_EXEMPTIONS)})\b", re.IGNORECASE)


def educational_wording(item: Provision) -> tuple[str, str, tuple[int, int]] | None:
    """Return (field, phrase, span) of the first wording in the item's description or provider role that suggests
    it educates or trains; ``None`` if there is none, or if the item is clearly medical (e.g. dysphagia)."""
    every = " ".join(filter(None, (item.description, item.provider_role, item.qualification)))
    if _MEDICAL.search(every):
        return None
    for field in ("description", "provider_role"):
        text = getattr(item, field) or ""
        match = _EDUCATIONAL.search(text)
        if match:
            return field, match.group(), match.span()
    return None


@rule(
    "EHCP-F005", "warning",
    "Provision that looks educational (teaching, therapy that educates or trains, e.g. SLT or OT programmes) is in G, "
    "H1 or H2 instead of F.",
    basis="CFA s.21(5); IPSEA (only F is enforceable)", section="F",
)
def educational_provision_outside_f(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag G, H1 and H2 provision whose wording suggests it educates or trains (a keyword heuristic)."""
    for pointer, letter, item in plan.provision():
        if letter is SectionLetter.F:
            continue
        found = educational_wording(item)
        if found:
            field, phrase, span = found
            yield Hit(f"{pointer}/{field}", f"Provision {item.id} in {letter.value} looks educational "
                      f"(\"{phrase}\"): provision that educates or trains is special educational provision and "
                      "must be in F to be enforceable (CFA s.21(5)); move it to F, or make clear that it is health "
                      "or care provision", phrase=phrase, span=span)


# -- EHCP-F006: provision outside the statutory sections --------------------------------------------------------

_PROVISION_CUE = re.compile(
    r"\b(?:will (?:receive|have|get|be given|be provided with|be offered|attend)|"
    r"(?:is|are) to (?:receive|have|be given)|(?:should|must|needs? to) (?:receive|have|be given|be provided with)|"
    r"provides|delivers|(?:is|are|will be|to be) (?:provided|delivered)|sessions? of)\b",
    re.IGNORECASE,
)
_QUANTITY_CUE = re.compile(
    r"\b(?:\d+(?:\.\d+)?\s*(?:x\s*\d+\s*)?-?\s*(?:minutes?|mins?|hours?|hrs?|sessions?|times)|daily|weekly|"
    r"fortnightly|termly|twice|once a|(?:per|a|each|every) (?:day|week|fortnight|month|term|half[- ]term|year)|"
    r"1:1|one[- ]to[- ]one)\b",
    re.IGNORECASE,
)
_STOPWORD_TEXT = (
    "the a an and or of to in on at for with by from as is are be been will would should must can could may might "
    "has have had his her their them they he she it its this that these those who which what when where how each "
    "every per week weeks weekly day days daily term termly month year minutes minute mins hours hour hrs "
    "session sessions times time twice once receive receives get gets given provided provide provides deliver "
    "delivered delivers offered attend also plus into than then there here not all any some need needs needed "
    "want wants wanted him child children pupil pupils young person people help helps"
)
#: Words that say nothing about what a provision is: function words, units of time, "receive", "provide".
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
#: Provision sections that a carried-over item may be suggested for.
_PROVISION_LETTERS = {SectionLetter.F, SectionLetter.G, SectionLetter.H1, SectionLetter.H2}


def _stems(text: str, ignore: frozenset[str]) -> set[str]:
    """Return the crude stems (first 6 letters) of the content words of ``text``."""
    words = re.findall(r"[a-z]+", text.lower())
    return {word[:6] for word in words if len(word) > 2 and word not in _STOPWORDS and word not in ignore}


def _looks_quantified(text: str) -> bool:
    """Return whether ``text`` states a quantity (a frequency, duration, hours or ratio)."""
    parsed = parsed_quantity(text)
    return bool(_QUANTITY_CUE.search(text)) or bool(parsed is not None and parsed.quantified)


def provision_like_sentences(text: str) -> list[tuple[int, int]]:
    """Return the spans of sentences in ``text`` that read as provision: present or future provision wording plus a
    quantity, e.g. "He will receive 2 x 30 minutes of speech and language therapy each week". History ("he
    received", "was provided") is not provision."""
    if not _PROVISION_CUE.search(text):
        return []  # no sentence matches where the text does not (a sentence is bounded by spaces or punctuation)
    return [(s, e) for s, e in sentence_spans(text)
            if _PROVISION_CUE.search(text[s:e]) and _looks_quantified(text[s:e])]


def _names(plan: Plan) -> frozenset[str]:
    """Return the child's names in lower case, which say nothing about what the provision is."""
    details = plan.personal_details
    parts = [details.name.forename, details.name.surname, details.name.middle_names, details.preferred_name]
    return frozenset(word for part in parts if part for word in re.findall(r"[a-z]+", part.lower()))


def has_counterpart(plan: Plan, text: str) -> bool:
    """Return whether some F, G, H1 or H2 entry shares the key words of ``text`` (at least two, or all if fewer);
    text with no key words is given the benefit of the doubt."""
    keys = _stems(text, _names(plan))
    if not keys:
        return True
    needed = min(2, len(keys))
    for _, _, item in plan.provision():
        words = _stems(" ".join(filter(None, (item.description, item.provider_role))), frozenset())
        if len(keys & words) >= needed:
            return True
    return False


def _section_a_texts(plan: Plan) -> Iterator[tuple[str, str]]:
    """Yield (pointer, text) for every text field of section A."""
    if plan.section_a is None:
        return
    for part in ("a1", "a2"):
        block = getattr(plan.section_a, part)
        for name, value in block:
            if isinstance(value, str) and value:
                yield f"/section_a/{part}/{name}", value


def _outside_hits(plan: Plan, pointer: str, text: str, where: str, spans: list[tuple[int, int]]) -> Iterator[Hit]:
    for start, end in spans:
        sentence = text[start:end]
        if not has_counterpart(plan, sentence):
            yield Hit(pointer, f"{where} contains provision with no counterpart in F, G or H ({quoted(sentence)}): "
                      "provision outside F, G and H cannot be enforced; add it to F (or G, H1, H2) or take it out "
                      "(Regs 12(1))", phrase=sentence, span=(start, end))


@rule(
    "EHCP-F006", "error",
    "Provision appears in a non-statutory part (annex, \"additional information\", Section A) with no counterpart in "
    "F, G or H.",
    basis="Regs 12(1); IPSEA", section="F",
)
def provision_outside_statutory_sections(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag provision-like sentences in section A, and carried-over content, that no provision entry matches."""
    for pointer, text in _section_a_texts(plan):
        where = "Section " + pointer.split("/")[2].upper()
        yield from _outside_hits(plan, pointer, text, where, provision_like_sentences(text))
    for index, item in enumerate(plan.carried_over):
        pointer = f"/carried_over/{index}/text"
        if item.suggested_section in _PROVISION_LETTERS:
            spans = [(0, len(item.text))]
        else:
            spans = provision_like_sentences(item.text)
        yield from _outside_hits(plan, pointer, item.text, "Carried-over content", spans)


# -- EHCP-G001: hours in G ---------------------------------------------------------------------------------------


def states_hours(item: Provision) -> bool:
    """Return whether a G entry states its hours: total hours over a period, or how often and how long each time
    (from which the hours follow), in its fields or its description."""
    if item.hours is not None or _text_has(item, "hours"):
        return True
    has_frequency = item.frequency is not None or _text_has(item, "frequency")
    has_duration = item.duration_minutes is not None or _text_has(item, "duration_minutes")
    return has_frequency and has_duration


@rule(
    "EHCP-G001", "warning", "Each G item states the hours. The template says \"must\"; the law sets no such rule.",
    basis="DfE template", section="G",
)
def health_provision_hours(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag G provision that does not state its hours."""
    for pointer, item in _in_section(plan, SectionLetter.G):
        if not states_hours(item):
            yield Hit(pointer, f"Health provision {item.id} does not state its hours: give the hours over a period, "
                      "e.g. \"6 hours a year\", or how often and how long each time (DfE template: hours must be "
                      "specified for G)")
