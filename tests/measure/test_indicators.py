"""Indicator formulas and aggregation, against values computed by hand."""

import math

import pandas as pd
import pytest

from sti_monitor.ingest.units import Unit, UnitRegistry
from sti_monitor.measure.framework import load_framework
from sti_monitor.measure.indicators import compute_indicators

FW = load_framework("wenzhou-2027")
UNITS = UnitRegistry(
    "t",
    Unit("100", "市", "city"),
    [Unit("101", "甲", "district"), Unit("102", "乙", "district")],
    [Unit("109", "园区", "zone")],
)


def panel(rows):
    return pd.DataFrame(
        [(u, y, f, float(v), "f.xlsx", "数据", "D5") for u, y, f, v in rows],
        columns=["unit_code", "year", "field", "value", "file", "sheet", "cell"],
    )


def value(table, unit, year, ind):
    row = table[(table.unit_code == unit) & (table.year == year) & (table.indicator == ind)]
    return row["value"].iloc[0] if len(row) else None


BASE = [
    # unit, field: 甲 and 乙 in 2023
    ("101", "gdp", 100),
    ("101", "rd_expenditure", 4),
    ("101", "rd_personnel_fte", 1500),
    ("101", "employed_persons", 10),
    ("101", "ind_rd_expense", 3),
    ("101", "ind_revenue", 60),
    ("101", "hitech_enterprises", 50),
    ("101", "tech_smes", 200),
    ("101", "hitech_value_added", 18),
    ("101", "ind_value_added", 20),
    ("101", "tech_transactions", 5.5),
    ("101", "incubator_area_new", 2),
    ("101", "hitech_investment", 11),
    ("102", "gdp", 300),
    ("102", "rd_expenditure", 3),
    ("102", "rd_personnel_fte", 1000),
    ("102", "employed_persons", 40),
    ("102", "ind_rd_expense", 1),
    ("102", "ind_revenue", 100),
    ("102", "hitech_enterprises", 30),
    ("102", "tech_smes", 100),
    ("102", "hitech_value_added", 12),
    ("102", "ind_value_added", 30),
    ("102", "tech_transactions", 1.5),
    ("102", "incubator_area_new", 1),
    ("102", "hitech_investment", 24),
]
PREV = [("101", 2022, "hitech_investment", 10), ("102", 2022, "hitech_investment", 20)]


@pytest.fixture
def table():
    return compute_indicators(panel([(u, 2023, f, v) for u, f, v in BASE] + PREV), FW, UNITS)


def test_each_formula_for_one_district(table):
    assert value(table, "101", 2023, "rd_gdp_ratio") == pytest.approx(4.0)  # 4 / 100 × 100
    assert value(table, "101", 2023, "rd_personnel_per_10k") == pytest.approx(150.0)  # 1500 人年 / 10 万人
    assert value(table, "101", 2023, "ind_rd_revenue_ratio") == pytest.approx(5.0)  # 3 / 60 × 100
    assert value(table, "101", 2023, "hitech_enterprises") == 50
    assert value(table, "101", 2023, "tech_smes") == 200
    assert value(table, "101", 2023, "hitech_va_share") == pytest.approx(90.0)  # 18 / 20 × 100
    assert value(table, "101", 2023, "tech_transactions") == 5.5
    assert value(table, "101", 2023, "incubator_area_new") == 2
    assert value(table, "101", 2023, "hitech_investment_growth") == pytest.approx(10.0)  # 11 / 10 − 1


def test_city_is_ratio_of_sums_not_mean_of_ratios(table):
    # R&D: (4 + 3) / (100 + 300) = 1.75 %, while the mean of 4 % and 1 % would be 2.5 %
    assert value(table, "100", 2023, "rd_gdp_ratio") == pytest.approx(1.75)
    assert value(table, "100", 2023, "rd_personnel_per_10k") == pytest.approx(2500 / 50)
    assert value(table, "100", 2023, "ind_rd_revenue_ratio") == pytest.approx(4 / 160 * 100)
    assert value(table, "100", 2023, "hitech_va_share") == pytest.approx(30 / 50 * 100)
    assert value(table, "100", 2023, "hitech_enterprises") == 80
    assert value(table, "100", 2023, "tech_transactions") == pytest.approx(7.0)
    # growth: (11 + 24) / (10 + 20) − 1 = 16.67 %, not the mean of 10 % and 20 %
    assert value(table, "100", 2023, "hitech_investment_growth") == pytest.approx(35 / 30 * 100 - 100)


def test_reported_growth_is_used_and_aggregates_through_its_base():
    rows = [(u, 2023, f, v) for u, f, v in BASE] + PREV + [("102", 2023, "hitech_investment_growth", 50.0)]
    t = compute_indicators(panel(rows), FW, UNITS)
    assert value(t, "102", 2023, "hitech_investment_growth") == 50.0
    # 乙's comparable base is 24 / 1.5 = 16; city = (11 + 24) / (10 + 16) − 1
    assert value(t, "100", 2023, "hitech_investment_growth") == pytest.approx((35 / 26 - 1) * 100)


def test_zone_is_computed_but_never_added_to_the_city():
    rows = [(u, 2023, f, v) for u, f, v in BASE] + PREV + [("109", 2023, "hitech_enterprises", 1000)]
    t = compute_indicators(panel(rows), FW, UNITS)
    assert value(t, "109", 2023, "hitech_enterprises") == 1000
    assert value(t, "100", 2023, "hitech_enterprises") == 80


def test_city_missing_when_a_district_lacks_data():
    rows = [(u, 2023, f, v) for u, f, v in BASE if not (u == "102" and f == "gdp")] + PREV
    t = compute_indicators(panel(rows), FW, UNITS)
    city = t[(t.unit_code == "100") & (t.indicator == "rd_gdp_ratio") & (t.year == 2023)].iloc[0]
    assert math.isnan(city["value"]) and "乙" in city["note"] and "甲" not in city["note"]
    assert value(t, "101", 2023, "rd_gdp_ratio") == pytest.approx(4.0)
    assert value(t, "100", 2023, "hitech_enterprises") == 80  # other indicators are unaffected


def test_zero_denominator_gives_no_value():
    rows = [(u, 2023, f, (0 if (u, f) == ("101", "gdp") else v)) for u, f, v in BASE]
    t = compute_indicators(panel(rows), FW, UNITS)
    assert math.isnan(value(t, "101", 2023, "rd_gdp_ratio"))


def test_trace_lists_exactly_the_cells_used():
    from sti_monitor.measure.indicators import trace_sources

    rows = [(u, 2023, f, v) for u, f, v in BASE] + PREV + [("102", 2023, "hitech_investment_growth", 50.0)]
    t = trace_sources(panel(rows), FW, UNITS, "100", 2023)
    growth = t[t.indicator == "hitech_investment_growth"]
    # 甲 computed its growth from last year's amount; 乙 reported its growth, so its 2022 amount is not used
    assert set(zip(growth.unit_code, growth.year, growth.field)) == {
        ("101", 2023, "hitech_investment"),
        ("101", 2022, "hitech_investment"),
        ("102", 2023, "hitech_investment"),
        ("102", 2023, "hitech_investment_growth"),
    }
    rd = t[t.indicator == "rd_gdp_ratio"]
    assert set(zip(rd.unit_code, rd.field)) == {
        ("101", "rd_expenditure"),
        ("101", "gdp"),
        ("102", "rd_expenditure"),
        ("102", "gdp"),
    }
