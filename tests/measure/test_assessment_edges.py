"""Edges of measure/assessment.py that mutation testing (mutmut) found unpinned; expected values by hand."""

import math

import pandas as pd
import pytest

from sti_monitor.measure.assessment import (
    SCORE_COLUMNS,
    assess_units,
    grade_for,
    growth_score,
    indicator_points,
    indicator_score,
    score_units,
)

NAN = float("nan")


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


# --- score_units and its notes (the second mutation pass) --------------------------------------------------------

NO_SCORE = "无可考核的指标（无目标或无数据），不评等次"

# (x, y, z) values of 2023 (x and z higher is better, y lower), each indicator's (status, points) given by hand.
# The districts D1–D4 set the bounds: x 1..3, y 10..20, z 0..4 (all within 3 SDs of their means).
SCORED = {
    "D1": ((1.0, 20.0, 0.0), (("met", 40.0), ("behind", 30.0), ("near", 10.0))),  # x 0, y 0, z 0 -> index 0
    "D2": ((3.0, 10.0, 4.0), (("met", 35.0), ("met", 35.0), ("met", 30.0))),  # 1, 1, 1 -> 2 ÷ 0.5 × 100 = 200
    "D3": ((2.0, 15.0, 1.0), (("no_target", NAN),) * 3),  # 0.5, 0.5, 0.25 -> (1.25 ÷ 3) ÷ 0.5 × 100 = 83.33
    "D4": ((2.0, NAN, NAN), (("no_target", NAN),) * 3),  # x only: 1 of 3 under 50%, no index
    "Z": ((2.0, 15.0, 2.0), (("near", 30.0), ("met", 40.0), ("met", 25.0))),  # 0.5 each -> 100
    "C": ((2.0, 15.0, 2.0), (("met", 30.0), ("met", 30.0), ("met", 30.0))),  # 0.5 each: the city's 0.5 = 100
    "P": ((9.0, 9.0, 9.0), (("met", 50.0),) * 3),  # not a unit of the registry (a reference unit): never scored
}


def _scored_table():
    rows = []
    for unit, (values, states) in SCORED.items():
        for ind, value, (status, points) in zip("xyz", values, states):
            rows.append((unit, 2023, ind, value, status, points))
    return pd.DataFrame(rows, columns=["unit_code", "year", "indicator", "value", "status", "points"])


def test_score_units_one_row_per_unit_with_scores_index_groups_ranks_and_notes(tiny_framework, units_of):
    fw = tiny_framework(composite={"min_coverage": 0.5})
    units = units_of(["D1", "D2", "D3", "D4"], zones=["Z"])
    panel = pd.DataFrame(columns=["unit_code", "year", "field", "value"])
    out = score_units(_scored_table(), panel, fw, units)
    assert list(out.columns) == SCORE_COLUMNS
    assert out.index.tolist() == list(range(6))  # in the registry's order, the reference unit P left out
    assert out["unit_code"].tolist() == ["D1", "D2", "D3", "D4", "Z", "C"]
    assert out["unit_name"].tolist() == ["区D1", "区D2", "区D3", "区D4", "园Z", "全市"]
    assert out["unit_kind"].tolist() == ["district"] * 4 + ["zone", "city"]
    assert out["year"].tolist() == [2023] * 6
    # scores: the sums of the points, 40 + 30 + 10 = 80, 35 + 35 + 30 = 100, 30 + 40 + 25 = 95, 90;
    # D3 and D4 have no target: no score
    assert out["assessment_score"].tolist() == pytest.approx([80.0, 100.0, NAN, NAN, 95.0, 90.0], nan_ok=True)
    # 80 良好; 100 优秀; Z 95 with none 未达标 and 2 of 3 met: 优秀; the city 90 优秀
    assert out["grade"].tolist() == ["良好", "优秀", "", "", "优秀", "优秀"]
    assert out["assessment_rank"].tolist() == [2, 1, pd.NA, pd.NA, pd.NA, pd.NA]  # districts only
    assert out["index"].tolist() == pytest.approx([0.0, 200.0, 125 / 1.5, NAN, 100.0, 100.0], nan_ok=True)
    assert out["group"].tolist() == ["追赶", "领先", "中等", "", "较强", ""]
    assert out["index_rank"].tolist() == [3, 1, 2, pd.NA, pd.NA, pd.NA]
    # D2 is best and D1 worst on every indicator: the same ranks under every weighting and normalisation
    assert out[["rank_p05", "rank_median", "rank_p95"]].to_numpy().tolist() == [
        [3, 3, 3],
        [1, 1, 1],
        [2, 2, 2],
        [pd.NA] * 3,
        [pd.NA] * 3,
        [pd.NA] * 3,
    ]
    for col in ("assessment_rank", "index_rank", "rank_p05", "rank_median", "rank_p95"):
        assert str(out[col].dtype) == "Int64"
    assert out["index_change"].isna().all()  # no 2022 values
    assert out["veto"].tolist() == [""] * 6 and out["missing_indicators"].tolist() == [""] * 6
    assert out["note"].tolist() == [
        "",
        "",
        NO_SCORE,
        NO_SCORE + "；有数据的指标不足50%，不计算综合指数",
        "",
        "",
    ]


def test_score_units_of_reference_units_only_is_empty(tiny_framework, units_of):
    table = _scored_table()
    out = score_units(table[table["unit_code"] == "P"], pd.DataFrame(), tiny_framework(), units_of(["D1"]))
    assert out.empty and list(out.columns) == SCORE_COLUMNS


def test_vetoes_pass_over_a_unit_without_grade_name_each_rule_and_leave_a_grade_already_at_their_cap(
    tiny_framework, units_of
):
    fw = tiny_framework(
        assessment={
            "veto": [
                {"indicator": "x", "when": "fell", "best_grade": "良好"},
                {"indicator": "y", "when": "not_met", "best_grade": "合格"},
            ]
        }
    )
    rows = []
    # D0 first, and every unit's 2022 without points: no score, no grade. D0: no target at all, no score, no grade; D1: 100 points, x fell (2.0 after 2.5) and y not met (near):
    # capped at 良好, then at 合格; D2: 80 points (良好), x fell, y met: already at the cap, nothing to say
    for unit, x_then, x_now, x_state, y_state, points in (
        ("D0", 2.5, 2.0, "no_target", "no_target", NAN),
        ("D1", 2.5, 2.0, "met", "near", 100 / 3),
        ("D2", 2.5, 2.0, "behind", "met", 80 / 3),
    ):
        rows += [
            (unit, 2022, "x", 1.0, "met", "value", x_then, 3.0, NAN),
            (unit, 2023, "x", 1.0, x_state, "value", x_now, 3.0, points),
            (unit, 2023, "y", 1.0, y_state, "value", 3.0, 3.0, points),
            (unit, 2023, "z", 1.0, "met", "value", 15.0, 15.0, points),
        ]
    table = pd.DataFrame(rows, columns=[*_table([]).columns, "points"])
    scores = assess_units(table, fw, units_of(["D0", "D1", "D2"])).set_index(["unit_code", "year"])
    assert scores.loc[("D0", 2023), "grade"] == "" and scores.loc[("D0", 2023), "veto"] == ""
    assert scores.loc[("D1", 2023), "grade"] == "合格"
    assert scores.loc[("D1", 2023), "veto"] == "X比上年下降，最高评为良好；Y未达到年度目标，最高评为合格"
    assert scores.loc[("D2", 2023), "grade"] == "良好" and scores.loc[("D2", 2023), "veto"] == ""


def test_a_unit_without_any_data_is_not_assessed_and_near_targets_count_as_not_met(tiny_framework, units_of):
    rows = [(u, 2023, i, NAN, "no_data", "value", NAN, 3.0, 0.0) for u in ["D1"] for i in "xyz"]
    # D2: 35 + 30 + 30 = 95 points, none 未达标, but only x of the three met (1/3 < 0.5): not 优秀 but 良好
    rows += [
        ("D2", 2023, "x", 1.0, "met", "value", 3.0, 3.0, 35.0),
        ("D2", 2023, "y", 0.99, "near", "value", 3.0, 3.0, 30.0),
        ("D2", 2023, "z", 0.99, "near", "value", 14.9, 15.0, 30.0),
    ]
    table = pd.DataFrame(rows, columns=[*_table([]).columns, "points"])
    scores = assess_units(table, tiny_framework(), units_of(["D1", "D2"])).set_index("unit_code")
    # D1: three indicators without data score 0 each, but a unit with no data at all is not assessed
    assert math.isnan(scores.loc["D1", "assessment_score"]) and scores.loc["D1", "grade"] == ""
    assert scores.loc["D1", "missing_indicators"] == "X、Y、Z"
    assert scores.loc["D2", "assessment_score"] == pytest.approx(95.0) and scores.loc["D2", "grade"] == "良好"
    # years read as floats (2023.0) come out as whole years
    assert assess_units(table.assign(year=2023.0), tiny_framework(), units_of(["D1", "D2"]))["year"].dtype == int


def test_score_units_index_a_zone_over_the_indicators_that_apply_to_it(tiny_framework, units_of):
    fw = tiny_framework(changes={"z": {"applies_to": ["city", "district"]}})  # z does not apply to zones
    table = _scored_table()
    table = table[table["unit_code"].isin(["D1", "D2", "Z", "C"])]
    out = score_units(table, pd.DataFrame(), fw, units_of(["D1", "D2"], zones=["Z"])).set_index("unit_code")
    # the zone's x and y are 0.5 each (bounds x 1..3, y 10..20 from D1 and D2): its index over the two that
    # apply is 0.5 ÷ the city's 0.5 = 100, not missing for having 2 of 3 indicators (67% < 75%)
    assert out.loc["Z", "index"] == pytest.approx(100.0) and out.loc["Z", "note"] == ""
    # two years: year by year, each in the registry's order
    both = pd.concat([table.assign(year=2023), table.assign(year=2022)], ignore_index=True)
    out = score_units(both, pd.DataFrame(), fw, units_of(["D1", "D2"], zones=["Z"]))
    assert list(zip(out["year"], out["unit_code"])) == [(y, u) for y in (2022, 2023) for u in ("D1", "D2", "Z", "C")]
