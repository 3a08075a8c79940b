"""The provision-quantity parser: real-world phrasings read into the model's structured fields, or refused.

Every provision text here is fictional wording of the kind councils write in section F, G, H1 and H2.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ehcp_standard.model.codes import FrequencyPeriod
from ehcp_standard.model.provision import Frequency, Hours, StaffRatio
from ehcp_standard.quantity import Match, QuantityParse, Refusal, parse_quantity


def summary(parse: QuantityParse) -> dict:
    """Return the parse as plain values, for comparing with a row of the table."""
    return {
        "frequency": (parse.frequency.count, parse.frequency.period.value) if parse.frequency else None,
        "duration": parse.duration_minutes,
        "hours": (parse.hours.hours, parse.hours.period.value) if parse.hours else None,
        "ratio": (parse.ratio.staff, parse.ratio.learners) if parse.ratio else None,
        "group": parse.group_size,
        "term_time": parse.term_time_only,
        "refused": tuple(refusal.phrase for refusal in parse.refusals),
    }


def expect(
    frequency=None, duration=None, hours=None, ratio=None, group=None, term_time=None, refused=()
) -> dict:
    """Return the expected summary: every field None and nothing refused, unless given."""
    return {
        "frequency": frequency,
        "duration": duration,
        "hours": hours,
        "ratio": ratio,
        "group": group,
        "term_time": term_time,
        "refused": tuple(refused),
    }


# Phrasings the parser reads in full.
READ = [
    ("2 x 30 minutes weekly", expect(frequency=(2, "week"), duration=30)),
    ("daily, 15 mins", expect(frequency=(1, "day"), duration=15)),
    (
        "45-minute sessions twice a week in term time",
        expect(frequency=(2, "week"), duration=45, term_time=True),
    ),
    ("1:1", expect(ratio=(1, 1))),
    ("2:1 support", expect(ratio=(2, 1))),
    ("6 hours per week", expect(hours=(6.0, "week"))),
    ("25 hours per week term time only", expect(hours=(25.0, "week"), term_time=True)),
    ("three times per week for 20 minutes", expect(frequency=(3, "week"), duration=20)),
    ("once a fortnight", expect(frequency=(1, "fortnight"))),
    ("1 hour per half term", expect(hours=(1.0, "half_term"))),
    ("weekly 1 hour session", expect(frequency=(1, "week"), duration=60)),
    ("every morning for 10 minutes", expect(frequency=(1, "day"), duration=10)),
    ("4 sessions per term of 1 hour", expect(frequency=(4, "term"), duration=60)),
    ("30 mins x 3 per week", expect(frequency=(3, "week"), duration=30)),
    ("fortnightly 45 min", expect(frequency=(1, "fortnight"), duration=45)),
    ("1.5 hours weekly", expect(frequency=(1, "week"), duration=90)),
    ("an hour and a half", expect(duration=90)),
    ("twice daily", expect(frequency=(2, "day"))),
    ("5 days a week", expect(frequency=(5, "week"))),
    ("termly review meeting of 1 hour", expect(frequency=(1, "term"), duration=60)),
    ("annually", expect(frequency=(1, "year"))),
    ("one-off assessment of 2 hours", expect(frequency=(1, "one_off"), duration=120)),
    ("in a group of six pupils", expect(group=6)),
    ("1 adult to 2 pupils", expect(ratio=(1, 2))),
    ("ratio 1:3", expect(ratio=(1, 3))),
    ("2 x 1 hour per week", expect(frequency=(2, "week"), duration=60)),
    ("2 sessions of 30 minutes per week", expect(frequency=(2, "week"), duration=30)),
    ("Three 30-minute sessions per week", expect(frequency=(3, "week"), duration=30)),
    ("30 minutes a week", expect(frequency=(1, "week"), duration=30)),
    ("2 hours a day, 5 days a week", expect(frequency=(5, "week"), hours=(2.0, "day"))),
    ("every other week, 1 hour", expect(frequency=(1, "fortnight"), duration=60)),
    ("once every two weeks for 40 minutes", expect(frequency=(1, "fortnight"), duration=40)),
    ("3x/week 20 mins", expect(frequency=(3, "week"), duration=20)),
    ("twice-weekly 20 min sessions", expect(frequency=(2, "week"), duration=20)),
    ("twenty-five minutes, three times a week", expect(frequency=(3, "week"), duration=25)),
    ("half-termly, 1 hour 30 minutes", expect(frequency=(1, "half_term"), duration=90)),
    ("quarter of an hour daily", expect(frequency=(1, "day"), duration=15)),
    ("1½ hours per week", expect(hours=(1.5, "week"))),
    ("6 hrs p/w", expect(hours=(6.0, "week"))),
    ("one-to-one support for 6 hours per week", expect(ratio=(1, 1), hours=(6.0, "week"))),
    ("1-1 support daily", expect(frequency=(1, "day"), ratio=(1, 1))),
    ("group size of 4", expect(group=4)),
    ("25 hours per week, 52 weeks a year", expect(hours=(25.0, "week"), term_time=False)),
    ("X will receive 2 × 30 minute sessions weekly", expect(frequency=(2, "week"), duration=30)),
    (
        (
            "Direct speech and language therapy delivered by a qualified Speech and Language Therapist, "
            "2 sessions per week, 45 minutes per session, during term time"
        ),
        expect(frequency=(2, "week"), duration=45, term_time=True),
    ),
    (
        "Individual literacy teaching, 1:1, 3 x 20 minutes per week",
        expect(frequency=(3, "week"), duration=20, ratio=(1, 1)),
    ),
    ("3 1:1 sessions per week of 40 minutes", expect(frequency=(3, "week"), duration=40, ratio=(1, 1))),
    ("a block of 6 weekly sessions", expect(frequency=(1, "week"))),
    ("support with daily living skills", expect()),
    ("each year group has a reading volunteer", expect()),
    ("£1,500 per year towards equipment", expect()),
    ("from 9:30 to 10:00 on Mondays", expect()),
]

# Phrasings the parser must refuse, each with the phrase it refuses. A floor ("at least", "a minimum of") and
# an approximation ("about") keep the stated figure; a ceiling ("up to") and a range keep nothing.
REFUSED = [
    ("as required", expect(refused=["as required"])),
    ("regular sessions", expect(refused=["regular"])),
    ("when needed", expect(refused=["when needed"])),
    ("up to 3 times a week", expect(refused=["up to 3 times a week"])),
    ("access to a TA", expect(refused=["access to"])),
    ("ongoing", expect(refused=["ongoing"])),
    ("as appropriate", expect(refused=["as appropriate"])),
    ("at least weekly", expect(frequency=(1, "week"), refused=["at least weekly"])),
    ("2-3 times a week", expect(refused=["2-3 times a week"])),
    ("2–3 times a week", expect(refused=["2–3 times a week"])),
    ("each lesson", expect(refused=["each lesson"])),
    ("group of up to 3", expect(refused=["group of up to 3"])),
    ("small group of 4-6", expect(refused=["small group of 4-6"])),
    ("small group", expect(refused=["small group"])),
    ("weekly SALT and daily TA support", expect(refused=["weekly SALT and daily"])),
    ("2 x 30 minutes", expect(duration=30, refused=["2 x"])),
    ("6 sessions of 45 minutes", expect(duration=45, refused=["6 sessions"])),
    ("every 3 weeks for 1 hour", expect(duration=60, refused=["every 3 weeks"])),
    ("several times a week", expect(refused=["several"])),
    ("bi-weekly 30 minutes", expect(duration=30, refused=["bi-weekly"])),
    ("high adult:child ratio", expect(refused=["high adult:child ratio"])),
    ("1:1 or 2:1", expect(refused=["1:1 or 2:1"])),
    ("up to an hour a week", expect(refused=["up to an hour a week"])),
    ("between 30 and 45 minutes weekly", expect(refused=["between 30 and 45 minutes weekly"])),
    ("one or two sessions weekly", expect(refused=["one or two sessions weekly"])),
    ("about 30 minutes daily", expect(frequency=(1, "day"), duration=30, refused=["about 30 minutes daily"])),
    ("a minimum of 3 hours per week", expect(hours=(3.0, "week"), refused=["a minimum of 3 hours per week"])),
    ("no more than 4 pupils", expect(refused=["no more than 4 pupils"])),
    ("term-time only, all year round", expect(refused=["term-time only, all year round"])),
    ("0 minutes weekly", expect(frequency=(1, "week"), refused=["0 minutes"])),
]


@pytest.mark.parametrize(("text", "expected"), READ, ids=[text[:60] for text, _ in READ])
def test_each_real_world_phrasing_is_read_into_the_structured_fields(text, expected):
    assert summary(parse_quantity(text)) == expected


@pytest.mark.parametrize(("text", "expected"), REFUSED, ids=[text[:60] for text, _ in REFUSED])
def test_each_doubtful_phrasing_is_refused_with_its_phrase(text, expected):
    parse = parse_quantity(text)
    assert summary(parse) == expected
    assert all(refusal.reason.strip() for refusal in parse.refusals)


def test_the_tables_hold_at_least_forty_phrasings_and_ten_refusals():
    assert len(READ) + len(REFUSED) >= 40
    assert len(REFUSED) >= 10


# -- spans -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [text for text, _ in READ + REFUSED])
def test_the_text_at_each_span_is_the_phrase_reported(text):
    parse = parse_quantity(text)
    for found in parse.refusals + parse.matches:
        start, end = found.span
        assert text[start:end] == found.phrase


def test_matches_locate_each_part_of_a_full_provision():
    text = "SALT, 1:1, 2 sessions per week of 45 minutes, term time only"
    found = [(m.what, m.phrase) for m in parse_quantity(text).matches]
    assert found == [
        ("ratio", "1:1"),
        ("frequency", "2 sessions per week"),
        ("duration", "45 minutes"),
        ("term_time", "term time only"),
    ]


def test_a_refusal_is_located_where_the_vague_phrase_stands():
    text = "Speech therapy as required"
    (refusal,) = parse_quantity(text).refusals
    assert refusal == Refusal("as required", (15, 26), refusal.reason)


def test_two_different_frequencies_are_refused_naming_both():
    (refusal,) = parse_quantity("weekly 30 minutes, and daily 10 minutes").refusals[:1]
    assert "'weekly'" in refusal.reason and "'daily'" in refusal.reason


def test_a_frequency_that_conflicts_is_still_listed_among_the_matches():
    parse = parse_quantity("weekly or daily")
    assert parse.frequency is None
    assert [m.phrase for m in parse.matches if m.what == "frequency"] == ["weekly", "daily"]


# -- the values are the model's own types ------------------------------------------------------------------


def test_the_fields_hold_the_models_own_types():
    parse = parse_quantity("2 x 30 minutes weekly, 1:1, 6 hours per week, group of 3, term time only")
    assert parse.frequency == Frequency(count=2, period=FrequencyPeriod.WEEK)
    assert parse.ratio == StaffRatio(staff=1, learners=1)
    assert parse.hours == Hours(hours=6, period=FrequencyPeriod.WEEK)
    assert (parse.duration_minutes, parse.group_size, parse.term_time_only) == (30, 3, True)


def test_an_up_to_ceiling_is_reported_without_inventing_a_figure():
    parse = parse_quantity("in a group of up to 3, up to 30 minutes")
    assert parse.group_size is None and parse.duration_minutes is None
    assert [r.phrase for r in parse.refusals] == ["group of up to 3", "up to 30 minutes"]


def test_an_at_least_floor_keeps_the_minimum_but_is_refused():
    parse = parse_quantity("at least 2 sessions per week of 30 minutes")
    assert parse.frequency == Frequency(count=2, period=FrequencyPeriod.WEEK)
    assert parse.duration_minutes == 30
    assert [r.phrase for r in parse.refusals] == ["at least 2 sessions per week"]
    assert not parse.quantified


# -- quantified --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2 x 30 minutes weekly",
        "weekly 1 hour session",
        "2 hours a day, 5 days a week",
        "one-off assessment of 2 hours",
    ],
)
def test_a_provision_with_how_often_and_how_long_is_quantified(text):
    assert parse_quantity(text).quantified


@pytest.mark.parametrize(
    "text",
    [
        "weekly",  # how often, but not how long
        "45 minutes",  # how long, but not how often
        "6 hours per week",  # the hours, but not how often: EHCP-F001 asks for frequency and session length
        "weekly sessions of 30 minutes as required",  # both, but with a refusal
        "at least weekly for 30 minutes",  # a floor is refused
        "",
    ],
)
def test_a_provision_missing_how_often_or_how_long_or_with_a_refusal_is_not_quantified(text):
    assert not parse_quantity(text).quantified


# -- ratios whose words say which figure is which ---------------------------------------------------------

# "2:1" alone is read the SEND way, adults first; words beside it that name the roles win.
RATIO_WORDS = [
    ("2:1", (2, 1)),
    ("2:1 (two adults to one learner)", (2, 1)),
    ("2:1 (two learners to one adult)", (1, 2)),
    ("3:1 (three pupils to one teaching assistant)", (1, 3)),
    ("4:1 – four children per adult", (1, 4)),
    ("2:1 (two students to an adult)", (1, 2)),
    ("ratio 2:1 (2 children : 1 adult)", (1, 2)),
    ("2:1 (pupils:staff)", (1, 2)),
    ("2:1 adults to pupil", (2, 1)),
    ("pupil to adult ratio of 2:1", (1, 2)),
    ("adult:pupil ratio 1:3", (1, 3)),
    ("1:1 (one adult to one child)", (1, 1)),
    ("2 pupils to 1 adult", (1, 2)),
    ("two learners to one TA", (1, 2)),
    ("three children per adult", (1, 3)),
    ("1 adult to 2 pupils", (1, 2)),
]


@pytest.mark.parametrize(("text", "ratio"), RATIO_WORDS, ids=[text for text, _ in RATIO_WORDS])
def test_a_ratio_is_read_as_its_words_say_and_adults_first_without_words(text, ratio):
    parse = parse_quantity(text)
    assert (parse.ratio.staff, parse.ratio.learners) == ratio
    assert parse.refusals == ()


def test_a_ratio_in_a_whole_provision_is_read_as_its_words_say_beside_the_other_fields():
    parse = parse_quantity("Life skills, 2:1 (two learners to one adult), 2 x 45 minutes weekly")
    assert summary(parse) == expect(frequency=(2, "week"), duration=45, ratio=(1, 2))
    assert [m.phrase for m in parse.matches if m.what == "ratio"] == ["2:1 (two learners to one adult)"]


@pytest.mark.parametrize(("text", "reason"), [
    ("2:1 (three pupils to one adult)", "other figures"),
    ("2:1 (two learners to one learner)", "do not name both"),
    ("2:1 staff to adults", "do not name both"),
])
def test_a_ratio_whose_words_contradict_it_or_name_one_role_is_refused(text, reason):
    parse = parse_quantity(text)
    assert parse.ratio is None
    assert [r.phrase for r in parse.refusals] == [text] and reason in parse.refusals[0].reason


def test_a_time_or_a_ratio_word_that_names_no_role_is_not_read_as_an_explanation():
    assert parse_quantity("1:1 with a TA").ratio == StaffRatio(staff=1, learners=1)
    assert parse_quantity("from 9:30 to 10:00, pupils to adults").ratio is None


NUMBER_WORDS = ["one", "two", "three", "four", "five", "six"]
LEARNER_WORDS = ["learners", "pupils", "children", "students"]
STAFF_WORDS = ["adults", "staff", "TAs", "teaching assistants"]


@given(st.integers(1, 6), st.integers(1, 6), st.sampled_from(LEARNER_WORDS), st.sampled_from(STAFF_WORDS),
       st.booleans(), st.booleans())
def test_the_roles_in_words_decide_the_ratio_whichever_comes_first(staff, learners, learner, adult, adults_first,
                                                                   in_figures):
    """"a:b (… to …)" and "… to …" alone give the same staff and learners, whichever role the words name first."""
    if adults_first:
        figures, words = f"{staff}:{learners}", f"{NUMBER_WORDS[staff - 1]} {adult} to {NUMBER_WORDS[learners - 1]} "
        words += learner
    else:
        figures, words = f"{learners}:{staff}", f"{NUMBER_WORDS[learners - 1]} {learner} to {NUMBER_WORDS[staff - 1]} "
        words += adult
    parse = parse_quantity(f"{figures} ({words})" if in_figures else words)
    assert parse.ratio == StaffRatio(staff=staff, learners=learners)
    assert parse.refusals == ()


@given(st.integers(1, 99), st.integers(1, 999))
def test_a_ratio_in_figures_alone_is_read_adults_first(first, second):
    assert parse_quantity(f"{first}:{second} support").ratio == StaffRatio(staff=first, learners=second)


# -- properties --------------------------------------------------------------------------------------------

VOCABULARY = [
    "2",
    "x",
    "×",
    "30",
    "minutes",
    "mins",
    "hour",
    "hours",
    "an",
    "a",
    "half",
    "and",
    "per",
    "week",
    "weekly",
    "daily",
    "twice",
    "three",
    "times",
    "sessions",
    "of",
    "group",
    "up to",
    "at least",
    "1:1",
    "2:1",
    "-",
    "–",
    "term time",
    "only",
    "every",
    "other",
    "fortnight",
    "half term",
    "one-off",
    "as required",
    "small",
    "pupils",
    "1 adult to",
    "(two learners to one adult)",
    "adults",
    "between",
    "to",
    "or",
    "9:30",
    "½",
    "1.5",
    "0",
    "99999",
    "twenty-five",
    "p/w",
    "/",
    ",",
]
phrases = st.lists(st.sampled_from(VOCABULARY), max_size=14).map(" ".join)


def check_well_formed(text: str, parse: QuantityParse) -> None:
    """Assert every span lies within the text and slices to its phrase."""
    assert parse.text == text
    for found in parse.refusals + parse.matches:
        start, end = found.span
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == found.phrase
    assert all(isinstance(m, Match) for m in parse.matches)


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_parse_quantity_never_raises_on_arbitrary_text_and_every_span_lies_within_it(text):
    check_well_formed(text, parse_quantity(text))


@settings(max_examples=500)
@given(phrases)
def test_parse_quantity_never_raises_on_jumbled_provision_wording_and_every_span_lies_within_it(text):
    parse = parse_quantity(text)
    check_well_formed(text, parse)
    assert parse.quantified == (
        parse.frequency is not None
        and (parse.duration_minutes is not None or parse.hours is not None)
        and not parse.refusals
    )
