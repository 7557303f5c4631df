"""Edges of measure/targets.py that mutation testing (mutmut) found unpinned; expected values by hand."""

import pytest

from sti_monitor.measure.targets import _between, _plain, whole_target


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
