"""Converter accuracy on the shared legacy samples, scored against their ``.truth.json`` files.

    PYTHONPATH=src python benchmarks/convert_samples_benchmark.py [--samples DIR] [--json] [--verbose]

Converts every ``*.docx`` in ``../shared/legacy-samples`` (or ``--samples``) with the profile it detects, and the
case-management export ``provision_export.csv``, then scores two things:

- **placement**: each need, outcome (outcomes, short-term steps and long-term aims) and provision item of the truth
  file must land in the right section *and* area of need: a need in that area's ``needs`` (title and description),
  an outcome in that area's ``outcomes`` (short-term steps may also sit in the plan's shorter-term targets), a
  provision item in that area's ``provision``; health and social care items in C/G and D/H1/H2 (H1 and H2 apart).
  Found elsewhere, carried over or nowhere counts as wrong, and ``--verbose`` says where it went.
- **retention**: every visible content paragraph (``all_text_paragraphs``) must be in the converted plan: verbatim
  in any of its texts (its sections or the carried-over content), or read into a typed field (a date, an
  identifier, a yes/no) by a mapping the converter verified.
- **budgets** (reported, not a target): a sample whose truth gives section J an amount ("£5,460 per year") must
  have exactly one budget item with that amount and period; one whose truth has no amount must have none. Beside
  it, how many budget items were linked to needs through the provision their wording names, and how many name
  provision that is itself linked to no need (counted from the report's notes: the truth files do not say which
  need a budget meets, so these links cannot be scored against them).

It prints one line per sample and the totals; exit status 1 when placement is under 95% or retention under 100%
(the issue's acceptance figures). Only when the samples are present: they are fictional but stay outside the project.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import time
from pathlib import Path

from ehcp_standard.convert.convert import ConvertOptions, convert_bytes, convert_docx
from ehcp_standard.convert.draft import squash

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.convert.truth_scoring import AREAS, locate, placement, retention, texts_of

DEFAULT_SAMPLES = ROOT.parent / "shared" / "legacy-samples"
PLACEMENT_TARGET = 0.95


def csv_placement(samples: Path) -> list[tuple[str, str, bool, str]]:
    """Each provision row of the export in the right section and area, with its need and outcome linked."""
    path = samples / "provision_export.csv"
    truth = json.loads((samples / "provision_export.truth.json").read_text(encoding="utf-8"))
    data = with_dates_of_birth(path.read_bytes().decode("utf-8-sig"), samples)
    conversions = convert_bytes(data, source=path.name, options=ConvertOptions(check=False))
    plans = {c.plan.metadata.plan_reference: json.loads(c.plan.to_json()) for c in conversions}
    areas = truth["area_codes"]
    results = []
    for row in truth["rows"]:
        plan = plans.get(row["plan_ref"])
        area = areas[row["area"]]
        if plan is None:
            results.append(("csv provision", row["provision"], False, "no plan"))
            continue
        if area in AREAS:
            lists = (plan.get("special_educational_needs") or {}).get(AREAS[area]) or {}
            provision = lists.get("provision")
        elif row["section"] == "G":
            provision = (plan.get("health") or {}).get("provision")
        else:
            key = "h1_provision" if row["section"] == "H1" else "h2_provision"
            provision = (plan.get("social_care") or {}).get(key)
        ok = any(squash(row["provision"]) in t for t in texts_of(provision, "description", "original_text"))
        results.append((f"csv {row['section']} provision", row["provision"], ok,
                        "" if ok else locate(plan, squash(row["provision"]))))
    return results


def with_dates_of_birth(text: str, samples: Path) -> bytes:
    """The export with a ``date_of_birth`` column joined by UPN, as a council joins its pupil record: a provision
    export alone has no date of birth, and a standard plan cannot be made without one. The dates come from the
    Word samples' truth files (the same fictional children)."""
    births = {}
    for truth_path in samples.glob("*.truth.json"):
        child = json.loads(truth_path.read_text(encoding="utf-8")).get("child") or {}
        if child.get("upn") and child.get("dob"):
            births[child["upn"]] = child["dob"]
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0] + ["date_of_birth"]
    upn = rows[0].index("upn")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows[1:]:
        writer.writerow(row + [births.get(row[upn], "")])
    return out.getvalue().encode("utf-8")


_AMOUNT = re.compile(r"£([\d,]+(?:\.\d\d)?)(?:\s+per\s+(week|month|year))?")


def budget_matches(plan: dict, truth: dict) -> bool | None:
    """Whether section J's budget items agree with the truth's amount (``None``: the truth says nothing of J)."""
    expected = (truth.get("personal_budget") or {}).get("amount", "absent")
    if expected == "absent":
        return None
    items = (plan.get("personal_budget") or {}).get("items") or []
    if expected is None:
        return not items
    found = _AMOUNT.fullmatch(expected)
    if found is None or len(items) != 1:
        return False
    pence = round(float(found[1].replace(",", "")) * 100)
    return items[0].get("amount_pence") == pence and items[0].get("period") == (found[2] or items[0].get("period"))


def budget_links(plan: dict, conversion) -> tuple[int, int, int]:
    """Section J's budget items: how many, how many link a need, and how many name (by wording) provision that is
    itself linked to no need (its ``unlinked`` note)."""
    items = (plan.get("personal_budget") or {}).get("items") or []
    named = sum(note.section == "J" and note.code == "unlinked" for note in conversion.report.notes)
    return len(items), sum(bool(item.get("need_ids")) for item in items), named


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="list every miss and where it went")
    args = parser.parse_args(argv)
    if not args.samples.is_dir():
        print(f"no samples at {args.samples}", file=sys.stderr)
        return 2
    rows, all_results, kept_total, text_total, seconds = [], [], 0, 0, 0.0
    for path in sorted(args.samples.glob("*.docx")):
        truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
        data = path.read_bytes()
        started = time.perf_counter()
        conversion = convert_docx(data, source=path.name, options=ConvertOptions(check=False))
        seconds += time.perf_counter() - started
        plan = json.loads(conversion.plan.to_json())
        results = placement(plan, truth)
        kept, total, lost = retention(data, path.name, conversion, truth)
        all_results += results
        kept_total, text_total = kept_total + kept, text_total + total
        good = sum(ok for *_, ok, _ in results)
        rows.append({"sample": path.stem, "profile": conversion.report.profile, "placed": good, "items": len(results),
                     "retained": kept, "texts": total, "carried_over": conversion.report.carried_over,
                     "budget": budget_matches(plan, truth), "budget_links": budget_links(plan, conversion),
                     "misses": [(c, t[:70], w) for c, t, ok, w in results if not ok], "lost": lost})
    csv_results = csv_placement(args.samples) if (args.samples / "provision_export.csv").exists() else []
    all_results += csv_results
    placed = sum(ok for *_, ok, _ in all_results)
    figures = {"documents": len(rows), "items": len(all_results), "placed": placed,
               "placement": placed / len(all_results) if all_results else 0.0,
               "texts": text_total, "retained": kept_total,
               "retention": kept_total / text_total if text_total else 0.0,
               "csv_rows": len(csv_results), "csv_placed": sum(ok for *_, ok, _ in csv_results),
               "budgets": sum(row["budget"] is not None for row in rows),
               "budgets_right": sum(row["budget"] is True for row in rows),
               "budget_items": sum(row["budget_links"][0] for row in rows),
               "budget_items_linked": sum(row["budget_links"][1] for row in rows),
               "budget_items_named_unlinked": sum(row["budget_links"][2] for row in rows),
               "ms_per_document": 1000 * seconds / max(len(rows), 1)}
    if args.json:
        print(json.dumps({"figures": figures, "samples": rows}, indent=2, ensure_ascii=False))
    else:
        print(f"{'sample':<48} {'profile':<24} {'placed':>9} {'retained':>9} {'carried':>8}")
        for row in rows:
            print(f"{row['sample']:<48} {row['profile']:<24} {row['placed']:>4}/{row['items']:<4} "
                  f"{row['retained']:>4}/{row['texts']:<4} {row['carried_over']:>8}")
            for category, text, where in row["misses"] if args.verbose else ():
                print(f"    miss {category}: {text!r} -> {where}")
            for text in row["lost"] if args.verbose else ():
                print(f"    lost: {text[:90]!r}")
        if csv_results:
            print(f"{'provision_export.csv':<48} {'case_management_export':<24} "
                  f"{figures['csv_placed']:>4}/{figures['csv_rows']:<4}")
            for category, text, ok, where in csv_results if args.verbose else ():
                if not ok:
                    print(f"    miss {category}: {text[:70]!r} -> {where}")
        print(f"\nplacement: {placed}/{len(all_results)} = {figures['placement']:.1%} of needs, outcomes and "
              f"provision items in the right section and area (target {PLACEMENT_TARGET:.0%})")
        print(f"retention: {kept_total}/{text_total} = {figures['retention']:.1%} of visible content paragraphs "
              f"in the converted plans (target 100%)")
        print(f"budgets: {figures['budgets_right']}/{figures['budgets']} samples with section J's budget item read as "
              "the truth states it (its amount and period, or no item where there is none)")
        print(f"budget links: {figures['budget_items_linked']}/{figures['budget_items']} budget items linked to needs "
              "through the provision their wording names; "
              f"{figures['budget_items_named_unlinked']} name provision that is itself linked to no need")
        for row in rows if args.verbose else ():
            if row["budget"] is False:
                print(f"    budget wrong: {row['sample']}")
        print(f"conversion time: {figures['ms_per_document']:.1f} ms per document (read, detect, map, build)")
    return 0 if figures["placement"] >= PLACEMENT_TARGET and figures["retention"] >= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
