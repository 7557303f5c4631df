"""Edge cases of indicators.py that its mutation run showed untested: running totals, average growth, a rate
field the city reports itself, aggregates and the cells traced; expected values worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sti_monitor.ingest.units import Unit, UnitRegistry
from sti_monitor.measure.framework import load_framework
from sti_monitor.measure.indicators import compute_indicators, trace_sources

JZ = load_framework("jinzhou-2020")  # leading talents summed from 2016, invention patents' average growth since 2015
UNITS = UnitRegistry(
    "t",
    Unit("100", "市", "city"),
    [Unit("101", "甲", "district"), Unit("102", "乙", "district")],
    [],
    aggregates=[Unit("190", "合计", "aggregate", members=("101",)), Unit("199", "空", "aggregate")],
)


def panel(rows):
    return pd.DataFrame(
        [(u, y, f, float(v), "f.xlsx", "数据", "D5") for u, y, f, v in rows],
        columns=["unit_code", "year", "field", "value", "file", "sheet", "cell"],
    )


ROWS = [
    # 甲: talents 3, 4, 5 in 2016-2018; patents 100 (2015), 121 (2017), 133.1 (2018)
    ("101", 2015, "invention_patents", 100),
    ("101", 2016, "leading_talents_new", 3),
    ("101", 2017, "leading_talents_new", 4),
    ("101", 2017, "invention_patents", 121),
    ("101", 2018, "leading_talents_new", 5),
    ("101", 2018, "invention_patents", 133.1),
    ("101", 2018, "tech_progress_contribution", 50),
    ("101", 2014, "leading_talents_new", 9),  # before the total starts counting
    ("101", 2019, "leading_talents_new", 6),
    # 乙: talents 1 (2016) and 2 (2018), none in 2017; patents 300 (2015 and 2017)
    ("102", 2015, "invention_patents", 300),
    ("102", 2016, "leading_talents_new", 1),
    ("102", 2017, "invention_patents", 300),
    ("102", 2018, "leading_talents_new", 2),
    ("102", 2018, "tech_progress_contribution", 40),
    # the city reports only its 科技进步贡献率, which cannot be summed
    ("100", 2018, "tech_progress_contribution", 60.5),
]


@pytest.fixture(scope="module")
def table():
    return compute_indicators(panel(ROWS), JZ, UNITS).set_index(["unit_code", "year", "indicator"])


def test_a_running_total_counts_from_its_first_year_and_needs_every_year(table):
    talents = table.xs("leading_talents_cumulative", level="indicator")
    assert talents.loc[("101", 2016), "value"] == 3 and talents.loc[("101", 2017), "value"] == 7
    assert talents.loc[("101", 2018), "value"] == 12  # 3 + 4 + 5
    assert math.isnan(talents.loc[("101", 2015), "value"])  # before 2016 there is no running total
    assert talents.loc[("102", 2016), "value"] == 1
    assert math.isnan(talents.loc[("102", 2018), "value"])  # 2017 is missing: no total
    assert math.isnan(talents.loc[("101", 2018), "denominator"]) and talents.loc[("101", 2018), "numerator"] == 12
    # the city: 3 + 1 in 2016; in 2017 乙 lacks it, in 2015 both do (nobody counts yet)
    assert talents.loc[("100", 2016), ["value", "numerator", "note"]].tolist() == [4.0, 4.0, ""]
    assert math.isnan(talents.loc[("100", 2017), "value"])
    assert talents.loc[("100", 2017), "note"] == "缺少乙的数据，无法汇总市"
    assert talents.loc[("100", 2015), "note"] == "市的各组成单位均无此项数据"
    assert talents.loc[("100", 2018), "note"] == "缺少乙的数据，无法汇总市"  # 乙's 2018 total lacks 2017
    assert math.isnan(talents.loc[("100", 2016), "denominator"])  # a sum has no denominator
    assert talents.loc[("190", 2018), "value"] == 12  # the aggregate of 甲 alone
    assert ("199", 2018) not in talents.index  # an aggregate without members has no row


def test_average_growth_from_the_start_year(table):
    growth = table.xs("invention_patents_avg_growth", level="indicator")
    # 甲: 100 → 121 over two years is 10 % a year; → 133.1 over three years is 10 % too
    assert growth.loc[("101", 2017), "value"] == pytest.approx(10.0)
    assert growth.loc[("101", 2018), "value"] == pytest.approx(10.0)
    assert growth.loc[("101", 2017), ["numerator", "denominator"]].tolist() == [121.0, 100.0]
    assert math.isnan(growth.loc[("101", 2015), "value"])  # the start year itself has no growth
    assert math.isnan(growth.loc[("101", 2015), "denominator"])
    assert growth.loc[("102", 2017), "value"] == pytest.approx(0.0)  # 300 → 300
    # the city: (121 + 300) ÷ (100 + 300) = 1.0525 over two years: √1.0525 − 1 = 2.5914 %, not the mean 5 %
    assert growth.loc[("100", 2017), "value"] == pytest.approx((1.0525**0.5 - 1) * 100)
    assert growth.loc[("100", 2017), ["numerator", "denominator"]].tolist() == [421.0, 400.0]


def test_a_rate_field_is_each_units_own_the_citys_included(table):
    # 科技进步贡献率 is not summed: the city reports 60.5, not 50 + 40
    rate = table.xs("tech_progress_contribution", level="indicator")
    assert rate.loc[("100", 2018), "value"] == 60.5 and rate.loc[("101", 2018), "value"] == 50
    assert ("190", 2018) not in rate.index  # nor an aggregate's: it reports nothing of its own
    assert ("100", 2018, "tech_transactions") in table.index  # the indicators after it are computed too


def test_compound_growth_by_hand():
    from sti_monitor.measure.indicators import _compound

    assert _compound(121.0, 100.0, 2) == pytest.approx(10.0)  # √1.21 − 1
    assert _compound(0.0, 100.0, 1) == pytest.approx(-100.0)  # all gone: −100 %, a value
    for amount, start, years in [(121.0, 100.0, 0), (121.0, 100.0, -1), (121.0, 0.0, 2), (math.nan, 100.0, 2)]:
        assert math.isnan(_compound(amount, start, years))
    assert math.isnan(_compound(-1.0, 100.0, 2))  # a negative amount has no real root


def test_trace_of_a_running_total_and_an_average_growth():
    t = trace_sources(panel(ROWS), JZ, UNITS, "101", 2018)
    talents = t[t["indicator"] == "leading_talents_cumulative"]
    assert sorted(talents["year"]) == [2016, 2017, 2018]  # every year of the total, not 2014 nor 2019
    patents = t[t["indicator"] == "invention_patents_avg_growth"]
    assert sorted(patents["year"]) == [2015, 2018]  # the start year and this year, not 2017
    assert set(t["unit_code"]) == {"101"} and list(t.index) == list(range(len(t)))
    assert list(t.columns) == ["indicator", "field", "unit_code", "year", "value", "file", "sheet", "cell"]


def test_plain_fields_of_a_city_without_members(tiny_framework):
    # a plan of field indicators only, for a city that reports for itself: its own values, no denominator
    fw = tiny_framework(
        changes={
            "x": {"formula": {"kind": "field", "field": "rd_expenditure"}},
            "z": {"formula": {"kind": "field", "field": "hitech_investment"}},
        }
    )
    alone = UnitRegistry("t", Unit("100", "县", "city"), [], [])
    rows = [("100", 2023, "rd_expenditure", 4), ("100", 2023, "hitech_enterprises", 50)]
    t = compute_indicators(panel(rows), fw, alone)
    assert t["indicator"].tolist() == ["x", "y", "z"] and t["unit_code"].tolist() == ["100"] * 3
    assert list(t.index) == [0, 1, 2]
    assert t["value"].tolist()[:2] == [4.0, 50.0] and math.isnan(t["value"].iloc[2])
    assert t["denominator"].isna().all() and t["note"].tolist() == ["", "", ""]


def test_a_field_given_twice_counts_once_the_first():
    # two rows of one field, unit and year in the panel: the first is used (not their mean, 60)
    rows = [(u, 2023, f, v) for u, f, v in [("101", "hitech_enterprises", 50), ("101", "hitech_enterprises", 70)]]
    t = compute_indicators(panel(rows), JZ, UNITS).set_index(["unit_code", "indicator"])
    assert t.loc[("101", "hitech_enterprises"), "value"] == 50.0


def test_average_growth_from_a_small_start_and_from_none():
    # 甲 starts at 0.5 (above 0, below 1) and stays: 0 %; 乙 starts at 0: no growth, no base, and the city
    # lacks 乙
    rows = [
        ("101", 2015, "invention_patents", 0.5),
        ("101", 2016, "invention_patents", 0.5),
        ("102", 2015, "invention_patents", 0),
        ("102", 2016, "invention_patents", 5),
    ]
    t = compute_indicators(panel(rows), JZ, UNITS).set_index(["unit_code", "year", "indicator"])
    growth = t.xs("invention_patents_avg_growth", level="indicator")
    assert growth.loc[("101", 2016), "value"] == pytest.approx(0.0)
    assert math.isnan(growth.loc[("102", 2016), "value"]) and math.isnan(growth.loc[("102", 2016), "denominator"])
    assert growth.loc[("100", 2016), "note"] == "缺少乙的数据，无法汇总市"


def test_growth_without_a_reported_field_and_from_small_or_zero_bases(tiny_framework):
    # the tiny plan's z is a growth of hitech_investment with no reported growth field: always computed.
    # 甲 grows from 0.5 to 1 (+100 %, a base above 0 but below 1); 乙 from 0 (no growth, no base)
    fw = tiny_framework()
    units = UnitRegistry(
        "t", Unit("100", "市", "city"), [Unit("101", "甲", "district"), Unit("102", "乙", "district")], []
    )
    rows = [
        ("101", 2022, "hitech_investment", 0.5),
        ("101", 2023, "hitech_investment", 1),
        ("102", 2022, "hitech_investment", 0),
        ("102", 2023, "hitech_investment", 5),
    ]
    t = compute_indicators(panel(rows), fw, units).set_index(["unit_code", "year", "indicator"])
    assert t.loc[("101", 2023, "z"), ["value", "numerator", "denominator"]].tolist() == [100.0, 1.0, 0.5]
    assert math.isnan(t.loc[("102", 2023, "z"), "value"]) and math.isnan(t.loc[("102", 2023, "z"), "denominator"])
    assert t.loc[("100", 2023, "z"), "note"] == "缺少乙的数据，无法汇总市"


def test_a_citys_ratio_over_a_total_of_exactly_1_and_of_0():
    # districts' GDP 0.4 + 0.6 = 1 and R&D 0.01 + 0.02: 3 %; in 2022 both GDPs are 0: no ratio
    fw = load_framework("wenzhou-2027")
    units = UnitRegistry(
        "t", Unit("100", "市", "city"), [Unit("101", "甲", "district"), Unit("102", "乙", "district")], []
    )
    rows = [
        ("101", 2023, "gdp", 0.4),
        ("101", 2023, "rd_expenditure", 0.01),
        ("102", 2023, "gdp", 0.6),
        ("102", 2023, "rd_expenditure", 0.02),
        ("101", 2022, "gdp", 0),
        ("101", 2022, "rd_expenditure", 0.01),
        ("102", 2022, "gdp", 0),
        ("102", 2022, "rd_expenditure", 0.02),
    ]
    t = compute_indicators(panel(rows), fw, units).set_index(["unit_code", "year", "indicator"])
    assert t.loc[("100", 2023, "rd_gdp_ratio"), "value"] == pytest.approx(3.0)
    assert math.isnan(t.loc[("100", 2022, "rd_gdp_ratio"), "value"])
    assert t.loc[("100", 2022, "rd_gdp_ratio"), ["numerator", "denominator"]].tolist() == [pytest.approx(0.03), 0.0]


def test_the_city_names_every_member_it_lacks_and_an_empty_panel_has_the_columns():
    fw = load_framework("wenzhou-2027")
    three = [Unit("101", "甲", "district"), Unit("102", "乙", "district"), Unit("103", "丙", "district")]
    units = UnitRegistry("t", Unit("100", "市", "city"), three, [])
    t = compute_indicators(panel([("101", 2023, "hitech_enterprises", 5), ("102", 2023, "gdp", 1)]), fw, units)
    city = t[(t["unit_code"] == "100") & (t["indicator"] == "hitech_enterprises")]
    assert city["note"].tolist() == ["缺少乙、丙的数据，无法汇总市"]
    empty = compute_indicators(panel([]), fw, units)
    assert empty.empty and list(empty.columns) == [
        "unit_code",
        "year",
        "indicator",
        "value",
        "numerator",
        "denominator",
        "note",
    ]


def test_years_read_as_floats_come_out_as_whole_years():
    # a panel whose years were read as floats (2023.0): the table's years are integers
    rows = panel([(u, 2023, f, v) for u, f, v in [("101", "hitech_enterprises", 5), ("102", "hitech_enterprises", 7)]])
    rows["year"] = rows["year"].astype(float)
    t = compute_indicators(rows, load_framework("wenzhou-2027"), UNITS)
    assert str(t["year"].dtype) == "int64" and set(t["year"]) == {2023}
    assert t[(t["unit_code"] == "100") & (t["indicator"] == "hitech_enterprises")]["value"].tolist() == [12.0]


def test_running_totals_of_a_city_without_members(tiny_framework):
    # a plan of running totals only (from 2023), for a city that reports for itself: 4 + 1, no denominator
    since = {"kind": "cumulative", "since": 2023}
    fw = tiny_framework(
        changes={
            "x": {"formula": {**since, "field": "rd_expenditure"}},
            "y": {"formula": {**since, "field": "hitech_enterprises"}},
            "z": {"formula": {**since, "field": "hitech_investment"}},
        }
    )
    alone = UnitRegistry("t", Unit("100", "县", "city"), [], [])
    rows = [("100", 2023, "rd_expenditure", 4), ("100", 2024, "rd_expenditure", 1)]
    t = compute_indicators(panel(rows), fw, alone)
    x = t[t["indicator"] == "x"]
    assert x["value"].tolist() == [4.0, 5.0] and x["denominator"].isna().all()


def test_the_citys_rate_is_traced_to_its_own_cell():
    # 科技进步贡献率 is the city's own 60.5, not its districts' 50 and 40: only the city's cell is behind it
    t = trace_sources(panel(ROWS), JZ, UNITS, "100", 2018)
    rate = t[t["indicator"] == "tech_progress_contribution"]
    assert rate[["unit_code", "value"]].values.tolist() == [["100", 60.5]]
    assert set(t[t["indicator"] == "leading_talents_cumulative"]["unit_code"]) == {"101", "102"}  # sums: members
