"""Applicability: an indicator is judged only for the unit kinds it applies to; elsewhere 不适用, never 0,
and the assessment weights and the index coverage count only what applies. Expected values by hand."""

import math

import pandas as pd
import pytest

from sti_monitor.errors import ConfigError
from sti_monitor.ingest import UnitRegistry
from sti_monitor.ingest.units import Unit
from sti_monitor.measure.applicability import applicability, applicable_kinds, applicable_mask
from sti_monitor.measure.assessment import assess_units, indicator_points
from sti_monitor.measure.composite import raw_index

NAN = float("nan")


def zoned_units() -> UnitRegistry:
    """City C, districts D1 and D2, zone Z, park P1 and aggregate A (= P1)."""
    return UnitRegistry(
        "t",
        Unit("C", "全市", "city"),
        [Unit("D1", "区1", "district"), Unit("D2", "区2", "district")],
        [Unit("Z", "园Z", "zone")],
        areas=[Unit("P1", "园区1", "area")],
        aggregates=[Unit("A", "汇总A", "aggregate", members=("P1",))],
    )


def test_default_kinds_are_those_that_get_a_target(tiny_framework):
    fw = tiny_framework(
        changes={"y": {"targets": None, "unit_targets": {"A": {2027: 3}}}, "z": {"applies_to": ["city"]}}
    )
    units = zoned_units()
    # x: city targets, decomposed to districts (city_sums) and zones
    assert applicable_kinds(fw.indicator("x"), fw, units) == {"city", "district", "zone"}
    # y: only the aggregate A has a target
    assert applicable_kinds(fw.indicator("y"), fw, units) == {"aggregate"}
    # z: said so explicitly
    assert applicable_kinds(fw.indicator("z"), fw, units) == {"city"}
    applies = applicability(fw, units)
    assert applies[("D1", "x")] and not applies[("D1", "y")] and not applies[("D1", "z")]
    assert not applies[("P1", "x")] and applies[("A", "y")] and applies[("C", "z")]


def test_unknown_kind_in_applies_to_is_a_load_error(tiny_framework):
    with pytest.raises(ConfigError, match="applies_to"):
        tiny_framework(changes={"z": {"applies_to": ["county"]}})


def test_not_applicable_scores_nothing_and_weights_renormalise(tiny_framework, units_of):
    fw = tiny_framework(assessment={"weights": {"x": 2, "y": 1, "z": 1}})
    table = pd.DataFrame(
        [
            {"unit_code": "D1", "year": 2023, "indicator": "x", "achievement": 0.8, "status": "behind", "value": 1.0},
            {
                "unit_code": "D1",
                "year": 2023,
                "indicator": "y",
                "achievement": NAN,
                "status": "not_applicable",
                "value": 5.0,
            },
            {"unit_code": "D1", "year": 2023, "indicator": "z", "achievement": 1.0, "status": "met", "value": 1.0},
        ]
    )
    table["points"] = indicator_points(table, fw)
    # over x and z only: 2 × 80 / 3 + 1 × 100 / 3 = 53.333 + 33.333 = 86.667; y has no points (not 0)
    assert table["points"].iloc[0] == pytest.approx(160 / 3)
    assert math.isnan(table["points"].iloc[1])
    assert table["points"].iloc[2] == pytest.approx(100 / 3)
    scores = assess_units(table, fw, units_of(["D1"])).set_index("unit_code")
    assert scores.loc["D1", "assessment_score"] == pytest.approx(86.666667)
    assert scores.loc["D1", "missing_indicators"] == ""


def test_index_coverage_counts_only_applicable_indicators():
    index = pd.MultiIndex.from_tuples([("D1", 2023), ("A", 2023), ("C", 2023)])
    norm = pd.DataFrame({"x": [0.2, NAN, 0.6], "y": [NAN, 0.9, NAN], "z": [0.4, NAN, NAN]}, index=index)
    applicable = pd.DataFrame(
        {"x": [True, False, True], "y": [False, True, False], "z": [True, False, True]}, index=index
    )
    raw = raw_index(norm, 0.75, applicable)
    assert raw[("D1", 2023)] == pytest.approx(0.3)  # (0.2 + 0.4) / 2: 2 of 2 applicable
    assert raw[("A", 2023)] == pytest.approx(0.9)  # 1 of 1 applicable
    assert math.isnan(raw[("C", 2023)])  # 1 of 2 applicable: 50% < 75%
    # all indicators counted, as before, when no mask is given: D1 has 2 of 3 (66.7% < 75%)
    assert math.isnan(raw_index(norm, 0.75)[("D1", 2023)])


@pytest.fixture(scope="module")
def plan_results(evaluated_plan):
    return {plan: evaluated_plan(plan) for plan in ("wenzhou-zcq-2022", "jinzhou-2020")}


def test_zcq_districts_are_scored_on_their_own_targets(plan_results):
    r = plan_results["wenzhou-zcq-2022"]
    scores = r.scores[r.scores["year"] == 2022].set_index("unit_code")
    # 鹿城区 meets its four targets (R&D intensity, R&D personnel, tech SMEs, hi-tech enterprises): 100.00
    assert round(scores.loc["330302", "assessment_score"], 2) == 100.00
    # the zone: 10 zone targets, scores 100, 89.37, 100, 100, 100, 88, 99.55, 100, 100, 94.52 → 971.44 / 10
    assert round(scores.loc["3303Z0", "assessment_score"], 2) == 97.14
    rows = r.table[(r.table["year"] == 2022) & (r.table["unit_code"] == "330302")].set_index("indicator")
    park_only = rows.loc["hitech_enterprises_smart_equipment"]
    assert park_only["status"] == "not_applicable" and math.isnan(park_only["points"])
    assert park_only["outlook"] == "not_applicable"
    # every district, and the city, gets an index; the parks, with nothing that applies, none
    districts = [u.code for u in r.units.districts]
    assert scores.loc[districts, "index"].notna().all()
    assert scores.loc["330300", "index"] == pytest.approx(100.0)
    assert scores.loc[[u.code for u in r.units.areas], "index"].isna().all()
    assert scores.loc["3303Z1", "note"].endswith("无适用于本单位的指标，不计算综合指数")
    # the zone has its data, but its indicators are the parks': no district to place them against
    assert scores.loc["3303Z0", "note"] == "适用的指标多为县（市、区）所无，无从比较，不计算综合指数"
    # the zone's own indicators do not count against the city: R&D personnel applies to the city, not the zone
    zone = r.table[(r.table["year"] == 2022) & (r.table["unit_code"] == "3303Z0")].set_index("indicator")
    assert zone.loc["rd_personnel", "status"] == "not_applicable"


def test_jinzhou_counties_get_no_city_only_target(plan_results):
    r = plan_results["jinzhou-2020"]
    rows = r.table[(r.table["year"] == 2020) & (r.table["indicator"] == "tech_progress_contribution")].set_index(
        "unit_code"
    )
    assert rows.loc["210700", "target"] == 60.0
    assert rows.loc["210700", "status"] != "not_applicable"
    counties = [u.code for u in r.units.districts]
    assert (rows.loc[counties, "status"] == "not_applicable").all()
    assert rows.loc[counties, "target"].isna().all() and rows.loc[counties, "points"].isna().all()
    # the city's index does not count the city-only field at a made-up 0.5: no county has it to compare with
    scores = r.scores[r.scores["year"] == 2020].set_index("unit_code")
    assert scores.loc[counties, "index"].notna().all()


def test_coverage_ignores_what_cannot_exist_yet(tiny_framework, units_of):
    fw = tiny_framework(
        changes={
            "x": {"formula": {"kind": "cumulative", "field": "rd_expenditure", "since": 2023}},
            "z": {"formula": {"kind": "average_growth", "field": "hitech_investment", "since": 2022}},
        }
    )
    index = pd.MultiIndex.from_tuples([("D1", 2022), ("D1", 2023), ("D1", 2024)])
    mask = applicable_mask(index, ["x", "y", "z"], fw, units_of(["D1"]))
    # a running total from 2023 on; an average growth since 2022 from 2023 on
    assert mask.loc[("D1", 2022)].tolist() == [False, True, False]
    assert mask.loc[("D1", 2023)].tolist() == [True, True, True]
    assert mask.loc[("D1", 2024)].tolist() == [True, True, True]
