"""The Monte-Carlo rank intervals of tools/recompute.py, recomputed from the indicator values by the method the
reports' appendix and docs/frameworks.md state (JRC/OECD handbook): ``draws`` draws from a random generator
seeded with ``seed`` (numpy's ``default_rng``), first a weight per indicator for every draw, uniform over all
weightings (Dirichlet(1, …, 1), the framework's indicators in their order), then for every draw min-max (a
uniform number below 0.5) or z-score normalisation (over the members and the years baseline…year, z clipped to
± outlier_sd, sample SD); each draw's composite is the weighted mean over the indicators a member has, ranked
among the members with an index (1 = highest, ties sharing the best rank); the 5th percentile, median and 95th
percentile of a member's ranks, as observed ranks (the ⌈q × draws⌉-th smallest). Nothing here imports
`sti_monitor`; numpy supplies only the seeded random numbers."""

from __future__ import annotations

import numpy as np
from recompute_index import bounds, index_inputs, mean_sd, window_values

QUANTILES = ((5, "rank_p05"), (50, "rank_median"), (95, "rank_p95"))  # percent, column of `sti-monitor scores`


def observed_rank(ranks: list[int], percent: int) -> int:
    """The ⌈percent/100 × n⌉-th smallest of ``ranks`` (the inverted empirical CDF), in integers: no rounding."""
    ordered = sorted(ranks)
    return ordered[-(-percent * len(ordered) // 100) - 1]


def normalisers(made: dict, members: list[str], year: int, outlier_sd: float) -> dict:
    """Indicator id -> (min-max of x, z-score of x), the two normalisations a draw chooses between, with the
    bounds and moments of the members' values that apply over the window years."""
    value = {k: v for k, v in made["value"].items() if made["applies"].get(k)}
    out = {}
    for ind_id, ind in made["defs"].items():
        xs = window_values(value, ind_id, members, made["window"])
        if not xs:
            continue
        low, high = bounds(xs, outlier_sd)
        mean, sd = mean_sd(xs)
        sign = 1.0 if ind.get("direction", "higher") == "higher" else -1.0

        def minmax(x, low=low, high=high, sign=sign):
            n = min(max((x - low) / (high - low), 0.0), 1.0) if high > low else 0.5
            return n if sign > 0 else 1.0 - n

        def zscore(x, mean=mean, sd=sd, sign=sign):
            z = min(max((x - mean) / sd, -outlier_sd), outlier_sd) if sd > 0 else 0.0
            return sign * z

        out[ind_id] = (minmax, zscore)
    return out


def rank_intervals(rows_by_year: dict, year: int, rules: dict, members: list[str], city: str) -> dict:
    """unit -> {rank_p05, rank_median, rank_p95} of ``year`` for the members with an index (see the module)."""
    settings = rules["composite"]
    made = index_inputs(rows_by_year, year, rules, members, city)
    ranked = [m for m in members if made["raw"](m, year) is not None]
    if not ranked:
        return {}
    ids = list(made["defs"])
    how = normalisers(made, members, year, settings["outlier_sd"])
    own = {  # unit -> [(position of the indicator, its min-max, its z-score)] over what it has
        m: [
            (k, *(f(made["value"][(m, year, i)]) for f in how[i]))
            for k, i in enumerate(ids)
            if made["applies"].get((m, year, i)) and made["value"].get((m, year, i)) is not None and i in how
        ]
        for m in ranked
    }
    rng = np.random.default_rng(int(settings["seed"]))
    draws = int(settings["draws"])
    weights = rng.dirichlet(np.ones(len(ids)), size=draws).tolist()
    use_minmax = (rng.random(draws) < 0.5).tolist()
    ranks: dict[str, list[int]] = {m: [] for m in ranked}
    for w, minmax in zip(weights, use_minmax):
        score = {
            m: sum(w[k] * (mm if minmax else z) for k, mm, z in items) / sum(w[k] for k, _, _ in items)
            for m, items in own.items()
        }
        for m in ranked:
            ranks[m].append(1 + sum(s > score[m] for s in score.values()))
    return {m: {column: observed_rank(r, q) for q, column in QUANTILES} for m, r in ranks.items()}
