"""Reading district workbooks: messy but valid input is accepted; bad input gives a located problem."""

import math

import pytest

from conftest import CLEAN, clean_rows, write_book
from sti_monitor.ingest.fields import load_fields
from sti_monitor.ingest.read import read_workbook
from sti_monitor.ingest.units import load_units
from sti_monitor.paths import UNITS_DIR

FIELDS = load_fields()
UNITS = load_units(UNITS_DIR / "wenzhou.yaml")


def read(path):
    return read_workbook(path, FIELDS, UNITS, root=path.parent)


def values(book):
    return {(r.field, r.year): r.value for r in book.records}


def test_messy_workbook_is_read_correctly(tmp_path):
    rows = [
        ("gdp", "地区生产总值", "万元", "5,000,000", "5,200,000"),  # 万元 -> 亿元, thousands separators
        ("", "研究与试验发展经费支出", "亿元", " 15.5 ", "１６.２"),  # alias name, blank code, full-width digits
        ("hitech_enterprises", "高新技术企业数", "家", "１２３", 130),
        ("employed_persons", "全社会就业人员", "人", 400000, "—"),  # 人 -> 万人, not available
        ("incubator_area_new", "新增孵化场地面积", "平方米", 25000, "/"),
        ("hitech_investment_growth", "高新技术产业投资增速", "%", "12.5%", "-3.2"),
        ("", "", "", None, None),
    ]
    path = write_book(tmp_path / "d.xlsx", rows, years=(2022, 2023), title="鹿城区科技统计年报（合并标题）")
    book = read(path)
    assert book.problems == []
    assert book.unit_code == "330302"
    v = values(book)
    assert v[("gdp", 2022)] == pytest.approx(500.0) and v[("gdp", 2023)] == pytest.approx(520.0)
    assert v[("rd_expenditure", 2022)] == 15.5 and v[("rd_expenditure", 2023)] == 16.2
    assert v[("hitech_enterprises", 2022)] == 123 and v[("hitech_enterprises", 2023)] == 130
    assert v[("employed_persons", 2022)] == pytest.approx(40.0) and ("employed_persons", 2023) not in v
    assert v[("incubator_area_new", 2022)] == pytest.approx(2.5)
    assert v[("hitech_investment_growth", 2022)] == 12.5 and v[("hitech_investment_growth", 2023)] == -3.2


def test_source_cells_are_recorded(tmp_path):
    path = write_book(tmp_path / "d.xlsx", clean_rows())
    book = read(path)
    gdp = next(r for r in book.records if r.field == "gdp")
    # title row 1, identity row 2, blank row 3, header row 4, first field row 5, value in column D
    assert (gdp.sheet, gdp.cell, gdp.value) == ("数据", "D5", CLEAN["gdp"])


@pytest.mark.parametrize("header", [("字段代码", "指标名称", "单位"), ("指标名称", "计量单位")])
def test_header_variants_and_year_spellings(tmp_path, header):
    rows = [(*(("gdp",) if "字段代码" in header else ()), "地区生产总值", "亿元", 1.0, 2.0, 3.0)]
    path = tmp_path / "d.xlsx"
    write_book(path, rows, header=header, years=(2021, 2022, 2023))
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["数据"]
    last = len(header)
    ws.cell(4, last + 1, 2021)  # a number
    ws.cell(4, last + 2, "2022年度")  # 年度
    wb.save(path)
    v = values(read(path))
    assert v == {("gdp", 2021): 1.0, ("gdp", 2022): 2.0, ("gdp", 2023): 3.0}


def test_identity_from_file_name_and_inline_label(tmp_path):
    book = read(write_book(tmp_path / "330381_瑞安市.xlsx", clean_rows(), code=None, name=None))
    assert book.unit_code == "330381" and book.ok
    book = read(write_book(tmp_path / "x.xlsx", clean_rows(), identity_rows=[["行政区划代码：330382"]]))
    assert book.unit_code == "330382"
    book = read(write_book(tmp_path / "y.xlsx", clean_rows(), identity_rows=[["单位名称", "泰顺县"]]))
    assert book.unit_code == "330329"


def one_problem(book):
    errors = [p for p in book.problems if p.severity == "error"]
    assert len(errors) == 1, [str(p) for p in book.problems]
    return errors[0]


def test_unknown_field_code(tmp_path):
    # issue 21: an unknown extra row is a 提醒, and the rest of the workbook is used
    book = read(
        write_book(
            tmp_path / "d.xlsx", [("gpd", "地区生产总值", "亿元", 1), ("tech_smes", "省科技型中小企业数", "家", 900)]
        )
    )
    [p] = book.problems
    assert (p.file, p.sheet, p.cell, p.severity) == ("d.xlsx", "数据", "A5", "warning")
    assert "未知的字段代码“gpd”，该行未读取" in p.what and "字段代码" in p.fix
    assert values(book) == {("tech_smes", 2023): 900.0}


def test_unknown_field_name(tmp_path):
    book = read(write_book(tmp_path / "d.xlsx", [("", "研发投入强度", "%", 1), ("gdp", "地区生产总值", "亿元", 500)]))
    [p] = book.problems
    assert (p.cell, p.severity) == ("B5", "warning") and "无法识别的指标名称" in p.what
    assert values(book) == {("gdp", 2023): 500.0}


def test_duplicate_field(tmp_path):
    p = one_problem(
        read(
            write_book(
                tmp_path / "d.xlsx", [("gdp", "地区生产总值", "亿元", 500), ("gdp", "地区生产总值", "亿元", 510)]
            )
        )
    )
    assert p.cell == "A6" and "重复" in p.what and "第 5 行" in p.what


def test_non_numeric_value(tmp_path):
    p = one_problem(read(write_book(tmp_path / "d.xlsx", [("gdp", "地区生产总值", "亿元", "约五百")])))
    assert p.cell == "D5" and "不是数字" in p.what and "亿元" in p.fix


def test_unit_that_does_not_convert(tmp_path):
    p = one_problem(read(write_book(tmp_path / "d.xlsx", [("gdp", "地区生产总值", "人", 1)])))
    assert p.cell == "C5" and "无法换算" in p.what and "亿元" in p.fix


def test_negative_count(tmp_path):
    p = one_problem(read(write_book(tmp_path / "d.xlsx", [("tech_smes", "省科技型中小企业数", "家", -3)])))
    assert p.cell == "D5" and "负数" in p.what


def test_fractional_count(tmp_path):
    p = one_problem(read(write_book(tmp_path / "d.xlsx", [("tech_smes", "省科技型中小企业数", "家", 3.5)])))
    assert "整数" in p.what


def test_missing_identity(tmp_path):
    p = one_problem(read(write_book(tmp_path / "d.xlsx", clean_rows(), code=None, name=None)))
    assert "找不到单位身份" in p.what and "行政区划代码" in p.fix


def test_unknown_unit_code(tmp_path):
    p = one_problem(read(write_book(tmp_path / "d.xlsx", clean_rows(), code="999999", name=None)))
    assert p.cell == "B2" and "999999" in p.what


def test_code_and_name_disagree(tmp_path):
    p = one_problem(read(write_book(tmp_path / "d.xlsx", clean_rows(), code="330302", name="乐清市")))
    assert p.cell == "D2" and "不一致" in p.what


def test_not_an_excel_file(tmp_path):
    path = tmp_path / "d.xlsx"
    path.write_text("this is not a workbook")
    p = one_problem(read(path))
    assert "不是有效的 Excel" in p.what and "另存为" in p.fix


def test_no_header_row(tmp_path):
    path = write_book(tmp_path / "d.xlsx", [], header=("随便", "写写"))
    p = one_problem(read(path))
    assert "找不到表头行" in p.what


def test_input_file_is_not_modified(tmp_path):
    path = write_book(tmp_path / "d.xlsx", [("gdp", "地区生产总值", "万元", "1,000")])
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    book = read(path)
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    import hashlib

    assert book.sha256 == hashlib.sha256(before).hexdigest()
    assert not math.isnan(book.records[0].value)
