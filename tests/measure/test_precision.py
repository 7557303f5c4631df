"""The precision a row is shown at, and the status judged on what the reader sees."""

import pytest

from sti_monitor.measure.precision import magnitude_precision, met_as_shown, row_precision, shown_completion


@pytest.mark.parametrize(
    "precision, numbers, expected",
    [
        (1, (1.7, 1.69), 2),  # 1.70 / 1.69: three significant digits
        (1, (38.0, 40.2), 1),  # already 38.0
        (0, (4230, 4100), 0),  # large counts keep their whole numbers
        (2, (0.034, 0.05), 4),  # 0.0340
        (1, (0.0, float("nan")), 1),  # nothing to size by
        (0, (0.0000001,), 6),  # capped at six decimals
    ],
)
def test_magnitude_precision(precision, numbers, expected):
    assert magnitude_precision(precision, *numbers) == expected


def test_completion_is_shown_at_one_decimal_half_up():
    assert str(shown_completion(1.695, 1.7)) == "99.7"  # 99.705… -> 99.7
    assert str(shown_completion(80, 100, higher_is_better=False)) == "125.0"
    assert shown_completion(5, 0) is None


@pytest.mark.parametrize(
    "value, target, precision, expected_precision, met",
    [
        (1.688, 1.7, 1, 2, False),  # 技术交易额: 1.69 / 1.70, 99.3% -> not met (was 1.7 / 1.7 达标)
        (1.6995, 1.7, 1, 2, True),  # 1.70 / 1.70, 99.97% shows 100.0%
        (1.699, 1.7, 1, 3, False),  # 1.70 / 1.70 but 99.94% shows 99.9%: one more decimal, 1.699 / 1.700
        (38, 40, 0, 0, False),  # whole counts stay whole: 38 / 40, 95.0%
        (38, 40.4, 0, 1, False),  # 38.0 / 40.4, 94.1%
        (39.99, 40, 0, 1, True),  # 40.0 / 40.0, completion 99.975% shows 100.0%
        (39.94, 40, 0, 1, False),  # 39.9 / 40.0 and 99.85% -> 99.9%: both say not yet
        (4231, 4230, 0, 0, True),
    ],
)
def test_row_precision_and_status_agree_with_the_shown_completion(value, target, precision, expected_precision, met):
    assert row_precision(precision, value, target) == expected_precision
    assert met_as_shown(value, target, precision) is met


def test_growth_rates_are_judged_at_their_own_precision_without_completion():
    # 15.2% against 15.0%: 0.2 percentage points above; no ratio of rates
    assert row_precision(1, 15.2, 15.0, completion_shown=False) == 1
    assert met_as_shown(15.2, 15.0, 1, completion_shown=False) is True
    assert met_as_shown(14.96, 15.0, 1, completion_shown=False) is True  # shows 15.0 / 15.0
    assert met_as_shown(-3.0, 15.0, 1, completion_shown=False) is False
