"""Edges of measure/plan_yaml.py that mutation testing (mutmut) found unpinned: each YAML form of an indicator,
formula and target read into its object, every default and key name, and the whole text of each error the plan's
author reads (expected values by hand)."""

from pathlib import Path

import pytest

from sti_monitor.errors import ConfigError
from sti_monitor.ingest import load_fields
from sti_monitor.measure.plan_model import Formula, Target
from sti_monitor.measure.plan_yaml import _codes, _formula, _target, _targets, parse_indicator

PATH = Path("plan.yaml")
FIELDS = load_fields()
W = "指标 x"  # where an error of indicator x is
X = {"id": "x", "name": "指标X", "unit": "家", "formula": {"kind": "field", "field": "hitech_enterprises"}}


def refused(call, *args, **kwargs) -> str:
    """The message of the ConfigError ``call`` raises, without the file's name (which must be ``PATH``)."""
    with pytest.raises(ConfigError) as info:
        call(*args, **kwargs)
    assert info.value.path == PATH
    return str(info.value).removeprefix("plan.yaml: ")


def indicator(**changes):
    return parse_indicator({**X, **changes}, FIELDS, 2022, PATH)


def target(spec, baseline=None, year=2025):
    return _target(year, spec, baseline, W, PATH)


def target_refused(spec, baseline=None, year=2025) -> str:
    return refused(_target, year, spec, baseline, W, PATH)


# --- _codes and _formula --------------------------------------------------------------------------------------


def test_codes_of_none_one_or_several():
    assert _codes(None) == () and _codes("gdp") == ("gdp",) and _codes(["a", "b"]) == ("a", "b")
    assert type(_codes(["a"])) is tuple


def test_each_formula_kind():
    ratio = {"kind": "ratio", "numerator": "rd_expenditure", "denominator": ["gdp", "employed_persons"]}
    assert _formula(ratio, W, FIELDS, PATH) == Formula("ratio", ("rd_expenditure",), ("gdp", "employed_persons"), 1.0)
    got = _formula({**ratio, "scale": 100}, W, FIELDS, PATH)
    assert got.scale == 100.0 and type(got.scale) is float and type(_formula(ratio, W, FIELDS, PATH).scale) is float
    assert _formula({"kind": "field", "field": "gdp"}, W, FIELDS, PATH) == Formula("field", ("gdp",))
    growth = {"kind": "growth", "field": "hitech_investment", "reported": "hitech_investment_growth"}
    assert _formula(growth, W, FIELDS, PATH) == Formula(
        "growth", ("hitech_investment",), reported="hitech_investment_growth"
    )
    for kind in ("average_growth", "cumulative"):
        got = _formula({"kind": kind, "field": "gdp", "since": 2020}, W, FIELDS, PATH)
        assert got == Formula(kind, ("gdp",), since=2020)


KINDS = "('field', 'ratio', 'growth', 'average_growth', 'cumulative')"


@pytest.mark.parametrize(
    "spec, message",
    [
        ("field", f"指标 x: formula.kind 应为 {KINDS} 之一"),
        ({"field": "gdp"}, f"指标 x: formula.kind 应为 {KINDS} 之一"),
        ({"kind": "sum", "field": "gdp"}, f"指标 x: formula.kind 应为 {KINDS} 之一"),
        ({"kind": "ratio", "numerator": "gdp"}, "指标 x: ratio 需要 numerator 和 denominator"),
        ({"kind": "ratio", "denominator": "gdp"}, "指标 x: ratio 需要 numerator 和 denominator"),
        ({"kind": "ratio", "numerator": "gdp", "denominator": []}, "指标 x: ratio 需要 numerator 和 denominator"),
        (
            {"kind": "average_growth", "field": "gdp"},
            "指标 x: formula.since 应为起算年份（整数），average_growth 必须给出",
        ),
        (
            {"kind": "cumulative", "field": "gdp", "since": "2020"},
            "指标 x: formula.since 应为起算年份（整数），cumulative 必须给出",
        ),
        (
            {"kind": "growth", "field": "gdp", "since": 2020},
            "指标 x: formula.since 只用于 average_growth 和 cumulative",
        ),
        ({"kind": "field", "field": "gdp", "since": 0}, "指标 x: formula.since 只用于 average_growth 和 cumulative"),
        ({"kind": "field"}, "指标 x: field 需要一个 field"),
        ({"kind": "growth", "field": ["gdp", "rd_expenditure"]}, "指标 x: growth 需要一个 field"),
        ({"kind": "field", "field": "nofield"}, "指标 x: 未知字段 nofield，请先在 params/fields.yaml 中声明"),
        (
            {"kind": "ratio", "numerator": "gdp", "denominator": "nofield"},
            "指标 x: 未知字段 nofield，请先在 params/fields.yaml 中声明",
        ),
        (
            {"kind": "growth", "field": "gdp", "reported": "nofield"},
            "指标 x: 未知字段 nofield，请先在 params/fields.yaml 中声明",
        ),
    ],
)
def test_bad_formulas(spec, message):
    assert refused(_formula, spec, W, FIELDS, PATH) == message


# --- one target ----------------------------------------------------------------------------------------------


def test_a_plain_number_is_a_value_target():
    got = target(3)
    assert got == Target(2025, 3.0) and type(got.value) is float
    assert got == Target(2025, 3.0, "value", "", None, 0.0, None, None)
    assert target(3.5) == Target(2025, 3.5) and target(-1) == Target(2025, -1.0)  # a float, a negative number


@pytest.mark.parametrize(
    "spec, expected",
    [
        ({"value": 4, "label": "达到4"}, Target(2025, 4.0, "value", "达到4")),
        ({"at_least": 4}, Target(2025, 4.0, "floor")),
        ({"at_most": 4.5}, Target(2025, 4.5, "ceiling")),
        ({"aspiration": 6, "label": 9}, Target(2025, 6.0, "aspiration", "9")),  # a label as text
        ({"multiple": 2}, Target(2025, 20.0, "multiple")),  # 2 × the baseline 10
        ({"value": {"multiple": 1.5}}, Target(2025, 15.0, "value")),  # a level as a multiple of the baseline
        ({"guaranteed": 4}, Target(2025, 4.0, "dual")),
        ({"guaranteed": 4, "stretch": 5, "label": "确保4力争5"}, Target(2025, 4.0, "dual", "确保4力争5", 5.0)),
        ({"guaranteed": {"multiple": 2}, "stretch": {"multiple": 3}}, Target(2025, 20.0, "dual", "", 30.0)),
        (
            {"guaranteed": 4, "stretch": {"reference": "330000"}},
            Target(2025, 4.0, "dual", "", 0.0, stretch_reference="330000"),
        ),
        (
            {"guaranteed": {"multiple": 0.5}, "stretch": {"reference": 330000, "margin": 0.5}, "label": "力争"},
            Target(2025, 5.0, "dual", "力争", 0.5, stretch_reference="330000"),
        ),
        ({"about": 4, "tolerance": 0.2}, Target(2025, 4.0, "about", tolerance=0.2)),
        ({"about": {"multiple": 2}, "tolerance": 0, "label": "4左右"}, Target(2025, 20.0, "about", "4左右")),
        ({"reference": "330000"}, Target(2025, 0.0, "reference", reference="330000")),
        (
            {"reference": 330000, "margin": 0.5, "label": "高于"},
            Target(2025, 0.5, "reference", "高于", reference="330000"),
        ),
    ],
)
def test_each_target_form(spec, expected):
    got = target(spec, baseline=10.0)
    assert got == expected
    assert type(got.value) is float and (got.stretch is None or type(got.stretch) is float)
    assert type(got.tolerance) is float


@pytest.mark.parametrize(
    "year, spec, message",
    [
        ("2025", 3, "指标 x: 目标年份 '2025' 应为整数"),
        (2025.0, 3, "指标 x: 目标年份 2025.0 应为整数"),
        (2025, True, "指标 x targets.2025: 目标格式不对：True"),
        (2025, "3", "指标 x targets.2025: 目标格式不对：'3'"),
        (2025, [3], "指标 x targets.2025: 目标格式不对：[3]"),
    ],
)
def test_a_target_year_and_form(year, spec, message):
    assert target_refused(spec, year=year) == message


KEYS = "about、aspiration、at_least、at_most、guaranteed、label、margin、multiple、reference、stretch、tolerance、value"


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"value": 3, "goal": 1, "by": 2}, f"指标 x targets.2025: 未知的键 by、goal（可用：{KEYS}）"),
        ({"value": 3, 7: 1}, f"指标 x targets.2025: 未知的键 7（可用：{KEYS}）"),
        (
            {"label": "无"},
            "指标 x targets.2025: 应恰好给出 guaranteed、at_least、at_most、multiple、value、about、aspiration、"
            "reference 之一，现为 无",
        ),
        (
            {"value": 3, "at_least": 2, "aspiration": 4},
            "指标 x targets.2025: 应恰好给出 guaranteed、at_least、at_most、multiple、value、about、aspiration、"
            "reference 之一，现为 ['at_least', 'value', 'aspiration']",
        ),
        ({"value": 3, "tolerance": 1}, "指标 x targets.2025: tolerance 只用于 about（左右）目标"),
        ({"value": 3, "margin": 1}, "指标 x targets.2025: margin 只用于 reference 目标"),
        ({"about": 3, "margin": 1, "tolerance": 1}, "指标 x targets.2025: margin 只用于 reference 目标"),
        ({"value": 3, "stretch": 4}, "指标 x targets.2025: stretch 只用于 guaranteed（确保…力争…）目标"),
        ({"reference": "330000", "stretch": 4}, "指标 x targets.2025: stretch 只用于 guaranteed（确保…力争…）目标"),
        ({"value": "三"}, "指标 x targets.2025: value 应为数字，现为 '三'"),
        ({"at_least": True}, "指标 x targets.2025: at_least 应为数字，现为 True"),
        ({"value": {"multiple": 2, "of": 1}}, "指标 x targets.2025: value 应为数字，现为 {'multiple': 2, 'of': 1}"),
        ({"multiple": 2}, "指标 x targets.2025: multiple 为倍数目标，需要指标的 baseline"),
        ({"guaranteed": {"multiple": 2}}, "指标 x targets.2025: guaranteed 为倍数目标，需要指标的 baseline"),
        ({"guaranteed": 3, "stretch": "四"}, "指标 x targets.2025: stretch 应为数字，现为 '四'"),
        (
            {"guaranteed": 3, "stretch": {"reference": "330000", "of": 1}},
            "指标 x targets.2025: stretch 参照目标应为 {reference: 参照单位代码, margin: 幅度}",
        ),
        (
            {"guaranteed": 3, "stretch": {"reference": True}},
            "指标 x targets.2025: stretch 参照目标应为 {reference: 参照单位代码, margin: 幅度}",
        ),
        (
            {"guaranteed": 3, "stretch": {"reference": 3.3}},
            "指标 x targets.2025: stretch 参照目标应为 {reference: 参照单位代码, margin: 幅度}",
        ),
        (
            {"guaranteed": 3, "stretch": {"reference": "330000", "margin": "半"}},
            "指标 x targets.2025: stretch.margin 应为数字，现为 '半'",
        ),
        (
            {"guaranteed": "三", "stretch": {"reference": "330000"}},
            "指标 x targets.2025: guaranteed 应为数字，现为 '三'",
        ),
        (
            {"about": 3},
            "指标 x targets.2025: about（左右）目标需要 tolerance（允许低于目标的幅度，单位同指标）",
        ),
        ({"about": 3, "tolerance": -0.01}, "指标 x targets.2025: tolerance 不能为负"),
        ({"about": 3, "tolerance": "一"}, "指标 x targets.2025: tolerance 应为数字，现为 '一'"),
        ({"about": "三", "tolerance": 1}, "指标 x targets.2025: about 应为数字，现为 '三'"),
        ({"reference": True}, "指标 x targets.2025: reference 应为参照单位的代码（如全省 330000）"),
        ({"reference": 3.3}, "指标 x targets.2025: reference 应为参照单位的代码（如全省 330000）"),
        ({"reference": "330000", "margin": "半"}, "指标 x targets.2025: margin 应为数字，现为 '半'"),
    ],
)
def test_bad_targets(spec, message):
    assert target_refused(spec) == message


def test_a_multiple_that_is_not_a_number():
    message = "指标 x targets.2025: value.multiple 应为数字，现为 '二'"
    assert target_refused({"value": {"multiple": "二"}}, baseline=10.0) == message


def test_targets_by_year_in_order():
    got = _targets({2027: 5, 2023: {"at_least": 1}, 2025: 3}, None, W, PATH)
    assert got == (Target(2023, 1.0, "floor"), Target(2025, 3.0), Target(2027, 5.0))
    assert _targets(None, None, W, PATH) == ()
    assert refused(_targets, [5], None, W, PATH) == "指标 x: targets 应为 年份: 目标 的映射"


# --- parse_indicator --------------------------------------------------------------------------------------------


def test_an_indicator_with_nothing_but_what_it_needs():
    got = indicator()
    assert (got.id, got.name, got.short_name, got.unit, got.precision, got.definition) == (
        "x", "指标X", "指标X", "家", 2, "",
    )  # fmt: skip
    assert (got.direction, got.interpolation, got.decomposition) == ("higher", "linear", "proportional")
    assert (got.baseline, got.targets, got.unit_targets, got.applies_to, got.weight) == (None, (), {}, (), None)
    assert (got.plausible, got.group, got.subgroup) == (None, None, None)
    assert got.whole is True  # a count (高新技术企业数, 家) of a field formula


def test_an_indicator_with_everything_set():
    got = indicator(
        short_name="X短",
        unit=7,
        precision=1,
        direction="lower",
        interpolation="geometric",
        decomposition="same",
        definition="定义",
        plausible=[0, 100],
        baseline=4,
        targets={2025: {"multiple": 2}},
        unit_targets={3303: {2025: 1}},
        group=" 投入 ",
        subgroup="主体",
        weight=0,
        applies_to=["district", "zone"],
    )
    assert (got.short_name, got.unit, got.precision, got.definition, got.plausible) == ("X短", "7", 1, "定义", (0, 100))
    assert (got.direction, got.interpolation, got.decomposition) == ("lower", "geometric", "same")
    assert got.baseline == 4.0 and type(got.baseline) is float
    assert got.targets == (Target(2025, 8.0, "multiple"),)  # 2 × the baseline 4
    assert got.unit_targets == {"3303": (Target(2025, 1.0),)}
    assert (got.group, got.subgroup, got.weight, got.applies_to) == ("投入", "主体", 0.0, ("district", "zone"))
    assert indicator(short_name="").short_name == "指标X"  # an empty short name is the name
    assert indicator(plausible=[]).plausible is None
    assert indicator(applies_to="area").applies_to == ("area",)


@pytest.mark.parametrize(
    "formula, whole",
    [
        ({"kind": "cumulative", "field": "hitech_enterprises", "since": 2022}, True),  # a running total of a count
        ({"kind": "field", "field": "gdp"}, False),  # an amount
        ({"kind": "growth", "field": "hitech_enterprises"}, False),  # a rate of a count
        ({"kind": "ratio", "numerator": "hitech_enterprises", "denominator": "gdp"}, False),
    ],
)
def test_whole_only_for_a_count_or_its_running_total(formula, whole):
    assert indicator(formula=formula).whole is whole


def test_an_average_growth_is_decomposed_the_same_by_default():
    got = indicator(formula={"kind": "average_growth", "field": "gdp", "since": 2022})
    assert got.decomposition == "same"
    assert (
        refused(
            indicator, formula={"kind": "average_growth", "field": "gdp", "since": 2022}, decomposition="proportional"
        )
        == "指标 x: 年均增速指标的 decomposition 只能为 same（各单位目标与全市相同）"
    )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"formula": {"kind": "sum"}}, f"指标 x: formula.kind 应为 {KINDS} 之一"),  # the indicator and file named
        ({"interpolation": "cubic"}, "指标 x: interpolation 应为 ('linear', 'geometric') 之一"),
        ({"decomposition": "equal"}, "指标 x: decomposition 应为 ('proportional', 'same') 之一"),
        ({"direction": "up"}, "指标 x: direction 应为 higher 或 lower"),
        (
            {"formula": {"kind": "cumulative", "field": "gdp", "since": 2021}},
            "指标 x: formula.since（2021）早于基期年 baseline_year（2022）",
        ),
        ({"baseline": "4"}, "指标 x: baseline 应为数字，现为 '4'"),
        ({"group": ""}, "指标 x: group 应为非空文字"),
        ({"subgroup": "  "}, "指标 x: subgroup 应为非空文字"),
        ({"group": 3}, "指标 x: group 应为非空文字"),
        ({"weight": -1}, "指标 x: weight 应在 0 到 None 之间，现为 -1"),
        ({"weight": "1"}, "指标 x: weight 应为数值，现为 '1'"),
        ({"unit_targets": [1]}, "指标 x: unit_targets 应为 单位代码: {年份: 目标} 的映射"),
        (  # a unit's own targets have no baseline to multiply
            {"baseline": 4, "unit_targets": {"A1": {2025: {"multiple": 2}}}},
            "指标 x unit_targets.A1 targets.2025: multiple 为倍数目标，需要指标的 baseline",
        ),
        (
            {"applies_to": ["district", "reference"]},
            "指标 x: applies_to 应为 city、district、zone、area、aggregate 中的一个或几个（单位类型），"
            "现为 ['district', 'reference']",
        ),
        ({"targets": {2025: "三"}}, "指标 x targets.2025: 目标格式不对：'三'"),
        ({"frequency": 1, "colour": 2}, "指标 x: 未知的键 colour、frequency"),
    ],
)
def test_bad_indicators(changes, message):
    assert refused(indicator, **changes) == message


def test_a_since_in_the_baseline_year_is_allowed():
    got = indicator(formula={"kind": "cumulative", "field": "gdp", "since": 2022})
    assert got.formula.since == 2022


@pytest.mark.parametrize("key", ["id", "name", "unit", "formula"])
def test_an_indicator_needs_its_keys(key):
    spec = {k: v for k, v in X.items() if k != key}
    where = "指标 ?" if key == "id" else "指标 x"
    assert refused(parse_indicator, spec, FIELDS, 2022, PATH) == f"{where}: 缺少 {key}"


def test_an_indicator_is_a_mapping():
    assert refused(parse_indicator, ["x"], FIELDS, 2022, PATH) == "indicators 的每一项应为映射，现为 ['x']"


def test_an_unknown_key_that_is_a_number():
    assert refused(parse_indicator, {**X, 7: 1}, FIELDS, 2022, PATH) == "指标 x: 未知的键 7"
