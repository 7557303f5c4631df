"""Edges of measure/assessment.py that mutation testing (mutmut) found unpinned; expected values by hand."""

import math

import pandas as pd
import pytest

from sti_monitor.measure.assessment import assess_units, grade_for, growth_score, indicator_points, indicator_score


def test_not_applicable_indicator_is_not_scored():
    assert math.isnan(indicator_score(0.8, "not_applicable", 1.0))  # whatever its achievement


@pytest.mark.parametrize(
    "value, target, higher, expected",
    [
        (-0.5, 0.0, True, 95.0),  # 0.5 points short × 10 (a shortfall under 1 point counts as it is)
        (2.0, 0.0, False, 80.0),  # lower is better: 2 − 0 = 2 points above × 10
        (1.0, -1.0, False, 80.0),  # lower is better, target −1: 1 − (−1) = 2 points above × 10
        (-1.0, 0.0, False, 100.0),  # lower is better and below the target: no shortfall
    ],
)
def test_growth_score_shortfall(value, target, higher, expected):
    assert growth_score(value, target, "behind", higher, 10) == pytest.approx(expected)


def test_grade_without_bands_or_score_is_empty(tiny_framework):
    rules = tiny_framework().assessment
    assert grade_for(float("nan"), rules) == ""
    assert grade_for(None, rules) == ""
    assert grade_for(95.0, tiny_framework(assessment={"grades": None, "fail_grade": None}).assessment) == ""


def test_no_data_scores_zero_whatever_the_ratio():
    assert indicator_score(0.8, "no_data", 1.0) == 0.0


def test_growth_rate_met_as_shown_gets_full_marks():
    # −0.04% against a target of 0 shows as 0.0% and is met: 100, not 100 − 0.04 × 10 = 99.6
    assert growth_score(-0.04, 0.0, "met", True, 10) == 100.0


def _table(rows):
    cols = ["unit_code", "year", "indicator", "achievement", "status", "target_kind", "value", "target"]
    return pd.DataFrame(rows, columns=cols)


def test_points_of_an_aspiration_a_small_growth_target_and_a_growth_rate_met_as_shown(tiny_framework):
    nan = float("nan")
    table = _table(
        [
            ("D1", 2023, "x", 0.8, "behind", "aspiration", 2.4, 3.0),  # an aspiration: never scored
            ("D1", 2023, "z", 0.8, "behind", "value", 0.4, 0.5),  # growth against 0.5 > 0: 0.4 ÷ 0.5 -> 80
            ("D1", 2023, "y", 1.0, "met", "value", 3.0, 3.0),  # 100
            ("D2", 2023, "z", nan, "met", "value", -0.04, 0.0),  # against 0, met as shown: 100
            ("D2", 2023, "y", 1.0, "met", "value", 3.0, 3.0),  # 100
            ("D3", 2023, "z", nan, "near", "value", -3.0, -2.0),  # against −2, 1 point short: 100 − 10 = 90
            ("D3", 2023, "y", 1.0, "met", "value", 3.0, 3.0),  # 100
        ],
    ).set_axis(range(10, 17))  # an index of its own: the points keep it
    points = indicator_points(table, tiny_framework())
    # equal weights over the rows scored: D1 (80 + 100) over 2 -> 40 and 50; D2 50 and 50; D3 45 and 50
    assert points.tolist() == pytest.approx([nan, 40.0, 50.0, 50.0, 50.0, 45.0, 50.0], nan_ok=True)
    assert points.index.tolist() == list(range(10, 17))


def test_an_aspiration_never_triggers_a_not_met_veto(tiny_framework, units_of):
    fw = tiny_framework(assessment={"veto": [{"indicator": "x", "when": "not_met", "best_grade": "合格"}]})
    table = _table(
        [
            ("D1", 2023, "x", 0.8, "aspiration", "aspiration", 2.4, 3.0),
            ("D1", 2023, "y", 1.0, "met", "value", 3.0, 3.0),
            ("D1", 2023, "z", 1.0, "met", "value", 15.0, 15.0),
        ]
    )
    table["points"] = indicator_points(table, fw)
    scores = assess_units(table, fw, units_of(["D1"])).set_index("unit_code")
    # (100 + 100) ÷ 2 = 100.00 -> 优秀, not capped at 合格: the aspiration 2.4 < 3.0 is not a target missed
    assert scores.loc["D1", "grade"] == "优秀" and scores.loc["D1", "veto"] == ""


def test_not_met_veto_cannot_be_judged_without_a_judged_status(tiny_framework, units_of):
    fw = tiny_framework(assessment={"veto": [{"indicator": "x", "when": "not_met", "best_grade": "合格"}]})
    rows = []
    for unit, state in (("D1", "no_data"), ("D2", "no_target"), ("D3", "not_applicable")):
        rows += [
            (unit, 2023, "x", float("nan"), state, "value", float("nan"), 3.0),
            (unit, 2023, "y", 1.0, "met", "value", 3.0, 3.0),
            (unit, 2023, "z", 1.0, "met", "value", 15.0, 15.0),
        ]
    table = _table(rows)
    table["points"] = indicator_points(table, fw)
    scores = assess_units(table, fw, units_of(["D1", "D2", "D3"])).set_index("unit_code")
    # D1: x without data scores 0, (0 + 100 + 100) ÷ 3 = 66.67 -> 合格; D2, D3: x not counted, 100 -> 优秀;
    # none is capped, and each says the veto could not be checked
    assert scores["grade"].to_dict() == {"D1": "合格", "D2": "优秀", "D3": "优秀"}
    assert all(scores.loc[u, "veto"].startswith("无法判断X是否未达到年度目标") for u in ("D1", "D2", "D3"))
    met = _table([(u, 2023, i, 1.0, "met", "value", 3.0, 3.0) for u in ["D4"] for i in ("x", "y", "z")])
    met["points"] = indicator_points(met, fw)
    scores = assess_units(met, fw, units_of(["D4"])).set_index("unit_code")
    assert scores.loc["D4", "grade"] == "优秀" and scores.loc["D4", "veto"] == ""  # x met: the veto does not apply


def test_fell_veto_of_a_lower_is_better_indicator(tiny_framework, units_of):
    fw = tiny_framework(assessment={"veto": [{"indicator": "y", "when": "fell", "best_grade": "良好"}]})
    rows = []
    for unit, before, now in (("D1", 5.0, 6.0), ("D2", 5.0, 5.0)):
        for year, y in ((2022, before), (2023, now)):
            rows += [
                (unit, year, "x", 1.0, "met", "value", 3.0, 3.0),
                (unit, year, "y", 1.0, "met", "value", y, y),
                (unit, year, "z", 1.0, "met", "value", 15.0, 15.0),
            ]
    table = _table(rows)
    table["points"] = indicator_points(table, fw)
    scores = assess_units(table, fw, units_of(["D1", "D2"])).set_index(["unit_code", "year"])
    # lower is better: 6 after 5 is a fall -> capped at 良好; 5 after 5 is not
    assert scores.loc[("D1", 2023), "grade"] == "良好" and scores.loc[("D2", 2023), "grade"] == "优秀"
