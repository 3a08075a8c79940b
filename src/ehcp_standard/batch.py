"""Converting many legacy plans at once: workers, resume, atomic writes and one result per input.

::

    from ehcp_standard.batch import BatchOptions, prepare_batch

    batch = prepare_batch(["legacy-plans/"], "converted/", BatchOptions(workers=4, resume=True))
    result = batch.run(on_result=lambda r: print(r.name, r.status))   # nothing is written before run()
    print(result.counts(), result.exit_code)                          # exit_code: 0 all converted, 1 any failed

How a run goes:

1. **Find the inputs** (:func:`scan_inputs`): the files named, and every ``.docx``, ``.csv`` and ``.xlsx`` under
   the folders named, recursively and sorted. Every other file in a folder (a ``.doc``, ``.pdf``, ``.odt``,
   ``.rtf``…) is *skipped*: not read, but listed in the batch report, without failing the batch. Hidden files and
   folders, Word lock files (``~$…``) and macOS resource files (``._…``) are passed over silently; a symbolic link is
   followed only to a file or folder inside an input folder (one that leads elsewhere is refused and reported);
   what a batch writes is never read as input, nor listed.
2. **Hash and name them.** Each file's SHA-256 identifies it: a file with the same bytes as an earlier one is a
   ``duplicate`` of it and is not converted again. Each input gets an output name (:func:`output_stems`) made only
   of ASCII letters, digits, ``-`` and ``_`` from its path inside its folder, so no name can climb out of the
   output folder or collide with another (case-insensitively); a clash is settled by the file's hash.
3. **Resume** (``resume=True``): an input whose completion record is in the output folder, with the same bytes,
   the same name and options, and every output file present with the hash recorded, is not converted again (nor
   is one refused for what it is: encrypted, unsafe, not a plan…; one that crashed, timed out or could not be read
   or written is tried again). The other records, and the outputs they list, are removed. Without ``resume``, a
   run starts afresh: every earlier record and the outputs it lists are removed first.
4. **Convert** in worker processes (default: one per core). Each worker reads a file, converts it
   (``convert_bytes``), renders each plan in the standard layout and writes its outputs, then the input's
   completion record. A worker that crashes or passes the time limit (counted from when it starts the input, not
   from its own start-up) is stopped and replaced; its input is reported (``crashed``, ``timeout``), its partial
   outputs removed, and the batch goes on. A lock on the output folder keeps a second batch from writing into it
   at the same time.
5. **Report**: ``report.csv`` and ``report.html`` (see :mod:`ehcp_standard.batch_report`).

The output folder::

    OUT/plans/<name>.json           the standard plan (a .csv/.xlsx export gives <name>__<plan reference>.json…)
    OUT/plans/<name>.docx           the plan in the national standardised layout, with the plan embedded
    OUT/plans/<name>.report.json    the conversion report (what went where, what was carried over, findings)
    OUT/plans/<name>.report.txt     the same for a person to read
    OUT/report.csv, OUT/report.html the batch report
    OUT/.ehcp-convert/run.json      the options and as-of date of the run (so a resumed run uses the same)
    OUT/.ehcp-convert/done/<sha256>.json   one completion record per input converted or refused

**Atomicity.** Every file is written to a temporary file (``.ehcp-tmp-…``) in the same folder, flushed and synced
to disk, and renamed over its name, so a file under its final name is always complete. An input's outputs are
staged together: each is synced on a background thread while the next is made, and none is renamed until all
are on disk (if one cannot be written, none is kept). An input's completion
record is written only after all its outputs (and their folder) are on disk, so a killed run leaves, for each
input, either a record and a complete set of outputs, or no record (the input is converted again on resume, its
stray outputs removed first). Temporary files left by a killed run are removed by the next. Files are created
readable by their owner only (they hold personal data).

**Personal data.** Records, results and messages name files, output names and plan references, never a child.
A completion record holds locations, reasons, counts, hashes and statuses only: never a heading (which can quote a
child's name), a text, a name or an identifier's value. The reasons are the converter's, which never repeat a
refused identifier; the name of an unexpected exception is kept but not its message, which might quote the
document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import re
import signal
import stat
import tempfile
import time
import traceback
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from . import __version__
from .errors import (
    CorruptDocumentError,
    DocumentError,
    EhcpError,
    EncryptedDocumentError,
    IncompletePlanError,
    NotADocxError,
    NotAPlanError,
    UnsafeDocumentError,
)
from .ooxml import Limits

#: The kinds of legacy file a folder is searched for.
SUFFIXES = (".docx", ".csv", ".xlsx")
#: Where plans and their reports are written, inside the output folder.
PLANS_DIR = "plans"
#: Where the run's state (options, completion records) is kept, inside the output folder.
STATE_DIR = ".ehcp-convert"
#: The prefix of every temporary file; such files are incomplete by definition and removed by the next run.
TEMP_PREFIX = ".ehcp-tmp-"
#: The version of the completion records' layout; a record of another version is never reused. (2: no headings.)
RECORD_VERSION = 2
#: The largest input read, in bytes (a Word file's limit in ``ooxml``, applied to every kind).
MAX_FILE_BYTES = Limits().max_file_bytes
#: Why a file found in a folder was not read (it is listed in the batch report as ``skipped``).
SKIPPED_REASON = "not a .docx, .csv or .xlsx file (convert .doc/.odt/.rtf to .docx first)"
#: The files written for each plan: kind → suffix of the file name.
OUTPUT_SUFFIXES = {"json": ".json", "docx": ".docx", "report_json": ".report.json", "report_txt": ".report.txt"}

_NAME_LIMIT = 60
_STEM_LIMIT = 150
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]+")
_UNDERSCORES = re.compile(r"_{2,}")


class Status(StrEnum):
    """What happened to one input. Every status but ``converted`` and ``duplicate`` is a failure: the file is not
    a Word document, is encrypted, unsafe (too large, a zip bomb, a DOCTYPE, a link out of the input folders) or
    corrupt, holds no plan, or lacks a field every plan must have; it could not be read (or changed during the
    run), or its outputs could not be written; it needs a package that is not installed; the converter failed (a bug); its worker crashed or it took
    too long."""

    CONVERTED = "converted"
    DUPLICATE = "duplicate"
    NOT_A_DOCX = "not-a-docx"
    ENCRYPTED = "encrypted"
    UNSAFE = "unsafe"
    CORRUPT = "corrupt"
    NOT_A_PLAN = "not-a-plan"
    INCOMPLETE = "incomplete"
    UNREADABLE = "unreadable"
    UNWRITABLE = "unwritable"
    UNSUPPORTED = "unsupported"
    ERROR = "error"
    CRASHED = "crashed"
    TIMEOUT = "timeout"


#: Statuses that say nothing about the file itself: on resume, such an input is tried again.
RETRIED = frozenset({Status.CRASHED, Status.TIMEOUT, Status.UNREADABLE, Status.UNWRITABLE, Status.UNSUPPORTED})
_ERROR_STATUS = (
    (NotADocxError, Status.NOT_A_DOCX),
    (EncryptedDocumentError, Status.ENCRYPTED),
    (UnsafeDocumentError, Status.UNSAFE),
    (CorruptDocumentError, Status.CORRUPT),
    (NotAPlanError, Status.NOT_A_PLAN),
    (IncompletePlanError, Status.INCOMPLETE),
)


# -- options and results -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch.

    ``profile`` (a converter ``Profile``; ``None``: detect one per document), ``la_code`` (the owning council when
    a plan does not say), ``check`` (run the compliance checker) and ``as_of`` (the date its time-based rules are
    judged on; default today, or on resume the date of the run resumed) are passed to the converter;
    ``render_options`` to the renderer. ``workers`` is the number of worker processes (``None``: one per core),
    ``timeout`` the seconds one input may take before its worker is stopped (counted from when the worker starts
    it, so a new worker's start-up is charged to no input), ``tasks_per_worker`` how many
    inputs a worker converts before it is replaced (bounding memory), ``durable`` whether each file is flushed to
    disk before it is renamed, ``show_names`` whether the batch report names each child (read from the plans
    written). ``convert`` replaces the converter, ``(data, source, options) -> [Conversion]``
    (a module-level function, since workers receive it by reference); ``start_method`` the multiprocessing start
    method (``None``: ``forkserver`` where there is one, else ``spawn``).
    """

    profile: Any = None
    la_code: str | None = None
    check: bool = True
    as_of: dt.date | None = None
    render_options: Any = None
    workers: int | None = None
    timeout: float = 300.0
    resume: bool = False
    tasks_per_worker: int = 500
    durable: bool = True
    convert: Callable[..., list[Any]] | None = None
    start_method: str | None = None
    show_names: bool = False


@dataclass(frozen=True)
class PlanResult:
    """One plan converted from an input: where it came from (``source``, ``export.csv#REF`` for a row of an
    export), its reference, output name and files (kind → path inside the output folder, with each file's
    SHA-256), and what its conversion report counted. ``rules`` counts the compliance findings by rule id;
    ``invalid_identifiers`` how many identifier fields (UPN, ULN, NHS number, URN, UKPRN, LA code) hold a value
    refused by the model or failing its identifier rule; ``confidence`` is the mean label confidence of each
    section found; ``carried`` lists each carried-over item's location, reason and suggested section (never its
    text, nor the heading it sat under, which can quote a child's name: that is in the plan's own report)."""

    source: str
    plan_reference: str
    stem: str
    files: dict[str, str]
    hashes: dict[str, str]
    profile: str = ""
    mapped: int = 0
    carried_over: int = 0
    errors: int = 0
    warnings: int = 0
    rules: dict[str, int] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    carried: tuple[dict[str, Any], ...] = ()
    invalid_identifiers: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-shaped data (as the completion record holds it)."""
        return {"source": self.source, "plan_reference": self.plan_reference, "stem": self.stem,
                "files": dict(self.files), "hashes": dict(self.hashes), "profile": self.profile,
                "mapped": self.mapped, "carried_over": self.carried_over, "errors": self.errors,
                "warnings": self.warnings, "invalid_identifiers": self.invalid_identifiers,
                "rules": dict(self.rules), "confidence": dict(self.confidence),
                "carried": [dict(entry) for entry in self.carried]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanResult:
        """Return the result ``to_dict`` made."""
        return cls(**{**data, "carried": tuple(data.get("carried", ()))})


@dataclass(frozen=True)
class InputResult:
    """What happened to one input: its display ``name``, SHA-256, size, output name (``stem``) and ``status``;
    ``reason`` (starting with the name) says why it failed, or whose duplicate it is; ``plans`` lists the plans
    converted from it. ``seconds`` is the time it took in its worker; ``stages`` splits that by stage (``read``,
    ``convert``, ``render``, ``write``, and any a converter timed with :func:`stage`); ``cpu_seconds`` is the
    processor time it took, and ``peak_rss_kib`` its worker's peak memory so far (neither is recorded).
    ``resumed`` is set when the result was taken from an earlier run's record."""

    name: str
    sha256: str
    size: int
    stem: str
    status: Status
    reason: str = ""
    plans: tuple[PlanResult, ...] = ()
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    cpu_seconds: float = 0.0
    peak_rss_kib: int = 0
    resumed: bool = False

    @property
    def failed(self) -> bool:
        """Return whether the input failed: neither converted nor a duplicate of an input that was."""
        return self.status not in (Status.CONVERTED, Status.DUPLICATE)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-shaped data: the completion record, less its version and options."""
        return {"name": self.name, "sha256": self.sha256, "size": self.size, "stem": self.stem,
                "status": self.status.value, "reason": self.reason, "plans": [p.to_dict() for p in self.plans],
                "seconds": self.seconds, "stages": dict(self.stages)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InputResult:
        """Return the result ``to_dict`` made."""
        return cls(name=data["name"], sha256=data["sha256"], size=data["size"], stem=data["stem"],
                   status=Status(data["status"]), reason=data.get("reason", ""),
                   plans=tuple(PlanResult.from_dict(p) for p in data.get("plans", ())),
                   seconds=data.get("seconds", 0.0), stages=dict(data.get("stages", {})))


@dataclass
class BatchResult:
    """The outcome of a batch: one result per input, in input order, the files skipped in the input folders (not
    inputs: they do not change the exit code), and notes on how the run went."""

    out_dir: Path
    results: list[InputResult]
    as_of: dt.date
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: list[SkippedFile] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Return how many inputs ended with each status (only those that occur)."""
        return dict(Counter(result.status.value for result in self.results))

    @property
    def plans(self) -> list[PlanResult]:
        """Every plan converted, in input order."""
        return [plan for result in self.results for plan in result.plans]

    @property
    def failed(self) -> list[InputResult]:
        """The inputs that failed."""
        return [result for result in self.results if result.failed]

    @property
    def resumed(self) -> int:
        """How many inputs were taken from an earlier run instead of being converted again."""
        return sum(result.resumed for result in self.results)

    @property
    def exit_code(self) -> int:
        """Return 0 if every input was converted (or is a duplicate of one that was), else 1. Files skipped in
        the input folders do not count: they are listed in the batch report and on stderr."""
        return 1 if self.failed else 0


# -- finding inputs ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputFile:
    """An input found: its display ``name`` (the path as given, joined with its path inside the folder), the real
    ``path`` to read, its ``relative`` path (from which its output name is made) and its size. ``refused`` says why
    it will not be read (a link leading out of the input folders, not a regular file, too large)."""

    name: str
    path: Path
    relative: str
    size: int = 0
    refused: str = ""
    refused_as: Status = Status.UNSAFE


@dataclass(frozen=True)
class SkippedFile:
    """A file found in an input folder that is not read, since it is not a kind converted: its display ``name``
    (as :class:`InputFile` names one) and why (:data:`SKIPPED_REASON`)."""

    name: str
    reason: str = SKIPPED_REASON


@dataclass(frozen=True)
class Scan:
    """What a search of the paths given found: the ``inputs`` to convert and the files ``skipped``, each in
    order."""

    inputs: list[InputFile]
    skipped: list[SkippedFile]


def scan_inputs(paths: Iterable[str | os.PathLike[str]], *, exclude: Iterable[str | os.PathLike[str]] = ()
                ) -> Scan:
    """Return the inputs in ``paths`` (files, and folders searched recursively), in order: each folder's files
    sorted by path, the same real file only once; and every other file in those folders, skipped. No folder or
    file in ``exclude`` (what a batch writes) is searched, taken or listed, nor is a hidden file or folder, a Word
    lock file or a macOS resource file.

    Raises ``FileNotFoundError`` for a path that does not exist."""
    paths = list(paths)
    excluded = [Path(os.path.realpath(p)) for p in exclude]
    roots = [Path(os.path.realpath(p)) for p in paths if Path(p).is_dir()]
    found: list[InputFile] = []
    skipped: dict[str, SkippedFile] = {}
    for given in paths:
        if not os.path.lexists(given):
            raise FileNotFoundError(f"{os.fspath(given)}: no such file or folder")
        if Path(given).is_dir():
            inputs, others = _folder_inputs(Path(given), roots, excluded)
            found += inputs
            skipped.update((name, SkippedFile(name)) for name in others if name not in skipped)
        else:
            found.append(_given_file(Path(given)))
    return Scan(_once_each(found), list(skipped.values()))


def find_inputs(paths: Iterable[str | os.PathLike[str]], *, exclude: Iterable[str | os.PathLike[str]] = ()
                ) -> list[InputFile]:
    """Return the inputs of :func:`scan_inputs` (the files to convert), leaving out the files skipped.

    Raises ``FileNotFoundError`` for a path that does not exist."""
    return scan_inputs(paths, exclude=exclude).inputs


def _once_each(found: list[InputFile]) -> list[InputFile]:
    """Return ``found`` with each real file once: under its own name rather than a link's, else the first."""
    chosen: dict[Path, int] = {}
    for index, entry in enumerate(found):
        if entry.refused:
            continue
        earlier = chosen.get(entry.path)
        if earlier is None or (_is_link(found[earlier]) and not _is_link(entry)):
            chosen[entry.path] = index
    keep = set(chosen.values())
    return [entry for index, entry in enumerate(found) if entry.refused or index in keep]


def _is_link(entry: InputFile) -> bool:
    return os.path.abspath(entry.name) != os.fspath(entry.path)


def _given_file(path: Path) -> InputFile:
    """A file named on its own: read whatever its name, if it is a regular file."""
    real = Path(os.path.realpath(path))
    return _checked(InputFile(os.fspath(path), real, path.name))


def _folder_inputs(folder: Path, roots: list[Path], excluded: list[Path]) -> tuple[list[InputFile], list[str]]:
    """Return the inputs found under ``folder``, and the display names of the other files there (skipped), each
    sorted by path."""
    found, skipped = [], []
    for relative, wanted in sorted(_walk(folder, roots, excluded), key=lambda pair: pair[0].split("/")):
        name = (folder / relative).as_posix() if os.fspath(folder) not in ("", ".") else relative
        real = Path(os.path.realpath(folder / relative))
        if not wanted:
            skipped.append(name)
        elif not _inside(real, roots):
            found.append(InputFile(name, folder / relative, relative, refused="a symbolic link to a file outside "
                                   "the input folders; links are followed only inside them"))
        else:
            found.append(_checked(InputFile(name, real, relative)))
    return found, skipped


def _walk(folder: Path, roots: list[Path], excluded: list[Path]) -> Iterator[tuple[str, bool]]:
    """Yield the path (relative to ``folder``, with ``/``) of each file under it, and whether it is a legacy file
    to convert; following links to folders only inside ``roots`` and each real folder once, and passing over
    hidden files and folders, lock and resource files, and what is ``excluded``."""
    visited: set[Path] = set()
    stack = [("", Path(os.path.realpath(folder)))]
    while stack:
        prefix, real = stack.pop()
        if real in visited or any(_inside(real, [ex]) for ex in excluded):
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(real), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            if _passed_over(entry):
                continue
            if _is_folder(entry):
                target = Path(os.path.realpath(entry.path))
                if _inside(target, roots):
                    stack.append((relative + "/", target))
            elif Path(os.path.realpath(entry.path)) not in excluded:
                yield relative, _wanted(entry.name)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _wanted(name: str) -> bool:
    """Return whether a file found in a folder is of a kind converted (``.docx``, ``.csv``, ``.xlsx``)."""
    return name.lower().endswith(SUFFIXES)


def _passed_over(entry: os.DirEntry) -> bool:
    """Return whether a folder entry is left out silently: hidden (a name starting with ``.``, or the hidden or
    system attribute on Windows), a Word lock file (``~$…``) or a macOS resource file (``._…``)."""
    if entry.name.startswith((".", "~$")):
        return True
    try:
        attributes = getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & (getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0) | getattr(stat, "FILE_ATTRIBUTE_SYSTEM", 0)))


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _checked(entry: InputFile) -> InputFile:
    """Return ``entry`` with its size, or refused if it is not a regular file or is too large to read."""
    try:
        info = os.stat(entry.path)
    except OSError as error:
        return replace(entry, refused=f"cannot be read ({error.strerror or error})", refused_as=Status.UNREADABLE)
    if not stat.S_ISREG(info.st_mode):
        return replace(entry, refused="not a regular file (a device, pipe or socket); only files are read",
                       refused_as=Status.UNREADABLE)
    if info.st_size > MAX_FILE_BYTES:
        return replace(entry, size=info.st_size, refused=f"the file is {info.st_size:,} bytes; a legacy plan is "
                       f"read only up to {MAX_FILE_BYTES:,} bytes")
    return replace(entry, size=info.st_size)


# -- output names ------------------------------------------------------------------------------------------------


def safe_name(text: str, *, limit: int = _NAME_LIMIT) -> str:
    """Return ``text`` as a file-name part: ASCII letters, digits and single ``_``, any other run as one ``-``; at
    most ``limit`` characters, starting and ending with a letter or digit; never a reserved Windows device name
    (``x`` stands in for nothing usable). So no part holds ``__``, nor can two parts joined with ``_``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = _UNDERSCORES.sub("_", _NOT_NAME.sub("-", ascii_text)).strip("-_")[:limit].strip("-_") or "x"
    return f"x-{name}" if name.lower() in _RESERVED else name


def base_stem(relative: str) -> str:
    """Return the output name of an input from its path inside its folder: each folder and the file's name (less
    its extension) made safe (:func:`safe_name`) and joined with ``_``; ``a/b/Plan 1.docx`` gives ``a_b_Plan-1``."""
    parts = relative.split("/")
    parts[-1] = parts[-1].rsplit(".", 1)[0] if "." in parts[-1].lstrip(".") else parts[-1]
    return "_".join(safe_name(part) for part in parts)[:_STEM_LIMIT].strip("_-") or "x"


def output_stems(inputs: list[tuple[str, str]]) -> list[str]:
    """Return the output name of each input, given as (relative path, SHA-256), in order: unique ignoring case. Inputs
    whose base names clash each get ``-`` and the first 8 digits of their hash; a clash that remains (the same
    name and hash prefix) gets ``-2``, ``-3``… in input order. The same inputs always give the same names."""
    bases = [base_stem(relative) for relative, _ in inputs]
    clashes = Counter(base.casefold() for base in bases)
    stems = [f"{base}-{digest[:8] or 'x'}" if clashes[base.casefold()] > 1 else base
             for base, (_, digest) in zip(bases, inputs)]
    return _numbered(stems)


def _numbered(names: list[str], taken: set[str] | None = None) -> list[str]:
    """Return ``names`` with ``-2``, ``-3``… added to each repeat (ignoring case), in order."""
    used = set(taken or ())
    out = []
    for name in names:
        candidate, number = name, 1
        while candidate.casefold() in used:
            number += 1
            candidate = f"{name}-{number}"
        used.add(candidate.casefold())
        out.append(candidate)
    return out


def plan_stems(stem: str, sources: list[str]) -> list[str]:
    """Return the output names of the plans converted from one input: the input's own name for a Word file;
    ``<name>__<plan reference>`` for each row of an export (its source is ``export.csv#REF``)."""
    names = [f"{stem}__{safe_name(source.rsplit('#', 1)[1])}" if "#" in source else stem for source in sources]
    return _numbered(names)


# -- writing -----------------------------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either absent, its old content, or all of ``data``: written
    to a temporary file in the same folder, flushed (and, if ``durable``, synced to disk), then renamed over it."""
    handle, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                getattr(os, "fdatasync", os.fsync)(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (POSIX); a no-op where folders cannot be opened."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def remove_temporary_files(folders: Iterable[Path]) -> int:
    """Remove the temporary files a killed run left in ``folders``; return how many."""
    removed = 0
    for folder in folders:
        for path in folder.glob(f"{TEMP_PREFIX}*") if folder.is_dir() else ():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed


def output_stem_of(file_name: str) -> str:
    """Return the input's output name that a file in ``plans/`` belongs to (``a__REF.report.json`` → ``a``)."""
    return file_name.split(".", 1)[0].split("__", 1)[0]


# -- stage timing ------------------------------------------------------------------------------------------------

_stages: dict[str, float] | None = None


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the time spent in the ``with`` block to stage ``name`` of the input being converted (a no-op unless
    :func:`timing_stages` is collecting, as it is in a worker). A converter may time its own steps this way; they
    are counted inside ``convert`` too."""
    start = time.perf_counter()
    try:
        yield
    finally:
        if _stages is not None:
            _stages[name] = _stages.get(name, 0.0) + time.perf_counter() - start


@contextlib.contextmanager
def timing_stages() -> Iterator[dict[str, float]]:
    """Collect, into the dict yielded, the seconds spent in each :func:`stage` within the ``with`` block."""
    global _stages
    collected: dict[str, float] = {}
    outer, _stages = _stages, collected
    try:
        yield collected
    finally:
        _stages = outer


# -- the work of one input (in a worker) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One input for a worker: its display name, real path, the SHA-256 it was found with, its output name and
    size."""

    name: str
    path: str
    sha256: str
    stem: str
    size: int = 0


@dataclass(frozen=True)
class WorkerSettings:
    """What every worker needs: the output folder, the converter (``None``: ``convert_bytes``) and its options,
    the render options, and whether to sync files to disk."""

    out_dir: str
    convert: Callable[..., list[Any]] | None
    convert_options: Any
    render_options: Any
    durable: bool


def convert_one(task: Task, settings: WorkerSettings) -> InputResult:
    """Convert one input and write its outputs and then its completion record; return its result. Never raises
    for a bad file: the failure is the result's status and reason."""
    start, cpu = time.perf_counter(), time.process_time()
    with timing_stages() as stages:
        try:
            plans = _convert_and_write(task, settings)
            result = _result(task, Status.CONVERTED, plans=plans)
        except Exception as error:  # noqa: BLE001 - each input's failure is isolated and reported
            status, reason = _failure(error)
            reason = reason if reason.startswith(f"{task.name}: ") else f"{task.name}: {reason}"
            result = _result(task, status, reason)
    result = replace(result, seconds=round(time.perf_counter() - start, 4), stages=_rounded(stages),
                     cpu_seconds=round(time.process_time() - cpu, 4), peak_rss_kib=_peak_rss_kib())
    if result.status in RETRIED:
        return result
    try:
        _write_record(Path(settings.out_dir), result)
    except OSError as error:
        remove_outputs(Path(settings.out_dir), {task.stem})
        return replace(result, status=Status.UNWRITABLE, plans=(), reason=f"{task.name}: converted, but its "
                       f"completion record could not be written ({error.strerror or error}); nothing was kept")
    return result


def _result(task: Task, status: Status, reason: str = "", plans: tuple[PlanResult, ...] = ()) -> InputResult:
    return InputResult(task.name, task.sha256, task.size, task.stem, status, reason, plans)


def _rounded(stages: dict[str, float] | None) -> dict[str, float]:
    return {name: round(seconds, 4) for name, seconds in (stages or {}).items()}


def _failure(error: Exception) -> tuple[Status, str]:
    """Return the status and reason of an input whose conversion raised ``error``."""
    for kind, status in _ERROR_STATUS:
        if isinstance(error, kind):
            return status, str(error)
    if isinstance(error, _WriteFailed):
        return Status.UNWRITABLE, str(error)
    if isinstance(error, _FileChanged | OSError) and not isinstance(error, DocumentError):
        return Status.UNREADABLE, str(error)
    if isinstance(error, ImportError) and error.name:
        return Status.UNSUPPORTED, (f"converting this kind of file needs the Python package {error.name!r}, which "
                                    f"is not installed; install it (pip install {error.name}) and run again with "
                                    "--resume")
    if isinstance(error, EhcpError):
        return Status.ERROR, str(error)
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return Status.ERROR, (f"the converter failed with {type(error).__name__}{where} (a bug: please report it with "
                          "this line; the message is not shown, as it may quote the document)")


class _FileChanged(Exception):
    """The file's bytes differ from those hashed when the batch was prepared."""


class _WriteFailed(Exception):
    """An output could not be written (a full disk, a folder that is not writable)."""


def _read_input(task: Task) -> bytes:
    """Return the input's bytes, read without following a link, checked against its size limit and hash."""
    with stage("read"):
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        handle = os.open(task.path, flags)
        with os.fdopen(handle, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES or hashlib.sha256(data).hexdigest() != task.sha256:
            raise _FileChanged(f"{task.name}: the file changed while the batch ran; run the batch again")
    return data


def _convert_and_write(task: Task, settings: WorkerSettings) -> tuple[PlanResult, ...]:
    data = _read_input(task)
    with stage("convert"):
        conversions = _converter(settings)(data, task.name, settings.convert_options)
    if not conversions:
        raise NotAPlanError("no plan was found in the file (an export with no plan rows?)", source=task.name)
    stems = plan_stems(task.stem, [conversion.source for conversion in conversions])
    out_dir = Path(settings.out_dir)
    staged = _StagedFiles(out_dir / PLANS_DIR, settings.durable)
    try:
        results = tuple(_render_and_stage(conversion, plan_stem, settings, staged)
                        for conversion, plan_stem in zip(conversions, stems))
        with stage("write"):
            staged.commit()
    except OSError as error:
        staged.discard()
        remove_outputs(out_dir, {task.stem})
        raise _WriteFailed(f"its outputs could not be written into {out_dir / PLANS_DIR} "
                           f"({error.strerror or error}); nothing was kept") from error
    except BaseException:
        staged.discard()
        raise
    return results


def _render_and_stage(conversion: Any, plan_stem: str, settings: WorkerSettings,
                      staged: _StagedFiles) -> PlanResult:
    """Make one plan's files and stage each as soon as it is made (so that it is synced to disk while the next is
    made); return the plan's result."""
    files = {}
    for kind, make in _plan_outputs(conversion, settings).items():
        with stage("render"):
            files[kind] = make()
        with stage("write"):
            staged.add(f"{plan_stem}{OUTPUT_SUFFIXES[kind]}", files[kind])
    return _plan_result(conversion, plan_stem, files)


def _converter(settings: WorkerSettings) -> Callable[..., list[Any]]:
    return settings.convert or _convert_bytes


def _convert_bytes(data: bytes, source: str, options: Any) -> list[Any]:
    """The default converter: ``ehcp_standard.convert.convert.convert_bytes``."""
    from .convert.convert import convert_bytes

    return convert_bytes(data, source=source, options=options)


def _plan_outputs(conversion: Any, settings: WorkerSettings) -> dict[str, Callable[[], bytes]]:
    """Return how to make each of the four files of one plan, kind → a function returning its bytes: the plan's
    JSON, the rendered .docx, the report as JSON and as text (the ``render`` stage)."""
    from .render import RenderOptions, render_docx

    report = conversion.report
    return {
        "json": lambda: (conversion.plan.to_json() + "\n").encode("utf-8"),
        "docx": lambda: render_docx(conversion.plan, settings.render_options or RenderOptions()),
        "report_json": lambda: (json.dumps(report.to_dict(), ensure_ascii=False) + "\n").encode("utf-8"),
        "report_txt": lambda: report.to_text().encode("utf-8"),
    }


class _StagedFiles:
    """One input's output files, staged as temporary files in ``folder`` and then renamed into place together
    (:meth:`commit`), or removed (:meth:`discard`).

    When ``durable``, each file is synced to disk on a background thread as soon as it is staged, so the wait for
    the disk overlaps the making of the next file (syncing releases the interpreter lock); :meth:`commit` waits
    for every sync before renaming any file, then syncs the folder."""

    def __init__(self, folder: Path, durable: bool):
        self.folder, self.durable = folder, durable
        self.staged: list[tuple[str, Path]] = []
        self.syncs: list[Any] = []

    def add(self, name: str, data: bytes) -> None:
        """Write ``data`` to a new temporary file that is to become ``name``; start syncing it if durable."""
        handle, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.folder)
        self.staged.append((name, Path(temporary)))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if self.durable:
            self.syncs.append(_sync_threads().submit(_sync_file, temporary))

    def commit(self) -> None:
        """Wait until every staged file is on disk, rename each to its name, and make the renames durable."""
        self._wait()
        for name, temporary in self.staged:
            os.replace(temporary, self.folder / name)
        self.staged = []
        if self.durable:
            sync_folder(self.folder)

    def discard(self) -> None:
        """Remove every staged file not yet renamed (after any sync still running on it has finished)."""
        with contextlib.suppress(Exception):
            self._wait()
        for _name, temporary in self.staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self.staged = []

    def _wait(self) -> None:
        syncs, self.syncs = self.syncs, []
        errors = [error for error in (sync.exception() for sync in syncs) if error is not None]
        if errors:
            raise errors[0]


#: This process's id and its pool of threads that sync staged files (see :func:`_sync_threads`).
_sync_pool: tuple[int, Any] | None = None


def _sync_threads() -> Any:
    """Return this process's pool of threads that sync staged files to disk, made on first use in each process
    (a forked worker cannot use its parent's threads)."""
    global _sync_pool
    if _sync_pool is None or _sync_pool[0] != os.getpid():
        from concurrent.futures import ThreadPoolExecutor

        _sync_pool = (os.getpid(), ThreadPoolExecutor(max_workers=len(OUTPUT_SUFFIXES),
                                                      thread_name_prefix="ehcp-sync"))
    return _sync_pool[1]


def _sync_file(path: str) -> None:
    """Flush the file at ``path`` to disk (its data, and the metadata needed to read it back)."""
    handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        getattr(os, "fdatasync", os.fsync)(handle)
    finally:
        os.close(handle)


def _plan_result(conversion: Any, stem: str, files: dict[str, bytes]) -> PlanResult:
    report = conversion.report
    findings = getattr(report, "findings", None)
    listed = findings.findings if findings is not None else ()
    rules = Counter(finding.rule_id for finding in listed)
    errors = findings.count("error") if findings is not None else 0
    warnings = (findings.count("warning") if findings is not None else 0) + len(report.warnings)
    carried = tuple(_carried_entry(entry) for entry in report.carried)
    return PlanResult(
        source=conversion.source, plan_reference=conversion.plan.metadata.plan_reference, stem=stem,
        files={kind: f"{PLANS_DIR}/{stem}{OUTPUT_SUFFIXES[kind]}" for kind in files},
        hashes={kind: hashlib.sha256(data).hexdigest() for kind, data in files.items()},
        profile=report.profile, mapped=report.mapped, carried_over=report.carried_over, errors=errors,
        warnings=warnings, rules=dict(sorted(rules.items())),
        confidence={name: round(value, 3) for name, value in report.confidence.items()},
        carried=carried, invalid_identifiers=_invalid_identifiers(listed, carried))


#: The fields holding an identifier with a check of its own (the last step of their JSON pointer).
_IDENTIFIER_FIELDS = frozenset({"upn", "uln", "nhs_number", "urn", "ukprn", "la_code", "other_la", "previous_la"})
#: Compliance rules that check an identifier (EHCP-ID001 to EHCP-ID006).
_IDENTIFIER_RULES = "EHCP-ID"
_NOT_VALID_AT = re.compile(r"^not valid at (/\S+?):")


def _invalid_identifiers(findings: Iterable[Any], carried: tuple[dict[str, Any], ...]) -> int:
    """Return how many identifier fields are invalid: each pointer an identifier rule flagged, or at which the
    model refused an identifier (the value carried over), counted once."""
    pointers = {finding.pointer for finding in findings if finding.rule_id.startswith(_IDENTIFIER_RULES)}
    for entry in carried:
        found = _NOT_VALID_AT.match(entry.get("reason") or "")
        if found and found[1].rsplit("/", 1)[-1] in _IDENTIFIER_FIELDS:
            pointers.add(found[1])
    return len(pointers)


def _carried_entry(entry: Any) -> dict[str, Any]:
    """Return what the completion record keeps of a carried-over item: where it was, why, and the section it
    probably belongs to. Never its text, nor the heading it sat under (which can quote a child's name)."""
    if isinstance(entry, tuple):
        location, _heading, reason, suggested = entry
    else:
        location, reason, suggested = entry.location, entry.reason, entry.suggested_section
    return {"location": location, "reason": reason, "suggested_section": suggested}


def _peak_rss_kib() -> int:
    try:
        import resource
    except ImportError:
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


# -- the run's state: options and completion records -------------------------------------------------------------


def _record_path(out_dir: Path, sha256: str) -> Path:
    return out_dir / STATE_DIR / "done" / f"{sha256}.json"


def _write_record(out_dir: Path, result: InputResult) -> None:
    """Write the input's completion record, after its outputs are on disk (so a record means a complete set).

    The record itself is not synced: one lost to a power cut only means the input is converted again, and one
    that survives while an output did not is caught on resume, which checks every output's hash."""
    record = {"version": RECORD_VERSION, **result.to_dict()}
    path = _record_path(out_dir, result.sha256)
    atomic_write(path, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8"), durable=False)


def _load_record(out_dir: Path, sha256: str) -> InputResult | None:
    """Return the completion record of the input with hash ``sha256``, or ``None`` (none, unreadable, or another
    layout version)."""
    try:
        data = json.loads(_record_path(out_dir, sha256).read_text(encoding="utf-8"))
        if data.get("version") != RECORD_VERSION:
            return None
        return InputResult.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _outputs_intact(out_dir: Path, result: InputResult) -> bool:
    """Return whether every output file a record lists is there with the hash it records."""
    for plan in result.plans:
        for kind, relative in plan.files.items():
            try:
                digest = hashlib.sha256((out_dir / relative).read_bytes()).hexdigest()
            except OSError:
                return False
            if digest != plan.hashes.get(kind):
                return False
    return True


def remove_outputs(out_dir: Path, stems: set[str]) -> None:
    """Remove every file in ``plans/`` that belongs to an input whose output name is in ``stems``."""
    folder = out_dir / PLANS_DIR
    if not stems or not folder.is_dir():
        return
    for entry in os.scandir(folder):
        if output_stem_of(entry.name) in stems and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def options_fingerprint(options: BatchOptions) -> str:
    """Return the SHA-256 of everything that changes a conversion's outputs: the package and record versions,
    the profile, LA code, whether the checker runs, the render options and the converter."""
    profile = options.profile.model_dump(mode="json") if hasattr(options.profile, "model_dump") else None
    converter = options.convert and f"{options.convert.__module__}.{options.convert.__qualname__}"
    parts = {"package": __version__, "record": RECORD_VERSION, "profile": profile, "la_code": options.la_code,
             "check": options.check, "render": repr(options.render_options), "convert": converter}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _earlier_run(out: Path, options: BatchOptions) -> dict[str, Any] | None:
    """Return the earlier run's ``run.json`` if ``--resume`` may reuse its records: the same options (and the same
    as-of date, if one is given); else ``None``."""
    if not options.resume:
        return None
    earlier = _read_json(out / STATE_DIR / "run.json")
    if not earlier or earlier.get("fingerprint") != options_fingerprint(options):
        return None
    if options.as_of is not None and earlier.get("as_of") != options.as_of.isoformat():
        return None
    try:
        dt.date.fromisoformat(earlier["as_of"])
    except (KeyError, TypeError, ValueError):
        return None
    return earlier


def _start_state(out: Path, options: BatchOptions, earlier: dict[str, Any] | None) -> dt.date:
    """Return the as-of date of this run: the resumed run's, or (for a new run, whose options are recorded and
    the earlier run's records and outputs removed) the one given, or today."""
    if earlier is not None:
        return dt.date.fromisoformat(earlier["as_of"])
    as_of = options.as_of or dt.date.today()
    _drop_stale_records(out, [])
    run = {"version": RECORD_VERSION, "fingerprint": options_fingerprint(options), "as_of": as_of.isoformat()}
    atomic_write(out / STATE_DIR / "run.json", (json.dumps(run, indent=1) + "\n").encode("utf-8"),
                 durable=options.durable)
    return as_of


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# -- preparing and running a batch -------------------------------------------------------------------------------


@dataclass
class Batch:
    """A batch ready to run: every input, the results already known (refused, duplicate, or converted by the run
    being resumed) and the tasks left for the workers, by input index, and the files skipped in the input folders.
    Nothing has been written yet."""

    out_dir: Path
    options: BatchOptions
    inputs: list[InputFile]
    known: dict[int, InputResult] = field(default_factory=dict)
    tasks: dict[int, Task] = field(default_factory=dict)
    earlier: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many inputs the batch has."""
        return len(self.inputs)

    def run(self, on_result: Callable[[InputResult], None] | None = None) -> BatchResult:
        """Convert the inputs left, write the batch report, and return the results in input order.
        ``on_result`` is called with each result as it is known: those known beforehand first."""
        with output_lock(self.out_dir):
            return self._run(on_result)

    def _run(self, on_result: Callable[[InputResult], None] | None) -> BatchResult:
        start = time.perf_counter()
        as_of = _prepare_output(self)
        results = dict(self.known)
        notify = on_result or (lambda result: None)
        for index in sorted(self.known):
            notify(self.known[index])
        index_of = {task.sha256: index for index, task in self.tasks.items()}

        def done(result: InputResult) -> None:
            if result.status in (Status.CRASHED, Status.TIMEOUT):
                remove_outputs(self.out_dir, {result.stem})
            results[index_of[result.sha256]] = result
            notify(result)

        run_tasks(list(self.tasks.values()), _settings(self.out_dir, self.options, as_of), self.options, done)
        remove_temporary_files([self.out_dir / PLANS_DIR])  # what a stopped worker was writing
        ordered = _explain_duplicates([results[index] for index in range(len(self.inputs))])
        outcome = BatchResult(self.out_dir, ordered, as_of, list(self.notes), round(time.perf_counter() - start, 3),
                              list(self.skipped))
        from .batch_report import write_reports

        write_reports(outcome, show_names=self.options.show_names, durable=self.options.durable)
        return outcome


def prepare_batch(paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                  options: BatchOptions | None = None) -> Batch:
    """Find, hash and name the inputs in ``paths``, and decide what is left to convert into ``out_dir`` (on
    resume, only inputs without a reusable record). Nothing is written.

    Raises ``FileNotFoundError`` for a path that does not exist."""
    options = options or BatchOptions()
    out = Path(out_dir)
    scan = scan_inputs(list(paths), exclude=written_paths(out))
    inputs = scan.inputs
    digests = [_digest(entry) for entry in inputs]
    stems = output_stems([(entry.relative, digest) for entry, digest in zip(inputs, digests)])
    batch = Batch(out, options, inputs, earlier=_earlier_run(out, options), skipped=scan.skipped)
    first_seen: dict[str, str] = {}
    for index, (entry, digest, stem) in enumerate(zip(inputs, digests, stems)):
        known = _known(entry, digest, stem, first_seen, out, resume=batch.earlier is not None)
        if known is not None:
            batch.known[index] = known
        else:
            batch.tasks[index] = Task(entry.name, os.fspath(entry.path), digest, stem, entry.size)
    _resume_notes(batch)
    return batch


def convert_batch(paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                  options: BatchOptions | None = None,
                  on_result: Callable[[InputResult], None] | None = None) -> BatchResult:
    """Prepare and run a batch (:func:`prepare_batch`, then :meth:`Batch.run`)."""
    return prepare_batch(paths, out_dir, options).run(on_result)


def written_paths(out: Path) -> list[Path]:
    """Return what a batch writes in ``out`` (never to be read as input, should ``out`` be inside an input
    folder): the plans folder, the state folder and the two reports."""
    return [out / PLANS_DIR, out / STATE_DIR, out / "report.csv", out / "report.html"]


def _digest(entry: InputFile) -> str:
    """Return the SHA-256 of an input ('' if it is refused or cannot be read)."""
    if entry.refused:
        return ""
    try:
        with open(entry.path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return ""


def _known(entry: InputFile, digest: str, stem: str, first_seen: dict[str, str], out: Path, *,
           resume: bool) -> InputResult | None:
    """Return an input's result when it is known without converting it (refused, unreadable, a duplicate, or
    converted by the run resumed), else ``None``."""
    if entry.refused or not digest:
        status = entry.refused_as if entry.refused else Status.UNREADABLE
        reason = entry.refused or "the file could not be read to hash it"
        return InputResult(entry.name, digest, entry.size, stem, status, f"{entry.name}: {reason}")
    if digest in first_seen:
        return InputResult(entry.name, digest, entry.size, stem, Status.DUPLICATE,
                           f"{entry.name}: the same content as {first_seen[digest]}, which is converted once")
    first_seen[digest] = entry.name
    record = _load_record(out, digest) if resume else None
    if record is None or record.name != entry.name or record.stem != stem or record.status in RETRIED:
        return None
    return replace(record, resumed=True) if _outputs_intact(out, record) else None


def _resume_notes(batch: Batch) -> None:
    if not batch.options.resume:
        return
    if batch.earlier is None:
        batch.notes.append("--resume: no earlier run with the same options (profile, LA code, checker, as-of date, "
                           "version) was found in the output folder, so every input is converted")
        return
    resumed = sum(result.resumed for result in batch.known.values())
    batch.notes.append(f"--resume: {resumed} input(s) done by the earlier run were taken from its records; "
                       f"{len(batch.tasks)} left to convert")


def _explain_duplicates(results: list[InputResult]) -> list[InputResult]:
    """Say in each duplicate's reason when the input it repeats failed."""
    failed = {result.sha256: result.status for result in results if result.failed and result.sha256}
    return [replace(result, reason=f"{result.reason}; that input failed ({failed[result.sha256]})")
            if result.status is Status.DUPLICATE and result.sha256 in failed else result for result in results]


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder's lock (``.ehcp-convert/lock``) for a run; the system releases it if the run is
    killed. Raises ``EhcpError`` if another run holds it. (Where there is no ``fcntl``, there is no lock.)"""
    try:
        import fcntl
    except ImportError:
        fcntl = None
    (out / STATE_DIR).mkdir(parents=True, exist_ok=True)
    with open(out / STATE_DIR / "lock", "a+b") as handle:
        try:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            raise EhcpError(f"{out}: another 'ehcp convert' is writing into this folder; wait for it to finish or "
                            "give another output folder") from error
        yield


def _prepare_output(batch: Batch) -> dt.date:
    """Create the output folders, remove what a killed run left (temporary files, and the outputs of inputs to be
    converted again), and record this run's options; return the as-of date."""
    out = batch.out_dir
    for folder in (out / PLANS_DIR, out / STATE_DIR / "done"):
        folder.mkdir(parents=True, exist_ok=True)
    remove_temporary_files([out, out / PLANS_DIR, out / STATE_DIR, out / STATE_DIR / "done"])
    as_of = _start_state(out, batch.options, batch.earlier)
    if batch.earlier is not None:
        _drop_stale_records(out, [result for result in batch.known.values() if result.resumed])
    remove_outputs(out, {task.stem for task in batch.tasks.values()})
    return as_of


def _drop_stale_records(out: Path, reused: list[InputResult]) -> None:
    """Remove every record but those ``reused`` (on resume: of inputs gone, changed or renamed; in a new run:
    all), with the outputs each lists, unless their name now belongs to an input that was reused."""
    keep = {result.sha256 for result in reused}
    stale_stems = set()
    for path in (out / STATE_DIR / "done").glob("*.json"):
        if path.stem in keep:
            continue
        stem = (_read_json(path) or {}).get("stem")   # of any layout version: its outputs go with it
        if isinstance(stem, str) and stem:
            stale_stems.add(stem)
        with contextlib.suppress(OSError):
            path.unlink()
    remove_outputs(out, stale_stems - {result.stem for result in reused})


def _settings(out: Path, options: BatchOptions, as_of: dt.date) -> WorkerSettings:
    from .convert.convert import ConvertOptions

    convert_options = ConvertOptions(profile=options.profile, la_code=options.la_code, check=options.check,
                                     as_of=as_of)
    return WorkerSettings(os.fspath(out), options.convert, convert_options, options.render_options, options.durable)


# -- the worker pool ---------------------------------------------------------------------------------------------


def run_tasks(tasks: list[Task], settings: WorkerSettings, options: BatchOptions,
              on_result: Callable[[InputResult], None]) -> None:
    """Convert ``tasks`` in worker processes, calling ``on_result`` with each result as it comes. A worker that
    dies or passes ``options.timeout`` is stopped and replaced, and its input reported; the rest go on."""
    if not tasks:
        return
    size = max(1, min(options.workers or os.cpu_count() or 1, len(tasks)))
    pool = _Pool(settings, size, options.timeout, options.tasks_per_worker, _context(options.start_method))
    try:
        pool.run(deque(tasks), on_result)
    finally:
        pool.close()


def _context(method: str | None) -> multiprocessing.context.BaseContext:
    if method is None:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # the server loads the converter and compiles the template once; every worker forked from it shares them
        context.set_forkserver_preload(["ehcp_standard.batch", "ehcp_standard._preload"])
    return context


#: What a worker sends as it starts converting a task: the task's time limit runs from then, not from when it was
#: sent, so that a new worker's start-up (importing, compiling the renderer's template) is never charged to a file.
_STARTED = "started"
#: Seconds a task sent to a worker may wait, beyond its time limit, for the worker to start it (a worker that hangs
#: while starting up loses its task as ``timeout``; one that dies, as ``crashed``).
_STARTUP_LIMIT = 120.0


def _worker_main(connection: Connection, settings: WorkerSettings) -> None:
    """A worker: start up, then convert each task received until told to stop (``None``) or the parent goes
    away, saying :data:`_STARTED` as it starts each one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _warm_up(settings)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        connection.send(_STARTED)
        connection.send(convert_one(task, settings))


def _warm_up(settings: WorkerSettings) -> None:
    """Do, once per worker, what every conversion needs first: compile the renderer's template and, for the
    default converter, load the built-in profiles. A failure here is left for the first task to report."""
    with contextlib.suppress(Exception):
        from .render import compiled_template

        compiled_template()
        if settings.convert is None:
            from .convert.profile import builtin_profiles

            builtin_profiles()
            builtin_profiles(tabular=True)


@dataclass
class _Slot:
    """One worker process, the task it is working on (if any), since when (sent, then ``running`` once the worker
    has started it), and how many it has done."""

    process: Any
    connection: Connection
    task: Task | None = None
    started: float = 0.0
    running: bool = False
    done: int = 0


class _Pool:
    """Worker processes fed one task at a time, so that the task of a worker that dies or hangs is known."""

    def __init__(self, settings: WorkerSettings, size: int, timeout: float, tasks_per_worker: int,
                 context: multiprocessing.context.BaseContext):
        self.settings, self.size, self.timeout = settings, size, timeout
        self.tasks_per_worker, self.context = max(1, tasks_per_worker), context
        self.slots: list[_Slot | None] = [None] * size

    def run(self, pending: deque[Task], on_result: Callable[[InputResult], None]) -> None:
        """Run every task in ``pending``."""
        while pending or any(slot and slot.task for slot in self.slots):
            self._dispatch(pending)
            self._collect(on_result)

    def close(self) -> None:
        """Stop every worker: politely when idle, at once when still busy (an interrupted run)."""
        for index, slot in enumerate(self.slots):
            if slot is not None:
                self._stop(index, kill=slot.task is not None)

    def _dispatch(self, pending: deque[Task]) -> None:
        for index in range(self.size):
            slot = self.slots[index]
            if not pending or (slot is not None and slot.task is not None):
                continue
            if slot is None or slot.done >= self.tasks_per_worker or not slot.process.is_alive():
                slot = self._replace(index)
            slot.task, slot.started, slot.running = pending.popleft(), time.monotonic(), False
            slot.connection.send(slot.task)

    def _deadline(self, slot: _Slot) -> float:
        """Return when the slot's task is over its time: the limit from when the worker started it, or, until then,
        the limit and the start-up allowance from when it was sent."""
        return slot.started + self.timeout + (0.0 if slot.running else _STARTUP_LIMIT)

    def _collect(self, on_result: Callable[[InputResult], None]) -> None:
        busy = [(index, slot) for index, slot in enumerate(self.slots) if slot and slot.task]
        if not busy:
            return
        deadline = min(self._deadline(slot) for _, slot in busy)
        waits = [slot.connection for _, slot in busy] + [slot.process.sentinel for _, slot in busy]
        wait(waits, timeout=max(0.01, min(1.0, deadline - time.monotonic())))
        for index, slot in busy:
            result = self._outcome(index, slot)
            if result is not None:
                slot.task = None
                on_result(result)

    def _outcome(self, index: int, slot: _Slot) -> InputResult | None:
        """Return the result of the slot's task if it has one now: the worker's, or a crash or timeout."""
        task = slot.task
        assert task is not None
        broken = False
        while slot.connection.poll():
            try:
                message = slot.connection.recv()
            except (EOFError, OSError):
                broken = True
                break
            if isinstance(message, str):  # _STARTED: the time limit runs from now
                slot.started, slot.running = time.monotonic(), True
                continue
            slot.done += 1
            return message
        if not broken and slot.process.is_alive():
            if time.monotonic() <= self._deadline(slot):
                return None
            ran = time.monotonic() - slot.started
            self._stop(index, kill=True)
            return replace(self._timed_out(task, slot.running), seconds=round(ran, 3))
        slot.process.join(5)
        code = slot.process.exitcode
        self._stop(index, kill=True)
        return _lost(task, Status.CRASHED, f"{task.name}: the worker converting it stopped unexpectedly "
                     f"({_exit_reason(code)}); the rest of the batch went on")

    def _timed_out(self, task: Task, running: bool) -> InputResult:
        if running:
            why = f"the conversion took longer than {self.timeout:g} s"
        else:
            why = f"its worker did not start converting it within {self.timeout + _STARTUP_LIMIT:g} s"
        return _lost(task, Status.TIMEOUT, f"{task.name}: {why}, so its worker was stopped; the rest of the batch "
                     "went on")

    def _replace(self, index: int) -> _Slot:
        if self.slots[index] is not None:
            self._stop(index, kill=False)
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_worker_main, args=(child, self.settings), daemon=True,
                                       name=f"ehcp-convert-worker-{index}")
        process.start()
        child.close()
        self.slots[index] = slot = _Slot(process, parent)
        return slot

    def _stop(self, index: int, *, kill: bool) -> None:
        slot = self.slots[index]
        self.slots[index] = None
        if slot is None:
            return
        with contextlib.suppress(OSError, ValueError):
            if not kill:
                slot.connection.send(None)
                slot.process.join(10)
            if slot.process.is_alive():
                slot.process.kill()
            slot.process.join(5)
        slot.connection.close()
        with contextlib.suppress(ValueError):
            slot.process.close()


def _lost(task: Task, status: Status, reason: str) -> InputResult:
    return _result(task, status, reason)


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = "; out of memory?" if name == "SIGKILL" else ""
        return f"killed by {name}{hint}"
    return f"exit status {code}"


__all__ = [
    "MAX_FILE_BYTES",
    "OUTPUT_SUFFIXES",
    "PLANS_DIR",
    "SKIPPED_REASON",
    "STATE_DIR",
    "SUFFIXES",
    "Batch",
    "BatchOptions",
    "BatchResult",
    "InputFile",
    "InputResult",
    "PlanResult",
    "Scan",
    "SkippedFile",
    "Status",
    "Task",
    "atomic_write",
    "base_stem",
    "convert_batch",
    "convert_one",
    "find_inputs",
    "options_fingerprint",
    "output_stems",
    "plan_stems",
    "prepare_batch",
    "remove_outputs",
    "safe_name",
    "scan_inputs",
    "stage",
    "timing_stages",
]
