"""Edges of measure/precision.py that mutation testing (mutmut) found unpinned; expected values by hand."""
from sti_monitor.measure.precision import reaches, row_precision, shown_completion


def test_completion_is_none_when_only_the_value_is_missing():
    # no value, a target of 5: nothing to divide, so no completion (not a TypeError)
    assert shown_completion(None, 5) is None


def test_completion_with_a_denominator_between_zero_and_one():
    # 1.5 ÷ 0.5 = 3 -> 300.0%; a denominator below 1 is still a valid one
    assert str(shown_completion(1.5, 0.5)) == "300.0"


def test_reaches_defaults_to_higher_is_better_and_honours_lower_is_better():
    # 2 against 1: higher is better by default, so 2 reaches 1; when lower is better 2 does not reach 1
    assert reaches(2, 1, 0) is True
    assert reaches(2, 1, 0, higher_is_better=False) is False


def test_row_precision_sizes_by_the_smaller_of_value_and_target():
    # 0.034 against 1.0: the smaller, 0.034, needs 3 - 1 - floor(log10 0.034) = 2 + 2 = 4 decimals (0.0340);
    # completion 3.4% and 0.0340 < 1.0000 agree (not met), so 4 stays
    assert row_precision(1, 0.034, 1.0) == 4
    # 1.0 against 0.034: the smaller is now the target, again 4 decimals; 2941% and 1.0000 >= 0.0340 agree
    assert row_precision(1, 1.0, 0.034) == 4


def test_row_precision_lower_is_better_uses_the_inverted_completion():
    # lower is better, 0.5 against 1.0: completion 1.0 ÷ 0.5 = 200% (met) and 0.500 <= 1.000 (reaches) agree;
    # precision from magnitude: 3 - 1 - floor(log10 0.5) = 2 + 1 = 3
    assert row_precision(1, 0.5, 1.0, higher_is_better=False) == 3


def test_row_precision_lower_is_better_raises_until_the_shown_numbers_agree():
    # lower is better, 1.7049 against 1.7: completion 1.7 ÷ 1.7049 = 99.71% shows 99.7% (not met);
    # magnitude gives 2 decimals, 1.70 <= 1.70 reads as met: disagree; at 3 decimals 1.705 > 1.700: agree -> 3
    assert row_precision(1, 1.7049, 1.7, higher_is_better=False) == 3


def test_row_precision_stops_at_six_decimals():
    # 9,996 of 10,000 whole: completion 99.96% shows 100.0% (met) but 9996 < 10000 at every precision,
    # so the search gives up at MAX_DECIMALS = 6
    assert row_precision(0, 9996, 10000) == 6
