"""Write ``unseen-council.docx``: a fictional legacy plan in a layout no built-in profile knows.

The worked example of ``docs/converting.md`` starts here. It generates a fictional plan with the test suite's
generator (``tests/convert/legacy_layouts.py``: invented names, towns and schools; identifiers in test ranges), writes
it in the "outcomes before needs" layout, then renames some of its headings, an area of need and two table columns
to labels no built-in profile holds, as a council's own template might word them::

    python docs/examples/make_unseen_layout.py /tmp/example/     # writes /tmp/example/unseen-council.docx

From Python, :func:`make_unseen_layout` returns the path written (the test of the guide uses it).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The fictional plan's seed: a final plan with needs in all four areas, health and social care provision.
SEED = 30
#: The layout written before renaming (sections lettered "Section B – …", outcomes before needs).
LAYOUT = "outcomes_before_needs"
#: Label as the layout writes it → the unseen council's wording. Each is a whole run of text in the document.
RENAMES: dict[str, str] = {
    "Section A \u2013 All about me": "Getting to know me",
    "My story": "My life so far",
    "How I communicate": "The best way to talk with me",
    "Section E \u2013 The outcomes I am working towards": "What we are aiming for",
    "Section B \u2013 Special educational needs": "My learning needs",
    "Physical and sensory needs": "My body and senses",
    "Section F \u2013 Special educational provision": "The help I will get at school",
    "Provided by": "Delivered by",
    "How often": "Sessions",
    "Section K \u2013 Advice and information": "Reports that informed this plan",
}
#: The name of the file written.
FILE_NAME = "unseen-council.docx"


def _generator():
    """Import the fictional-plan generator of the test suite (from a checkout of the project)."""
    for path in (ROOT, ROOT / "src"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    from tests.convert import legacy_layouts

    return legacy_layouts


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rename_labels(document_xml: str, renames: dict[str, str]) -> str:
    """Return ``document_xml`` with each text run that is exactly a key of ``renames`` replaced by its value.
    Raises ``ValueError`` if a label is not in the document (the generator changed)."""
    for old, new in renames.items():
        run = f">{_escape(old)}</w:t>"
        if run not in document_xml:
            raise ValueError(f"label {old!r} not found in word/document.xml")
        document_xml = document_xml.replace(run, f">{_escape(new)}</w:t>")
    return document_xml


def unseen_docx(seed: int = SEED) -> bytes:
    """Return the bytes of the unseen council's plan: the fictional plan ``seed`` with :data:`RENAMES` applied."""
    layouts = _generator()
    plan = layouts.fictional_plan(seed)
    original = layouts.build_docx(plan, LAYOUT, quirks=layouts.ARCHETYPE_QUIRKS[LAYOUT])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = rename_labels(data.decode("utf-8"), RENAMES).encode("utf-8")
            info.compress_type = zipfile.ZIP_STORED   # the same bytes (and plan reference) whatever zlib is used
            target.writestr(info, data)
    return out.getvalue()


def make_unseen_layout(folder: str | Path, seed: int = SEED) -> Path:
    """Write ``unseen-council.docx`` into ``folder`` (created if need be) and return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    path.write_bytes(unseen_docx(seed))
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python docs/examples/make_unseen_layout.py FOLDER", file=sys.stderr)
        return 2
    print(make_unseen_layout(argv[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
