"""Edges of measure/composite.py that mutation testing (mutmut) found unpinned; expected values by hand."""

import numpy as np
import pandas as pd
import pytest

from sti_monitor.measure.composite import (
    composite_index,
    index_change,
    minmax_bounds,
    normalise_minmax,
    normalised,
    rank_intervals,
    ranks_per_column,
    raw_index,
    transformed_values,
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


# --- transformed_values, rank_intervals and composite_index (the second mutation pass) ---------------------------


def _long(rows: dict, key: str) -> pd.DataFrame:
    """{(unit, year, indicator or field): value} -> a long table (unit_code, year, ``key``, value)."""
    return pd.DataFrame([(*k, v) for k, v in rows.items()], columns=["unit_code", "year", key, "value"])


def _by_year(rows: dict) -> dict:
    """{(unit, indicator): (2022, 2023)} -> {(unit, year, indicator): value}."""
    return {(u, y, i): v for (u, i), pair in rows.items() for y, v in zip((2022, 2023), pair)}


def test_transformed_values_scale_per_size_and_signed_root(tiny_framework, units_of):
    fw = tiny_framework(
        composite={"transforms": {"x": {"scale": 2}, "y": {"per": "gdp", "scale": 100}, "z": {"sqrt": True}}}
    )
    units = units_of(["D1", "D2"], zones=["Z"])
    table = _long(
        _by_year(
            {
                ("D1", "x"): (2.0, 2.2),
                ("D2", "x"): (3.0, 3.3),
                ("C", "x"): (2.5, 2.6),
                ("Z", "x"): (1.0, 1.5),
                ("D1", "y"): (10.0, 20.0),
                ("D2", "y"): (30.0, 60.0),
                ("C", "y"): (40.0, 80.0),
                ("Z", "y"): (5.0, 7.0),
                ("D1", "z"): (16.0, 0.25),
                ("D2", "z"): (-9.0, -1.0),
                ("C", "z"): (4.0, 1.0),
                ("Z", "z"): (NAN, 9.0),
            }
        ),
        "indicator",
    )
    panel = _long(
        {
            ("D1", 2022, "gdp"): 200.0,
            ("D2", 2022, "gdp"): 300.0,
            ("C", 2022, "gdp"): 999.0,  # the city's own figure: its size is the sum of its districts instead
            ("Z", 2022, "gdp"): 50.0,  # a zone is not summed into the city
            ("D1", 2023, "gdp"): 400.0,  # D2 reported no gdp in 2023
            ("C", 2023, "gdp"): 600.0,
            ("Z", 2023, "gdp"): 0.0,  # a size of 0 divides nothing
            ("D1", 2022, "rd_expenditure"): 7.0,  # not a size field
        },
        "field",
    )
    out = transformed_values(table, panel, fw, units)
    assert list(out.columns) == ["x", "y", "z"]
    assert out.index.names == ["unit_code", "year"]
    assert out.index.tolist() == [(u, y) for u in ("C", "D1", "D2", "Z") for y in (2022, 2023)]
    # x × 2; y ÷ gdp × 100, the city's gdp being D1 + D2 = 200 + 300 = 500 in 2022 and none in 2023 (D2 has
    # none); z its signed square root: √16 = 4, −√9 = −3, √0.25 = 0.5
    expected = {
        ("C", 2022): (5.0, 40 / 500 * 100, 2.0),  # y: 8
        ("C", 2023): (5.2, NAN, 1.0),
        ("D1", 2022): (4.0, 10 / 200 * 100, 4.0),  # y: 5
        ("D1", 2023): (4.4, 20 / 400 * 100, 0.5),  # y: 5
        ("D2", 2022): (6.0, 30 / 300 * 100, -3.0),  # y: 10
        ("D2", 2023): (6.6, NAN, -1.0),
        ("Z", 2022): (2.0, 5 / 50 * 100, NAN),  # y: 10
        ("Z", 2023): (3.0, NAN, 3.0),
    }
    for key, row in expected.items():
        assert out.loc[key].tolist() == pytest.approx(list(row), nan_ok=True), key


def test_transformed_values_of_a_city_alone_and_of_an_indicator_without_data(tiny_framework, units_of):
    fw = tiny_framework(composite={"transforms": {"y": {"per": "gdp"}}})  # per gdp, scale 1
    table = _long({("C", 2022, "y"): 40.0, ("C", 2022, "w"): 1.0}, "indicator")  # w: not an indicator of the plan
    panel = _long({("C", 2022, "gdp"): 0.8}, "field")
    out = transformed_values(table, panel, fw, units_of([]))
    # no district to sum: the city's own gdp, 40 ÷ 0.8 = 50 (a size under 1 divides too); x and z have no value;
    # w is left out
    assert list(out.columns) == ["x", "y", "z"]
    assert out.loc[("C", 2022)].tolist() == pytest.approx([NAN, 50.0, NAN], nan_ok=True)


def test_transformed_values_without_transforms_are_the_values(tiny_framework, units_of):
    table = _long({("D1", 2022, "x"): 2.5, ("D1", 2022, "y"): -4.0, ("C", 2022, "z"): 9.0}, "indicator")
    out = transformed_values(table, _long({}, "field"), tiny_framework(), units_of(["D1"]))
    assert out.loc[("D1", 2022)].tolist() == pytest.approx([2.5, -4.0, NAN], nan_ok=True)
    assert out.loc[("C", 2022)].tolist() == pytest.approx([NAN, NAN, 9.0], nan_ok=True)


def test_transformed_values_keep_a_unit_that_sent_nothing_and_a_size_nobody_sent(tiny_framework, units_of):
    fw = tiny_framework(composite={"transforms": {"y": {"per": "gdp"}}})
    # D2 sent nothing in 2022 (its row is all missing, as evaluate's grid gives it) and nothing at all in 2023;
    # no unit reported gdp
    table = _long(
        {("D1", 2022, "y"): 4.0, ("D2", 2022, "y"): NAN, ("D1", 2023, "x"): 1.0, ("C", 2023, "x"): 2.0}, "indicator"
    )
    panel = _long({("D1", 2022, "rd_expenditure"): 7.0}, "field")
    out = transformed_values(table, panel, fw, units_of(["D1", "D2"]))
    # every unit and year of the table is a row, whatever it holds; y per a gdp nobody sent is missing
    assert out.index.tolist() == [("C", 2022), ("C", 2023), ("D1", 2022), ("D1", 2023), ("D2", 2022), ("D2", 2023)]
    assert out.loc[("D1", 2023)].tolist() == pytest.approx([1.0, NAN, NAN], nan_ok=True)
    assert out.loc[("C", 2023)].tolist() == pytest.approx([2.0, NAN, NAN], nan_ok=True)
    assert out["y"].isna().all()
    assert out.loc[("D2", 2023)].isna().all() and out.loc[("D2", 2022)].isna().all()


def _one_indicator(tiny_framework, **composite):
    fw = tiny_framework(composite=composite)
    return fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:1]})  # x only, higher is better


# One indicator, so every draw weighs it 1 and a draw ranks by its min-max or its z-score alone (each in about half
# of the 1,000 draws): the 5th and 95th percentile ranks are the better and the worse of the two rankings.
# Ten districts in 2022 (the window is that year alone): six at 100, and 110, 111, 90, 89. Mean 100, sample SD
# √((100 + 121 + 100 + 121) ÷ 9) = 7.008; z-scores ±10 ÷ 7.008 = ±1.427 and ±11 ÷ 7.008 = ±1.570 (with the
# population SD, 6.648: ±1.504 and ±1.655; with ddof 2, 7.433: ±1.345 and ±1.480).
SPREAD = {"A": 100.0, "B": 100.0, "C1": 100.0, "C2": 100.0, "C3": 100.0, "C4": 100.0}
SPREAD |= {"U10": 110.0, "U11": 111.0, "L10": 90.0, "L11": 89.0}


def _spread(tiny_framework, units_of, outlier_sd):
    fw = _one_indicator(tiny_framework, outlier_sd=outlier_sd)
    index = pd.MultiIndex.from_tuples([(u, 2022) for u in SPREAD], names=["unit_code", "year"])
    transformed = pd.DataFrame({"x": list(SPREAD.values())}, index=index)
    out = rank_intervals(transformed, fw, units_of(list(SPREAD)), 2022, list(SPREAD))
    return {u: (out.loc[u, "rank_p05"], out.loc[u, "rank_p95"]) for u in SPREAD}


def test_rank_intervals_clip_z_scores_at_the_outlier_rule(tiny_framework, units_of):
    out = _spread(tiny_framework, units_of, 1.4)
    # min-max: the four beyond 1.4 SDs (9.81) set no bound: 100..100, every unit 0.5, all tied first.
    # z: ±1.427 and ±1.570 clipped to ±1.4: 110 and 111 share rank 1, the six at 100 rank 3, 90 and 89 rank 9
    assert out == {
        **{u: (1, 1) for u in ("U10", "U11")},
        **{u: (1, 3) for u in ("A", "B", "C1", "C2", "C3", "C4")},
        **{u: (1, 9) for u in ("L10", "L11")},
    }


def test_rank_intervals_z_scores_use_the_sample_sd(tiny_framework, units_of):
    out = _spread(tiny_framework, units_of, 1.45)
    # min-max bounds 90..110 (±10 is within 1.45 SDs = 10.16, ±11 beyond): 110 and 111 both 1 (rank 1), the six
    # 0.5 (rank 3), 90 and 89 both 0 (rank 9). z: 1.427 stays, 1.570 is clipped to 1.45: 111 first, 110 second
    # (with the population SD both would be clipped and tie), the six 0 (rank 3), 90 ninth and 89 tenth
    assert out == {
        "U11": (1, 1),
        "U10": (1, 2),
        **{u: (3, 3) for u in ("A", "B", "C1", "C2", "C3", "C4")},
        "L10": (9, 9),
        "L11": (9, 10),
    }
    # with a stricter rule (1.4) ddof 2's 1.345 would escape the clipping: 111 and 110 would not tie
    assert _spread(tiny_framework, units_of, 1.4)["U10"] == (1, 1)


def test_rank_intervals_of_two_districts_and_of_a_small_spread(tiny_framework, units_of):
    fw = tiny_framework()
    fw = fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:2]})  # x higher, y lower is better
    # A is better than B on both, by less than 1 in each (sample SDs 0.28 and 0.28): z-scores ±0.71 each way,
    # min-max 1 and 0: A first in every draw
    index = pd.MultiIndex.from_tuples([("A", 2023), ("B", 2023)], names=["unit_code", "year"])
    transformed = pd.DataFrame({"x": [0.6, 0.2], "y": [0.1, 0.5]}, index=index)
    out = rank_intervals(transformed, fw, units_of(["A", "B"]), 2023, ["A", "B"])
    assert out.loc["A"].tolist() == [1, 1, 1] and out.loc["B"].tolist() == [2, 2, 2]


def test_rank_intervals_with_an_indicator_on_which_all_agree_and_a_unit_without_it(tiny_framework, units_of):
    fw = tiny_framework()
    fw = fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:2]})  # x higher, y lower is better
    index = pd.MultiIndex.from_tuples([("A", 2023), ("B", 2023), ("C2", 2023)], names=["unit_code", "year"])
    transformed = pd.DataFrame({"x": [2.0, 0.0, 1.0], "y": [5.0, 5.0, NAN]}, index=index)
    out = rank_intervals(transformed, fw, units_of(["A", "B", "C2"]), 2023, ["A", "B", "C2"])
    # y is 5 for A and B (SD 0): z 0, min-max 0.5; C2 has no y and is averaged over x alone (weights w and 1 − w).
    # z (x: mean 1, SD 1): A w, B −w, C2 0; min-max (x 0..2): A w + 0.5(1 − w), B 0.5(1 − w), C2 0.5.
    # Either way A > C2 > B for every w in (0, 1)
    assert out.to_numpy().tolist() == [[1, 1, 1], [3, 3, 3], [2, 2, 2]]


class _Draws:
    """Stands in for numpy's generator in :func:`rank_intervals`: each draw's weights and normalisation coin set by
    hand (a coin under 0.5 is a min-max draw), so that the percentiles can be worked out."""

    def __init__(self, weights, coins):
        self.weights, self.coins = np.array(weights, dtype=float), np.array(coins, dtype=float)

    def dirichlet(self, alpha, size):
        assert list(alpha) == [1.0] * self.weights.shape[1] and size == len(self.weights)  # uniform, one per draw
        return self.weights

    def random(self, n):
        assert n == len(self.coins)
        return self.coins


def _drawn(monkeypatch, weights, coins):
    seeds = []
    monkeypatch.setattr(np.random, "default_rng", lambda seed: seeds.append(seed) or _Draws(weights, coins))
    return seeds


def test_rank_intervals_percentiles_of_ten_draws_set_by_hand(tiny_framework, units_of, monkeypatch):
    fw = _one_indicator(tiny_framework, outlier_sd=1.45, draws=10, seed=7)
    # the SPREAD case: 110 ranks 1 by min-max and 2 by z, 89 ranks 9 and 10; four min-max draws (coins under 0.5;
    # exactly 0.5 is a z draw): 110's ranks sorted 1 1 1 1 2 2 2 2 2 2, 89's 9 9 9 9 10 10 10 10 10 10.
    # Percentiles as observed ranks (inverted CDF): the 5th percentile the 1st of ten, the median the 5th, the
    # 95th the 10th
    seeds = _drawn(monkeypatch, [[1.0]] * 10, [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.1, 0.2, 0.3, 0.4])
    index = pd.MultiIndex.from_tuples([(u, 2022) for u in SPREAD], names=["unit_code", "year"])
    transformed = pd.DataFrame({"x": list(SPREAD.values())}, index=index)
    out = rank_intervals(transformed, fw, units_of(list(SPREAD)), 2022, list(SPREAD))
    assert seeds == [7]  # the framework's seed
    assert list(out.columns) == ["rank_p05", "rank_median", "rank_p95"] and out.index.name == "unit_code"
    assert out.loc["U10"].tolist() == [1, 2, 2]
    assert out.loc["L11"].tolist() == [9, 10, 10]
    assert out.loc["A"].tolist() == [3, 3, 3]


def test_rank_intervals_median_of_an_even_split_is_an_observed_rank(tiny_framework, units_of, monkeypatch):
    fw = tiny_framework(composite={"draws": 10})
    fw = fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:2]})  # x higher, y lower is better
    # P is best on x, Q on y: by min-max P scores w_x and Q w_y, by z 0.707(w_x − w_y) and 0.707(w_y − w_x):
    # P is first when w_x > 0.5, in five of the ten draws. P's ranks sorted 1 1 1 1 1 2 2 2 2 2: the median is the
    # 5th, 1 (interpolating would give 1.5)
    w = [0.9, 0.8, 0.7, 0.6, 0.55, 0.45, 0.4, 0.3, 0.2, 0.1]
    _drawn(monkeypatch, [[x, 1 - x] for x in w], [0.1, 0.9] * 5)
    index = pd.MultiIndex.from_tuples([("P", 2023), ("Q", 2023)], names=["unit_code", "year"])
    transformed = pd.DataFrame({"x": [10.0, 0.0], "y": [100.0, 0.0]}, index=index)
    out = rank_intervals(transformed, fw, units_of(["P", "Q"]), 2023, ["P", "Q"])
    assert out.to_numpy().tolist() == [[1, 1, 2], [1, 1, 2]]


def _noted(tiny_framework, units, rows, applicable=None, year=2023):
    """composite_index of {(unit, year): (x, y, z)} with every indicator; notes and indexes by unit."""
    index = pd.MultiIndex.from_tuples(list(rows), names=["unit_code", "year"])
    transformed = pd.DataFrame(list(rows.values()), index=index, columns=["x", "y", "z"])
    out = composite_index(transformed, tiny_framework(), units, year, applicable).set_index("unit_code")
    return out


# x applies to D1, D2, D3, the zone and the city; y to the zone alone, and no district has it; z to no unit, yet D1
# and the city have it. Bounds over 2022–2023 (districts): x 1..3, z 0..4, y none.
NOTED = {
    ("D1", 2022): (1.0, NAN, 0.0),  # x 0, z 0
    ("D2", 2022): (3.0, NAN, NAN),  # x 1
    ("C", 2022): (2.0, NAN, 2.0),  # x 0.5, z 0.5
    ("D1", 2023): (2.0, NAN, 4.0),  # x 0.5 (z 1 does not apply): 0.5 -> index 100
    ("D2", 2023): (3.0, NAN, NAN),  # x 1 -> 200
    ("D3", 2023): (NAN, NAN, NAN),  # x applies and is missing
    ("D4", 2023): (NAN, NAN, NAN),  # nothing applies
    ("Z", 2022): (1.0, NAN, NAN),  # a zone: not in the bounds
    ("Z", 2023): (2.0, 7.0, NAN),  # x 0.5, y has no bounds: 1 of 2 normalised, though both have data
    ("C", 2023): (2.0, NAN, NAN),  # x 0.5: the city's raw index 0.5
}


def _applies(units):
    """D4 is not in the applicability table at all: nothing applies to it."""
    codes = [u.code for u in units.all() if u.code != "D4"]
    index = pd.MultiIndex.from_product([codes, [2022, 2023]], names=["unit_code", "year"])
    return pd.DataFrame(
        {
            "x": [c in ("D1", "D2", "D3", "Z", "C") for c, _ in index],
            "y": [c == "Z" for c, _ in index],
            "z": False,
        },
        index=index,
    )


def test_index_notes_say_why_a_unit_has_no_index(tiny_framework, units_of):
    units = units_of(["D1", "D2", "D3", "D4"], zones=["Z"])
    out = _noted(tiny_framework, units, NOTED, _applies(units))
    assert list(out.columns) == [
        "year",
        "index",
        "index_change",
        "index_note",
        "group",
        "index_rank",
        "rank_p05",
        "rank_median",
        "rank_p95",
    ]
    assert out["index"].to_dict() == pytest.approx(
        {"D1": 100.0, "D2": 200.0, "D3": NAN, "D4": NAN, "Z": NAN, "C": 100.0}, nan_ok=True
    )
    assert out["index_note"].to_dict() == {
        "D1": "",
        "D2": "",
        "D3": "有数据的指标不足75%，不计算综合指数",
        "D4": "无适用于本单位的指标，不计算综合指数",
        "Z": "适用的指标多为县（市、区）所无，无从比较，不计算综合指数",
        "C": "",
    }
    # over x alone, what applies: D1 100 × (0.5 − 0) ÷ the city's 0.5 = 100 (not over z too: 150); D2 and the
    # city 0
    assert out.loc[["D1", "D2", "C"], "index_change"].tolist() == pytest.approx([100.0, 0.0, 0.0])
    # no index, no change: the zone's x rose from 0 to 0.5 since 2022, but it has no index
    assert out["index_change"].dtype == float and np.isnan(out.loc["Z", "index_change"])
    assert out["index_rank"].to_dict() == pytest.approx(
        {"D1": 2.0, "D2": 1.0, "D3": NAN, "D4": NAN, "Z": NAN, "C": NAN}, nan_ok=True
    )
    # D2 is ahead on x and D1's z (0.707 at most by z, 1 by min-max, over w_x + w_z) never catches up
    assert out.loc[["D1", "D2"], ["rank_p05", "rank_median", "rank_p95"]].to_numpy().tolist() == [[2, 2, 2], [1, 1, 1]]


def test_without_a_city_index_the_raw_index_ranks_and_the_note_says_so(tiny_framework, units_of):
    units = units_of(["D1", "D2", "D3", "D4"], zones=["Z"])
    out = _noted(tiny_framework, units, {**NOTED, ("C", 2023): (NAN, NAN, NAN)}, _applies(units))
    assert out["index"].isna().all()
    assert out.loc["D1", "index_note"] == "全市综合指数无法计算（全市汇总缺少县（市、区）数据），无相对指数"
    assert out.loc["C", "index_note"] == "有数据的指标不足75%，不计算综合指数"
    assert out.loc["D1", "index_change"] == pytest.approx(100.0)  # the change rests on the city's 2022, not 2023
    assert out.loc[["D1", "D2"], "index_rank"].tolist() == [2.0, 1.0]  # by the raw index: 0.5 and 1
    # a city at the bottom of every range (raw index 0) gives no index either: nothing is divided by 0
    at_zero = _noted(tiny_framework, units, {**NOTED, ("C", 2023): (1.0, NAN, NAN)}, _applies(units))
    assert at_zero["index"].isna().all()


def test_a_city_alone_has_no_index(tiny_framework, units_of):
    out = _noted(tiny_framework, units_of([]), {("C", 2023): (2.0, 3.0, 4.0)})
    assert np.isnan(out.loc["C", "index"]) and out.loc["C", "index_note"] == "无可比较的下级单位，不计算综合指数"
    assert np.isnan(out.loc["C", "index_rank"]) and np.isnan(out.loc["C", "rank_p05"])
    assert list(out.columns)[-3:] == ["rank_p05", "rank_median", "rank_p95"]  # no district to draw ranks for


def test_a_district_whose_change_rests_on_fewer_indicators_beside_a_city_without_index(tiny_framework, units_of):
    fw = tiny_framework()
    fw = fw.__class__(**{**fw.__dict__, "indicators": fw.indicators[:2]})  # x higher, y lower is better
    rows = {
        ("D1", 2022): (1.0, NAN),
        ("D2", 2022): (3.0, 10.0),
        ("C", 2022): (2.0, 20.0),
        ("D1", 2023): (2.0, 20.0),  # x (2 − 1) ÷ 2 = 0.5, y 1 − (20 − 10) ÷ 20 = 0.5
        ("D2", 2023): (3.0, 30.0),
        ("C", 2023): (NAN, NAN),
    }
    index = pd.MultiIndex.from_tuples(list(rows), names=["unit_code", "year"])
    transformed = pd.DataFrame(list(rows.values()), index=index, columns=["x", "y"])
    out = composite_index(transformed, fw, units_of(["D1", "D2"]), 2023).set_index("unit_code")
    # D1's change over x alone (no y in 2022): 100 × (0.5 − 0) ÷ the city's 2022 x, 0.5, = 100; both notes, joined
    assert out.loc["D1", "index_change"] == pytest.approx(100.0)
    assert out.loc["D1", "index_note"] == (
        "全市综合指数无法计算（全市汇总缺少县（市、区）数据），无相对指数；较2022年变化按两年均有数据的1项指标计算"
    )


def test_districts_level_at_the_shown_index_share_the_better_rank(tiny_framework, units_of):
    fw = _one_indicator(tiny_framework)
    rows = {("D1", 2022): 1.0, ("D2", 2022): 0.9999, ("D3", 2022): 0.0, ("C", 2022): 0.5}
    index = pd.MultiIndex.from_tuples(list(rows), names=["unit_code", "year"])
    transformed = pd.DataFrame({"x": list(rows.values())}, index=index)
    out = composite_index(transformed, fw, units_of(["D1", "D2", "D3"]), 2022).set_index("unit_code")
    # bounds 0..1: indexes 100 × 1 ÷ 0.5 = 200 and 100 × 0.9999 ÷ 0.5 = 199.98, both shown 200.0: both first
    # (not 1.5 each, not 1 and 2); D3 third
    assert out["index"].tolist()[:3] == pytest.approx([200.0, 199.98, 0.0])
    assert out["index_rank"].tolist()[:3] == [1.0, 1.0, 3.0]
