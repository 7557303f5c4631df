"""Edges of measure/assessment.py that mutation testing (mutmut) found unpinned; expected values by hand."""

import math

import pytest

from sti_monitor.measure.assessment import grade_for, growth_score, indicator_score


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
