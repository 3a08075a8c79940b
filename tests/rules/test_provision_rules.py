"""EHCP-F001 to F006 and G001: provision is quantified, names who gives it, avoids vague words, sits in F when it
educates, is not hidden in section A or carried-over text, and G states its hours."""

from __future__ import annotations

from typing import Any

import pytest

from ehcp_standard.rules import REGISTRY, CheckContext, Finding, Severity
from ehcp_standard.rules.provision import VAGUE_PHRASES, find_vague_phrases, vague_wording_hits
from tests.rules.builders import AS_OF, base_plan_data, run_rule, to_plan

CI = "/special_educational_needs/communication_interaction"
F004_MESSAGE = ("\"{}\" in provision {} is vague: say exactly what will be provided, by whom, how often and for how "
                "long (Worcestershire CC v SE [2020] UKUT 217 (AAC))")


def warning(rule_id: str, section: str, pointer: str, message: str, **extra: Any) -> Finding:
    return Finding(rule_id, Severity.WARNING, section, pointer, message, **extra)


def first_f(data: dict[str, Any]) -> dict[str, Any]:
    """Return F-CI-1, the base plan's Lego-based social communication group."""
    return data["special_educational_needs"]["communication_interaction"]["provision"][0]


def first_g(data: dict[str, Any]) -> dict[str, Any]:
    """Return G-1, the base plan's paediatric review."""
    return data["health"]["provision"][0]


# -- EHCP-F001 -------------------------------------------------------------------------------------------------


def test_provision_giving_how_often_and_how_long_passes_f001():
    assert run_rule("EHCP-F001", base_plan_data()) == []


def test_provision_with_neither_frequency_nor_duration_fails_f001():
    data = base_plan_data()
    item = first_f(data)
    del item["frequency"], item["duration_minutes"]
    item["description"] = "Structured social communication group using Lego-based play."
    assert run_rule("EHCP-F001", data) == [
        warning("EHCP-F001", "F", f"{CI}/provision/0", "Provision F-CI-1 does not say how often or how long each "
                "session lasts: give both, e.g. \"2 sessions a week, 30 minutes each\" (CoP 9.69)"),
    ]


def test_provision_with_a_frequency_but_no_duration_fails_f001_naming_the_duration():
    data = base_plan_data()
    del first_f(data)["duration_minutes"]
    first_f(data)["description"] = "Structured social communication group using Lego-based play."
    (found,) = run_rule("EHCP-F001", data)
    assert found.message.startswith("Provision F-CI-1 does not say how long each session lasts: give both")


def test_provision_given_as_sessions_a_week_and_total_hours_passes_f001():
    data = base_plan_data()
    del first_f(data)["duration_minutes"]
    first_f(data)["hours"] = {"hours": 1, "period": "week"}  # 2 sessions a week, so 30 minutes each
    assert run_rule("EHCP-F001", data) == []


def test_provision_given_only_as_total_hours_fails_f001_for_not_saying_how_often():
    data = base_plan_data()
    item = first_f(data)
    del item["frequency"], item["duration_minutes"]
    item["hours"] = {"hours": 1, "period": "week"}
    item["description"] = "Structured social communication group using Lego-based play."
    (found,) = run_rule("EHCP-F001", data)
    assert found.message.startswith("Provision F-CI-1 does not say how often: give both")


def test_provision_quantified_only_in_its_description_passes_f001():
    data = base_plan_data()
    item = first_f(data)
    del item["frequency"], item["duration_minutes"]
    item["description"] = "Lego-based social communication group, 2 x 30 minutes weekly."
    assert run_rule("EHCP-F001", data) == []


@pytest.mark.parametrize("description", [
    "Lego-based social communication group, up to 3 times a week for 30 minutes.",
    "Lego-based social communication group, 30 minutes as required.",
])
def test_a_description_whose_quantity_the_parser_refuses_fails_f001(description):
    data = base_plan_data()
    item = first_f(data)
    del item["frequency"], item["duration_minutes"]
    item["description"] = description
    (found,) = run_rule("EHCP-F001", data)
    assert found.message.startswith("Provision F-CI-1 does not say how often: give both")


# -- EHCP-F002 -------------------------------------------------------------------------------------------------


def test_provision_naming_its_provider_and_their_expertise_passes_f002():
    assert run_rule("EHCP-F002", base_plan_data()) == []


def test_provision_without_the_providers_qualification_fails_f002():
    data = base_plan_data()
    del first_f(data)["qualification"]
    assert run_rule("EHCP-F002", data) == [
        warning("EHCP-F002", "F", f"{CI}/provision/0", "Provision F-CI-1 does not say their qualification or level of "
                "expertise: name the role and the qualification or expertise needed, e.g. \"HCPC-registered speech "
                "and language therapist\" (CoP 9.69)"),
    ]


def test_provision_naming_no_one_fails_f002_for_both_prompts():
    data = base_plan_data()
    del first_f(data)["qualification"], first_f(data)["provider_role"]
    (found,) = run_rule("EHCP-F002", data)
    assert found.message.startswith("Provision F-CI-1 does not say who will provide it or their qualification")


# -- EHCP-F003 -------------------------------------------------------------------------------------------------


def test_provision_with_a_group_size_passes_f003():
    assert run_rule("EHCP-F003", base_plan_data()) == []


def test_provision_with_no_ratio_or_group_size_fails_f003():
    data = base_plan_data()
    del first_f(data)["group_size"]
    first_f(data)["description"] = "Structured social communication group using Lego-based play."
    assert run_rule("EHCP-F003", data) == [
        warning("EHCP-F003", "F", f"{CI}/provision/0", "Provision F-CI-1 gives no staff ratio or group size: say e.g. "
                "\"1:1\" or \"in a group of 4\" (template prompt 3)"),
    ]


def test_provision_giving_its_group_size_only_in_its_description_passes_f003():
    data = base_plan_data()
    del first_f(data)["group_size"]
    first_f(data)["description"] = "Structured social communication group using Lego-based play, in a group of 4."
    assert run_rule("EHCP-F003", data) == []


# -- EHCP-F004 -------------------------------------------------------------------------------------------------


def test_specific_provision_passes_f004():
    assert run_rule("EHCP-F004", base_plan_data()) == []


def test_vague_provision_fails_f004_with_each_phrase_and_its_position():
    data = base_plan_data()
    pointer = f"{CI}/provision/1/description"
    data["special_educational_needs"]["communication_interaction"]["provision"][1]["description"] = (
        "Access to speech and language therapy as required."
    )
    assert run_rule("EHCP-F004", data) == [
        warning("EHCP-F004", "F", pointer, F004_MESSAGE.format("Access to", "F-CI-2"), phrase="Access to",
                span=(0, 9)),
        warning("EHCP-F004", "F", pointer, F004_MESSAGE.format("as required", "F-CI-2"), phrase="as required",
                span=(38, 49)),
    ]


def test_support_as_the_whole_description_fails_f004():
    data = base_plan_data()
    first_g(data)["description"] = "Support."
    assert run_rule("EHCP-F004", data) == [
        warning("EHCP-F004", "F", "/health/provision/0/description", F004_MESSAGE.format("Support", "G-1"),
                phrase="Support", span=(0, 7)),
    ]


@pytest.mark.parametrize("text, expected", [
    ("Support", [("Support", (0, 7))]),
    ("Speech and language support from a therapist", []),
    ("Opportunities for play", [("Opportunities for", (0, 17))]),
    ("Work in a small group", [("small group", (10, 21))]),
    ("Work in a small group of 4", []),
    ("Work in a small group (maximum 6)", []),
    ("small-group work", [("small-group", (0, 11))]),
    ("Regularly, up to 3 times a week", [("Regularly", (0, 9)), ("up to", (11, 16))]),
    ("Keep the plan up to date", []),
    ("From May 2027 the assistant may check", [("may", (28, 31))]),
    ("May include phonics, e.g. Read Write Inc. etc.", [("May", (0, 3)), ("e.g.", (21, 25)), ("etc.", (42, 46))]),
    ("A key adult and key adults", [("key adult", (2, 11)), ("key adults", (16, 26))]),
    ("Staff should check; a high adult:child ratio", [("should", (6, 12)), ("high adult:child ratio", (22, 44))]),
    ("Some sessions could be ongoing where possible", [
        ("Some", (0, 4)), ("could", (14, 19)), ("ongoing", (23, 30)), ("where possible", (31, 45))]),
    ("Theo would benefit from input or equivalent interventions such as a range of games", [
        ("would benefit from", (5, 23)), ("input", (24, 29)), ("or equivalent", (30, 43)),
        ("interventions", (44, 57)), ("such as", (58, 65)), ("a range of", (66, 76))]),
    ("Handsome input", [("input", (9, 14))]),
])
def test_find_vague_phrases_finds_whole_words_and_phrases(text, expected):
    assert find_vague_phrases(text) == expected


def test_should_is_vague_only_in_provision_text():
    assert find_vague_phrases("Theo should be proud", provision=False) == []


def test_small_group_with_a_group_size_in_its_fields_is_not_vague():
    data = base_plan_data()
    first_f(data)["description"] = "Lego-based play in a small group."  # group_size is 4
    assert run_rule("EHCP-F004", data) == []


def test_the_vague_word_list_can_be_replaced_for_one_run():
    plan = to_plan(base_plan_data())
    hits = list(vague_wording_hits(plan, ("engineer",)))
    assert [(hit.pointer, hit.phrase, hit.span) for hit in hits] == [
        (f"{CI}/provision/0/description", "engineer", (149, 157)),
    ]


def test_a_check_context_carrying_vague_phrases_overrides_the_list():
    context = CheckContext(as_of=AS_OF, vague_phrases=VAGUE_PHRASES + ("engineer",))
    findings = list(REGISTRY["EHCP-F004"].run(to_plan(base_plan_data()), context))
    assert [(f.pointer, f.phrase) for f in findings] == [(f"{CI}/provision/0/description", "engineer")]


# -- EHCP-F005 -------------------------------------------------------------------------------------------------


def test_health_provision_that_is_medical_passes_f005():
    assert run_rule("EHCP-F005", base_plan_data()) == []


def test_speech_and_language_therapy_in_g_fails_f005():
    data = base_plan_data()
    first_g(data)["description"] = "Speech and language therapy programme for conversation skills."
    assert run_rule("EHCP-F005", data) == [
        warning("EHCP-F005", "F", "/health/provision/0/description", "Provision G-1 in G looks educational (\"Speech "
                "and language therapy\"): provision that educates or trains is special educational provision and must "
                "be in F to be enforceable (CFA s.21(5)); move it to F, or make clear that it is health or care "
                "provision", phrase="Speech and language therapy", span=(0, 27)),
    ]


@pytest.mark.parametrize("description", [
    "Literacy lessons at home with a tutor.",
    "Independent travel training on the bus route to school.",
    "An OT programme for handwriting.",
])
def test_teaching_and_training_in_g_are_flagged_by_f005(description):
    data = base_plan_data()
    first_g(data)["description"] = description
    (found,) = run_rule("EHCP-F005", data)
    assert found.pointer == "/health/provision/0/description"


@pytest.mark.parametrize("description", [
    "Swallowing assessment by the speech and language therapist, with an eating and drinking plan.",
    "Wheelchair review by the occupational therapist, with an occupational therapy programme for seating.",
    "24-hour postural management programme taught to his carers.",
])
def test_clearly_medical_therapy_in_g_passes_f005(description):
    data = base_plan_data()
    first_g(data)["description"] = description
    assert run_rule("EHCP-F005", data) == []


# -- EHCP-F006 -------------------------------------------------------------------------------------------------


def test_a_plan_with_no_provision_outside_f_g_and_h_passes_f006():
    assert run_rule("EHCP-F006", base_plan_data()) == []


def test_provision_written_in_a1_with_no_counterpart_fails_f006():
    data = base_plan_data()
    history = data["section_a"]["a1"]["history"]
    sentence = "Theo will receive 3 hours of precision teaching in phonics each week."
    data["section_a"]["a1"]["history"] = f"{history}\n\n{sentence}"
    start = len(history) + 2
    assert run_rule("EHCP-F006", data) == [
        Finding("EHCP-F006", Severity.ERROR, "F", "/section_a/a1/history", f"Section A1 contains provision with no "
                f"counterpart in F, G or H (\"{sentence}\"): provision outside F, G and H cannot be enforced; add it "
                "to F (or G, H1, H2) or take it out (Regs 12(1))",
                phrase=sentence, span=(start, start + len(sentence))),
    ]


def test_a_sentence_with_a_decimal_amount_and_an_abbreviation_is_read_whole_by_f006():
    data = base_plan_data()
    sentence = "Theo will receive 1.5 hours of hydrotherapy each week, e.g. at the leisure centre."
    data["section_a"]["a1"]["history"] = sentence
    (found,) = run_rule("EHCP-F006", data)
    assert (found.phrase, found.span) == (sentence, (0, len(sentence)))


def test_provision_in_a2_that_f_already_makes_passes_f006():
    data = base_plan_data()
    data["section_a"]["a2"]["views"] += ("\nHis parents said he will receive speech and language therapy for 45 "
                                         "minutes every fortnight.")
    assert run_rule("EHCP-F006", data) == []


@pytest.mark.parametrize("history", [
    "Theo had horse riding lessons once a week in Year 1.",
    "In Year 2 he received 20 minutes of precision teaching daily.",
    "Horse riding was provided weekly by a charity until 2025.",
])
def test_past_provision_told_as_history_in_a1_passes_f006(history):
    data = base_plan_data()
    data["section_a"]["a1"]["history"] = history
    assert run_rule("EHCP-F006", data) == []


def test_carried_over_content_suggested_for_f_with_no_counterpart_fails_f006():
    data = base_plan_data()
    text = "Riding for the Disabled, one hour every fortnight"
    data["carried_over"] = [{"text": text, "source": {"location": "paragraph 41"}, "suggested_section": "F"}]
    assert run_rule("EHCP-F006", data) == [
        Finding("EHCP-F006", Severity.ERROR, "F", "/carried_over/0/text", f"Carried-over content contains provision "
                f"with no counterpart in F, G or H (\"{text}\"): provision outside F, G and H cannot be enforced; add "
                "it to F (or G, H1, H2) or take it out (Regs 12(1))", phrase=text, span=(0, len(text))),
    ]


def test_carried_over_history_that_is_not_provision_passes_f006():
    data = base_plan_data()
    data["carried_over"] = [{"text": "Theo attended a parent and toddler group twice a week in 2020.",
                             "source": {"location": "paragraph 3"}}]
    assert run_rule("EHCP-F006", data) == []


# -- EHCP-G001 -------------------------------------------------------------------------------------------------


def test_health_provision_stating_hours_passes_g001():
    assert run_rule("EHCP-G001", base_plan_data()) == []


def test_health_provision_giving_how_often_and_how_long_passes_g001_without_total_hours():
    data = base_plan_data()
    del first_g(data)["hours"]
    assert run_rule("EHCP-G001", data) == []


def test_health_provision_stating_its_hours_only_in_its_description_passes_g001():
    data = base_plan_data()
    del first_g(data)["hours"], first_g(data)["frequency"]
    first_g(data)["description"] = "Review by the community paediatrician of Theo's sleep, 1 hour per year."
    assert run_rule("EHCP-G001", data) == []


def test_health_provision_with_no_hours_fails_g001():
    data = base_plan_data()
    del first_g(data)["hours"], first_g(data)["frequency"]
    first_g(data)["description"] = "Review by the community paediatrician of Theo's sleep and general health."
    assert run_rule("EHCP-G001", data) == [
        warning("EHCP-G001", "G", "/health/provision/0", "Health provision G-1 does not state its hours: give the "
                "hours over a period, e.g. \"6 hours a year\", or how often and how long each time (DfE template: "
                "hours must be specified for G)"),
    ]
