"""nbconvert exporters that turn an executed report notebook into Typst source or a PDF.

Registered as ``sti_typst`` and ``sti_pdf``, so ``jupyter nbconvert --to sti_pdf executed.ipynb``
works too. Code cells never appear, nor the parameters; outputs of report elements are taken
from their ``text/x-typst`` representation, markdown cells are converted by pandoc. A chart's
SVG is stored once per output (see :mod:`sti_monitor.report.elements`): the exporter binds
``sti-svgs`` before each output that refers to it, as Typst strings in a ``.typ`` file or, for
a PDF, as ``sys.inputs`` (no escaping, no second copy).
"""

from __future__ import annotations

import base64
import logging

from nbconvert.exporters import Exporter
from traitlets import List

from ..errors import StiMonitorError
from ..report.elements import SVG_REFS, TYPST_MIME, svgs_of_output, typst_str
from .pdf import compile_pdf, preamble

logger = logging.getLogger(__name__)

HIDDEN_TAGS = {"parameters", "injected-parameters", "remove-cell", "remove-output", "remove_output"}
_SPLIT = "STIMONITORCELLBREAK"
_markdown_cache: dict[str, str] = {}


class NotebookExportError(StiMonitorError):
    """Raised when an executed notebook holds an error output, so its report would be incomplete."""


def markdown_to_typst(texts: list[str]) -> list[str]:
    """Convert markdown cells to Typst with pandoc, in one pandoc call for all new texts."""
    todo = [t for t in dict.fromkeys(texts) if t not in _markdown_cache]
    if todo:
        import pypandoc

        joined = f"\n\n{_SPLIT}\n\n".join(todo)
        out = pypandoc.convert_text(joined, "typst", format="markdown-auto_identifiers", extra_args=["--wrap=none"])
        parts = [p.strip() + "\n" for p in out.split(_SPLIT)]
        if len(parts) != len(todo):  # the separator was mangled: convert one by one
            parts = [pypandoc.convert_text(t, "typst", format="markdown-auto_identifiers") for t in todo]
        _markdown_cache.update(zip(todo, parts))
    return [_markdown_cache[t] for t in texts]


def notebook_to_typst(nb, inputs: dict[str, str] | None = None) -> tuple[str, dict[str, bytes]]:
    """Typst source of a notebook's report, and the image files it refers to. Charts' SVGs are
    written into the source, or, when ``inputs`` is a dict, put there to be passed as ``sys.inputs``."""
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown" and c.source.strip()]
    converted = dict(zip(markdown, markdown_to_typst(markdown)))
    parts, assets = [preamble()], {}
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & HIDDEN_TAGS:
            continue
        if cell.cell_type == "markdown" and cell.source.strip():
            parts.append(converted[cell.source])
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                raise NotebookExportError(f"笔记本单元格执行出错：{out.ename}: {out.evalue}")
            if out.output_type not in ("display_data", "execute_result"):
                continue  # streams (print, warnings) are for the analyst, not the report
            data = out.get("data", {})
            if TYPST_MIME in data:
                source = data[TYPST_MIME]
                if f"{SVG_REFS}.at(" in source:
                    parts.append(_bind_svgs(svgs_of_output(data), inputs))
                parts.append(source)
            elif "image/svg+xml" in data:
                name = f"image-{len(assets)}.svg"
                assets[name] = data["image/svg+xml"].encode("utf-8")
                parts.append(f'#align(center, image("{name}", width: 100%))\n')
            elif "image/png" in data:
                name = f"image-{len(assets)}.png"
                assets[name] = base64.b64decode(data["image/png"])
                parts.append(f'#align(center, image("{name}", width: 100%))\n')
            elif "text/markdown" in data:
                parts.append(markdown_to_typst([data["text/markdown"]])[0])
            elif "text/plain" in data:
                parts.append(f"#raw({typst_str(data['text/plain'])}, block: true)\n")
    return "\n".join(parts), assets


def _bind_svgs(svgs: list[str], inputs: dict[str, str] | None) -> str:
    """``#let sti-svgs = (…)``: one output's chart SVGs, as strings or as ``sys.inputs`` names."""
    if inputs is None:
        values = [f"bytes({typst_str(svg)})" for svg in svgs]
    else:
        values = []
        for svg in svgs:
            name = f"svg-{len(inputs)}"
            inputs[name] = svg
            values.append(f"bytes(sys.inputs.at({typst_str(name)}))")
    return f"#let {SVG_REFS} = ({''.join(v + ', ' for v in values)})\n"


class TypstExporter(Exporter):
    """Executed report notebook -> Typst source (``.typ``).

    nbconvert's stock preprocessors are not registered (they are all off by default, yet each
    would cost a validation of the notebook): without any preprocessor configured, the export
    reads the notebook as it is, never copying it; with some, nbconvert runs them on a copy."""

    output_mimetype = "text/x-typst"
    export_from_notebook = "Typst report (sti-monitor)"
    default_preprocessors = List([]).tag(config=True)

    def _file_extension_default(self):
        return ".typ"

    def _prepared(self, nb, resources, **kw):
        if self._preprocessors:
            return Exporter.from_notebook_node(self, nb, resources, **kw)
        return nb, self._init_resources(resources)  # notebook_to_typst only reads the notebook

    def from_notebook_node(self, nb, resources=None, **kw):
        nb_copy, resources = self._prepared(nb, resources, **kw)
        source, assets = notebook_to_typst(nb_copy)
        resources.setdefault("outputs", {}).update(assets)
        return source, resources


class TypstPDFExporter(TypstExporter):
    """Executed report notebook -> PDF, typeset by Typst with embedded CJK fonts."""

    output_mimetype = "application/pdf"
    export_from_notebook = "PDF report via Typst (sti-monitor)"

    def _file_extension_default(self):
        return ".pdf"

    def from_notebook_node(self, nb, resources=None, **kw):
        nb_copy, resources = self._prepared(nb, resources, **kw)
        inputs: dict[str, str] = {}
        source, assets = notebook_to_typst(nb_copy, inputs)  # images go into the PDF, not beside it
        resources["outputs"] = {}
        return compile_pdf(source, assets, inputs), resources
