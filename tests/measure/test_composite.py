"""Composite index: min-max with an outlier, city = 100, groups at their edges, change since the baseline,
coverage, and reproducible Monte Carlo rank intervals; expected values by hand."""

import numpy as np
import pandas as pd
import pytest

from sti_monitor.measure.composite import (
    composite_index,
    minmax_bounds,
    normalise_minmax,
    rank_intervals,
    ranks_per_column,
)

NAN = float("nan")


def test_minmax_outlier_does_not_set_the_range_and_is_clipped():
    values = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], dtype=float)
    # mean 95; sample SD √(901010 / 10) = 300.17; 1000 − 95 = 905 > 3 × 300.17 = 900.5: an outlier
    assert minmax_bounds(values, 3) == (0.0, 9.0)
    assert minmax_bounds(values, 4) == (0.0, 1000.0)
    assert normalise_minmax(np.array([1000, 4.5, 0]), 0, 9).tolist() == [1.0, 0.5, 0.0]
    assert normalise_minmax(np.array([1000, 4.5, 0]), 0, 9, higher_is_better=False).tolist() == [0.0, 0.5, 1.0]


def frame(rows):
    """Transformed values: {(unit, year): (x, y)} → the frame composite_index takes."""
    index = pd.MultiIndex.from_tuples(list(rows), names=["unit_code", "year"])
    return pd.DataFrame(list(rows.values()), index=index, columns=["x", "y"])


# x: higher is better; y: lower is better. The 2022 values set the bounds: x 0..10, y 0..100.
# 2023 raw index = (x/10 + (1 − y/100)) / 2; the city's is (0.5 + 0.5) / 2 = 0.5.
VALUES = {
    ("D1", 2022): (0, 0),
    ("D2", 2022): (10, 100),
    ("C", 2022): (5, 50),
    ("D1", 2023): (5, 25),  # (0.5 + 0.75)/2 = 0.625 → 125.0 领先
    ("D2", 2023): (5, 50),  # 0.5 → 100.0 较强
    ("D3", 2023): (2, 50),  # (0.2 + 0.5)/2 = 0.35 → 70.0 中等
    ("D4", 2023): (1.99, 50),  # 0.3495 → 69.9 追赶
    ("D5", 2023): (5, 25.1),  # (0.5 + 0.749)/2 = 0.6245 → 124.9 较强
    ("D6", 2023): (5, NAN),  # one indicator of two: under 75% coverage, no index
    ("C", 2023): (5, 50),
}


def test_index_city_is_100_groups_at_edges_and_change(tiny_framework, units_of):
    fw = tiny_framework()
    fw = fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:2]})  # x and y only
    units = units_of(["D1", "D2", "D3", "D4", "D5", "D6"])
    out = composite_index(frame(VALUES), fw, units, 2023).set_index("unit_code")
    assert out["index"].to_dict() == pytest.approx(
        {"D1": 125.0, "D2": 100.0, "D3": 70.0, "D4": 69.9, "D5": 124.9, "D6": NAN, "C": 100.0}, nan_ok=True
    )
    assert out["group"].to_dict() == {
        "D1": "领先",
        "D2": "较强",
        "D3": "中等",
        "D4": "追赶",
        "D5": "较强",
        "D6": "",
        "C": "",
    }
    # change against the city's 2022 raw index 0.5: D1 100 × (0.625 − 0.5) / 0.5 = 25; D2 (0.5 − 0.5) → 0
    assert out.loc["D1", "index_change"] == pytest.approx(25.0)
    assert out.loc["D2", "index_change"] == pytest.approx(0.0)
    assert out.loc["C", "index_change"] == pytest.approx(0.0)
    assert np.isnan(out.loc["D3", "index_change"])  # no 2022 value
    assert out["index_rank"].to_dict() == pytest.approx(
        {"D1": 1.0, "D5": 2.0, "D2": 3.0, "D3": 4.0, "D4": 5.0, "D6": NAN, "C": NAN}, nan_ok=True
    )


def test_ranks_per_column_ties_share_the_best_rank():
    values = np.array([[3.0, 1.0], [5.0, 1.0], [3.0, 2.0], [1.0, 0.0]])
    assert ranks_per_column(values).tolist() == [[2, 2], [1, 2], [2, 1], [4, 4]]


def test_monte_carlo_is_reproducible_and_a_clear_leader_has_a_narrow_interval(tiny_framework, units_of):
    fw = tiny_framework()
    fw = fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:2]})
    units = units_of(["A", "B", "C2", "D"])
    values = {
        ("A", 2023): (10, 0),  # best on both: first under every weighting and normalisation
        ("B", 2023): (6, 30),
        ("C2", 2023): (4, 60),  # B beats C2 on both
        ("D", 2023): (0, 100),
    }  # worst on both
    codes = ["A", "B", "C2", "D"]
    first = rank_intervals(frame(values), fw, units, 2023, codes)
    again = rank_intervals(frame(values), fw, units, 2023, codes)
    pd.testing.assert_frame_equal(first, again)
    assert first.loc["A"].tolist() == [1, 1, 1]
    assert first.loc["B"].tolist() == [2, 2, 2]
    assert first.loc["D"].tolist() == [4, 4, 4]


def test_monte_carlo_spreads_ranks_when_weights_decide(tiny_framework, units_of):
    fw = tiny_framework()
    fw = fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:2]})
    units = units_of(["P", "Q"])
    # P is best on x, Q on y, symmetrically: each is first under about half of the weightings
    values = {("P", 2023): (10, 100), ("Q", 2023): (0, 0)}
    out = rank_intervals(frame(values), fw, units, 2023, ["P", "Q"])
    assert out.loc["P", "rank_p05"] == 1 and out.loc["P", "rank_p95"] == 2
    assert out.loc["Q", "rank_p05"] == 1 and out.loc["Q", "rank_p95"] == 2


# --- formulas pinned at their edges (issue 20, item 13) ------------------------------------------------------


def test_minmax_with_a_non_zero_minimum():
    # (x − 3) ÷ (7 − 3), not x ÷ (7 − 3)
    assert normalise_minmax(np.array([3.0, 5.0, 7.0, 8.0, 2.0]), 3, 7).tolist() == [0.0, 0.5, 1.0, 1.0, 0.0]
    assert normalise_minmax(np.array([3.0, 6.0]), 3, 7, higher_is_better=False).tolist() == [1.0, 0.25]


def test_all_equal_values_do_not_tell_units_apart():
    out = normalise_minmax(np.array([4.0, 4.0, NAN]), 4, 4)
    assert out[:2].tolist() == [0.5, 0.5] and np.isnan(out[2])
    assert normalise_minmax(np.array([4.0]), 4, 4, higher_is_better=False).tolist() == [0.5]
    # no bounds at all (no district has the indicator): nothing to place a value against
    assert np.isnan(normalise_minmax(np.array([4.0]), NAN, NAN)).all()


@pytest.mark.parametrize(
    "outlier_sd, bounds",
    [
        (1.5, (0.0, 2.0)),  # 2 is exactly 1.5 sample SDs from the mean: kept (the rule is "beyond")
        (1.6, (0.0, 2.0)),  # the population SD (ddof 0) would make it 1.73 SDs and drop it
        (1.4, (0.0, 0.0)),  # beyond: does not set the max
    ],
)
def test_outlier_at_the_boundary_and_the_sample_sd(outlier_sd, bounds):
    # 0, 0, 0, 2: mean 0.5; sample SD √((3 × 0.25 + 2.25) ÷ 3) = 1; |2 − 0.5| = 1.5 SD
    assert minmax_bounds(np.array([0.0, 0.0, 0.0, 2.0]), outlier_sd) == bounds


# Bounds over 2022–2023 (districts only): x 10..20, y 200..300 (lower is better).
# 2022: D1 (0 + 1)/2 = 0.5, D2 (1 + 0)/2 = 0.5, city (0.5 + 0.5)/2 = 0.5
# 2023: D1 (0.8 + 0.8)/2 = 0.8, D2 (0.4 + 0.2)/2 = 0.3, city (0.6 + 0.5)/2 = 0.55, D3 (0.5 + 0.5)/2 = 0.5
SHIFTED = {
    ("D1", 2022): (10, 200),
    ("D2", 2022): (20, 300),
    ("D3", 2022): (12, NAN),
    ("C", 2022): (15, 250),
    ("D1", 2023): (18, 220),
    ("D2", 2023): (14, 280),
    ("D3", 2023): (15, 250),
    ("C", 2023): (16, 250),
}


def test_city_index_differs_between_years_and_change_uses_the_baseline_city(tiny_framework, units_of):
    fw = tiny_framework()
    fw = fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:2]})
    units = units_of(["D1", "D2", "D3"])
    before = composite_index(frame(SHIFTED), fw, units, 2022).set_index("unit_code")
    assert before["index"].to_dict() == pytest.approx({"D1": 100.0, "D2": 100.0, "D3": NAN, "C": 100.0}, nan_ok=True)
    out = composite_index(frame(SHIFTED), fw, units, 2023).set_index("unit_code")
    # against the city's 2023 raw index 0.55
    assert out["index"].to_dict() == pytest.approx(
        {"D1": 0.8 / 0.55 * 100, "D2": 0.3 / 0.55 * 100, "D3": 0.5 / 0.55 * 100, "C": 100.0}
    )
    # change against the city's 2022 raw index 0.5 (a fixed reference, not 0.55)
    assert out.loc["D1", "index_change"] == pytest.approx(60.0)  # 100 × (0.8 − 0.5) ÷ 0.5
    assert out.loc["D2", "index_change"] == pytest.approx(-40.0)  # 100 × (0.3 − 0.5) ÷ 0.5
    assert out.loc["C", "index_change"] == pytest.approx(10.0)  # 100 × (0.55 − 0.5) ÷ 0.5
    # D3 had no y in 2022: the change rests on x alone, in both years and for the city, and says so
    assert out.loc["D3", "index_change"] == pytest.approx(60.0)  # 100 × (0.5 − 0.2) ÷ 0.5
    assert out.loc["D3", "index_note"] == "较2022年变化按两年均有数据的1项指标计算"
    assert out.loc["D1", "index_note"] == ""
