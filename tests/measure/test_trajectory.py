"""Trajectory toward the final target: each category at its edges; expected values by hand."""
import pytest

from sti_monitor.measure.trajectory import classify

NAN = float("nan")



@pytest.mark.parametrize("value, expected, ratio", [
    (119.0, "on_track", 0.95),                 # ((119 − 100)/1) ÷ ((200 − 100)/5) = 19/20
    (118.9, "acceleration_needed", 0.945),
    (112.0, "acceleration_needed", 0.6),       # 12/20
    (111.9, "limited", 0.595),
    (100.0, "limited", 0.0),
    (99.0, "deteriorating", -0.05),
    (199.995, "achieved", None),               # 200.00 at 2 decimals
    (250.0, "achieved", None),
])
def test_linear(tiny_framework, value, expected, ratio):
    x = tiny_framework().indicator("x")  # linear, higher is better, 2 decimals
    category, r = classify(x, value, 100.0, 200.0, 1, 5)
    assert category == expected
    assert r == (None if ratio is None else pytest.approx(ratio))


@pytest.mark.parametrize("value, expected, ratio", [
    (195.0, "on_track", 0.95),                 # (195/100 − 1) ÷ ((400/100)^(1/2) − 1) = 0.95 ÷ 1
    (160.0, "acceleration_needed", 0.6),
    (159.0, "limited", 0.59),
    (90.0, "deteriorating", -0.1),
])
def test_geometric(tiny_framework, value, expected, ratio):
    x = tiny_framework(changes={"x": {"interpolation": "geometric"}}).indicator("x")
    category, r = classify(x, value, 100.0, 400.0, 1, 2)
    assert (category, r) == (expected, pytest.approx(ratio))


@pytest.mark.parametrize("value, expected, ratio", [
    (15.0, "achieved", None),
    (14.25, "on_track", 0.95),                 # 14.25 ÷ 15
    (9.0, "acceleration_needed", 0.6),
    (8.9, "limited", 8.9 / 15),
    (-1.5, "deteriorating", -0.1),
])
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
    assert classify(x, 120.0, NAN, 200.0, 1, 5) == ("unable", None)   # no baseline
    assert classify(x, 120.0, 100.0, NAN, 1, 5) == ("unable", None)   # no final target
    assert classify(x, 120.0, 100.0, 200.0, 0, 5) == ("unable", None)  # the baseline year itself

