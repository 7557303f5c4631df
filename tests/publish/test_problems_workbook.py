"""问题清单.xlsx as a district reads and prints it: what to fix in its own workbook, nothing cut off, and
confirming a doubtful value left to the statistics office."""

from types import SimpleNamespace

import openpyxl

from sti_monitor.ingest import Problem, load_units
from sti_monitor.paths import UNITS_DIR
from sti_monitor.publish import write_problems

DOUBTFUL = Problem(
    "2023/330302_鹿城区.xlsx",
    "技术交易额 2023 年为 2022 年的 12 倍（疑似单位或录入错误）",
    "核对两年的数值和单位；确属实情，在数据目录的 确认.yaml 中登记确认",
    sheet="数据",
    cell="D15",
    unit_code="330302",
    field="tech_transactions",
    year=2023,
    confirmable=True,
)
LONG = Problem("2023/330302_鹿城区.xlsx", "甲" * 100, "改正", sheet="数据", cell="D5", unit_code="330302")


def _problem_book(tmp_path, problems):
    dataset = SimpleNamespace(problems=problems, units=load_units(UNITS_DIR / "wenzhou.yaml"), confirmed=[])
    return openpyxl.load_workbook(write_problems(dataset, tmp_path / "问题清单.xlsx"))


def test_a_district_is_told_to_fix_its_own_workbook_and_leave_confirming_to_the_office(tmp_path):
    ws = _problem_book(tmp_path, [DOUBTFUL])["330302 鹿城区"]
    assert ws["A1"].value.startswith("请鹿城区按“处理方法”在本单位报送的工作簿中逐条改正下列问题")
    assert [c.value for c in ws[2]] == ["级别", "文件", "工作表", "单元格", "问题", "处理方法"]
    assert ws["F3"].value == "核对两年的数值和单位；如数值确属实情，请在报送时向统计部门说明理由，由统计部门核实后确认"
    assert not any("确认.yaml" in str(c.value) for row in ws.iter_rows() for c in row if c.value)


def test_every_problem_prints_in_full_on_a4_landscape(tmp_path):
    ws = _problem_book(tmp_path, [DOUBTFUL, LONG])["330302 鹿城区"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert (
        ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    )
    assert ws.print_title_rows == "$2:$2" and ws.freeze_panes == "A3"
    assert all(c.alignment.wrap_text for row in ws.iter_rows(min_row=3) for c in row)
    # 100 Chinese characters are 200 character widths; the 问题 column is 48 wide (47 usable): 5 lines of 15 pt
    assert ws.column_dimensions["E"].width == 48 and ws.row_dimensions[4].height == 5 * 15 + 2
    # the doubtful value's fix, 44 Chinese characters and full-width marks (88 widths), wraps to 2 lines in the
    # 处理方法 column (48 wide)
    assert ws.row_dimensions[3].height == 2 * 15 + 2


def test_the_confirmed_values_print_in_full_too(tmp_path):
    confirmation = SimpleNamespace(
        unit="330302", field="tech_transactions", year=2023, reason="经核实为一笔大额技术转让"
    )
    dataset = SimpleNamespace(
        problems=[],
        units=load_units(UNITS_DIR / "wenzhou.yaml"),
        confirmed=[SimpleNamespace(confirmation=confirmation, problem=DOUBTFUL)],
    )
    ws = openpyxl.load_workbook(write_problems(dataset, tmp_path / "问题清单.xlsx"))["已确认数据"]
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"
    assert ws["D2"].value == "经核实为一笔大额技术转让" and ws["D2"].alignment.wrap_text
    # the original warning, 22 Chinese characters and full-width marks and 16 others (60 widths), wraps to 2 lines
    # in its column 40 wide; the reason (24 widths in 30) and the file (23 in 26) take one
    assert ws.row_dimensions[2].height == 2 * 15 + 2
