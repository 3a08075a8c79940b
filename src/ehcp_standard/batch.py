"""Converting many legacy plans at once: workers, resume, atomic writes and one result per input.

::

    from ehcp_standard.batch import BatchOptions, prepare_batch

    batch = prepare_batch(["legacy-plans/"], "converted/", BatchOptions(workers=4, resume=True))
    result = batch.run(on_result=lambda r: print(r.name, r.status))   # nothing is written before run()
    print(result.counts(), result.exit_code)                          # exit_code: 0 all converted, 1 any failed

How a run goes:

1. **Find the inputs** (:func:`scan_inputs`): the files named, and every ``.docx``, ``.docm``, ``.csv`` and
   ``.xlsx`` under the folders named, recursively and sorted. Every other file in a folder (a ``.doc``, ``.pdf``,
   ``.odt``, ``.rtf``…) is *skipped*: not read, but listed in the batch report with what it is and what to do
   (:func:`skipped_reason`: "a Word 97–2003 document: save it as .docx…"), without failing the batch. Hidden files and
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

**Memory.** Workers are replaced every ``tasks_per_worker`` inputs, so a worker's memory is bounded. The parent
keeps of each converted input only numbers (plan count, timings), in arrays sized before the run
(:class:`RecordedResults`); the whole result is in the input's completion record and is read back, one at a
time, when ``BatchResult.results`` is iterated, and the reports are written as a stream over them. So the parent's
memory does not grow with the plans' content: beyond the list of inputs itself, an input costs it a few dozen
bytes.

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
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ._batch_files import (
    OUTPUT_SUFFIXES,
    PLANS_DIR,
    STATE_DIR,
    TEMP_PREFIX,  # noqa: F401 - importable from here, as before the split
    atomic_write,
    output_stem_of,  # noqa: F401
    remove_outputs,
    remove_temporary_files,
    sync_folder,  # noqa: F401
)
from ._batch_inputs import (
    MAX_FILE_BYTES,
    SUFFIXES,
    InputFile,
    Scan,
    base_stem,
    find_inputs,
    output_stems,
    plan_stems,
    safe_name,
    scan_inputs,
)
from ._batch_pool import run_tasks
from ._batch_records import (
    RECORD_VERSION,  # noqa: F401 - importable from here, as before the split
    RecordedResults,
    drop_stale_records,
    earlier_run,
    load_record,
    options_fingerprint,
    outputs_intact,
    start_state,
)
from ._batch_results import (
    RETRIED,
    SKIPPED_KINDS,
    SKIPPED_REASON,
    BatchOptions,
    BatchResult,
    InputResult,
    PlanResult,
    RecordedInput,
    SkippedFile,
    Status,
    skipped_reason,
)
from ._batch_worker import Task, WorkerSettings, convert_one, stage, timing_stages
from .errors import EhcpError

# A run's parts live in private modules, each named after what it holds: ``_batch_results`` (statuses, options and
# results), ``_batch_inputs`` (finding inputs, naming outputs), ``_batch_files`` (atomic writes, staging an input's
# outputs), ``_batch_records`` (completion records and resume), ``_batch_worker`` (one input's work in a worker, and
# stage timing) and ``_batch_pool`` (the worker processes). Their public names are imported from here.

# -- preparing and running a batch -------------------------------------------------------------------------------


@dataclass
class Batch:
    """A batch ready to run: every input, the results already known (refused, duplicate, or converted by the run
    being resumed, of which only a :class:`RecordedInput` is kept: its record holds the rest) and the tasks left for
    the workers, by input index, and the files skipped in the input folders. Nothing has been written yet."""

    out_dir: Path
    options: BatchOptions
    inputs: list[InputFile]
    known: dict[int, InputResult | RecordedInput] = field(default_factory=dict)
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
        notify = on_result or (lambda result: None)
        digests = [(self.tasks[index] if index in self.tasks else self.known[index]).sha256
                   for index in range(len(self.inputs))]
        results = RecordedResults(self.out_dir, [entry.name for entry in self.inputs], digests)
        for index in sorted(self.known):
            results.put(index, self.known[index])
            notify(results[index])          # an input converted by the run resumed: read back from its record
        index_of = {task.sha256: index for index, task in self.tasks.items()}

        def done(result: InputResult) -> None:
            if result.status in (Status.CRASHED, Status.TIMEOUT):
                remove_outputs(self.out_dir, {result.stem})
            results.put(index_of[result.sha256], result)
            notify(result)

        run_tasks(list(self.tasks.values()), _settings(self.out_dir, self.options, as_of), self.options, done)
        remove_temporary_files([self.out_dir / PLANS_DIR])  # what a stopped worker was writing
        _explain_duplicates(results)
        outcome = BatchResult(self.out_dir, results, as_of, list(self.notes), round(time.perf_counter() - start, 3),
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
    batch = Batch(out, options, inputs, earlier=earlier_run(out, options), skipped=scan.skipped)
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
           resume: bool) -> InputResult | RecordedInput | None:
    """Return an input's result when it is known without converting it (refused, unreadable, a duplicate, or
    converted by the run resumed: then only what memory keeps of it), else ``None``."""
    if entry.refused or not digest:
        status = entry.refused_as if entry.refused else Status.UNREADABLE
        reason = entry.refused or "the file could not be read to hash it"
        return InputResult(entry.name, digest, entry.size, stem, status, f"{entry.name}: {reason}")
    if digest in first_seen:
        return InputResult(entry.name, digest, entry.size, stem, Status.DUPLICATE,
                           f"{entry.name}: the same content as {first_seen[digest]}, which is converted once")
    first_seen[digest] = entry.name
    record = load_record(out, digest) if resume else None
    if record is None or record.name != entry.name or record.stem != stem or record.status in RETRIED:
        return None
    if not outputs_intact(out, record):
        return None
    if record.status is Status.CONVERTED and record.plans:  # kept small: the record holds the rest
        return RecordedInput(entry.name, digest, len(record.plans), resumed=True, stem=stem)
    return replace(record, resumed=True)


def _resume_notes(batch: Batch) -> None:
    if not batch.options.resume:
        return
    if batch.earlier is None:
        batch.notes.append("--resume: no earlier run with the same options (profiles, LA code, checker, as-of date, "
                           "version) was found in the output folder, so every input is converted")
        return
    resumed = sum(result.resumed for result in batch.known.values())
    batch.notes.append(f"--resume: {resumed} input(s) done by the earlier run were taken from its records; "
                       f"{len(batch.tasks)} left to convert")


def _explain_duplicates(results: RecordedResults) -> None:
    """Say in each duplicate's reason when the input it repeats failed."""
    whole = results.whole()
    failed = {result.sha256: result.status for result in whole.values() if result.failed and result.sha256}
    for index, result in list(whole.items()):
        if result.status is Status.DUPLICATE and result.sha256 in failed:
            results.put(index, replace(result, reason=f"{result.reason}; that input failed ({failed[result.sha256]})"))


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
    as_of = start_state(out, batch.options, batch.earlier)
    if batch.earlier is not None:
        drop_stale_records(out, [result for result in batch.known.values() if result.resumed])
    remove_outputs(out, {task.stem for task in batch.tasks.values()})
    return as_of


def _settings(out: Path, options: BatchOptions, as_of: dt.date) -> WorkerSettings:
    from .convert.convert import ConvertOptions

    convert_options = ConvertOptions(profile=options.profile, la_code=options.la_code, check=options.check,
                                     as_of=as_of, candidates=tuple(options.candidates))
    return WorkerSettings(os.fspath(out), options.convert, convert_options, options.render_options, options.durable)


__all__ = [
    "MAX_FILE_BYTES",
    "OUTPUT_SUFFIXES",
    "PLANS_DIR",
    "SKIPPED_KINDS",
    "SKIPPED_REASON",
    "STATE_DIR",
    "SUFFIXES",
    "Batch",
    "BatchOptions",
    "BatchResult",
    "InputFile",
    "InputResult",
    "PlanResult",
    "RecordedInput",
    "RecordedResults",
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
    "skipped_reason",
    "stage",
    "timing_stages",
]
