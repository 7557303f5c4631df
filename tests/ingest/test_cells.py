"""Issue 21 items 2–4 in every format: decimal commas, percent formats, error values, hidden rows and columns."""

import pytest
from writers import FORMATS, write

from sti_monitor.ingest.fields import load_fields
from sti_monitor.ingest.read import read_workbook
from sti_monitor.ingest.units import load_units
from sti_monitor.ingest.values import ValueParseError, parse_value
from sti_monitor.paths import UNITS_DIR

FIELDS = load_fields()
UNITS = load_units(UNITS_DIR / "wenzhou.yaml")


def rows(tech="37.16", growth=5.6):
    """Title, identity, header; GDP in row 5, technology transactions in row 6, growth in row 7 (column D)."""
    return [
        ["鹿城区科技统计年报", None, None, None],
        ["行政区划代码", "330302", "单位名称", "鹿城区"],
        [None, None, None, None],
        ["字段代码", "指标名称", "单位", "2023年"],
        ["gdp", "地区生产总值", "亿元", 500.0],
        ["tech_transactions", "技术交易额", "亿元", tech],
        ["hitech_investment_growth", "高新技术产业投资增速", "%", growth],
    ]


def read(path):
    return read_workbook(path, FIELDS, UNITS, root=path.parent)


def values(book):
    return {r.field: r.value for r in book.records}


@pytest.mark.parametrize("raw", ["37,16", "1,23,456", "37，16", "1,2345.6", "0,590", "-0,590", "00,123"])
def test_a_comma_that_does_not_group_thousands_is_refused(raw):
    with pytest.raises(ValueParseError, match="逗号不是千位分隔符") as exc:
        parse_value(raw)
    assert "37.16" in exc.value.fix


def test_a_leading_zero_group_is_a_decimal_comma_named_at_its_cell(tmp_path):
    # 0,590 (meant 0.59) has the shape of a thousands group but no one groups a leading zero: not 590
    book = read(write("xlsx", tmp_path / "d", rows(tech="0,590")))
    [p] = book.problems
    assert (p.severity, p.cell) == ("error", "D6")
    assert p.what == "技术交易额（2023年）的值“0,590”中的逗号不是千位分隔符（疑似把小数点写成了逗号）"


@pytest.mark.parametrize("raw, expected", [("1,234", 1234.0), ("12,345.6", 12345.6), ("1,234,567", 1234567.0)])
def test_thousands_separators_still_read(raw, expected):
    assert parse_value(raw) == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_decimal_comma_named_at_its_cell(tmp_path, fmt):
    book = read(write(fmt, tmp_path / "d", rows(tech="37,16")))
    [p] = [p for p in book.problems if p.severity == "error"]
    assert (p.sheet, p.cell) == ("数据", "D6")
    assert p.what == "技术交易额（2023年）的值“37,16”中的逗号不是千位分隔符（疑似把小数点写成了逗号）"
    assert "tech_transactions" not in values(book)


@pytest.mark.parametrize("fmt", FORMATS)
def test_percent_formatted_cell_in_a_percent_field_reads_as_shown(tmp_path, fmt):
    book = read(write(fmt, tmp_path / "d", rows(growth=0.056), percent={(6, 3)}))
    assert book.problems == []
    assert values(book)["hitech_investment_growth"] == pytest.approx(5.6)
    assert values(book)["gdp"] == 500.0


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods", "xlsb"])
def test_percent_format_outside_a_percent_field_is_left_alone(tmp_path, fmt):
    book = read(write(fmt, tmp_path / "d", rows(), percent={(4, 3)}))
    assert values(book)["gdp"] == 500.0


@pytest.mark.parametrize("fmt", FORMATS)
def test_error_value_named_at_its_cell(tmp_path, fmt):
    book = read(write(fmt, tmp_path / "d", rows(), errors={(5, 3): "#DIV/0!"}))
    [p] = book.problems
    assert (p.severity, p.sheet, p.cell) == ("error", "数据", "D6")
    assert "Excel 错误值 #DIV/0!" in p.what and "公式" in p.fix


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_row_is_not_read_and_named(tmp_path, fmt):
    book = read(write(fmt, tmp_path / "d", rows(), hidden_rows={5}))
    assert values(book) == {"gdp": 500.0, "hitech_investment_growth": 5.6}
    [p] = book.problems
    assert (p.severity, p.cell) == ("warning", "A6")
    assert p.what == "隐藏的第 6 行中有内容（从 A6 起），未读取" and "取消隐藏" in p.fix


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_column_with_old_values_beside_a_revision_column(tmp_path, fmt):
    # D holds the first 2023 figures, hidden; E, headed 2023年(修订), is what the district reports
    cells = [row + [v] for row, v in zip(rows(), [None, None, None, "2023年(修订)", 520.0, 40.5, 6.1])]
    book = read(write(fmt, tmp_path / "d", cells, hidden_cols={3}))
    assert values(book) == {"gdp": 520.0, "tech_transactions": 40.5, "hitech_investment_growth": 6.1}
    assert {r.cell for r in book.records} == {"E5", "E6", "E7"}
    [p] = book.problems
    assert (p.severity, p.cell, p.what) == (
        "warning",
        "D2",
        "隐藏的 D 列中有内容（从 D2 起），未读取",
    )  # 鹿城区 is in D2


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xlsb"])
def test_provisional_comment_is_a_reminder_naming_the_cell(tmp_path, fmt):
    book = read(write(fmt, tmp_path / "d", rows(), comments={(5, 3): "此数为暂估数，待统计局核定"}))
    assert values(book)["tech_transactions"] == 37.16  # used as it is
    [p] = book.problems
    assert (p.severity, p.sheet, p.cell) == ("warning", "数据", "D6")
    assert (p.what, p.fix) == (
        "单元格批注写明“暂估”：此数为暂估数，待统计局核定",
        "该数值照常采用；定稿后请改为正式数并删除批注",
    )


@pytest.mark.parametrize("header", ["2023年(修订)", "2023年修订数", "调整后", "修订后2023年"])
def test_visible_revision_column_is_the_years_value(tmp_path, header):
    cells = [row + [v] for row, v in zip(rows(), [None, None, None, header, 520.0, 40.5, 6.1])]
    book = read(write("xlsx", tmp_path / "d", cells))
    assert values(book) == {"gdp": 520.0, "tech_transactions": 40.5, "hitech_investment_growth": 6.1}
    [p] = book.problems
    assert (p.severity, p.cell, p.what) == ("warning", "D4", "2023年有修订列 E4，采用修订数；原数列 D4 未采用")


def test_two_plain_columns_of_one_year_stay_an_error(tmp_path):
    cells = [row + [v] for row, v in zip(rows(), [None, None, None, "2023年", 520.0, 40.5, 6.1])]
    [p] = read(write("xlsx", tmp_path / "d", cells)).problems
    assert (p.severity, p.cell) == ("error", "E4") and "两列" in p.what


def test_decimal_comma_in_a_semicolon_csv_is_named_at_its_cell(tmp_path):
    path = tmp_path / "330302_鹿城区.csv"
    path.write_text(
        "\n".join(";".join("" if v is None else str(v) for v in row) for row in rows(tech="37,16")) + "\n",
        encoding="utf-8",
    )
    book = read(path)
    [p] = [p for p in book.problems if p.severity == "error"]
    assert p.cell == "D6" and "逗号不是千位分隔符" in p.what
    assert values(book)["gdp"] == 500.0


def test_xls_error_values_are_found_without_the_formatting_records(tmp_path):
    import xlrd

    from sti_monitor.ingest.look_xls import _marks

    data = write("xls", tmp_path / "d", rows(), errors={(5, 3): "#DIV/0!"}, percent={(6, 3)}).read_bytes()
    marks = _marks(xlrd, xlrd.open_workbook(file_contents=data, on_demand=True))["数据"]
    assert marks.flagged == {(5, 3): "#DIV/0!"} and marks.percent == set()
