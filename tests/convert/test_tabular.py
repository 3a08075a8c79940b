"""Case-management exports (.csv, .xlsx) converted into standard plans. Every row is fictional and built in code;
the last test measures the shared sample export against its truth file when it is there (never copied)."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import zipfile

import pytest

from ehcp_standard.convert import _tabular_read, tabular
from ehcp_standard.convert.convert import ConvertOptions, convert_bytes
from ehcp_standard.convert.profile import builtin_profiles, load_profile
from ehcp_standard.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    IncompletePlanError,
    NotAPlanError,
    UnsafeDocumentError,
)
from ehcp_standard.model.identifiers import upn_check_letter

from .test_legacy_samples import SAMPLES

#: openpyxl reads workbooks (a dependency of the converter); the CSV tests run without it.
needs_openpyxl = pytest.mark.skipif(importlib.util.find_spec("openpyxl") is None, reason="openpyxl is not installed")

HEADER = ["plan_ref", "la_code", "upn", "surname", "forename", "dob", "section", "area", "need_ref", "need",
          "outcome", "provision", "who", "ratio", "frequency", "duration", "plan_start", "review_due"]


def upn(body: str) -> str:
    """A valid UPN for 12 characters (LA code first)."""
    return upn_check_letter(body) + body


ADA = ["QA/1", "855", upn("855000000017"), "Quill", "Ada", "02/11/2014"]
BEN = ["QA/2", "935", upn("935000000029"), "Okoro", "Ben", "14/05/2016"]
DATES = ["01/09/2024", "31/08/2025"]

ROWS = [
    ADA + ["F", "C&L", "B2.1", "Ada reads slowly and loses the meaning of long texts.",
           "By July 2026 Ada will read a page aloud with 95% accuracy.",
           "Daily phonics catch-up", "Teaching assistant", "1:1", "Daily", "20 minutes"] + DATES,
    ADA + ["F", "C&L", "B2.1", "Ada reads slowly and loses the meaning of long texts.",
           "By July 2026 Ada will read a page aloud with 95% accuracy.",
           "Paired reading", "Reading volunteer", "Group of 3", "3 sessions per week", "15 minutes"] + DATES,
    ADA + ["F", "SEMH", "B3.1", "Ada worries at the start of the day.",
           "By July 2026 Ada will settle within 5 minutes of arriving.",
           "Meet-and-greet at the gate", "Named adult", "1:1", "Daily", "First 10 minutes of each school day"]
    + DATES,
    ADA + ["G", "Health", "", "", "By March 2025 Ada will sleep through most nights.",
           "Sleep clinic review", "Community paediatrician", "", "Every 6 months", "30-minute appointment"] + DATES,
    BEN + ["F", "C&I", "B1.1", "Ben talks over others in groups.",
           "By July 2027 Ben will take turns in a group of four.",
           "Turn-taking group", "Speech and language therapist", "Group of 4", "1 session per week", "30 minutes"]
    + DATES,
    BEN + ["H2", "Social care", "", "", "By July 2025 Ben will join a club without his parents.",
           "Youth club place with transport", "Short breaks service", "Group", "1 evening per week", "2 hours"]
    + DATES,
]


def csv_bytes(rows, header=HEADER, *, delimiter=",", encoding="utf-8-sig", newline="\r\n") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows([header, *rows])
    return out.getvalue().encode(encoding)


def convert(data: bytes, source: str = "export.csv", **options):
    return convert_bytes(data, source=source, options=ConvertOptions(check=False, **options))


def by_reference(conversions):
    return {conversion.plan.metadata.plan_reference: conversion for conversion in conversions}


def xlsx_bytes(rows, header=HEADER, *, title="Provision", more_sheets=()) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in [header, *rows]:
        sheet.append(row)
    for name in more_sheets:
        workbook.create_sheet(name).append(["nothing to see"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(data: bytes, change) -> bytes:
    """Return the zip ``data`` with ``change(name, bytes)`` applied to each entry (``None`` leaves it out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            changed = change(info.filename, source.read(info.filename))
            if changed is not None:
                target.writestr(info.filename, changed)
    return out.getvalue()


# --- one plan per reference, in file order -----------------------------------------------------------------------


def test_rows_are_grouped_into_one_plan_per_reference_in_file_order():
    conversions = convert(csv_bytes(ROWS))
    assert [c.source for c in conversions] == ["export.csv#QA/1", "export.csv#QA/2"]
    ada = conversions[0].plan
    assert ada.personal_details.name.forename == "Ada" and ada.personal_details.name.surname == "Quill"
    assert ada.personal_details.date_of_birth.isoformat() == "2014-11-02"
    assert ada.personal_details.identifiers.upn == ADA[2]
    assert ada.metadata.la_code == "855" and ada.metadata.status.value == "final"
    assert ada.metadata.dates.version_issued.isoformat() == "2024-09-01"
    assert ada.metadata.dates.next_review_due.isoformat() == "2025-08-31"


def test_each_provision_row_lands_in_its_section_and_area_with_its_ids():
    ada, ben = (c.plan for c in convert(csv_bytes(ROWS)))
    reading = ada.special_educational_needs.cognition_learning
    assert [p.id for p in reading.provision] == ["F-CL-1", "F-CL-2"]
    assert [p.description for p in reading.provision] == ["Daily phonics catch-up", "Paired reading"]
    assert [p.id for p in ada.special_educational_needs.semh.provision] == ["F-SEMH-1"]
    assert [p.id for p in ada.health.provision] == ["G-1"]
    assert ada.health.outcomes[0].description == "By March 2025 Ada will sleep through most nights."
    assert [p.id for p in ben.special_educational_needs.communication_interaction.provision] == ["F-CI-1"]
    assert [p.id for p in ben.social_care.h2_provision] == ["H2-1"] and not ben.social_care.h1_provision


def test_a_need_repeated_on_several_rows_is_one_need_linked_to_each_rows_provision_and_outcome():
    ada = convert(csv_bytes(ROWS))[0].plan
    reading = ada.special_educational_needs.cognition_learning
    assert len(reading.needs) == 1 and len(reading.outcomes) == 1
    need = reading.needs[0]
    assert need.id == "B-CL-1"
    assert need.provision_ids == ("F-CL-1", "F-CL-2")
    assert need.outcome_ids == (reading.outcomes[0].id,)
    assert [outcome.id for _, outcome in ada.outcomes()] == ["E-1", "E-2", "E-3"]


def test_a_need_without_a_reference_is_deduplicated_by_its_text():
    rows = [row[:8] + [""] + row[9:] for row in ROWS[:2]]
    reading = convert(csv_bytes(rows))[0].plan.special_educational_needs.cognition_learning
    assert [need.id for need in reading.needs] == ["B-CL-1"]
    assert reading.needs[0].provision_ids == ("F-CL-1", "F-CL-2")


def test_a_reference_with_another_need_text_is_kept_as_a_second_need_with_a_note():
    rows = [ROWS[0], ROWS[1][:9] + ["Ada spells phonetically."] + ROWS[1][10:]]
    conversion = convert(csv_bytes(rows))[0]
    needs = conversion.plan.special_educational_needs.cognition_learning.needs
    assert [need.description for need in needs] == [ROWS[0][9], "Ada spells phonetically."]
    assert any("row 3 › column need" in w and "kept as a separate need" in w for w in conversion.report.warnings)


def test_the_quantities_are_read_from_the_ratio_frequency_and_duration_cells_keeping_their_wording():
    ada = convert(csv_bytes(ROWS))[0].plan
    first, paired = ada.special_educational_needs.cognition_learning.provision
    assert first.provider_role == "Teaching assistant"
    assert (first.ratio.staff, first.ratio.learners) == (1, 1)
    assert (first.frequency.count, first.frequency.period.value, first.duration_minutes) == (1, "day", 20)
    assert paired.group_size == 3 and (paired.frequency.count, paired.frequency.period.value) == (3, "week")
    assert first.original_text == "Daily phonics catch-up | Teaching assistant | 1:1 | Daily | 20 minutes"


def test_frequency_and_duration_are_read_together():
    rows = [ADA + ["F", "C&L", "B2.1", "Need.", "Outcome.", "Work station", "TA", "1:1", "Daily",
                   "2 × 15-minute sessions"] + DATES]
    provision = convert(csv_bytes(rows))[0].plan.special_educational_needs.cognition_learning.provision[0]
    assert (provision.frequency.count, provision.frequency.period.value, provision.duration_minutes) == (2, "day", 15)


def test_a_quantity_left_in_doubt_is_noted_on_its_cell():
    conversion = convert(csv_bytes(ROWS))[0]
    assert conversion.plan.health.provision[0].frequency is None
    assert any(w.startswith("export.csv: row 5 › column frequency: 'Every 6 months' cannot be written")
               for w in conversion.report.warnings)


def test_every_cell_is_accounted_for_and_nothing_is_carried_over_from_a_clean_export():
    for conversion in convert(csv_bytes(ROWS)):
        assert conversion.report.carried_over == 0
        assert all(targets != ("carried over",) for _, targets in conversion.report.mapping)
        cells = sum(1 for row in ROWS if row[0] == conversion.plan.metadata.plan_reference for cell in row if cell)
        assert len(conversion.report.mapping) == cells


def test_a_cell_is_located_by_row_and_column():
    mapping = dict(convert(csv_bytes(ROWS))[0].report.mapping)
    assert mapping["export.csv: row 2 › column provision"] == (
        "/special_educational_needs/cognition_learning/provision/0/description",)
    assert mapping["export.csv: row 2 › column need"] == (
        "/special_educational_needs/cognition_learning/needs/0/description",)
    assert mapping["export.csv: row 3 › column upn"] == ("label",)     # the plan's UPN again: the export's structure


def test_the_same_export_gives_the_same_plans_every_time():
    first = [c.plan.to_json() for c in convert(csv_bytes(ROWS))]
    assert first == [c.plan.to_json() for c in convert(csv_bytes(ROWS))]


# --- shapes and encodings ----------------------------------------------------------------------------------------


def test_one_row_per_plan_is_read_as_well():
    rows = [ADA + ["F", "C&L", "", "Ada reads slowly.", "Ada will read fluently.", "Phonics", "TA", "1:1", "Daily",
                   "20 minutes"] + DATES,
            BEN + [""] * 10 + DATES]
    ada, ben = (c.plan for c in convert(csv_bytes(rows)))
    assert ada.special_educational_needs.cognition_learning.needs[0].provision_ids == ("F-CL-1",)
    assert ben.special_educational_needs is None and ben.personal_details.name.forename == "Ben"


def test_a_reference_written_once_per_plan_carries_down_to_the_rows_below_it():
    rows = [ROWS[0], [""] + ROWS[1][1:], ROWS[4]]
    conversions = convert(csv_bytes(rows))
    assert [len(c.plan.special_educational_needs.cognition_learning.provision)
            for c in conversions[:1]] == [2]
    assert any("row 3: no plan_ref: read as part of the plan above (QA/1)" in w for w in conversions[0].report.warnings)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed(delimiter):
    rows = [[cell.replace(",", " ") for cell in row] for row in ROWS]
    conversions = convert(csv_bytes(rows, delimiter=delimiter))
    assert [c.plan.metadata.plan_reference for c in conversions] == ["QA/1", "QA/2"]


def test_excels_separator_line_names_the_delimiter_and_is_not_a_row():
    data = b"sep=;\r\n" + csv_bytes(ROWS[:1], delimiter=";", encoding="utf-8")
    conversion = convert(data)[0]
    assert conversion.plan.metadata.plan_reference == "QA/1"
    assert "export.csv: row 2 › column provision" in dict(conversion.report.mapping)


def test_a_semicolon_export_with_commas_inside_its_cells():
    conversions = convert(csv_bytes(ROWS, delimiter=";"))
    assert conversions[0].plan.special_educational_needs.semh.needs[0].description == ROWS[2][9]


@pytest.mark.parametrize("encoding, newline", [("utf-8-sig", "\r\n"), ("utf-8", "\n"), ("utf-16", "\r\n")])
def test_utf8_with_or_without_a_bom_and_utf16_are_read_without_a_note(encoding, newline):
    rows = [ROWS[0][:3] + ["Wiśniewska", "Zoë"] + ROWS[0][5:]]
    conversion = convert(csv_bytes(rows, encoding=encoding, newline=newline))[0]
    assert conversion.plan.personal_details.name.surname == "Wiśniewska"
    assert not any("not UTF-8" in w for w in conversion.report.warnings)


def test_a_windows_1252_export_is_read_with_a_note():
    rows = [ROWS[0][:3] + ["Ó Briain", "Zoë"] + ROWS[0][5:]]
    conversion = convert(csv_bytes(rows, encoding="cp1252"))[0]
    assert conversion.plan.personal_details.name.forename == "Zoë"
    assert conversion.plan.personal_details.name.surname == "Ó Briain"
    assert any("not UTF-8 (line 2" in w and "Windows-1252" in w for w in conversion.report.warnings)


def test_a_quoted_cell_may_hold_new_lines():
    need = "Ada reads slowly.\r\nShe loses the meaning of long texts."
    rows = [ROWS[0][:9] + [need] + ROWS[0][10:]]
    conversion = convert(csv_bytes(rows))[0]
    assert conversion.plan.special_educational_needs.cognition_learning.needs[0].description == (
        "Ada reads slowly.\nShe loses the meaning of long texts.")
    assert conversion.report.carried_over == 0


def test_headers_match_whatever_their_case_spacing_and_punctuation():
    header = ["Plan Ref.", "LA-Code", "UPN", "SURNAME", "Forename", "Date of Birth", "Section", "Area of need",
              "Need Ref", "Need", "Outcome", "Provision", "By whom", "Ratio", "Frequency", "Duration",
              "Plan start", "Review due"]
    conversion = convert(csv_bytes(ROWS[:1], header))[0]
    assert conversion.plan.metadata.plan_reference == "QA/1"
    assert conversion.report.profile == "case_management_export" and conversion.report.profile_score == 1.0


def test_a_near_miss_header_is_read_with_a_note():
    header = ["plan_ref", "la_code", "upn", "surname", "forename", "dob", "section", "area", "need_ref", "need",
              "outcome", "Provison", "who", "ratio", "frequency", "duration", "plan_start", "review_due"]
    conversion = convert(csv_bytes(ROWS[:1], header))[0]
    assert conversion.plan.special_educational_needs.cognition_learning.provision[0].description == ROWS[0][11]
    assert any("header 'Provison' read as provision (a near miss" in w for w in conversion.report.warnings)


def test_a_council_profile_names_its_own_columns(tmp_path):
    path = tmp_path / "my-export.yaml"
    path.write_text("name: my_export\ndescription: x\nextends: case_management_export\ntabular:\n  columns:\n"
                    "    provision: [What we will do]\n  area_codes: {Learning: cognition_and_learning}\n",
                    encoding="utf-8")
    header = [name if name != "provision" else "What we will do" for name in HEADER]
    rows = [ROWS[0][:7] + ["Learning"] + ROWS[0][8:]]
    conversion = convert(csv_bytes(rows, header), profile=load_profile(path))[0]
    assert conversion.report.profile == "my_export"
    assert conversion.plan.special_educational_needs.cognition_learning.provision[0].description == ROWS[0][11]


def test_a_column_map_with_an_unknown_table_section_or_field_is_refused_with_its_key_path(tmp_path):
    from ehcp_standard.convert.profile import ProfileError

    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ndescription: x\nextends: case_management_export\ntabular:\n"
                    "  area_codes: {MATHS: maths}\n  sections: {Z: Q}\n  group_by: [child]\n"
                    "  columns: {provison: [x]}\n", encoding="utf-8")
    with pytest.raises(ProfileError) as raised:
        load_profile(path)
    message = str(raised.value)
    assert "tabular.area_codes.MATHS: Input should be 'communication_and_interaction'" in message
    assert "tabular.sections.Z: Input should be 'F', 'G', 'H1' or 'H2'; got 'Q'" in message
    assert "tabular.group_by.0: Value error, expected a field of tabular.columns" in message
    assert "tabular.columns.provison: unknown key (check its spelling against case_management_export.yaml)" in message


def test_a_word_layout_profile_given_for_an_export_gives_way_to_the_export_profile_with_a_note():
    conversion = convert(csv_bytes(ROWS[:1]), profile=load_profile("generic"))[0]
    assert conversion.report.profile == "case_management_export"
    assert any("profile generic has no column map" in w for w in conversion.report.warnings)


def test_the_export_profile_is_not_offered_for_word_documents():
    assert "case_management_export" not in builtin_profiles()
    assert list(builtin_profiles(tabular=True)) == ["case_management_export"]


# --- nothing dropped ---------------------------------------------------------------------------------------------


def test_a_column_the_map_does_not_name_is_carried_over_cell_by_cell():
    header = [*HEADER, "Transport"]
    rows = [ROWS[0] + ["Taxi on Mondays"], ROWS[1] + [""]]
    conversion = convert(csv_bytes(rows, header))[0]
    carried = conversion.plan.carried_over
    assert [(item.text, item.source.location) for item in carried] == [("Taxi on Mondays",
                                                                  "export.csv: row 2 › column Transport")]
    assert carried[0].source.file == "export.csv#QA/1"
    assert "column 'Transport' is not in the column map" in carried[0].reason
    assert conversion.report.carried_over == 1


def test_a_column_with_no_header_is_carried_over_too():
    rows = [ROWS[0] + ["", "stray note"]]
    carried = convert(csv_bytes(rows))[0].plan.carried_over
    assert [(item.text, item.source.location) for item in carried] == [("stray note", "export.csv: row 2 › column 20")]


def test_an_invalid_upn_is_refused_by_the_model_carried_over_with_the_reason_and_noted_without_its_value():
    bad = "A855000000017" if ADA[2][0] != "A" else "B855000000017"
    rows = [row[:2] + [bad] + row[3:] for row in ROWS[:2]]
    conversion = convert(csv_bytes(rows))[0]
    plan = conversion.plan
    assert plan.personal_details.identifiers.upn is None
    carried = [item for item in plan.carried_over if bad in item.text]
    assert len(carried) == 1                                  # its first row; the repeat is the export's structure
    assert carried[0].source.location == "export.csv: row 2 › details"
    assert ROWS[0][9] not in carried[0].text and carried[0].suggested_section.value == "personal_details"
    assert carried[0].reason.startswith("not valid at /personal_details/identifiers/upn")
    note = next(w for w in conversion.report.warnings if "the UPN is not valid" in w)
    assert note.startswith("export.csv: row 2 › column upn") and bad not in note
    assert "check letter" in note


def test_a_plan_level_value_that_differs_on_a_later_row_is_carried_over_with_a_note():
    rows = [ROWS[0], ROWS[1][:4] + ["Adah"] + ROWS[1][5:]]
    conversion = convert(csv_bytes(rows))[0]
    assert conversion.plan.personal_details.name.forename == "Ada"
    assert any(item.source.location == "export.csv: row 3 › details" for item in conversion.plan.carried_over)
    assert any("row 3 › column forename: the forename differs from the one in row 2" in w
               for w in conversion.report.warnings)


def test_a_row_with_an_unknown_area_code_is_carried_over_whole():
    rows = [ROWS[0], ROWS[1][:7] + ["Maths"] + ROWS[1][8:]]
    conversion = convert(csv_bytes(rows))[0]
    assert len(conversion.plan.special_educational_needs.cognition_learning.provision) == 1
    carried = next(item for item in conversion.plan.carried_over if item.source.location == "export.csv: row 3")
    assert "Paired reading" in carried.text and "four areas" in carried.reason
    assert any("area 'Maths' is not one of the column map's area codes" in w for w in conversion.report.warnings)


def test_a_social_care_row_without_h1_or_h2_keeps_its_outcome_and_carries_its_provision():
    rows = [ROWS[5][:6] + [""] + ROWS[5][7:]]
    conversion = convert(csv_bytes(rows))[0]
    assert conversion.plan.social_care.outcomes[0].description == ROWS[5][10]
    assert not conversion.plan.social_care.h2_provision
    assert "must say H1 or H2" in conversion.plan.carried_over[0].reason


def test_a_title_row_above_the_header_is_reported():
    data = b"Provision export for QA council\r\n" + csv_bytes(ROWS[:1])[3:]
    conversion = convert(b"\xef\xbb\xbf" + data)[0]
    assert conversion.plan.metadata.plan_reference == "QA/1"
    assert any("row 1: above the header row, read as a title: 'Provision export for QA council'" in w
               for w in conversion.report.warnings)


def test_a_stated_status_is_read_and_a_missing_one_is_assumed_final_with_a_note():
    header = [*HEADER, "Status"]
    draft, final = convert(csv_bytes([ROWS[0] + ["Draft"], ROWS[4] + [""]], header))
    assert draft.plan.metadata.status.value == "draft"
    assert not any("assumed final" in w for w in draft.report.warnings)
    assert final.plan.metadata.status.value == "final"
    assert any("status is not stated; assumed final" in w for w in final.report.warnings)


def test_a_status_the_map_does_not_know_is_carried_over_and_final_assumed_with_notes():
    conversion = convert(csv_bytes([ROWS[0] + ["Ceased"]], [*HEADER, "Status"]))[0]
    assert conversion.plan.metadata.status.value == "final"
    assert any("the status 'Ceased' is not one of the column map's statuses" in w for w in conversion.report.warnings)
    assert any(item.source.location == "export.csv: row 2 › details" for item in conversion.plan.carried_over)


# --- what cannot make a plan -------------------------------------------------------------------------------------


def test_an_export_without_a_date_of_birth_column_cannot_make_a_plan_and_says_how_to_add_one():
    header = [name for name in HEADER if name != "dob"]
    rows = [row[:5] + row[6:] for row in ROWS]
    with pytest.raises(IncompletePlanError) as raised:
        convert(csv_bytes(rows, header))
    message = str(raised.value)
    assert message.startswith("export.csv: cannot make a standard plan from this export")
    assert "no date-of-birth column" in message and "add a date_of_birth column" in message
    assert raised.value.missing == ("/personal_details/date_of_birth",)


def test_a_plan_whose_date_of_birth_is_blank_is_named_with_its_rows():
    rows = [row[:5] + [""] + row[6:] if row[0] == "QA/2" else row for row in ROWS]
    with pytest.raises(IncompletePlanError, match=r"no readable value in column 'dob' for QA/2 \(rows 6–7\)"):
        convert(csv_bytes(rows))


def test_an_export_without_an_la_code_takes_the_one_given():
    header = [name for name in HEADER if name != "la_code"]
    rows = [row[:1] + row[2:] for row in ROWS[:1]]
    with pytest.raises(IncompletePlanError, match="no la_code column"):
        convert(csv_bytes(rows, header))
    assert convert(csv_bytes(rows, header), la_code="855")[0].plan.metadata.la_code == "855"


def test_a_header_that_matches_no_column_is_not_a_plan_naming_the_file():
    data = b"colour,shape,size\r\nteal,round,small\r\n"
    with pytest.raises(NotAPlanError) as raised:
        convert(data, "shapes.csv")
    assert str(raised.value).startswith("shapes.csv: no column of profile case_management_export's column map")
    assert "'colour | shape | size'" in str(raised.value)


def test_an_empty_export_and_a_header_with_no_rows_are_not_plans():
    with pytest.raises(NotAPlanError, match="empty.csv: the export has no rows"):
        convert(b"", "empty.csv")
    with pytest.raises(NotAPlanError, match="no rows of plans below it"):
        convert(csv_bytes([]))


def test_a_quote_never_closed_is_a_corrupt_file_naming_the_row():
    data = csv_bytes(ROWS[:1]) + b'QA/3,855,"never closed\r\n'
    with pytest.raises(CorruptDocumentError, match=r"export.csv: row 3 \(line \d+\) cannot be read as CSV"):
        convert(data)


def test_a_binary_file_named_csv_is_corrupt():
    with pytest.raises(CorruptDocumentError, match="NUL bytes"):
        convert(b"plan_ref,upn\x00\x01\x02", "export.csv")


def test_an_oversized_export_and_an_oversized_cell_are_refused(monkeypatch):
    monkeypatch.setattr(_tabular_read, "LIMITS", tabular.TableLimits(max_file_bytes=1000, max_cell_chars=50))
    with pytest.raises(UnsafeDocumentError,
                       match="export.csv: the file is .* bytes; an export is read only up to 1,000"):
        convert(csv_bytes(ROWS))
    with pytest.raises(UnsafeDocumentError, match=r"export.csv: row 2 › column 10 holds 53 characters"):
        convert(csv_bytes(ROWS[:1])[:1000])


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(_tabular_read, "LIMITS", tabular.TableLimits(max_rows=3))
    with pytest.raises(UnsafeDocumentError, match="row 4: the export has more than 3 rows"):
        convert(csv_bytes(ROWS))


# --- workbooks ---------------------------------------------------------------------------------------------------


@needs_openpyxl
def test_a_workbook_is_read_like_a_csv_with_sheet_locations():
    data = xlsx_bytes(ROWS, more_sheets=["Lookups"])
    conversions = convert(data, "export.xlsx")
    assert [c.source for c in conversions] == ["export.xlsx#QA/1", "export.xlsx#QA/2"]
    ada = conversions[0]
    assert ada.plan.special_educational_needs.cognition_learning.needs[0].provision_ids == ("F-CL-1", "F-CL-2")
    mapping = dict(ada.report.mapping)
    assert "export.xlsx: sheet Provision › row 2 › column provision" in mapping
    assert any("sheet 'Lookups' was not read" in w for w in ada.report.warnings)


@needs_openpyxl
def test_a_workbooks_date_and_number_cells_are_read():
    import datetime as dt

    rows = [ROWS[0][:1] + [855] + ROWS[0][2:5] + [dt.datetime(2014, 11, 2)] + ROWS[0][6:]]
    plan = convert(xlsx_bytes(rows), "export.xlsx")[0].plan
    assert plan.metadata.la_code == "855" and plan.personal_details.date_of_birth.isoformat() == "2014-11-02"


@needs_openpyxl
def test_the_profile_named_sheet_is_read_not_the_first():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Cover"
    workbook.active.append(["Exported by the case system"])
    sheet = workbook.create_sheet("Provision")
    for row in [HEADER, *ROWS[:1]]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    conversion = convert(out.getvalue(), "export.xlsx")[0]
    assert conversion.plan.metadata.plan_reference == "QA/1"
    assert any("sheet 'Cover' was not read" in w for w in conversion.report.warnings)


@needs_openpyxl
def test_a_formulas_cached_value_is_read_and_reported():
    rows = [ROWS[0][:12] + ["=B1"] + ROWS[0][13:]]
    data = xlsx_bytes(rows)

    def cache(name, body):
        if name == "xl/worksheets/sheet1.xml":
            body = body.replace(b'<c r="M2"><f>B1</f><v></v></c>',
                                b'<c r="M2" t="str"><f>B1</f><v>Teaching assistant</v></c>')
        return body

    conversion = convert(rezip(data, cache), "export.xlsx")[0]
    provision = conversion.plan.special_educational_needs.cognition_learning.provision[0]
    assert provision.provider_role == "Teaching assistant"
    assert any("row 2: column 13 holds a formula (=B1); its cached value was read" in w
               for w in conversion.report.warnings)


@needs_openpyxl
def test_a_formula_with_no_cached_value_is_reported_as_empty():
    rows = [ROWS[0][:12] + ["=B1"] + ROWS[0][13:]]
    conversion = convert(xlsx_bytes(rows), "export.xlsx")[0]
    assert conversion.plan.special_educational_needs.cognition_learning.provision[0].provider_role is None
    assert any("it has no cached value" in w for w in conversion.report.warnings)


@needs_openpyxl
def test_a_zip_bomb_workbook_is_refused_before_openpyxl_opens_it():
    def bomb(name, body):
        return body if name != "xl/worksheets/sheet1.xml" else body + b" " * (3 * 1024 * 1024)

    with pytest.raises(UnsafeDocumentError, match="zip bomb"):
        convert(rezip(xlsx_bytes(ROWS), bomb), "export.xlsx")


@needs_openpyxl
def test_a_workbook_part_declaring_a_doctype_is_refused():
    def doctype(name, body):
        return b'<!DOCTYPE x [<!ENTITY a "a">]>' + body if name.endswith("sheet1.xml") else body

    with pytest.raises(UnsafeDocumentError, match="declares a DOCTYPE"):
        convert(rezip(xlsx_bytes(ROWS), doctype), "export.xlsx")


@needs_openpyxl
def test_an_oversized_workbook_is_refused(monkeypatch):
    monkeypatch.setattr(_tabular_read, "LIMITS", tabular.TableLimits(max_file_bytes=1000))
    with pytest.raises(UnsafeDocumentError, match="export.xlsx: the file is"):
        convert(xlsx_bytes(ROWS), "export.xlsx")


def test_an_encrypted_or_old_excel_file_is_refused_with_what_to_do():
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100
    with pytest.raises(EncryptedDocumentError, match="password-protected"):
        tabular.read_xlsx(ole + "EncryptedPackage".encode("utf-16-le"), source="export.xlsx")
    with pytest.raises(CorruptDocumentError, match="Excel 97-2003 .xls: save it as .xlsx"):
        tabular.read_xlsx(ole, source="export.xlsx")


@needs_openpyxl
def test_a_zip_that_is_not_a_workbook_is_corrupt():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CorruptDocumentError, match="export.xlsx: expected an Excel workbook"):
        convert(out.getvalue(), "export.xlsx")


# --- the shared sample export, measured against its truth --------------------------------------------------------

SAMPLE = SAMPLES / "provision_export.csv"
AREAS = {"C&I": "communication_interaction", "C&L": "cognition_learning", "SEMH": "semh", "S&P": "sensory_physical"}


def _with_dates_of_birth(data: bytes) -> bytes:
    """The sample export with a dob column joined by UPN from the sample plans' truth files, as a council would
    join it from its pupil record."""
    born = {}
    for path in SAMPLES.glob("*.truth.json"):
        child = json.loads(path.read_text(encoding="utf-8")).get("child")
        if child:
            born[child["upn"]] = "/".join(reversed(child["dob"].split("-")))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    upn_at = rows[0].index("upn")
    return csv_bytes([row + [born[row[upn_at]]] for row in rows[1:]], [*rows[0], "dob"])


@pytest.mark.skipif(not SAMPLE.is_file(), reason=f"no sample export in {SAMPLES}")
def test_the_shared_sample_export_needs_a_date_of_birth_column():
    with pytest.raises(IncompletePlanError, match="no date-of-birth column"):
        convert(SAMPLE.read_bytes(), "provision_export.csv")


@pytest.mark.skipif(not SAMPLE.is_file(), reason=f"no sample export in {SAMPLES}")
def test_every_row_of_the_shared_sample_lands_in_its_section_and_area_linked_to_its_need_and_outcome():
    truth = json.loads(SAMPLE.with_suffix(".truth.json").read_text(encoding="utf-8"))
    plans = by_reference(convert(_with_dates_of_birth(SAMPLE.read_bytes()), "provision_export.csv"))
    assert list(plans) == [child["plan_ref"] for child in truth["children"]]
    seen: dict[tuple, int] = {}
    for row in truth["rows"]:
        plan = plans[row["plan_ref"]].plan
        assert plan.personal_details.identifiers.upn == row["upn"]
        if row["section"] == "F":
            table = getattr(plan.special_educational_needs, AREAS[row["area"]])
            entries = table.provision
        else:
            table = plan.health if row["section"] == "G" else plan.social_care
            entries = (table.provision if row["section"] == "G"
                       else getattr(table, f"{row['section'].lower()}_provision"))
        key = (row["plan_ref"], row["section"], row["area"])
        index = seen[key] = seen.get(key, -1) + 1
        provision = entries[index]
        assert provision.description == row["provision"]
        assert provision.provider_role == (row["who"] or None)
        outcome = next(o for o in table.outcomes if o.description == row["outcome"]) if row["outcome"] else None
        if row["need"]:
            need = next(n for n in table.needs if n.description == row["need"])
            assert provision.id in need.provision_ids
            assert outcome is None or outcome.id in need.outcome_ids
    for conversion in plans.values():
        assert conversion.report.carried_over == 0
