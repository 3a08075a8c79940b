"""Fictional legacy EHC plans as Word .docx files, generated in code, in the five layouts of LEGACY-FORMATS.md.

The converter's tests build their fixtures here, one per layout archetype and per Word quirk, instead of copying the
shared samples; the bulk-conversion benchmark streams thousands of them through :func:`corpus`::

    plan = fictional_plan(42)                                   # deterministic from the seed
    data = build_docx(plan, "per_area_tables", quirks=ARCHETYPE_QUIRKS["per_area_tables"])
    expected = truth(plan, "per_area_tables", ARCHETYPE_QUIRKS["per_area_tables"])   # like a sample's .truth.json
    for name, data in corpus(2_000, seed=7):                    # "per_area_tables-00042.docx", bytes
        ...

``fictional_plan`` (what the plan says) knows nothing of Word; a layout writer (what the council's template looks
like) turns it into WordprocessingML strings through :class:`_Writer`, which records every visible text as a
template label, plan content or placeholder while it writes, so :func:`truth` states exactly what the file shows.
Quirks are switched on one at a time (``quirks=``); :data:`ARCHETYPE_QUIRKS` names the ones each council's template
showed, and :func:`corpus` uses them.

Everything is fictional: invented names, towns and schools; example.com/.org/.net e-mail addresses; Ofcom drama
numbers (07700 900xxx, 01632 960xxx); NHS numbers in the 999 test range with a valid Modulus 11 check digit; UPNs
with a valid check letter; URNs in the unused 9xxxxx range. Only the local authority codes and names are real.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ehcp_standard.model.identifiers import check_nhs_number, check_upn, nhs_check_digit, upn_check_letter
from ehcp_standard.model.la_codes import current_local_authorities

from .docx_fixtures import NS, NUMBERING, STYLES

#: The layouts, each modelled on one council template (LEGACY-FORMATS.md §1 and the samples' README).
LAYOUTS: tuple[str, ...] = (
    "sequential_first_person",   # archetype a: Suffolk (Dec 2014)
    "per_area_tables",           # archetype b: Leicestershire "LCC Template v3"
    "parts_numbering",           # archetype c: City of York (2014)
    "two_column_strengths",      # archetype b: Newcastle upon Tyne (2014)
    "outcomes_before_needs",     # archetype d: Essex (E before B), section letters
)

#: The Word quirks a layout can be written with, each switched on by name.
QUIRKS: frozenset[str] = frozenset({
    "merged_cells",       # cells merged across (w:gridSpan) and down (w:vMerge)
    "nested_table",       # the health provision table sits inside a cell of an outer table
    "tracked_changes",    # a tracked insertion (w:ins) and deletion (w:del) in the first provision
    "content_controls",   # values in content controls (w:sdt), inline and around a block
    "merge_field",        # un-merged MERGEFIELDs: «Officer_Name» with no result, «Caseworker_Phone» as the result
    "placeholder",        # empty fields showing Word placeholder text ("Click here to enter text.")
    "headers_footers",    # header and footer parts: protective marking, name, PAGE fields
    "typed_bullets",      # bullets typed as "•" and a tab instead of Word numbering
    "line_breaks",        # several lines in one paragraph (w:br): addresses, need title and text, frequencies
})

#: The quirks each council's template showed (samples README): what :func:`corpus` writes.
ARCHETYPE_QUIRKS: dict[str, frozenset[str]] = {
    "sequential_first_person": frozenset({"merged_cells", "headers_footers"}),
    "per_area_tables": frozenset({"merged_cells", "headers_footers", "line_breaks"}),
    "parts_numbering": frozenset({"content_controls", "placeholder", "typed_bullets", "headers_footers"}),
    "two_column_strengths": frozenset({"merged_cells", "headers_footers", "line_breaks"}),
    "outcomes_before_needs": frozenset({"headers_footers"}),
}

#: The built-in converter profile each layout should be detected as (``generic`` when none is specific).
PROFILE_OF: dict[str, str] = {
    "sequential_first_person": "sequential_first_person",
    "per_area_tables": "per_area_tables",
    "parts_numbering": "parts_numbering",
    "two_column_strengths": "two_column_strengths",
    "outcomes_before_needs": "generic",
}

#: The four national areas of need, in the Code of Practice's order (the keys the profiles use).
AREAS: tuple[str, ...] = (
    "communication_and_interaction",
    "cognition_and_learning",
    "social_emotional_mental_health",
    "sensory_and_physical",
)

#: The stock sentence for an area with no identified needs.
NO_NEEDS = "No identified needs in this area."


# --- the plan ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A parent or carer: name, relationship to the child, phone (Ofcom drama range) and e-mail (example.*)."""

    name: str
    relationship: str
    phone: str
    email: str


@dataclass(frozen=True)
class Setting:
    """A school or other institution: name, six-digit URN (9xxxxx, unused by real schools) and type."""

    name: str
    urn: str
    type: str


@dataclass(frozen=True)
class Need:
    """One special educational need: a short title (what provision refers to) and its description."""

    title: str
    description: str


@dataclass(frozen=True)
class Provision:
    """One provision item. ``who``, ``frequency`` and ``duration`` are ``None`` for a deliberately vague item
    ("as required"); ``need`` is the title of the need it meets (``None`` for health and social care provision)."""

    text: str
    who: str | None
    frequency: str | None
    duration: str | None
    need: str | None = None
    ratio: str | None = None

    @property
    def quantified(self) -> bool:
        """True unless the item is deliberately vague (no provider, frequency or duration)."""
        return self.frequency is not None


@dataclass(frozen=True)
class AreaContent:
    """What the plan says about one area of need. ``outcomes`` and ``short_term_steps`` hold one entry per need, in
    the order of ``needs``; an area with no identified needs has only strengths and ``no_needs_text``."""

    key: str
    strengths: tuple[str, ...]
    needs: tuple[Need, ...] = ()
    outcomes: tuple[str, ...] = ()
    short_term_steps: tuple[str, ...] = ()
    long_term_aims: tuple[str, ...] = ()
    provision: tuple[Provision, ...] = ()
    no_needs_text: str | None = None

    def outcome_of(self, need_title: str | None) -> int:
        """Return the index of the outcome that goes with the need titled ``need_title`` (0 when unknown)."""
        titles = [need.title for need in self.needs]
        return titles.index(need_title) if need_title in titles else 0


@dataclass(frozen=True)
class Advice:
    """One piece of advice listed in section K."""

    title: str
    author: str
    role: str
    date: date


@dataclass(frozen=True)
class SectionA:
    """Section A, one tuple of paragraphs (or list items) per topic."""

    history: tuple[str, ...]
    communication: tuple[str, ...]
    views: tuple[str, ...]
    parent_views: tuple[str, ...]
    admire: tuple[str, ...]
    interests: tuple[str, ...]
    aspirations: tuple[str, ...]


@dataclass(frozen=True)
class LegacyPlan:
    """A fictional EHC plan, independent of any layout. ``status`` is ``"final"`` or ``"draft"``; a draft names no
    placement (``placement`` is ``None``). ``areas`` are in the national order; health and social care lists may be
    empty, in which case their ``*_no_needs`` sentence is shown instead. ``amendment`` is (inserted, deleted) text
    for the tracked-changes quirk: the inserted words are the end of the first provision's text."""

    seed: int
    forename: str
    middle_name: str
    surname: str
    dob: date
    sex: str
    upn: str
    nhs_number: str
    la_code: str
    la_name: str
    status: str
    issue_date: date
    review_date: date
    address: tuple[str, ...]
    parents: tuple[Person, ...]
    setting: Setting
    section_a: SectionA
    areas: tuple[AreaContent, ...]
    health_needs: tuple[str, ...]
    health_outcomes: tuple[str, ...]
    health_provision: tuple[Provision, ...]
    health_no_needs: str
    social_care_needs: tuple[str, ...]
    social_care_outcomes: tuple[str, ...]
    h1: tuple[Provision, ...]
    h2: tuple[Provision, ...]
    social_care_no_needs: str
    placement: Setting | None
    personal_budget: str
    advice: tuple[Advice, ...]
    caseworker: str
    caseworker_email: str
    caseworker_phone: str
    gp: str
    year_group: str
    phase: str
    amendment: tuple[str, str] = ("", "")
    initial_date: date | None = None

    @property
    def full_name(self) -> str:
        """Forename, middle name and surname."""
        return f"{self.forename} {self.middle_name} {self.surname}"

    @property
    def name(self) -> str:
        """Forename and surname."""
        return f"{self.forename} {self.surname}"

    @property
    def council(self) -> str:
        """The authority's name as a council ("Kingston upon Hull, City of" → "City of Kingston upon Hull Council")."""
        head, _, tail = self.la_name.partition(", ")
        return f"{tail} {head} Council" if tail else f"{self.la_name} Council"

    def area(self, key: str) -> AreaContent | None:
        """Return the content of the area ``key``, or ``None`` when the plan says nothing about it."""
        return next((a for a in self.areas if a.key == key), None)


# --- content pools (all invented) -------------------------------------------------------------------------------

GIRLS = ("Amara", "Bethan", "Cerys", "Delphine", "Elodie", "Freya", "Greta", "Hafsa", "Ines", "Juno", "Kalinda",
         "Liesl", "Maren", "Nia", "Orla", "Priya", "Quilla", "Rosalind", "Saoirse", "Tamsin", "Una", "Wren",
         "Yara", "Zuzanna")
BOYS = ("Alfie", "Bartek", "Caspian", "Dmitri", "Eamon", "Fergus", "Gideon", "Hamza", "Ivo", "Jasper", "Kofi",
        "Lorcan", "Mateo", "Noel", "Osian", "Pavel", "Quentin", "Rafferty", "Soren", "Tobiah", "Umar", "Wilf",
        "Xander", "Yusuf")
MIDDLE = ("Rose", "James", "Grace", "Elias", "May", "Tomos", "Iris", "Kit", "Jade", "Arlo", "Skye", "Reuben")
SURNAMES = ("Ashdown-Pike", "Brackley", "Corrigan", "Dunstable", "Eastwood-Obi", "Fairweather", "Gallimore",
            "Hollinghurst", "Ibbotson", "Jankowska", "Kettleborough", "Lindqvist", "Marchbanks", "Nwachukwu-Hale",
            "Oyelowo-Grant", "Pemberton-Shaw", "Quarrington", "Rowntree-Ali", "Sedgwick", "Thistlewood", "Umberson",
            "Vantongeren", "Wetherall", "Yardley-Moss")
WOMEN = ("Alison", "Bronwen", "Dervla", "Farida", "Helga", "Joanna", "Lucinda", "Nadia", "Petra", "Sunita",
         "Vivienne", "Yewande")
MEN = ("Carlos", "Emeka", "Gareth", "Imran", "Kwame", "Marek", "Oliver", "Rashid", "Teodor", "Wendell", "Bogdan",
       "Cormac")
ADULTS = WOMEN + MEN
TOWNS = ("Larchmoor", "Oakhallow", "Pennyridge", "Sallowby", "Tumbleford", "Brackwater", "Corrow Vale", "Dunmere",
         "Fennick Cross", "Hollowmere", "Kestrel Bridge", "Wickenham Down")
STREETS = ("Quillet Lane", "Marram Close", "Tansy Road", "Beacon Row", "Sorrel Way", "Heron Walk", "Kiln Street",
           "Pippin Court")
#: Postcode areas never issued as the first letter of a UK postcode (Q, V, X): obviously fictional.
POSTCODE_AREAS = ("QA", "QE", "VB", "VR", "XH", "XT")

# (school kind, setting type, year groups, phase, key stage phrase, years to the end of the phase) by age band
PHASES = (
    (4, "Nursery School", "Maintained nursery school", "Nursery", "the Early Years Foundation Stage", 5),
    (7, "Infant School", "Mainstream maintained infant school", "Year {y}", "Key Stage 1", 7),
    (11, "Primary School", "Mainstream maintained primary school", "Year {y}", "Key Stage 2", 11),
    (14, "Academy", "Mainstream secondary academy", "Year {y}", "Key Stage 3", 14),
    (16, "High School", "Mainstream maintained secondary school", "Year {y}", "Key Stage 4", 16),
    (99, "College", "General further education college", "Year {y}", "the study programme", 19),
)

# Per area: (title, [descriptions], outcome, step, [(provision, who, ratio, frequency, duration)])
NEEDS: dict[str, tuple] = {
    "communication_and_interaction": (
        ("Understanding spoken language",
         (("{n} finds it hard to follow instructions with more than two parts, especially when they are given to the "
          "whole class. {He} often watches other children to work out what to do."),
          ("{n} understands short, familiar sentences but loses track of longer explanations and stories, and may "
          "answer a different question from the one asked.")),
         ("{by}, {n} will follow a three-part instruction given to the whole class without an individual repeat in "
         "4 out of 5 lessons."),
         "By {step}, {n} will follow a two-part instruction given to a small group, with a picture prompt.",
         (("Pre-teaching of key topic vocabulary with pictures and a word mat", ("Class teacher and teaching "
           "assistant"), "1:1", "Daily", "10 minutes"),
          ("Language group working on listening and understanding instructions", ("Teaching assistant trained by the "
           "Speech and Language Therapist"), "Group of up to 4 pupils", "{k} sessions per week",
           "20 minutes per session"))),
        ("Expressive language",
         (("{n}'s spoken sentences are short and {he} often leaves out small words such as 'the' and 'is'. {He} can "
          "become frustrated when adults do not understand {him}."),
          ("{n} knows what {he} wants to say but struggles to find the right words, and often uses 'thing' or points "
          "instead.")),
         ("{by}, {n} will use sentences of at least six words, including a linking word such as 'because', to "
         "explain an idea in class."),
         "By {step}, {n} will retell a short event from {his} day in three sentences with picture prompts.",
         (("Direct speech and language therapy focused on sentence building", "Speech and Language Therapist",
           "1:1", "{k} sessions per half term", "40 minutes per session"),
          ("Daily practice of the therapy targets set by the Speech and Language Therapist", "Teaching assistant",
           "1:1", "Daily", "10 minutes"))),
        ("Social interaction",
         (("{n} wants to have friends but finds it hard to join in with games and to take turns in conversation. "
          "{He} often talks at length about {his} own interests."),
          ("{n} plays alongside other children rather than with them and does not yet start conversations with "
          "classmates.")),
         ("{by}, {n} will join a game with classmates at playtime and keep playing for 10 minutes on 3 out of 4 "
         "observed days."),
         "By {step}, {n} will take turns in a structured board game with two classmates, with one adult prompt.",
         (("Structured social communication group practising turn-taking and joining in", ("Teaching assistant "
           "supervised by the SENCo"), "Group of up to 6 pupils", "{k} sessions per week", "30 minutes per session"),
          ("Supported playtime with a trained play leader and a buddy system", ("Lunchtime supervisor trained by the "
           "school"), "Small group", "Daily", "15 minutes"))),
        ("Speech sounds",
         (("{n}'s speech is hard for unfamiliar listeners to understand because several sounds are replaced, for "
          "example 't' for 'k'. {He} is becoming reluctant to speak in class."),
          "{n} drops the ends of words and runs words together, so only familiar adults understand {him} easily."),
         ("{by}, {n} will be understood by an unfamiliar adult when talking about a familiar topic on 4 out of 5 "
         "occasions."),
         ("By {step}, {n} will say 'k' and 'g' correctly at the start of words in structured practice with 80% "
         "accuracy."),
         (("Speech sound programme set by the Speech and Language Therapist, practised through short games",
           "Teaching assistant trained by the Speech and Language Therapist", "1:1", "{k} times per week",
           "10 minutes per session"),)),
        ("Coping with change",
         (("{n} relies on predictable routines. Unexpected changes, such as a supply teacher or a trip, cause {him} "
          "great distress and {he} may leave the classroom."),
          ("{n} needs to know what is happening next and becomes very upset when a lesson or activity ends before "
          "{he} expects it to.")),
         ("{by}, {n} will cope with an unplanned change to the day, using {his} visual timetable, without leaving "
         "the classroom on 4 out of 5 occasions."),
         "By {step}, {n} will check {his} visual timetable with an adult at the start of each session.",
         (("Individual visual timetable, checked with {n} at the start of each morning and afternoon",
           "Named key adult", "1:1", "Twice daily", "5 minutes"),
          ("Advance warning of changes using a short story written with {n}", "Class teacher", "1:1",
           "Before each planned change", "10 minutes"))),
        ("Understanding jokes and idioms",
         (("{n} takes language literally and can misunderstand jokes and sarcasm, which leads to upsets with "
          "classmates."),
          ("{n} finds it hard to tell when someone is teasing in fun, and can react strongly to comments that were "
          "meant kindly.")),
         "{by}, {n} will explain the meaning of common idioms and jokes used in class in 4 out of 5 examples.",
         "By {step}, {n} will ask an adult what a phrase means when {he} is unsure, with one prompt.",
         (("Teaching of figurative language and idioms using comic strip conversations", "Teaching assistant",
           "Group of up to 3 pupils", "{k} sessions per week", "20 minutes per session"),)),
    ),
    "cognition_and_learning": (
        ("Early reading skills",
         (("{n} is reading well below the level expected for {his} age. {He} knows most single letter sounds but "
          "finds it hard to blend them into words and reads slowly."),
          ("{n} guesses words from the first letter and the pictures, and loses the meaning of a sentence by the "
          "time {he} reaches the end of it.")),
         "{by}, {n} will read a book matched to {his} phonics level aloud with 90% accuracy.",
         "By {step}, {n} will blend and read 20 three-letter words with 80% accuracy.",
         (("Structured, multisensory phonics programme in short daily sessions", ("Teaching assistant trained in "
           "the programme"), "1:1", "5 sessions per week", "15 minutes per session"),
          ("Paired reading with a familiar adult using books matched to {his} phonics level", "Teaching assistant",
           "1:1", "{k} sessions per week", "10 minutes per session"))),
        ("Spelling and writing",
         (("{n}'s spelling is inconsistent and {his} handwriting is slow, so {his} written work is much shorter "
          "than {his} spoken ideas."),
          ("{n} avoids writing tasks and produces only a sentence or two in a lesson, although {he} can explain "
          "{his} ideas well out loud.")),
         ("{by}, {n} will write a paragraph of at least five sentences using a word processor, with 90% of common "
         "words spelt correctly."),
         "By {step}, {n} will touch-type at 15 words per minute.",
         (("Touch-typing programme, with a laptop with spell-check for all extended writing", "Teaching assistant",
           "1:1", "{k} sessions per week", "15 minutes per session"),
          ("Writing frames and word banks provided for every extended writing task", "Class teacher",
           "Whole class", "Every extended writing task", "Throughout the task"))),
        ("Number skills",
         (("{n} still counts on {his} fingers to add small numbers and does not yet understand place value, which "
          "makes most maths lessons hard to access."),
          "{n} can count reliably to 20 but cannot yet use number facts to solve simple problems."),
         "{by}, {n} will add and subtract two-digit numbers using a number line in 4 out of 5 problems.",
         "By {step}, {n} will recall number bonds to 10 without counting on {his} fingers.",
         (("Small-group maths intervention using concrete apparatus", "Teaching assistant", "Group of up to 4 pupils",
           "{k} sessions per week", "20 minutes per session"),)),
        ("Working memory",
         (("{n} forgets instructions quickly and loses track of tasks with several steps. Assessment by the "
          "Educational Psychologist found {his} working memory to be well below average."),
          ("{n} can do a task one day and seem to have forgotten it the next, and needs far more repetition than "
          "{his} classmates to learn new facts.")),
         ("{by}, {n} will use a personal checklist to complete a task with several steps independently in 4 out of "
         "5 lessons."),
         "By {step}, {n} will use a task checklist in maths and English lessons with one reminder.",
         (("Teaching of memory strategies such as chunking and rehearsal, with personal checklists", ("Teaching "
           "assistant following the Educational Psychologist's advice"), "Group of up to 4 pupils",
           "{k} sessions per week", "20 minutes per session"),
          ("Instructions given in short chunks and backed up in writing or pictures", "All teaching staff",
           "Whole class", "Every lesson", "Throughout the lesson"))),
        ("Attention and focus",
         (("{n} finds it hard to stay focused on adult-led tasks for more than a few minutes and is easily "
          "distracted by noise and movement."),
          ("{n} often leaves {his} seat, fiddles with equipment and calls out, and completes little work without an "
          "adult beside {him}.")),
         ("{by}, {n} will work on an adult-set task for 15 minutes with no more than two prompts in 4 out of 5 "
         "sessions."),
         "By {step}, {n} will complete a 5-minute task using a visual timer with one prompt.",
         (("Individual work station with a 'first and then' board and a visual timer", "Teaching assistant",
           "1:1", "Daily", "2 sessions of 15 minutes"),
          ("Movement breaks built into the timetable", "Teaching assistant", "1:1", "3 times per day",
           "5 minutes"))),
        ("Independent learning",
         (("{n} relies on adult help to start tasks and rarely tries a task on {his} own, even when {he} has the "
          "skills to complete it."),
          "{n} waits for an adult before starting any task and becomes anxious when asked to work alone."),
         "{by}, {n} will start a familiar task within two minutes without adult help in 4 out of 5 lessons.",
         "By {step}, {n} will use a help card to show when {he} is stuck.",
         (("Coaching in independent learning strategies using a help card and a task board", "Learning mentor",
           "1:1", "1 session per week", "30 minutes per session"),)),
    ),
    "social_emotional_mental_health": (
        ("Anxiety",
         (("{n} becomes very anxious in busy, noisy places and at the start of the school day. When anxious {he} "
          "may hide or refuse to enter the classroom."),
          ("{n} worries a great deal about getting things wrong and about being away from {his} family, and often "
          "complains of tummy aches before school.")),
         ("{by}, {n} will enter the classroom and settle to the first activity within 10 minutes on 4 out of 5 "
         "days."),
         "By {step}, {n} will use a calm box to settle after arriving, with adult support.",
         (("Planned arrival routine with a quiet meet-and-greet by a named adult", "Named key adult", "1:1",
           "Daily", "First 15 minutes of each school day"),
          ("Emotional literacy sessions using a feelings scale", "Emotional Literacy Support Assistant", "1:1",
           "1 session per week", "30 minutes per session"))),
        ("Emotional regulation",
         (("{n} finds it hard to manage strong feelings. When frustrated {he} may shout, throw equipment or run out "
          "of class."),
          "{n} can go from calm to very upset in seconds, and needs an adult to help {him} calm down afterwards."),
         ("{by}, {n} will use an agreed calming strategy when upset, without leaving the classroom, on 4 out of 5 "
         "occasions."),
         "By {step}, {n} will name {his} feeling on a 1 to 5 scale when an adult checks in.",
         (("Check-in with a named adult using a 1 to 5 feelings scale", "Named key adult", "1:1", "Twice daily",
           "5 minutes"),)),
        ("Confidence and self-esteem",
         (("{n} has low self-esteem about {his} learning and often says {he} is 'rubbish' at things. {He} avoids "
          "new tasks in case {he} gets them wrong."),
          ("{n} rarely puts {his} hand up and will rub out work many times because {he} thinks it is not good "
          "enough.")),
         "{by}, {n} will attempt a new or challenging task without refusing in 4 out of 5 lessons.",
         "By {step}, {n} will say one thing that went well at the end of each day.",
         (("Mentoring sessions focused on strengths, goal-setting and celebrating success", "Learning mentor",
           "1:1", "1 session per week", "30 minutes per session"),)),
        ("Friendships",
         (("{n} has few friends and is often on {his} own at break and lunch. {He} finds it hard to sort out "
          "disagreements with other children."),
          "{n} is keen to make friends but can be bossy in games, and other children sometimes leave {him} out."),
         "{by}, {n} will name two friends and play with them on at least three lunchtimes a week.",
         "By {step}, {n} will join a lunchtime club twice a week.",
         (("Lunchtime club with structured games and a trained adult", "Lunchtime supervisor",
           "Group of up to 8 pupils", "3 times per week", "30 minutes"),
          ("Friendship group using restorative conversations", "Pastoral lead", "Group of up to 4 pupils",
           "1 session per week", "30 minutes per session"))),
        ("Managing transitions",
         (("{n} finds moving to a new class or setting very unsettling and needs a long, planned transition to "
          "feel safe."),
          ("{n} was unsettled for most of last autumn term after moving class, and {his} family are worried about "
          "the next move.")),
         "{by}, {n} will move to {his} next setting and attend at least 90% of sessions in the first half term.",
         "By {step}, {n} will have visited {his} next class at least three times with a familiar adult.",
         ((("Enhanced transition programme with extra visits, a photo book of the new setting and a handover "
           "meeting"), "SENCo and key adults from both settings", "1:1", "6 visits in the summer term",
           "1 hour per visit"),)),
        ("School attendance",
         ("{n}'s attendance has fallen below 80% this year. {He} often says {he} feels unwell on school mornings.",
          "{n} misses the start of the day at least twice a week and finds it hard to come back after a holiday."),
         "{by}, {n} will attend at least 95% of sessions each half term.",
         "By {step}, {n} will attend a morning club three days a week.",
         (("Breakfast club place with a familiar adult", "Breakfast club staff", "Small group", "Daily",
           "30 minutes"),)),
    ),
    "sensory_and_physical": (
        ("Sensory processing",
         (("{n} is very sensitive to noise, bright light and some textures. In the dining hall and in assemblies "
          "{he} covers {his} ears and tries to leave."),
          ("{n} seeks out movement all day, spinning and climbing, and finds it very hard to sit still on the "
          "carpet.")),
         "{by}, {n} will eat lunch in the dining hall with classmates, using ear defenders, on 4 out of 5 days.",
         "By {step}, {n} will eat lunch in a quieter area next to the hall with one friend.",
         (("Sensory diet designed by the Occupational Therapist, with movement and deep-pressure activities",
           "Teaching assistant following the Occupational Therapy programme", "1:1", "4 times per day",
           "5 minutes each"),)),
        ("Fine motor skills",
         (("{n}'s fine motor skills are delayed. {He} finds it hard to hold a pencil, use scissors and do up "
          "buttons."),
          "{n} tires quickly when writing and {his} letters are large and poorly formed."),
         "{by}, {n} will write a short sentence legibly using a pencil grip and a sloped board.",
         "By {step}, {n} will do up the buttons on {his} coat without help.",
         (("Fine motor programme including threading, pegboards and theraputty", "Teaching assistant", "1:1",
           "{k} sessions per week", "15 minutes per session"),
          ("Sloped writing board and pencil grips available in every lesson", "Class teacher", "1:1",
           "Every lesson", "Throughout the lesson"))),
        ("Hearing",
         (("{n} has a moderate hearing loss in both ears and wears hearing aids. {He} misses information in noisy "
          "rooms and during group discussions."),
          ("{n} has a mild to moderate hearing loss and finds it hard to follow speech when there is background "
          "noise.")),
         ("{by}, {n} will manage {his} own hearing aids and tell an adult when they are not working, on every "
         "occasion."),
         "By {step}, {n} will check {his} hearing aids each morning with an adult.",
         (("Advice and monitoring visits from the Teacher of the Deaf", "Qualified Teacher of the Deaf", "1:1",
           "1 visit per half term", "1 hour per visit"),
          ("Radio aid used in all lessons, checked daily", "Teaching assistant", "1:1", "Daily", "5 minutes"))),
        ("Vision",
         (("{n} has a visual impairment and needs enlarged print and good lighting. {He} tires quickly when "
          "reading from the board."),
          "{n} has reduced vision in one eye and finds it hard to judge steps and distances."),
         "{by}, {n} will access all class materials in {his} preferred print size without asking.",
         "By {step}, {n} will use a tablet to enlarge board work independently.",
         (("Modified large-print materials prepared for every lesson", "Teaching assistant", "1:1", "Every lesson",
           "Throughout the lesson"),
          ("Mobility and habilitation training", "Qualified Habilitation Specialist", "1:1",
           "1 session per fortnight", "45 minutes per session"))),
        ("Gross motor skills and mobility",
         (("{n} has low muscle tone and tires quickly. {He} finds stairs, PE and moving around a busy school "
          "difficult."),
          "{n} uses a walking frame for longer distances and needs extra time to move between lessons."),
         ("{by}, {n} will move around the school safely and independently, leaving lessons two minutes early when "
         "needed."),
         "By {step}, {n} will complete {his} physiotherapy exercises with one adult prompt.",
         (("Physiotherapy programme carried out in school", "Teaching assistant trained by the Physiotherapist",
           "1:1", "{k} sessions per week", "20 minutes per session"),)),
        ("Personal care",
         ("{n} needs help with toileting and with dressing after PE, which makes {him} late for lessons.",
          "{n} cannot yet manage fastenings and needs an adult to help {him} change for PE and swimming."),
         "{by}, {n} will get changed for PE independently within 10 minutes.",
         "By {step}, {n} will follow a picture sequence to get dressed after PE with one prompt.",
         (("Personal care plan, with a trained adult and a private changing space", "Teaching assistant",
           "1:1", "Daily", "Up to 20 minutes"),)),
    ),
}

STRENGTHS: dict[str, tuple[str, ...]] = {
    "communication_and_interaction": (
        "{n} has a wide vocabulary about {his} favourite topics and loves learning new words.",
        "{n} enjoys chatting with familiar adults and is keen to share news from home.",
        "{n} uses gesture and facial expression well to make {his} wishes known.",
        "{n} listens carefully in small groups and remembers stories well.",
        "{n} is polite and greets adults warmly."),
    "cognition_and_learning": (
        "{n} is strong at practical problem-solving and can explain {his} reasoning out loud.",
        "{n} is curious, asks thoughtful questions and enjoys practical work.",
        "{n} has a good memory for facts about things that interest {him}.",
        "{n} is a determined learner who keeps trying when given time and encouragement.",
        "{n} enjoys using a computer and learns new programs quickly."),
    "social_emotional_mental_health": (
        "{n} is kind and caring, and notices when others are upset.",
        "{n} has a good sense of humour and is well liked by staff.",
        "{n} responds well to calm, predictable adults and clear boundaries.",
        "{n} is loyal to {his} friends and enjoys helping younger children.",
        "{n} is proud of {his} achievements and enjoys praise."),
    "sensory_and_physical": (
        "{n} enjoys PE and has good balance.",
        "{n} knows what helps {his} body to feel calm and comfortable.",
        "{n} is willing to use {his} equipment and tells adults when it is not working.",
        "{n} enjoys swimming and trampolining.",
        "{n} has neat drawing when given enough time."),
}

AIMS: dict[str, tuple[str, ...]] = {
    "communication_and_interaction": (
        "{n} will be able to talk with the people in {his} life about things that matter to {him}.",
        "{n} will have friends and be able to make new ones as {he} grows up."),
    "cognition_and_learning": (
        "{n} will have the reading, writing and number skills to follow {his} interests and manage everyday life.",
        "{n} will learn alongside {his} friends and gain qualifications that open up the next step."),
    "social_emotional_mental_health": (
        "{n} will feel safe, happy and confident, with friendships that matter to {him}.",
        "{n} will understand {his} feelings and know how to ask for help when {he} needs it."),
    "sensory_and_physical": (
        "{n} will move around {his} community safely and as independently as possible.",
        "{n} will look after {his} own personal care and equipment."),
}

VAGUE = ("Visual supports to be used where possible", "Additional time to be given when needed",
         "Access to a quiet space as required", "Staff to be aware of {n}'s needs",
         "Adult support as appropriate")

DELETIONS = (" (to be funded from the school's own budget)", " (subject to review)",
             " (if staffing allows)", " (to be agreed with the family)")

HISTORY = (
    "{n} lives with {his} {family} in {town}. {He} met {his} early milestones late and was slow to start talking.",
    ("{n} lives with {his} {family}. {He} was a happy, busy toddler, and {his} family first noticed that {he} "
    "found things harder than other children when {he} started nursery."),
    "{n} moved to {town} with {his} {family} when {he} was three.",
)
HISTORY_2 = (
    ("{n} joined {school} in the Reception year. School added SEN support in {his} first year and asked for an EHC "
    "needs assessment when the gap between {n} and {his} classmates kept growing."),
    ("{n} was assessed by the Educational Psychologist last year. Despite SEN support, {his} progress has been "
    "slow and {his} confidence has dropped."),
    "{n} has been known to the Speech and Language Therapy service since the age of three.",
)
FAMILIES = ("mum and dad", "mum and younger brother", "dad, stepmum and two sisters", "grandparents",
            "mum, dad and older brother", "foster carers")
COMMUNICATION = (
    "{n} speaks in full sentences but needs extra time to process what is said to {him}.",
    "{n} communicates with a few words, signs and pictures, and understands more than {he} can say.",
    "{n} prefers to explain ideas out loud or by drawing rather than by writing.",
)
VIEWS = (
    "\u201cI like school when it is quiet. I don't like the hall because it is too loud.\u201d",
    "\u201cI'm good at building things. I don't like it when people rush me.\u201d",
    "\u201cI want to have a best friend to play football with.\u201d",
    "\u201cReading makes my head feel tired.\u201d",
    "\u201cI like it when my teacher shows me what to do first.\u201d",
)
PARENT_VIEWS = (
    ("We are proud of how hard {n} works to cope with a busy school day, but {he} is exhausted when {he} gets "
    "home."),
    "We want {n} to have good friends and to feel confident asking for help.",
    "Our biggest worry is the move to the next school. We want a plan for that move to start early.",
    "We would like to learn how to help {n} at home in the same way as school does.",
)
ADMIRE = ("Kind and gentle with younger children", "A great sense of humour", "Honest and straightforward",
          "Brilliant at building and making things", "Loyal to {his} friends", "Never gives up on a puzzle",
          "Helpful around the house")
INTERESTS = ("Dinosaurs and fossils", "Football in the park with {his} family", "Drawing maps and comic strips",
             "Swimming on Saturdays", "Baking with {his} grandparents", "Building models", "Animal programmes",
             "Trains and timetables")
ASPIRATIONS = ("{n} would like to work with animals when {he} grows up.",
               "{n} says {he} wants to be a chef and run {his} own café.",
               "{n} would like to go to the same secondary school as {his} friends.",
               "{n} wants to be a builder like {his} uncle.")

HEALTH = (
    ("{n} has asthma and uses a reliever inhaler before exercise and when {he} is unwell.",
     "By {step}, {n} will use {his} inhaler correctly and independently before PE.",
     (("Annual asthma review and a written asthma plan shared with school", "Practice Nurse, {town} Surgery",
       "Annually", "30 minutes"),)),
    ("{n} often takes more than two hours to fall asleep, which affects {his} mood and energy at school.",
     "By {step}, {n} will fall asleep within an hour of going to bed on at least five nights a week.",
     (("Sleep programme and advice for the family", "Children's Sleep Practitioner (NHS)",
       "6 sessions over one term", "45 minutes per session"),)),
    (("{n} has epilepsy, controlled by medication, and has an emergency care plan for seizures lasting longer than "
     "five minutes."),
     "By {step}, all staff working with {n} will be trained in {his} emergency care plan.",
     (("Epilepsy review with the paediatric epilepsy team", "Epilepsy Specialist Nurse", "Every 6 months",
       "45 minutes"),
      ("Training for school staff in {n}'s emergency care plan", "Epilepsy Specialist Nurse", "Once a year",
       "2 hours"))),
    ("{n} has daytime wetting and is under the continence service.",
     "By {step}, {n} will be dry during the school day on 4 out of 5 days.",
     (("Continence assessment and a toileting programme", "Paediatric Continence Nurse", "Every 3 months",
       "30 minutes"),)),
    ("{n} has been referred to the Child and Adolescent Mental Health Service because of low mood.",
     None,
     (("Assessment by the Child and Adolescent Mental Health Service", "CAMHS Core Team", "One assessment",
       "90 minutes"),)),
)
SOCIAL = (
    ("{n}'s parents care for {him} with little help, and the family would benefit from regular breaks.",
     "By {step}, {n} will attend an after-school club for children with additional needs once a week.",
     "h1", ("Short breaks: a place at an after-school club for children with additional needs",
            "Short Breaks Team", "1 session per week in term time", "2 hours")),
    ("The family are supported under a Child in Need plan.",
     None,
     "h2", ("Child in Need plan: social worker visits and family support", "Allocated Social Worker",
            "Every 4 weeks", "1 hour")),
    ("{n}'s parents find {his} behaviour at home very hard to manage, particularly at bedtime.",
     "By {step}, {n}'s parents will report fewer than two serious incidents at home each month.",
     "h2", ("Parenting programme for {n}'s parents", "Family Support Worker", "8 weekly sessions", "90 minutes")),
    ("{n} cannot yet travel independently and misses out on activities with friends outside school.",
     "By {step}, {n} will go to a local youth club with a support worker once a week.",
     "h1", ("Support worker to help {n} take part in community activities", ("Personal assistant funded by direct "
            "payment"), "1 evening per week", "3 hours")),
)
BUDGETS = ("No personal budget has been requested at this time.",
           ("A personal budget of \u00a3{amount} per year has been agreed for assistive technology software licences. "
           "The school will hold the budget; no direct payment is made."),
           ("A direct payment of \u00a3{amount} per year has been agreed for a personal assistant to support {n} in "
           "after-school activities."))
ADVICE_EXTRA = (("Speech and language therapy advice", "Speech and Language Therapist"),
                ("Occupational therapy advice", "Occupational Therapist"),
                ("Medical advice", "Community Paediatrician"),
                ("Physiotherapy advice", "Physiotherapist"),
                ("Social care advice", "Social Worker, Children's Services"))


# --- making a plan from a seed ----------------------------------------------------------------------------------


class _Words:
    """Fills the pools' templates for one child: ``{n}``, pronouns, ``{by}`` (end of phase), ``{step}`` (a month
    before the review), ``{town}``, ``{school}``, ``{k}`` (a small number)."""

    def __init__(self, rng: random.Random, values: dict[str, str]):
        self.rng = rng
        self.values = values

    def __call__(self, template: str) -> str:
        if "{" not in template:
            return template
        return template.format(k=self.rng.choice(("2", "3", "4")), **self.values)


def _pronouns(sex: str) -> dict[str, str]:
    he, his, him = ("she", "her", "her") if sex == "Female" else ("he", "his", "him")
    return {"he": he, "He": he.capitalize(), "his": his, "His": his.capitalize(), "him": him}


def _phase(age: int):
    return next(phase for phase in PHASES if age < phase[0])


def _upn(rng: random.Random, la_code: str) -> str:
    body = la_code + "".join(rng.choice("0123456789") for _ in range(9))
    return check_upn(upn_check_letter(body) + body)


def _nhs_number(rng: random.Random) -> str:
    while True:
        first_nine = "999" + "".join(rng.choice("0123456789") for _ in range(6))
        check = nhs_check_digit(first_nine)
        if check is not None:
            return check_nhs_number(first_nine + str(check))


def _email(rng: random.Random, name: str) -> str:
    local = re.sub(r"[^a-z.]", "", name.lower().replace(" ", "."))
    return f"{local}@example.{rng.choice(('com', 'org', 'net'))}"


def _phone(rng: random.Random) -> str:
    return f"07700 900{rng.randrange(1000):03d}"


def fictional_plan(seed: int) -> LegacyPlan:
    """Return the fictional plan of ``seed`` (the same plan for the same seed, on every machine)."""
    rng = random.Random(seed)
    sex = rng.choice(("Female", "Male"))
    forename = rng.choice(GIRLS if sex == "Female" else BOYS)
    surname, town = rng.choice(SURNAMES), rng.choice(TOWNS)
    issue = date(2019, 1, 7) + timedelta(days=rng.randrange(6 * 365))
    age = rng.randrange(3, 19)
    dob = date(issue.year - age, 1, 1) + timedelta(days=rng.randrange(360))
    age = (issue - dob).days // 365
    _, kind, setting_type, year_group, stage, end_age = _phase(age)
    setting = Setting(f"{rng.choice(TOWNS)} {kind}", str(rng.randrange(900000, 1000000)), setting_type)
    review = _a_year_later(issue)
    values = {"n": forename, "town": town, "school": setting.name, **_pronouns(sex),
              "by": f"By the end of {stage} (July {issue.year + max(1, end_age - age)})",
              "step": f"{review:%B %Y}", "family": rng.choice(FAMILIES)}
    words = _Words(rng, values)
    codes = sorted(current_local_authorities())
    la_code = rng.choice(codes)
    status = "draft" if rng.random() < 0.2 else "final"
    parents = _parents(rng, surname)
    areas = _areas(rng, words)
    health_needs, health_outcomes, health_provision = _health(rng, words)
    social_needs, social_outcomes, h1, h2 = _social(rng, words)
    caseworker = f"{rng.choice(ADULTS)} {rng.choice(SURNAMES)}"
    first = next(p for a in areas for p in a.provision)
    return LegacyPlan(
        seed=seed, forename=forename, middle_name=rng.choice(MIDDLE), surname=surname, dob=dob, sex=sex,
        upn=_upn(rng, la_code), nhs_number=_nhs_number(rng), la_code=la_code,
        la_name=current_local_authorities()[la_code].name, status=status, issue_date=issue, review_date=review,
        address=(f"{rng.randrange(1, 99)} {rng.choice(STREETS)}", town,
                 (f"{rng.choice(POSTCODE_AREAS)}{rng.randrange(1, 20)} {rng.randrange(1, 10)}"
                 f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}")),
        parents=parents, setting=setting, section_a=_section_a(rng, words), areas=areas,
        health_needs=health_needs, health_outcomes=health_outcomes, health_provision=health_provision,
        health_no_needs=words("{n} has no health needs relating to {his} special educational needs and uses "
                              "universal services such as {his} GP."),
        social_care_needs=social_needs, social_care_outcomes=social_outcomes, h1=h1, h2=h2,
        social_care_no_needs=words("{n} has no identified social care needs relating to {his} special educational "
                                   "needs."),
        placement=None if status == "draft" else setting,
        personal_budget=words(rng.choice(BUDGETS).replace("{amount}", str(rng.randrange(3, 20) * 100))),
        advice=_advice(rng, parents, setting, issue), caseworker=caseworker,
        caseworker_email=_email(rng, caseworker), caseworker_phone=f"01632 960{rng.randrange(1000):03d}",
        gp=f"Dr {rng.choice(ADULTS)} {rng.choice(SURNAMES)}, {town} Surgery",
        year_group=year_group.format(y=max(1, age - 4)), phase=stage,
        amendment=(_inserted_tail(first.text), rng.choice(DELETIONS)),
        initial_date=issue - timedelta(days=365 * rng.randrange(0, 4)),
    )


def _a_year_later(day: date) -> date:
    """The review date: one year after ``day``, less a day."""
    try:
        return day.replace(year=day.year + 1) - timedelta(days=1)
    except ValueError:   # 29 February
        return date(day.year + 1, 2, 28)


def _inserted_tail(text: str) -> str:
    """The last three words of ``text`` (with their leading space): shown as a tracked insertion."""
    words = text.split(" ")
    return " " + " ".join(words[-3:])


def _parents(rng: random.Random, surname: str) -> tuple[Person, ...]:
    count = rng.choice((1, 2, 2))
    relationships = rng.choice((("Mother", "Father"), ("Father", "Stepmother"), ("Mother", "Grandmother")))
    people = []
    for relationship in relationships[:count]:
        first = rng.choice(MEN if relationship == "Father" else WOMEN)
        name = f"{first} {surname if rng.random() < 0.7 else rng.choice(SURNAMES)}"
        people.append(Person(name, relationship, _phone(rng), _email(rng, name)))
    return tuple(people)


def _section_a(rng: random.Random, words: _Words) -> SectionA:
    def some(pool, low, high):
        return tuple(words(t) for t in rng.sample(pool, rng.randint(low, high)))

    return SectionA(
        history=(words(rng.choice(HISTORY)), words(rng.choice(HISTORY_2))),
        communication=(words(rng.choice(COMMUNICATION)),), views=some(VIEWS, 1, 2),
        parent_views=some(PARENT_VIEWS, 1, 2), admire=some(ADMIRE, 2, 3), interests=some(INTERESTS, 2, 4),
        aspirations=(words(rng.choice(ASPIRATIONS)),))


def _areas(rng: random.Random, words: _Words) -> tuple[AreaContent, ...]:
    """Two to four areas with needs, and sometimes one more stated as having no identified needs."""
    keys = rng.sample(AREAS, rng.randint(2, 4))
    rest = [key for key in AREAS if key not in keys]
    no_needs = rng.choice(rest) if rest and rng.random() < 0.4 else None
    areas = [_area(rng, words, key) for key in keys]
    if no_needs:
        areas.append(AreaContent(no_needs, (words(rng.choice(STRENGTHS[no_needs])),), no_needs_text=NO_NEEDS))
    return tuple(sorted(areas, key=lambda a: AREAS.index(a.key)))


def _area(rng: random.Random, words: _Words, key: str) -> AreaContent:
    chosen = rng.sample(NEEDS[key], rng.randint(1, 3))
    needs, outcomes, steps, provision = [], [], [], []
    for title, descriptions, outcome, step, items in chosen:
        needs.append(Need(title, words(rng.choice(descriptions))))
        outcomes.append(words(outcome))
        steps.append(words(step))
        for text, who, ratio, frequency, duration in rng.sample(items, rng.randint(1, len(items))):
            provision.append(Provision(words(text), who, words(frequency), duration, title, ratio))
    if rng.random() < 0.3:
        provision.append(Provision(words(rng.choice(VAGUE)), None, None, None, needs[-1].title))
    return AreaContent(key, tuple(words(s) for s in rng.sample(STRENGTHS[key], rng.randint(1, 3))), tuple(needs),
                       tuple(outcomes), tuple(steps), (words(rng.choice(AIMS[key])),), tuple(provision))


def _health(rng: random.Random, words: _Words):
    if rng.random() < 0.4:
        return (), (), ()
    chosen = rng.sample(HEALTH, rng.randint(1, 2))
    needs = tuple(words(need) for need, _, _ in chosen)
    outcomes = tuple(words(outcome) for _, outcome, _ in chosen if outcome)
    provision = tuple(Provision(words(text), words(who), frequency, duration)
                      for _, _, items in chosen for text, who, frequency, duration in items)
    return needs, outcomes, provision


def _social(rng: random.Random, words: _Words):
    if rng.random() < 0.55:
        return (), (), (), ()
    chosen = rng.sample(SOCIAL, rng.randint(1, 2))
    needs = tuple(words(need) for need, _, _, _ in chosen)
    outcomes = tuple(words(outcome) for _, outcome, _, _ in chosen if outcome)
    items = {"h1": [], "h2": []}
    for _, _, kind, (text, who, frequency, duration) in chosen:
        items[kind].append(Provision(words(text), who, frequency, duration))
    return needs, outcomes, tuple(items["h1"]), tuple(items["h2"])


def _advice(rng: random.Random, parents: tuple[Person, ...], setting: Setting, issue: date) -> tuple[Advice, ...]:
    def when() -> date:
        return issue - timedelta(days=rng.randrange(30, 150))

    def professional() -> str:
        title, names = rng.choice((("Dr", ADULTS), ("Mrs", WOMEN), ("Ms", WOMEN), ("Mr", MEN)))
        return f"{title} {rng.choice(names)} {rng.choice(SURNAMES)}"

    family = " & ".join(p.name for p in parents)
    items = [Advice("Parental advice", family, "Parents" if len(parents) > 1 else "Parent", when()),
             Advice("Educational advice", professional(), f"SENCo, {setting.name}", when()),
             Advice("Psychological advice", f"Dr {rng.choice(ADULTS)} {rng.choice(SURNAMES)}",
                    "Educational Psychologist", when())]
    items += [Advice(title, professional(), role, when()) for title, role in rng.sample(ADVICE_EXTRA, 2)]
    return tuple(items)


# --- writing WordprocessingML -----------------------------------------------------------------------------------

_T = '<w:t xml:space="preserve">'
_BOLD = "<w:rPr><w:b/></w:rPr>"
_NUMBERED = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>'
_BULLET = '<w:pStyle w:val="ListBullet"/>'


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _run(text: str, rpr: str = "") -> str:
    """One run; a line break ("\\n") becomes ``w:br``, a tab ``w:tab``."""
    if "\n" in text or "\t" in text:
        pieces = re.split(r"([\n\t])", text)
        inner = "".join("<w:br/>" if t == "\n" else "<w:tab/>" if t == "\t" else f"{_T}{_esc(t)}</w:t>"
                        for t in pieces if t)
    else:
        inner = f"{_T}{_esc(text)}</w:t>"
    return f"<w:r>{rpr}{inner}</w:r>"


def _p(inner: str = "", ppr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr>{inner}</w:p>" if ppr else f"<w:p>{inner}</w:p>"


def _field(instruction: str, result: str) -> str:
    """A complex field (begin, instruction, separate, result, end) showing ``result``."""
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instruction} '
            f'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{_run(result)}'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r>')


class _Writer:
    """Writes the XML of one plan in one layout, recording every visible body text as it goes: ``labels`` (the
    template's headings and field labels), ``content`` (the plan's own text, one entry per paragraph or value) and
    ``placeholders``; plus tracked changes and the page furniture."""

    def __init__(self, plan: LegacyPlan, layout: str, quirks: frozenset[str]):
        self.plan, self.layout, self.quirks = plan, layout, quirks
        self.labels: list[str] = []
        self.content: list[str] = []
        self.placeholders: list[str] = []
        self.inserted: list[str] = []
        self.deleted: list[str] = []
        self.furniture: list[str] = []
        self.area_labels: dict[str, str] = {}
        self.headers: list[str] = []
        self.footers: list[str] = []
        self._control = 100

    def has(self, quirk: str) -> bool:
        return quirk in self.quirks

    # paragraphs ------------------------------------------------------------------------------------------------

    def heading(self, text: str, level: int, *, content: bool = False) -> str:
        (self.content if content else self.labels).append(text)
        return _p(_run(text), f'<w:pStyle w:val="{"Title" if level == 0 else f"Heading{level}"}"/>')

    def bold(self, text: str, *, content: bool = False) -> str:
        (self.content if content else self.labels).append(text)
        return _p(_run(text, _BOLD))

    def label(self, text: str) -> str:
        """A plain (not bold) paragraph of template text."""
        self.labels.append(text)
        return _p(_run(text))

    def para(self, text: str) -> str:
        self.content.append(text)
        return _p(_run(text))

    def paras(self, texts: Iterable[str]) -> str:
        return "".join(self.para(text) for text in texts)

    def labelled(self, label: str, value: str, alias: str | None = None) -> str:
        """A "Label: value" paragraph; the value in a content control when that quirk is on."""
        self.labels.append(label)
        return _p(_run(label + " ", _BOLD) + self.value(value, alias or label.rstrip(":")))

    def items(self, texts: Iterable[str], *, numbered: bool = False) -> str:
        """Bulleted (or numbered) list items; bullets typed as "•" and a tab with the typed_bullets quirk."""
        out = []
        for text in texts:
            self.content.append(text)
            if self.has("typed_bullets") and not numbered:
                out.append(_p(f"<w:r>{_T}\u2022</w:t><w:tab/></w:r>{_run(text)}"))
            else:
                out.append(_p(_run(text), _NUMBERED if numbered else _BULLET))
        return "".join(out)

    def lines(self, texts: list[str], *, joiner: str = ", ") -> str:
        """Several short texts as one paragraph with line breaks (line_breaks quirk), else joined by ``joiner``."""
        text = "\n".join(texts) if self.has("line_breaks") else joiner.join(texts)
        return self.para(text)

    def story(self, texts: Iterable[str]) -> str:
        """Paragraphs of narrative; inside a block-level rich-text content control with content_controls."""
        xml = self.paras(texts)
        return self._sdt(xml, "Story") if self.has("content_controls") else xml

    # values, content controls, placeholders, merge fields, tracked changes ------------------------------------

    def value(self, text: str, alias: str) -> str:
        """The runs of one value (recorded as content); in an inline content control with content_controls."""
        self.content.append(text)
        return self._sdt(_run(text), alias) if self.has("content_controls") else _run(text)

    def empty(self, alias: str, prompt: str = "Click here to enter text.") -> str:
        """The runs of an empty field: Word's placeholder text in a content control with the placeholder quirk."""
        if not self.has("placeholder"):
            return ""
        self.placeholders.append(prompt)
        kind = {"Choose an item.": "<w:dropDownList/>", "Click here to enter a date.":
                '<w:date><w:dateFormat w:val="dd/MM/yyyy"/></w:date>'}.get(prompt, "<w:text/>")
        return self._sdt(_run(prompt, '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>'), alias,
                         placeholder=True, kind=kind)

    def _sdt(self, inner: str, alias: str, *, placeholder: bool = False, kind: str = "") -> str:
        self._control += 1
        flag = "<w:showingPlcHdr/>" if placeholder else ""
        return (f'<w:sdt><w:sdtPr><w:alias w:val="{_esc(alias)}"/><w:tag w:val="{_esc(alias)}"/>'
                f'<w:id w:val="{self._control}"/>{flag}{kind}</w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>')

    def officer(self) -> str:
        """The signing officer's name, or an un-merged «Officer_Name» field with the merge_field quirk."""
        if not self.has("merge_field"):
            return self.value(self.plan.caseworker, "Officer")
        self.placeholders.append("\u00abOfficer_Name\u00bb")
        return '<w:fldSimple w:instr=" MERGEFIELD Officer_Name \\* MERGEFORMAT "/>'

    def phone(self) -> str:
        """The caseworker's phone, or a merge field whose stored result is «Caseworker_Phone»."""
        if not self.has("merge_field"):
            return self.value(self.plan.caseworker_phone, "Phone")
        self.placeholders.append("\u00abCaseworker_Phone\u00bb")
        return _field("MERGEFIELD Caseworker_Phone", "\u00abCaseworker_Phone\u00bb")

    def provision_text(self, item: Provision, suffix: str = "") -> str:
        """A paragraph with a provision's text; the first one carries the tracked changes of that quirk."""
        text = item.text + suffix
        self.content.append(text)
        inserted, deleted = self.plan.amendment
        if not self.has("tracked_changes") or self.inserted or not inserted or not item.text.endswith(inserted):
            return _p(_run(text))
        self.inserted.append(inserted)
        self.deleted.append(deleted)
        stamp = f'w:author="SEN Caseworker" w:date="{self.plan.issue_date.isoformat()}T09:00:00Z"'
        return _p(_run(item.text[: -len(inserted)]) + f'<w:ins w:id="901" {stamp}>{_run(inserted)}</w:ins>'
                  f'<w:del w:id="902" {stamp}><w:r><w:delText xml:space="preserve">{_esc(deleted)}</w:delText>'
                  f"</w:r></w:del>" + (_run(suffix) if suffix else ""))

    # tables ----------------------------------------------------------------------------------------------------

    @staticmethod
    def cell(*paras: str, span: int = 1, merge: str | None = None) -> str:
        props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        if merge:
            props += '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>"
        width = f'<w:tcW w:w="{2000 * span}" w:type="dxa"/>'
        return f'<w:tc><w:tcPr>{width}{props}</w:tcPr>{"".join(paras) or "<w:p/>"}</w:tc>'

    @staticmethod
    def row(*cells: str) -> str:
        return f"<w:tr>{''.join(cells)}</w:tr>"

    @staticmethod
    def table(rows: Iterable[str], columns: int) -> str:
        grid = '<w:gridCol w:w="2000"/>' * columns
        return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
                f"{''.join(rows)}</w:tbl>")

    def wide(self, *paras: str, columns: int) -> str:
        """A row whose one text spans the table: merged across with merged_cells, else followed by empty cells."""
        if self.has("merged_cells"):
            return self.row(self.cell(*paras, span=columns))
        return self.row(self.cell(*paras), *(self.cell() for _ in range(columns - 1)))

    def kv(self, label: str, value: str | None, *, prompt: str = "Click here to enter text.") -> str:
        """A label | value row; an empty value shows a placeholder with the placeholder quirk."""
        first = self.cell(self.bold(label))
        if value:
            return self.row(first, self.cell(_p(self.value(value, label))))
        return self.row(first, self.cell(_p(self.empty(label, prompt))))

    def header_row(self, labels: Iterable[str]) -> str:
        return self.row(*(self.cell(self.bold(label)) for label in labels))

    def nest(self, label: str, build) -> str:
        """With nested_table, the table ``build()`` returns sits in a cell beside ``label``; else it follows it."""
        if not self.has("nested_table"):
            return self.bold(label) + build()
        first = self.cell(self.bold(label))
        return self.table([self.row(first, self.cell(build(), "<w:p/>"))], 2)

    # provision tables ------------------------------------------------------------------------------------------

    def provision_rows(self, columns: list[str], items: Iterable[tuple[str | None, Provision]],
                       first_is_label: bool = False) -> list[str]:
        """One row per (first-column value, item); ``columns`` name each cell: ``first``, ``text``, ``text_ratio``,
        ``who``, ``ratio``, ``frequency``, ``duration``, ``often`` (frequency and duration together) or ``need``.
        With merged_cells a repeated first-column value is merged down."""
        rows, previous = [], object()
        for first, item in items:
            cells = []
            for kind in columns:
                if kind == "first":
                    cells.append(self._first_cell(first, first == previous, first_is_label))
                else:
                    cells.append(self.cell(self._provision_cell(kind, item)))
            previous = first
            rows.append(self.row(*cells))
        return rows

    def _first_cell(self, value: str | None, repeated: bool, is_label: bool) -> str:
        if self.has("merged_cells") and repeated:
            return self.cell(merge="continue")
        paragraph = "" if not value else (self.bold(value) if is_label else self.para(value))
        return self.cell(paragraph, merge="restart" if self.has("merged_cells") else None)

    def _provision_cell(self, kind: str, item: Provision) -> str:
        if kind == "text":
            return self.provision_text(item)
        if kind == "text_ratio":
            return self.provision_text(item, f" \u2013 {item.ratio}" if item.ratio else "")
        if kind == "often":
            parts = [part for part in (item.frequency, item.duration) if part]
            return self.lines(parts) if parts else ""
        value = getattr(item, kind)
        return self.para(value) if value else ""


# --- shared pieces of the layouts -------------------------------------------------------------------------------

CI, CL, SEMH, SP = AREAS
NATIONAL_ORDER = (CI, CL, SEMH, SP)
LEARNING_FIRST = (CL, CI, SEMH, SP)


def _dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _dots(day: date, *, short: bool = False) -> str:
    return f"{day:%d.%m.%y}" if short else f"{day:%d.%m.%Y}"


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _spaced(nhs_number: str) -> str:
    return f"{nhs_number[:3]} {nhs_number[3:6]} {nhs_number[6:]}"


def _in_order(plan: LegacyPlan, order: tuple[str, ...]) -> list[AreaContent]:
    return [area for key in order if (area := plan.area(key)) is not None]


def _status(plan: LegacyPlan) -> str:
    return plan.status.capitalize()


def _furniture(w: _Writer, header: list[tuple[str, str]], footer: list[tuple[str, str]]) -> None:
    """Add a header and a footer part when the headers_footers quirk is on. Each is a list of (xml, shown text)."""
    if not w.has("headers_footers"):
        return
    w.headers.append("".join(xml for xml, _ in header))
    w.footers.append("".join(xml for xml, _ in footer))
    w.furniture += [text for _, text in header + footer]


def _page_line(prefix: str, *, of: bool = True) -> tuple[str, str]:
    """A footer line "PREFIX 1 OF 12" with PAGE (and NUMPAGES) fields."""
    xml = _run(prefix) + _field("PAGE", "1") + (_run(" OF ") + _field("NUMPAGES", "12") if of else "")
    return _p(xml), f"{prefix}1" + (" OF 12" if of else "")


def _simple_provision_table(w: _Writer, headers: list[str], columns: list[str], items) -> str:
    rows = [w.header_row(headers)] + w.provision_rows(columns, ((None, item) for item in items))
    return w.table(rows, len(headers))


def _sign_off(w: _Writer, date_text: str) -> str:
    """The signature block: the officer (or «Officer_Name»), the date and the caseworker's phone."""
    w.labels.append("Signed on behalf of the Local Authority:")
    signed = _p(_run("Signed on behalf of the Local Authority: ", _BOLD) + w.officer())
    dated = w.labelled("Date:", date_text)
    w.labels.append("Caseworker telephone:")
    return signed + dated + _p(_run("Caseworker telephone: ", _BOLD) + w.phone())


# --- a: sequential A→K, first person (Suffolk-like) -------------------------------------------------------------

SEQUENTIAL_TITLES = (
    ("A", "ABOUT ME: MY views, interests and aspirations"),
    ("B", "My Special Educational Needs (SEN)"),
    ("C", "My Health Needs that relate to my SEN"),
    ("D", "My Social Care Needs that relate to my SEN"),
    ("E", "OUTCOMES"),
    ("F", "Special Educational Provision Required by Me"),
    ("G", ("Health Provision reasonably required by my learning difficulties or disabilities which result in me "
          "having SEN")),
    ("H1", ("Social Care Provision which must be made for me under section 2 of the Chronically Sick and Disabled "
           "Persons Act 1970")),
    ("H2", ("Any other Social Care Provision reasonably required by my learning difficulties or disabilities which "
           "result in me having SEN")),
    ("I", "Placement - The name of the setting to be attended"),
    ("J", "Personal Budget (including arrangements for direct payments)"),
    ("K", "Advice and Information used to write my EHC Plan"),
)
SEQUENTIAL_AREAS = {CI: "Communication and interaction", CL: "Cognition and learning",
                    SEMH: "Social, emotional and mental health", SP: "Sensory and/or physical"}


def _sequential(w: _Writer) -> str:
    p = w.plan
    out = [w.heading(f"{p.forename} {p.surname}\u2019s Education, Health and Care Plan", 0, content=True),
           w.para(f"This Education, Health and Care Plan is made on {_long(p.issue_date)} by {p.council} (\u2018the "
                  f"Local Authority\u2019) in respect of {p.name}.")]
    if p.status == "draft":
        out.append(w.bold("DRAFT", content=True))
    out += [_sequential_front(w), _sequential_a(w), _sequential_b_to_d(w), _sequential_e(w), _sequential_f_to_h(w),
            _sequential_i_to_k(w)]
    marking = "OFFICIAL \u2013 SENSITIVE [PERSONAL]"
    _furniture(w, [(_p(_run(marking)), marking)],
               [(_p(_run(marking)), marking), _page_line(f"{p.name.upper()}    PAGE ")])
    return "".join(out)


def _sequential_front(w: _Writer) -> str:
    p = w.plan
    contents = [w.wide(w.bold("MY EHC PLAN includes:"), columns=2)]
    contents += [w.row(w.cell(w.bold(f"Section {letter}")), w.cell(w.label(title)))
                 for letter, title in SEQUENTIAL_TITLES]
    child = [w.wide(w.bold("CHILD/YOUNG PERSON"), columns=2), w.kv("Surname", p.surname),
             w.kv("Other Names", f"{p.forename} {p.middle_name}"),
             w.row(w.cell(w.bold("Home Address")), w.cell(w.lines(list(p.address)))),
             w.kv("Gender", p.sex), w.kv("Date of Birth", _dmy(p.dob)), w.kv("Education Setting", p.setting.name)]
    out = [w.table(contents, 2), w.table(child, 2)]
    for parent in p.parents:
        first, _, last = parent.name.partition(" ")
        out.append(w.table([w.wide(w.bold("PARENT OR PERSON RESPONSIBLE"), columns=2), w.kv("Surname", last),
                            w.kv("Other names", first), w.kv("Telephone no", parent.phone),
                            w.kv("Email", parent.email), w.kv(f"Relationship to {p.forename}", parent.relationship)],
                           2))
    other = [w.wide(w.bold("OTHER INFORMATION"), columns=2), w.kv("Unique pupil no.", p.upn),
             w.kv("Care First no.", None), w.kv("NHS no.", _spaced(p.nhs_number)),
             w.kv("ULN (Year 9 and above)", None), w.kv("Plan status", _status(p)),
             w.kv("Date of this plan", _dmy(p.issue_date)), w.kv("Date of next review", _dmy(p.review_date))]
    out.append(w.table(other, 2))
    return "".join(out)


def _sequential_a(w: _Writer) -> str:
    a = w.plan.section_a
    return "".join((
        w.heading(f"SECTION A: {SEQUENTIAL_TITLES[0][1]}", 1),
        w.heading("My story so far", 3), w.story(a.history),
        w.heading("What people like and admire about me", 3), w.items(a.admire),
        w.heading("What I like doing", 3), w.items(a.interests),
        w.heading("My views", 3), w.paras(a.views),
        w.heading("How I communicate", 3), w.paras(a.communication),
        w.heading("My hopes and aspirations for the future", 3), w.paras(a.aspirations),
        w.heading("My family\u2019s views", 3), w.paras(a.parent_views),
    ))


def _sequential_b_to_d(w: _Writer) -> str:
    p = w.plan
    out = [w.heading(f"SECTION B: {SEQUENTIAL_TITLES[1][1]}", 1)]
    for area in _in_order(p, NATIONAL_ORDER):
        w.area_labels[area.key] = SEQUENTIAL_AREAS[area.key]
        out += [w.heading(SEQUENTIAL_AREAS[area.key], 2), w.bold("What I am good at:"), w.items(area.strengths),
                w.bold("What I find difficult:")]
        out.append(w.items((n.description for n in area.needs), numbered=True) if area.needs
                   else w.para(area.no_needs_text))
    out += [w.heading(f"SECTION C: {SEQUENTIAL_TITLES[2][1]}", 1), w.paras(p.health_needs or (p.health_no_needs,)),
            w.heading(f"SECTION D: {SEQUENTIAL_TITLES[3][1]}", 1),
            w.paras(p.social_care_needs or (p.social_care_no_needs,))]
    return "".join(out)


def _sequential_e(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("SECTION E: OUTCOMES", 1), w.heading("Educational Outcomes", 2)]
    for area in _in_order(p, NATIONAL_ORDER):
        if area.needs:
            out += [w.heading(SEQUENTIAL_AREAS[area.key], 3), w.items(area.outcomes, numbered=True)]
    out.append(w.heading("Health Outcomes", 2))
    out.append(w.items(p.health_outcomes, numbered=True) if p.health_outcomes
               else w.label("No health outcomes are set in this plan."))
    out.append(w.heading("Social Care Outcomes", 2))
    out.append(w.items(p.social_care_outcomes, numbered=True) if p.social_care_outcomes
               else w.label("No social care outcomes are set in this plan."))
    return "".join(out)


def _sequential_f_to_h(w: _Writer) -> str:
    p = w.plan
    out = [w.heading(f"SECTION F: {SEQUENTIAL_TITLES[5][1]}", 1)]
    headers = ["Area of need", "What provision I need", "Who will provide it", "Group size / ratio", "How often",
               "How long"]
    items = [(SEQUENTIAL_AREAS[a.key], item) for a in _in_order(p, NATIONAL_ORDER) for item in a.provision]
    rows = [w.header_row(headers)] + w.provision_rows(
        ["first", "text", "who", "ratio", "frequency", "duration"], items, first_is_label=True)
    out += [w.table(rows, 6), w.heading(f"SECTION G: {SEQUENTIAL_TITLES[6][1]}", 1)]
    other = ["Provision", "Who will provide it", "How often", "How long"]
    kinds = ["text", "who", "frequency", "duration"]
    out.append(w.nest("Health provision", lambda: _simple_provision_table(w, other, kinds, p.health_provision))
               if p.health_provision else w.label("None."))
    for letter, items in (("H1", p.h1), ("H2", p.h2)):
        out.append(w.heading(f"SECTION {letter}: {dict(SEQUENTIAL_TITLES)[letter]}", 1))
        out.append(_simple_provision_table(w, other, kinds, items) if items else w.label("None."))
    return "".join(out)


def _sequential_i_to_k(w: _Writer) -> str:
    p = w.plan
    out = [w.heading(f"SECTION I: {SEQUENTIAL_TITLES[9][1]}", 1)]
    out += ([w.labelled("Name of setting:", p.placement.name), w.labelled("Type of setting:", p.placement.type)]
            if p.placement else [w.para("To be named in the final EHC plan.")])
    out += [w.heading(f"SECTION J: {SEQUENTIAL_TITLES[10][1]}", 1), w.para(p.personal_budget),
            w.heading(f"SECTION K: {SEQUENTIAL_TITLES[11][1]}", 1),
            _advice_table(w, ["Advice", "Provided by", "Role", "Date"], _dmy), _sign_off(w, _dmy(p.issue_date))]
    return "".join(out)


def _advice_table(w: _Writer, headers: list[str], show, *, ref: bool = False, joined: bool = False) -> str:
    rows = [w.header_row(headers)]
    for item in w.plan.advice:
        cells = [w.cell(w.para(_source_tag(item)))] if ref else []
        cells.append(w.cell(w.para(item.title)))
        if joined:
            cells.append(w.cell(w.para(f"{item.author}, {item.role}")))
        else:
            cells += [w.cell(w.para(item.author)), w.cell(w.para(item.role))]
        cells.append(w.cell(w.para(show(item.date))))
        rows.append(w.row(*cells))
    return w.table(rows, len(headers))


def _source_tag(item: Advice) -> str:
    """Leicestershire's K1/K2/K3: education, health, social care advice."""
    if item.role.startswith(("Community Paediatrician", "Physiotherapist", "Speech", "Occupational")):
        return "K2"
    return "K3" if item.role.startswith("Social Worker") else "K1"


# --- b: per-area combined tables (Leicestershire-like) ----------------------------------------------------------

PER_AREA_AREAS = {CL: "Cognition and learning", CI: "Communication and interaction",
                  SEMH: "Social, emotional and mental health difficulties", SP: "Sensory and/or physical needs"}
PER_AREA_PROVISION = ["Special Educational Provision", "By Whom", "Frequency", "Which Need Does This Provision Meet"]
PER_AREA_OTHER = ["By Whom", "Frequency", "Which Need Does This Provision Meet"]


def _per_area(w: _Writer) -> str:
    p = w.plan
    out = [w.bold("Education, Health and Care Plan"), w.bold("My Name"), w.bold(p.name, content=True),
           _per_area_details(w), w.labelled("Plan status:", _status(p)),
           w.labelled("Date of plan:", _dots(p.issue_date)), w.labelled("Review by:", _dots(p.review_date)),
           _per_area_a(w)]
    areas = _in_order(p, LEARNING_FIRST)
    out += [w.heading("Primary area of need", 1), w.para(PER_AREA_AREAS[areas[0].key])]
    out += [_per_area_table(w, area) for area in areas]
    out += [_per_area_health(w), _per_area_social(w), _per_area_i_to_k(w)]
    _furniture(w, [(_p(_run(f"Education, Health and Care Plan \u2013 {p.name}")),
                    f"Education, Health and Care Plan \u2013 {p.name}")],
               [(_p(_run(f"{p.council} \u2013 EHC Plan Template v3")), f"{p.council} \u2013 EHC Plan Template v3")])
    return "".join(out)


def _per_area_details(w: _Writer) -> str:
    p = w.plan
    rows = [w.wide(w.bold("Child or young person\u2019s personal details"), columns=2), w.kv("Name", p.full_name),
            w.kv("Preferred name", p.forename), w.kv("Date of Birth", _dots(p.dob)), w.kv("Sex", p.sex)]
    for number, parent in enumerate(p.parents, 1):
        rows += [w.kv(f"Person with parental responsibility - Parent or carer {number}", parent.name),
                 w.kv("Relationship", parent.relationship), w.kv("Email", parent.email),
                 w.kv("Telephone number", parent.phone)]
    rows += [w.row(w.cell(w.bold("Home Address")), w.cell(w.lines(list(p.address)))),
             w.kv("Education setting", p.setting.name), w.kv("Setting unique identifier (URN)", p.setting.urn),
             w.kv("UPN", p.upn), w.kv("ULN", None), w.kv("GP and key health professional (where applicable)", p.gp),
             w.kv("NHS Number (if available)", p.nhs_number),
             w.kv("Known to social care", "Yes" if p.social_care_needs else "No"),
             w.kv("Date of Move In", None, prompt="Click here to enter a date.")]
    return w.table(rows, 2)


def _per_area_a(w: _Writer) -> str:
    a = w.plan.section_a
    out = [w.heading("A1 Summary of the child or young person's history", 1), w.story(a.history),
           w.bold("How to communicate with me:"), w.paras(a.communication),
           w.heading("A2 - Summary of the views, interests and aspirations of the child and their parent, or of the "
                     "young person", 1)]
    views = w.row(w.cell(w.bold("Views")), w.cell(w.bold("Child/Young Person's Voice:"), w.paras(a.views),
                                                   w.bold("Parent/Carer's Voice:"), w.paras(a.parent_views)))
    rows = [views,
            w.row(w.cell(w.bold("Strengths, Interests, passions and skills and the things that are important")),
                  w.cell(w.items(a.admire), w.items(a.interests))),
            w.row(w.cell(w.bold("Aspirations")), w.cell(w.paras(a.aspirations)))]
    professionals = "; ".join(sorted({item.role for item in w.plan.advice[1:]}))
    out += [w.table(rows, 2), w.heading("Summary of Involvement", 1),
            w.labelled("Professionals involved:", professionals)]
    return "".join(out)


def _tagged(w: _Writer, texts: Iterable[str], tag: str) -> list[str]:
    """Full-width rows of statements ending in a source tag such as "(K1)"."""
    return [w.wide(w.para(f"{text} ({tag})"), columns=4) for text in texts]


def _per_area_need(w: _Writer, need: Need) -> str:
    if w.has("line_breaks"):
        return w.wide(w.para(f"{need.title}\n{need.description} (K1)"), columns=4)
    return w.wide(w.para(need.title), w.para(f"{need.description} (K1)"), columns=4)


def _per_area_table(w: _Writer, area: AreaContent) -> str:
    label = w.area_labels[area.key] = PER_AREA_AREAS[area.key]
    rows = [w.wide(w.bold(label), columns=4), w.wide(w.bold("Strengths"), columns=4)]
    rows += _tagged(w, area.strengths, "K1") + [w.wide(w.bold("Needs"), columns=4)]
    rows += [_per_area_need(w, need) for need in area.needs] or [w.wide(w.para(area.no_needs_text), columns=4)]
    rows += [w.wide(w.bold("Long Term / Life Outcomes"), columns=4)] + (
        _tagged(w, area.long_term_aims, "K1") if area.needs else [w.wide(columns=4)])
    rows += [w.wide(w.bold("Medium Term Outcomes"), columns=4)] + (
        _tagged(w, area.outcomes, "K1") if area.needs else [w.wide(columns=4)])
    rows.append(w.header_row(PER_AREA_PROVISION))
    rows += w.provision_rows(["text", "who", "often", "need"], ((None, item) for item in area.provision)) or [
        w.row(*(w.cell() for _ in range(4)))]
    return w.table(rows, 4)


def _per_area_health(w: _Writer) -> str:
    p = w.plan
    head = w.heading("C - Health needs which relate to SEN, G - Health Provision", 1)
    rows = [w.wide(w.bold("Health"), columns=4), w.wide(w.bold("Needs"), columns=4)]
    rows += _tagged(w, p.health_needs or (p.health_no_needs,), "K2")
    rows += [w.wide(w.bold("Outcomes"), columns=4)] + (_tagged(w, p.health_outcomes, "K2") or [w.wide(columns=4)])
    nested = w.has("nested_table")
    provision = [w.header_row(["Health Provision"] + PER_AREA_OTHER)]
    provision += w.provision_rows(["text", "who", "often", "need"], ((None, i) for i in p.health_provision)) or [
        w.wide(w.label("No provision in this section."), columns=4)]
    rows += [w.wide(w.table(provision, 4), "<w:p/>", columns=4)] if nested else provision
    return head + w.table(rows, 4)


def _per_area_social(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("D - Social care needs which relate to SEN", 1)]
    if p.social_care_needs:
        rows = [w.wide(w.bold("Social care"), columns=4), w.wide(w.bold("Needs"), columns=4)]
        rows += _tagged(w, p.social_care_needs, "K3") + [w.wide(w.bold("Outcomes"), columns=4)]
        rows += _tagged(w, p.social_care_outcomes, "K3") or [w.wide(columns=4)]
        out.append(w.table(rows, 4))
    else:
        out.append(w.para(p.social_care_no_needs))
    titles = {"H1": "H1 Social Care Provision (section 2 of the Chronically Sick and Disabled Persons Act 1970)",
              "H2": "H2 Social Care Provision (any other social care provision)"}
    for letter, items in (("H1", p.h1), ("H2", p.h2)):
        out.append(w.heading(titles[letter], 2))
        rows = [w.header_row(["Social Care Provision"] + PER_AREA_OTHER)]
        rows += w.provision_rows(["text", "who", "often", "need"], ((None, i) for i in items)) or [
            w.wide(w.label("No provision in this section."), columns=4)]
        out.append(w.table(rows, 4))
    return "".join(out)


def _per_area_i_to_k(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("I - Placement", 1)]
    out.append(w.table([w.kv("Name", p.placement.name), w.kv("Type", p.placement.type)], 2) if p.placement
               else w.para("To be named in the final EHC plan."))
    out += [w.heading("J - Personal Budget / Direct Payments", 1), w.para(p.personal_budget),
            w.heading("K - The advice and information gathered during the EHC needs assessment", 1),
            _advice_table(w, ["Ref", "Advice and information", "Author & Role", "Date of Document"],
                          lambda day: _dots(day, short=True), ref=True, joined=True),
            _sign_off(w, _dots(p.issue_date))]
    return "".join(out)


# --- c: "Parts" numbering with letters inside (York-like) -------------------------------------------------------

PARTS = (
    ("Part 1: Who I am and what's in my plan", "Personal details"),
    ("Part 2: Information gathered by me and my family", "Section A"),
    ("Part 3: Information about my special educational needs", "Section B"),
    ("Part 4: Information about my health and social care needs", "Sections C and D"),
    ("Part 5: Information shared and agreed at my meeting", "Section E"),
    ("Part 6: Provision agreed (EHCP only)", "Sections F, G, H1, H2, I and J"),
    ("Part 7: Relevant advice and information that supports my plan", "Section K"),
)
PARTS_AREAS = {CI: "Communication & Interaction", CL: "Cognition & Learning",
               SEMH: "Social, Emotional and Mental Health Needs", SP: "Sensory & Physical"}


def _parts(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("My Education, Health and Care Plan", 0), w.para(p.section_a.admire[0]),
           _parts_1(w), w.heading(PARTS[1][0], 1), w.heading("Section A: My views, interests and aspirations", 2)]
    a = p.section_a
    out += [w.heading("What people like and admire about me", 3), w.items(a.admire),
            w.heading("What I like doing", 3), w.items(a.interests),
            w.heading("How I communicate", 3), w.paras(a.communication), w.heading("My views", 3), w.paras(a.views),
            w.heading("My hopes and dreams for the future", 3), w.paras(a.aspirations),
            w.heading("My story so far", 3), w.story(a.history),
            w.heading("My family\u2019s views", 3), w.paras(a.parent_views)]
    out += [_parts_3_and_4(w), _parts_5(w), _parts_6(w), w.heading(PARTS[6][0], 1),
            w.heading("Section K: Advice and information", 2),
            _advice_table(w, ["Advice", "Provided by", "Role", "Date"], _dmy), _sign_off(w, _dmy(p.issue_date))]
    _parts_furniture(w)
    return "".join(out)


def _parts_1(w: _Writer) -> str:
    p = w.plan
    out = [w.heading(PARTS[0][0], 1), w.heading("1.1 Who I am", 2),
           w.labelled("I like to be known as:", p.forename, "Preferred name"), w.heading("My personal details", 3)]
    out.append(w.table([w.kv("First name", p.forename), w.kv("Middle name(s)", p.middle_name),
                        w.kv("Surname", p.surname), w.kv("Date of birth", _dmy(p.dob)),
                        w.row(w.cell(w.bold("Address")), w.cell(w.lines(list(p.address)))),
                        w.kv("Unique Pupil Number (UPN)", p.upn), w.kv("NHS number", _spaced(p.nhs_number)),
                        w.kv("ULN reference (Y9 or above only)", None)], 2))
    out.append(w.heading("My education", 3))
    out.append(w.table([w.kv("Current educational setting", p.setting.name),
                        w.kv("Current year group", p.year_group),
                        w.kv("Next key transition point", None, prompt="Choose an item."),
                        w.kv("Date of next transition", None, prompt="Click here to enter a date.")], 2))
    out.append(w.heading("My plan", 3))
    out.append(w.table([w.kv("Main point of contact", f"{p.caseworker}, SEN Case Officer"),
                        w.kv("Email", p.caseworker_email), w.kv("Date of this plan", _dmy(p.issue_date)),
                        w.kv("Date this plan will be reviewed by", _dmy(p.review_date)),
                        w.kv("Date of initial plan/statement", _dmy(p.initial_date or p.issue_date)),
                        w.kv("Plan status", _status(p))], 2))
    out.append(w.heading("What's in my plan", 3))
    out.append(w.table([w.row(w.cell(w.label(part)), w.cell(w.label(letters))) for part, letters in PARTS], 2))
    return "".join(out)


def _parts_3_and_4(w: _Writer) -> str:
    p = w.plan
    out = [w.heading(PARTS[2][0], 1), w.heading("Section B: My special educational needs", 2)]
    for area in _in_order(p, NATIONAL_ORDER):
        w.area_labels[area.key] = PARTS_AREAS[area.key]
        out += [w.heading(PARTS_AREAS[area.key], 3), w.bold("What I can do"), w.paras(area.strengths),
                w.bold("What I find difficult")]
        out.append(w.items(n.description for n in area.needs) if area.needs else w.para(area.no_needs_text))
    out += [w.heading(PARTS[3][0], 1), w.heading("Section C: My health needs", 2),
            w.items(p.health_needs) if p.health_needs else w.para(p.health_no_needs),
            w.heading("Section D: My social care needs", 2),
            w.items(p.social_care_needs) if p.social_care_needs else w.para(p.social_care_no_needs)]
    return "".join(out)


def _outcome_refs(plan: LegacyPlan) -> dict[tuple[str, int], str]:
    """York numbers the outcomes E1, E2… across the areas, in the order they are written."""
    refs, number = {}, 0
    for area in _in_order(plan, NATIONAL_ORDER):
        for index in range(len(area.outcomes)):
            number += 1
            refs[area.key, index] = f"E{number}"
    return refs


def _parts_5(w: _Writer) -> str:
    p = w.plan
    refs = _outcome_refs(p)
    out = [w.heading(PARTS[4][0], 1), w.heading("Section E: My outcomes", 2)]
    for area in _in_order(p, NATIONAL_ORDER):
        if not area.needs:
            continue
        out.append(w.heading(PARTS_AREAS[area.key], 3))
        rows = [w.header_row(["Ref", f"What I want to achieve (outcome by the end of {p.phase})",
                              "Steps towards it this year"])]
        rows += [w.row(w.cell(w.para(refs[area.key, i])), w.cell(w.para(outcome)), w.cell(w.para(step)))
                 for i, (outcome, step) in enumerate(zip(area.outcomes, area.short_term_steps))]
        out.append(w.table(rows, 3))
    out.append(w.heading("Health and social care outcomes", 3))
    outcomes = p.health_outcomes + p.social_care_outcomes
    out.append(w.items(outcomes) if outcomes else w.label("None."))
    return "".join(out)


def _parts_6(w: _Writer) -> str:
    p = w.plan
    refs = _outcome_refs(p)
    out = [w.heading(PARTS[5][0], 1), w.heading("Section F: Special educational provision", 2)]
    for area in _in_order(p, NATIONAL_ORDER):
        if not area.provision:
            continue
        out.append(w.heading(PARTS_AREAS[area.key], 3))
        rows = [w.header_row(["Outcome", "What support I will get", "Who will provide it", "How often and how long"])]
        items = ((refs[area.key, area.outcome_of(item.need)], item) for item in area.provision)
        out.append(w.table(rows + w.provision_rows(["first", "text", "who", "often"], items), 4))
    columns, headers = ["text", "who", "often"], ["Provision", "Who will provide it", "How often and how long"]
    out.append(w.heading("Section G: Health provision", 2))
    out.append(w.nest("Health provision agreed", lambda: _simple_provision_table(w, headers, columns,
                                                                                   p.health_provision))
               if p.health_provision else w.label("None."))
    for title, items in (("Section H1: Social care provision (Chronically Sick and Disabled Persons Act 1970, s.2)",
                          p.h1), ("Section H2: Other social care provision", p.h2)):
        out.append(w.heading(title, 2))
        out.append(_simple_provision_table(w, headers, columns, items) if items else w.label("None."))
    out.append(w.heading("Section I: Placement", 2))
    out += ([w.labelled("Name of setting:", p.placement.name), w.labelled("Type of setting:", p.placement.type)]
            if p.placement else [w.para("To be named in the final EHC plan.")])
    out += [w.heading("Section J: Personal budget", 2), w.para(p.personal_budget)]
    return "".join(out)


def _parts_furniture(w: _Writer) -> None:
    p = w.plan
    cells = (("Name:", p.name), ("Date of birth:", _dmy(p.dob)),
             ("Initial plan date:", _dmy(p.initial_date or p.issue_date)), ("Current plan date:", _dmy(p.issue_date)))
    rows = "".join(f"<w:tr>{_Writer.cell(_p(_run(label, _BOLD)))}{_Writer.cell(_p(_run(value)))}</w:tr>"
                   for label, value in cells)
    header = _Writer.table([rows], 2) + "<w:p/>"
    footer = _page_line(f"{p.council} \u2013 My Education, Health and Care Plan \u2013 Page ", of=False)
    texts = [text for pair in cells for text in pair]
    _furniture(w, [(header if i == 0 else "", text) for i, text in enumerate(texts)], [footer])


# --- b: two-column strengths / needs, outcomes and support plan per area (Newcastle-like) -----------------------

TWO_COLUMN_B = {CL: "COGNITION AND LEARNING", CI: "COMMUNICATION AND INTERACTION",
                SEMH: "SOCIAL, EMOTIONAL AND MENTAL HEALTH", SP: "SENSORY AND/OR PHYSICAL NEEDS"}
TWO_COLUMN_E = {CL: "Cognition and Learning", CI: "Communication and Interaction",
                SEMH: "Social, Emotional and Mental Health", SP: "Sensory and/or physical needs"}
WORKING = ["What is working (Strengths / Resources)", "What is not working so well (Needs / Concerns)"]
SUPPORT = ["Provision", "By whom", "How often / how long"]


def _two_column(w: _Writer) -> str:
    p = w.plan
    out = [w.bold("EDUCATION, HEALTH AND CARE PLAN")]
    if p.status == "draft":
        out.append(w.bold("DRAFT", content=True))
    out += [_two_column_details(w), _two_column_a(w), _two_column_b_to_d(w), _two_column_plan(w),
            w.heading("SECTION I: PLACEMENT", 1)]
    out += ([w.labelled("Name of setting:", p.placement.name), w.labelled("Type of setting:", p.placement.type)]
            if p.placement else [w.para("To be named in the final EHC plan.")])
    out += [w.heading("SECTION J: PERSONAL BUDGET", 1), w.para(p.personal_budget),
            w.heading("SECTION K: ADVICE AND INFORMATION", 1),
            _advice_table(w, ["Advice", "Name", "Role", "Date"], _dmy),
            w.labelled("SEN Case Worker (EHCP Coordinator):", p.caseworker), _sign_off(w, _dmy(p.issue_date))]
    title = f"{p.council} \u2013 Education, Health and Care Plan" + (" (Draft)" if p.status == "draft" else "")
    _furniture(w, [(_p(_run(title)), title)], [_page_line("CONFIDENTIAL \u2013 Page ", of=False)])
    return "".join(out)


def _two_column_details(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("PERSONAL DETAILS", 1)]
    rows = [w.kv("Name", p.full_name), w.kv("DOB", _dmy(p.dob)), w.kv("Gender", p.sex),
            w.row(w.cell(w.bold("Address")), w.cell(w.lines(list(p.address)))),
            w.kv("Educational Placement during assessment", p.setting.name),
            w.kv("Educational Placement named in this EHC Plan", p.placement.name if p.placement else None),
            w.kv("UPN", p.upn), w.kv("NHS Number", p.nhs_number), w.kv("Care First Number", None)]
    out += [w.table(rows, 2), w.heading("Parent/guardian with parental responsibility", 3)]
    rows = [w.header_row(["Name(s)", "Relationship", "Telephone", "Email"])]
    rows += [w.row(*(w.cell(w.para(value)) for value in (person.name, person.relationship, person.phone,
                                                          person.email))) for person in p.parents]
    out += [w.table(rows, 4), w.labelled("Date of plan:", _dmy(p.issue_date)),
            w.labelled("Review date:", _dmy(p.review_date))]
    return "".join(out)


def _two_column_a(w: _Writer) -> str:
    p, a = w.plan, w.plan.section_a
    return "".join((
        w.heading("SECTION A: MY PROFILE", 1), w.heading("my BACKGROUND", 2), w.story(a.history),
        w.heading("My views", 3), w.paras(a.views), w.heading("What I enjoy", 3), w.items(a.interests),
        w.heading("How I communicate", 3), w.paras(a.communication),
        w.heading("My aspirations", 3), w.paras(a.aspirations),
        w.heading("My family\u2019s views", 3), w.paras(a.parent_views),
        w.heading(f"SUMMARY OF {p.forename.upper()}\u2019S SKILLS AND STRENGTHS, NEEDS AND SUPPORT", 2),
        w.items(a.admire)))


def _two_column_b_to_d(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("SECTION B: SPECIAL EDUCATIONAL NEEDS", 1)]
    for area in _in_order(p, LEARNING_FIRST):
        label = w.area_labels[area.key] = TWO_COLUMN_B[area.key]
        rows = [w.wide(w.bold(label), columns=2), w.header_row(WORKING),
                w.row(w.cell(w.paras(area.strengths)),
                      w.cell(w.paras(n.description for n in area.needs) or w.para(area.no_needs_text)))]
        out.append(w.table(rows, 2))
    out.append(w.heading("SECTION C: HEALTH NEEDS", 1))
    rows = [w.header_row(WORKING), w.row(w.cell(w.para(f"{p.forename} is registered with {p.gp}.")),
                                         w.cell(w.paras(p.health_needs or (p.health_no_needs,))))]
    out += [w.table(rows, 2), w.heading("SECTION D: SOCIAL CARE NEEDS", 1)]
    rows = [w.header_row(WORKING), w.wide(w.bold("FAMILY AND COMMUNITY LIFE"), columns=2),
            w.row(w.cell(w.para(f"{p.forename} has a loving family who know {_pronouns(p.sex)['his']} needs well.")),
                  w.cell(w.paras(p.social_care_needs or (p.social_care_no_needs,))))]
    out.append(w.table(rows, 2))
    return "".join(out)


def _two_column_plan(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("OUTCOMES AND SUPPORT PLAN", 1)]
    for area in _in_order(p, LEARNING_FIRST):
        out.append(w.heading(TWO_COLUMN_E[area.key], 2))
        if not area.needs:
            out.append(w.label("No outcomes or provision are required in this area."))
            continue
        out.append(w.bold("Section E \u2013 Desired Outcomes"))
        rows = [w.header_row(["Long Term Aim(s)", "Short Term Outcome (1 Year)"])]
        rows += [w.row(w.cell(w.para(o)), w.cell(w.para(s))) for o, s in zip(area.outcomes, area.short_term_steps)]
        out += [w.table(rows, 2), w.bold("Section F \u2013 Special Educational Provision")]
        out.append(_simple_provision_table(w, SUPPORT, ["text_ratio", "who", "often"], area.provision))
    out += [w.heading("Health", 2), w.bold("Section E \u2013 Desired Outcomes (Health)"),
            w.paras(p.health_outcomes) or w.label("None."), w.bold("Section G \u2013 Health Provision")]
    out.append(w.nest("Health provision", lambda: _simple_provision_table(w, SUPPORT, ["text_ratio", "who", "often"],
                                                                            p.health_provision))
               if p.health_provision else w.label("None."))
    out += [w.heading("Social care", 2), w.bold("Section E \u2013 Desired Outcomes (Social Care)"),
            w.paras(p.social_care_outcomes) or w.label("None.")]
    for title, items in (("Section H1 \u2013 Social Care Provision (Chronically Sick and Disabled Persons Act 1970)",
                          p.h1), ("Section H2 \u2013 Other Social Care Provision", p.h2)):
        out.append(w.bold(title))
        out.append(_simple_provision_table(w, SUPPORT, ["text_ratio", "who", "often"], items) if items
                   else w.label("None."))
    return "".join(out)


# --- d: outcomes before needs, section letters (Essex-like) -----------------------------------------------------

ESSEX_AREAS = {CI: "Communication and interaction", CL: "Cognition and learning",
               SEMH: "Social, emotional and mental health needs", SP: "Physical and sensory needs"}


def _essex(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("Education, Health and Care Plan", 0), w.para(f"for {p.full_name}")]
    if p.status == "draft":
        out.append(w.bold("DRAFT PLAN", content=True))
    out += [_essex_details(w), _essex_a(w), _essex_e(w), _essex_b_to_d(w), _essex_f_to_h(w),
            w.heading("Section I \u2013 Placement", 1)]
    out.append(w.labelled("Setting to be attended:", f"{p.placement.name} ({p.placement.type})") if p.placement
               else w.para("To be named in the final EHC plan."))
    out += [w.heading("Section J \u2013 Personal budget", 1), w.para(p.personal_budget),
            w.heading("Section K \u2013 Advice and information", 1),
            _advice_table(w, ["Advice", "Author", "Role", "Date"], _long), _sign_off(w, _long(p.issue_date))]
    _furniture(w, [(_p(_run(f"{p.council} \u2013 EHC Plan")), f"{p.council} \u2013 EHC Plan")],
               [_page_line("Page ")])
    return "".join(out)


def _essex_details(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("Personal details", 1)]
    rows = [w.kv("Full name", p.full_name), w.kv("Date of birth", _long(p.dob)), w.kv("Sex", p.sex),
            w.row(w.cell(w.bold("Address")), w.cell(w.lines(list(p.address)))), w.kv("UPN", p.upn),
            w.kv("NHS Number", _spaced(p.nhs_number)), w.kv("ULN", None),
            w.kv("Current setting", f"{p.setting.name} (URN {p.setting.urn})")]
    for person in p.parents:
        rows.append(w.kv(f"Parent or carer ({person.relationship.lower()})", f"{person.name}, {person.phone}"))
    rows += [w.kv("Plan status", _status(p)), w.kv("Date plan issued", _long(p.issue_date)),
             w.kv("Date of next review", _long(p.review_date))]
    out.append(w.table(rows, 2))
    return "".join(out)


def _essex_a(w: _Writer) -> str:
    a = w.plan.section_a
    return "".join((
        w.heading("Section A \u2013 All about me", 1), w.heading("My story", 2), w.story(a.history),
        w.heading("How I communicate", 2), w.paras(a.communication),
        w.heading("What is important to me", 2), w.items(a.interests),
        w.heading("What people like and admire about me", 2), w.items(a.admire),
        w.heading("My views", 2), w.paras(a.views), w.heading("My aspirations", 2), w.paras(a.aspirations),
        w.heading("My family\u2019s views", 2), w.paras(a.parent_views)))


def _essex_e(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("Section E \u2013 The outcomes I am working towards", 1)]
    for area in _in_order(p, NATIONAL_ORDER):
        if area.needs:
            out += [w.heading(ESSEX_AREAS[area.key], 2), w.labelled("Long-term aspiration:", area.long_term_aims[0]),
                    w.items(area.outcomes, numbered=True), w.bold("Steps towards it this year:"),
                    w.items(area.short_term_steps)]
    out.append(w.heading("Health outcomes", 2))
    out.append(w.items(p.health_outcomes, numbered=True) if p.health_outcomes else w.label("None."))
    out.append(w.heading("Social care outcomes", 2))
    out.append(w.items(p.social_care_outcomes, numbered=True) if p.social_care_outcomes else w.label("None."))
    return "".join(out)


def _essex_need(w: _Writer, need: Need) -> str:
    w.content.append(f"{need.title} \u2013 {need.description}")
    return _p(_run(need.title, _BOLD) + _run(f" \u2013 {need.description}"), _NUMBERED)


def _essex_b_to_d(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("Section B \u2013 Special educational needs", 1)]
    for area in _in_order(p, NATIONAL_ORDER):
        label = w.area_labels[area.key] = ESSEX_AREAS[area.key]
        out += [w.heading(label, 2), w.bold("Strengths:"), w.items(area.strengths), w.bold("Needs:")]
        out.append("".join(_essex_need(w, need) for need in area.needs) if area.needs else w.para(area.no_needs_text))
    out += [w.heading("Section C \u2013 Health needs", 1), w.paras(p.health_needs or (p.health_no_needs,)),
            w.heading("Section D \u2013 Social care needs", 1),
            w.paras(p.social_care_needs or (p.social_care_no_needs,))]
    return "".join(out)


def _essex_f_to_h(w: _Writer) -> str:
    p = w.plan
    out = [w.heading("Section F \u2013 Special educational provision", 1)]
    headers = ["Identified need", "Provision", "Provided by", "How often", "How long"]
    for area in _in_order(p, NATIONAL_ORDER):
        if area.provision:
            out.append(w.heading(ESSEX_AREAS[area.key], 2))
            rows = [w.header_row(headers)] + w.provision_rows(
                ["first", "text", "who", "frequency", "duration"], ((item.need, item) for item in area.provision))
            out.append(w.table(rows, 5))
    other, kinds = ["Provision", "Provided by", "How often", "How long"], ["text", "who", "frequency", "duration"]
    out.append(w.heading("Section G \u2013 Health provision", 1))
    out.append(w.nest("Health provision", lambda: _simple_provision_table(w, other, kinds, p.health_provision))
               if p.health_provision else w.label("None."))
    for title, items in ((("Section H1 \u2013 Social care provision under section 2 of the Chronically Sick and "
                          "Disabled Persons Act 1970"), p.h1), ("Section H2 \u2013 Other social care provision", p.h2)):
        out.append(w.heading(title, 1))
        out.append(_simple_provision_table(w, other, kinds, items) if items else w.label("None."))
    return "".join(out)


# --- the package ------------------------------------------------------------------------------------------------

_RENDERERS = {
    "sequential_first_person": _sequential,
    "per_area_tables": _per_area,
    "parts_numbering": _parts,
    "two_column_strengths": _two_column,
    "outcomes_before_needs": _essex,
}

LAYOUT_MODELS: dict[str, str] = {
    "sequential_first_person": "Suffolk-like sequential A to K, first-person headings (template of Dec 2014)",
    "per_area_tables": "Leicestershire-like 'LCC Template v3' (A1/A2, one table per area)",
    "parts_numbering": "City of York-like Parts 1 to 7 with section letters inside (2014)",
    "two_column_strengths": "Newcastle-like two-column strengths/needs and an outcomes and support plan (2014)",
    "outcomes_before_needs": "Essex-like section letters with the outcomes (E) before the needs (B)",
}

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_HEADING3 = ('<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>'
             '<w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>')
_STYLES = (_XML + STYLES.replace("</w:styles>", _HEADING3 + "</w:styles>")).encode()
_NUMBERING = (_XML + NUMBERING).encode()
_PACKAGE_RELS = (f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
                 "</Relationships>").encode()
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_SECTION = '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134"/>'


def _content_types(furniture: bool) -> bytes:
    extra = (f'<Override PartName="/word/header1.xml" ContentType="{_WML}.header+xml"/>'
             f'<Override PartName="/word/footer1.xml" ContentType="{_WML}.footer+xml"/>') if furniture else ""
    return (f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{_WML}.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{_WML}.styles+xml"/>'
            f'<Override PartName="/word/numbering.xml" ContentType="{_WML}.numbering+xml"/>{extra}</Types>').encode()


def _document_rels(furniture: bool) -> bytes:
    rels = [("rIdStyles", "styles", "styles.xml"), ("rIdNumbering", "numbering", "numbering.xml")]
    rels += [("rIdHeader1", "header", "header1.xml"), ("rIdFooter1", "footer", "footer1.xml")] if furniture else []
    return (f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{_REL}/{kind}" Target="{target}"/>' for i, kind, target in rels)
            + "</Relationships>").encode()


_STATIC = {furniture: (_content_types(furniture), _document_rels(furniture)) for furniture in (False, True)}


def _package(body: str, header: str | None, footer: str | None) -> bytes:
    """Zip the parts with fixed dates, so the same plan always gives the same bytes."""
    furniture = header is not None
    refs = ('<w:headerReference w:type="default" r:id="rIdHeader1"/>'
            '<w:footerReference w:type="default" r:id="rIdFooter1"/>') if furniture else ""
    document = f"{_XML}<w:document {NS}><w:body>{body}<w:sectPr>{refs}{_SECTION}</w:sectPr></w:body></w:document>"
    content_types, document_rels = _STATIC[furniture]
    files = [("[Content_Types].xml", content_types), ("_rels/.rels", _PACKAGE_RELS),
             ("word/document.xml", document.encode()), ("word/_rels/document.xml.rels", document_rels),
             ("word/styles.xml", _STYLES), ("word/numbering.xml", _NUMBERING)]
    if furniture:
        files += [("word/header1.xml", f"{_XML}<w:hdr {NS}>{header}</w:hdr>".encode()),
                  ("word/footer1.xml", f"{_XML}<w:ftr {NS}>{footer}</w:ftr>".encode())]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=1)
    return buffer.getvalue()


def _render(plan: LegacyPlan, layout: str, quirks: Iterable[str]) -> tuple[_Writer, str]:
    if layout not in _RENDERERS:
        raise ValueError(f"layout: expected one of {', '.join(LAYOUTS)}, got {layout!r}")
    quirks = frozenset(quirks)
    if not quirks <= QUIRKS:
        raise ValueError(f"quirks: expected some of {', '.join(sorted(QUIRKS))}, "
                         f"got {', '.join(sorted(quirks - QUIRKS))}")
    writer = _Writer(plan, layout, quirks)
    return writer, _RENDERERS[layout](writer)


def build_docx(plan: LegacyPlan, layout: str, *, quirks: frozenset[str] = frozenset()) -> bytes:
    """Return the bytes of ``plan`` written as a .docx in ``layout`` (one of :data:`LAYOUTS`) with ``quirks`` (some
    of :data:`QUIRKS`; :data:`ARCHETYPE_QUIRKS` holds each council's own). Raises ``ValueError`` for an unknown
    layout or quirk. The same arguments always give the same bytes."""
    writer, body = _render(plan, layout, quirks)
    header = writer.headers[0] if writer.headers else None
    return _package(body, header, writer.footers[0] if writer.footers else None)


# --- the truth --------------------------------------------------------------------------------------------------

#: What each layout shows beyond needs and strengths: which outcome lists, and a provision's ratio and need.
_SHOWS: dict[str, frozenset[str]] = {
    "sequential_first_person": frozenset({"outcomes", "ratio"}),
    "per_area_tables": frozenset({"outcomes", "long_term_aims", "need"}),
    "parts_numbering": frozenset({"outcomes", "short_term_steps"}),
    "two_column_strengths": frozenset({"outcomes", "short_term_steps", "ratio"}),
    "outcomes_before_needs": frozenset({"outcomes", "short_term_steps", "long_term_aims", "need"}),
}
_ADVICE_DATES = {"per_area_tables": lambda day: _dots(day, short=True), "outcomes_before_needs": _long}


def _provision_truth(item: Provision, shows: frozenset[str] = frozenset()) -> dict:
    return {"text": item.text, "who": item.who, "ratio": item.ratio if "ratio" in shows else None,
            "frequency": item.frequency, "duration": item.duration,
            "need": item.need if "need" in shows else None, "quantified": item.quantified}


def _area_truth(area: AreaContent, label: str, shows: frozenset[str], tagged: bool) -> dict:
    block = {"label": label, "strengths": list(area.strengths), "needs": [n.description for n in area.needs]}
    for key in ("outcomes", "short_term_steps", "long_term_aims"):
        block[key] = list(getattr(area, key)) if key in shows and area.needs else []
    block["provision"] = [_provision_truth(item, shows) for item in area.provision]
    block["no_needs_text"] = area.no_needs_text
    if tagged:
        block["source_tag"] = "K1"
    return block


def truth(plan: LegacyPlan, layout: str, quirks: Iterable[str] = frozenset()) -> dict:
    """Return what the .docx of ``plan`` in ``layout`` with ``quirks`` shows, in the shape of the shared samples'
    ``.truth.json`` (``legacy-ehcp-truth/1``). Structured strings are exact texts, or exact parts, of one paragraph;
    Leicestershire's source tags ("(K1)") are left out of them and named in ``source_tag``. Dates are ISO 8601; a
    value the document does not show is ``None``."""
    quirks = frozenset(quirks)
    writer, _ = _render(plan, layout, quirks)
    shows, tagged = _SHOWS[layout], layout == "per_area_tables"
    show_date = _ADVICE_DATES.get(layout, _dmy)
    result = {
        "truth_format": "legacy-ehcp-truth/1", "file": f"{layout}-{plan.seed:05d}.docx", "archetype": layout,
        "layout_model": LAYOUT_MODELS[layout], "la_code": plan.la_code, "la_name": plan.la_name,
        "child_id": f"seed-{plan.seed}",
        "plan": {"status": plan.status, "issue_date": plan.issue_date.isoformat(),
                 "review_date": plan.review_date.isoformat()},
        "child": {"forename": plan.forename, "middle_names": plan.middle_name, "surname": plan.surname,
                  "dob": plan.dob.isoformat(), "sex": plan.sex, "upn": plan.upn, "nhs_number": plan.nhs_number,
                  "uln": None, "address": ", ".join(plan.address)},
        "parents": [vars(person).copy() for person in plan.parents],
        "setting": {"name": plan.setting.name, "urn": plan.setting.urn, "type": None},
        "section_a": {key: list(value) for key, value in vars(plan.section_a).items()},
        "areas": {area.key: _area_truth(area, writer.area_labels[area.key], shows, tagged) for area in plan.areas},
        "health": {"needs": list(plan.health_needs), "outcomes": list(plan.health_outcomes),
                   "provision": [_provision_truth(item) for item in plan.health_provision],
                   "no_needs_text": None if plan.health_needs else plan.health_no_needs},
        "social_care": {"needs": list(plan.social_care_needs), "outcomes": list(plan.social_care_outcomes),
                        "h1": [_provision_truth(item) for item in plan.h1],
                        "h2": [_provision_truth(item) for item in plan.h2],
                        "no_needs_text": None if plan.social_care_needs else plan.social_care_no_needs},
        "placement": ({"name": plan.placement.name, "type": plan.placement.type, "text": None} if plan.placement
                      else {"name": None, "type": None, "text": "To be named in the final EHC plan."}),
        "personal_budget": {"text": [plan.personal_budget]},
        "advice": [{"title": a.title, "author": a.author, "role": a.role, "date": a.date.isoformat(),
                    "date_display": show_date(a.date)} for a in plan.advice],
        "deleted_text": writer.deleted, "inserted_text": writer.inserted, "placeholders": writer.placeholders,
        "page_furniture": writer.furniture, "template_labels": list(dict.fromkeys(writer.labels)),
        "quirks": sorted(quirks), "all_text_paragraphs": writer.content,
        "notes": [("Generated by tests/convert/legacy_layouts.py. All people, places, schools and content are "
                  "fictional.")],
    }
    if tagged:
        result["health"]["source_tag"], result["social_care"]["source_tag"] = "K2", "K3"
    return result


# --- a corpus ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusEntry:
    """One file of a corpus: its name, the plan, the layout and the quirks it is written with."""

    name: str
    plan: LegacyPlan = field(repr=False)
    layout: str
    quirks: frozenset[str]

    def build(self) -> bytes:
        """Return the .docx bytes of this entry."""
        return build_docx(self.plan, self.layout, quirks=self.quirks)

    def truth(self) -> dict:
        """Return the truth of this entry (see :func:`truth`)."""
        return truth(self.plan, self.layout, self.quirks)


def corpus_entries(n: int, *, seed: int = 0, layouts: Iterable[str] = LAYOUTS,
                   quirks: frozenset[str] | None = None) -> Iterator[CorpusEntry]:
    """Yield ``n`` entries, the layouts in rotation, plan ``i`` made from seed ``seed * 1_000_000 + i``; each written
    with its council's :data:`ARCHETYPE_QUIRKS`, or with ``quirks`` when given."""
    layouts = tuple(layouts)
    for index in range(n):
        layout = layouts[index % len(layouts)]
        chosen = ARCHETYPE_QUIRKS[layout] if quirks is None else frozenset(quirks)
        yield CorpusEntry(f"{layout}-{index:05d}.docx", fictional_plan(seed * 1_000_000 + index), layout, chosen)


def corpus(n: int, *, seed: int = 0, layouts: Iterable[str] = LAYOUTS,
           quirks: frozenset[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """Yield ``n`` (file name, .docx bytes) pairs such as ``("per_area_tables-00042.docx", b"PK…")``: the layouts in
    rotation, deterministic for a given ``seed`` (see :func:`corpus_entries`)."""
    for entry in corpus_entries(n, seed=seed, layouts=layouts, quirks=quirks):
        yield entry.name, entry.build()
