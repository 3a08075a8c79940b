"""The transfer pack: one zip archive a council sends with a plan when the family moves, and its verification.

A pack holds, flat (no folders)::

    plan.docx       the plan in the national standardised layout, with the plan's JSON embedded (render.embed)
    plan.json       the plan's JSON, exactly the text embedded in plan.docx
    advice.csv      the advice list: one row per section K entry
    transfer.json   the transfer: councils, move and notice dates, the statutory deadlines and notes
    manifest.json   every other file with its size and SHA-256, the plan schema version and the pack format version

``write_pack`` makes it (the same transfer always gives the same bytes); ``verify_pack`` checks it without ever
raising for a bad pack: every file listed is present with its size and hash, nothing is missing or extra, every
name is a plain file name (no folders, no "..", no absolute paths), the sizes are within limits (each file, all
of them together, and no file compressed like a zip bomb), ``plan.json`` is a valid plan, the plan embedded in
``plan.docx`` is the same text (``plan.docx`` is opened as every Word file is, through ``ooxml``), and
``advice.csv`` is section K of that plan. ``read_pack`` verifies and returns the plan, or raises
``TransferPackError`` naming each failing file.

The manifest detects accidental damage and editing of any file it lists. It is not a signature: someone who edits
a file *and* its manifest entry makes a pack that passes (though ``plan.docx``, ``plan.json`` and ``advice.csv``
must still agree with one another). Send packs over a secure channel, or sign the pack file as a whole.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import EhcpError, TransferPackError
from .model import Plan
from .model.version import SCHEMA_VERSION
from .transfer import TransferResult
from .validation import validate_plan

#: Version of the pack layout (files and manifest fields), independent of the package and the plan schema.
PACK_FORMAT = "1.0"
MANIFEST = "manifest.json"
PLAN_DOCX = "plan.docx"
PLAN_JSON = "plan.json"
ADVICE_CSV = "advice.csv"
TRANSFER_JSON = "transfer.json"
#: The files every pack must list in its manifest.
REQUIRED_FILES = (PLAN_DOCX, PLAN_JSON, ADVICE_CSV)
MEDIA_TYPES = {
    PLAN_DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PLAN_JSON: "application/json",
    ADVICE_CSV: "text/csv",
    TRANSFER_JSON: "application/json",
}
ADVICE_COLUMNS = ("id", "advice_type", "description", "who_from", "role", "date_requested", "date_received",
                  "appended", "existing_advice_reused")
#: Limits that keep a hostile pack from exhausting memory.
MAX_PACK_BYTES = 100 * 1024 * 1024
MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_FILES = 32
#: Largest total of the files read from one pack once unpacked (each is at most ``MAX_FILE_BYTES``).
MAX_UNPACKED_BYTES = 2 * MAX_FILE_BYTES
#: A file that unpacks to more than ``MAX_RATIO`` times its compressed size, once past ``RATIO_FLOOR`` bytes, is a
#: zip bomb (the numbers of ``ooxml.Limits``, which this module does not import so as not to load lxml).
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
#: A safe name in a pack: a plain file name.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
#: Fixed timestamp of every member, so the same transfer makes the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Cells that a spreadsheet would run as a formula start with one of these; such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class PackProblem:
    """A problem found in a pack: the ``file`` it concerns (``""``: the pack as a whole) and what is wrong."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message


@dataclass(frozen=True)
class VerifyReport:
    """The result of ``verify_pack``: the ``problems`` found (none: the pack is intact), the files checked and the
    manifest as read (``None`` if it could not be read)."""

    source: str
    problems: tuple[PackProblem, ...]
    files: tuple[str, ...] = ()
    manifest: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """Return whether the pack passed every check."""
        return not self.problems

    def failing_files(self) -> list[str]:
        """Return the names of the files with a problem, each once, in the order found."""
        return list(dict.fromkeys(p.file for p in self.problems if p.file))

    def as_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        return {"source": self.source, "ok": self.ok, "files": list(self.files),
                "problems": [{"file": p.file, "message": p.message} for p in self.problems]}


# -- writing -----------------------------------------------------------------------------------------------------


def _safe_cell(value: Any) -> str:
    """Return a CSV cell: booleans as yes/no, ``None`` empty, and text a spreadsheet would run as a formula
    prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """Return CSV text (comma-separated, CRLF line ends, quoted only where needed) with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(columns))
    writer.writerows([_safe_cell(value) for value in row] for row in rows)
    return out.getvalue()


def advice_csv(plan: Plan) -> str:
    """Return the advice list of ``plan`` as CSV: one row per section K entry, in the plan's order."""
    entries = plan.advice.entries if plan.advice else ()
    rows = ([getattr(entry, column) for column in ADVICE_COLUMNS] for entry in entries)
    return csv_text(ADVICE_COLUMNS, ([v.isoformat() if hasattr(v, "isoformat") else v for v in r] for r in rows))


def _render(plan: Plan, options: Any) -> bytes:
    from .render import RenderOptions, render_docx  # Word libraries load only when a pack is written

    return render_docx(plan, options or RenderOptions())


def pack_files(result: TransferResult, *, options: Any = None) -> dict[str, bytes]:
    """Return the files of the pack for ``result`` (without the manifest), by name, in pack order."""
    plan = result.plan
    transfer = json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"
    return {
        PLAN_DOCX: _render(plan, options),
        PLAN_JSON: plan.to_json().encode("utf-8"),
        ADVICE_CSV: advice_csv(plan).encode("utf-8"),
        TRANSFER_JSON: transfer.encode("utf-8"),
    }


def manifest_for(files: dict[str, bytes], result: TransferResult) -> dict[str, Any]:
    """Return the manifest of a pack holding ``files``: format and schema versions, the plan and councils, and each
    file's name, size, SHA-256 and media type."""
    from . import __version__

    listed = [{"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
               "media_type": MEDIA_TYPES.get(name, "application/octet-stream")} for name, data in files.items()]
    return {"pack_format": PACK_FORMAT, "schema_version": SCHEMA_VERSION, "generator": f"ehcp-standard {__version__}",
            "plan_reference": result.plan.metadata.plan_reference, "la_code": result.to_la,
            "from_la": result.from_la, "transferred_on": result.transferred_on.isoformat(), "files": listed}


def _zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def pack_bytes(result: TransferResult, *, options: Any = None) -> bytes:
    """Return the bytes of the transfer pack for ``result`` (see the module docstring). ``options`` are the
    ``render.RenderOptions`` for the Word document (council name and logo)."""
    files = pack_files(result, options=options)
    manifest = json.dumps(manifest_for(files, result), indent=2, ensure_ascii=False) + "\n"
    return _zip_bytes({**files, MANIFEST: manifest.encode("utf-8")})


def write_pack(result: TransferResult, path: str | os.PathLike[str], *, options: Any = None) -> Path:
    """Write the transfer pack for ``result`` to ``path`` (replacing it whole, never leaving half a file) and
    return the path. Raise ``TransferPackError`` if it cannot be written."""
    target = Path(path)
    data = pack_bytes(result, options=options)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".pack-", delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, target)
    except OSError as error:
        reason = error.strerror or str(error)
        raise TransferPackError(f"cannot write the pack ({reason}); check that the folder is writable",
                                source=os.fspath(target)) from error
    return target


# -- verifying ---------------------------------------------------------------------------------------------------


class _Checker:
    """Collects the problems of one pack while its checks run."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.problems: list[PackProblem] = []
        self.contents: dict[str, bytes] = {}
        self.unpacked = 0

    def add(self, file: str, message: str) -> None:
        self.problems.append(PackProblem(file, message))

    def read(self, name: str, limit: int = MAX_FILE_BYTES) -> bytes | None:
        """Return the bytes of member ``name`` (read once, at most ``limit`` bytes, and within ``MAX_RATIO`` and
        ``MAX_UNPACKED_BYTES``), or ``None`` with a problem."""
        if name in self.contents:
            return self.contents[name]
        try:
            info = self.archive.getinfo(name)
            if (problem := _size_problem(info, limit, MAX_UNPACKED_BYTES - self.unpacked)) is not None:
                self.add(name, problem)
                return None
            with self.archive.open(info) as member:
                data = member.read(limit + 1)  # zipfile stops at the declared size and checks the CRC there
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, NotImplementedError) as error:
            self.add(name, f"cannot be unpacked ({error})")
            return None
        if len(data) > limit:
            self.add(name, f"unpacks to more than {limit:,} bytes")
            return None
        self.unpacked += len(data)
        self.contents[name] = data
        return data


def _size_problem(info: zipfile.ZipInfo, limit: int, left: int) -> str | None:
    """Return why member ``info`` is too large to read (``left``: bytes still allowed for the whole pack), or
    ``None``."""
    size, compressed = info.file_size, info.compress_size
    if size > limit:
        return f"is {size:,} bytes unpacked; a pack file may be at most {limit:,}"
    if size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
        return (f"unpacks to {size:,} bytes from {compressed:,} compressed bytes, a ratio over {MAX_RATIO} to 1: "
                "a zip bomb, not read")
    if size > left:
        return (f"is {size:,} bytes unpacked, which would take the pack past {MAX_UNPACKED_BYTES:,} bytes "
                "unpacked in all; not read")
    return None


def _name_problem(name: str) -> str | None:
    """Return why ``name`` is not a safe pack file name, or ``None`` if it is."""
    if SAFE_NAME.fullmatch(name) and name not in (".", ".."):
        return None
    return ("is not a plain file name (a pack holds only flat names of letters, digits, '.', '_' and '-', with no "
            "folders, '..' or absolute paths); the pack may have been tampered with")


def _check_members(check: _Checker) -> list[str]:
    """Check every member's name, kind and count; return the names of the members that are safe to read."""
    infos = check.archive.infolist()
    if len(infos) > MAX_FILES:
        check.add("", f"holds {len(infos)} files; a transfer pack holds at most {MAX_FILES}")
    names = [info.filename for info in infos]
    for name in sorted({n for n in names if names.count(n) > 1}):
        check.add(name, "appears more than once in the archive")
    safe = []
    for info in infos:
        problem = _name_problem(info.filename)
        kind = stat.S_IFMT(info.external_attr >> 16)
        if problem:
            check.add(info.filename, problem)
        elif info.is_dir() or kind not in (0, stat.S_IFREG):
            check.add(info.filename, "is not a regular file (a folder or a link)")
        elif names.count(info.filename) == 1:
            safe.append(info.filename)
    return safe


def _read_manifest(check: _Checker, names: list[str]) -> dict[str, Any] | None:
    if MANIFEST not in names:
        check.add(MANIFEST, "is missing: a transfer pack lists its files in manifest.json")
        return None
    data = check.read(MANIFEST, MAX_MANIFEST_BYTES)
    try:
        manifest = json.loads(data.decode("utf-8")) if data is not None else None
    except (UnicodeDecodeError, ValueError) as error:
        check.add(MANIFEST, f"is not well-formed UTF-8 JSON ({error})")
        return None
    if data is not None and not isinstance(manifest, dict):
        check.add(MANIFEST, "should be a JSON object")
        return None
    return manifest


def _check_versions(check: _Checker, manifest: dict[str, Any]) -> None:
    if manifest.get("pack_format") != PACK_FORMAT:
        check.add(MANIFEST, f"pack_format is {manifest.get('pack_format')!r}; this library reads {PACK_FORMAT!r}")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        check.add(MANIFEST, f"schema_version is {manifest.get('schema_version')!r}; this library reads plans of "
                            f"schema {SCHEMA_VERSION!r}")


def _listed_entries(check: _Checker, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the manifest's well-formed file entries by name, adding a problem for each malformed one."""
    files = manifest.get("files")
    if not isinstance(files, list):
        check.add(MANIFEST, "has no 'files' list")
        return {}
    entries: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(files):
        ok = isinstance(entry, dict) and isinstance(entry.get("name"), str) and isinstance(entry.get("size"), int)
        if not ok or not isinstance(entry.get("sha256"), str):
            check.add(MANIFEST, f"files[{index}] should have a name, a size and a sha256")
        elif _name_problem(entry["name"]) or entry["name"] == MANIFEST:
            check.add(entry["name"], "is listed in the manifest under a name a pack may not hold")
        elif entry["name"] in entries:
            check.add(entry["name"], "is listed in the manifest more than once")
        else:
            entries[entry["name"]] = entry
    return entries


def _check_listed(check: _Checker, entries: dict[str, dict[str, Any]], names: list[str]) -> None:
    for name in REQUIRED_FILES:
        if name not in entries:
            check.add(name, "is not listed in the manifest: every transfer pack has it")
    for name, entry in entries.items():
        if name not in names:
            check.add(name, "is listed in the manifest but missing from the pack")
            continue
        data = check.read(name)
        if data is None:
            continue
        digest = hashlib.sha256(data).hexdigest()
        if len(data) != entry["size"]:
            check.add(name, f"is {len(data):,} bytes; the manifest says {entry['size']:,}: the file was changed")
        elif digest != entry["sha256"].lower():
            check.add(name, f"SHA-256 is {digest}; the manifest says {entry['sha256']}: the file was changed")
    for name in names:
        if name != MANIFEST and name not in entries:
            check.add(name, "is in the pack but not listed in the manifest")


def _check_plan(check: _Checker, source: str) -> Plan | None:
    """Check that plan.json is a valid plan, and that plan.docx embeds it and advice.csv is its section K."""
    text = check.contents.get(PLAN_JSON)
    if text is None:
        return None
    report = validate_plan(text, source=f"{source}!{PLAN_JSON}")
    for problem in report.problems:
        check.add(PLAN_JSON, f"is not a valid plan: {problem}")
    if report.plan is None:
        return None
    _check_docx(check, text.decode("utf-8", errors="replace"), source)
    advice = check.contents.get(ADVICE_CSV)
    if advice is not None and advice != advice_csv(report.plan).encode("utf-8"):
        check.add(ADVICE_CSV, "does not match section K of plan.json")
    return report.plan


def _check_docx(check: _Checker, plan_text: str, source: str) -> None:
    from .render import extract_embedded_plan  # Word libraries load only here

    docx = check.contents.get(PLAN_DOCX)
    if docx is None:
        return
    try:
        embedded = extract_embedded_plan(docx, source=f"{source}!{PLAN_DOCX}")
    except EhcpError as error:
        check.add(PLAN_DOCX, f"cannot be read as a Word document with a plan inside ({error})")
        return
    if embedded is None:
        check.add(PLAN_DOCX, "carries no embedded plan; it should embed plan.json")
    elif embedded != plan_text:
        check.add(PLAN_DOCX, "the plan embedded in the Word document differs from plan.json")


def _open(path: Path) -> tuple[zipfile.ZipFile | None, PackProblem | None]:
    try:
        size = path.stat().st_size
        if size > MAX_PACK_BYTES:
            limit = f"a transfer pack is read up to {MAX_PACK_BYTES:,}"
            return None, PackProblem("", f"the pack is {size:,} bytes; {limit}")
        return zipfile.ZipFile(path), None
    except FileNotFoundError:
        return None, PackProblem("", "no such file; check the path")
    except (zipfile.BadZipFile, OSError) as error:
        return None, PackProblem("", f"not a zip archive, so not a transfer pack ({error})")


def verify_pack(path: str | os.PathLike[str]) -> VerifyReport:
    """Check the transfer pack at ``path`` (see the module docstring) and return what was found; never raises for a
    damaged or hostile pack."""
    return _verify(path)[0]


def _verify(path: str | os.PathLike[str]) -> tuple[VerifyReport, dict[str, bytes]]:
    """Return the report of ``verify_pack`` and the bytes of the files read while checking, by name."""
    source = os.fspath(path)
    archive, problem = _open(Path(path))
    if archive is None:
        return VerifyReport(source, (problem,) if problem else ()), {}
    with archive:
        check = _Checker(archive)
        names = _check_members(check)
        manifest = _read_manifest(check, names)
        if manifest is not None:
            _check_versions(check, manifest)
            _check_listed(check, _listed_entries(check, manifest), names)
            _check_plan(check, source)
    return VerifyReport(source, tuple(check.problems), tuple(names), manifest), check.contents


def read_pack(path: str | os.PathLike[str]) -> Plan:
    """Verify the transfer pack at ``path`` and return its plan (the receiving council's version, with its history
    and events). Raise ``TransferPackError`` naming every failing file if the pack does not verify. The plan is
    the very ``plan.json`` bytes that were verified: the file is not opened a second time."""
    report, contents = _verify(path)
    if not report.ok:
        failing = ", ".join(report.failing_files()) or "the pack as a whole"
        raise TransferPackError(
            f"failed verification ({failing}): " + "; ".join(str(p) for p in report.problems),
            source=report.source, problems=[(p.file, p.message) for p in report.problems],
        )
    return Plan.model_validate_json(contents[PLAN_JSON])
