"""Assessment: indicator scores, weighted points, grades at their edges, ties, vetoes; expected values by hand."""

import math

import pandas as pd
import pytest

from sti_monitor.errors import ConfigError
from sti_monitor.measure.assessment import assess_units, grade_for, indicator_points, indicator_score

NAN = float("nan")


@pytest.mark.parametrize(
    "achievement, status, cap, expected",
    [
        (0.8, "behind", 1.0, 80.0),
        (1.1, "met", 1.0, 100.0),  # capped
        (1.1, "met", 1.2, 110.0),  # bonus allowed
        (1.3, "met", 1.2, 120.0),  # bonus capped
        (0.9996, "met", 1.0, 100.0),  # met at display precision: full marks
        (-0.2, "behind", 1.0, 0.0),  # a negative growth rate against a positive target: floored
        (NAN, "met", 1.0, 100.0),  # achievement undefined (target ≤ 0) but met
        (NAN, "behind", 1.0, 0.0),
        (NAN, "no_data", 1.0, 0.0),  # no data scores 0
    ],
)
def test_indicator_score(achievement, status, cap, expected):
    assert indicator_score(achievement, status, cap) == pytest.approx(expected)


def test_indicator_without_target_does_not_count():
    assert math.isnan(indicator_score(1.0, "no_target", 1.0))


def rows(unit, year, statuses, values=None):
    """One unit-year of a results table: {indicator: (achievement, status)}."""
    values = values or {}
    return [
        {"unit_code": unit, "year": year, "indicator": i, "achievement": a, "status": s, "value": values.get(i, 1.0)}
        for i, (a, s) in statuses.items()
    ]


ONE = {"x": (0.8, "behind"), "y": (1.0, "met"), "z": (NAN, "no_data")}


def scored(framework, units, table_rows):
    table = pd.DataFrame(table_rows)
    table["points"] = indicator_points(table, framework)
    return table, assess_units(table, framework, units).set_index("unit_code")


def test_default_equal_weights(tiny_framework, units_of):
    table, scores = scored(tiny_framework(), units_of(["D1"]), rows("D1", 2023, ONE))
    # (80 + 100 + 0) / 3 = 60.00: exactly the lowest 合格 score
    assert table["points"].tolist() == pytest.approx([80 / 3, 100 / 3, 0.0])
    assert scores.loc["D1", "assessment_score"] == pytest.approx(60.0)
    assert scores.loc["D1", "grade"] == "合格"
    assert scores.loc["D1", "missing_indicators"] == "Z"


def test_custom_weights(tiny_framework, units_of):
    fw = tiny_framework(assessment={"weights": {"x": 2, "y": 1, "z": 1}})
    table, scores = scored(fw, units_of(["D1"]), rows("D1", 2023, ONE))
    # 2 × 80 / 4 + 1 × 100 / 4 + 0 = 40 + 25 = 65
    assert table["points"].tolist() == pytest.approx([40.0, 25.0, 0.0])
    assert scores.loc["D1", "assessment_score"] == pytest.approx(65.0)


def test_group_weight_is_shared_by_its_indicators(tiny_framework, units_of):
    fw = tiny_framework(assessment={"weights": {"投入": 2, "z": 2}})
    assert dict(fw.assessment.weights) == {"x": 1.0, "y": 1.0, "z": 2.0}
    _, scores = scored(fw, units_of(["D1"]), rows("D1", 2023, ONE))
    assert scores.loc["D1", "assessment_score"] == pytest.approx(45.0)  # 80/4 + 100/4 + 0


def test_only_indicators_with_a_target_count(tiny_framework, units_of):
    one = {"x": (0.8, "behind"), "y": (1.0, "met"), "z": (NAN, "no_target")}
    _, scores = scored(tiny_framework(), units_of(["D1"]), rows("D1", 2023, one))
    assert scores.loc["D1", "assessment_score"] == pytest.approx(90.0)  # (80 + 100) / 2
    # 90.00 reaches 优秀's score, but x is 未达标: 优秀 needs none (params/settings.yaml conditions)
    assert scores.loc["D1", "grade"] == "良好"


def test_bonus_cap(tiny_framework, units_of):
    fw = tiny_framework(assessment={"cap": 1.2})
    one = {"x": (1.5, "met"), "y": (1.1, "met"), "z": (0.9, "behind")}
    _, scores = scored(fw, units_of(["D1"]), rows("D1", 2023, one))
    assert scores.loc["D1", "assessment_score"] == pytest.approx(106.6667, abs=1e-4)  # (120 + 110 + 90) / 3


@pytest.mark.parametrize(
    "score, grade",
    [
        (90.0, "优秀"),
        (89.995, "优秀"),
        (89.994, "良好"),
        (80.0, "良好"),
        (79.99, "合格"),
        (60.0, "合格"),
        (59.995, "合格"),
        (59.99, "不合格"),
        (0.0, "不合格"),
    ],
)
def test_grade_edges(tiny_framework, score, grade):
    assert grade_for(score, tiny_framework().assessment) == grade


def test_ties_share_the_best_rank_and_only_districts_are_ranked(tiny_framework, units_of):
    table_rows = []
    for unit, a in (("D1", 0.9), ("D2", 0.95), ("D3", 0.9), ("D4", 0.8), ("Z", 1.0), ("C", 0.9)):
        table_rows += rows(unit, 2023, {"x": (a, "behind"), "y": (a, "behind"), "z": (a, "behind")})
    _, scores = scored(tiny_framework(), units_of(["D1", "D2", "D3", "D4"], zones=["Z"]), table_rows)
    assert scores["assessment_rank"].to_dict() == pytest.approx(
        {"D1": 2.0, "D2": 1.0, "D3": 2.0, "D4": 4.0, "Z": NAN, "C": NAN}, nan_ok=True
    )


def test_veto_caps_the_grade_when_the_indicator_fell(tiny_framework, units_of):
    fw = tiny_framework(assessment={"veto": [{"indicator": "x", "when": "fell", "best_grade": "良好"}]})
    good = {"x": (1.0, "met"), "y": (1.0, "met"), "z": (1.0, "met")}
    table_rows = (
        rows("D1", 2022, good, {"x": 2.51})
        + rows("D1", 2023, good, {"x": 2.50})
        + rows("D2", 2022, good, {"x": 2.501})
        + rows("D2", 2023, good, {"x": 2.504})
        + rows("D3", 2023, good)
    )
    _, scores = scored(fw, units_of(["D1", "D2", "D3"]), table_rows)
    scores = scores.reset_index().set_index(["unit_code", "year"])
    assert scores.loc[("D1", 2023), "grade"] == "良好"  # 100 points but 2.50 < 2.51
    assert scores.loc[("D1", 2023), "veto"] == "X比上年下降，最高评为良好"
    assert scores.loc[("D2", 2023), "grade"] == "优秀"  # 2.50 = 2.50 at display precision: not a fall
    assert scores.loc[("D3", 2023), "grade"] == "优秀"  # no last year: the rule is not applied, and says so
    assert "无法判断X是否比上年下降" in scores.loc[("D3", 2023), "veto"]


def test_veto_not_met(tiny_framework, units_of):
    fw = tiny_framework(assessment={"cap": 1.2, "veto": [{"indicator": "x", "when": "not_met", "best_grade": "合格"}]})
    one = {"x": (0.99, "near"), "y": (1.2, "met"), "z": (1.2, "met")}
    _, scores = scored(fw, units_of(["D1"]), rows("D1", 2023, one))
    assert scores.loc["D1", "assessment_score"] == pytest.approx(113.0)  # (99 + 120 + 120) / 3
    assert scores.loc["D1", "grade"] == "合格"


@pytest.mark.parametrize(
    "block, words",
    [
        ({"assessment": {"weights": {"nope": 1}}}, "既不是指标 id 也不是指标组"),
        ({"assessment": {"weights": {"投入": 1, "x": 1}}}, "重复设置"),
        ({"assessment": {"cap": 2}}, "assessment.cap"),
        ({"assessment": {"grades": {"优秀": 80, "良好": 90}}}, "从高到低"),
        ({"assessment": {"veto": [{"indicator": "x", "when": "fell", "best_grade": "特优"}]}}, "best_grade"),
        ({"assessment": {"weight": {}}}, "未知的键 weight"),
        ({"composite": {"transforms": {"x": {"per": "rd_personnel_fte"}}}}, "per 应为本体系指标用到的字段"),
        ({"composite": {"min_coverage": 1.5}}, "composite.min_coverage"),
    ],
)
def test_bad_blocks_name_file_and_key(tiny_framework, block, words):
    with pytest.raises(ConfigError) as info:
        tiny_framework(**block)
    assert "tiny.yaml" in str(info.value) and words in str(info.value)
