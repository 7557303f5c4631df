"""A chart's SVG is stored once per output, and both exporters still draw every chart."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output
from pypdf import PdfReader

from sti_monitor.report.elements import Chart, Elements, Heading, Paragraph
from sti_monitor.typeset import TypstExporter, TypstPDFExporter


def svg(colour: str, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
        f'<rect width="200" height="60" fill="{colour}"/><text x="10" y="35">{label}</text></svg>'
    )


def notebook_of(*elements) -> nbformat.NotebookNode:
    cells = []
    for element in elements:
        data = element._repr_mimebundle_()
        cells.append(new_code_cell("report.x()", outputs=[new_output("display_data", data=data)]))
    return new_notebook(cells=cells)


def test_each_svg_is_stored_once_in_the_executed_notebook():
    first, second = svg("#ff0000", "FIRST-CHART"), svg("#0000ff", "SECOND-CHART")
    section = Elements(
        [Heading("一、图"), Chart(first, caption="图 1"), Paragraph("说明"), Chart(second, caption="图 2")]
    )
    stored = json.dumps(notebook_of(section, Chart(first)), ensure_ascii=False)
    assert stored.count("FIRST-CHART") == 2  # once in the section, once in the lone chart: never in the Typst too
    assert stored.count("SECOND-CHART") == 1


@pytest.mark.slow  # compiles a PDF with Typst
def test_exporters_bind_each_output_s_svgs_in_order(tmp_path):
    first, second = svg("#ff0000", "FIRST-CHART"), svg("#0000ff", "SECOND-CHART")
    nb = notebook_of(
        Elements([Chart(first, caption="图 1"), Paragraph("两图之间"), Chart(second, caption="图 2")]),
        Chart(second, caption="图 3"),
    )
    source, _ = TypstExporter().from_notebook_node(nb)
    assert source.count("FIRST-CHART") == 1 and source.count("SECOND-CHART") == 2  # a .typ file stands alone
    assert source.index("FIRST-CHART") < source.index("SECOND-CHART") < source.index("两图之间")
    pdf, _ = TypstPDFExporter().from_notebook_node(nb)
    (tmp_path / "out.pdf").write_bytes(pdf)
    page = PdfReader(tmp_path / "out.pdf").pages[0]
    text = page.extract_text().replace(" ", "")
    assert "FIRST-CHART" in text and text.count("SECOND-CHART") == 2 and "两图之间" in text
    assert text.index("FIRST-CHART") < text.index("两图之间") < text.index("图3")


def test_the_export_reads_the_notebook_without_copying_it_unless_a_preprocessor_is_configured():
    from nbconvert.preprocessors import Preprocessor
    from traitlets.config import Config

    nb = notebook_of(Paragraph("原文"))

    class Renamer(Preprocessor):
        def preprocess(self, nb, resources):
            for cell in nb.cells:
                for out in cell.outputs:
                    out.data["text/x-typst"] = out.data["text/x-typst"].replace("原文", "改后")
            return nb, resources

    plain, _ = TypstExporter().from_notebook_node(nb)
    configured, _ = TypstExporter(config=Config({"TypstExporter": {"preprocessors": [Renamer]}})).from_notebook_node(nb)
    assert "原文" in plain and "改后" in configured and "原文" not in configured
    assert "原文" in nb.cells[0].outputs[0].data["text/x-typst"]  # the preprocessor worked on a copy
