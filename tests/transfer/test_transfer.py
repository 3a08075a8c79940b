"""Transferring a plan to another council, and the transfer pack: round trip, verification and tampering."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from functools import cache
from pathlib import Path

import pytest

from ehcp_standard import Plan, PlanStatus, load_plan
from ehcp_standard.errors import EhcpError, TransferError, TransferPackError
from ehcp_standard.model import TransferEvent
from ehcp_standard.rules import check_plan
from ehcp_standard.transfer import RULES, TransferResult, transfer_plan
from ehcp_standard.transfer_pack import (
    MANIFEST,
    PACK_FORMAT,
    pack_bytes,
    read_pack,
    verify_pack,
    write_pack,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
D = dt.date


@cache
def example(name: str = "year10-pfa-direct-payment.json") -> Plan:
    return load_plan(EXAMPLES / name)


@cache
def kent_to_birmingham() -> TransferResult:
    """Kieran's amended plan (Kent, 886) moving to Birmingham (330) before Christmas with short notice."""
    return transfer_plan(example(), to_la="330", move_date=D(2026, 12, 21), notice_date=D(2026, 12, 10))


@cache
def pack_data() -> bytes:
    return pack_bytes(kent_to_birmingham())


def test_the_new_version_is_owned_by_the_receiving_council_with_the_history_kept():
    result, before = kent_to_birmingham(), example()
    meta = result.plan.metadata
    assert meta.la_code == "330"
    assert meta.version == before.metadata.version + 1
    assert meta.status is before.metadata.status
    assert meta.history[:-1] == before.metadata.history
    assert meta.history[-1].version == before.metadata.version
    assert meta.history[-1].content_sha256 == before.content_sha256()
    assert meta.history[-1].superseded == D(2026, 12, 21)
    assert meta.plan_reference == before.metadata.plan_reference


def test_the_transfer_out_and_in_are_logged_with_the_other_council():
    meta = kent_to_birmingham().plan.metadata
    out, into = meta.events[-2:]
    assert isinstance(out, TransferEvent) and isinstance(into, TransferEvent)
    assert (out.type, out.other_la, into.type, into.other_la) == ("transfer_out", "330", "transfer_in", "886")
    assert into.move_date == D(2026, 12, 21) and into.notice_date == D(2026, 12, 10) and into.date == D(2026, 12, 21)
    assert meta.events[:-2] == example().metadata.events


def test_the_deadlines_are_recorded_in_the_event_notes_and_marked_unverified():
    result = kent_to_birmingham()
    out, into = result.plan.metadata.events[-2:]
    assert "2027-01-05" in out.note and "[UNVERIFIED]" in out.note
    assert "2027-02-01" in into.note and "2027-09-30" in into.note and "[UNVERIFIED]" in into.note
    assert [d.key for d in result.deadlines] == ["send_plan", "tell_family", "next_review"]
    assert [d.due for d in result.deadlines] == [D(2027, 1, 5), D(2027, 2, 1), D(2027, 9, 30)]
    assert all(d.unverified for d in result.deadlines) and all(rule.unverified for rule in RULES.values())


def test_the_next_review_date_and_the_template_fields_are_set_for_the_new_council():
    plan = kent_to_birmingham().plan
    assert plan.metadata.dates.next_review_due == D(2027, 9, 30)
    assert plan.services.moving_from_another_la is True
    assert plan.services.previous_la == "886"


def test_the_new_version_passes_the_review_rule_it_was_computed_for():
    findings = check_plan(kent_to_birmingham().plan, as_of=D(2027, 1, 10), select=["EHCP-R001"])
    assert findings == []


def test_the_old_council_keeps_a_record_ceased_as_transferred():
    record = kent_to_birmingham().closing_record
    assert record.metadata.status is PlanStatus.CEASED
    assert record.metadata.la_code == "886"
    assert record.metadata.cease_reason.value == "5"
    assert record.metadata.dates.cease_date == D(2026, 12, 21)
    assert [e.type for e in record.metadata.events[-2:]] == ["transfer_out", "ceased"]


def test_no_personal_names_are_written_into_the_notes():
    result = kent_to_birmingham()
    name = example().personal_details.name
    for event in result.plan.metadata.events[-2:]:
        assert name.forename not in event.note and name.surname not in event.note
    assert name.forename not in json.dumps(result.as_dict())


def test_a_plan_passed_on_late_gets_a_note():
    result = transfer_plan(example(), to_la="330", move_date=D(2026, 12, 21), notice_date=D(2026, 12, 10),
                           on=D(2027, 1, 7))
    assert result.transferred_on == D(2027, 1, 7)
    assert len(result.notes) == 1
    assert "2 working day(s) after the old council's deadline of 2027-01-05" in result.notes[0]


def test_a_new_reference_can_be_given():
    result = transfer_plan(example(), to_la="330", move_date=D(2026, 12, 21), reference="BCC-EHCP-27-00001")
    assert result.plan.metadata.plan_reference == "BCC-EHCP-27-00001"


# -- what cannot be transferred ---------------------------------------------------------------------------------


def ceased_plan() -> Plan:
    return kent_to_birmingham().closing_record


@pytest.mark.parametrize(
    ("plan", "changes", "words"),
    [
        (lambda: example(), {"to_la": "886"}, "already maintained by Kent (886)"),
        (lambda: example(), {"to_la": "999"}, "'999' is not one of the 153 current DfE three-digit LA codes"),
        (lambda: example(), {"to_la": "909"}, "was retired in April 2023; use 942 (Cumberland) or 943"),
        (lambda: example(), {"move_date": D(2026, 11, 1)}, "is before this version was issued (2026-11-20)"),
        (lambda: example(), {"on": D(2026, 12, 20)}, "is before the move on 2026-12-21"),
        (ceased_plan, {}, "ceased 2026-12-21, so there is no plan to transfer"),
        (lambda: example("under5-health-social-care-draft.json"), {}, "is a draft: only a finalised plan"),
    ],
)
def test_a_transfer_that_cannot_be_made_is_refused_saying_why(plan, changes, words):
    arguments = {"to_la": "330", "move_date": D(2026, 12, 21), **changes}
    with pytest.raises(TransferError) as raised:
        transfer_plan(plan(), **arguments)
    assert words in str(raised.value)
    assert isinstance(raised.value, EhcpError)


# -- the pack ---------------------------------------------------------------------------------------------------


def test_transfer_write_verify_read_round_trip(tmp_path):
    result = kent_to_birmingham()
    path = write_pack(result, tmp_path / "out" / "pack.zip")
    report = verify_pack(path)
    assert report.ok, report.problems
    assert set(report.files) == {"plan.docx", "plan.json", "advice.csv", "transfer.json", MANIFEST}
    plan = read_pack(path)
    assert plan == result.plan
    assert plan.metadata.la_code == "330"
    assert plan.metadata.history[-1].content_sha256 == example().content_sha256()
    assert [e.type for e in plan.metadata.events[-2:]] == ["transfer_out", "transfer_in"]


def test_the_manifest_lists_every_file_with_its_hash_size_and_versions():
    with zipfile.ZipFile(io.BytesIO(pack_data())) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        assert manifest["pack_format"] == PACK_FORMAT and manifest["schema_version"] == "1.0.0"
        assert [f["name"] for f in manifest["files"]] == ["plan.docx", "plan.json", "advice.csv", "transfer.json"]
        for entry in manifest["files"]:
            assert entry["size"] == len(archive.read(entry["name"]))
        assert json.loads(archive.read("transfer.json"))["deadlines"][0]["due"] == "2027-01-05"


def test_the_advice_list_has_a_row_per_section_k_entry():
    with zipfile.ZipFile(io.BytesIO(pack_data())) as archive:
        lines = archive.read("advice.csv").decode("utf-8").splitlines()
    assert lines[0].startswith("id,advice_type,description")
    assert len(lines) == 1 + len(example().advice.entries)


def test_the_same_transfer_makes_the_same_pack_bytes():
    assert pack_bytes(kent_to_birmingham()) == pack_data()


def rewrite(path: Path, *, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = (),
            add: dict[str, bytes] | None = None) -> Path:
    """Write a copy of the pack with some members replaced, dropped or added (manifest untouched unless given)."""
    target = path.with_name("tampered.zip")
    with zipfile.ZipFile(io.BytesIO(pack_data())) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            if info.filename not in drop:
                out.writestr(info.filename, (replace or {}).get(info.filename, source.read(info.filename)))
        for name, data in (add or {}).items():
            out.writestr(name, data)
    return target


def test_a_tampered_plan_json_fails_verification_naming_the_file(tmp_path):
    original = json.loads(zipfile.ZipFile(io.BytesIO(pack_data())).read("plan.json"))
    original["metadata"]["la_code"] = "383"
    path = rewrite(tmp_path / "p.zip", replace={"plan.json": json.dumps(original).encode()})
    report = verify_pack(path)
    assert not report.ok
    assert "plan.json" in report.failing_files()
    assert any(p.file == "plan.docx" and "differs from plan.json" in p.message for p in report.problems)
    with pytest.raises(TransferPackError) as raised:
        read_pack(path)
    assert "plan.json" in str(raised.value)
    assert ("plan.json" in [file for file, _ in raised.value.problems])


def test_a_tampered_advice_list_fails_naming_it(tmp_path):
    path = rewrite(tmp_path / "p.zip", replace={"advice.csv": b"id\r\nK-1\r\n"})
    report = verify_pack(path)
    assert report.failing_files() == ["advice.csv"]
    assert "SHA-256" in str(report.problems[0]) or "bytes" in str(report.problems[0])


def test_a_file_edited_together_with_its_manifest_entry_is_still_caught_by_the_cross_checks(tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(pack_data()))
    manifest = json.loads(archive.read(MANIFEST))
    forged = b"id,advice_type\r\n"
    import hashlib

    for entry in manifest["files"]:
        if entry["name"] == "advice.csv":
            entry.update(size=len(forged), sha256=hashlib.sha256(forged).hexdigest())
    path = rewrite(tmp_path / "p.zip", replace={"advice.csv": forged, MANIFEST: json.dumps(manifest).encode()})
    assert verify_pack(path).failing_files() == ["advice.csv"]


@pytest.mark.parametrize(
    ("changes", "file", "words"),
    [
        ({"drop": ("plan.docx",)}, "plan.docx", "missing from the pack"),
        ({"add": {"extra.txt": b"hello"}}, "extra.txt", "not listed in the manifest"),
        ({"add": {"../evil.txt": b"x"}}, "../evil.txt", "not a plain file name"),
        ({"add": {"/etc/passwd": b"x"}}, "/etc/passwd", "not a plain file name"),
        ({"drop": (MANIFEST,)}, MANIFEST, "is missing"),
        ({"replace": {MANIFEST: b"not json"}}, MANIFEST, "not well-formed"),
    ],
)
def test_a_damaged_pack_fails_naming_the_file(tmp_path, changes, file, words):
    report = verify_pack(rewrite(tmp_path / "p.zip", **changes))
    assert not report.ok
    assert any(p.file == file and words in p.message for p in report.problems), report.problems


def test_a_file_that_is_not_a_zip_is_reported_not_raised(tmp_path):
    path = tmp_path / "p.zip"
    path.write_bytes(b"not a zip")
    report = verify_pack(path)
    assert not report.ok and "not a zip archive" in report.problems[0].message
    assert not verify_pack(tmp_path / "absent.zip").ok


def test_a_pack_from_another_format_version_is_refused(tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(pack_data()))
    manifest = json.loads(archive.read(MANIFEST))
    manifest["pack_format"] = "9.9"
    report = verify_pack(rewrite(tmp_path / "p.zip", replace={MANIFEST: json.dumps(manifest).encode()}))
    assert any("pack_format is '9.9'" in p.message for p in report.problems)
