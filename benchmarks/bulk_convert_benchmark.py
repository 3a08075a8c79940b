"""Bulk conversion benchmark: ``ehcp convert``'s engine end to end on thousands of legacy plans, against a naive
baseline, in one run.

    PYTHONPATH=src python benchmarks/bulk_convert_benchmark.py [--plans 2000] [--small 500] [--baseline 100]
                                                               [--workers N] [--json]

It writes ``--plans`` fictional legacy plans (``tests/convert/legacy_layouts.corpus``: five council layouts in
rotation, each with its Word quirks) to a temporary folder and converts them with :mod:`ehcp_standard.batch`, as
``ehcp convert`` does: every worker reads, maps, validates and checks each plan (``convert_bytes``), renders it
(the compiled template) and writes its JSON, .docx and reports atomically, synced to disk, then its completion
record. Generating the corpus is not timed; starting the workers is. Each stage is timed inside the workers
(``batch.stage``): reading the file, parsing the Word XML, finding sections, mapping, checking, rendering,
writing; "validate and account" is the rest of ``convert_bytes`` (building and validating the plan, accounting for
every source text).

Memory is the peak resident set of this process and every process under it (forkserver and workers), sampled
every 100 ms from ``/proc`` (or psutil when installed). It is measured on a ``--small`` batch and on the full one:
it must stay under 1 GiB and not grow with the number of plans.

The baseline converts the first ``--baseline`` plans one after another in one process, the way a plain script
would with the usual libraries: read with python-docx's object API (``docx.Document``, then every paragraph and
every table's rows and cells walked, nested tables too), map with the same mapper (its own reading time taken
out), render with a fresh docxtpl ``DocxTemplate`` per plan (``render_docx_with_docxtpl``), write the JSON and
.docx. It prints markdown tables for the README and exits 1 if a target is missed: at least 50 plans/s end to
end, at least 5 times the baseline, peak memory under 1 GiB and not growing with N.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for entry in (ROOT / "src", ROOT, ROOT / "benchmarks"):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

from render_benchmark import machine

from ehcp_standard.batch import BatchOptions, convert_batch, stage, timing_stages

TARGET_RATE = 50.0
TARGET_RATIO = 5.0
MEMORY_LIMIT_MIB = 1024
#: The full batch's peak memory may exceed the small batch's by this factor and still count as "not growing".
GROWTH_ALLOWANCE = 1.25
STAGES = ("read", "parse", "sections", "map", "validate and account", "check", "render", "write")


# -- timing the converter's steps inside a worker -----------------------------------------------------------------

_timers_installed = False


def timed_convert(data: bytes, source: str, options) -> list:
    """The engine's converter (``convert_bytes``) with its steps timed as stages; installs the timers once per
    worker process."""
    global _timers_installed
    if not _timers_installed:
        install_timers()
        _timers_installed = True
    from ehcp_standard.convert.convert import convert_bytes

    return convert_bytes(data, source=source, options=options)


def install_timers() -> None:
    """Wrap the converter's steps so that each adds its time to a stage (where the step exists)."""
    from ehcp_standard.convert import convert as convert_module
    from ehcp_standard.convert import docx_reader, map_details, map_needs

    for module, name, label in ((docx_reader, "read_legacy_docx", "parse"), (convert_module, "detect_profile",
                                "sections"), (convert_module, "find_sections", "sections"),
                                (map_details, "map_details", "map"), (map_needs, "map_needs", "map"),
                                (convert_module, "_check", "check")):
        if hasattr(module, name):
            setattr(module, name, _timed(label, getattr(module, name)))


def _timed(label: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with stage(label):
            return function(*args, **kwargs)

    return wrapper


# -- memory -------------------------------------------------------------------------------------------------------


def tree_rss_kib(pid: int) -> int:
    """Return the resident set (KiB) of process ``pid`` and all its descendants."""
    try:
        import psutil
    except ImportError:
        return _proc_tree_rss_kib(pid)
    root = psutil.Process(pid)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            total += process.memory_info().rss // 1024
        except psutil.Error:
            continue
    return total


def _proc_tree_rss_kib(pid: int) -> int:
    """The resident set of ``pid`` and its descendants from ``/proc`` (children lists, then each ``VmRSS``)."""
    total, family = 0, [pid]
    while family:
        member = family.pop()
        try:
            for task in Path(f"/proc/{member}/task").iterdir():
                family += [int(child) for child in (task / "children").read_text().split()]
            status = Path(f"/proc/{member}/status").read_text()
        except (OSError, ValueError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


class MemorySampler(threading.Thread):
    """Samples this process tree's resident set every ``interval`` seconds; ``peak_kib`` is the largest seen."""

    def __init__(self, interval: float = 0.1):
        super().__init__(daemon=True)
        self.interval, self.peak_kib = interval, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_kib = max(self.peak_kib, tree_rss_kib(os.getpid()))
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_kib


# -- the two paths ------------------------------------------------------------------------------------------------


def write_corpus(folder: Path, count: int, seed: int) -> list[Path]:
    """Write ``count`` fictional legacy plans into ``folder``; return their paths."""
    from tests.convert.legacy_layouts import corpus

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in corpus(count, seed=seed):
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def run_engine(folder: Path, out: Path, workers: int) -> dict:
    """Convert every plan in ``folder`` with the engine; return throughput, memory and the stages per plan."""
    sampler = MemorySampler()
    sampler.start()
    start = time.perf_counter()
    result = convert_batch([folder], out, BatchOptions(workers=workers, convert=timed_convert, la_code="855"))
    seconds = time.perf_counter() - start
    peak = sampler.stop()
    plans = len(result.plans)
    if result.exit_code != 0 or plans != len(result.results):
        failed = [f"{item.status}: {item.reason}" for item in result.failed][:5]
        sys.exit(f"the engine failed on {len(result.failed)} plan(s), e.g. {failed}")
    totals: dict[str, float] = {}
    for item in result.results:
        for name, value in item.stages.items():
            totals[name] = totals.get(name, 0.0) + value
    steps = sum(totals.get(name, 0.0) for name in ("parse", "sections", "map", "check"))
    totals["validate and account"] = totals.get("convert", 0.0) - steps
    return {"plans": plans, "seconds": round(seconds, 2), "plans_per_s": round(plans / seconds, 1),
            "peak_rss_mib": round(peak / 1024, 1),
            "worker_peak_rss_mib": round(max(item.peak_rss_kib for item in result.results) / 1024, 1),
            "ms_per_plan": {name: round(1000 * totals.get(name, 0.0) / plans, 2) for name in STAGES},
            "worker_ms_per_plan": round(1000 * sum(item.seconds for item in result.results) / plans, 2),
            "worker_cpu_ms_per_plan": round(1000 * sum(item.cpu_seconds for item in result.results) / plans, 2)}


def run_baseline(files: list[Path], out: Path) -> dict:
    """Convert ``files`` one after another the plain way (see the module docstring); return its figures."""
    from ehcp_standard.convert.convert import ConvertOptions, convert_bytes
    from ehcp_standard.render import render_docx_with_docxtpl

    install_timers()
    out.mkdir(parents=True, exist_ok=True)
    totals = {name: 0.0 for name in ("read", "map", "render", "write")}
    options = ConvertOptions(la_code="855")
    for path in files:
        start = time.perf_counter()
        data = path.read_bytes()
        python_docx_walk(data)
        totals["read"] += time.perf_counter() - start
        with timing_stages() as stages:
            start = time.perf_counter()
            (conversion,) = convert_bytes(data, source=path.name, options=options)
            totals["map"] += time.perf_counter() - start - stages.get("parse", 0.0)
        start = time.perf_counter()
        docx = render_docx_with_docxtpl(conversion.plan)
        totals["render"] += time.perf_counter() - start
        start = time.perf_counter()
        (out / f"{path.stem}.json").write_text(conversion.plan.to_json() + "\n", encoding="utf-8")
        (out / f"{path.stem}.docx").write_bytes(docx)
        totals["write"] += time.perf_counter() - start
    seconds = sum(totals.values())
    return {"plans": len(files), "seconds": round(seconds, 2), "plans_per_s": round(len(files) / seconds, 2),
            "ms_per_plan": {name: round(1000 * value / len(files), 2) for name, value in totals.items()}}


def python_docx_walk(data: bytes) -> int:
    """Read a .docx with python-docx's object API: every body paragraph, every table's rows and cells (nested
    tables too), and each section's header and footer; return the characters seen."""
    from docx import Document

    document = Document(io.BytesIO(data))
    seen = sum(len(paragraph.text) for paragraph in document.paragraphs)
    tables = list(document.tables)
    for section in document.sections:
        for story in (section.header, section.footer):
            seen += sum(len(paragraph.text) for paragraph in story.paragraphs)
            tables += story.tables
    while tables:
        table = tables.pop()
        for row in table.rows:
            for cell in row.cells:
                seen += sum(len(paragraph.text) for paragraph in cell.paragraphs)
                tables += cell.tables
    return seen


# -- the run ------------------------------------------------------------------------------------------------------


def run(plans: int, small: int, baseline: int, workers: int, seed: int) -> dict:
    """Run the benchmark; return its figures and which targets were met."""
    with tempfile.TemporaryDirectory(prefix="ehcp-bulk-") as folder:
        base = Path(folder)
        files = write_corpus(base / "legacy", plans, seed)
        (base / "legacy-small").mkdir()
        for path in files[:small]:
            os.link(path, base / "legacy-small" / path.name)
        small_run = run_engine(base / "legacy-small", base / "out-small", workers)
        full_run = run_engine(base / "legacy", base / "out", workers)
        naive = run_baseline(files[:baseline], base / "out-baseline")
    ratio = round(full_run["plans_per_s"] / naive["plans_per_s"], 1)
    growth = round(full_run["peak_rss_mib"] / small_run["peak_rss_mib"], 2)
    return {
        "workers": workers, "engine": full_run, "engine_small": small_run, "baseline": naive, "ratio": ratio,
        "memory_growth": growth, "machine": machine(),
        "targets": {
            f"at least {TARGET_RATE:g} plans/s": full_run["plans_per_s"] >= TARGET_RATE,
            f"at least {TARGET_RATIO:g}x the baseline": ratio >= TARGET_RATIO,
            f"peak memory under {MEMORY_LIMIT_MIB} MiB": max(full_run["peak_rss_mib"],
                                                             small_run["peak_rss_mib"]) < MEMORY_LIMIT_MIB,
            "peak memory not growing with N": growth <= GROWTH_ALLOWANCE,
        },
    }


def table(figures: dict) -> str:
    """Return the figures as markdown tables, to paste into the README."""
    full, small, naive = figures["engine"], figures["engine_small"], figures["baseline"]
    lines = [
        "| path | plans | plans/s | peak memory (parent + workers) |",
        "|---|---:|---:|---:|",
        (f"| ehcp convert engine, {figures['workers']} workers | {full['plans']} | {full['plans_per_s']} | "
        f"{full['peak_rss_mib']} MiB |"),
        (f"| ehcp convert engine, {figures['workers']} workers | {small['plans']} | {small['plans_per_s']} | "
        f"{small['peak_rss_mib']} MiB |"),
        (f"| baseline: python-docx read + fresh DocxTemplate, 1 process | {naive['plans']} | "
        f"{naive['plans_per_s']} | |"),
        "",
        (f"Engine {figures['ratio']}x the baseline; peak memory {figures['memory_growth']}x from "
        f"{small['plans']} to {full['plans']} plans (largest worker {full['worker_peak_rss_mib']} MiB)."),
        "",
        "| stage (ms per plan, in a worker) | engine | baseline |",
        "|---|---:|---:|",
    ]
    baseline_stage = {"read": naive["ms_per_plan"]["read"], "map": naive["ms_per_plan"]["map"],
                      "render": naive["ms_per_plan"]["render"], "write": naive["ms_per_plan"]["write"]}
    for name in STAGES:
        lines.append(f"| {name} | {full['ms_per_plan'][name]} | {baseline_stage.get(name, '')} |")
    lines.append(f"| **total** | **{full['worker_ms_per_plan']}** | **{sum(baseline_stage.values()):.2f}** |")
    lines.append(f"| of which processor time | {full['worker_cpu_ms_per_plan']} | |")
    info = figures["machine"]
    lines += ["", ("Baseline map = parse, sections, map, validate and account, check (the same mapper, its own "
              "reading time taken out); its read is python-docx's."),
              f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}, {info['os']}.", ""]
    lines += [f"- {name}: {'met' if met else 'NOT met'}" for name, met in figures["targets"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=2000, help="plans in the full batch (default 2000)")
    parser.add_argument("--small", type=int, default=500, help="plans in the small batch, for memory (default 500)")
    parser.add_argument("--baseline", type=int, default=100, help="plans the baseline converts (default 100)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: all "
                        "cores)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = run(args.plans, min(args.small, args.plans), min(args.baseline, args.plans), args.workers, args.seed)
    print(json.dumps(figures, indent=2) if args.json else table(figures))
    return 0 if all(figures["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
