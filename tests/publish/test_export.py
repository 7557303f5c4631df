"""summary.xlsx as it prints and reads: every sheet styled, frozen, landscape A4 fitted to width, header repeated."""

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from sti_monitor.measure.results import evaluate
from sti_monitor.publish import write_results


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, evaluated_sample):
    path = tmp_path_factory.mktemp("xlsx") / "summary.xlsx"
    write_results(evaluated_sample, 2023, path)
    return openpyxl.load_workbook(path)


def test_every_sheet_prints_landscape_fitted_to_width_with_its_header_repeated(workbook):
    assert workbook.sheetnames == ["指标监测", "考核与综合指数", "指标明细", "指标定义", "数据来源"]
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.freeze_panes in ("B2", "C2"), ws.title
        header = ws.cell(1, 1)
        assert header.font.bold and header.fill.fgColor.rgb.endswith("305496"), ws.title


def _rows(ws):
    head = [c.value for c in ws[1]]
    return [dict(zip(head, (c for c in row))) for row in ws.iter_rows(min_row=2)]


def _row(workbook, unit, indicator_name):
    return next(
        r for r in _rows(workbook["指标监测"]) if r["单位名称"].value == unit and r["指标名称"].value == indicator_name
    )


def test_values_show_at_the_precision_the_status_was_judged_on(workbook):
    row = _row(workbook, "文成县", "技术交易额")
    # 1.69 / 1.70 亿元 (99.3%, 接近): two decimals, not the indicator's one, which would show 1.7 / 1.7
    assert row["实际值"].number_format == "#,##0.00" and row["目标值"].number_format == "#,##0.00"
    assert row["状态"].value == "接近"


def test_growth_rates_have_no_completion_ratio(workbook):
    rows = _rows(workbook["指标监测"])
    growth = [r for r in rows if r["指标名称"].value == "高新技术产业投资增速"]
    assert len(growth) == 15
    assert all(r["完成率"].value is None for r in growth)
    assert any(r["完成率"].value is not None for r in rows if r["指标名称"].value == "技术交易额")


def test_definitions_sheet_has_the_reports_labels(workbook):
    ws = workbook["指标定义"]
    assert [c.value for c in ws[1]] == [
        "指标代码",
        "指标",
        "单位",
        "计算方法",
        "说明",
        "目标插值",
        "目标分解",
        "2022年基期值",
        "2023年目标",
        "2025年目标",
        "2027年目标",
    ]
    firms = next(row for row in ws.iter_rows(min_row=2, values_only=True) if row[0] == "hitech_enterprises")
    assert firms[:7] == (
        "hitech_enterprises",
        "高新技术企业累计数",
        "家",
        "高新技术企业数（家）",
        "年末有效期内的国家高新技术企业数量。",
        "几何",
        "按基期比例",
    )


# A4 landscape is 11.69 in wide; with the 0.4 in side margins 10.89 in = 1045 px at 96 dpi are printable. A column
# of width w (characters of the default 11 pt font) takes about 7 w + 5 px. Fitted to that width, a sheet prints at
# 11 pt × scale, so it stays legible (≥ 7 pt) while its columns take at most 1045 × 11 / 7 = 1642 px.
LEGIBLE_WIDTH_PX = 1642


def test_every_sheet_prints_at_7_pt_or_more_when_fitted_to_a4_width(workbook):
    for ws in workbook.worksheets:
        widths = [ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, ws.max_column + 1)]
        assert sum(7 * w + 5 for w in widths) <= LEGIBLE_WIDTH_PX, ws.title
        assert ws.page_margins.left == ws.page_margins.right == 0.4, ws.title


def test_the_main_sheet_reads_as_the_reports_do(workbook):
    head = [c.value for c in workbook["指标监测"][1]]
    assert head == [
        "单位代码",
        "单位名称",
        "单位类型",
        "年份",
        "指标名称",
        "计量单位",
        "实际值",
        "目标值",
        "完成率",
        "状态",
        "期末目标",
        "年均还需提升",
        "提升单位",
        "期末目标进展",
        "县（市、区）排名（按数值）",
    ]
    # 文成县 R&D intensity: 1.06 against 1.09, final target 1.38 in 2027: +0.0792 points a year, shown at the
    # indicator's two decimals (0.08), not as 0.0792
    row = _row(workbook, "文成县", "R&D经费占地区生产总值的比重")
    assert row["年均还需提升"].number_format == "#,##0.00" and abs(row["年均还需提升"].value - 0.0792) < 0.0001
    assert row["提升单位"].value == "个百分点"


def test_a_final_target_already_reached_needs_no_negative_rise(workbook):
    # 温州市 built 166.9 万平方米 of incubators against a 2027 target of 150: the rise "needed" was −4.2 a year
    for unit in ("温州市", "文成县"):
        row = _row(workbook, unit, "年新增孵化器(众创空间)孵化场地面积")
        assert row["年均还需提升"].value == "已达到" and row["提升单位"].value is None
    rises = [r["年均还需提升"].value for r in _rows(workbook["指标监测"])]
    assert not [v for v in rises if isinstance(v, (int, float)) and v < 0]


def test_the_task_table_is_among_the_sources(workbook):
    rows = list(workbook["数据来源"].iter_rows(values_only=True))
    assert rows[0] == ("文件", "内容", "单位代码", "年份", "是否采用", "SHA-256")
    task = [r for r in rows if r[1] == "指标任务表"]
    assert [r[:5] for r in task] == [("指标任务表_2023.xlsx", "指标任务表", None, "2023", "是")] and len(
        task[0][5]
    ) == 64
    # 15 workbooks a year, 2021–2023: 12 districts, 2 zones and the province (a reference unit)
    assert sum(r[1] == "统计报表" for r in rows) == 45


def test_the_final_year_asks_for_no_future_pace(tmp_path, evaluated_plan):
    path = write_results(evaluated_plan("xinchang-2025"), 2025, tmp_path / "summary.xlsx")
    rows = _rows(openpyxl.load_workbook(path)["指标监测"])
    assert len(rows) == 13 and all(r["年均还需提升"].value is None for r in rows)
    assert {r["期末目标进展"].value for r in rows} <= {"已完成", "未完成", "不适用", "力争目标（不评估）", "无法评估"}


def test_a_corridors_workbook_speaks_of_its_corridor_and_areas(tmp_path, evaluated_plan):
    path = tmp_path / "summary.xlsx"
    write_results(evaluated_plan("daluoshan-2022"), 2022, path)
    book = openpyxl.load_workbook(path)
    texts = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert [t for t in texts if "全市" in t or "县（市、区）" in t] == []
    main = book["指标监测"]
    assert "片区排名（按数值）" in [c.value for c in main[1]]
    assert {r["单位类型"].value for r in _rows(main)} == {"走廊", "片区"}
    assert "综合指数（走廊=100）" in [c.value for c in book["考核与综合指数"][1]]


def _stretch_cells(ws, unit_code: str, indicator: str):
    head = [c.value for c in ws[1]]
    row = next(r for r in _rows(ws) if r["单位代码"].value == unit_code and r["指标代码"].value == indicator)
    return ws.cell(1, head.index("力争目标") + 1), row["力争目标"]


def test_the_provinces_illustrative_value_is_marked_where_the_number_is(workbook):
    """The 力争目标 of 鹿城区's R&D intensity is 浙江省's illustrative 2023 value (3.2): marked beside the number
    (printed), in a note on the cell and on the column's header, not only in 目标说明."""
    header, cell = _stretch_cells(workbook["指标明细"], "330302", "rd_gdp_ratio")
    assert cell.value == 3.2 and cell.number_format == '#,##0.00"（示例）"'
    assert cell.comment.text == "浙江省2023年值（示例数值，非官方统计），仅作演示，不能当作官方统计数字引用"
    assert header.comment.text == "标“（示例）”的数值为浙江省示例数值，非官方统计，仅作演示"


def test_an_official_provincial_value_carries_no_mark(sample_copy, tmp_path):
    """The province's workbook without its 示例数值 notes: the same 3.2, shown plainly."""
    path = sample_copy / "2023" / "330000_浙江省.xlsx"
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and ("示例" in c.value or "非官方" in c.value):
                    c.value = "浙江省科技创新统计报表"
    book.save(path)
    out = write_results(evaluate(sample_copy), 2023, tmp_path / "summary.xlsx")
    header, cell = _stretch_cells(openpyxl.load_workbook(out)["指标明细"], "330302", "rd_gdp_ratio")
    assert cell.value == 3.2 and cell.number_format == "#,##0.00"
    assert cell.comment is None and header.comment is None
