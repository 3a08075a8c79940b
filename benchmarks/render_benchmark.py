"""Render benchmark: compile once, render many, against a fresh docxtpl ``DocxTemplate`` per plan, in one run.

    PYTHONPATH=src python benchmarks/render_benchmark.py [--renders 200] [--json]

Both paths render the bundled examples in turn, ``--renders`` times each path, after one warm-up render each
(the compiled path's warm-up is where the template is built and compiled: its one-off cost is reported apart).
Before timing, the benchmark checks that both paths give every example the same visible text; it stops if not.
It prints a table (plans/s, ms/plan, ratio) and the machine it ran on; ``--json`` prints the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

from ehcp_standard import Plan, load_plan
from ehcp_standard.render import compiled_template, render_docx, render_docx_with_docxtpl, visible_text

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 20


def examples() -> list[Plan]:
    """Return the bundled example plans."""
    return [load_plan(path) for path in sorted((ROOT / "examples").glob("*.json"))]


def compiled_path(plan: Plan) -> bytes:
    """The library's path: the template prepared once per process, filled per plan (plan JSON embedded too)."""
    return render_docx(plan)


def docxtpl_path(plan: Plan) -> bytes:
    """The baseline: a fresh ``DocxTemplate`` opened, rendered and saved for this one plan."""
    return render_docx_with_docxtpl(plan, embed=False)


def check_same_output(plans: list[Plan]) -> None:
    """Stop unless both paths show exactly the same text for every plan."""
    for plan in plans:
        if visible_text(compiled_path(plan)) != visible_text(docxtpl_path(plan)):
            sys.exit(f"the two paths differ in visible text for {plan.metadata.plan_reference}")


def time_path(render, plans: list[Plan], renders: int) -> float:
    """Return the seconds ``render`` takes for ``renders`` plans, cycling through ``plans``."""
    start = time.perf_counter()
    for index in range(renders):
        render(plans[index % len(plans)])
    return time.perf_counter() - start


def machine() -> dict[str, str]:
    """Return what the benchmark ran on: CPU model and count, Python, OS and the libraries' versions."""
    model = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]
        model = names[0] if names else model
    return {
        "cpu": model,
        "nproc": str(os.cpu_count()),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "libraries": ", ".join(f"{name} {version(name)}" for name in ("docxtpl", "python-docx", "lxml", "Jinja2")),
    }


def run(renders: int) -> dict:
    """Run the benchmark; return its figures."""
    plans = examples()
    start = time.perf_counter()
    compiled_template()
    prepare = time.perf_counter() - start
    check_same_output(plans)
    fast = time_path(compiled_path, plans, renders)
    slow = time_path(docxtpl_path, plans, renders)
    return {
        "renders": renders,
        "examples": len(plans),
        "prepare_once_s": round(prepare, 3),
        "compiled": {"seconds": round(fast, 3), "plans_per_s": round(renders / fast, 1),
                     "ms_per_plan": round(1000 * fast / renders, 2)},
        "docxtpl": {"seconds": round(slow, 3), "plans_per_s": round(renders / slow, 1),
                    "ms_per_plan": round(1000 * slow / renders, 2)},
        "ratio": round(slow / fast, 1),
        "target_ratio": TARGET_RATIO,
        "machine": machine(),
    }


def table(figures: dict) -> str:
    """Return the figures as a table for people."""
    rows = [("path", "plans", "plans/s", "ms/plan", "ratio")]
    for key, name in (("docxtpl", "fresh DocxTemplate per plan"), ("compiled", "compiled once, render many")):
        path = figures[key]
        ratio = "1.0x" if key == "docxtpl" else f"{figures['ratio']}x"
        rows.append((name, str(figures["renders"]), f"{path['plans_per_s']:.1f}", f"{path['ms_per_plan']:.2f}", ratio))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]
    info = figures["machine"]
    lines += [
        "",
        f"prepared once per process in {figures['prepare_once_s']} s (build and compile the template)",
        f"machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}, {info['os']}",
        f"libraries: {info['libraries']}",
        f"target: at least {figures['target_ratio']}x — {'met' if figures['ratio'] >= TARGET_RATIO else 'NOT met'}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line; exit 1 if the target ratio is not met."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=200, help="plans rendered by each path (default 200)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = run(args.renders)
    print(json.dumps(figures, indent=2) if args.json else table(figures))
    return 0 if figures["ratio"] >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
