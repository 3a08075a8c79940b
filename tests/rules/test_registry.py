"""Every registered rule is described (title, basis, section), and ``ehcp rules`` and the README's rule table are
generated from the registry so they cannot drift apart. That the registry holds exactly the 55 rules of
EHCP-STANDARD §6, with the severity and basis §6 gives each, is tested in ``test_every_rule.py``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ehcp_standard.cli import app
from ehcp_standard.rules import REGISTRY
from ehcp_standard.rules.engine import SECTIONS, rules_in_order
from ehcp_standard.rules.report import readme_block, rules_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def rules_command(*options: str):
    return CliRunner().invoke(app, ["rules", *options])


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
