"""Edges of measure/compliance.py that mutation testing (mutmut) found unpinned; expected values by hand."""
import pytest

from sti_monitor.measure.compliance import achievement, required_growth, score, status
from sti_monitor.measure.framework import load_framework

FW = load_framework("wenzhou-2027")


def test_achievement_edges():
    assert achievement(2, 4) == 0.5            # higher is better by default: 2 ÷ 4
    assert achievement(None, 4) is None        # no value: nothing to divide (not a TypeError)
    assert achievement(0.5, 0.5) == 1.0        # a target below 1 is still a valid divisor: 0.5 ÷ 0.5


def test_about_target_without_tolerance_is_an_exact_target():
    # 左右 10.0 with no tolerance given: 9.5 ÷ 10 = 95% -> near, not met
    assert status(9.5, 10.0, 1, kind="about") == "near"


def test_tolerance_counts_only_for_about_targets():
    # a plain target of 10.0 with a tolerance passed: the tolerance is ignored, 95% -> near
    assert status(9.5, 10.0, 1, tolerance=1.0) == "near"


def test_about_target_lower_is_better_allows_the_tolerance_above():
    # lower is better, 左右 10.0 within 1.0: the ceiling is 10 + 1 = 11, and 10.5 <= 11 -> met
    assert status(10.5, 10.0, 1, higher_is_better=False, kind="about", tolerance=1.0) == "met"


def test_growth_rate_status_is_judged_without_completion():
    # growth 14.96% against 15.0%: at its own 1 decimal 15.0 = 15.0 -> met (with a completion, 99.7%, it would not be)
    assert status(14.96, 15.0, 1, completion_shown=False) == "met"


def test_lower_is_better_near_or_behind_uses_the_inverted_achievement():
    # lower is better, 110 against 100: 100 ÷ 110 = 0.909 < 0.95 -> behind
    assert status(110, 100, 0, higher_is_better=False) == "behind"


def test_score_edges():
    assert score(None, "no_target") is None        # no target: not scored
    assert score(0.8, "not_applicable") is None    # not applicable: not scored, whatever the ratio
    assert score(None, "behind") == 0.0            # not met and no ratio: 0
    assert score(1.2, "behind") == 100.0           # achievement capped at 1: min(1.2, 1) × 100


def test_required_growth_edges():
    rd, rd_staff, hitech = (FW.indicator(i) for i in ("rd_gdp_ratio", "rd_personnel_per_10k", "hitech_enterprises"))
    assert required_growth(rd, None, 3.4, 4) == (None, "")                  # no value
    g, unit = required_growth(rd, 2.7, 3.4, 1)                             # one year left: (3.4 − 2.7) ÷ 1
    assert g == pytest.approx(0.7) and unit == "个百分点"
    assert required_growth(rd_staff, 50, 70, 4) == (5.0, "人年")             # (70 − 50) ÷ 4, in the indicator's unit
    assert required_growth(hitech, 0, 6500, 4) == (None, "")               # geometric from 0: no compound rate
    assert required_growth(hitech, 4300, 0, 4) == (None, "")               # geometric to 0: none either
    g, unit = required_growth(hitech, 1, 16, 4)                            # 16^(1/4) − 1 = 2 − 1 -> 100%
    assert g == pytest.approx(100.0) and unit == "%"
    g, unit = required_growth(hitech, 16, 1, 4)                            # (1/16)^(1/4) − 1 = 0.5 − 1 -> −50%
    assert g == pytest.approx(-50.0) and unit == "%"
