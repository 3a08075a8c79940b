"""The run's state in ``.ehcp-convert/`` (see :mod:`ehcp_standard.batch`, step 3): each input's completion
record, the options and as-of date of the run (``run.json``), what ``--resume`` may reuse of them, and the batch's
results read back from the records (:class:`RecordedResults`), so that the parent keeps little of each plan."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, overload

from . import __version__
from ._batch_files import STATE_DIR, atomic_write, remove_outputs
from ._batch_results import BatchOptions, InputResult, RecordedInput, Status
from .errors import EhcpError

#: The version of the completion records' layout; a record of another version is never reused. (2: no headings.)
RECORD_VERSION = 2


# -- the run's state: options and completion records -------------------------------------------------------------


def _record_path(out_dir: Path, sha256: str) -> Path:
    return out_dir / STATE_DIR / "done" / f"{sha256}.json"


def write_record(out_dir: Path, result: InputResult) -> None:
    """Write the input's completion record, after its outputs are on disk (so a record means a complete set).

    The record itself is not synced: one lost to a power cut only means the input is converted again, and one
    that survives while an output did not is caught on resume, which checks every output's hash."""
    record = {"version": RECORD_VERSION, **result.to_dict()}
    path = _record_path(out_dir, result.sha256)
    atomic_write(path, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8"), durable=False)


def load_record(out_dir: Path, sha256: str) -> InputResult | None:
    """Return the completion record of the input with hash ``sha256``, or ``None`` (none, unreadable, or another
    layout version)."""
    try:
        data = json.loads(_record_path(out_dir, sha256).read_text(encoding="utf-8"))
        if data.get("version") != RECORD_VERSION:
            return None
        return InputResult.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


class RecordedResults(Sequence[InputResult]):
    """A batch's results in input order. Of a converted input it keeps only numbers, in arrays sized before the run
    (how many plans, processor time, peak memory, whether resumed), beside the batch's own lists of input names
    and hashes: its :class:`InputResult` is read back from its completion record each time it is asked for. Every
    other result (a failure or a duplicate: small, and few) is kept whole. So a pass over the results holds one at a
    time, and what the parent keeps neither grows with the plans' content nor scatters small objects over memory
    freed as each result passes through."""

    def __init__(self, out_dir: Path, names: Sequence[str], digests: Sequence[str]):
        self.out_dir = Path(out_dir)
        self._names, self._digests = names, digests
        self._plans = array("l", [0]) * len(names)
        self._cpu = array("d", [0.0]) * len(names)
        self._peak = array("q", [0]) * len(names)
        self._resumed = bytearray(len(names))
        self._whole: dict[int, InputResult] = {}

    def put(self, index: int, result: InputResult | RecordedInput) -> None:
        """Keep the result of input ``index``: its numbers when it was converted (its record holds the rest), else
        the whole result."""
        if isinstance(result, InputResult) and not (result.status is Status.CONVERTED and result.plans):
            self._plans[index] = 0
            self._whole[index] = result
            return
        plans = result.plan_count if isinstance(result, RecordedInput) else len(result.plans)
        self._plans[index], self._cpu[index] = plans, result.cpu_seconds
        self._peak[index], self._resumed[index] = result.peak_rss_kib, result.resumed
        self._whole.pop(index, None)

    def whole(self) -> dict[int, InputResult]:
        """The results kept whole (failures and duplicates), by input index."""
        return self._whole

    def entry(self, index: int) -> InputResult | RecordedInput:
        """Return the result of input ``index`` as held in memory (nothing is read)."""
        whole = self._whole.get(index)
        if whole is not None:
            return whole
        if not self._plans[index]:
            raise LookupError(f"{self._names[index]}: no result was kept for this input")
        return RecordedInput(self._names[index], self._digests[index], self._plans[index], self._cpu[index],
                             self._peak[index], bool(self._resumed[index]))

    def entries(self) -> list[InputResult | RecordedInput]:
        """Every result as held in memory, in input order (nothing is read)."""
        return [self.entry(index) for index in range(len(self))]

    def __len__(self) -> int:
        return len(self._names)

    @overload
    def __getitem__(self, index: int) -> InputResult: ...

    @overload
    def __getitem__(self, index: slice) -> list[InputResult]: ...

    def __getitem__(self, index: int | slice) -> InputResult | list[InputResult]:
        if isinstance(index, slice):
            return [self._read(self.entry(number)) for number in range(len(self))[index]]
        return self._read(self.entry(range(len(self))[index]))

    def __iter__(self) -> Iterator[InputResult]:
        return (self._read(self.entry(index)) for index in range(len(self)))

    def _read(self, entry: InputResult | RecordedInput) -> InputResult:
        if isinstance(entry, InputResult):
            return entry
        result = load_record(self.out_dir, entry.sha256)
        if result is None or result.status is not Status.CONVERTED:
            raise EhcpError(f"{entry.name}: its completion record ({STATE_DIR}/done/{entry.sha256}.json) could not "
                            "be read back for the batch report; it was changed or removed during the run. Run the "
                            "same command again with --resume")
        return replace(result, cpu_seconds=entry.cpu_seconds, peak_rss_kib=entry.peak_rss_kib,
                       resumed=entry.resumed)


def outputs_intact(out_dir: Path, result: InputResult) -> bool:
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


def options_fingerprint(options: BatchOptions) -> str:
    """Return the SHA-256 of everything that changes a conversion's outputs: the package and record versions,
    the profile (or the council's own profiles detection considers), LA code, whether the checker runs, the render
    options and the converter."""
    profile = options.profile.model_dump(mode="json") if hasattr(options.profile, "model_dump") else None
    candidates = [candidate.model_dump(mode="json") for candidate in options.candidates]
    converter = options.convert and f"{options.convert.__module__}.{options.convert.__qualname__}"
    parts = {"package": __version__, "record": RECORD_VERSION, "profile": profile, "candidates": candidates,
             "la_code": options.la_code,
             "check": options.check, "render": repr(options.render_options), "convert": converter}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def earlier_run(out: Path, options: BatchOptions) -> dict[str, Any] | None:
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


def start_state(out: Path, options: BatchOptions, earlier: dict[str, Any] | None) -> dt.date:
    """Return the as-of date of this run: the resumed run's, or (for a new run, whose options are recorded and
    the earlier run's records and outputs removed) the one given, or today."""
    if earlier is not None:
        return dt.date.fromisoformat(earlier["as_of"])
    as_of = options.as_of or dt.date.today()
    drop_stale_records(out, [])
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


def drop_stale_records(out: Path, reused: list[InputResult | RecordedInput]) -> None:
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


__all__ = [
    "RECORD_VERSION",
    "RecordedResults",
    "drop_stale_records",
    "earlier_run",
    "load_record",
    "options_fingerprint",
    "outputs_intact",
    "start_state",
    "write_record",
]
