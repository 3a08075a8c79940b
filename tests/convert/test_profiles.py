"""Profiles: loading, validation errors, inheritance and detection. Profiles under test are written to tmp_path."""

from __future__ import annotations

import pytest

from ehcp_standard.convert import read_legacy_docx
from ehcp_standard.convert.profile import (
    ProfileError,
    builtin_profiles,
    detect_profile,
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
