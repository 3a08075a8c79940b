"""Profiles: loading, validation errors, inheritance and detection. Profiles under test are written to tmp_path."""

from __future__ import annotations

import json

import pytest

from ehcp_standard.convert import read_legacy_docx
from ehcp_standard.convert.profile import (
    ProfileError,
    builtin_profiles,
    detect_profile,
    detection_profiles,
    load_profile,
    signature_score,
)
from ehcp_standard.errors import EhcpError

from .test_sections import ARCHETYPES, SAMPLE_FILES, SAMPLES, build

BUILT_IN = ["generic", "parts_numbering", "per_area_tables", "sequential_first_person", "two_column_strengths"]


def write(tmp_path, text: str, name: str = "my-council.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path) -> str:
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    return str(caught.value)


def test_the_built_in_profiles_load_with_generic_first():
    assert list(builtin_profiles()) == BUILT_IN


def test_every_built_in_council_profile_extends_generic_and_has_signatures():
    for name, profile in builtin_profiles().items():
        if name != "generic":
            assert profile.extends == "generic"
            assert len(profile.detection.signatures) >= 5


def test_a_profile_error_is_an_ehcp_error_naming_the_file(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nheadingz: {}\n")
    with pytest.raises(EhcpError, match="my-council.yaml"):
        load_profile(path)


def test_an_unknown_key_is_rejected_with_its_key_path(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\ncolumns:\n  provison: [Provision]\n")
    assert error_of(path) == f"{path}: columns.provison: unknown key (check its spelling against generic.yaml)"


def test_a_value_of_the_wrong_shape_says_what_was_expected_and_what_was_found(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nfuzzy_threshold: very\n")
    message = error_of(path)
    assert "fuzzy_threshold: Input should be a valid integer" in message and "got 'very'" in message


def test_an_unknown_target_section_is_rejected(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nheadings:\n  Z: [Zebra]\n")
    assert "headings.Z.[key]: Value error, expected a target such as 'B'" in error_of(path)


def test_an_unknown_area_is_rejected(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nareas:\n  maths: [Maths]\n")
    assert "areas: expected only communication_and_interaction" in error_of(path)


def test_a_furniture_pattern_must_be_a_regular_expression(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nfurniture: ['PAGE (']\n")
    assert "furniture.0: Value error, expected a regular expression, got 'PAGE ('" in error_of(path)


def test_a_file_that_is_not_yaml_is_reported(tmp_path):
    path = write(tmp_path, "name: [unclosed\n")
    assert "is not valid YAML" in error_of(path)


def test_a_file_that_is_not_a_mapping_is_reported(tmp_path):
    path = write(tmp_path, "- a list\n")
    assert error_of(path) == f"{path}: expected a mapping of profile keys, got list"


def test_a_missing_file_and_an_unknown_built_in_are_reported():
    assert error_of("nowhere/council.yaml") == "nowhere/council.yaml: no such profile file"
    assert "no built-in profile of that name; expected one of generic," in error_of("suffolk")


def test_a_child_profile_adds_to_its_parents_lists_child_first(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\nheadings:\n  B: [Learning needs]\n")
    profile = load_profile(path)
    generic = load_profile("generic")
    assert profile.headings["B"] == ["Learning needs"] + generic.headings["B"]
    assert profile.headings["K"] == generic.headings["K"]
    assert profile.name == "x" and profile.detection.signatures == []


def test_a_child_profile_replaces_its_parents_scalars(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\nfuzzy_threshold: 80\n")
    assert load_profile(path).fuzzy_threshold == 80


def test_a_profile_may_extend_another_file_beside_it(tmp_path):
    write(tmp_path, "name: base\ndescription: b\nextends: generic\nheadings:\n  C: [Medical]\n", "base.yaml")
    path = write(tmp_path, "name: child\ndescription: c\nextends: base.yaml\nheadings:\n  C: [Wellbeing]\n")
    assert load_profile(path).headings["C"][:2] == ["Wellbeing", "Medical"]


def test_a_cycle_of_extends_is_reported(tmp_path):
    write(tmp_path, "name: a\ndescription: a\nextends: b.yaml\n", "a.yaml")
    write(tmp_path, "name: b\ndescription: b\nextends: a.yaml\n", "b.yaml")
    assert "extends: a cycle of profiles" in error_of(tmp_path / "a.yaml")


def test_a_child_profile_used_for_section_finding_recognises_its_own_labels(tmp_path):
    from ehcp_standard.convert.sections import find_sections

    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\nheadings:\n  B: [What makes learning hard]\n")
    document = read_legacy_docx(build([("h1", "What makes learning hard", None)]), source="f.docx")
    assert find_sections(document, load_profile(path)).placements[0].section == "B"


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_detection_picks_the_built_in_profile_of_each_archetype_fixture(archetype):
    document = read_legacy_docx(build(ARCHETYPES[archetype]), source=f"{archetype}.docx")
    profile, score, evidence = detect_profile(document)
    assert profile.name == archetype
    assert score >= 0.4 and evidence


def test_detection_falls_back_to_generic_with_no_evidence():
    document = read_legacy_docx(build([("h1", "Section B", None), ("p", "Text.", None)]), source="x.docx")
    profile, score, evidence = detect_profile(document)
    assert (profile.name, score, evidence) == ("generic", 0.0, [])


def test_the_signature_score_is_the_share_of_signatures_found():
    profile = load_profile("per_area_tables")
    score, found = signature_score(profile, ["WHICH NEED DOES THIS PROVISION MEET", "Medium term outcomes"])
    assert found == ["Which Need Does This Provision Meet", "Medium Term Outcomes"]
    assert score == pytest.approx(2 / len(profile.detection.signatures))


@pytest.mark.skipif(not SAMPLE_FILES, reason=f"no legacy samples in {SAMPLES}")
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_detection_picks_the_built_in_profile_named_by_each_sample(path):
    document = read_legacy_docx(path.read_bytes(), source=path.name)
    profile, score, _ = detect_profile(document)
    print(f"{path.stem}: {profile.name} {score:.2f}")
    assert profile.name == path.stem.split("__")[0]


# --- the details labels (``labels``) ------------------------------------------------------------------------------


def test_the_generic_profile_holds_the_details_labels_every_layout_shares():
    labels = load_profile("generic").labels
    assert "Forename" in labels.personal_details.forename and "DOB" in labels.personal_details.date_of_birth
    assert "GP" in labels.services.gp and "Review by" in labels.metadata.next_review_due
    assert "Parent or carer 1" in labels.contacts and "Signed" in labels.sign_off and "mother" in labels.relationships
    assert "dyslexia" in labels.sen_types.SPLD and "psycholog" in labels.advice_kinds.educational_psychologist
    assert {tag: kind.value for tag, kind in labels.advice_tags.items()} == {
        "k1": "educational", "k2": "medical", "k3": "social_care"}


def test_every_built_in_word_profile_reads_details_with_generics_labels():
    generic = load_profile("generic").labels
    for name, profile in builtin_profiles().items():
        assert profile.labels == generic, name


def test_a_child_profile_adds_details_labels_before_its_parents_and_keeps_the_rest(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\nlabels:\n  personal_details:\n"
                           "    forename: [Pupil's forename]\n  contacts: [Key worker]\n")
    profile, generic = load_profile(path), load_profile("generic")
    assert profile.labels.personal_details.forename == ["Pupil's forename"] + generic.labels.personal_details.forename
    assert profile.labels.contacts == ["Key worker"] + generic.labels.contacts
    assert profile.labels.personal_details.surname == generic.labels.personal_details.surname
    assert profile.labels.services == generic.labels.services


def test_a_grandchild_profile_inherits_its_parents_added_labels(tmp_path):
    write(tmp_path, "name: base\ndescription: b\nextends: generic\nlabels:\n  services:\n"
                    "    professionals: [Team around the child]\n", "base.yaml")
    path = write(tmp_path, "name: child\ndescription: c\nextends: base.yaml\nlabels:\n  services:\n"
                           "    professionals: [Key worker]\n")
    assert load_profile(path).labels.services.professionals[:3] == [
        "Key worker", "Team around the child", "Professionals involved"]


def test_an_unknown_details_field_is_rejected_with_its_key_path(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\nlabels:\n  personal_details:\n"
                           "    first_name: [Pupil's forename]\n")
    assert error_of(path) == (f"{path}: labels.personal_details.first_name: unknown key (check its spelling against "
                              "generic.yaml)")


def test_details_labels_of_the_wrong_shape_say_what_was_expected_and_what_was_found(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nlabels:\n  contacts: Key worker\n  advice_kinds:\n"
                           "    medical: ['physio(']\n  advice_tags: {k4: teacher}\n")
    message = error_of(path)
    assert "labels.contacts: Input should be a valid list; got 'Key worker'" in message
    assert "labels.advice_kinds.medical.0: Value error, expected a regular expression, got 'physio('" in message
    assert "labels.advice_tags.k4: Input should be 'parent_or_young_person'" in message and "got 'teacher'" in message


def test_a_label_under_two_fields_of_one_table_is_rejected_naming_both(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\nlabels:\n  personal_details:\n"
                           "    forename: [Date of birth]\n")
    assert error_of(path) == (
        f"{path}: labels.personal_details: Value error, expected each label under one field, got 'Date of birth' "
        "under both forename and date_of_birth (to move a label the parent profile has, name its list under "
        "'replace': see docs/converting.md)")


def test_replace_starts_the_named_lists_afresh_instead_of_adding_to_the_parents(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\n"
                           "replace: [labels.personal_details.date_of_birth, headings.A.history, labels.contacts]\n"
                           "labels:\n  personal_details:\n    forename: [Date of birth]\n"
                           "    date_of_birth: [Born]\n")
    profile, generic = load_profile(path), load_profile("generic")
    assert profile.labels.personal_details.date_of_birth == ["Born"]
    assert profile.labels.personal_details.forename == ["Date of birth"] + generic.labels.personal_details.forename
    assert "A.history" not in profile.headings and profile.labels.contacts == []
    assert profile.headings["B"] == generic.headings["B"]


def test_replace_of_a_key_the_parent_lacks_or_without_a_parent_is_rejected(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\nreplace: [labels.personal_details.nickname]\n")
    assert error_of(path) == (f"{path}: replace: expected the key path of a list or mapping the parent profile "
                              "generic has (such as labels.personal_details.forename or headings.F), got "
                              "'labels.personal_details.nickname'")
    path = write(tmp_path, "name: x\ndescription: y\nreplace: [labels.contacts]\n")
    assert "replace: expected only in a profile that extends another" in error_of(path)
    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\nreplace: labels.contacts\n")
    assert "replace: expected a list of key paths" in error_of(path)


# --- a council's own profiles in detection ------------------------------------------------------------------------


def council(name: str, *signatures: str) -> str:
    """A council's own profile named ``name`` with ``signatures``."""
    return f"name: {name}\ndescription: ours\nextends: generic\ndetection:\n  signatures: {json.dumps(signatures)}\n"


def test_detection_profiles_puts_a_councils_own_profiles_before_the_built_in_ones(tmp_path):
    own = write(tmp_path, council("ours", "What makes learning hard"))
    assert list(detection_profiles([own])) == ["ours", *BUILT_IN]
    assert list(detection_profiles()) == BUILT_IN


def test_detection_profiles_reads_every_yaml_file_of_a_folder_and_leaves_export_profiles_out(tmp_path):
    write(tmp_path, council("new-template", "Getting to know me"), "b.yaml")
    write(tmp_path, council("old-template", "All about Ada"), "a.yml")
    write(tmp_path, "name: our-export\ndescription: e\nextends: case_management_export\n", "c.yaml")
    write(tmp_path, "not a profile", "notes.txt")
    assert list(detection_profiles([tmp_path]))[:3] == ["old-template", "new-template", "generic"]


def test_two_council_profiles_with_one_name_are_reported(tmp_path):
    first = write(tmp_path, council("ours", "A"), "a.yaml")
    second = write(tmp_path, council("ours", "B"), "b.yaml")
    with pytest.raises(ProfileError, match=r"b\.yaml: name: expected each council profile to have its own name, "
                                           rf"got 'ours' again \(also in {first}\)"):
        detection_profiles([first, second])


def test_a_councils_own_profile_is_detected_by_its_signatures(tmp_path):
    own = write(tmp_path, council("ours", "What makes learning hard", "Team around me"))
    document = read_legacy_docx(build([("h1", "What makes learning hard", None), ("h1", "Team around me", None)]),
                                source="f.docx")
    assert detect_profile(document)[0].name == "generic"
    profile, score, evidence = detect_profile(document, detection_profiles([own]))
    assert (profile.name, score, evidence) == ("ours", 1.0, ["What makes learning hard", "Team around me"])


def test_a_councils_own_profile_wins_a_tie_with_a_built_in_one(tmp_path):
    archetype = "per_area_tables"
    own = write(tmp_path, council("ours", *load_profile(archetype).detection.signatures))
    document = read_legacy_docx(build(ARCHETYPES[archetype]), source="f.docx")
    assert detect_profile(document, detection_profiles([own]))[0].name == "ours"


def test_convert_detects_a_councils_own_profile_given_as_a_candidate(tmp_path):
    from ehcp_standard.convert.convert import ConvertOptions, convert_docx

    from .legacy_layouts import corpus

    name, data = next(corpus(1))
    signatures = load_profile(name.split("-")[0]).detection.signatures
    own = load_profile(write(tmp_path, council("ours", *signatures)))
    before = convert_docx(data, source=name, options=ConvertOptions(check=False, la_code="855")).report
    after = convert_docx(data, source=name, options=ConvertOptions(check=False, la_code="855", candidates=(own,)))
    assert before.profile == name.split("-")[0]
    assert (after.report.profile, after.report.profile_score) == ("ours", before.profile_score)
