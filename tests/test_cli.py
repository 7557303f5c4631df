"""The command line as a statistician uses it: real files, real subprocesses, no tracebacks."""

import json

import openpyxl
import pandas as pd
import pytest

from conftest import CLEAN, clean_rows, run_cli, write_book
from sti_monitor.paths import SAMPLE_DATA_DIR


def run(*args):
    proc = run_cli(*args)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def test_validate_sample_is_clean():
    proc = run("validate", SAMPLE_DATA_DIR)
    assert proc.returncode == 0, proc.stdout
    assert "数据检查通过" in proc.stdout


def test_validate_reports_file_sheet_cell_and_fix(sample_copy):
    bad = sample_copy / "2023" / "330303_龙湾区.xlsx"
    wb = openpyxl.load_workbook(bad)
    wb["数据"]["D5"] = "待核实"
    wb.save(bad)
    proc = run("validate", sample_copy)
    assert proc.returncode == 1
    assert "2023/330303_龙湾区.xlsx" in proc.stdout and "工作表“数据”" in proc.stdout and "单元格 D5" in proc.stdout
    assert "“待核实”不是数字" in proc.stdout and "处理方法" in proc.stdout


def test_validate_missing_directory():
    proc = run("validate", "/nonexistent/dir")
    assert proc.returncode == 1 and "数据目录不存在" in proc.stderr


def test_broken_district_is_skipped_and_others_computed(sample_copy, tmp_path):
    bad = sample_copy / "2023" / "330303_龙湾区.xlsx"
    bad.write_bytes(b"garbage")
    out = tmp_path / "x.csv"
    proc = run("indicators", sample_copy, "--year", 2023, "--out", out)
    assert proc.returncode == 0 and "跳过 2023/330303_龙湾区.xlsx" in proc.stderr
    t = pd.read_csv(out, dtype={"unit_code": str})
    assert t[t.unit_code == "330303"]["status"].eq("no_data").all()
    assert t[t.unit_code == "330302"]["value"].notna().all()
    # the city cannot be summed without 龙湾, and says so
    city = t[t.unit_code == "330300"]
    assert city["status"].eq("no_data").all() and city["note"].str.contains("龙湾区").all()
    assert bad.read_bytes() == b"garbage"  # input untouched


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx"])
def test_indicators_outputs_have_the_required_columns(tmp_path, suffix):
    out = tmp_path / f"x{suffix}"
    proc = run("indicators", SAMPLE_DATA_DIR, "--year", 2023, "--out", out)
    assert proc.returncode == 0, proc.stderr
    required = [
        "unit_code",
        "unit_name",
        "year",
        "indicator",
        "value",
        "target",
        "target_rule",
        "achievement",
        "status",
        "achievement_score",
        "progress",
        "required_growth",
    ]
    if suffix == ".csv":
        t = pd.read_csv(out, dtype={"unit_code": str})
        assert set(required) <= set(t.columns) and len(t) == 15 * 9
        assert "330300" in set(t.unit_code)
    elif suffix == ".json":
        rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
        assert set(required) <= set(rows[0]) and len(rows) == 135
    else:
        wb = openpyxl.load_workbook(out)
        ws = wb["指标监测"]
        headers = [c.value for c in ws[1]]
        assert headers[:4] == ["单位代码", "单位名称", "单位类型", "年份"] and "状态" in headers
        assert ws.freeze_panes == "C2"
        assert {"指标定义", "数据来源"} <= set(wb.sheetnames)
        status_col = headers.index("状态") + 1
        labels = {ws.cell(r, status_col).value for r in range(2, ws.max_row + 1)}
        assert labels <= {"达标", "接近", "未达标", "无目标", "无数据"}
        fills = {
            ws.cell(r, status_col).value: ws.cell(r, status_col).fill.fgColor.rgb for r in range(2, ws.max_row + 1)
        }
        assert fills["达标"] != fills["未达标"]


def test_text_starting_with_formula_characters_is_not_a_formula(tmp_path):
    data = tmp_path / "d"
    (data).mkdir()
    (data / "units.yaml").write_text(
        "id: t\ncity: {code: '100000', name: '=HYPERLINK(1)'}\ndistricts:\n  - {code: '100001', name: '+甲县'}\n",
        encoding="utf-8",
    )
    write_book(data / "a.xlsx", clean_rows(), code="100001", name="+甲县")
    out = tmp_path / "x.xlsx"
    assert run("indicators", data, "--out", out).returncode == 0
    ws = openpyxl.load_workbook(out)["指标监测"]
    names = {ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert names == {"'=HYPERLINK(1)", "'+甲县"}
    assert all(ws.cell(r, 2).data_type == "s" for r in range(2, ws.max_row + 1))


def test_unknown_output_format(tmp_path):
    proc = run("indicators", SAMPLE_DATA_DIR, "--out", tmp_path / "x.pdf")
    assert proc.returncode == 1 and "不支持的输出格式" in proc.stderr


def test_template_round_trip(tmp_path):
    out = tmp_path / "t.xlsx"
    assert run("template", out, "--unit", "330328", "--year", 2024).returncode == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["数据"]
    assert ws["B2"].value == "330328" and ws["A4"].value == "字段代码" and ws["D4"].value == "2024年"
    assert ws["C5"].value == "亿元"  # unit column filled in
    assert len(ws.data_validations.dataValidation) >= 14
    assert "填表说明" in wb.sheetnames
    # refuses to overwrite
    again = run("template", out, "--year", 2024)
    assert again.returncode == 1 and "已存在" in again.stderr
    # a filled template validates and computes
    for r in range(5, 19):
        ws.cell(r, 4, CLEAN.get(ws.cell(r, 1).value))
    data = tmp_path / "data"
    data.mkdir()
    wb.save(data / "filled.xlsx")
    proc = run("validate", data)
    # 2024 alone has no baseline year for district targets, and the other 13 units sent nothing (issue 21)
    assert (
        proc.returncode == 1
        and "1 个可以采用，0 个有错误（有错误的单位不采用）。错误：data/ 13 个、data 1 个，共 14 个。\n" in proc.stdout
    ), proc.stdout
    assert proc.stdout.count("未报送") == 13 and "文成县（330328）未报送" not in proc.stdout
    assert "缺少基期 2022 年的数据" in proc.stdout and str(data / "2022") in proc.stdout


def test_task_table_template(tmp_path):
    out = tmp_path / "指标任务表.xlsx"
    assert run("template", out, "--task-table", "--year", 2024).returncode == 0
    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[3]] == ["单位代码", "单位名称", "指标代码", "指标名称", "年份", "目标值"]
    assert ws.max_row > 14 * 9


def test_every_workbook_broken_is_a_clear_error(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    (data / "a.xlsx").write_bytes(b"not a workbook")
    for args in (["indicators", data, "--out", tmp_path / "x.csv"], ["render", data, "--out", tmp_path / "r"]):
        proc = run(*args)
        assert proc.returncode == 1 and "没有可用的数据" in proc.stderr
    assert not (tmp_path / "x.csv").exists()
