"""DfE three-digit LA codes: the 153 current ones, packaged, and the codes retired by reorganisations."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from ehcp_standard.model.la_codes import (
    RETIRED_LA_CODES,
    current_local_authorities,
    explain_la_code,
    is_current_la_code,
    is_known_la_code,
    la_name,
)


def _packaged_rows() -> list[dict[str, str]]:
    text = resources.files("ehcp_standard").joinpath("data/la_codes.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_there_are_153_current_codes():
    assert len(current_local_authorities()) == 153


def test_the_packaged_list_has_153_rows_with_no_code_repeated():
    codes = [row["la_code"] for row in _packaged_rows()]
    assert len(codes) == 153
    assert len(set(codes)) == 153


def test_every_current_code_is_three_ascii_digits_with_a_name_and_a_region():
    for code, authority in current_local_authorities().items():
        assert len(code) == 3 and code.isascii() and code.isdigit(), code
        assert authority.code == code
        assert authority.name and authority.name == authority.name.strip(), code
        assert authority.region, code


def test_isles_of_scilly_is_420():
    assert is_current_la_code("420")
    assert la_name("420") == "Isles of Scilly"
    assert current_local_authorities()["420"].region == "South West"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("202", "Camden"),
        ("838", "Dorset"),
        ("839", "Bournemouth, Christchurch and Poole"),
        ("940", "North Northamptonshire"),
        ("941", "West Northamptonshire"),
        ("942", "Cumberland"),
        ("943", "Westmorland and Furness"),
    ],
)
def test_current_code_has_its_name(code, name):
    assert is_current_la_code(code)
    assert is_known_la_code(code)
    assert la_name(code) == name


@pytest.mark.parametrize(
    ("code", "successors"),
    [
        ("835", ("838", "839")),
        ("836", ("839",)),
        ("837", ("839",)),
        ("909", ("942", "943")),
        ("928", ("940", "941")),
    ],
)
def test_retired_code_is_known_but_not_current_with_its_successors(code, successors):
    assert not is_current_la_code(code)
    assert is_known_la_code(code)
    assert RETIRED_LA_CODES[code].successors == successors
    assert all(is_current_la_code(successor) for successor in successors)


def test_exactly_the_five_reorganised_codes_are_retired():
    assert set(RETIRED_LA_CODES) == {"835", "836", "837", "909", "928"}
    assert not set(RETIRED_LA_CODES) & set(current_local_authorities())


@pytest.mark.parametrize(
    ("code", "name"),
    [("836", "Poole"), ("837", "Bournemouth"), ("909", "Cumbria"), ("928", "Northamptonshire")],
)
def test_retired_code_has_its_name(code, name):
    assert la_name(code) == name


def test_retired_dorset_name_says_it_is_the_old_county():
    assert la_name("835").startswith("Dorset")
    assert la_name("835") != la_name("838")


@pytest.mark.parametrize("code", ["999", "000", "E06000053", "", "42", "4200"])
def test_unknown_code_is_neither_current_nor_known_and_has_no_name(code):
    assert not is_current_la_code(code)
    assert not is_known_la_code(code)
    assert la_name(code) is None
    assert explain_la_code(code) == f"{code!r} is not one of the 153 current DfE three-digit LA codes"


def test_explanation_of_a_retired_code_names_each_successor_with_its_name():
    assert explain_la_code("928") == (
        "LA code 928 (Northamptonshire) was retired in April 2021; "
        "use 940 (North Northamptonshire) or 941 (West Northamptonshire)"
    )
