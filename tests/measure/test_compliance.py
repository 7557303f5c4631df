"""Status, achievement score, progress and required growth at their edges."""

import pytest

from sti_monitor.measure.compliance import (
    achievement,
    achievement_score,
    progress,
    required_growth,
    round_half_up,
    status,
)
from sti_monitor.measure.framework import load_framework

FW = load_framework("wenzhou-2027")


@pytest.mark.parametrize(
    "value, target, precision, expected",
    [
        (2.7, 2.7, 2, "met"),  # exactly at target
        (2.6987, 2.7, 2, "met"),  # 2.70 / 2.70, completion 99.95% shows as 100.0%
        (2.695, 2.7, 2, "near"),  # 2.70 / 2.70 would show 99.8%: shown at 2.695 / 2.700 instead
        (2.6949, 2.7, 2, "near"),  # 2.6949 / 2.7 = 0.998
        (119.95, 120, 0, "met"),  # 120 / 120, 99.96% shows as 100.0%
        (119.5, 120, 0, "near"),  # 120 / 120 would show 99.6%: shown at 119.5 / 120.0
        (1.695, 1.7, 1, "near"),  # three significant digits: 1.70 / 1.70 at 99.7% -> 1.695 / 1.700
        (119.4, 120, 0, "near"),
        (95.0, 100, 0, "near"),  # achievement exactly 0.95
        (94.9, 100, 0, "behind"),  # 0.949
        (float("nan"), 100, 0, "no_data"),
        (50, float("nan"), 0, "no_target"),
    ],
)
def test_status_edges(value, target, precision, expected):
    assert status(value, target, precision) == expected


def test_lower_is_better():
    assert achievement(80, 100, higher_is_better=False) == pytest.approx(1.25)
    assert status(101, 100, 0, higher_is_better=False) == "near"  # 100/101 = 0.990
    assert status(100.04, 100, 0, higher_is_better=False) == "met"  # 100/100.04 = 99.96% -> 100.0%
    assert status(100.4, 100, 0, higher_is_better=False) == "near"  # 100/100.4 = 99.6%


def test_round_half_up_is_not_bankers_rounding():
    assert str(round_half_up(2.665, 2)) == "2.67"  # float 2.665 is 2.66499…; officials round the shown 2.665 up
    assert str(round_half_up(0.5, 0)) == "1"


def test_score_is_capped_and_floored():
    assert achievement_score(1.2, "met") == 100
    assert achievement_score(0.8, "behind") == pytest.approx(80)
    assert achievement_score(-0.5, "behind") == 0
    assert achievement_score(None, "met") == 100
    assert achievement_score(None, "no_data") is None


def test_progress():
    assert progress(3.0, 2.6, 3.4) == pytest.approx(0.5)  # (3.0 − 2.6) / (3.4 − 2.6)
    assert progress(2.5, 2.6, 3.4) == pytest.approx(-0.125)
    assert progress(160, 152, 150) is None  # final target below baseline: no progress to measure
    assert progress(1, 1, 1) is None


def test_required_growth():
    # geometric: 4300 -> 6500 in 4 years: (6500/4300)^(1/4) − 1
    g, unit = required_growth(FW.indicator("hitech_enterprises"), 4300, 6500, 4)
    assert g == pytest.approx(((6500 / 4300) ** 0.25 - 1) * 100) and unit == "%"
    # linear, a % indicator: (3.4 − 2.7) / 4 percentage points a year
    g, unit = required_growth(FW.indicator("rd_gdp_ratio"), 2.7, 3.4, 4)
    assert g == pytest.approx(0.175) and unit == "个百分点"
    assert required_growth(FW.indicator("hitech_investment_growth"), 9, 15, 4) == (None, "")
    assert required_growth(FW.indicator("rd_gdp_ratio"), 2.7, 3.4, 0) == (None, "")
