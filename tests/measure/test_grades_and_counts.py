"""Growth rates against a target ≤ 0 (never divided by), grades that never contradict the status counts,
and whole-number targets of counts. Expected values by hand."""

import math

import pandas as pd
import pytest

from sti_monitor.errors import ConfigError
from sti_monitor.measure.assessment import assess_units, grade_for, growth_score, indicator_points
from sti_monitor.measure.targets import assign_targets, whole_target

NAN = float("nan")


# --- growth rates (item 4) ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, target, state, expected",
    [
        (-1.5, 0.0, "behind", 85.0),  # 1.5 points short × 10
        (-12.0, 0.0, "behind", 0.0),  # floored
        (-3.0, -2.0, "near", 90.0),  # a target below 0: 1 point short
        (0.5, 0.0, "met", 100.0),
    ],
)
def test_growth_score_against_a_target_at_or_below_zero(value, target, state, expected):
    assert growth_score(value, target, state, True, 10) == pytest.approx(expected)


def test_growth_rate_points_use_the_framework_setting(tiny_framework, units_of):
    fw = tiny_framework(assessment={"points_per_point": 5})
    table = pd.DataFrame(
        [
            # z is a growth rate: −4% against a target of 0 loses 4 × 5 = 20 points; x, a level, 0.8 → 80
            {
                "unit_code": "D1",
                "year": 2023,
                "indicator": "z",
                "achievement": NAN,
                "status": "behind",
                "value": -4.0,
                "target": 0.0,
            },
            {
                "unit_code": "D1",
                "year": 2023,
                "indicator": "x",
                "achievement": 0.8,
                "status": "behind",
                "value": 2.4,
                "target": 3.0,
            },
            # a positive growth target keeps value ÷ target: 6 ÷ 8 = 75
            {
                "unit_code": "D2",
                "year": 2023,
                "indicator": "z",
                "achievement": 0.75,
                "status": "behind",
                "value": 6.0,
                "target": 8.0,
            },
        ]
    )
    table["points"] = indicator_points(table, fw)
    assert table["points"].tolist() == pytest.approx([40.0, 40.0, 75.0])  # (80 + 80) / 2 each; 75 / 1


# --- grades (item 5) ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "score, behind, met_share, grade",
    [
        (95.0, 0, 0.5, "优秀"),
        (95.0, 1, 0.8, "良好"),  # one target 未达标: not 优秀 whatever the score
        (95.0, 0, 0.4, "良好"),  # every target near, under half met (daluoshan's 乐清片区: 0 of 5 met)
        (89.995, 0, 1.0, "优秀"),  # 90.00 rounded
        (85.0, 3, 0.0, "良好"),  # 良好 has no condition
        (59.99, 0, 1.0, "不合格"),
    ],
)
def test_grade_needs_its_conditions(tiny_framework, score, behind, met_share, grade):
    assert grade_for(score, tiny_framework().assessment, behind, met_share) == grade


def test_framework_sets_its_own_conditions(tiny_framework):
    rules = tiny_framework(assessment={"conditions": {"良好": {"max_behind": 1}}}).assessment
    # its own block replaces the default: 优秀 has no condition now, 良好 allows one 未达标
    assert grade_for(95.0, rules, 2, 0.0) == "优秀"
    assert grade_for(85.0, rules, 2, 0.5) == "合格"
    # default conditions follow the framework's grades: a plan without 优秀 loads
    assert tiny_framework(assessment={"grades": {"好": 80}, "fail_grade": "差"}).assessment.conditions == ()


@pytest.mark.parametrize(
    "conditions, words",
    [
        ({"特优": {"max_behind": 0}}, "不是 assessment.grades 中的等次"),
        ({"优秀": {"max_missed": 0}}, "只能含 max_behind"),
        ({"优秀": {"max_behind": -1}}, "max_behind 应为不小于 0 的整数"),
        ({"优秀": {"min_met_share": 1.5}}, "min_met_share"),
    ],
)
def test_bad_conditions_name_file_and_key(tiny_framework, conditions, words):
    with pytest.raises(ConfigError) as info:
        tiny_framework(assessment={"conditions": conditions})
    assert "tiny.yaml" in str(info.value) and words in str(info.value)


def test_no_data_counts_as_behind_for_a_grade(tiny_framework, units_of):
    table = pd.DataFrame(
        [
            {"unit_code": "D1", "year": 2023, "indicator": "x", "achievement": 1.0, "status": "met", "value": 1.0},
            {"unit_code": "D1", "year": 2023, "indicator": "y", "achievement": 1.0, "status": "met", "value": 1.0},
            {"unit_code": "D1", "year": 2023, "indicator": "z", "achievement": NAN, "status": "no_data", "value": NAN},
        ]
    )
    fw = tiny_framework(assessment={"grades": {"优秀": 60, "良好": 50}})
    table["points"] = indicator_points(table, fw)
    scores = assess_units(table, fw, units_of(["D1"])).set_index("unit_code")
    assert scores.loc["D1", "assessment_score"] == pytest.approx(200 / 3)  # 66.67 reaches 优秀's 60 …
    assert scores.loc["D1", "grade"] == "良好"  # … but z is missing


# --- whole counts (item 6) ---------------------------------------------------------------------------------


def test_whole_target(tiny_framework):
    fw = tiny_framework()
    y = fw.indicator("y")  # 家, a count, lower is better
    x = fw.indicator("x")  # a ratio: unchanged
    assert y.whole and not x.whole
    assert whole_target(y, 4.29) == 4.0  # lower is better: down
    assert whole_target(x, 4.29) == 4.29
    up = tiny_framework(changes={"y": {"direction": "higher"}}).indicator("y")
    assert whole_target(up, 4.29) == 5.0
    assert whole_target(up, 4.0000000001) == 4.0  # floating-point noise of an exact share is not a unit more
    assert math.isnan(whole_target(up, NAN))


def test_decomposed_count_target_is_whole(tiny_framework, units_of):
    fw = tiny_framework(changes={"y": {"direction": "higher", "targets": {2023: 100}}})
    values = pd.DataFrame(
        [
            ("C", 2022, "y", 70.0),
            ("D1", 2022, "y", 30.0),
            ("D2", 2022, "y", 40.0),
            ("C", 2023, "y", 90.0),
            ("D1", 2023, "y", 29.0),
            ("D2", 2023, "y", 61.0),
        ],
        columns=["unit_code", "year", "indicator", "value"],
    )
    t = assign_targets(values, fw, units_of(["D1", "D2"])).set_index(["unit_code", "year"])
    # D1: 30 × 100 ÷ 70 = 42.86 → 43; D2: 40 × 100 ÷ 70 = 57.14 → 58; the city's own 100 stays
    assert t.loc[("D1", 2023), "target"] == 43.0
    assert t.loc[("D2", 2023), "target"] == 58.0
    assert t.loc[("C", 2023), "target"] == 100.0


def test_final_count_target_beside_a_task_tables_year_is_whole(evaluated_plan):
    r = evaluated_plan("wenzhou-2027")
    row = r.table[(r.table["year"] == 2023) & (r.table["unit_code"] == "330328")].set_index("indicator")
    # 文成县's 2023 target of high-tech enterprises is the task table's 37; its 2027 target is decomposed from
    # the city's: 32 (its 2022 count) × 6,500 ÷ 3,700 (the city's 2027 target over its 2022 count) = 56.22 → 57
    assert row.loc["hitech_enterprises", "target_rule"] == "task_table"
    assert row.loc["hitech_enterprises", "target"] == 37.0
    assert row.loc["hitech_enterprises", "final_target"] == 57.0


def test_daluoshan_whole_counts_and_no_grade_words(evaluated_plan):
    r = evaluated_plan("daluoshan-2022")
    rows = r.table[(r.table["year"] == 2022) & (r.table["unit_code"] == "DLS03")].set_index("indicator")
    # 乐清片区: 2 家 complexes against 2.5 → a target of 3 家, judged and scored as 2 ÷ 3
    assert rows.loc["innovation_service_complexes", "target"] == 3.0
    assert rows.loc["innovation_service_complexes", "achievement_score"] == pytest.approx(200 / 3)
    # the plan sets no grading: no grade words (it was 优秀 with 0 of 5 targets met)
    scores = r.scores[r.scores["year"] == 2022].set_index("unit_code")
    assert scores.loc["DLS03", "grade"] == "" and scores.loc["DLS03", "assessment_rank"] == 5


def test_no_grade_contradicts_the_status_counts(evaluated_plan):
    r = evaluated_plan("wenzhou-2027")
    counted = r.table[r.table["points"].notna()]
    for (code, year), rows in counted.groupby(["unit_code", "year"]):
        grade = r.scores.set_index(["unit_code", "year"]).loc[(code, year), "grade"]
        behind = rows["status"].isin(["behind", "no_data"]).sum()
        met_share = (rows["status"] == "met").mean()
        if grade == "优秀":
            assert behind == 0 and met_share >= 0.5, (code, year)


def test_no_bands_no_grade_words(tiny_framework, units_of):
    fw = tiny_framework(assessment={"grades": None, "fail_grade": None})
    assert fw.assessment.grades == () and fw.assessment.grade_names == () and fw.assessment.conditions == ()
    assert grade_for(95.0, fw.assessment) == ""
    table = pd.DataFrame(
        [{"unit_code": "D1", "year": 2023, "indicator": "x", "achievement": 1.0, "status": "met", "value": 1.0}]
    )
    table["points"] = indicator_points(table, fw)
    scores = assess_units(table, fw, units_of(["D1"])).set_index("unit_code")
    assert scores.loc["D1", "assessment_score"] == 100.0 and scores.loc["D1", "grade"] == ""
    assert scores.loc["D1", "assessment_rank"] == 1
    with pytest.raises(ConfigError, match="fail_grade 需要同时设定"):
        tiny_framework(assessment={"grades": None, "fail_grade": "差"})


def test_only_wenzhou_2027_sets_bands():
    from sti_monitor.measure.framework import list_frameworks

    assert {f.id: bool(f.assessment.grades) for f in list_frameworks()} == {
        "wenzhou-2027": True,
        "xinchang-2025": False,
        "wenzhou-zcq-2022": False,
        "daluoshan-2022": False,
        "jinzhou-2020": False,
    }
