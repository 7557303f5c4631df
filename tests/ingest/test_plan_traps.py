"""Issue 21 on every plan's sample: a decimal comma, a comma that only looks like thousands, and a unit label
changed without the number are each an error naming file, sheet and cell, in a district, a park
(wenzhou-zcq-2022), an area (daluoshan-2022) and the one-unit plan (xinchang-2025); the value is not used.

The shipped sample (wenzhou-2027) runs in the fast loop; the other plans' samples are generated first
(about 10 s in all), so their cases are marked slow."""

import shutil

import pytest

from conftest import edit_cells
from sti_monitor.measure import load_dataset
from sti_monitor.measure.framework import load_framework
from sti_monitor.paths import SAMPLE_DATA_DIR

# plan -> (last year of its sample, the unit's workbook, row of 技术交易额 (亿元), (row, label, changed label)
# of a field in 万平方米 or 万人), read off each sample's workbook
PLANS = {
    "wenzhou-2027": (2023, "330302_鹿城区.xlsx", 15, (16, "万平方米", "平方米")),
    "jinzhou-2020": (2020, "210702_古塔区.xlsx", 15, (9, "万平方米", "平方米")),
    "wenzhou-zcq-2022": (2022, "3303Z3_瓯江口产业集聚区核心区.xlsx", 11, (7, "万人", "人")),
    "daluoshan-2022": (2022, "DLS01_龙湾片区.xlsx", 7, (13, "万平方米", "平方米")),
    "xinchang-2025": (2025, "330624_新昌县.xlsx", 14, (6, "万人", "人")),
}


PLAN_PARAMS = [p if p == "wenzhou-2027" else pytest.param(p, marks=pytest.mark.slow) for p in PLANS]


@pytest.fixture(scope="module")
def samples(plan_sample):
    """Each plan's sample, generated on first use (read only: ``_broken`` copies it)."""

    def sample(plan):
        return SAMPLE_DATA_DIR if plan == "wenzhou-2027" else plan_sample(plan)

    return sample


def _broken(samples, tmp_path, plan, **cells):
    year, name, *_ = PLANS[plan]
    data = shutil.copytree(samples(plan), tmp_path / plan)
    edit_cells(data / str(year) / name, **cells)
    return load_dataset(data, load_framework(plan)), f"{year}/{name}", year


def _tech_used(ds, name, year) -> bool:
    unit = name.split("/")[1].split("_")[0]
    panel = ds.panel
    return bool(((panel.unit_code == unit) & (panel.year == year) & (panel.field == "tech_transactions")).any())


@pytest.mark.parametrize("plan", PLAN_PARAMS)
@pytest.mark.parametrize("typed", ["12,34", "0,590"])
def test_a_decimal_comma_is_an_error_at_its_cell(samples, tmp_path, plan, typed):
    row = PLANS[plan][2]
    ds, name, year = _broken(samples, tmp_path, plan, **{f"D{row}": typed})
    [p] = ds.errors
    assert (p.file, p.sheet, p.cell) == (name, "数据", f"D{row}")
    assert p.what == f"技术交易额（{year}年）的值“{typed}”中的逗号不是千位分隔符（疑似把小数点写成了逗号）"
    assert not _tech_used(ds, name, year)


@pytest.mark.parametrize("plan", PLAN_PARAMS)
def test_a_comma_read_as_thousands_is_stopped_by_last_years_value(samples, tmp_path, plan):
    # "1,520" meant 1.52 亿元: a valid thousands grouping, so 1520 亿元, at least 50 times last year's value
    row = PLANS[plan][2]
    ds, name, year = _broken(samples, tmp_path, plan, **{f"D{row}": "1,520"})
    found = [p for p in ds.errors if (p.file, p.sheet, p.cell) == (name, "数据", f"D{row}")]
    assert any(f"变为 {year}年的 1520亿元（D{row}）" in p.what and "疑似单位或录入错误" in p.what for p in found)
    assert not _tech_used(ds, name, year)


@pytest.mark.parametrize("plan", PLAN_PARAMS)
def test_a_money_label_changed_without_the_number_is_an_error_at_the_label(samples, tmp_path, plan):
    row = PLANS[plan][2]
    ds, name, year = _broken(samples, tmp_path, plan, **{f"C{row}": "万元"})
    found = [p for p in ds.errors if (p.file, p.sheet, p.cell) == (name, "数据", f"C{row}")]
    assert [p.what.split("）")[0] for p in found] == [
        f"疑似单位标注与数值不符：技术交易额{year}年的单位标为“万元”（工作表“数据”C{row}"
    ]
    assert f"{year - 1}年为“亿元”（{year - 1}/{name.split('/')[1]} 工作表“数据”C{row}）" in found[0].what
    assert not _tech_used(ds, name, year)


@pytest.mark.parametrize("plan", PLAN_PARAMS)
def test_an_area_or_people_label_changed_without_the_number_is_an_error_at_the_label(samples, tmp_path, plan):
    row, label, changed = PLANS[plan][3]
    ds, name, year = _broken(samples, tmp_path, plan, **{f"C{row}": changed})
    found = [p for p in ds.errors if (p.file, p.sheet, p.cell) == (name, "数据", f"C{row}")]
    assert len(found) == 1 and found[0].what.startswith("疑似单位标注与数值不符：")
    assert f"的单位标为“{changed}”（工作表“数据”C{row}），{year - 1}年为“{label}”" in found[0].what
