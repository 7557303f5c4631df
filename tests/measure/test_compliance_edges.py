"""Edges of measure/compliance.py that mutation testing (mutmut) found unpinned; expected values by hand."""

import math

import pandas as pd
import pytest

from sti_monitor.measure.compliance import achievement, achievement_score, assess, required_growth, status
from sti_monitor.measure.framework import load_framework

FW = load_framework("wenzhou-2027")


def test_achievement_edges():
    assert achievement(2, 4) == 0.5  # higher is better by default: 2 ÷ 4
    assert achievement(None, 4) is None  # no value: nothing to divide (not a TypeError)
    assert achievement(0.5, 0.5) == 1.0  # a target below 1 is still a valid divisor: 0.5 ÷ 0.5


def test_about_target_without_tolerance_is_an_exact_target():
    # 左右 10.0 with no tolerance given: 9.5 ÷ 10 = 95% -> near, not met
    assert status(9.5, 10.0, 1, kind="about") == "near"


def test_tolerance_counts_only_for_about_targets():
    # a plain target of 10.0 with a tolerance passed: the tolerance is ignored, 95% -> near
    assert status(9.5, 10.0, 1, tolerance=1.0) == "near"


def test_about_target_lower_is_better_allows_the_tolerance_above():
    # lower is better, 左右 10.0 within 1.0: the ceiling is 10 + 1 = 11, and 10.5 <= 11 -> met
    assert status(10.5, 10.0, 1, higher_is_better=False, kind="about", tolerance=1.0) == "met"


def test_growth_rate_status_is_judged_without_completion():
    # growth 14.96% against 15.0%: at its own 1 decimal 15.0 = 15.0 -> met (with a completion, 99.7%, it would not be)
    assert status(14.96, 15.0, 1, completion_shown=False) == "met"


def test_lower_is_better_near_or_behind_uses_the_inverted_achievement():
    # lower is better, 110 against 100: 100 ÷ 110 = 0.909 < 0.95 -> behind
    assert status(110, 100, 0, higher_is_better=False) == "behind"


def test_score_edges():
    assert achievement_score(None, "no_target") is None  # no target: not scored
    assert achievement_score(0.8, "not_applicable") is None  # not applicable: not scored, whatever the ratio
    assert achievement_score(None, "behind") == 0.0  # not met and no ratio: 0
    assert achievement_score(1.2, "behind") == 100.0  # achievement capped at 1: min(1.2, 1) × 100


def test_required_growth_edges():
    rd, rd_staff, hitech = (FW.indicator(i) for i in ("rd_gdp_ratio", "rd_personnel_per_10k", "hitech_enterprises"))
    assert required_growth(rd, None, 3.4, 4) == (None, "")  # no value
    g, unit = required_growth(rd, 2.7, 3.4, 1)  # one year left: (3.4 − 2.7) ÷ 1
    assert g == pytest.approx(0.7) and unit == "个百分点"
    assert required_growth(rd_staff, 50, 70, 4) == (5.0, "人年")  # (70 − 50) ÷ 4, in the indicator's unit
    assert required_growth(hitech, 0, 6500, 4) == (None, "")  # geometric from 0: no compound rate
    assert required_growth(hitech, 4300, 0, 4) == (None, "")  # geometric to 0: none either
    g, unit = required_growth(hitech, 1, 16, 4)  # 16^(1/4) − 1 = 2 − 1 -> 100%
    assert g == pytest.approx(100.0) and unit == "%"
    g, unit = required_growth(hitech, 16, 1, 4)  # (1/16)^(1/4) − 1 = 0.5 − 1 -> −50%
    assert g == pytest.approx(-50.0) and unit == "%"


def test_assess_a_tiny_table_by_hand():
    nan = float("nan")
    values = pd.DataFrame(
        {
            "unit_code": ["A", "A", "B", "C", "D"],
            "year": [2025] * 5,
            "indicator": [
                "rd_gdp_ratio",
                "hitech_investment_growth",
                "hitech_investment_growth",
                "rd_gdp_ratio",
                "rd_gdp_ratio",
            ],
            "value": [3.0, 14.96, 15.2, 2.0, 3.196],
        }
    )  # no "applicable" column: every row applies; unit C has no target row at all
    targets = pd.DataFrame(
        {
            "unit_code": ["A", "A", "B", "D"],
            "year": [2025] * 4,
            "indicator": ["rd_gdp_ratio", "hitech_investment_growth", "hitech_investment_growth", "rd_gdp_ratio"],
            "target": [3.2, 15.0, 15.0, 3.2],
            "target_kind": ["value"] * 4,
            "tolerance": [nan] * 4,
            "stretch_target": [3.0, 15.0, 15.0, 3.2],
            "baseline": [2.6, 10.0, 10.0, 2.6],
            "final_target": [3.4, 15.0, 15.0, 3.4],
        }
    )
    out = assess(values, targets, FW).set_index(["unit_code", "indicator"])
    rd = out.loc[("A", "rd_gdp_ratio")]
    assert rd["achievement"] == pytest.approx(0.9375)  # 3.0 ÷ 3.2
    assert rd["status"] == "behind"  # 0.9375 < 0.95
    assert rd["achievement_score"] == pytest.approx(93.75)  # 0.9375 × 100
    assert rd["progress"] == pytest.approx(0.5)  # (3.0 − 2.6) ÷ (3.4 − 2.6)
    assert rd["required_growth"] == pytest.approx(0.2)  # (3.4 − 3.0) ÷ (2027 − 2025) years
    assert rd["required_growth_unit"] == "个百分点"
    # wenzhou-2027's stretch for R&D intensity before 2027 is the province's value (力争超全省平均): 3.00 equal to it
    # as shown is not beyond it (超过 is strict)
    assert rd["stretch_met"] == False  # noqa: E712
    growth = out.loc[("A", "hitech_investment_growth")]
    assert growth["status"] == "met"  # a rate, no completion: 15.0 = 15.0 at 1 decimal
    assert growth["stretch_met"] == True  # noqa: E712  the same judgement against the stretch 15.0
    assert growth["progress"] == pytest.approx(0.992)  # (14.96 − 10) ÷ (15 − 10)
    assert math.isnan(growth["required_growth"]) and growth["required_growth_unit"] == ""  # a rate needs none
    assert out.loc[("B", "hitech_investment_growth"), "stretch_met"] == True  # noqa: E712  15.2 above 15.0, higher is better
    missing = out.loc[("C", "rd_gdp_ratio")]  # kept although it has no target (a left join)
    assert missing["status"] == "no_target" and math.isnan(missing["achievement"])
    assert missing["stretch_met"] is None  # no stretch target: no judgement
    # 3.196 of 3.2 is a level, so its completion counts: 99.875% shows 99.9%, and at 3 decimals 3.196 < 3.200
    close = out.loc[("D", "rd_gdp_ratio")]
    assert close["status"] == "near" and close["stretch_met"] == False  # noqa: E712


def _targets(**columns):
    nan = float("nan")
    base = {
        "unit_code": ["A"],
        "year": [2025],
        "indicator": ["y"],
        "target": [5.0],
        "target_kind": ["value"],
        "tolerance": [nan],
        "stretch_target": [nan],
        "baseline": [8.0],
        "final_target": [2.0],
    }
    return pd.DataFrame({**base, **columns})


def test_assess_lower_is_better(tiny_framework):
    # y: lower is better, 0 decimals. 4 against a target of 5: achievement 5 ÷ 4 = 1.25, met;
    # progress (4 − 8) ÷ (2 − 8) = 2/3 of the way from the baseline 8 down to the final target 2
    values = pd.DataFrame({"unit_code": ["A"], "year": [2025], "indicator": ["y"], "value": [4.0]})
    row = assess(values, _targets(), tiny_framework()).iloc[0]
    assert row["achievement"] == pytest.approx(1.25)
    assert row["status"] == "met"
    assert row["progress"] == pytest.approx(2 / 3)
    # x, higher is better, with the same numbers: a final target 2 below the baseline 8 asks for no improvement,
    # so no progress share (it would read (4 − 8) ÷ (2 − 8) = 2/3 if the direction were lost)
    values_x = values.assign(indicator="x")
    row = assess(values_x, _targets(indicator=["x"]), tiny_framework()).iloc[0]
    assert math.isnan(row["progress"])


def test_assess_joins_on_unit_year_and_indicator_only(tiny_framework):
    # both tables carry a column of the same name that the join is not about (here a note of their own):
    # the row still matches on unit, year and indicator, and the target is found
    values = pd.DataFrame({"unit_code": ["A"], "year": [2025], "indicator": ["y"], "value": [4.0], "note": ["v"]})
    out = assess(values, _targets(note=["t"]), tiny_framework())
    assert out["target"].tolist() == [5.0]


def test_assess_missing_numbers_are_nan_even_when_no_row_has_one(tiny_framework):
    nan = float("nan")
    values = pd.DataFrame({"unit_code": ["A"], "year": [2025], "indicator": ["y"], "value": [4.0]})
    targets = _targets(target=[nan], baseline=[nan], final_target=[nan])
    row = assess(values, targets, tiny_framework()).iloc[0]
    # no target, no baseline, no final target: NaN (a float column), never None
    assert math.isnan(row["achievement"]) and math.isnan(row["progress"]) and math.isnan(row["required_growth"])


def test_assess_columns_and_an_empty_table(tiny_framework):
    extra = ["achievement", "status", "achievement_score", "progress", "required_growth", "required_growth_unit"]
    values = pd.DataFrame({"unit_code": ["A"], "year": [2025], "indicator": ["y"], "value": [4.0]})
    out = assess(values, _targets(), tiny_framework())
    assert "index" not in out.columns  # the joined table's index is dropped, not kept as a column
    assert list(out.columns[-7:]) == [*extra, "stretch_met"]
    empty = assess(values.iloc[:0], _targets().iloc[:0], tiny_framework())
    assert empty.empty and list(empty.columns[-7:]) == [*extra, "stretch_met"]
