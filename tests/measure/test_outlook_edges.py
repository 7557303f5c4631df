"""Edges of measure/outlook.py (trajectory.py when mutmut ran) that mutation testing found unpinned; values by hand.

The tiny framework's indicators: x linear, higher is better, 2 decimals; y lower is better, 0 decimals;
z a growth rate, higher is better, 1 decimal (tests/conftest.py).
"""

import math

import pandas as pd
import pytest

from sti_monitor.measure.outlook import classify, outlooks, pace_ratio, shown_pace

NAN = float("nan")


# --- pace_ratio --------------------------------------------------------------------------------------------


def test_linear_pace_over_two_years(tiny_framework):
    x = tiny_framework().indicator("x")
    # ((130 − 100) / 2) ÷ ((200 − 100) / 5) = 15 ÷ 20 = 0.75
    assert classify(x, 130.0, 100.0, 200.0, 2, 5) == ("acceleration_needed", pytest.approx(0.75))
    # a pace needed of exactly 1 a year: ((101 − 100) / 1) ÷ ((105 − 100) / 5) = 1 ÷ 1
    assert classify(x, 101.0, 100.0, 105.0, 1, 5) == ("on_track", pytest.approx(1.0))
    # one year to go from the baseline: ((150 − 100) / 1) ÷ ((200 − 100) / 1) = 0.5
    assert classify(x, 150.0, 100.0, 200.0, 1, 1) == ("limited", pytest.approx(0.5))


def test_geometric_pace_over_two_years(tiny_framework):
    x = tiny_framework(changes={"x": {"interpolation": "geometric"}}).indicator("x")
    # needed: (1600/100)^(1/4) − 1 = 2 − 1 = 1; done: (256/100)^(1/2) − 1 = 1.6 − 1 = 0.6; R = 0.6
    assert classify(x, 256.0, 100.0, 1600.0, 2, 4) == ("acceleration_needed", pytest.approx(0.6))
    # a pace needed other than 1: (400/100)^(1/4) − 1 = √2 − 1; done (200/100)^(1/2) − 1 = √2 − 1; R = 1
    assert classify(x, 200.0, 100.0, 400.0, 2, 4) == ("on_track", pytest.approx(1.0))
    # all below 1 (still positive, so geometric): (1/0.25)^(1/2) − 1 = 1 needed; (0.5/0.25)^1 − 1 = 1 done
    assert classify(x, 0.5, 0.25, 1.0, 1, 2) == ("on_track", pytest.approx(1.0))


def test_geometric_falls_back_to_linear_when_a_value_is_not_positive(tiny_framework):
    x = tiny_framework(changes={"x": {"interpolation": "geometric"}}).indicator("x")
    # value 0: linear ((0 − 100) / 1) ÷ ((400 − 100) / 2) = −100 ÷ 150 = −0.667 (geometric would say −1)
    assert classify(x, 0.0, 100.0, 400.0, 1, 2) == ("deteriorating", pytest.approx(-2 / 3))
    # baseline 0: linear ((50 − 0) / 1) ÷ ((100 − 0) / 2) = 1 (geometric would divide by 0)
    assert classify(x, 50.0, 0.0, 100.0, 1, 2) == ("on_track", pytest.approx(1.0))
    y = tiny_framework(changes={"y": {"interpolation": "geometric"}}).indicator("y")
    # lower is better, final target 0: linear ((50 − 100) / 1) ÷ ((0 − 100) / 2) = −50 ÷ −50 = 1
    # (geometric from the final target 0 would give (0.5 − 1) ÷ (0 − 1) = 0.5)
    assert classify(y, 50.0, 100.0, 0.0, 1, 2) == ("on_track", pytest.approx(1.0))


def test_geometric_target_a_rounding_error_above_the_baseline_is_unable(tiny_framework):
    x = tiny_framework(changes={"x": {"interpolation": "geometric"}}).indicator("x")
    # F = 1 + 2⁻⁵² > b = 1 asks for an improvement, but (F / b)^(1/5) − 1 = 0 in floating point: no pace
    assert classify(x, 0.5, 1.0, 1.0000000000000002, 1, 5) == ("unable", None)


def test_pace_ratio_is_none_when_no_pace_is_needed(tiny_framework):
    x = tiny_framework().indicator("x")
    assert pace_ratio(x, 120.0, 100.0, 100.0, 1, 5) is None  # (100 − 100) / 5 = 0 needed a year
    g = tiny_framework(changes={"x": {"interpolation": "geometric"}}).indicator("x")
    assert pace_ratio(g, 120.0, 100.0, 100.0, 1, 5) is None  # (100/100)^(1/5) − 1 = 0


def test_growth_rate_pace(tiny_framework):
    z = tiny_framework().indicator("z")
    # a target below 1 is still a divisor: 0.4 ÷ 0.5 = 0.8
    assert classify(z, 0.4, NAN, 0.5, 1, 5, status="behind") == ("acceleration_needed", pytest.approx(0.8))
    low = tiny_framework(changes={"z": {"direction": "lower"}}).indicator("z")
    # lower is better: F ÷ v = 10 ÷ 12.5 = 0.8
    assert classify(low, 12.5, NAN, 10.0, 1, 5, status="behind") == ("acceleration_needed", pytest.approx(0.8))


def test_growth_rate_reaching_its_target_as_shown_is_achieved(tiny_framework):
    z = tiny_framework().indicator("z")
    # 14.96% shows as 15.0% at the indicator's 1 decimal: met in percentage points, no completion ratio
    # (a completion of 14.96 ÷ 15 = 99.7% would have said not yet)
    assert classify(z, 14.96, NAN, 15.0, 1, 5) == ("achieved", None)


def test_level_is_judged_at_the_rows_precision(tiny_framework):
    x = tiny_framework().indicator("x")
    # 0.0299 against 0.03: 2 decimals would show 0.03 = 0.03, but the row shows three significant digits,
    # 0.0299 < 0.0300, so not reached: ((0.0299 − 0.01) / 1) ÷ ((0.03 − 0.01) / 5) = 0.0199 ÷ 0.004 = 4.975
    assert classify(x, 0.0299, 0.01, 0.03, 1, 5) == ("on_track", pytest.approx(4.975))


def test_ratio_a_hair_below_the_threshold_counts_as_at_it(tiny_framework):
    z = tiny_framework().indicator("z")
    # 9.499999996 ÷ 10 = 0.9499999996, which rounds to 0.950000000 at 9 decimals: floating-point noise
    assert classify(z, 9.499999996, NAN, 10.0, 1, 5, status="behind")[0] == "on_track"


# --- classify ----------------------------------------------------------------------------------------------


def test_about_target_reaches_the_final_target_within_its_tolerance(tiny_framework):
    x = tiny_framework().indicator("x")
    # 左右 200 within 1: 199.5 ≥ 200 − 1 -> achieved
    assert classify(x, 199.5, 100.0, 200.0, 1, 5, kind="about", tolerance=1.0) == ("achieved", None)
    # no tolerance given, or a missing one: 199.50 < 200.00, paced: (99.5 / 1) ÷ (100 / 5) = 4.975
    assert classify(x, 199.5, 100.0, 200.0, 1, 5, kind="about") == ("on_track", pytest.approx(4.975))
    assert classify(x, 199.5, 100.0, 200.0, 1, 5, kind="about", tolerance=NAN) == ("on_track", pytest.approx(4.975))


def test_no_value_is_unable_in_any_year(tiny_framework):
    x = tiny_framework().indicator("x")
    assert classify(x, NAN, 100.0, 200.0, 1, 5) == ("unable", None)
    assert classify(x, NAN, 100.0, 200.0, 1, 5, status="no_data") == ("unable", None)


def test_no_pace_before_a_plan_of_zero_years(tiny_framework):
    x = tiny_framework().indicator("x")
    assert classify(x, 150.0, 100.0, 200.0, 1, 0) == ("unable", None)  # N = 0: no pace needed per year


def test_final_year_without_a_status_given_is_judged_against_the_final_target(tiny_framework):
    x = tiny_framework().indicator("x")
    assert classify(x, 150.0, 100.0, 200.0, 5, 5, final_year=True) == ("not_completed", None)  # 150 < 200
    assert classify(x, 200.0, 100.0, 200.0, 5, 5, final_year=True) == ("completed", None)


def test_final_year_without_a_judged_status_is_unable(tiny_framework):
    x = tiny_framework().indicator("x")
    # a value but no target this year: neither completed nor not completed
    assert classify(x, 150.0, 100.0, 200.0, 5, 5, status="no_target", final_year=True) == ("unable", None)


def test_holding_a_level(tiny_framework):
    x = tiny_framework().indicator("x")  # baseline 160, final target 150: no improvement asked
    # at F with no target this year: on track
    assert classify(x, 150.0, 160.0, 150.0, 1, 5, status="no_target") == ("on_track", None)
    # this year's target (say 140) met, but below F: deteriorating, never 已达成
    assert classify(x, 149.0, 160.0, 150.0, 1, 5, status="met") == ("deteriorating", None)
    # F equal to the baseline asks for no improvement either: 140 < 150 -> deteriorating (not unable)
    assert classify(x, 140.0, 150.0, 150.0, 1, 5) == ("deteriorating", None)
    y = tiny_framework().indicator("y")  # lower is better
    # F = b = 50: 60 > 50, behind and not at F -> deteriorating
    assert classify(y, 60.0, 50.0, 50.0, 1, 5) == ("deteriorating", None)


# --- outlooks ----------------------------------------------------------------------------------------------


def test_outlooks_without_status_kind_or_tolerance_columns(tiny_framework):
    fw = tiny_framework()
    table = pd.DataFrame(
        {
            "indicator": ["x", "x"],
            "year": [2023, 2023],
            "value": [200.0, 120.0],
            "baseline": [100.0, 100.0],
            "final_target": [200.0, 200.0],
        },
        index=[10, 11],
    )
    out = outlooks(table, fw)
    # 200 reaches F and, with no status given, is met: achieved; 120: (20 / 1) ÷ (100 / 5) = 1.0
    assert out["outlook"].tolist() == ["achieved", "on_track"]
    assert out["pace_ratio"].tolist() == pytest.approx([NAN, 1.0], nan_ok=True)
    assert out.index.tolist() == [10, 11]  # the table's own index


def test_outlooks_empty_status_is_no_status_and_about_without_tolerance_is_exact(tiny_framework):
    fw = tiny_framework()
    table = pd.DataFrame(
        {
            "indicator": ["x", "x"],
            "year": [2023, 2023],
            "value": [200.0, 199.5],
            "baseline": [100.0, 100.0],
            "final_target": [200.0, 200.0],
            "status": ["", ""],
            "target_kind": ["about", "about"],
        }
    )
    out = outlooks(table, fw)
    # "" is no status: 200 is met; 199.5 of 左右 200 with no tolerance column: (99.5 / 1) ÷ (100 / 5) = 4.975
    assert out["outlook"].tolist() == ["achieved", "on_track"]
    assert out["pace_ratio"].tolist() == pytest.approx([NAN, 4.975], nan_ok=True)


def test_pace_ratio_column_is_numeric_when_no_row_has_a_ratio(tiny_framework):
    fw = tiny_framework()
    table = pd.DataFrame(
        {"indicator": ["x"], "year": [2023], "value": [250.0], "baseline": [100.0], "final_target": [200.0]}
    )
    out = outlooks(table, fw)
    assert out["outlook"].tolist() == ["achieved"]
    assert out["pace_ratio"].dtype == float and math.isnan(out["pace_ratio"].iloc[0])


def test_outlooks_use_the_tables_status_and_tolerance(tiny_framework):
    fw = tiny_framework()
    table = pd.DataFrame(
        {
            "indicator": ["x", "x"],
            "year": [2023, 2023],
            "value": [155.0, 199.5],
            "baseline": [160.0, 100.0],
            "final_target": [150.0, 200.0],
            "status": ["near", "met"],
            "target_kind": ["value", "about"],
            "tolerance": [NAN, 1.0],
        }
    )
    out = outlooks(table, fw)
    # 155 reaches F = 150, but this year's status is near: a level to hold, near -> acceleration_needed;
    # 199.5 of 左右 200 within the row's tolerance 1 reaches F and is met -> achieved
    assert out["outlook"].tolist() == ["acceleration_needed", "achieved"]


@pytest.mark.parametrize(
    ("r", "shown"),
    [
        (-0.004483, -0.01),  # 温州海经区 2023 R&D: 退步; half up would show 0.00, the bound of 进展有限
        (0.949, 0.94),  # 需加快: never 0.95, the bound of 进展顺利
        (0.599999, 0.59),  # 进展有限: never 0.60
        (0.95, 0.95),  # a bound itself stays
        (0.4798, 0.48),  # half up where no bound is crossed (鹿城区's 万名就业人员研发人员)
        (0.29, 0.29),
        (2.262083, 2.26),
        (-4.352943, -4.35),
        (0.0, 0.0),
    ],
)
def test_a_pace_ratio_is_shown_without_crossing_its_class(r, shown):
    assert shown_pace(r) == shown


def test_a_missing_pace_ratio_stays_missing():
    assert shown_pace(None) is None and math.isnan(shown_pace(float("nan")))
