"""Edges of measure/targets.py that mutation testing (mutmut) found unpinned; expected values by hand."""

from dataclasses import replace

import pandas as pd
import pytest

from sti_monitor.measure.plan_model import Formula, Target
from sti_monitor.measure.targets import _between, _plain, assign_targets, plan_target, whole_target


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
