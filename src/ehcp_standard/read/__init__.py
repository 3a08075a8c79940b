"""Reading a plan back from its Word document: from the plan embedded in it and from its visible layout.

::

    from ehcp_standard.read import read_docx

    result = read_docx("plan.docx")              # or the .docx bytes
    result.plan                                  # the embedded plan (exactly what was rendered), else the visible one
    result.visible                               # the plan the page shows (None, with warnings, if it cannot be made)
    for difference in result.differences:        # per section: edited after rendering, or not shown on the page
        print(difference)
    for warning in result.warnings:              # located: part, table, row, cell, paragraph
        print(warning)

Modules follow the pipeline: ``ooxml`` (the safe package, shared with the converter), ``wordml`` (body paragraphs
and tables), ``embedded``, ``visible`` (which calls ``details``, ``needs``, ``sections`` and ``appendices``, with
the small readers in ``cells`` and ``values`` and the layout's wording in ``contract``), ``projection`` (what the
page can show) and ``differences``. The reader depends on the model, never on the renderer.
"""

from .differences import MISSING, Difference
from .projection import visible_form
from .reader import ReadResult, read_docx
from .warnings import Location, ReadWarning

__all__ = ["MISSING", "Difference", "Location", "ReadResult", "ReadWarning", "read_docx", "visible_form"]
