"""The problem list as the command line shows and writes it: capped per file, escaped, one sheet per district."""

import io

import openpyxl

from conftest import CLEAN, clean_rows, run_cli, write_book, write_units
from sti_monitor.cli import escape_control, print_problems
from sti_monitor.ingest import Problem


def run(*args):
    proc = run_cli(*args)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def test_at_most_twenty_lines_per_file_then_a_count():
    problems = [Problem("a.xlsx", f"问题{i}", "修改", sheet="数据", cell=f"D{i}") for i in range(25)]
    problems.append(Problem("b.xlsx", "另一个", "修改"))
    out = io.StringIO()
    print_problems(problems, stream=out)
    text = out.getvalue()
    assert "问题19。" in text and "问题20。" not in text and "还有 5 个同类问题" in text
    assert "另一个" in text and text.count("还有") == 1


def test_control_characters_are_escaped():
    assert escape_control("单位\x1b[31m红\u202e") == "单位\\x1b[31m红\\u202e"
    out = io.StringIO()
    print_problems([Problem("a.xlsx", "无法识别的指标名称“\x1b]0;x\x07”", "修改")], stream=out)
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue() and "\\x1b]0;x\\x07" in out.getvalue()


def test_validate_out_writes_a_sheet_per_district(tmp_path):
    data = tmp_path / "data"
    write_book(data / "2022" / "a.xlsx", clean_rows({"gdp": "五百"}), years=(2022,))
    write_book(
        data / "2022" / "b.xlsx",
        clean_rows({"tech_transactions": 371600.0}),
        years=(2022,),
        code="330303",
        name="龙湾区",
    )
    write_units(data, "330302", "330303")
    out = tmp_path / "问题清单.xlsx"
    proc = run("validate", data, "--out", out)
    assert proc.returncode == 1 and "问题清单已写出" in proc.stdout
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["330302 鹿城区", "330303 龙湾区"]
    rows = list(wb["330303 龙湾区"].iter_rows(min_row=2, values_only=True))  # row 1: what the district is to do
    assert rows[0] == ("级别", "文件", "工作表", "单元格", "问题", "处理方法")
    assert rows[1][:4] == ("错误", "2022/b.xlsx", "数据", "D15") and "疑似单位或录入错误" in rows[1][4]
    assert sorted(p.name for p in data.rglob("*")) == [
        "2022",
        "a.xlsx",
        "b.xlsx",
        "units.yaml",
    ]  # nothing added to the data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "问题清单.xlsx"]  # no temporary file left


def test_confirmed_value_is_listed_by_validate(tmp_path):
    write_book(tmp_path / "2022" / "a.xlsx", clean_rows({"tech_transactions": 6000.0}), years=(2022,))
    write_units(tmp_path, "330302")
    (tmp_path / "确认.yaml").write_text(
        "confirmations:\n  - {unit: '330302', field: tech_transactions, year: 2022, reason: 一笔大额技术转让}\n",
        encoding="utf-8",
    )
    proc = run("validate", tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "已确认 1 项" in proc.stdout and "一笔大额技术转让" in proc.stdout and "D15" in proc.stdout


def test_wide_template_round_trip(tmp_path):
    out = tmp_path / "汇总表.xlsx"
    assert run("template", out, "--wide", "--year", 2022).returncode == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws.title == "2022年" and ws["A3"].value == "行政区划代码" and ws["D3"].value == "地区生产总值（亿元）"
    field_of = {f"{name}（{unit}）": code for code, name, unit, _ in clean_rows()}
    for r in range(4, 18):
        assert ws.cell(r, 1).value  # 12 districts and 2 zones
        for c in range(3, ws.max_column + 1):
            ws.cell(r, c, CLEAN.get(field_of.get(ws.cell(3, c).value)))
    data = tmp_path / "data"
    data.mkdir()
    wb.save(data / "汇总表.xlsx")
    proc = run("validate", data)
    # 14 units in one file, all clean; the SUM formulas of the 合计 row are uncalculated and only checked
    assert proc.returncode == 0, proc.stdout


def test_control_characters_from_cells_in_terminal_and_problem_workbook(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "330302_鹿城区.csv").write_text(
        "行政区划代码,330302\n字段代码,指标名称,2022年\n,\x1b[31m红字,5\n", encoding="gbk"
    )
    out = tmp_path / "问题.xlsx"
    proc = run("validate", data, "--out", out)
    assert proc.returncode == 1 and "\x1b" not in proc.stdout and "“\\x1b[31m红字”" in proc.stdout
    rows = list(openpyxl.load_workbook(out)["330302 鹿城区"].iter_rows(min_row=2, values_only=True))
    row = next(r for r in rows if r[3] == "B3")  # an unknown row is a 提醒 (issue 21); then the table has no value
    assert "“\\x1b[31m红字”" in row[4]


def test_big_numbers_are_written_plainly(tmp_path):
    write_book(tmp_path / "2022" / "a.xlsx", clean_rows({"gdp": 8_453_900.0}), years=(2022,))
    proc = run("validate", tmp_path)
    assert "8,453,900亿元，超出合理范围 5～50000亿元" in proc.stdout
