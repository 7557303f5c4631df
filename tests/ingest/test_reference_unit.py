"""A reference unit's workbook (the province): its own plausible scale, and the illustrative mark it may carry."""

import pytest
import yaml

from conftest import write_book
from sti_monitor.errors import ConfigError
from sti_monitor.ingest import load_fields, load_units
from sti_monitor.ingest.read import read_workbook
from sti_monitor.paths import UNITS_DIR

UNITS = load_units(UNITS_DIR / "wenzhou.yaml")  # 330000 浙江省 is its reference unit


def _read(path):
    return read_workbook(path, load_fields(), UNITS)


def _errors(book):
    return [p.what for p in book.problems if p.severity == "error"]


def test_a_province_sized_gdp_is_plausible_for_the_reference_unit_only(tmp_path):
    # 82,550 亿元 is beyond a county's [5, 50000] but inside the province's [5, 50000 × 10 = 500000]
    rows = [("gdp", "地区生产总值", "亿元", 82550), ("rd_expenditure", "R&D经费支出", "亿元", 2641.6)]
    province = _read(write_book(tmp_path / "p.xlsx", rows, code="330000", name="浙江省"))
    assert _errors(province) == [] and province.unit_code == "330000"
    county = _read(write_book(tmp_path / "c.xlsx", rows, code="330302", name="鹿城区"))
    assert _errors(county) == ["地区生产总值（2023年）为 82550亿元，超出合理范围 5～50000亿元，疑似单位或录入错误"]


def test_the_reference_scale_still_catches_a_province_typed_in_wan_yuan(tmp_path):
    # 825,500,000 万元 read as 亿元 is 1,651 times the province's upper bound 500,000: never a silent pass
    rows = [("gdp", "地区生产总值", "亿元", 825500000)]
    book = _read(write_book(tmp_path / "p.xlsx", rows, code="330000", name="浙江省"))
    assert _errors(book) == [
        "地区生产总值（2023年）为 825,500,000亿元，超出参照单位的合理范围 5～500000亿元，疑似单位或录入错误"
    ]


def test_a_rate_keeps_its_range_for_the_reference_unit():
    fields = load_fields()
    assert fields.reference_scale == 10
    growth = fields["hitech_investment_growth"]
    assert growth.kind == "rate" and growth.plausible_for("reference", 10) == growth.plausible
    assert fields["employed_persons"].plausible_for("reference", 10) == (0.5, 15000)  # 1500 × 10
    assert fields["employed_persons"].plausible_for("district", 10) == (0.5, 1500)


def test_a_reference_scale_below_one_is_a_load_error(tmp_path):
    path = tmp_path / "fields.yaml"
    path.write_text(
        yaml.safe_dump({"reference_scale": 0.5, "fields": {"gdp": {"name": "地区生产总值", "unit": "亿元"}}}),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="reference_scale"):
        load_fields(path)


def test_a_workbook_that_calls_itself_illustrative_is_marked(tmp_path):
    rows = [("gdp", "地区生产总值", "亿元", 82550)]
    marked = _read(
        write_book(tmp_path / "a.xlsx", rows, code="330000", name="浙江省", title="浙江省报表——示例数值，非官方统计")
    )
    plain = _read(write_book(tmp_path / "b.xlsx", rows, code="330000", name="浙江省"))
    noted = _read(write_book(tmp_path / "c.xlsx", rows, code="330000", name="浙江省", notes=("注：本表为示意数据。",)))
    assert (marked.illustrative, plain.illustrative, noted.illustrative) == (True, False, True)
