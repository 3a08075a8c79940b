"""Rendering a plan as a Word document (and PDF) in the national standardised layout.

::

    from ehcp_standard import load_plan
    from ehcp_standard.render import RenderOptions, extract_embedded_plan, render_docx

    plan = load_plan("examples/primary-autism-final.json")
    docx = render_docx(plan, RenderOptions(la_name="Leeds City Council"))   # .docx bytes
    assert extract_embedded_plan(docx) == plan.to_json()                    # the plan travels inside

The template is built from code (``template_builder``; never read from a user's file), compiled once per process
(``renderer``) and filled from a context in which every string is escaped (``context``, ``text``). The plan's JSON
is embedded as a custom XML part (``embed``). ``convert_to_pdf`` runs LibreOffice headless. The layout contract
that readers of rendered plans rely on is in ``template_builder``'s docstring.
"""

from .context import RenderOptions
from .embed import PLAN_NAMESPACE, extract_embedded_plan
from .logo import Logo, load_logo
from .pdf import convert_to_pdf, find_soffice
from .renderer import CompiledTemplate, compiled_template, render_docx, render_docx_with_docxtpl
from .template_builder import build_template
from .visible import story_texts, visible_text

__all__ = [
    "PLAN_NAMESPACE",
    "CompiledTemplate",
    "Logo",
    "RenderOptions",
    "build_template",
    "compiled_template",
    "convert_to_pdf",
    "extract_embedded_plan",
    "find_soffice",
    "load_logo",
    "render_docx",
    "render_docx_with_docxtpl",
    "story_texts",
    "visible_text",
]
