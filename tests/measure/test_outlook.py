"""Outlook toward the final target: each category at its edges; expected values by hand."""

import pandas as pd
import pytest

from sti_monitor.measure.outlook import classify, outlooks

NAN = float("nan")


@pytest.mark.parametrize(
    "value, expected, ratio",
    [
        (119.0, "on_track", 0.95),  # ((119 − 100)/1) ÷ ((200 − 100)/5) = 19/20
        (118.9, "acceleration_needed", 0.945),
        (112.0, "acceleration_needed", 0.6),  # 12/20
        (111.9, "limited", 0.595),
        (100.0, "limited", 0.0),
        (99.0, "deteriorating", -0.05),
        (199.995, "achieved", None),  # 200.00 at 2 decimals
        (250.0, "achieved", None),
    ],
)
def test_linear(tiny_framework, value, expected, ratio):
    x = tiny_framework().indicator("x")  # linear, higher is better, 2 decimals
    category, r = classify(x, value, 100.0, 200.0, 1, 5)
    assert category == expected
    assert r == (None if ratio is None else pytest.approx(ratio))


@pytest.mark.parametrize(
    "value, expected, ratio",
    [
        (195.0, "on_track", 0.95),  # (195/100 − 1) ÷ ((400/100)^(1/2) − 1) = 0.95 ÷ 1
        (160.0, "acceleration_needed", 0.6),
        (159.0, "limited", 0.59),
        (90.0, "deteriorating", -0.1),
    ],
)
def test_geometric(tiny_framework, value, expected, ratio):
    x = tiny_framework(changes={"x": {"interpolation": "geometric"}}).indicator("x")
    category, r = classify(x, value, 100.0, 400.0, 1, 2)
    assert (category, r) == (expected, pytest.approx(ratio))


@pytest.mark.parametrize(
    "value, expected, ratio",
    [
        (15.0, "achieved", None),
        (14.25, "on_track", 0.95),  # 14.25 ÷ 15
        (9.0, "acceleration_needed", 0.6),
        (8.9, "limited", 8.9 / 15),
        (-1.5, "deteriorating", -0.1),
    ],
)
def test_growth_rate(tiny_framework, value, expected, ratio):
    z = tiny_framework().indicator("z")
    category, r = classify(z, value, 9.6, 15.0, 1, 5)
    assert category == expected
    assert r == (None if ratio is None else pytest.approx(ratio))


def test_lower_is_better(tiny_framework):
    y = tiny_framework().indicator("y")  # lower is better, linear, 0 decimals
    # baseline 100, final 50 in 5 years: −10 a year needed; −9.5 done in 1 year → 0.95
    assert classify(y, 90.5, 100.0, 50.0, 1, 5) == ("on_track", pytest.approx(0.95))
    assert classify(y, 50.0, 100.0, 50.0, 1, 5) == ("achieved", None)
    # 50.4 is shown as 50.4 (three significant digits), short of 50: (−49.6 / 1) ÷ (−50 / 5) = 4.96
    assert classify(y, 50.4, 100.0, 50.0, 1, 5) == ("on_track", pytest.approx(4.96))
    assert classify(y, 101.0, 100.0, 50.0, 1, 5) == ("deteriorating", pytest.approx(-0.1))


def test_no_improvement_asked_and_short_is_deteriorating(tiny_framework):
    x = tiny_framework().indicator("x")
    # an annual flow: baseline 160, final target 150; 149 falls short of a target that asks for no improvement
    assert classify(x, 149.0, 160.0, 150.0, 1, 5) == ("deteriorating", None)
    assert classify(x, 150.0, 160.0, 150.0, 1, 5) == ("achieved", None)


def test_unable(tiny_framework):
    x = tiny_framework().indicator("x")
    assert classify(x, 120.0, NAN, 200.0, 1, 5) == ("unable", None)  # no baseline
    assert classify(x, 120.0, 100.0, NAN, 1, 5) == ("unable", None)  # no final target
    assert classify(x, 120.0, 100.0, 200.0, 0, 5) == ("unable", None)  # the baseline year itself


# --- the outlook agrees with the status (issue 20, item 3) ---------------------------------------------


@pytest.mark.parametrize(
    "value, state, expected",
    [
        (200.0, "met", "completed"),
        (250.0, "met", "completed"),
        (199.0, "near", "not_completed"),  # in the final year only met or missed: never 进展顺利
        (120.0, "behind", "not_completed"),
        (NAN, "no_data", "unable"),
    ],
)
def test_final_year_is_completed_or_not(tiny_framework, value, state, expected):
    x = tiny_framework().indicator("x")
    assert classify(x, value, 100.0, 200.0, 5, 5, status=state, final_year=True) == (expected, None)


def test_achieved_only_when_this_years_status_is_met(tiny_framework):
    x = tiny_framework().indicator("x")
    # an annual flow: 166.9 reaches the final target 150 but misses this year's 180: not 已达成
    assert classify(x, 166.9, 160.0, 150.0, 1, 5, status="behind") == ("limited", None)
    assert classify(x, 175.0, 160.0, 150.0, 1, 5, status="near") == ("acceleration_needed", None)
    assert classify(x, 181.0, 160.0, 150.0, 1, 5, status="met") == ("achieved", None)
    # a level at the final target while this year's target is higher: paced, ((210 − 100)/1) ÷ ((200 − 100)/5) = 5.5
    assert classify(x, 210.0, 100.0, 200.0, 1, 5, status="behind") == ("on_track", pytest.approx(5.5))


@pytest.mark.parametrize(
    "value, expected, ratio",
    [
        (9.5, "on_track", 0.95),  # 9.5 ÷ 10, with no baseline at all
        (9.49, "acceleration_needed", 0.949),
        (8.9, "acceleration_needed", 0.89),
        (6.0, "acceleration_needed", 0.6),
        (5.99, "limited", 0.599),
        (0.0, "limited", 0.0),
        (-0.5, "deteriorating", -0.05),
    ],
)
def test_growth_rate_needs_no_baseline(tiny_framework, value, expected, ratio):
    z = tiny_framework().indicator("z")
    assert classify(z, value, NAN, 10.0, 1, 5, status="behind") == (expected, pytest.approx(ratio))


def test_growth_rate_class_is_monotone_in_the_growth(tiny_framework):
    z = tiny_framework().indicator("z")
    order = ["deteriorating", "limited", "acceleration_needed", "on_track", "achieved"]
    values = [v / 10 for v in range(-50, 200)]
    # the baseline-year growth (17.4) is above the final target: it must not matter
    ranks = [order.index(classify(z, v, 17.4, 15.0, 1, 5, status="met" if v >= 15 else "behind")[0]) for v in values]
    assert ranks == sorted(ranks)
    assert classify(z, 5.0, 9.6, 0.0, 1, 5, status="met")[0] == "achieved"
    assert classify(z, -1.0, 9.6, 0.0, 1, 5, status="behind") == ("unable", None)  # never divides by a target ≤ 0
    assert classify(z, 8.0, NAN, 10.0, 0, 5) == ("unable", None)  # the baseline year itself


def test_running_total_is_paced_against_the_plans_path(tiny_framework):
    fw = tiny_framework(
        changes={
            "x": {"formula": {"kind": "cumulative", "field": "rd_expenditure", "since": 2023}, "targets": {2027: 100}}
        }
    )
    # the path rises from 0 in 2022 to 100 in 2027: 20 a year; by 2024, 38 done = 19 a year → R = 0.95
    table = pd.DataFrame(
        {
            "indicator": "x",
            "year": [2022, 2024, 2024, 2025, 2027, 2027],
            "value": [NAN, 38.0, 37.9, 61.0, 100.0, 99.0],
            "baseline": NAN,
            "final_target": 100.0,
            "status": ["no_data", "behind", "behind", "met", "met", "near"],
            "target_kind": "value",
            "tolerance": NAN,
        }
    )
    out = outlooks(table, fw)
    assert out["outlook"].tolist() == [
        "unable",
        "on_track",
        "acceleration_needed",
        "on_track",
        "completed",
        "not_completed",
    ]
    # 61 by 2025: (61/3) ÷ (100/5) = 1.0167, on track but not yet at 100
    assert out["pace_ratio"].tolist() == pytest.approx([NAN, 0.95, 0.9475, 61 / 3 / 20, NAN, NAN], nan_ok=True)


def test_not_applicable_and_aspiration_rows(tiny_framework):
    fw = tiny_framework()
    table = pd.DataFrame(
        {
            "indicator": ["x", "x"],
            "year": [2024, 2024],
            "value": [3.0, 3.0],
            "baseline": [2.0, 2.0],
            "final_target": [3.0, 3.0],
            "status": ["not_applicable", "met"],
            "target_kind": ["", "aspiration"],
            "tolerance": [NAN, NAN],
        }
    )
    assert outlooks(table, fw)["outlook"].tolist() == ["not_applicable", "aspiration"]
