"""Edges of measure/targets.py that mutation testing (mutmut) found unpinned; expected values by hand."""

import math
from dataclasses import replace

import pandas as pd
import pytest

from sti_monitor.ingest.units import Unit, UnitRegistry
from sti_monitor.measure.plan_model import Formula, Target
from sti_monitor.measure.targets import _between, _plain, assign_targets, plan_target, target_paths, whole_target


@pytest.mark.parametrize(
    "a, b, share, how, expected",
    [
        (1.0, 4.0, 0.5, "linear", 2.5),  # 1 + (4 − 1) × 0.5
        (1.0, 4.0, 0.5, "geometric", 2.0),  # 1 × (4 / 1)^0.5
        (0.5, 2.0, 0.5, "geometric", 1.0),  # 0.5 × 4^0.5: geometric below 1 too
        (2.0, 0.5, 0.5, "geometric", 1.0),  # 2 × 0.25^0.5
        (0.0, 100.0, 0.5, "geometric", 50.0),  # from 0 no ratio: linear, 0 + 100 × 0.5
        (1.0, 0.0, 0.5, "geometric", 0.5),  # to 0: linear, 1 − 1 × 0.5
    ],
)
def test_between(a, b, share, how, expected):
    assert _between(a, b, share, how) == pytest.approx(expected)


def test_whole_target_of_an_exact_whole_number(tiny_framework):
    down = tiny_framework().indicator("y")  # 家, lower is better: down
    up = tiny_framework(changes={"y": {"direction": "higher"}}).indicator("y")
    assert whole_target(up, 5.0) == 5.0 and whole_target(down, 5.0) == 5.0  # already whole: unchanged
    assert whole_target(down, 4.71) == 4.0
    assert whole_target(down, 4.9999999999) == 5.0  # floating-point noise of an exact share is not a unit less


@pytest.mark.parametrize(
    "x, text", [(10.0, "10"), (1234.5, "1,234.5"), (0.05, "0.05"), (2.123456, "2.1235"), (0.0, "0")]
)
def test_plain_number_for_a_note(x, text):
    assert _plain(x) == text


# plan_target of hand-built indicators: baseline year 2022, the tiny framework's 指标X (a ratio, %) changed


@pytest.fixture
def indicator(tiny_framework):
    x = tiny_framework().indicator("x")

    def make(*targets, **changes):
        return replace(x, targets=tuple(targets), **changes)

    return make


def test_a_milestone_year_carries_the_plans_label_or_a_plain_note(indicator):
    ind = indicator(Target(2025, 2.5), Target(2027, 3.0, label="达到3%"), baseline=2.0)
    p = plan_target(ind, 2025, 2022)
    assert (p.value, p.stretch, p.kind, p.note, p.tolerance, p.stretch_year) == (
        2.5,
        None,
        "value",
        "规划目标值",
        0.0,
        None,
    )
    assert plan_target(ind, 2027, 2022).note == "达到3%"


def test_a_floor_or_ceiling_holds_before_its_year_with_the_year_in_the_note(indicator):
    floor = indicator(Target(2027, 90.0, kind="floor"), baseline=80.0)
    p = plan_target(floor, 2024, 2022)  # not 80 + 10 × 2/5 = 84: a floor holds unchanged
    assert (p.value, p.stretch, p.kind, p.note, p.tolerance, p.reference) == (
        90.0,
        None,
        "floor",
        "底线目标（2027年）",
        0.0,
        None,
    )
    ceiling = indicator(Target(2027, 5.0, kind="ceiling", label="控制在5%以内"), baseline=8.0)
    p = plan_target(ceiling, 2024, 2022)
    assert (p.value, p.kind, p.note) == (5.0, "ceiling", "控制在5%以内（2027年）")


def test_a_reference_target_holds_before_its_year_with_its_unit(indicator):
    ind = indicator(Target(2027, 0.5, kind="reference", reference="900", label="高于全省"), baseline=2.0)
    p = plan_target(ind, 2024, 2022)
    assert (p.value, p.kind, p.note, p.reference, p.tolerance) == (0.5, "reference", "高于全省（2027年）", "900", 0.0)


@pytest.mark.parametrize(
    "how, year, value, note",
    [
        ("linear", 2024, 2.4, "由2022年与2027年目标线性插值"),  # 2 + (3 − 2) × 2/5
        ("linear", 2026, 2.75, "由2025年与2027年目标线性插值"),  # 2.5 + (3 − 2.5) × 1/2, from the 2025 milestone
        ("geometric", 2024, 2.0 * 1.5**0.4, "由2022年与2027年目标几何（等比）插值"),  # 2 × (3 ÷ 2)^(2/5) = 2.3529
    ],
)
def test_interpolated_targets_say_from_where(indicator, how, year, value, note):
    ind = indicator(Target(2025, 2.5), Target(2027, 3.0), baseline=2.0, interpolation=how)
    if year == 2024:  # from the baseline: no milestone before
        ind = replace(ind, targets=(Target(2027, 3.0),))
    p = plan_target(ind, year, 2022)
    assert p.value == pytest.approx(value)
    assert (p.kind, p.note, p.stretch) == ("value", note, None)


def test_an_about_target_interpolated_keeps_its_kind_and_tolerance(indicator):
    ind = indicator(Target(2027, 3.0, kind="about", tolerance=0.1), baseline=2.0)
    p = plan_target(ind, 2024, 2022)
    assert (p.value, p.kind, p.tolerance) == (pytest.approx(2.4), "about", 0.1)  # 2 + 1 × 2/5


def test_a_stretch_is_interpolated_from_the_last_milestones_stretch_or_value(indicator):
    dual = Target(2027, 3.0, kind="dual", stretch=3.5)
    ind = indicator(dual, baseline=2.0)
    assert plan_target(ind, 2024, 2022).stretch == pytest.approx(2.6)  # from the baseline: 2 + (3.5 − 2) × 2/5
    ind = indicator(Target(2025, 2.5, kind="dual", stretch=2.8), dual, baseline=2.0)
    assert plan_target(ind, 2026, 2022).stretch == pytest.approx(3.15)  # 2.8 + (3.5 − 2.8) × 1/2
    ind = indicator(Target(2025, 2.5), dual, baseline=2.0)
    assert plan_target(ind, 2026, 2022).stretch == pytest.approx(3.0)  # no 2025 stretch: 2.5 + (3.5 − 2.5) × 1/2


def test_a_running_total_rises_linearly_from_the_year_before_it_counts(indicator):
    since_2023 = Formula("cumulative", ("rd_expenditure",), since=2023)
    ind = indicator(Target(2027, 100.0), formula=since_2023, interpolation="geometric", baseline=None)
    p = plan_target(ind, 2024, 2022)
    assert p.value == pytest.approx(40.0)  # 0 in 2022, + 100 × 2/5: linear whatever the indicator says
    assert p.note == "由2022年与2027年目标线性插值"
    since_2024 = replace(ind, formula=Formula("cumulative", ("rd_expenditure",), since=2024))
    assert plan_target(since_2024, 2023, 2022) is None  # it counts from 2024: nothing yet in 2023
    assert plan_target(since_2024, 2025, 2022).value == pytest.approx(50.0)  # 0 in 2023, + 100 × 2/4
    floor = replace(ind, targets=(Target(2027, 100.0, kind="floor"),))
    assert plan_target(floor, 2024, 2022).value == pytest.approx(40.0)  # a running total's floor does not hold


def test_an_aspiration_against_a_reference_unit_is_beside_every_year_up_to_it(indicator):
    aspiration = Target(2027, 3.0, kind="dual", stretch=0.2, stretch_reference="900")
    ind = indicator(aspiration, baseline=2.0)
    p = plan_target(ind, 2024, 2022)  # 2 + 1 × 2/5, and 力争2027年超全省 0.2
    assert (p.value, p.stretch, p.stretch_reference, p.stretch_year) == (pytest.approx(2.4), 0.2, "900", 2027)
    p = plan_target(ind, 2027, 2022)
    assert (p.value, p.stretch, p.stretch_reference, p.stretch_year) == (3.0, 0.2, "900", 2027)
    # judged against the province already in 2025: the aspiration adds nothing to that year
    ind = indicator(Target(2025, 0.0, kind="reference", reference="900"), aspiration, baseline=2.0)
    p = plan_target(ind, 2024, 2022)
    assert (p.kind, p.stretch, p.stretch_reference, p.stretch_year) == ("reference", None, None, None)


def test_a_units_own_targets_and_aspiration(indicator):
    own = (Target(2027, 5.0, kind="dual", stretch=0.1, stretch_reference="900"),)
    ind = indicator(Target(2027, 3.0), baseline=2.0, unit_targets={"Z": own})
    p = plan_target(ind, 2024, 2022, "Z", baseline=4.0)
    assert (p.value, p.stretch, p.stretch_reference) == (pytest.approx(4.4), 0.1, "900")  # 4 + (5 − 4) × 2/5
    p = plan_target(ind, 2024, 2022)  # the city's: 2 + 1 × 2/5, no aspiration
    assert (p.value, p.stretch, p.stretch_reference) == (pytest.approx(2.4), None, None)
    assert plan_target(ind, 2024, 2022, "Z", baseline=float("nan")).value == pytest.approx(3.2)
    # a NaN baseline: the path starts from the indicator's 2, toward Z's 5: 2 + 3 × 2/5


def test_a_counts_final_target_beside_a_task_tables_year(tiny_framework, units_of):
    fw = tiny_framework(changes={"y": {"direction": "higher", "targets": {2027: 100}}})  # 家: whole
    values = pd.DataFrame(
        [("C", 2022, "y", 70.0), ("D1", 2022, "y", 30.0), ("D2", 2022, "y", 40.0)]
        + [(u, 2023, "y", 50.0) for u in ("C", "D1", "D2")],
        columns=["unit_code", "year", "indicator", "value"],
    )
    tasks = pd.DataFrame(
        [("D1", 2023, "y", 37.0), ("D2", 2023, "y", 50.0), ("D2", 2027, "y", 56.2)],
        columns=["unit_code", "year", "indicator", "target"],
    )
    t = assign_targets(values, fw, units_of(["D1", "D2"]), tasks).set_index(["unit_code", "year"])
    # D1 2023: the task table's 37; its 2027 target decomposed: 30 × 100 ÷ 70 = 42.86 → 43 家
    assert tuple(t.loc[("D1", 2023), ["target", "target_rule", "final_target"]]) == (37.0, "task_table", 43.0)
    # D2: the task table gives 2027 too, 56.2, kept as the city set it
    assert tuple(t.loc[("D2", 2023), ["target", "target_rule", "final_target"]]) == (50.0, "task_table", 56.2)


def test_a_districts_path_starts_from_the_citys_data_when_the_plan_gives_no_baseline(tiny_framework, units_of):
    fw = tiny_framework(changes={"y": {"direction": "higher", "targets": {2027: 100}}})  # no baseline in the plan
    values = pd.DataFrame(
        [("C", 2022, "y", 70.0), ("D3", 2022, "y", 35.0), ("D3", 2023, "y", 36.0)],
        columns=["unit_code", "year", "indicator", "value"],
    )
    t = assign_targets(values, fw, units_of(["D3"])).set_index(["unit_code", "year"])
    # the city's 2023 target from its 2022 data: 70 + (100 − 70) × 1/5 = 76; D3: 35 × 76 ÷ 70 = 38
    assert tuple(t.loc[("D3", 2023), ["target", "target_rule", "final_target"]]) == (38.0, "proportional", 50.0)
    # its final target: 35 × 100 ÷ 70 = 50


def test_a_running_totals_stretch_and_later_milestones_are_linear(indicator):
    since_2023 = Formula("cumulative", ("rd_expenditure",), since=2023)
    dual = indicator(Target(2027, 100.0, kind="dual", stretch=120.0), formula=since_2023, interpolation="geometric")
    assert plan_target(dual, 2024, 2022).stretch == pytest.approx(48.0)  # 0 in 2022, + 120 × 2/5
    two = indicator(Target(2025, 40.0), Target(2027, 100.0), formula=since_2023, interpolation="geometric")
    assert plan_target(two, 2026, 2022).value == pytest.approx(70.0)  # 40 + 60 × 1/2, not 40 × 2.5^(1/2) = 63.2


def test_a_stretch_is_interpolated_geometrically_as_its_target(indicator):
    ind = indicator(Target(2027, 32.0, kind="dual", stretch=243.0), baseline=1.0, interpolation="geometric")
    p = plan_target(ind, 2024, 2022)
    assert (p.value, p.stretch) == (pytest.approx(4.0), pytest.approx(9.0))  # 32^(2/5) = 2², 243^(2/5) = 3²


# _decompose, each branch's row in full: a district D1 whose 2022 baseline 0.8 is 0.4 of the city's 2.0 (the plan
# gives no baseline, so the city's path starts from its 2022 data too)

ROW = ["target", "stretch_target", "target_rule", "target_note", "target_kind", "tolerance"]
SHARE = [("C", 2022, "x", 2.0), ("D1", 2022, "x", 0.8), ("C", 2024, "x", 2.5), ("D1", 2024, "x", 1.0)]


def decomposed(fw, rows=SHARE, tasks=None, units=None, illustrative=frozenset()):
    values = pd.DataFrame(rows, columns=["unit_code", "year", "indicator", "value"])
    units = units or UnitRegistry("t", Unit("C", "全市", "city"), [Unit("D1", "区一", "district")], [])
    return assign_targets(values, fw, units, tasks, illustrative).set_index(["unit_code", "year"])


def row(t, code, year):
    return [None if isinstance(v, float) and math.isnan(v) else v for v in t.loc[(code, year), ROW]]


def test_a_decomposed_stretch_target_is_the_units_share_of_the_citys(tiny_framework):
    """确保3、力争4 in 2027: the district's guaranteed and stretch levels are both 0.4 of the city's."""
    t = decomposed(tiny_framework(changes={"x": {"targets": {2027: {"guaranteed": 3, "stretch": 4}}}}))
    # the city in 2024: 2 + (3 − 2) × 2/5 = 2.4, stretch 2 + (4 − 2) × 2/5 = 2.8; D1: 2.4 × 0.4, 2.8 × 0.4
    target, stretch, *rest = row(t, "D1", 2024)
    assert (target, stretch) == (pytest.approx(0.96), pytest.approx(1.12))
    note = "本地2022年基期值 × 全市目标 ÷ 全市基期值（2）；全市目标：由2022年与2027年目标线性插值"
    assert rest == ["proportional", note, "dual", None]
    assert t.loc[("D1", 2024), "final_target"] == pytest.approx(1.2)  # 3 × 0.4
    assert row(t, "C", 2024)[:2] == [pytest.approx(2.4), pytest.approx(2.8)]  # the city's own, unscaled


def test_a_decomposed_about_targets_tolerance_is_the_units_share_of_the_citys(tiny_framework):
    """3左右 within 0.5: the district's target and its tolerance are both 0.4 of the city's."""
    t = decomposed(tiny_framework(changes={"x": {"targets": {2027: {"about": 3, "tolerance": 0.5}}}}))
    target, stretch, rule, _, kind, tolerance = row(t, "D1", 2024)
    assert (target, stretch, rule, kind, tolerance) == (pytest.approx(0.96), None, "proportional", "about", 0.2)
    assert row(t, "C", 2024)[4:] == ["about", 0.5]  # the city's own tolerance: 0.5 × 1


def test_a_task_table_target_is_a_plain_value_with_its_source(tiny_framework):
    fw = tiny_framework(changes={"x": {"targets": {2027: {"guaranteed": 3, "stretch": 4}}}})
    tasks = pd.DataFrame([("D1", 2024, "x", 1.5)], columns=["unit_code", "year", "indicator", "target"])
    # a value target, whatever the city's kind: no stretch, no tolerance
    assert row(decomposed(fw, tasks=tasks), "D1", 2024) == [1.5, None, "task_table", "取自指标任务表", "value", None]


def test_a_year_outside_the_plan_or_a_plan_without_a_city_target(tiny_framework):
    t = decomposed(tiny_framework())
    assert row(t, "D1", 2022) == [None, None, "none", "该年份不在规划期内", "", None]  # the baseline year
    assert row(t, "C", 2022) == [None, None, "none", "该年份不在规划期内", "", None]  # the city's too
    fw = tiny_framework(changes={"x": {"targets": None, "applies_to": ["city", "district"]}})
    t = decomposed(fw)
    assert row(t, "D1", 2024) == [None, None, "none", "规划未对全市设定此项目标，无从分解", "", None]
    assert row(t, "C", 2024) == [None, None, "none", "规划未对该单位设定此项目标", "", None]


def test_a_reference_target_of_a_district_is_the_reference_units_value(tiny_framework):
    fw = tiny_framework(changes={"x": {"targets": {2027: {"reference": "900", "margin": 0.5, "label": "高于全省"}}}})
    units = UnitRegistry(
        "t",
        Unit("C", "全市", "city"),
        [Unit("D1", "区一", "district")],
        [],
        references=[Unit("900", "全省", "reference")],
    )
    t = decomposed(fw, [*SHARE, ("900", 2024, "x", 2.25)], units=units)
    # not a share: the province's 2.25 + 0.5 for every unit
    note = "高于全省（2027年）：全省2024年同期值2.25加0.5"
    assert row(t, "D1", 2024) == [2.75, None, "reference", note, "reference", None]


def test_a_target_the_same_as_the_citys(tiny_framework):
    t = decomposed(tiny_framework(changes={"x": {"decomposition": "same"}}))
    # the city's 2024 target, 2 + (3 − 2) × 2/5 = 2.4, unshared
    assert row(t, "D1", 2024) == [pytest.approx(2.4), None, "same_as_city", "与全市目标相同", "value", None]


def test_a_running_total_the_plan_sets_for_the_city_alone(tiny_framework):
    cumulative = {"kind": "cumulative", "field": "rd_expenditure", "since": 2023}
    t = decomposed(tiny_framework(changes={"x": {"formula": cumulative, "unit": "万元", "targets": {2027: 100}}}))
    # the city's 2024 total: 0 in 2022, + 100 × 2/5 = 40
    note = (
        "不设分县（市、区）目标：规划只设全市累计目标（2024年40万元），累计数自2023年起算、2022年基期为0，"
        "无法按基期比例分解；不计分，只列数值"
    )
    assert row(t, "D1", 2024) == [None, None, "not_decomposed", note, "", None]


WITH_PROVINCE = UnitRegistry(
    "t", Unit("C", "全市", "city"), [Unit("D1", "区一", "district")], [], references=[Unit("900", "全省", "reference")]
)
MARK = "（示例数值，非官方统计）"


def test_a_reference_target_without_margin_marked_illustrative_or_missing(tiny_framework):
    fw = tiny_framework(changes={"x": {"targets": {2027: {"reference": "900", "label": "不低于全省"}}}})
    rows = [*SHARE, ("900", 2022, "x", 2.1), ("900", 2024, "x", 2.25), ("C", 2025, "x", 2.6), ("900", 2027, "x", 2.5)]
    t = decomposed(fw, rows, units=WITH_PROVINCE, illustrative={("900", 2024)})  # no province value in 2025
    # the province's own rows: not judged, its 2022 value kept as its baseline
    not_judged = "该指标不适用于此类单位（规划未对此类单位设定目标），不计分、不排名"
    assert row(t, "900", 2024) == [None, None, "none", not_judged, "", None]
    assert tuple(t.loc[("900", 2024), ["indicator", "baseline", "applicable"]]) == ("x", 2.1, False)
    assert t.loc[("C", 2024), "final_target"] == 2.5  # the province's 2027 value, beside every year
    # a margin of 0 is not written (no 加0); the province's workbook calls its 2024 value illustrative
    note = f"不低于全省（2027年）：全省{MARK}2024年同期值2.25"
    assert row(t, "C", 2024) == [2.25, None, "reference", note, "reference", None]
    missing = "缺少参照单位全省2025年的数据（请把其报表放入数据目录）"
    assert row(t, "C", 2025) == [None, None, "reference", missing, "reference", None]


def test_a_reference_unit_missing_from_the_registry_is_named_by_its_code(tiny_framework):
    fw = tiny_framework(changes={"x": {"targets": {2027: {"reference": "800", "label": "不低于全省"}}}})
    t = decomposed(fw, [*SHARE, ("800", 2024, "x", 2.25)])
    assert row(t, "C", 2024)[3] == "不低于全省（2027年）：8002024年同期值2.25"  # the code 800, then the year 2024


def test_an_aspiration_above_the_province_beside_each_year(tiny_framework):
    """确保3、力争超全省0.2 (2027): the stretch is the province's value of the same year plus 0.2, never shared."""
    aspiration = {"guaranteed": 3, "stretch": {"reference": "900", "margin": 0.2}}
    fw = tiny_framework(changes={"x": {"targets": {2027: aspiration}}})
    rows = [*SHARE, ("900", 2024, "x", 2.25), ("C", 2025, "x", 2.6), ("900", 2027, "x", 2.5), ("C", 2027, "x", 2.9)]
    t = decomposed(fw, rows, units=WITH_PROVINCE, illustrative={("900", 2024)})
    # 2024: the path 2 + (3 − 2) × 2/5 = 2.4; the stretch 2.25 + 0.2
    note = f"由2022年与2027年目标线性插值；力争2027年超过全省：全省{MARK}2024年同期值2.25"
    assert row(t, "C", 2024) == [pytest.approx(2.4), pytest.approx(2.45), "plan", note, "dual", None]
    # the district: its share of the path, 2.4 × 0.4, against the province itself, 2.45 unscaled
    assert row(t, "D1", 2024)[:2] == [pytest.approx(0.96), pytest.approx(2.45)]
    # 2025: no province value, no stretch, and the note says what is missing
    note = "由2022年与2027年目标线性插值；力争2027年超过全省，缺少其2025年的数据（请把其报表放入数据目录）"
    assert row(t, "C", 2025)[1:4] == [None, "plan", note]
    # in the aspiration's own year it is 力争目标, not 力争2027年: 2.5 + 0.2
    assert row(t, "C", 2027)[1:4] == [pytest.approx(2.7), "plan", "规划目标值；力争目标超过全省：全省2027年同期值2.5"]


def test_an_aspiration_above_a_unit_missing_from_the_registry_is_named_by_its_code(tiny_framework):
    fw = tiny_framework(changes={"x": {"targets": {2027: {"guaranteed": 3, "stretch": {"reference": "800"}}}}})
    t = decomposed(fw, [*SHARE, ("800", 2024, "x", 2.25)])
    assert row(t, "C", 2024)[3] == "由2022年与2027年目标线性插值；力争2027年超过800：8002024年同期值2.25"


def test_a_unit_the_plan_gives_no_target_but_the_indicator_applies_to(tiny_framework):
    # an area is not summed into the city (city_sums: district): no share of the city's target, yet it is judged
    units = UnitRegistry("t", Unit("C", "全市", "city"), [], [], areas=[Unit("A1", "园一", "area")])
    fw = tiny_framework(changes={"x": {"applies_to": ["city", "area"]}})
    t = decomposed(fw, [("A1", 2022, "x", 1.0), ("A1", 2024, "x", 1.5)], units=units)
    assert row(t, "A1", 2024) == [None, None, "none", "规划未对该单位设定目标", "", None]
    assert tuple(t.loc[("A1", 2024), ["indicator", "baseline", "applicable"]]) == ("x", 1.0, True)


def test_baselines_missing_everywhere_are_still_numbers(tiny_framework):
    """No row of the baseline year: every baseline is missing, as NaN in a float column (progress is arithmetic)."""
    t = decomposed(tiny_framework(), [("C", 2024, "x", 2.5), ("D1", 2024, "x", 1.0)])
    assert t["baseline"].dtype == "float64" and t["baseline"].isna().all()


def test_a_zone_with_targets_of_its_own(tiny_framework, units_of):
    """A zone the plan gives its own 2027 target of 5 (none for the city): its path and final target are its own."""
    fw = tiny_framework(changes={"x": {"targets": None, "unit_targets": {"Z": {2027: 5}}}})
    t = decomposed(fw, [("Z", 2022, "x", 4.0), ("Z", 2024, "x", 4.5)], units=units_of([], zones=["Z"]))
    # from its own 2022 value: 4 + (5 − 4) × 2/5 = 4.4
    assert row(t, "Z", 2024) == [pytest.approx(4.4), None, "plan", "由2022年与2027年目标线性插值", "value", None]
    assert t.loc[("Z", 2024), "final_target"] == 5.0
    # the plan gives the zone targets, only not in its baseline year
    assert row(t, "Z", 2022) == [None, None, "none", "该年份不在规划期内", "", None]


def test_the_plans_baseline_starts_the_citys_path_and_the_data_share_it(tiny_framework):
    """The plan's 2022 baseline is 2.2, the city's 2022 data 2.0: the path starts from the plan, the share from the data."""
    t = decomposed(tiny_framework(changes={"x": {"baseline": 2.2}}))
    # the city's 2024 target 2.2 + (3 − 2.2) × 2/5 = 2.52; D1's share 0.8 ÷ 2.0 = 0.4 of it
    assert row(t, "D1", 2024)[:3] == [pytest.approx(1.008), None, "proportional"]
    assert row(t, "C", 2024)[:3] == [pytest.approx(2.52), None, "plan"]


NAN = float("nan")


def test_target_paths_of_a_district_and_the_city(tiny_framework, units_of):
    """Every year 2023–2027 of every indicator, by the rules of assign_targets, from a results table that holds
    another district too and lacks most years: D1's 2022 x is 0.4 of the city's, its y 0.5 of the city's."""
    fw = tiny_framework(changes={"x": {"targets": {2027: {"guaranteed": 3, "stretch": 4}}}})
    rows = [  # unit, name, year, indicator, value
        ("C", "全市", 2022, "x", 2.0),
        ("D1", "区D1", 2022, "x", 0.8),
        ("D2", "区D2", 2022, "x", 5.0),  # another district: nothing of D1's
        ("C", "全市", 2022, "y", 70.0),
        ("D1", "区D1", 2022, "y", 35.0),
        ("D1", "区D1", 2024, "x", 1.0),  # a year D1 has: not added again
    ]
    table = pd.DataFrame(rows, columns=["unit_code", "unit_name", "year", "indicator", "value"])
    tasks = pd.DataFrame([("D1", 2025, "x", 1.5)], columns=["unit_code", "year", "indicator", "target"])
    units = units_of(["D1", "D2"])
    years = pd.Index([2023, 2024, 2025, 2026, 2027], name="year")
    columns = pd.Index(["x", "y", "z"], name="indicator")

    def frame(x, y, z=(NAN,) * 5):  # z, a growth rate without any data: no baseline, only the 2027 milestone
        return pd.DataFrame({"x": x, "y": y, "z": list(z)}, index=years, columns=columns)

    # x: the city's 2 + (3 − 2) × k/5, × 0.4; 2025 from the task table. y: the city's 70 − 67 × k/5, × 0.5, down to
    # a whole number (a count, lower is better): 28.3, 21.6, 14.9, 8.2, 1.5. z: no share without D1's baseline
    expected = frame([0.88, 0.96, 1.5, 1.12, 1.2], [28.0, 21.0, 14.0, 8.0, 1.0])
    pd.testing.assert_frame_equal(target_paths(table, fw, units, tasks, "D1"), expected)
    # the stretch: the city's 2 + (4 − 2) × k/5, × 0.4; none from the task table, none of y
    expected = frame([0.96, 1.12, NAN, 1.44, 1.6], [NAN] * 5)
    pd.testing.assert_frame_equal(target_paths(table, fw, units, tasks, "D1", "stretch_target"), expected)
    # the city: 2 + (3 − 2) × k/5; 70 − 67 × k/5 down to whole numbers: 56.6, 43.2, 29.8, 16.4, 3; z's 15 in 2027
    expected = frame([2.2, 2.4, 2.6, 2.8, 3.0], [56.0, 43.0, 29.0, 16.0, 3.0], [NAN] * 4 + [15.0])
    pd.testing.assert_frame_equal(target_paths(table, fw, units, None, "C"), expected)
