"""Legacy reader benchmark: ``read_legacy_docx`` against python-docx's object API, in the same run.

    PYTHONPATH=src python benchmarks/legacy_read_benchmark.py [--rounds 20] [--samples DIR] [--json]

Reads the shared synthetic council plans (``../shared/legacy-samples``, or ``--samples``); when they are absent it
generates documents with the same quirks instead (content controls, a tracked insertion and deletion, merged and
nested tables, headers and footers). Both paths read every document ``--rounds`` times after one warm-up each:

- **this reader**: ``read_legacy_docx(data)`` then ``all_text()`` (body, notes, headers and footers);
- **python-docx**: ``Document(data)``, then ``.paragraphs`` and a walk of ``.tables`` (rows, cells, nested tables)
  and of every section's header and footer paragraphs and tables.

It prints time per document and the ratio, then what each path found: for the samples, how many of the
``.truth.json`` strings (``all_text_paragraphs``, ``template_labels``, ``placeholders``, ``inserted_text``) each
path's text contains, whether deleted text leaks in, and how many plan texts (labels aside) a path repeats —
python-docx's ``row.cells`` returns a merged cell once for every grid column and row it covers.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import sys
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path

from docx import Document

from ehcp_standard.convert import read_legacy_docx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SAMPLES = ROOT.parent / "shared" / "legacy-samples"
TRUTH_KEYS = ("all_text_paragraphs", "template_labels", "placeholders", "inserted_text")


# -- the two paths ---------------------------------------------------------------------------------------------


def reader_texts(data: bytes) -> list[str]:
    """This library's path: every visible text, in order."""
    return read_legacy_docx(data).all_text()


def python_docx_texts(data: bytes) -> list[str]:
    """The baseline: python-docx's object API, body paragraphs, tables (nested too), headers and footers."""
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += _table_texts(table)
    for section in document.sections:
        for story in (section.header, section.footer):
            texts += [p.text for p in story.paragraphs]
            for table in story.tables:
                texts += _table_texts(table)
    return texts


def _table_texts(table) -> list[str]:
    texts = []
    for row in table.rows:
        for cell in row.cells:
            texts += [p.text for p in cell.paragraphs]
            for nested in cell.tables:
                texts += _table_texts(nested)
    return texts


# -- documents -------------------------------------------------------------------------------------------------


def sample_documents(folder: Path) -> list[tuple[str, bytes, dict | None]]:
    """Return (name, bytes, truth) for every sample .docx in ``folder``."""
    found = []
    for path in sorted(folder.glob("*.docx")):
        truth_path = path.with_suffix(".truth.json")
        truth = json.loads(truth_path.read_text(encoding="utf-8")) if truth_path.exists() else None
        found.append((path.stem, path.read_bytes(), truth))
    return found


def generated_documents(count: int = 6) -> list[tuple[str, bytes, dict | None]]:
    """Return documents built with python-docx plus raw XML for the quirks it cannot write, with their truth."""
    return [(f"generated-{i + 1}", *_generated(i)) for i in range(count)]


def _generated(index: int) -> tuple[bytes, dict]:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = Document()
    document.sections[0].header.paragraphs[0].text = "OFFICIAL – SENSITIVE [PERSONAL]"
    document.add_heading(f"Section B: Special educational needs ({index + 1})", level=1)
    texts = [f"Need {index}.{n}: reading, spelling and working memory, with detail {n}." for n in range(40)]
    for text in texts:
        document.add_paragraph(text)
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(3, 0)).text = "Cognition and learning"
    for row in range(4):
        table.cell(row, 1).text = f"Provision {row}"
        table.cell(row, 2).text = f"Weekly, {row + 1} sessions"
    controlled = f"Year {index + 3} (in a content control)"
    inserted = " and a tracked insertion"
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {ns}><w:sdt><w:sdtPr><w:alias w:val="Year group"/></w:sdtPr><w:sdtContent><w:r><w:t>{controlled}'
        f'</w:t></w:r></w:sdtContent></w:sdt></w:p>'))
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {ns}><w:r><w:t>Kept text</w:t></w:r><w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve">'
        f'{inserted}</w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText> deleted words</w:delText>'
        f'</w:r></w:del></w:p>'))
    buffer = io.BytesIO()
    document.save(buffer)
    truth = {"all_text_paragraphs": texts + [controlled, "Cognition and learning"], "template_labels": [],
             "placeholders": [], "inserted_text": [inserted], "deleted_text": [" deleted words"]}
    return buffer.getvalue(), truth


# -- measuring -------------------------------------------------------------------------------------------------


def time_paths(paths, documents: list[bytes], rounds: int) -> list[float]:
    """Return, for each read path, the median seconds per document over ``rounds`` passes. The paths take turns
    within each round (after one warm-up pass each), so a busy machine slows both alike."""
    for read in paths:
        for data in documents:
            read(data)
    samples: list[list[float]] = [[] for _ in paths]
    for _ in range(rounds):
        for index, read in enumerate(paths):
            start = time.perf_counter()
            for data in documents:
                read(data)
            samples[index].append((time.perf_counter() - start) / len(documents))
    return [statistics.median(times) for times in samples]


def coverage(texts: list[str], truth: dict) -> dict[str, object]:
    """Return how many truth strings ``texts`` contains, whether deleted text leaks, and repeated cell texts."""
    joined = "\n".join(texts)
    wanted = [s for key in TRUTH_KEYS for s in truth.get(key, [])]
    found = [s for s in wanted if s in joined]
    counts = Counter(texts)
    labels = set(truth.get("template_labels", []))
    expected = Counter(s for s in truth.get("all_text_paragraphs", []) if s not in labels)
    return {
        "found": len(found),
        "wanted": len(wanted),
        "missed": [s for s in wanted if s not in joined][:3],
        "inserted_found": sum(s in joined for s in truth.get("inserted_text", [])),
        "deleted_leaked": sum(s in joined for s in truth.get("deleted_text", [])),
        "repeated": sum(counts[t] - n for t, n in expected.items() if counts[t] > n),
    }


def machine() -> dict[str, str]:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(), "python-docx": version("python-docx"),
            "lxml": version("lxml")}


def run(documents: list[tuple[str, bytes, dict | None]], rounds: int) -> dict:
    datas = [data for _, data, _ in documents]
    ours, theirs = time_paths([reader_texts, python_docx_texts], datas, rounds)
    rows = []
    for name, data, truth in documents:
        if truth is not None:
            rows.append({"document": name, "reader": coverage(reader_texts(data), truth),
                         "python_docx": coverage(python_docx_texts(data), truth)})
    return {"documents": len(documents), "rounds": rounds, "reader_ms": ours * 1000,
            "python_docx_ms": theirs * 1000, "ratio": theirs / ours, "coverage": rows, "machine": machine()}


def print_report(result: dict) -> None:
    print(f"{result['documents']} documents x {result['rounds']} rounds (median ms per document)")
    print(f"  read_legacy_docx + all_text : {result['reader_ms']:8.2f} ms")
    print(f"  python-docx object API walk : {result['python_docx_ms']:8.2f} ms")
    print(f"  ratio (python-docx / reader): {result['ratio']:8.2f}x")
    print()
    header = f"{'document':52} {'reader found':>13} {'python-docx found':>18} {'ins':>5} {'del leak':>9} {'repeats':>8}"
    print(header)
    for row in result["coverage"]:
        ours, theirs = row["reader"], row["python_docx"]
        print(f"{row['document'][:52]:52} {ours['found']:>6}/{ours['wanted']:<6} {theirs['found']:>9}/"
              f"{theirs['wanted']:<8} {ours['inserted_found']}/{theirs['inserted_found']:<3} "
              f"{ours['deleted_leaked']}/{theirs['deleted_leaked']:<7} {ours['repeated']}/{theirs['repeated']}")
        for missed in theirs["missed"]:
            print(f"{'':6}python-docx misses: {missed[:80]!r}")
    print("\n(ins, del leak, repeats: reader/python-docx)")
    print(" ".join(f"{k}={v}" for k, v in result["machine"].items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    documents = sample_documents(args.samples) if args.samples.is_dir() else []
    if not documents:
        print(f"no samples in {args.samples}; using generated documents", file=sys.stderr)
        documents = generated_documents()
    result = run(documents, args.rounds)
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else "", end="")
    if not args.json:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
