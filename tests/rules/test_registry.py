"""The registry holds exactly the 55 rules of EHCP-STANDARD §6, each with the severity the table gives and its
basis; ``ehcp rules`` and the README's rule table are generated from it and cannot drift apart."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ehcp_standard.cli import app
from ehcp_standard.rules import REGISTRY
from ehcp_standard.rules.engine import SECTIONS, rules_in_order
from ehcp_standard.rules.report import readme_block, rules_markdown

README = Path(__file__).resolve().parents[2] / "README.md"

#: The rule table of EHCP-STANDARD.md §6, id and severity, in the order the table lists them.
STANDARD_RULES = [
    ("EHCP-S001", "error"), ("EHCP-S002", "warning"), ("EHCP-S003", "warning"),
    ("EHCP-B001", "error"), ("EHCP-B002", "warning"), ("EHCP-B003", "warning"),
    ("EHCP-C001", "error"), ("EHCP-C002", "warning"),
    ("EHCP-D001", "error"), ("EHCP-D002", "warning"),
    ("EHCP-E001", "warning"), ("EHCP-E002", "warning"), ("EHCP-E003", "warning"), ("EHCP-E004", "warning"),
    ("EHCP-E005", "warning"),
    ("EHCP-F001", "warning"), ("EHCP-F002", "warning"), ("EHCP-F003", "warning"), ("EHCP-F004", "warning"),
    ("EHCP-F005", "warning"), ("EHCP-F006", "error"),
    ("EHCP-G001", "warning"),
    ("EHCP-I001", "error"), ("EHCP-I002", "error"), ("EHCP-I003", "warning"), ("EHCP-I004", "warning"),
    ("EHCP-J001", "error"), ("EHCP-J002", "error"),
    ("EHCP-P001", "error"), ("EHCP-P002", "warning"),
    ("EHCP-K001", "error"), ("EHCP-K002", "warning"), ("EHCP-K003", "warning"),
    ("EHCP-A001", "warning"), ("EHCP-A002", "warning"), ("EHCP-A003", "warning"),
    ("EHCP-R001", "error"), ("EHCP-R002", "warning"), ("EHCP-R003", "warning"), ("EHCP-R004", "error"),
    ("EHCP-R005", "error"), ("EHCP-R006", "error"),
    ("EHCP-T001", "error"), ("EHCP-T002", "error"), ("EHCP-T003", "error"), ("EHCP-T004", "error"),
    ("EHCP-Y001", "error"), ("EHCP-Y002", "error"), ("EHCP-Y003", "warning"),
    ("EHCP-ID001", "error"), ("EHCP-ID002", "error"), ("EHCP-ID003", "error"), ("EHCP-ID004", "error"),
    ("EHCP-ID005", "warning"), ("EHCP-ID006", "error"),
]


def rules_command(*options: str):
    return CliRunner().invoke(app, ["rules", *options])


def test_the_standard_lists_55_rules():
    assert len(STANDARD_RULES) == len(dict(STANDARD_RULES)) == 55


def test_the_registry_holds_exactly_the_rules_of_the_standard():
    missing = sorted(set(dict(STANDARD_RULES)) - set(REGISTRY))
    extra = sorted(set(REGISTRY) - set(dict(STANDARD_RULES)))
    assert (missing, extra) == ([], [])


def test_each_registered_rule_has_the_severity_the_standard_gives_it():
    wrong = {rule_id: REGISTRY[rule_id].severity.value for rule_id, _ in STANDARD_RULES if rule_id in REGISTRY}
    assert wrong == {rule_id: severity for rule_id, severity in STANDARD_RULES if rule_id in REGISTRY}


def test_each_rule_has_a_title_a_basis_and_a_known_section():
    for rule in REGISTRY.values():
        assert rule.title.strip() and rule.basis.strip(), rule.id
        assert rule.section in SECTIONS, rule.id


def test_only_the_identifier_rules_read_raw_data():
    assert sorted(r.id for r in REGISTRY.values() if r.applies_to == "data") == [
        "EHCP-ID001", "EHCP-ID002", "EHCP-ID003", "EHCP-ID004", "EHCP-ID005", "EHCP-ID006"
    ]


# -- ehcp rules and the README ---------------------------------------------------------------------------------


def test_ehcp_rules_markdown_is_the_readme_rule_table():
    result = rules_command("--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout == rules_markdown()
    assert readme_block(README.read_text(encoding="utf-8")) == result.stdout, (
        "the README's rule table is out of date: run python -m ehcp_standard.rules.report --write-readme README.md"
    )


def test_ehcp_rules_lists_every_rule_with_its_severity_section_and_basis():
    result = rules_command()
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [r.id for r in rules_in_order()]
    upn = next(line for line in lines if line.startswith("EHCP-ID001"))
    assert upn == (
        "EHCP-ID001  error    identifiers       UPN is malformed or has a bad check letter (§7.1).  [DfE UPN standard]"
    )


def test_ehcp_rules_json_describes_every_rule():
    result = rules_command("--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [item["id"] for item in listed] == [r.id for r in rules_in_order()]
    assert next(item for item in listed if item["id"] == "EHCP-ID005") == {
        "id": "EHCP-ID005",
        "severity": "warning",
        "section": "identifiers",
        "title": "UKPRN is not 8 digits. The length is [UNVERIFIED].",
        "basis": "SEN2 spec (`ukprn`)",
        "applies_to": "data",
        "unverified": True,
        "retired": False,
    }


def test_ehcp_rules_with_an_unknown_format_is_a_usage_error():
    result = rules_command("--format", "html")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr
