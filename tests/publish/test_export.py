"""summary.xlsx as it prints and reads: every sheet styled, frozen, landscape A4 fitted to width, header repeated."""
import openpyxl
import pytest

from sti_monitor.measure.results import evaluate
from sti_monitor.paths import SAMPLE_DATA_DIR
from sti_monitor.publish import write_results


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "summary.xlsx"
    write_results(evaluate(SAMPLE_DATA_DIR), 2023, path)
    return openpyxl.load_workbook(path)


def test_every_sheet_prints_landscape_fitted_to_width_with_its_header_repeated(workbook):
    assert workbook.sheetnames == ["指标监测", "考核与综合指数", "指标定义", "数据来源"]
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9, ws.title            # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.freeze_panes in ("B2", "C2"), ws.title
        header = ws.cell(1, 1)
        assert header.font.bold and header.fill.fgColor.rgb.endswith("305496"), ws.title


def _rows(ws):
    head = [c.value for c in ws[1]]
    return [dict(zip(head, (c for c in row))) for row in ws.iter_rows(min_row=2)]


def test_values_show_at_the_precision_the_status_was_judged_on(workbook):
    rows = _rows(workbook["指标监测"])
    row = next(r for r in rows if r["单位名称"].value == "文成县" and r["指标代码"].value == "tech_transactions")
    # 1.69 / 1.70 亿元 (99.3%, 接近): two decimals, not the indicator's one, which would show 1.7 / 1.7
    assert row["实际值"].number_format == "#,##0.00" and row["目标值"].number_format == "#,##0.00"
    assert row["状态"].value == "接近"


def test_growth_rates_have_no_completion_ratio(workbook):
    rows = _rows(workbook["指标监测"])
    growth = [r for r in rows if r["指标代码"].value == "hitech_investment_growth"]
    assert len(growth) == 15
    assert all(r["完成率"].value is None for r in growth)
    assert any(r["完成率"].value is not None for r in rows if r["指标代码"].value == "tech_transactions")


def test_definitions_sheet_has_the_reports_labels(workbook):
    ws = workbook["指标定义"]
    assert [c.value for c in ws[1]] == ["指标代码", "指标", "单位", "计算方法", "说明", "目标插值", "目标分解", "2022年基期值",
                                        "2023年目标", "2025年目标", "2027年目标"]
    firms = next(row for row in ws.iter_rows(min_row=2, values_only=True) if row[0] == "hitech_enterprises")
    assert firms[:7] == ("hitech_enterprises", "高新技术企业累计数", "家", "高新技术企业数（家）",
                         "年末有效期内的国家高新技术企业数量。", "几何", "按基期比例")
