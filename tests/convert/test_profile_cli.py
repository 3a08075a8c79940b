"""``ehcp profile list`` and ``ehcp profile suggest`` on plans built in code. Every name is fictional."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from ehcp_standard.cli import app
from ehcp_standard.convert.profile import ProfileError, load_profile

from .test_sections import PER_AREA, build

runner = CliRunner()

UNKNOWN = [
    ("h1", "Section B", None),
    ("h1", "Transport arrangements", None),
    ("p", "A taxi on Mondays.", None),
    ("h1", "Section C", None),
    ("bold", "Respite weekends", None),
    ("table", [["Activity", "Venue", "Frequency"], ["Swimming", "Leisure centre", "Weekly"]], None),
]


def write_plan(tmp_path, spec, name: str = "plan.docx"):
    path = tmp_path / name
    path.write_bytes(build(spec))
    return path


def test_profile_list_prints_every_built_in_profile_and_what_it_reads():
    result = runner.invoke(app, ["profile", "list"])
    assert result.exit_code == 0
    listed = [tuple(line.split("\t")[:2]) for line in result.stdout.splitlines()]
    assert listed == [("generic", "Word plans"), ("parts_numbering", "Word plans"), ("per_area_tables", "Word plans"),
                      ("sequential_first_person", "Word plans"), ("two_column_strengths", "Word plans"),
                      ("case_management_export", "CSV/XLSX exports")]


def test_profile_list_gives_each_profiles_description_as_its_last_column():
    lines = runner.invoke(app, ["profile", "list"]).stdout.splitlines()
    for line in lines:
        name, _, description = line.split("\t")
        assert description == load_profile(name).description


def test_profile_suggest_lists_the_two_unknown_headings_and_the_unknown_columns(tmp_path):
    plan = write_plan(tmp_path, UNKNOWN)
    result = runner.invoke(app, ["profile", "suggest", str(plan)])
    assert result.exit_code == 0
    suggested = yaml.safe_load(result.stdout)
    assert suggested["extends"] == "generic"
    assert suggested["headings"]["unplaced"] == ["Respite weekends", "Transport arrangements"]
    assert suggested["columns"]["unplaced"] == ["Activity", "Venue"]
    assert suggested["detection"]["signatures"] == ["Respite weekends", "Transport arrangements"]
    assert f'"Transport arrangements"  # 1x, e.g. {plan}: body › paragraph 2' in result.stdout
    assert result.stderr == f"{plan}: detected profile generic (score 0.00)\n"


def test_profile_suggest_counts_a_label_across_plans(tmp_path):
    first, second = write_plan(tmp_path, UNKNOWN, "a.docx"), write_plan(tmp_path, UNKNOWN, "b.docx")
    result = runner.invoke(app, ["profile", "suggest", str(first), str(second)])
    assert f'"Transport arrangements"  # 2x, e.g. {first}: body › paragraph 2' in result.stdout


def test_profile_suggest_writes_the_detected_profile_as_a_comment(tmp_path):
    plan = write_plan(tmp_path, PER_AREA)
    result = runner.invoke(app, ["profile", "suggest", str(plan)])
    assert result.exit_code == 0
    assert f"# Detected: {plan} -> per_area_tables (score " in result.stdout


def test_a_suggested_profile_loads_once_its_labels_are_given_targets(tmp_path):
    plan = write_plan(tmp_path, UNKNOWN)
    text = runner.invoke(app, ["profile", "suggest", str(plan)]).stdout
    draft = tmp_path / "draft.yaml"
    draft.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=r"headings\.unplaced\.\[key\]: Value error, expected a target"):
        load_profile(draft)
    edited = tmp_path / "edited.yaml"
    edited.write_text(text.replace("  unplaced:", "  H2:", 1).replace("columns:\n  unplaced:", "columns:\n  area:"),
                      encoding="utf-8")
    assert load_profile(edited).headings["H2"][:2] == ["Respite weekends", "Transport arrangements"]


def test_profile_suggest_with_a_bad_profile_fails_with_exit_status_1(tmp_path):
    plan = write_plan(tmp_path, UNKNOWN)
    result = runner.invoke(app, ["profile", "suggest", str(plan), "--profile", "suffolk"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: suffolk: no built-in profile of that name")


OURS = ("name: ours\ndescription: ours\nextends: generic\n"
        "detection:\n  signatures: [Transport arrangements, Respite weekends]\n")


def test_profile_suggest_detects_among_the_profiles_given_with_detect_with(tmp_path):
    plan = write_plan(tmp_path, UNKNOWN)
    own = tmp_path / "ours.yaml"
    own.write_text(OURS, encoding="utf-8")
    result = runner.invoke(app, ["profile", "suggest", str(plan), "--detect-with", str(own)])
    assert result.exit_code == 0
    assert result.stderr == f"{plan}: detected profile ours (score 1.00)\n"
    assert f"# Detected: {plan} -> ours (score 1.00" in result.stdout
    assert yaml.safe_load(result.stdout)["extends"] == "generic"


def test_profile_suggest_with_a_broken_detect_with_profile_fails_naming_it(tmp_path):
    plan = write_plan(tmp_path, UNKNOWN)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\ndescription: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["profile", "suggest", str(plan), "--detect-with", str(broken)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: {broken}: ")


def test_profile_suggest_on_a_file_that_is_not_a_plan_fails_naming_it(tmp_path):
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(app, ["profile", "suggest", str(bad)])
    assert result.exit_code == 1
    assert "notes.docx" in result.stderr


def test_every_profile_command_ends_its_help_with_an_example():
    for args in (["profile", "--help"], ["profile", "list", "--help"], ["profile", "suggest", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert f"Example: ehcp {' '.join(args[:-1])}" in result.stdout
