"""Edges of measure/composite.py that mutation testing (mutmut) found unpinned; expected values by hand."""

import numpy as np
import pandas as pd
import pytest

from sti_monitor.measure.composite import (
    index_change,
    minmax_bounds,
    normalise_minmax,
    normalised,
    ranks_per_column,
    raw_index,
    window_years,
)

NAN = float("nan")


def test_window_years(tiny_framework):
    fw = tiny_framework()  # baseline year 2022
    assert window_years(fw, 2024) == [2022, 2023, 2024]
    assert window_years(fw, 2022) == [2022]
    assert window_years(fw, 2020) == [2020]  # before the baseline: that year alone


def test_minmax_bounds_of_one_value_and_of_none():
    assert minmax_bounds(np.array([3.0, NAN]), 3) == (3.0, 3.0)  # one value: it is both bounds
    low, high = minmax_bounds(np.array([NAN, NAN]), 3)
    assert np.isnan(low) and np.isnan(high)


def test_outlier_rule_with_a_small_sample_sd():
    # 0, 0, 0, 0.2: mean 0.05, sample SD 0.1; |0.2 − 0.05| = 0.15 = 1.5 SDs, beyond 1.4 SDs: dropped
    assert minmax_bounds(np.array([0.0, 0.0, 0.0, 0.2]), 1.4) == (0.0, 0.0)
    assert minmax_bounds(np.array([0.0, 0.0, 0.0, 0.2]), 1.6) == (0.0, 0.2)


def test_normalise_without_one_bound_is_missing():
    assert np.isnan(normalise_minmax(np.array([1.0, 2.0]), NAN, 5.0)).all()
    assert np.isnan(normalise_minmax(np.array([1.0, 2.0]), 0.0, NAN)).all()


def norm_frame(rows):
    return pd.DataFrame(rows, index=list("ABCDE")[: len(rows)], columns=["a", "b", "c", "d"], dtype=float)


def test_raw_index_coverage_exactly_at_the_minimum():
    norm = norm_frame([[0.2, 0.4, 0.6, NAN], [0.2, NAN, NAN, NAN]])
    out = raw_index(norm, 0.75)
    # A: 3 of 4 = 75% have data, exactly the minimum: (0.2 + 0.4 + 0.6) ÷ 3 = 0.4; B: 25%: none
    assert out["A"] == pytest.approx(0.4)
    assert np.isnan(out["B"])


def test_raw_index_counts_only_what_applies():
    norm = norm_frame(
        [
            [0.8, 0.1, 0.1, 0.1],  # only a applies: 1 of 1 -> 0.8 (the others are not averaged in)
            [0.5, 0.5, 0.5, 0.5],  # nothing applies: none
            [0.2, NAN, 0.9, 0.9],  # a and b apply, only a has data: 1 of 2 = 50% < 75%: none
            [0.3, 0.5, 0.7, 0.9],  # not in the applicability table at all: nothing applies, none
        ]
    )
    applicable = pd.DataFrame(
        [[True, False, False, False], [False] * 4, [True, True, False, False]],
        index=list("ABC"),
        columns=["a", "b", "c", "d"],
    )
    out = raw_index(norm, 0.75, applicable)
    assert out["A"] == pytest.approx(0.8)
    assert np.isnan(out["B"]) and np.isnan(out["C"]) and np.isnan(out["D"])


def test_bounds_come_from_the_districts_in_the_window_only(tiny_framework, units_of):
    fw = tiny_framework()
    fw = fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:1]})  # x only, higher is better
    index = pd.MultiIndex.from_tuples(
        [("D1", 2022), ("D2", 2022), ("C", 2022), ("D1", 2023)], names=["unit_code", "year"]
    )
    transformed = pd.DataFrame({"x": [0.0, 10.0, 100.0, 50.0]}, index=index)
    out = normalised(transformed, fw, units_of(["D1", "D2"]), 2022)
    # 2022's window holds D1 and D2 in 2022 only: bounds 0..10 (not the city's 100, not D1's 50 of 2023);
    # D2 (10 − 0) ÷ 10 = 1, and the city and D1 in 2023 beyond the max are clipped to 1
    assert out["x"].tolist() == [0.0, 1.0, 1.0, 1.0]


def test_normalised_keeps_the_columns_of_the_table(tiny_framework, units_of):
    fw = tiny_framework()
    fw = fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:2]})  # x, then y (lower is better)
    index = pd.MultiIndex.from_tuples([("D1", 2022), ("D2", 2022)], names=["unit_code", "year"])
    transformed = pd.DataFrame({"y": [1.0, 3.0], "x": [2.0, 4.0]}, index=index)
    out = normalised(transformed, fw, units_of(["D1", "D2"]), 2022)
    assert list(out.columns) == ["y", "x"]
    # y: lower is better, 1 − (1 − 1) ÷ 2 = 1 and 1 − (3 − 1) ÷ 2 = 0; x: (2 − 2) ÷ 2 = 0 and 1
    assert out.to_numpy().tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_index_change_edges(tiny_framework, units_of):
    fw = tiny_framework()  # baseline year 2022
    units = units_of(["D1", "D2", "D3"])
    index = pd.MultiIndex.from_tuples(
        [("C", 2022), ("D1", 2022), ("D1", 2023), ("D2", 2022), ("D2", 2023), ("D3", 2022), ("D3", 2023)],
        names=["unit_code", "year"],
    )
    norm = pd.DataFrame(
        {"a": [0.0, 0.1, 0.3, 0.2, 0.4, 0.5, 0.9], "b": [0.5, NAN, 0.9, 0.4, 0.6, 0.5, 0.9]}, index=index
    )
    codes = ["D1", "D2", "D3"]
    change, _ = index_change(norm, fw, units, 2023, codes)
    # D2 on a and b: 100 × ((0.4 + 0.6)/2 − (0.2 + 0.4)/2) ÷ the city's 2022 mean (0 + 0.5)/2 = 100 × 0.2 ÷ 0.25 = 80
    assert change[1] == pytest.approx(80.0)
    # D1 has only a in 2022, where the city's 2022 value is 0: no reference to divide by, no change
    assert np.isnan(change[0])
    # in the baseline year itself every change is 0 (D3: a and b as in 2022); before it there is none
    at_base, _ = index_change(norm, fw, units, 2022, codes)
    assert at_base[1] == pytest.approx(0.0) and at_base[2] == pytest.approx(0.0)
    before, notes = index_change(norm, fw, units, 2021, codes)
    assert np.isnan(before).all() and notes == ["", "", ""]
    # a unit missing from the applicability table has nothing that applies: no change
    applicable = pd.DataFrame(True, index=index.drop(("D3", 2023)), columns=["a", "b"])
    change, notes = index_change(norm, fw, units, 2023, codes, applicable)
    assert change[1] == pytest.approx(80.0) and np.isnan(change[2]) and notes[2] == ""
    # only b applies to D2: 100 × (0.6 − 0.4) ÷ the city's 0.5 = 40, resting on all that applies (no note)
    only_b = pd.DataFrame({"a": False, "b": True}, index=index)
    change, notes = index_change(norm, fw, units, 2023, codes, only_b)
    assert change[1] == pytest.approx(40.0) and notes[1] == ""


def test_index_change_of_a_unit_new_since_the_baseline_year(tiny_framework, units_of):
    fw = tiny_framework()
    index = pd.MultiIndex.from_tuples([("C", 2022), ("D4", 2023)], names=["unit_code", "year"])
    norm = pd.DataFrame({"a": [0.5, 0.7], "b": [0.5, 0.9]}, index=index)
    change, notes = index_change(norm, fw, units_of(["D4"]), 2023, ["D4"])
    # no 2022 value at all: no change, and no note about how many indicators it rests on
    assert np.isnan(change[0]) and notes == [""]


def test_ranks_with_a_tie_at_the_top_and_of_nothing():
    # 2, 2, 1: the two first share rank 1, the next is 3rd
    assert ranks_per_column(np.array([[2.0], [2.0], [1.0]])).tolist() == [[1], [1], [3]]
    empty = ranks_per_column(np.empty((0, 2)))
    assert empty.shape == (0, 2) and empty.dtype == np.int64
