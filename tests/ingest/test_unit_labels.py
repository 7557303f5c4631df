"""Issue 21 item 1: a unit label changed without the number, and year-on-year factors for every field."""

import pytest

from conftest import CLEAN, edit_cells, write_book
from sti_monitor.ingest.fields import load_fields
from sti_monitor.measure import load_dataset
from sti_monitor.measure.framework import load_framework

FIELDS = load_fields()
FW = load_framework("wenzhou-2027")
LUCHENG = "2023/330302_鹿城区.xlsx"


def test_rd_expenditure_labelled_wan_yuan_with_the_yi_yuan_number(sample_copy):
    # the case of the issue: 27.63 亿元 left as typed, the label changed to 万元
    edit_cells(sample_copy / LUCHENG, C6="万元")
    ds = load_dataset(sample_copy, FW)
    [p] = ds.errors
    assert (p.file, p.sheet, p.cell, p.field, p.year) == (LUCHENG, "数据", "C6", "rd_expenditure", 2023)
    assert p.what.startswith(
        "疑似单位标注与数值不符：R&D经费支出2023年的单位标为“万元”（工作表“数据”C6），"
        "2022年为“亿元”（2022/330302_鹿城区.xlsx 工作表“数据”C6）"
    )
    assert "2023年为 0.002763（D6，填的是 27.63）" in p.what
    assert "把单位改回“亿元”" in p.fix
    lucheng = ds.panel[ds.panel.unit_code == "330302"]
    assert set(lucheng.year) == {2021, 2022}  # the district's 2023 values are not used


def test_incubator_area_labelled_square_metres(sample_copy):
    edit_cells(sample_copy / LUCHENG, C16="平方米")  # 18.13 万平方米 left as typed
    [p] = load_dataset(sample_copy, FW).errors
    assert (p.cell, p.field) == ("C16", "incubator_area_new")
    assert "“平方米”" in p.what and "“万平方米”" in p.what and "疑似单位标注与数值不符" in p.what


def test_a_relabelled_value_that_was_converted_is_accepted(sample_copy):
    edit_cells(sample_copy / LUCHENG, C6="万元", D6=276300)  # 27.63 亿元 properly retyped in 万元
    ds = load_dataset(sample_copy, FW)
    assert ds.errors == []
    row = ds.panel[(ds.panel.unit_code == "330302") & (ds.panel.year == 2023) & (ds.panel.field == "rd_expenditure")]
    assert row["value"].tolist() == [pytest.approx(27.63)]


def _two_years(tmp_path, field, before, after):
    values = {**CLEAN, field: None}
    rows = [
        (c, FIELDS[c].name, FIELDS[c].unit, before if c == field else v, after if c == field else v)
        for c, v in values.items()
    ]
    write_book(tmp_path / "a.xlsx", rows, years=(2022, 2023))
    return load_dataset(tmp_path, FW)


def test_a_flow_is_checked_year_on_year_with_its_own_factor(tmp_path):
    # rd_expenditure is a flow: factor 10 in params/fields.yaml; 15 -> 160 亿元 is 10.7 times
    [p] = _two_years(tmp_path, "rd_expenditure", 15.0, 160.0).errors
    assert (p.cell, p.year, p.field) == ("E6", 2023, "rd_expenditure")
    assert "相差 10.7 倍（上限 10 倍）" in p.what and "D6" in p.what


def test_a_flow_within_its_factor_passes(tmp_path):
    assert _two_years(tmp_path / "x", "rd_expenditure", 15.0, 140.0).errors == []  # 9.3 times


def test_a_rate_is_checked_year_on_year(tmp_path):
    # growth 0.056 (a share typed for 5.6%) after 5.2 the year before: 93 times, the rate's factor is 50
    [p] = _two_years(tmp_path, "hitech_investment_growth", 5.2, 0.056).errors
    assert (p.cell, p.field) == ("E18", "hitech_investment_growth") and "上限 50 倍" in p.what


def test_a_stock_keeps_factor_three(tmp_path):
    [p] = _two_years(tmp_path, "gdp", 500.0, 1600.0).errors
    assert "相差 3.2 倍（上限 3 倍）" in p.what


def test_every_field_has_a_year_on_year_factor():
    assert [f.code for f in FIELDS if not f.year_on_year] == []
    assert FIELDS["gdp"].year_on_year == 3 and FIELDS["tech_transactions"].year_on_year == 10
    assert FIELDS.unit_label_factor == 10


def test_blank_label_then_explicit_canonical_label_is_not_a_change(tmp_path):
    write_book(tmp_path / "2022" / "a.xlsx", [("gdp", "地区生产总值", "", 500)], years=(2022,))
    write_book(tmp_path / "2023" / "a.xlsx", [("gdp", "地区生产总值", "亿元", 520)], years=(2023,))
    assert load_dataset(tmp_path, FW).errors == []


def _rd_cells(ds):
    rows = ds.panel[(ds.panel.unit_code == "330302") & (ds.panel.field == "rd_expenditure")]
    return dict(zip(rows.year, rows.value))


def test_the_first_years_label_is_the_odd_one_when_the_later_years_agree(sample_copy):
    # 2021 labelled 万元 with its 亿元 number (21.48); 2022 and 2023 say 亿元: 2021 is wrong, not 2022
    edit_cells(sample_copy / "2021/330302_鹿城区.xlsx", C6="万元")
    [p] = load_dataset(sample_copy, FW).errors
    assert (p.file, p.cell, p.year) == ("2021/330302_鹿城区.xlsx", "C6", 2021)
    assert p.what.startswith(
        "疑似单位标注与数值不符：R&D经费支出2021年的单位标为“万元”（工作表“数据”C6），"
        "2022年为“亿元”（2022/330302_鹿城区.xlsx 工作表“数据”C6），2023年也为“亿元”（2023/330302_鹿城区.xlsx 工作表“数据”C6）"
    )
    assert "数值是按“亿元”填的时，把单位改为“亿元”" in p.fix
    assert _rd_cells(load_dataset(sample_copy, FW)) == {2022: 22.89, 2023: 27.63}  # the right years are used


def _tech_cells(ds):
    rows = ds.panel[(ds.panel.unit_code == "330302") & (ds.panel.field == "tech_transactions")]
    return dict(zip(rows.year, rows.value))


def test_a_wrong_middle_year_is_one_error_and_the_next_year_is_used(sample_copy):
    edit_cells(sample_copy / "2022/330302_鹿城区.xlsx", D15=2657)  # 26.57 typed without its decimal point
    ds = load_dataset(sample_copy, FW)
    [p] = ds.errors  # not a second one on 2023, which is 70 times below 2022 but close to 2021
    assert (p.file, p.cell, p.year) == ("2022/330302_鹿城区.xlsx", "D15", 2022)
    assert "从 2021年的 20.18亿元" in p.what and "变为 2022年的 2657亿元（D15）" in p.what
    assert _tech_cells(ds) == {2021: 20.18, 2023: 37.16}


def test_a_wrong_first_year_value_is_named_with_the_year_that_sides_with_the_next(sample_copy):
    edit_cells(sample_copy / "2021/330302_鹿城区.xlsx", D15=2018)  # 20.18 without its decimal point
    ds = load_dataset(sample_copy, FW)
    [p] = ds.errors
    assert (p.file, p.cell, p.year) == ("2021/330302_鹿城区.xlsx", "D15", 2021)
    assert p.what == (
        "技术交易额2021年为 2018亿元（D15），2022年为 26.57亿元（2022/330302_鹿城区.xlsx 工作表“数据”D15），"
        "相差 76.0 倍（上限 10 倍），疑似单位或录入错误；2023年为 37.16亿元（2023/330302_鹿城区.xlsx 工作表“数据”D15），"
        "与 2022年相近"
    )
    assert _tech_cells(ds) == {2022: 26.57, 2023: 37.16}
