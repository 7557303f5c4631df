"""Issue 21 items 5–8 on copies of the sample: who has not sent, nothing skipped in silence, the folder's
year against the header's, and revisions carried by a later year's workbook."""

import os
import shutil

import openpyxl
import pytest

from conftest import run_cli
from sti_monitor.measure import load_dataset
from sti_monitor.measure.framework import load_framework
from sti_monitor.tools.synth import make_plan_sample

FW = load_framework("wenzhou-2027")
LUCHENG = "2023/330302_鹿城区.xlsx"


def run(*args):
    proc = run_cli(*args)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def column_d(path):
    ws = openpyxl.load_workbook(path).active
    return {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, 19)}


def test_a_district_that_sent_nothing_is_an_error_in_validate_and_the_problem_workbook(sample_copy, tmp_path):
    (sample_copy / "2023" / "330328_文成县.xlsx").unlink()
    ds = load_dataset(sample_copy, FW)
    assert [u.code for u in ds.missing_units(2023)] == ["330328"] and ds.missing_units(2022) == []
    out = tmp_path / "问题清单.xlsx"
    proc = run("validate", sample_copy, "--out", out)
    assert proc.returncode == 1 and "数据检查通过" not in proc.stdout
    assert "[错误] 文成县（330328）未报送：没有 2023 年的工作簿。" in proc.stdout
    assert f"文件放在 {sample_copy / '2023'}（如 2023/330328_文成县.xlsx" in proc.stdout
    rows = list(openpyxl.load_workbook(out)["330328 文成县"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[4]) for r in rows] == [("错误", "2023/", "文成县（330328）未报送：没有 2023 年的工作簿")]


def test_an_unreadable_workbook_counts_as_sent(sample_copy):
    (sample_copy / "2023" / "330303_龙湾区.xlsx").write_bytes(b"garbage")
    ds = load_dataset(sample_copy, FW)
    assert ds.missing_units(2023) == []  # rejected, and said so, but not 未报送
    assert [p.file for p in ds.errors] == ["2023/330303_龙湾区.xlsx"]


def test_a_file_named_with_dots_in_front_is_named_not_skipped_in_silence(sample_copy):
    (sample_copy / LUCHENG).rename(sample_copy / "2023" / "..330302_鹿城区.xlsx")
    ds = load_dataset(sample_copy, FW)
    [p] = ds.problems
    assert (p.file, p.severity) == ("2023/..330302_鹿城区.xlsx", "warning") and "未读取" in p.what
    assert [u.code for u in ds.missing_units(2023)] == ["330302"]
    [missing] = ds.missing_problems()
    assert (
        missing.what
        == "鹿城区（330302）未报送：没有 2023 年的工作簿（未读取的 2023/..330302_鹿城区.xlsx 可能就是它，见其说明）"
    )


def test_a_year_folder_linked_from_elsewhere_is_refused(sample_copy, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(sample_copy / "2022", elsewhere)
    os.symlink(elsewhere, sample_copy / "2022")
    ds = load_dataset(sample_copy, FW)
    [p] = ds.errors
    assert p.file == "2022" and p.what == f"链接指向数据目录之外（{elsewhere}），拒绝读取" and "复制" in p.fix
    assert 2022 not in set(ds.panel.year)
    proc = run("validate", sample_copy)
    assert proc.returncode == 1 and "拒绝读取" in proc.stdout


def test_lock_files_and_other_files_are_listed_with_why(sample_copy):
    (sample_copy / "2023" / "~$330302_鹿城区.xlsx").write_bytes(b"owner")
    (sample_copy / "2023" / "说明.docx").write_bytes(b"PK")
    os.symlink(sample_copy / LUCHENG, sample_copy / "2023" / "鹿城区的链接.xlsx")
    ds = load_dataset(sample_copy, FW)
    assert ds.problems == []
    why = {s.name: s.why for s in ds.skipped}
    assert why["2023/~$330302_鹿城区.xlsx"].startswith("Excel/WPS 打开文件时留下的锁定文件")
    assert why["2023/说明.docx"].startswith("不是表格文件") and why["README.md"].startswith("不是表格文件")
    assert why["2023/鹿城区的链接.xlsx"] == "链接指向数据目录内的 2023/330302_鹿城区.xlsx，按原处读取，链接本身不再读取"
    proc = run("validate", sample_copy)
    assert proc.returncode == 0 and "未读取 4 个文件或文件夹（无需处理）" in proc.stdout


def test_last_years_header_left_on_this_years_workbook(sample_copy):
    wb = openpyxl.load_workbook(sample_copy / LUCHENG)
    wb.active["D4"] = "2022年"
    wb.save(sample_copy / LUCHENG)
    ds = load_dataset(sample_copy, FW)
    [p] = ds.errors
    assert (p.file, p.cell, p.unit_code) == (LUCHENG, "D4", "330302")
    assert p.what == "文件在 2023 年的文件夹中，但表头的年份是 2022年，没有 2023 年的数据"
    assert "把表头改为“2023年”" in p.fix and "不要删除" in p.fix
    # the 2022 file is untouched and used: no duplicate, no baseline taken from the 2023 values
    gdp = ds.panel[(ds.panel.unit_code == "330302") & (ds.panel.field == "gdp")].set_index("year")
    assert gdp.loc[2022, "value"] == column_d(sample_copy / "2022" / "330302_鹿城区.xlsx")["gdp"]
    assert gdp.loc[2022, "file"] == "2022/330302_鹿城区.xlsx" and 2023 not in gdp.index


def _add_2022_column(path, values):
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws["E4"] = "2022年"
    for r in range(5, 19):
        ws.cell(r, 5, values.get(ws.cell(r, 1).value))
    wb.save(path)


def test_a_revision_of_last_year_is_used_and_named(sample_copy):
    old = column_d(sample_copy / "2022" / "330302_鹿城区.xlsx")
    _add_2022_column(sample_copy / LUCHENG, {**old, "gdp": 1111.5})
    ds = load_dataset(sample_copy, FW)
    assert ds.errors == []
    [rev] = ds.revisions
    assert (rev.unit_code, rev.field, rev.year, rev.old, rev.new) == ("330302", "gdp", 2022, old["gdp"], 1111.5)
    assert rev.old_where == "2022/330302_鹿城区.xlsx 工作表“数据”D5" and rev.new_where == f"{LUCHENG} 工作表“数据”E5"
    gdp = ds.panel[(ds.panel.unit_code == "330302") & (ds.panel.field == "gdp") & (ds.panel.year == 2022)]
    assert gdp[["value", "file", "cell"]].values.tolist() == [[1111.5, LUCHENG, "E5"]]
    proc = run("validate", sample_copy)
    assert (
        proc.returncode == 0
        and f"修订 330302 地区生产总值 2022年：{old['gdp']:g}（2022/330302_鹿城区.xlsx" in proc.stdout
    )


def test_a_repeat_of_last_year_with_identical_values_is_no_problem(sample_copy):
    _add_2022_column(sample_copy / LUCHENG, column_d(sample_copy / "2022" / "330302_鹿城区.xlsx"))
    ds = load_dataset(sample_copy, FW)
    assert ds.problems == [] and ds.revisions == []


def test_two_files_of_one_unit_in_one_folder_stay_an_error(sample_copy):
    shutil.copy(sample_copy / LUCHENG, sample_copy / "2023" / "330302_鹿城区(1).xlsx")
    errors = load_dataset(sample_copy, FW).errors
    assert len(errors) == 2 and all("出现在多个文件中" in p.what for p in errors)


@pytest.mark.parametrize("name", ["2023", "2023年"])
def test_folder_years(tmp_path, name):
    from sti_monitor.ingest.years import folder_year

    assert folder_year(tmp_path / "data" / name / "sub" / "a.xlsx", tmp_path) == 2023
    assert folder_year(tmp_path / "data" / "a.xlsx", tmp_path) is None


def test_a_revision_is_not_used_for_the_years_before_its_folder(sample_copy):
    from sti_monitor.ingest import read_dataset

    old = column_d(sample_copy / "2022" / "330302_鹿城区.xlsx")
    _add_2022_column(sample_copy / LUCHENG, {**old, "gdp": 1111.5})
    as_of_2022 = read_dataset(sample_copy, "wenzhou", until=2022)
    gdp = as_of_2022.panel[(as_of_2022.panel.unit_code == "330302") & (as_of_2022.panel.field == "gdp")]
    assert gdp.set_index("year")["value"].to_dict() == {
        2021: column_d(sample_copy / "2021" / "330302_鹿城区.xlsx")["gdp"],
        2022: old["gdp"],
    }
    assert as_of_2022.revisions == [] and as_of_2022.missing == []


def test_a_district_workbook_with_a_code_not_in_the_plan_is_named_alone(sample_copy):
    wb = openpyxl.load_workbook(sample_copy / LUCHENG)
    wb.active["B2"] = "330399"
    wb.save(sample_copy / LUCHENG)
    (sample_copy / LUCHENG).rename(sample_copy / "2023" / "鹿城区.xlsx")
    ds = load_dataset(sample_copy, FW)
    [p] = ds.errors
    assert (p.unit_code, p.cell) == ("330399", "B2") and "单位代码“330399”不在单位清单中" in p.what
    assert [(unit, book.name) for unit, book, _ in ds.rejected()] == [("330399", "2023/鹿城区.xlsx")]
    assert ds.missing_units(2023) == []  # its file name says 鹿城区: rejected, not 未报送


def test_history_columns_do_not_make_every_unit_owe_those_years(tmp_path):
    from conftest import clean_rows, write_book
    from sti_monitor.ingest import read_dataset

    write_book(tmp_path / "a.xlsx", clean_rows(year_count=3), years=(2019, 2020, 2021))
    ds = read_dataset(tmp_path, "wenzhou")
    assert {m.year for m in ds.missing} == {2021} and len(ds.missing) == 13


def test_an_empty_year_folder_means_every_district_has_not_sent(sample_copy):
    (sample_copy / "2024").mkdir()
    (sample_copy / ".2025").mkdir()  # hidden: not a year being collected
    ds = load_dataset(sample_copy, FW)
    assert len(ds.missing_units(2024)) == 14 and ds.missing_units(2023) == []
    assert {m.year for m in ds.missing} == {2024}
    assert ds.missing_problems()[0].what == "鹿城区（330302）未报送：没有 2024 年的工作簿"
    assert f"文件放在 {sample_copy / '2024'}（如 2024/330302_鹿城区.xlsx" in ds.missing_problems()[0].fix
    assert load_dataset(sample_copy, FW, until=2023).missing == []  # 2023's reports do not wait for 2024


def test_the_one_unit_plan_that_sent_nothing_is_named(tmp_path):
    data = make_plan_sample("xinchang-2025", tmp_path / "xinchang")
    (data / "2025" / "330624_新昌县.xlsx").unlink()  # the folder stays, empty
    ds = load_dataset(data, load_framework("xinchang-2025"))
    [p] = ds.missing_problems()
    assert (p.file, p.severity, p.year) == ("2025/", "error", 2025)
    assert p.what == "新昌县（330624）未报送：没有 2025 年的工作簿"
    proc = run("validate", data)
    assert proc.returncode == 1 and "[错误] 新昌县（330624）未报送：没有 2025 年的工作簿。" in proc.stdout
