"""tools/recompute_intervals.py, the Monte-Carlo rank intervals recomputed from their description: cases whose
ranks no weighting or normalisation can change, and the observed-rank percentile worked by hand. (Its agreement
with `sti-monitor scores` on the samples is in test_recompute.py.)"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from recompute_intervals import observed_rank, rank_intervals  # noqa: E402


def test_observed_rank_is_the_ceiling_th_smallest():
    ranks = [3] * 40 + [1] * 10 + [2] * 50  # 100 draws: sorted, ten 1s, fifty 2s, forty 3s
    assert observed_rank(ranks, 5) == 1  # the 5th smallest
    assert observed_rank(ranks, 50) == 2  # the 50th
    assert observed_rank(ranks, 95) == 3  # the 95th
    assert observed_rank([1] * 10 + [2] * 10, 50) == 1  # the 10th of 20: never the mean of two ranks


def rules(*directions, draws=200):
    indicators = [{"id": f"i{k}", "formula": {"kind": "field"}, "direction": d} for k, d in enumerate(directions)]
    framework = {"indicators": indicators, "baseline_year": 2022}
    composite = {"transforms": {}, "outlier_sd": 3, "min_coverage": 0.75, "seed": 7, "draws": draws}
    return {"framework": framework, "composite": composite}


def rows(values: dict[str, tuple]) -> dict[int, list[dict]]:
    """unit -> one value per indicator, 2022; every indicator applies."""
    return {
        2022: [
            {"unit_name": u, "year": "2022", "indicator": f"i{k}", "value": str(v), "status": "met"}
            for u, vs in values.items()
            for k, v in enumerate(vs)
        ]
    }


def test_a_unit_ahead_on_every_indicator_ranks_first_in_every_draw():
    # i1 is lower-is-better: A's 1 is the best, inverted under min-max and under z-scores alike
    data = rows({"A": (10, 1), "B": (5, 5), "C": (1, 10), "市": (16, 16)})
    got = rank_intervals(data, 2022, rules("higher", "lower"), ["A", "B", "C"], "市")
    assert got == {
        "A": {"rank_p05": 1, "rank_median": 1, "rank_p95": 1},
        "B": {"rank_p05": 2, "rank_median": 2, "rank_p95": 2},
        "C": {"rank_p05": 3, "rank_median": 3, "rank_p95": 3},
    }


def test_two_units_each_ahead_on_one_indicator_share_the_places():
    data = rows({"A": (10, 0), "B": (0, 10), "市": (10, 10)})
    got = rank_intervals(data, 2022, rules("higher", "higher"), ["A", "B"], "市")
    # uniform weights: each is first in about half the draws, so both places lie within 5–95%
    assert got["A"]["rank_p05"] == got["B"]["rank_p05"] == 1
    assert got["A"]["rank_p95"] == got["B"]["rank_p95"] == 2


def test_a_unit_under_the_coverage_gets_no_interval():
    data = rows({"A": (10, 1), "B": (5, 5), "市": (15, 6)})
    for r in data[2022]:
        if r["unit_name"] == "B" and r["indicator"] == "i1":
            r["value"] = ""  # no data: the row is there, its value empty, as `indicators` writes it
    got = rank_intervals(data, 2022, rules("higher", "lower", draws=50), ["A", "B"], "市")
    assert set(got) == {"A"}  # B has 1 of 2 indicators, under 75%
    assert got["A"] == pytest.approx({"rank_p05": 1, "rank_median": 1, "rank_p95": 1})
