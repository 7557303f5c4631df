"""Target interpolation and decomposition, against values computed by hand."""

import math

import pandas as pd
import pytest

from sti_monitor.ingest.units import Unit, UnitRegistry
from sti_monitor.measure.framework import load_framework
from sti_monitor.measure.targets import assign_targets, plan_target

FW = load_framework("wenzhou-2027")
XC = load_framework("xinchang-2025")


@pytest.mark.parametrize(
    "ind, year, expected",
    [
        ("rd_gdp_ratio", 2023, 2.7),  # milestone
        ("rd_gdp_ratio", 2024, 2.85),  # (2.7 + 3.0) / 2, linear
        ("rd_gdp_ratio", 2026, 3.2),  # (3.0 + 3.4) / 2
        ("incubator_area_new", 2024, 165.0),  # (180 + 150) / 2, an annual flow: linear
        ("hitech_investment_growth", 2026, 15.0),
        ("hitech_enterprises", 2024, math.sqrt(4300 * 5500)),  # geometric mean of the milestones
        ("tech_smes", 2026, math.sqrt(20000 * 22000)),
        ("tech_transactions", 2024, math.sqrt(330 * 500)),
    ],
)
def test_interpolation(ind, year, expected):
    assert plan_target(FW.indicator(ind), year, FW.baseline_year).value == pytest.approx(expected)


def test_no_target_outside_the_plan():
    assert plan_target(FW.indicator("rd_gdp_ratio"), 2022, 2022) is None
    assert plan_target(FW.indicator("rd_gdp_ratio"), 2028, 2022) is None


def test_interpolation_from_the_baseline_to_the_first_target():
    # Xinchang: 2020 baseline 4.38, 2025 target 5 -> 2022 = 4.38 + 0.62 × 2/5
    assert plan_target(XC.indicator("rd_gdp_ratio"), 2022, 2020).value == pytest.approx(4.628)
    # geometric: 220 × (440/220)^(2/5) for the doubling target
    assert plan_target(XC.indicator("hitech_enterprises"), 2022, 2020).value == pytest.approx(220 * 2**0.4)


def test_xinchang_target_kinds():
    assert XC.indicator("hitech_enterprises").targets[0].value == 440  # 力争倍增: 2 × 220
    floor = XC.indicator("hitech_va_share").targets[0]
    assert (floor.kind, floor.value) == ("floor", 90)  # 保持90以上
    assert plan_target(XC.indicator("hitech_va_share"), 2023, 2020).value == 90  # a floor holds before its year
    dual = XC.indicator("high_value_patents_per_10k").targets[0]
    assert (dual.kind, dual.value, dual.stretch) == ("dual", 30, 40)  # 确保30件, 力争倍增 (2 × 20)


UNITS = UnitRegistry("t", Unit("100", "市", "city"), [Unit("101", "甲", "district"), Unit("102", "乙", "district")], [])


def test_decomposition_rules():
    values = pd.DataFrame(
        [
            ("100", 2022, "rd_gdp_ratio", 2.5),
            ("101", 2022, "rd_gdp_ratio", 1.25),
            ("102", 2022, "rd_gdp_ratio", 5.0),
            ("100", 2023, "rd_gdp_ratio", 2.6),
            ("101", 2023, "rd_gdp_ratio", 1.3),
            ("102", 2023, "rd_gdp_ratio", 5.1),
            ("101", 2023, "hitech_investment_growth", 3.0),
            ("101", 2023, "hitech_enterprises", 10.0),
        ],
        columns=["unit_code", "year", "indicator", "value"],
    )
    tasks = pd.DataFrame(
        [("101", "hitech_enterprises", 2023, 12.0, "t.xlsx", "s", "F4")],
        columns=["unit_code", "indicator", "year", "target", "file", "sheet", "cell"],
    )
    t = assign_targets(values, FW, UNITS, tasks).set_index(["unit_code", "year", "indicator"])
    city = t.loc[("100", 2023, "rd_gdp_ratio")]
    assert (city.target, city.target_rule, city.baseline, city.final_target) == (2.7, "plan", 2.6, 3.4)
    # the city baseline comes from the data (2.5), not the plan's 2.6: 1.25 × 2.7 / 2.5
    a = t.loc[("101", 2023, "rd_gdp_ratio")]
    assert a.target_rule == "proportional" and a.target == pytest.approx(1.35)
    assert a.final_target == pytest.approx(1.25 * 3.4 / 2.5) and a.baseline == 1.25
    assert t.loc[("102", 2023, "rd_gdp_ratio")].target == pytest.approx(5.4)
    g = t.loc[("101", 2023, "hitech_investment_growth")]
    assert (g.target, g.target_rule) == (15.0, "same_as_city")
    k = t.loc[("101", 2023, "hitech_enterprises")]
    assert (k.target, k.target_rule) == (12.0, "task_table")
    # no 2022 value for 甲's enterprises in the data and none for the city: the plan's baseline
    # stands in for the city, but 甲's own baseline is missing, so its final target cannot be set
    assert math.isnan(k.final_target)


def test_city_baseline_falls_back_to_the_plan_when_data_lack_the_year():
    values = pd.DataFrame(
        [("101", 2022, "hitech_enterprises", 370.0), ("101", 2023, "hitech_enterprises", 400.0)],
        columns=["unit_code", "year", "indicator", "value"],
    )
    t = assign_targets(values, FW, UNITS).set_index(["unit_code", "year", "indicator"])
    assert t.loc[("101", 2023, "hitech_enterprises")].target == pytest.approx(370 * 4300 / 3700)


def test_missing_district_baseline_gives_no_target():
    values = pd.DataFrame([("101", 2023, "rd_gdp_ratio", 1.0)], columns=["unit_code", "year", "indicator", "value"])
    row = assign_targets(values, FW, UNITS).iloc[0]
    assert row.target_rule == "none" and "基期" in row.target_note and math.isnan(row.target)
