"""Traps that must be named, never accepted in silence: each gives file, sheet, cell, what and how to fix."""

import io
import zipfile

import openpyxl

from conftest import CLEAN, clean_rows, write_book
from sti_monitor.ingest import add_confirmation, load_confirmations
from sti_monitor.ingest.fields import load_fields
from sti_monitor.ingest.read import read_workbook
from sti_monitor.ingest.units import load_units
from sti_monitor.measure import load_dataset
from sti_monitor.measure.framework import load_framework
from sti_monitor.paths import UNITS_DIR

FIELDS = load_fields()
UNITS = load_units(UNITS_DIR / "wenzhou.yaml")
FW = load_framework("wenzhou-2027")


def read(path):
    return read_workbook(path, FIELDS, UNITS, root=path.parent)


def errors(book):
    return [p for p in book.problems if p.severity == "error"]


def test_formula_without_cached_value(tmp_path):
    # openpyxl writes formulas without a cached result, exactly as an uncalculated export does
    path = write_book(tmp_path / "d.xlsx", clean_rows({"gdp": "=400+100"}))
    [p] = errors(read(path))
    assert (p.sheet, p.cell) == ("数据", "D5")
    assert "公式" in p.what and "公式未计算：请在 Excel/WPS 中打开并保存后再报送" in p.fix


def test_excel_error_value(tmp_path):
    path = write_book(tmp_path / "d.xlsx", clean_rows({"rd_expenditure": "=1/0"}))
    with zipfile.ZipFile(path) as z:  # give D6 the cached error value Excel would store
        parts = {i: z.read(i) for i in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b'<c r="D6"><f>1/0</f><v' in sheet
    sheet = sheet.replace(b'<c r="D6"><f>1/0</f><v></v></c>', b'<c r="D6" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    sheet = sheet.replace(b'<c r="D6"><f>1/0</f><v /></c>', b'<c r="D6" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    parts["xl/worksheets/sheet1.xml"] = sheet
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())
    [p] = errors(read(path))
    assert p.cell == "D6" and "#DIV/0!" in p.what and "公式" in p.fix


def test_error_value_as_text(tmp_path):
    [p] = errors(read(write_book(tmp_path / "d.xlsx", clean_rows({"gdp": "#REF!"}))))
    assert p.cell == "D5" and "#REF!" in p.what


def test_hidden_stale_sheet_first_is_not_read(tmp_path):
    path = write_book(tmp_path / "d.xlsx", clean_rows())
    wb = openpyxl.load_workbook(path)
    stale = wb.copy_worksheet(wb["数据"])
    stale.title = "旧表"
    stale["D5"] = 1.0
    stale.sheet_state = "hidden"
    wb.move_sheet(stale, offset=-1)
    wb.save(path)
    book = read(path)
    assert book.ok and {r.sheet for r in book.records} == {"数据"}
    assert next(r.value for r in book.records if r.field == "gdp") == CLEAN["gdp"]
    [note] = book.problems
    assert note.severity == "warning" and "隐藏的工作表“旧表”" in note.what and "取消隐藏" in note.fix


def _year_sheets(path, sheets):
    """A workbook with one sheet per year: {sheet name: {field: value}}, a 数值 column, identity above."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, values in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(["行政区划代码", "330302", "单位名称", "鹿城区"])
        ws.append(["字段代码", "指标名称", "单位", "数值"])
        for code, v in values.items():
            ws.append([code, FIELDS[code].name, FIELDS[code].unit, v])
    wb.save(path)
    return path


def test_sheet_per_year(tmp_path):
    book = read(_year_sheets(tmp_path / "d.xlsx", {"2022年": {"gdp": 480.0}, "2023": {"gdp": 500.0, "tech_smes": 900}}))
    assert book.problems == []
    assert {(r.field, r.year, r.sheet, r.cell): r.value for r in book.records} == {
        ("gdp", 2022, "2022年", "D3"): 480.0,
        ("gdp", 2023, "2023", "D3"): 500.0,
        ("tech_smes", 2023, "2023", "D4"): 900.0,
    }


def test_two_sheets_same_year_different_values(tmp_path):
    book = read(_year_sheets(tmp_path / "d.xlsx", {"2023年": {"gdp": 500.0}, "2023年(修订)": {"gdp": 520.0}}))
    [p] = errors(book)
    assert (p.sheet, p.cell) == ("2023年(修订)", "D3") and "工作表“2023年”D3" in p.what and "不同" in p.what


def test_same_field_twice_across_sheets_same_value_is_a_warning(tmp_path):
    book = read(_year_sheets(tmp_path / "d.xlsx", {"2023年": {"gdp": 500.0}, "补充2023年": {"gdp": 500.0}}))
    assert book.ok and len(book.records) == 1
    [p] = book.problems
    assert p.severity == "warning" and "重复" in p.what


def test_two_columns_for_one_year(tmp_path):
    path = write_book(tmp_path / "d.xlsx", [("gdp", "地区生产总值", "亿元", 500, 510)], years=(2023, 2023))
    [p] = errors(read(path))
    assert p.cell == "E4" and "D4" in p.what and "两列" in p.what


def test_file_name_code_contradicts_identity_cell(tmp_path):
    path = write_book(tmp_path / "330303_龙湾区.xlsx", clean_rows(), code="330302", name="鹿城区")
    [p] = errors(read(path))
    assert p.cell == "B2" and "330303" in p.what and "330302" in p.what


def test_amount_typed_in_wan_yuan_is_an_error(tmp_path):
    # 技术交易额 3,716,000 typed as 亿元 although it was 万元: 371.6 亿元 would have been right
    path = write_book(tmp_path / "d.xlsx", clean_rows({"tech_transactions": 3_716_000}))
    ds = load_dataset(tmp_path, FW)
    [p] = ds.errors
    assert (p.file, p.cell, p.field, p.year, p.confirmable) == ("d.xlsx", "D15", "tech_transactions", 2023, True)
    assert "超出合理范围 0～5000亿元" in p.what and "疑似单位或录入错误" in p.what
    assert ds.panel.empty  # the district's values are not used
    assert path.exists()


def test_part_above_whole(tmp_path):
    write_book(tmp_path / "d.xlsx", clean_rows({"hitech_value_added": 170.0}))  # industrial value added is 160
    [p] = load_dataset(tmp_path, FW).errors
    assert p.cell == "D13" and "高新技术产业增加值" in p.what and "D14" in p.what and p.field == "hitech_value_added"


def test_year_on_year_factor_three_across_yearly_folders(tmp_path):
    write_book(tmp_path / "2022" / "a.xlsx", clean_rows(), years=(2022,))
    write_book(tmp_path / "2023" / "a.xlsx", clean_rows({"employed_persons": 160.0}), years=(2023,))
    ds = load_dataset(tmp_path, FW)
    [p] = ds.errors  # 40 -> 160 万人: a factor of 4
    assert (p.file, p.cell, p.year) == ("2023/a.xlsx", "D8", 2023)
    assert "2022/a.xlsx" in p.what and "D8" in p.what and "4.0 倍" in p.what
    assert set(ds.panel["year"]) == {2022}


def test_year_on_year_within_factor_three_passes(tmp_path):
    rows = [(c, FIELDS[c].name, FIELDS[c].unit, v, v * 2.9 if c == "gdp" else v) for c, v in CLEAN.items()]
    write_book(tmp_path / "a.xlsx", rows, years=(2022, 2023))  # GDP 500 -> 1450: large, but not a factor of 3
    assert load_dataset(tmp_path, FW).errors == []


def test_confirmation_clears_the_error_and_the_value_is_used(tmp_path):
    write_book(tmp_path / "d.xlsx", clean_rows({"tech_transactions": 6000.0}))
    assert load_dataset(tmp_path, FW).errors
    path = add_confirmation(tmp_path, "330302", "tech_transactions", 2023, "经核实为真实数据")
    assert path.name == "确认.yaml" and "330302" in path.read_text(encoding="utf-8")
    ds = load_dataset(tmp_path, FW)
    assert ds.errors == []
    assert ds.panel.set_index("field").loc["tech_transactions", "value"] == 6000.0
    [c] = ds.confirmed
    assert (c.confirmation.reason, c.problem.cell) == ("经核实为真实数据", "D15")


def test_add_confirmation_replaces_the_same_entry(tmp_path):
    add_confirmation(tmp_path, "330302", "gdp", 2023, "第一次")
    add_confirmation(tmp_path, "330303", "gdp", 2023, "龙湾")
    add_confirmation(tmp_path, "330302", "gdp", 2023, "第二次")
    got = [(c.unit, c.field, c.year, c.reason) for c in load_confirmations(tmp_path)]
    assert got == [("330303", "gdp", 2023, "龙湾"), ("330302", "gdp", 2023, "第二次")]
    assert [p.name for p in tmp_path.iterdir()] == ["确认.yaml"]  # no temporary file left


def test_confirmation_does_not_clear_other_errors(tmp_path):
    write_book(tmp_path / "d.xlsx", clean_rows({"gdp": "五百"}))
    add_confirmation(tmp_path, "330302", "gdp", 2023, "误登记")
    ds = load_dataset(tmp_path, FW)
    assert [p.cell for p in ds.errors] == ["D5"]
    assert any("没有对应的疑似错误" in p.what for p in ds.problems)


def test_one_year_sheet_takes_its_year_from_the_title(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in (
        ["鹿城区2023年科技统计表"],
        ["行政区划代码", "330302"],
        ["指标名称", "单位", "本年"],
        ["地区生产总值", "万元", 5_000_000],
    ):
        ws.append(row)
    wb.save(tmp_path / "d.xlsx")
    book = read(tmp_path / "d.xlsx")
    assert book.problems == [] and [(r.field, r.year, r.cell, r.value) for r in book.records] == [
        ("gdp", 2023, "C4", 500.0)
    ]
