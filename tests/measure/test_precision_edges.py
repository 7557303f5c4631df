"""Edges of measure/precision.py that mutation testing (mutmut) found unpinned; expected values by hand."""

from sti_monitor.measure.precision import met_as_shown, reaches, row_precision, shown_completion


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


def test_a_row_straddling_a_rounding_boundary_is_met_one_decimal_further():
    # 1000.49 of 1000.51: completion 99.998% shows 100.0%, but at 0 decimals 1000 < 1001; at 1 decimal
    # 1000.5 = 1000.5, so the row is shown at 1 decimal and reads as met
    assert row_precision(0, 1000.49, 1000.51) == 1
    assert met_as_shown(1000.49, 1000.51, 0) is True
    # the mirror image when lower is better: 1000.51 against a ceiling of 1000.49, 1000.49 ÷ 1000.51 = 99.998%
    assert met_as_shown(1000.51, 1000.49, 0, higher_is_better=False) is True


def test_met_is_judged_at_the_row_precision_not_at_one_decimal():
    # 100.049 of 100.051: at the row's 0 decimals 100 = 100 and 99.998% shows 100.0%: met
    # (at 1 decimal it would be 100.0 < 100.1)
    assert met_as_shown(100.049, 100.051, 0) is True


def test_met_without_a_defined_completion_follows_the_shown_values():
    # lower is better, -1.0 under a ceiling of 1.0: the completion 1.0 ÷ -1.0 has no meaning (None), -1.0 <= 1.0
    assert met_as_shown(-1.0, 1.0, 1, higher_is_better=False) is True
    # higher is better, 0.5 against a target of 0: completion 0.5 ÷ 0 undefined, 0.500 >= 0.000
    assert met_as_shown(0.5, 0.0, 1) is True


def test_at_the_six_decimal_cap_the_completion_still_decides():
    # 0.0000015 of 0.0000024 both show 0.000002 at the cap of 6 decimals, but completion 62.5% is not 100.0%
    assert row_precision(6, 0.0000015, 0.0000024) == 6
    assert met_as_shown(0.0000015, 0.0000024, 6) is False
