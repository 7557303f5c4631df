"""Page 2 of a rendered report is the whole brief, on one page: read back from the PDF (pypdf)."""

import re

import pytest
from pypdf import PdfReader

from sti_monitor.batch import render_batch
from sti_monitor.paths import SAMPLE_DATA_DIR
from sti_monitor.tools.synth import make_plan_sample

pytestmark = pytest.mark.slow


def _pages(path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def wenzhou(tmp_path_factory):
    out = tmp_path_factory.mktemp("brief")
    summary = render_batch(SAMPLE_DATA_DIR, 2023, codes=["330328", "330300"], out=out, workers=1, progress=False)
    assert summary.ok
    return out / "2023"


def test_a_countys_brief_fills_page_2_and_the_summary_starts_page_3(wenzhou):
    pages = _pages(wenzhou / "330328_文成县.pdf")
    brief, after = pages[1], pages[2]
    assert "内容提要：文成县2023年" in brief and "最需要抓紧的事项" in brief and "到2027年的任务清单" in brief
    assert "每年提高0.08个百分点" in brief and "“每年需”为今后每年平均需要的增量或增速" in brief  # its last line
    assert "一、总体情况" not in brief
    assert re.match(r"文成县·2023年度科技创新主要指标监测报告一、总体情况", after), after[:60]


def test_the_citys_brief_then_what_must_happen_by_the_final_year(wenzhou):
    pages = _pages(wenzhou / "330300_温州市.pdf")
    assert "内容提要：温州市2023年" in pages[1] and "到2027年的任务清单" in pages[1]
    assert "到2027年需实现的目标" not in pages[1]
    assert re.match(r"温州市·2023年度科技创新主要指标监测报告到2027年需实现的目标", pages[2]), pages[2][:60]
    assert "8.新增孵化场地面积万平方米166.9150.0已达到期末目标" in pages[2]


def test_a_final_years_brief_of_a_plan_of_one_county(tmp_path):
    data = make_plan_sample("xinchang-2025", tmp_path / "xinchang")
    summary = render_batch(data, 2025, "xinchang-2025", out=tmp_path / "out", workers=1, progress=False)
    assert summary.ok
    pages = _pages(tmp_path / "out" / "2025" / "330624_新昌县.pdf")
    assert "内容提要：新昌县2025年" in pages[1] and "规划目标完成情况" in pages[1] and "今后每年需" not in pages[1]
    assert re.match(r"新昌县·2025年.{0,20}一、", pages[2]), pages[2][:60]


def _as_printed(value, number_format: str) -> str:
    """A workbook number as Excel prints it with its format (``#,##0.00``), rounded half up as the reports round."""
    from decimal import ROUND_HALF_UP, Decimal

    decimals = len(number_format.split(".")[1]) if "." in number_format else 0
    return format(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), ",f")


def test_the_workbook_prints_each_value_as_the_report_does(wenzhou):
    from openpyxl import load_workbook

    sheet = load_workbook(wenzhou / "summary.xlsx")["指标监测"]
    head = [c.value for c in sheet[1]]
    at = {name: head.index(name) for name in ("单位代码", "年份", "指标名称", "实际值", "目标值")}
    printed = []
    for row in sheet.iter_rows(min_row=2):
        if row[at["单位代码"]].value == "330328" and row[at["年份"]].value == 2023:
            value, target = row[at["实际值"]], row[at["目标值"]]
            if value.value is not None and target.value is not None:
                printed.append(
                    _as_printed(value.value, value.number_format) + _as_printed(target.value, target.number_format)
                )
    assert "1.061.09" in printed  # R&D intensity 1.06% against 1.09%, as the brief says it
    scorecard = _pages(wenzhou / "330328_文成县.pdf")[2]
    assert len(printed) >= 8 and [p for p in printed if p not in scorecard] == []


def test_the_workbook_prints_each_final_target_as_the_citys_table_does(wenzhou):
    from openpyxl import load_workbook

    sheet = load_workbook(wenzhou / "summary.xlsx")["指标监测"]
    head = [c.value for c in sheet[1]]
    at = {name: head.index(name) for name in ("单位代码", "年份", "实际值", "期末目标")}
    printed = [
        _as_printed(row[at["实际值"]].value, row[at["实际值"]].number_format)
        + _as_printed(row[at["期末目标"]].value, row[at["期末目标"]].number_format)
        for row in sheet.iter_rows(min_row=2)
        if row[at["单位代码"]].value == "330300"
        and row[at["年份"]].value == 2023
        and row[at["实际值"]].value is not None
        and row[at["期末目标"]].value is not None
    ]
    assert "166.9150.0" in printed  # 166.9 万平方米 of incubators against 150.0 for 2027
    table = _pages(wenzhou / "330300_温州市.pdf")[2]
    assert len(printed) >= 8 and [p for p in printed if p not in table] == []
