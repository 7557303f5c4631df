"""Aspirations (力争) are shown and never scored, failed or given an outlook; a 左右 target met within its
tolerance is met everywhere (status, achievement score, points, outlook). Expected values by hand."""

import pandas as pd
import pytest

from sti_monitor.measure.assessment import assess_units, indicator_points
from sti_monitor.measure.compliance import achievement_score, status
from sti_monitor.measure.outlook import classify

NAN = float("nan")


def test_a_met_row_scores_full_marks_and_an_aspiration_none():
    assert achievement_score(4.44 / 4.5, "met", "about") == 100.0  # 左右, met within its tolerance: not 98.67
    assert achievement_score(None, "met") == 100.0
    assert achievement_score(1.1, "met", "aspiration") is None  # an aspiration reached is still not scored
    assert achievement_score(0.9, "aspiration", "aspiration") is None


def test_about_target_within_tolerance_is_met_and_achieved(tiny_framework):
    x = tiny_framework().indicator("x")  # 2 decimals, linear, higher is better
    # 4.44 is 0.06 short of 4.5, within the tolerance 0.1: met
    assert status(4.44, 4.5, 2, kind="about", tolerance=0.1) == "met"
    assert status(4.39, 4.5, 2, kind="about", tolerance=0.1) == "near"  # 0.11 short; 4.39 / 4.5 = 0.976
    # the outlook agrees: achieved before the final year, completed in it
    assert classify(x, 4.44, 4.14, 4.5, 3, 5, status="met", kind="about", tolerance=0.1) == ("achieved", None)
    assert classify(x, 4.44, 4.14, 4.5, 5, 5, status="met", final_year=True, kind="about", tolerance=0.1) == (
        "completed",
        None,
    )
    # without the tolerance 4.44 does not reach 4.5: ((4.44 − 4.14)/3) ÷ ((4.5 − 4.14)/5) = 0.1 ÷ 0.072
    category, r = classify(x, 4.44, 4.14, 4.5, 3, 5, status="near")
    assert category == "on_track" and r == pytest.approx(0.1 / 0.072)


def test_aspiration_has_no_outlook(tiny_framework):
    x = tiny_framework().indicator("x")
    assert classify(x, 405, 220, 440, 5, 5, status="aspiration", final_year=True, kind="aspiration") == (
        "aspiration",
        None,
    )


def test_aspiration_rows_get_no_points_and_the_rest_renormalise(tiny_framework, units_of):
    table = pd.DataFrame(
        [
            {
                "unit_code": "C",
                "year": 2025,
                "indicator": "x",
                "achievement": 0.9,
                "status": "behind",
                "target_kind": "value",
                "value": 1.0,
            },
            {
                "unit_code": "C",
                "year": 2025,
                "indicator": "y",
                "achievement": 0.92,
                "status": "aspiration",
                "target_kind": "aspiration",
                "value": 1.0,
            },
            {
                "unit_code": "C",
                "year": 2025,
                "indicator": "z",
                "achievement": 1.05,
                "status": "met",
                "target_kind": "aspiration",
                "value": 1.0,
            },
        ]
    )
    table["points"] = indicator_points(table, tiny_framework())
    assert table["points"].iloc[0] == pytest.approx(90.0)  # x alone counts: 90 × 1 ÷ 1
    assert table["points"].iloc[1:].isna().all()
    scores = assess_units(table, tiny_framework(), units_of([])).set_index("unit_code")
    assert scores.loc["C", "assessment_score"] == pytest.approx(90.0)


def test_aspiration_not_reached_does_not_trigger_a_not_met_veto(tiny_framework, units_of):
    fw = tiny_framework(assessment={"veto": [{"indicator": "y", "when": "not_met", "best_grade": "合格"}]})
    table = pd.DataFrame(
        [
            {
                "unit_code": "C",
                "year": 2025,
                "indicator": "x",
                "achievement": 1.0,
                "status": "met",
                "target_kind": "value",
                "value": 1.0,
            },
            {
                "unit_code": "C",
                "year": 2025,
                "indicator": "y",
                "achievement": 0.5,
                "status": "aspiration",
                "target_kind": "aspiration",
                "value": 1.0,
            },
            {
                "unit_code": "C",
                "year": 2025,
                "indicator": "z",
                "achievement": 1.0,
                "status": "met",
                "target_kind": "value",
                "value": 1.0,
            },
        ]
    )
    table["points"] = indicator_points(table, fw)
    scores = assess_units(table, fw, units_of([])).set_index("unit_code")
    assert scores.loc["C", "grade"] == "优秀" and scores.loc["C", "veto"] == ""


def test_xinchang_2025(evaluated_plan):
    r = evaluated_plan("xinchang-2025")
    rows = r.table[r.table["year"] == 2025].set_index("indicator")
    # the four 力争倍增 indicators: shown, no points, no outlook
    aspirations = ["hitech_enterprises", "tech_smes", "tech_transactions", "digital_core_value_added"]
    assert (rows.loc[aspirations, "target_kind"] == "aspiration").all()
    assert rows.loc[aspirations, "points"].isna().all() and rows.loc[aspirations, "achievement_score"].isna().all()
    assert (rows.loc[aspirations, "outlook"] == "aspiration").all()
    # 规上工业R&D占营收 4.44% against 4.5%左右 (tolerance 0.1): met, 100, completed
    about = rows.loc["ind_rd_revenue_ratio"]
    assert (about["status"], about["achievement_score"], about["outlook"]) == ("met", 100.0, "completed")
    # nine binding targets: seven met (100 each), 技术服务收入占比 34.73/35 = 99.22, 劳动生产率 23.52/25 = 94.07,
    # 人才总量 13.56/14 = 96.86: (700 + 99.2201 + 94.0732 + 96.8571) / 9 = 98.9056
    city = r.scores[(r.scores["year"] == 2025)].set_index("unit_code").loc["330624"]
    assert round(city["assessment_score"], 2) == 98.91
