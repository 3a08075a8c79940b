"""Identifier check algorithms (EHCP-STANDARD.md §7) and the pydantic types that apply them."""

from __future__ import annotations

import re

import pytest
from pydantic import TypeAdapter, ValidationError

from ehcp_standard.model.identifiers import (
    UPN_ALPHABET,
    KnownLaCode,
    LaCode,
    NhsNumber,
    Ukprn,
    Uln,
    Upn,
    Urn,
    check_known_la_code,
    check_la_code,
    check_nhs_number,
    check_ukprn,
    check_uln,
    check_upn,
    check_urn,
    is_temporary_upn,
    nhs_check_digit,
    upn_check_letter,
)

# Worked examples from the reference (§7.1-§7.3).
UPN = "B801200005001"  # 8·2 + 1·4 + 2·5 + 5·10 + 1·13 = 93; 93 mod 23 = 1 -> B
ULN = "9276308686"  # Σ(digit × 10..1) = 296; 296 mod 11 = 10
NHS = "9434765919"  # Σ(first nine × 10..2) = 299; 299 mod 11 = 2; 11 - 2 = 9

# Temporary UPNs worked by hand: the final letter counts as its alphabet value, times 13.
TEMPORARY_UPN_ENDING_A = "M80120000500A"  # 80 + 0·13 = 80; 80 mod 23 = 11 -> M
TEMPORARY_UPN_ENDING_Z = "Y80120000500Z"  # 80 + 22·13 = 366; 366 mod 23 = 21 -> Y
# Permanent UPNs whose LA digits are a retired code (909 Cumbria) or no code (999), with good check letters.
UPN_RETIRED_LA = (
    "N909123415001"  # 9·2 + 9·4 + 1·5 + 2·6 + 3·7 + 4·8 + 1·9 + 5·10 + 1·13 = 196; mod 23 = 12 -> N
)
UPN_UNKNOWN_LA = "T999123415001"  # 223 mod 23 = 16 -> T

DIGITS = "0123456789"


def _reference_upn_check(body: str) -> str:
    """The §7.1 algorithm written out independently of the library."""
    alphabet = "ABCDEFGHJKLMNPQRTUVWXYZ"
    values = [int(c) if c.isdigit() else alphabet.index(c) for c in body]
    return alphabet[sum(v * w for v, w in zip(values, range(2, 14))) % 23]


# -- UPN -----------------------------------------------------------------------------------------------------


def test_upn_alphabet_is_a_to_z_without_i_o_and_s():
    assert UPN_ALPHABET == "ABCDEFGHJKLMNPQRTUVWXYZ"
    assert len(UPN_ALPHABET) == 23


def test_the_worked_example_upn_is_valid():
    assert upn_check_letter(UPN[1:]) == "B"
    assert check_upn(UPN) == UPN
    assert not is_temporary_upn(UPN)


def test_hand_worked_examples_agree_with_the_reference_algorithm():
    for upn in (UPN, TEMPORARY_UPN_ENDING_A, TEMPORARY_UPN_ENDING_Z, UPN_RETIRED_LA, UPN_UNKNOWN_LA):
        assert _reference_upn_check(upn[1:]) == upn[0], upn


@pytest.mark.parametrize("wrong", [c for c in UPN_ALPHABET if c != "B"])
def test_upn_with_any_other_check_letter_is_rejected_saying_which_letter_was_expected(wrong):
    with pytest.raises(ValueError, match=f"check letter '{wrong}'.*give 'B'"):
        check_upn(wrong + UPN[1:])


@pytest.mark.parametrize("upn", [TEMPORARY_UPN_ENDING_A, TEMPORARY_UPN_ENDING_Z])
def test_temporary_upn_with_its_final_letter_counted_is_valid(upn):
    assert check_upn(upn) == upn
    assert is_temporary_upn(upn)


def test_temporary_upn_with_a_wrong_check_letter_is_rejected():
    with pytest.raises(ValueError, match="give 'M'"):
        check_upn("B80120000500A")


def test_changing_the_final_letter_of_a_temporary_upn_changes_its_check_letter():
    # With "B" (value 1) instead of "A" the sum rises by 13: the old check letter no longer fits.
    with pytest.raises(ValueError, match="check letter 'M'.*give 'B'"):
        check_upn("M80120000500B")


@pytest.mark.parametrize("letter", ["I", "O", "S"])
def test_upn_using_the_letters_i_o_or_s_is_rejected(letter):
    with pytest.raises(ValueError, match="without I, O and S"):
        check_upn(letter + UPN[1:])
    with pytest.raises(ValueError, match="without I, O and S"):
        check_upn("M80120000500" + letter)


@pytest.mark.parametrize(
    "value",
    [
        "b801200005001",  # lower-case check letter
        "M80120000500a",  # lower-case temporary letter
        "B80120000500",  # 12 characters
        "B8012000050011",  # 14 characters
        "",
        "801200005001B",  # check letter at the wrong end
        "B8012000050A1",  # letter before the last place
        "B 801200005001",
        " B801200005001",
        "B801200005001\n",
    ],
)
def test_upn_of_the_wrong_shape_is_rejected_quoting_what_was_found(value):
    with pytest.raises(ValueError, match=re.escape(f"found {value!r}")):
        check_upn(value)


def test_upn_issued_under_a_retired_la_code_is_accepted():
    assert check_upn(UPN_RETIRED_LA) == UPN_RETIRED_LA


def test_upn_whose_la_digits_are_no_la_code_is_rejected():
    with pytest.raises(ValueError, match="characters 2-4 .* '999' is not one"):
        check_upn(UPN_UNKNOWN_LA)


# -- ULN -----------------------------------------------------------------------------------------------------


def test_the_worked_example_uln_is_valid():
    assert sum(int(d) * w for d, w in zip(ULN, range(10, 0, -1))) == 296
    assert check_uln(ULN) == ULN


@pytest.mark.parametrize("wrong", [d for d in DIGITS if d != "6"])
def test_uln_with_any_other_check_digit_is_rejected_saying_it_should_be_6(wrong):
    with pytest.raises(ValueError, match=f"should be 6, found {wrong}"):
        check_uln(ULN[:9] + wrong)


@pytest.mark.parametrize("last", list(DIGITS))
def test_uln_whose_first_nine_digits_leave_no_check_digit_is_never_valid(last):
    # 1·10 + 6·2 = 22, which is 0 mod 11: the check digit would have to be 10.
    with pytest.raises(ValueError, match="no valid ULN starts with these 9 digits"):
        check_uln("100000006" + last)


def test_uln_starting_with_0_is_rejected_even_when_its_digits_pass_the_check():
    # 5·2 = 10, which is 10 mod 11: the sum passes, the leading zero does not.
    with pytest.raises(ValueError, match="does not start with 0; found '0000000050'"):
        check_uln("0000000050")


@pytest.mark.parametrize("value", ["927630868", "92763086860", "927630868a", "9276 308686", ""])
def test_uln_of_the_wrong_shape_is_rejected(value):
    with pytest.raises(ValueError, match="a ULN is 10 digits"):
        check_uln(value)


# -- NHS number ----------------------------------------------------------------------------------------------


def test_the_worked_example_nhs_number_is_valid():
    assert nhs_check_digit(NHS[:9]) == 9
    assert check_nhs_number(NHS) == NHS


@pytest.mark.parametrize("wrong", [d for d in DIGITS if d != "9"])
def test_nhs_number_with_any_other_check_digit_is_rejected_saying_it_should_be_9(wrong):
    with pytest.raises(ValueError, match=f"should be 9, found {wrong}"):
        check_nhs_number(NHS[:9] + wrong)


@pytest.mark.parametrize("last", list(DIGITS))
def test_nhs_number_whose_check_would_be_10_is_never_valid(last):
    # 6·2 = 12, 12 mod 11 = 1, 11 - 1 = 10: never issued.
    assert nhs_check_digit("000000006") is None
    with pytest.raises(ValueError, match="check value 10, never issued"):
        check_nhs_number("000000006" + last)


def test_nhs_number_whose_check_would_be_11_ends_in_0():
    # 1·10 + 6·2 = 22, 22 mod 11 = 0, 11 - 0 = 11, which is written 0.
    assert nhs_check_digit("100000006") == 0
    assert check_nhs_number("1000000060") == "1000000060"
    with pytest.raises(ValueError, match="should be 0, found 1"):
        check_nhs_number("1000000061")


@pytest.mark.parametrize(
    "value", ["943 476 5919", "943-476-5919", "943476591", "94347659190", "943476591X", ""]
)
def test_nhs_number_of_the_wrong_shape_is_rejected(value):
    with pytest.raises(ValueError, match=re.escape(f"10 digits with no spaces; found {value!r}")):
        check_nhs_number(value)


# -- URN and UKPRN -------------------------------------------------------------------------------------------


def test_urn_of_six_digits_is_accepted():
    assert check_urn("100000") == "100000"


@pytest.mark.parametrize("value", ["12345", "1234567", "12345a", " 123456", "", "１２３４５６"])
def test_urn_not_of_six_ascii_digits_is_rejected(value):
    with pytest.raises(ValueError, match="URN .* is 6 digits"):
        check_urn(value)


@pytest.mark.parametrize("value", ["10012345", "1", "1234567890"])
def test_ukprn_of_up_to_ten_digits_is_accepted(value):
    # Eight digits is usual; other lengths are left to the checker's warning (EHCP-ID005).
    assert check_ukprn(value) == value


@pytest.mark.parametrize("value", ["", "12345678901", "1001234a", "1001 2345"])
def test_ukprn_that_is_not_a_number_of_up_to_ten_digits_is_rejected(value):
    with pytest.raises(ValueError, match="UKPRN"):
        check_ukprn(value)


# -- LA codes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["202", "420", "838", "839", "940", "941", "942", "943"])
def test_current_la_code_is_accepted_by_both_checks(code):
    assert check_la_code(code) == code
    assert check_known_la_code(code) == code


@pytest.mark.parametrize(
    ("code", "successors"),
    [
        ("909", ["942", "943"]),
        ("928", ["940", "941"]),
        ("835", ["838", "839"]),
        ("836", ["839"]),
        ("837", ["839"]),
    ],
)
def test_retired_la_code_is_not_current_and_the_message_names_its_successors(code, successors):
    with pytest.raises(ValueError, match=f"LA code {code} .* was retired") as raised:
        check_la_code(code)
    advice = str(raised.value).split("; use ", 1)[1]
    assert re.findall(r"\b(\d{3}) \(", advice) == successors
    assert check_known_la_code(code) == code


def test_retired_cumbria_message_names_cumberland_and_westmorland():
    with pytest.raises(ValueError) as raised:
        check_la_code("909")
    assert str(raised.value) == (
        "LA code 909 (Cumbria) was retired in April 2023; "
        "use 942 (Cumberland) or 943 (Westmorland and Furness)"
    )


@pytest.mark.parametrize("code", ["999", "000", "20", "2020", "E06000001", "", " 202"])
def test_unknown_la_code_is_rejected_by_both_checks(code):
    with pytest.raises(ValueError, match="is not one of the 153 current DfE three-digit LA codes"):
        check_la_code(code)
    with pytest.raises(ValueError, match="is not one of the 153 current"):
        check_known_la_code(code)


# -- The pydantic types --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annotated", "good", "bad", "message"),
    [
        (Upn, UPN, "C" + UPN[1:], "give 'B'"),
        (Upn, TEMPORARY_UPN_ENDING_Z, "Y80120000500S", "without I, O and S"),
        (Uln, ULN, ULN[:9] + "7", "should be 6, found 7"),
        (NhsNumber, NHS, NHS[:9] + "8", "should be 9, found 8"),
        (Urn, "100000", "10000", "is 6 digits"),
        (Ukprn, "10012345", "1001234X", "UKPRN"),
        (LaCode, "942", "909", "use 942 (Cumberland) or 943 (Westmorland and Furness)"),
        (KnownLaCode, "909", "999", "'999' is not one of the 153 current"),
    ],
)
def test_pydantic_type_accepts_a_good_value_and_raises_validation_error_with_the_check_message(
    annotated, good, bad, message
):
    adapter = TypeAdapter(annotated)
    assert adapter.validate_python(good) == good
    assert adapter.validate_json(f'"{good}"') == good
    with pytest.raises(ValidationError) as raised:
        adapter.validate_python(bad)
    [error] = raised.value.errors()
    assert error["type"] == "value_error"
    assert message in error["msg"]


@pytest.mark.parametrize("annotated", [Upn, Uln, NhsNumber, Urn, Ukprn, LaCode, KnownLaCode])
def test_pydantic_identifier_types_do_not_turn_numbers_into_strings(annotated):
    with pytest.raises(ValidationError):
        TypeAdapter(annotated).validate_python(942)
