"""The run's state in ``.ehcp-convert/`` (see :mod:`ehcp_standard.batch`, step 3): each input's completion
record, the options and as-of date of the run (``run.json``), and what ``--resume`` may reuse of them."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from . import __version__
from ._batch_files import STATE_DIR, atomic_write, remove_outputs
from ._batch_results import BatchOptions, InputResult

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


def drop_stale_records(out: Path, reused: list[InputResult]) -> None:
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
    "drop_stale_records",
    "earlier_run",
    "load_record",
    "options_fingerprint",
    "outputs_intact",
    "start_state",
    "write_record",
]
