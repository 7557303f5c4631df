"""The city's wide table and the long form read to the same tidy panel, with cell provenance."""

import openpyxl
import pandas as pd

from conftest import clean_rows, write_book
from sti_monitor.measure import check_baseline, load_dataset
from sti_monitor.measure.framework import load_framework

FW = load_framework("wenzhou-2027")


def write_rows(path, rows, sheet="Sheet1"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def panel_values(ds):
    return {(r.unit_code, r.field, r.year): r.value for r in ds.panel.itertuples()}


def test_wide_table_with_units_in_brackets_and_a_total_row(tmp_path):
    write_rows(
        tmp_path / "全市汇总表.xlsx",
        [
            ["2023年各县（市、区）科技统计汇总表"],
            ["行政区划代码", "地区", "地区生产总值（亿元）", "R&D经费支出（万元）", "高新技术企业数"],
            ["330302", "鹿城区", 500, 150000, 200],
            ["330303", "龙湾区", 400, 120000, 150],
            ["", "合计", 900, 270000, 351],
        ],
    )
    ds = load_dataset(tmp_path, FW)
    assert panel_values(ds) == {
        ("330302", "gdp", 2023): 500.0,
        ("330302", "rd_expenditure", 2023): 15.0,
        ("330302", "hitech_enterprises", 2023): 200.0,
        ("330303", "gdp", 2023): 400.0,
        ("330303", "rd_expenditure", 2023): 12.0,
        ("330303", "hitech_enterprises", 2023): 150.0,
    }
    rd = ds.panel[(ds.panel.unit_code == "330303") & (ds.panel.field == "rd_expenditure")].iloc[0]
    assert (rd.file, rd.sheet, rd.cell) == ("全市汇总表.xlsx", "Sheet1", "D4")
    [p] = ds.problems  # 200 + 150 = 350, not 351
    assert p.severity == "warning" and p.cell == "E5" and "351" in p.what and "350" in p.what and "E3" in p.fix


def test_wide_table_year_column_and_a_bad_row_rejects_only_that_unit(tmp_path):
    write_rows(
        tmp_path / "汇总.xlsx",
        [
            ["年份", "单位名称", "gdp", "employed_persons"],
            [2022, "鹿城区", 480, 40],
            [2023, "鹿城区", 500, 41],
            [2023, "龙湾区", "四百", 30],
        ],
        sheet="数据",
    )
    ds = load_dataset(tmp_path, FW)
    assert panel_values(ds) == {
        ("330302", "gdp", 2022): 480.0,
        ("330302", "employed_persons", 2022): 40.0,
        ("330302", "gdp", 2023): 500.0,
        ("330302", "employed_persons", 2023): 41.0,
    }
    [p] = ds.errors
    assert (p.cell, p.unit_code) == ("C4", "330303") and "不是数字" in p.what


def test_wide_table_without_a_year_is_named(tmp_path):
    write_rows(tmp_path / "汇总.xlsx", [["地区", "gdp", "employed_persons"], ["鹿城区", 480, 40]], sheet="数据")
    [p] = load_dataset(tmp_path, FW).errors
    assert "找不到该表的年份" in p.what and "年份" in p.fix


def test_long_form(tmp_path):
    frame = pd.DataFrame(
        [
            ["330302", "gdp", 2023, 500],
            ["330302", "地区生产总值", 2022, 480],
            ["330303", "gdp", 2023, 400],
            ["330303", "tech_smes", 2023, 700],
        ],
        columns=["行政区划代码", "字段代码", "年份", "数值"],
    )
    frame.to_csv(tmp_path / "长表.csv", index=False, encoding="gbk")
    ds = load_dataset(tmp_path, FW)
    assert ds.problems == []
    assert panel_values(ds) == {
        ("330302", "gdp", 2023): 500.0,
        ("330302", "gdp", 2022): 480.0,
        ("330303", "gdp", 2023): 400.0,
        ("330303", "tech_smes", 2023): 700.0,
    }
    smes = ds.panel[ds.panel.field == "tech_smes"].iloc[0]
    assert (smes.file, smes.cell) == ("长表.csv", "D5")


def test_wide_and_district_file_for_the_same_unit_and_year_conflict(tmp_path):
    write_rows(
        tmp_path / "汇总.xlsx", [["行政区划代码", "gdp", "employed_persons"], ["330302", 500, 40]], sheet="2023年"
    )
    write_rows(tmp_path / "330302.xlsx", [["行政区划代码", "330302"], ["字段代码", "2023年"], ["gdp", 500]])
    ds = load_dataset(tmp_path, FW)
    assert {p.file for p in ds.errors if "多个文件" in p.what} == {"汇总.xlsx", "330302.xlsx"}
    assert ds.panel.empty


def test_city_row_is_a_total_not_a_unit(tmp_path):
    write_rows(
        tmp_path / "汇总.xlsx",
        [
            ["行政区划代码", "地区", "gdp", "employed_persons"],
            ["330300", "温州市", 1000, 70],
            ["330302", "鹿城区", 500, 40],
            ["330303", "龙湾区", 400, 30],
        ],
        sheet="2023年",
    )
    ds = load_dataset(tmp_path, FW)
    assert set(ds.panel["unit_code"]) == {"330302", "330303"}
    [p] = ds.problems  # GDP 500 + 400 = 900, the city row says 1000; employment 70 = 40 + 30
    assert p.severity == "warning" and p.cell == "C2" and "1000" in p.what and "900" in p.what


def test_missing_baseline_year_names_the_folder(tmp_path):
    write_book(tmp_path / "wenzhou" / "2024" / "a.xlsx", clean_rows(), years=(2024,))
    p = check_baseline(load_dataset(tmp_path / "wenzhou" / "2024", FW), FW)
    assert p.severity == "error" and "缺少基期 2022 年" in p.what
    assert str(tmp_path / "wenzhou" / "2022") in p.fix and "上一级目录" in p.fix
    write_book(tmp_path / "wenzhou" / "2022" / "a.xlsx", clean_rows(), years=(2022,))
    assert check_baseline(load_dataset(tmp_path / "wenzhou", FW), FW) is None
