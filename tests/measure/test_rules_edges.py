"""Edges of measure/rules.py that mutation testing (mutmut) found unpinned: every bound at its exact value, every
default, every key name, and the whole text of each error a plan's author reads (expected values by hand)."""

from pathlib import Path

import pytest

from sti_monitor.errors import ConfigError
from sti_monitor.ingest import load_fields
from sti_monitor.measure import rules
from sti_monitor.measure.plan_model import Formula, Indicator
from sti_monitor.measure.rules import (
    Assessment,
    Composite,
    GradeCondition,
    Transform,
    Veto,
    _block,
    _conditions,
    _thresholds,
    bounded,
    parse_assessment,
    parse_composite,
)

PATH = Path("plan.yaml")
GRADES = {"grades": {"优秀": 90, "良好": 80, "合格": 60}, "fail_grade": "不合格"}


def ind(id, formula=None, group=None, subgroup=None, weight=None) -> Indicator:
    return Indicator(
        id, id, "%", 2, "higher", formula or Formula("field", ("hitech_enterprises",)), "linear", "proportional",
        None, (), group=group, subgroup=subgroup, weight=weight,
    )  # fmt: skip


# x: R&D ÷ GDP (uses gdp), y: a count, z: a growth rate; x and y in group 投入, z in 产出
X = ind("x", Formula("ratio", ("rd_expenditure",), ("gdp",), 100.0), group="投入")
Y = ind("y", group="投入")
Z = ind("z", Formula("growth", ("hitech_investment",)), group="产出")
XYZ = [X, Y, Z]


def refused(call, *args, **kwargs) -> str:
    """The message of the ConfigError ``call`` raises, without the file's name (which must be ``PATH``)."""
    with pytest.raises(ConfigError) as info:
        call(*args, **kwargs)
    assert info.value.path == PATH
    text = str(info.value)
    assert text.startswith("plan.yaml: ")
    return text.removeprefix("plan.yaml: ")


@pytest.fixture
def settings_of(monkeypatch):
    """``settings_of({...})``: params/settings.yaml read as this mapping, so that the code's own defaults show."""
    return lambda given: monkeypatch.setattr(rules, "settings", lambda: given)


# --- bounded ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, shown", [(True, "True"), ("1", "'1'"), (None, "None"), ([1], "[1]")])
def test_bounded_refuses_what_is_not_a_number(value, shown):
    assert refused(bounded, value, "w", PATH, 0, 1) == f"w 应为数值，现为 {shown}"


def test_bounded_keeps_its_exact_bounds_and_gives_a_float():
    # a bound is allowed itself (< low and > high refuse, not <= and >=); an int comes back a float
    for value, low, high in [(0, 0, 1), (1, 0, 1), (5, 5, None), (5, None, 5), (-7, None, None), (3, None, None)]:
        got = bounded(value, "w", PATH, low, high)
        assert got == value and type(got) is float
    assert refused(bounded, -1, "w", PATH, 0, None) == "w 应在 0 到 None 之间，现为 -1"
    assert refused(bounded, 2, "w", PATH, None, 1) == "w 应在 None 到 1 之间，现为 2"
    assert refused(bounded, 1.01, "w", PATH, 0, 1) == "w 应在 0 到 1 之间，现为 1.01"
    assert refused(bounded, -0.01, "w", PATH, 0, 1) == "w 应在 0 到 1 之间，现为 -0.01"


def test_bounded_without_bounds_takes_any_number():
    assert bounded(-1e9, "w", PATH) == -1e9 and bounded(1e9, "w", PATH) == 1e9


# --- _thresholds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [None, {}, [], [1], "优秀"])
def test_thresholds_need_a_mapping_with_something_in_it(spec):
    assert refused(_thresholds, spec, "composite.groups", PATH) == "composite.groups 应为“名称: 最低分”的映射"


def test_thresholds_keep_their_order_names_as_text_and_values_as_floats():
    got = _thresholds({"甲": 90, 2: 80.5, "丙": -1}, "g", PATH)
    assert got == (("甲", 90.0), ("2", 80.5), ("丙", -1.0))
    assert [type(v) for _, v in got] == [float, float, float] and type(got) is tuple
    assert _thresholds({"甲": 1}, "g", PATH) == (("甲", 1.0),)  # one band: nothing to compare


@pytest.mark.parametrize(
    "spec",
    [
        {"甲": 80, "乙": 80},  # the same score twice
        {"甲": 70, "乙": 80},  # rising
        {"甲": 90, "乙": 80, "丙": 85},  # only the last pair rises
        {"甲": 90, "乙": 90, "丙": 80},  # only the first pair ties
    ],
)
def test_thresholds_must_fall_strictly(spec):
    assert refused(_thresholds, spec, "assessment.grades", PATH) == "assessment.grades 应按分数从高到低排列，且不能相同"


def test_a_threshold_that_is_not_a_number_names_its_band():
    assert (
        refused(_thresholds, {"优秀": "九十"}, "assessment.grades", PATH)
        == "assessment.grades.优秀 应为数值，现为 '九十'"
    )


# --- _block -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["assessment", "composite"])
def test_a_block_must_be_a_mapping(key):
    assert refused(_block, [1], key, PATH) == f"{key} 应为键值映射"


def test_a_block_lists_its_unknown_keys_sorted():
    assert refused(_block, {"b": 1, "a": 2, "cap": 1}, "assessment", PATH) == "assessment: 未知的键 a、b"
    assert refused(_block, {"cap": 1}, "composite", PATH) == "composite: 未知的键 cap"


def test_a_block_takes_the_framework_keys_beyond_the_defaults_and_overrides_the_defaults():
    extra = {"weights": 1, "veto": 2, "transforms": 3, "conditions": 4, "grades": 5, "fail_grade": 6}
    # composite's defaults hold none of these six keys: each is allowed by name
    assert _block(extra, "composite", PATH) == {
        "groups": {"领先": 125, "较强": 100, "中等": 70},
        "lowest_group": "追赶",
        "min_coverage": 0.75,
        "outlier_sd": 3,
        "draws": 1000,
        "seed": 2027,
        **extra,
    }
    assert _block({"cap": 1.2}, "assessment", PATH)["cap"] == 1.2  # the framework's value over settings' 1.0
    assert _block(None, "assessment", PATH) == {
        "cap": 1.0,
        "conditions": {"优秀": {"max_behind": 0, "min_met_share": 0.5}},
        "points_per_point": 10,
    }


def test_a_block_without_defaults_in_settings_takes_only_the_framework_keys(settings_of):
    settings_of({"assessment": None})
    assert _block({"grades": {"优秀": 90}}, "assessment", PATH) == {"grades": {"优秀": 90}}
    assert refused(_block, {"cap": 1}, "assessment", PATH) == "assessment: 未知的键 cap"


# --- parse_assessment ----------------------------------------------------------------------------------------


def test_an_assessment_with_nothing_set_takes_the_settings_defaults():
    # settings.yaml: cap 1.0, points_per_point 10, conditions for 优秀 only (no grade here: dropped)
    got = parse_assessment(None, XYZ, PATH)
    assert got == Assessment((("x", 1.0), ("y", 1.0), ("z", 1.0)), 1.0, (), "", (), (), 10.0)
    assert type(got.cap) is float and type(got.points_per_point) is float
    assert got.grade_names == ()
    assert parse_assessment({}, XYZ, PATH) == got


def test_the_settings_conditions_apply_to_a_grade_of_the_same_name():
    got = parse_assessment(GRADES, XYZ, PATH)
    assert got.grades == (("优秀", 90.0), ("良好", 80.0), ("合格", 60.0))
    assert got.fail_grade == "不合格"
    assert got.conditions == (("优秀", GradeCondition(0, 0.5)),)
    assert got.condition("优秀") == GradeCondition(0, 0.5)
    assert got.condition("良好") == GradeCondition(None, None)  # no condition: none of either kind


def test_the_code_defaults_when_settings_give_none(settings_of):
    # settings.yaml without points_per_point or conditions: 10 points of the code, no conditions; and no cap: refused
    settings_of({"assessment": {"cap": 1.2}})
    got = parse_assessment(None, XYZ, PATH)
    assert (got.cap, got.points_per_point, got.conditions) == (1.2, 10.0, ())
    settings_of({})
    assert refused(parse_assessment, None, XYZ, PATH) == "assessment.cap 应为数值，现为 None"


def test_weights_of_an_indicator_a_group_and_a_subgroup():
    inds = [
        ind("a", group="投入", weight=2.5),  # its own weight
        ind("b", group="主体", subgroup="企业"),
        ind("c", group="主体", subgroup="企业"),
        ind("d", group="产出", subgroup="产出"),  # a subgroup named as its group counts once
        ind("e", group="主体", subgroup="平台"),
        ind("f"),  # no weight anywhere: 1
    ]
    got = parse_assessment({"weights": {"企业": 3, "产出": 4, "e": 0}}, inds, PATH)
    # 企业's 3 shared by b and c; 产出's 4 all d's; e set to 0 by id
    assert got.weights == (("a", 2.5), ("b", 1.5), ("c", 1.5), ("d", 4.0), ("e", 0.0), ("f", 1.0))
    got = parse_assessment({"weights": {"主体": 6}}, inds, PATH)  # a group: b, c and e share 6
    assert dict(got.weights) == {"a": 2.5, "b": 2.0, "c": 2.0, "d": 1.0, "e": 2.0, "f": 1.0}


def test_a_weight_set_twice_names_both_settings():
    x = ind("x", group="投入", weight=2)
    assert (
        refused(parse_assessment, {"weights": {"投入": 2}}, [x, Y], PATH)
        == "assessment.weights: 指标 x 的权重被 指标 x 的 weight 和 投入 重复设置"
    )
    assert (
        refused(parse_assessment, {"weights": {"x": 1, "投入": 2}}, XYZ, PATH)
        == "assessment.weights: 指标 x 的权重被 x 和 投入 重复设置"
    )


@pytest.mark.parametrize(
    "weights, message",
    [
        ([1], "assessment.weights 应为“指标 id 或指标组: 权重”的映射"),
        ({"w": 1}, "assessment.weights: w 既不是指标 id 也不是指标组（group 或 subgroup）"),
        ({"x": -0.5}, "assessment.weights.x 应在 0 到 None 之间，现为 -0.5"),
        ({"投入": True}, "assessment.weights.投入 应为数值，现为 True"),
        ({"x": 0, "y": 0, "z": 0}, "assessment.weights: 权重之和应大于 0"),
    ],
)
def test_bad_weights(weights, message):
    assert refused(parse_assessment, {"weights": weights}, XYZ, PATH) == message


def test_weights_summing_to_under_one_are_enough():
    got = parse_assessment({"weights": {"x": 0.5, "y": 0, "z": 0}}, XYZ, PATH)
    assert got.weights == (("x", 0.5), ("y", 0.0), ("z", 0.0))


def test_grades_without_a_fail_grade_and_a_fail_grade_without_grades():
    got = parse_assessment({"grades": {"好": 60}}, XYZ, PATH)
    assert (got.grades, got.fail_grade) == ((("好", 60.0),), "")
    got = parse_assessment({"grades": {"好": 60}, "fail_grade": 0}, XYZ, PATH)
    assert got.fail_grade == "0"  # a fail grade given as a number is its text
    assert (
        refused(parse_assessment, {"fail_grade": "差"}, XYZ, PATH)
        == "assessment.fail_grade 需要同时设定 assessment.grades（各等次的最低分）"
    )
    for empty in ("", None, 0):  # no grades and an empty fail grade: no grading, no error, no fail grade
        got = parse_assessment({"grades": {}, "fail_grade": empty}, XYZ, PATH)
        assert (got.grades, got.fail_grade) == ((), "")
    assert (
        refused(parse_assessment, {"grades": {"好": 60, "差": 60}}, XYZ, PATH)
        == "assessment.grades 应按分数从高到低排列，且不能相同"
    )


def test_vetoes_in_order_down_to_the_fail_grade():
    veto = [
        {"indicator": "x", "when": "fell", "best_grade": "良好"},
        {"indicator": "z", "when": "not_met", "best_grade": "不合格"},
    ]
    got = parse_assessment({**GRADES, "veto": veto}, XYZ, PATH)
    assert got.vetoes == (Veto("x", "fell", "良好"), Veto("z", "not_met", "不合格"))


VALID = {"indicator": "x", "when": "fell", "best_grade": "良好"}


@pytest.mark.parametrize(
    "rule, message",
    [
        (
            {**VALID, "note": 1, "by": 2},
            "assessment.veto 第2条: 未知的键 by、note（可用：indicator、when、best_grade）",
        ),
        ({**VALID, 7: 1}, "assessment.veto 第2条: 未知的键 7（可用：indicator、when、best_grade）"),
        ("x", "assessment.veto 第2条: indicator 应为本体系的指标 id"),
        ({**VALID, "indicator": "w"}, "assessment.veto 第2条: indicator 应为本体系的指标 id"),
        ({"when": "fell", "best_grade": "良好"}, "assessment.veto 第2条: indicator 应为本体系的指标 id"),
        ({**VALID, "when": "rose"}, "assessment.veto 第2条: when 应为 ('fell', 'not_met') 之一"),
        ({"indicator": "x", "best_grade": "良好"}, "assessment.veto 第2条: when 应为 ('fell', 'not_met') 之一"),
        ({**VALID, "best_grade": "卓越"}, "assessment.veto 第2条: best_grade 应为 不合格、优秀、合格、良好 之一"),
        ({"indicator": "x", "when": "fell"}, "assessment.veto 第2条: best_grade 应为 不合格、优秀、合格、良好 之一"),
    ],
)
def test_a_bad_veto_rule_is_named_by_its_number(rule, message):
    # the first rule is valid: the second is named 第2条
    assert refused(parse_assessment, {**GRADES, "veto": [VALID, rule]}, XYZ, PATH) == message


def test_a_veto_without_grades_may_only_name_no_grade():
    assert (
        refused(parse_assessment, {"veto": [VALID]}, XYZ, PATH) == "assessment.veto 第1条: best_grade 应为  之一"
    )  # no grades: the names are only the empty fail grade


@pytest.mark.parametrize("cap", [1.0, 1.5, 1])
def test_the_cap_at_its_bounds(cap):
    got = parse_assessment({"cap": cap}, XYZ, PATH).cap
    assert got == cap and type(got) is float


@pytest.mark.parametrize("cap", [0.99, 1.51])
def test_the_cap_outside_its_bounds(cap):
    assert refused(parse_assessment, {"cap": cap}, XYZ, PATH) == f"assessment.cap 应在 1.0 到 1.5 之间，现为 {cap}"


@pytest.mark.parametrize("points", [0, 100, 2.5])
def test_points_per_point_at_its_bounds(points):
    assert parse_assessment({"points_per_point": points}, XYZ, PATH).points_per_point == points


@pytest.mark.parametrize("points", [-1, 101])
def test_points_per_point_outside_its_bounds(points):
    assert (
        refused(parse_assessment, {"points_per_point": points}, XYZ, PATH)
        == f"assessment.points_per_point 应在 0 到 100 之间，现为 {points}"
    )


def test_a_framework_condition_for_an_unknown_grade_is_an_error_the_settings_one_is_not():
    # the settings' 优秀 condition with grades lacking 优秀: dropped; the framework's own: refused
    assert parse_assessment({"grades": {"好": 60}}, XYZ, PATH).conditions == ()
    assert (
        refused(parse_assessment, {"grades": {"好": 60}, "conditions": {"优秀": {"max_behind": 0}}}, XYZ, PATH)
        == "assessment.conditions.优秀: 优秀 不是 assessment.grades 中的等次（好）"
    )
    got = parse_assessment({**GRADES, "conditions": {"良好": {"min_met_share": 0.25}}}, XYZ, PATH)
    assert got.conditions == (("良好", GradeCondition(None, 0.25)),)  # the framework's replace the settings'


# --- _conditions ----------------------------------------------------------------------------------------------


def test_conditions_none_is_none():
    assert _conditions(None, {"优秀"}, PATH) == () and _conditions(None, {"优秀"}, PATH, own=False) == ()


def test_conditions_in_order_with_grade_names_as_text():
    got = _conditions({"良好": {"max_behind": 2}, 1: {"min_met_share": 1, "max_behind": 0}}, {"良好", 1}, PATH)
    assert got == (("良好", GradeCondition(2, None)), ("1", GradeCondition(0, 1.0)))
    assert type(got[1][1].min_met_share) is float


def test_settings_conditions_keep_only_the_grades_of_the_framework():
    spec = {"优秀": {"max_behind": 0}, "良好": {"max_behind": 1}}
    assert _conditions(spec, {"良好"}, PATH, own=False) == (("良好", GradeCondition(1, None)),)
    assert _conditions(spec, set(), PATH, own=False) == ()


CONDITIONS_FORM = "assessment.conditions 应为“等次: {max_behind: 项数, min_met_share: 比例}”的映射"


@pytest.mark.parametrize("own", [True, False])
def test_conditions_must_be_a_mapping(own):
    assert refused(_conditions, [1], {"优秀"}, PATH, own=own) == CONDITIONS_FORM


@pytest.mark.parametrize("grades, shown", [({"良好", "优秀"}, "优秀、良好"), (set(), "未设等次")])
def test_a_condition_for_an_unknown_grade(grades, shown):
    assert (
        refused(_conditions, {"卓越": {"max_behind": 0}}, grades, PATH)
        == f"assessment.conditions.卓越: 卓越 不是 assessment.grades 中的等次（{shown}）"
    )


ONLY = "assessment.conditions.优秀: 只能含 max_behind（未达标指标最多几项）和 min_met_share（达标指标至少占几成）"


@pytest.mark.parametrize("rule", [0, [], {}, {"max_behind": 0, "min_share": 0.5}, {"MAX_BEHIND": 0}])
def test_a_condition_holds_only_its_two_keys(rule):
    assert refused(_conditions, {"优秀": rule}, {"优秀"}, PATH) == ONLY


@pytest.mark.parametrize("value, shown", [(True, "True"), (1.0, "1.0"), (-1, "-1"), ("1", "'1'")])
def test_max_behind_is_a_whole_number_from_0(value, shown):
    assert (
        refused(_conditions, {"优秀": {"max_behind": value}}, {"优秀"}, PATH)
        == f"assessment.conditions.优秀.max_behind 应为不小于 0 的整数，现为 {shown}"
    )


def test_max_behind_0_and_a_share_of_0_or_1_are_allowed():
    assert _conditions({"优秀": {"max_behind": 0, "min_met_share": 0}}, {"优秀"}, PATH) == (
        ("优秀", GradeCondition(0, 0.0)),
    )
    assert _conditions({"优秀": {"min_met_share": 1}}, {"优秀"}, PATH) == (("优秀", GradeCondition(None, 1.0)),)


@pytest.mark.parametrize("share", [-0.01, 1.01])
def test_min_met_share_within_0_and_1(share):
    assert (
        refused(_conditions, {"优秀": {"min_met_share": share}}, {"优秀"}, PATH)
        == f"assessment.conditions.优秀.min_met_share 应在 0 到 1 之间，现为 {share}"
    )


def test_a_grade_condition_by_default_asks_nothing():
    assert GradeCondition() == GradeCondition(None, None)
    plain = Assessment((("x", 1.0),), 1.0, (), "")
    assert plain.condition("优秀") == GradeCondition(None, None)


# --- parse_composite ------------------------------------------------------------------------------------------


FIELDS = load_fields()


def test_a_composite_with_nothing_set_takes_the_settings_defaults():
    got = parse_composite(None, XYZ, FIELDS, PATH)
    assert got == Composite((), (("领先", 125.0), ("较强", 100.0), ("中等", 70.0)), "追赶", 0.75, 3.0, 1000, 2027)
    assert type(got.draws) is int and type(got.seed) is int and type(got.outlier_sd) is float
    assert parse_composite({}, XYZ, FIELDS, PATH) == got


def test_the_code_default_lowest_group_when_settings_give_none(settings_of):
    settings_of({"composite": {"groups": {"好": 50}, "min_coverage": 0.5, "outlier_sd": 2, "draws": 10, "seed": 1}})
    got = parse_composite(None, XYZ, FIELDS, PATH)
    assert got == Composite((), (("好", 50.0),), "", 0.5, 2.0, 10, 1)


def test_transforms_per_indicator_with_their_defaults():
    spec = {"transforms": {"x": {"per": "gdp", "scale": 100, "sqrt": True}, "y": {}, "z": {"scale": 0}}}
    got = parse_composite(spec, XYZ, FIELDS, PATH).transforms
    assert got == (
        ("x", Transform("gdp", 100.0, True)),
        ("y", Transform(None, 1.0, False)),
        ("z", Transform(None, 0.0)),
    )
    assert type(got[0][1].scale) is float and got[1][1].sqrt is False
    assert parse_composite({"transforms": {"y": {"sqrt": 1}}}, XYZ, FIELDS, PATH).transforms[0][1].sqrt is True
    assert Transform() == Transform(None, 1.0, False)


@pytest.mark.parametrize(
    "transforms, message",
    [
        ([1], "composite.transforms 应为“指标 id: 变换”的映射"),
        ({"w": {}}, "composite.transforms.w: 未知指标 w"),
        ({"x": 1}, "composite.transforms.x: 只能含 per（规模字段）、scale 和 sqrt"),
        ({"x": {"size": "gdp"}}, "composite.transforms.x: 只能含 per（规模字段）、scale 和 sqrt"),
        (
            {"x": {"per": "nofield"}},
            "composite.transforms.x: per 应为本体系指标用到的字段（如 gdp、employed_persons），现为 'nofield'",
        ),
        (  # a field of fields.yaml that no indicator of the plan uses
            {"x": {"per": "employed_persons"}},
            "composite.transforms.x: per 应为本体系指标用到的字段（如 gdp、employed_persons），现为 'employed_persons'",
        ),
        ({"x": {"scale": -1}}, "composite.transforms.x.scale 应在 0 到 None 之间，现为 -1"),
        ({"x": {"scale": "大"}}, "composite.transforms.x.scale 应为数值，现为 '大'"),
    ],
)
def test_bad_transforms(transforms, message):
    assert refused(parse_composite, {"transforms": transforms}, XYZ, FIELDS, PATH) == message


def test_a_size_field_any_indicator_uses_serves_every_indicator():
    # y's size may be gdp, a field of x's formula
    got = parse_composite({"transforms": {"y": {"per": "gdp"}}}, XYZ, FIELDS, PATH).transforms
    assert got == (("y", Transform("gdp", 1.0, False)),)


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("min_coverage", 0, 0.0),
        ("min_coverage", 1, 1.0),
        ("outlier_sd", 1, 1.0),
        ("outlier_sd", 1e6, 1e6),
        ("draws", 10, 10),
        ("draws", 100000, 100000),
        ("draws", 10.9, 10),  # whole draws, cut down
        ("seed", -3, -3),
        ("seed", 7.9, 7),
    ],
)
def test_composite_numbers_at_their_bounds(key, value, expected):
    got = getattr(parse_composite({key: value}, XYZ, FIELDS, PATH), key)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("min_coverage", -0.01, "composite.min_coverage 应在 0 到 1 之间，现为 -0.01"),
        ("min_coverage", 1.01, "composite.min_coverage 应在 0 到 1 之间，现为 1.01"),
        ("outlier_sd", 0.99, "composite.outlier_sd 应在 1 到 None 之间，现为 0.99"),
        ("draws", 9, "composite.draws 应在 10 到 100000 之间，现为 9"),
        ("draws", 100001, "composite.draws 应在 10 到 100000 之间，现为 100001"),
        ("seed", "2027", "composite.seed 应为数值，现为 '2027'"),
        ("groups", {"甲": 1, "乙": 1}, "composite.groups 应按分数从高到低排列，且不能相同"),
        ("groups", {}, "composite.groups 应为“名称: 最低分”的映射"),
    ],
)
def test_composite_numbers_outside_their_bounds(key, value, message):
    assert refused(parse_composite, {key: value}, XYZ, FIELDS, PATH) == message


def test_composite_groups_and_lowest_group_of_the_framework():
    got = parse_composite({"groups": {"强": 110, "弱": 90}, "lowest_group": 3}, XYZ, FIELDS, PATH)
    assert (got.groups, got.lowest_group) == ((("强", 110.0), ("弱", 90.0)), "3")


def test_a_block_that_is_not_a_mapping_names_the_file():
    assert refused(parse_composite, [1], XYZ, FIELDS, PATH) == "composite 应为键值映射"
    assert refused(parse_assessment, "cap", XYZ, PATH) == "assessment 应为键值映射"
