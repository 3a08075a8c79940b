"""What a batch reports: each input's status, the options of a run, the result of each plan and input, and the
batch's outcome (see :mod:`ehcp_standard.batch`). Completion records hold these results as JSON."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

#: Why a file found in a folder was not read (it is listed in the batch report as ``skipped``), when its extension
#: is not one of :data:`SKIPPED_KINDS`.
SKIPPED_REASON = "not a .docx, .docm, .csv or .xlsx file"
_SAVE_AS = "save it as {} and run again with --resume"
#: Why a file found in a folder was not read, by its extension (lower case): the kinds a plan or an export may
#: have been saved in, and what to do with each.
SKIPPED_KINDS = {
    ".doc": "a Word 97–2003 document: " + _SAVE_AS.format(".docx"),
    ".odt": "an OpenDocument text: " + _SAVE_AS.format(".docx"),
    ".rtf": "a Rich Text Format document: " + _SAVE_AS.format(".docx"),
    ".wpd": "a WordPerfect document: " + _SAVE_AS.format(".docx"),
    ".pdf": "a PDF: convert the Word document it was made from",
    ".dot": "a Word template, not a plan",
    ".dotx": "a Word template, not a plan",
    ".dotm": "a Word template, not a plan",
    ".xls": "an Excel 97–2003 workbook: " + _SAVE_AS.format(".xlsx"),
    ".xlsm": "a macro-enabled Excel workbook: " + _SAVE_AS.format(".xlsx"),
    ".ods": "an OpenDocument spreadsheet: " + _SAVE_AS.format(".xlsx"),
}


def skipped_reason(name: str) -> str:
    """Return why the file ``name``, found in an input folder, is not read: what its extension says it is, and
    what to do (:data:`SKIPPED_KINDS`), else :data:`SKIPPED_REASON`."""
    _, dot, extension = name.rsplit("/", 1)[-1].lstrip(".").rpartition(".")
    return SKIPPED_KINDS.get(f".{extension.lower()}", SKIPPED_REASON) if dot else SKIPPED_REASON


class Status(StrEnum):
    """What happened to one input. Every status but ``converted`` and ``duplicate`` is a failure: the file is not
    a Word document, is encrypted, unsafe (too large, a zip bomb, a DOCTYPE, a link out of the input folders) or
    corrupt, holds no plan, or lacks a field every plan must have; it could not be read (or changed during the
    run), or its outputs could not be written; it needs a package that is not installed; the converter failed (a
    bug); its worker crashed or it took too long."""

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


# -- options and results -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch.

    ``profile`` (a converter ``Profile``; ``None``: detect one per document), ``candidates`` (a council's own
    ``Profile`` objects, which detection considers before the built-in ones when no ``profile`` is given),
    ``la_code`` (the owning council when a plan does not say), ``check`` (run the compliance checker) and
    ``as_of`` (the date its time-based rules are judged on; default today, or on resume the date of the run
    resumed) are passed to the converter;
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
    candidates: tuple[Any, ...] = ()
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


@dataclass(frozen=True, slots=True)
class RecordedInput:
    """What a batch keeps in memory of a converted input whose result is in its completion record, so that memory
    does not grow with the plans: the input's ``name``, SHA-256 and how many plans it gave, and what the record
    does not hold (``cpu_seconds``, ``peak_rss_kib``, ``resumed``); an input taken from the run resumed also keeps
    its output name (``stem``). The whole :class:`InputResult` is read back from the record when it is asked for
    (see ``_batch_records.RecordedResults``)."""

    name: str
    sha256: str
    plan_count: int
    cpu_seconds: float = 0.0
    peak_rss_kib: int = 0
    resumed: bool = False
    stem: str = ""

    @property
    def status(self) -> Status:
        """Always ``converted``: only converted inputs are kept this way."""
        return Status.CONVERTED

    @property
    def failed(self) -> bool:
        """Always ``False``: a converted input did not fail."""
        return False


@dataclass(frozen=True)
class SkippedFile:
    """A file found in an input folder that is not read, since it is not a kind converted: its display ``name``
    (as :class:`InputFile` names one) and why (by default, :func:`skipped_reason` of the name)."""

    name: str
    reason: str = ""

    def __post_init__(self) -> None:
        if not self.reason:
            object.__setattr__(self, "reason", skipped_reason(self.name))


@dataclass
class BatchResult:
    """The outcome of a batch: one result per input, in input order, the files skipped in the input folders (not
    inputs: they do not change the exit code), and notes on how the run went."""

    out_dir: Path
    results: Sequence[InputResult]
    as_of: dt.date
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: list[SkippedFile] = field(default_factory=list)

    def _entries(self) -> Sequence[InputResult | RecordedInput]:
        """The results as held in memory: a batch's own ``results`` (``_batch_records.RecordedResults``) keep a
        converted input as a :class:`RecordedInput`, which says its status without its record being read."""
        entries = getattr(self.results, "entries", None)
        return entries() if callable(entries) else self.results

    def counts(self) -> dict[str, int]:
        """Return how many inputs ended with each status (only those that occur)."""
        return dict(Counter(result.status.value for result in self._entries()))

    @property
    def plans(self) -> list[PlanResult]:
        """Every plan converted, in input order (all held at once: over a large batch, prefer
        :meth:`iter_plans`)."""
        return list(self.iter_plans())

    @property
    def plan_count(self) -> int:
        """How many plans were converted."""
        return sum(entry.plan_count if isinstance(entry, RecordedInput) else len(entry.plans)
                   for entry in self._entries())

    def iter_plans(self) -> Iterator[PlanResult]:
        """Yield every plan converted, in input order, one at a time (a converted input's result is read back
        from its completion record as it is reached, so a pass over tens of thousands of plans holds one)."""
        for result in self.results:
            yield from result.plans

    @property
    def failed(self) -> list[InputResult]:
        """The inputs that failed."""
        return [entry for entry in self._entries() if isinstance(entry, InputResult) and entry.failed]

    @property
    def resumed(self) -> int:
        """How many inputs were taken from an earlier run instead of being converted again."""
        return sum(entry.resumed for entry in self._entries())

    @property
    def exit_code(self) -> int:
        """Return 0 if every input was converted (or is a duplicate of one that was), else 1. Files skipped in
        the input folders do not count: they are listed in the batch report and on stderr."""
        return 1 if self.failed else 0


__all__ = [
    "RETRIED",
    "SKIPPED_KINDS",
    "SKIPPED_REASON",
    "BatchOptions",
    "BatchResult",
    "InputResult",
    "PlanResult",
    "RecordedInput",
    "SkippedFile",
    "Status",
    "skipped_reason",
]
