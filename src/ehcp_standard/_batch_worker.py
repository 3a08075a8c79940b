"""The work of one input, done in a worker process (see :mod:`ehcp_standard.batch`, step 4): read the file, convert
it, render and write each plan's outputs, then the input's completion record; and the timing of each stage."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ._batch_files import OUTPUT_SUFFIXES, PLANS_DIR, StagedFiles, remove_outputs
from ._batch_inputs import MAX_FILE_BYTES, plan_stems
from ._batch_records import write_record
from ._batch_results import RETRIED, InputResult, PlanResult, Status
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
            result = task_result(task, Status.CONVERTED, plans=plans)
        except Exception as error:  # noqa: BLE001 - each input's failure is isolated and reported
            status, reason = _failure(error)
            reason = reason if reason.startswith(f"{task.name}: ") else f"{task.name}: {reason}"
            result = task_result(task, status, reason)
    result = replace(result, seconds=round(time.perf_counter() - start, 4), stages=_rounded(stages),
                     cpu_seconds=round(time.process_time() - cpu, 4), peak_rss_kib=_peak_rss_kib())
    if result.status in RETRIED:
        return result
    try:
        write_record(Path(settings.out_dir), result)
    except OSError as error:
        remove_outputs(Path(settings.out_dir), {task.stem})
        return replace(result, status=Status.UNWRITABLE, plans=(), reason=f"{task.name}: converted, but its "
                       f"completion record could not be written ({error.strerror or error}); nothing was kept")
    return result


def task_result(task: Task, status: Status, reason: str = "", plans: tuple[PlanResult, ...] = ()) -> InputResult:
    return InputResult(task.name, task.sha256, task.size, task.stem, status, reason, plans)


def _rounded(stages: dict[str, float] | None) -> dict[str, float]:
    return {name: round(seconds, 4) for name, seconds in (stages or {}).items()}


#: The converter's errors that say what is wrong with the file itself, and the status each gives.
_ERROR_STATUS = (
    (NotADocxError, Status.NOT_A_DOCX),
    (EncryptedDocumentError, Status.ENCRYPTED),
    (UnsafeDocumentError, Status.UNSAFE),
    (CorruptDocumentError, Status.CORRUPT),
    (NotAPlanError, Status.NOT_A_PLAN),
    (IncompletePlanError, Status.INCOMPLETE),
)


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
    staged = StagedFiles(out_dir / PLANS_DIR, settings.durable)
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
                      staged: StagedFiles) -> PlanResult:
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


__all__ = ["Task", "WorkerSettings", "convert_one", "stage", "task_result", "timing_stages"]
