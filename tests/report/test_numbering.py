"""Tables, appendix tables and charts are numbered by Typst in the order they appear (表 1, 附表 1, 图 1), an
unnumbered caption does not count, and a table's caption never stands alone at the foot of a page."""

import io

import pytest
from pypdf import PdfReader

from sti_monitor.report.elements import Chart, Elements, Paragraph, Table
from sti_monitor.typeset.pdf import compile_pdf, preamble

pytestmark = pytest.mark.slow  # each test compiles a PDF with Typst

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60"><rect width="200" height="60" fill="#ccc"/></svg>'


def pages_text(*elements, before: str = "") -> list[str]:
    pdf = compile_pdf(preamble() + before + Elements(list(elements)).typst())
    return [
        p.extract_text().replace(" ", "").replace("\xa0", "").replace("\n", "")
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]


def table(caption: str, supplement: str = "", rows: int = 1) -> Table:
    return Table(["指标", "数值"], [[f"行{i}", str(i)] for i in range(rows)], caption=caption, supplement=supplement)


def test_tables_and_charts_are_numbered_in_order_and_unnumbered_captions_do_not_count():
    text = "".join(
        pages_text(
            table("简表"),  # the brief's tables carry no number
            table("达成情况", "表"),
            Chart(SVG, caption="无编号图"),
            Chart(SVG, caption="历年数值", supplement="图"),
            table("得分", "表"),
            Chart(SVG, caption="排名区间", supplement="图"),
            table("指标定义", "附表"),
            table("原始数据", "附表"),
        )
    )
    assert "简表" in text and "表1简表" not in text and "图1无编号图" not in text
    assert "表1达成情况" in text and "表2得分" in text
    assert "图1历年数值" in text and "图2排名区间" in text
    assert "附表1指标定义" in text and "附表2原始数据" in text


def test_a_table_caption_is_kept_with_the_table_s_first_rows_and_a_long_table_breaks():
    # the filler leaves room at the foot of page 1 for a line (a paragraph stays there), not for a caption and a row
    (alone,) = pages_text(Paragraph("开头"), Paragraph("一行文字"), before="#v(23.4cm)\n")
    assert "一行文字" in alone
    first, second = pages_text(Paragraph("开头"), table("孤立标题", "表", rows=3), before="#v(23.4cm)\n")
    assert "孤立标题" not in first and "表1孤立标题" in second and "行0" in second
    first, second = pages_text(Paragraph("开头"), table("长表", "表", rows=10), before="#v(22cm)\n")
    assert "表1长表" in first and "行0" in first and "行9" in second
