"""A transfer pack comes from another council and is hostile until verified: its plan.docx is opened through
``ooxml`` (as every Word file is), a member compressed like a zip bomb or past the total limit is not read, and
``read_pack`` returns the very bytes it verified. Each case is built in code, with a manifest that matches, so it is
the new check, not the hash, that catches it."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ehcp_standard import transfer_pack
from ehcp_standard.cli import app
from ehcp_standard.transfer_pack import MANIFEST, PLAN_DOCX, read_pack, verify_pack
from tests.read.helpers import parts, zip_parts

from .test_transfer import pack_data

DOCTYPE_ITEM = (b'<!DOCTYPE p [<!ENTITY e "injected">]><ehcp:plan xmlns:ehcp="urn:ehcp-standard:plan">&e;'
                b"</ehcp:plan>")


def repack(path: Path, **replace: bytes) -> Path:
    """Write the pack with members replaced or added (deflated), and the manifest updated to match them."""
    with zipfile.ZipFile(io.BytesIO(pack_data())) as source:
        files = {name: source.read(name) for name in source.namelist()}
    manifest = json.loads(files.pop(MANIFEST))
    files.update(replace)
    manifest["files"] = [{"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                         for name, data in files.items()]
    files[MANIFEST] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in files.items():
            out.writestr(name, data)
    return path


def plan_docx_with(name: str, data: bytes) -> bytes:
    """Return the pack's plan.docx with part ``name`` replaced by ``data``."""
    with zipfile.ZipFile(io.BytesIO(pack_data())) as source:
        docx = source.read(PLAN_DOCX)
    return zip_parts({**parts(docx), name: data})


def problems_of(path: Path, file: str) -> list[str]:
    return [p.message for p in verify_pack(path).problems if p.file == file]


def test_a_plan_docx_with_a_doctype_in_its_plan_part_fails_naming_the_file_and_the_part(tmp_path):
    path = repack(tmp_path / "p.zip", **{PLAN_DOCX: plan_docx_with("customXml/item1.xml", DOCTYPE_ITEM)})
    [message] = problems_of(path, PLAN_DOCX)
    assert message.startswith(f"cannot be read as a Word document with a plan inside ({path}!plan.docx: "
                              "customXml/item1.xml declares a DOCTYPE")


def test_a_plan_docx_that_is_a_zip_bomb_fails_without_being_unpacked(tmp_path):
    path = repack(tmp_path / "p.zip", **{PLAN_DOCX: plan_docx_with("word/media/blob.bin", bytes(70 << 20))})
    [message] = problems_of(path, PLAN_DOCX)
    assert "the part word/media/blob.bin declares 73,400,320 bytes once unpacked" in message


def test_a_pack_member_compressed_like_a_zip_bomb_is_not_read(tmp_path):
    path = repack(tmp_path / "p.zip", **{"notes.txt": bytes(20 << 20)})
    [message] = problems_of(path, "notes.txt")
    assert message.startswith("unpacks to 20,971,520 bytes from ") and "a zip bomb, not read" in message


def test_members_past_the_total_unpacked_limit_are_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(transfer_pack, "MAX_UNPACKED_BYTES", 50_000)
    report = verify_pack(repack(tmp_path / "p.zip"))
    assert any("past 50,000 bytes unpacked in all; not read" in p.message for p in report.problems)


def test_read_pack_returns_the_plan_it_verified_without_opening_the_pack_again(tmp_path, monkeypatch):
    path = repack(tmp_path / "p.zip")
    opened = []
    original = transfer_pack._open
    monkeypatch.setattr(transfer_pack, "_open", lambda p: opened.append(p) or original(p))
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda *_: pytest.fail("the pack was read a second time"))
    assert read_pack(path).metadata.la_code == "330"
    assert len(opened) == 1


def test_ehcp_transfer_verify_fails_a_pack_with_a_hostile_plan_docx_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    repack(Path("p.zip"), **{PLAN_DOCX: plan_docx_with("customXml/item1.xml", DOCTYPE_ITEM)})
    result = CliRunner().invoke(app, ["transfer", "--verify", "p.zip"])
    assert result.exit_code == 1
    assert result.stdout.startswith("FAIL p.zip (1 problem)")
    assert "\n  plan.docx: cannot be read as a Word document with a plan inside (p.zip!plan.docx: " in result.stdout


def test_ehcp_transfer_refuses_a_hostile_word_plan_with_exit_1_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("plan.docx").write_bytes(plan_docx_with("customXml/item1.xml", DOCTYPE_ITEM))
    result = CliRunner().invoke(app, ["transfer", "plan.docx", "--to-la", "330", "--move-date", "2027-01-04"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: plan.docx: customXml/item1.xml declares a DOCTYPE")
    assert not list(tmp_path.glob("*.zip"))
