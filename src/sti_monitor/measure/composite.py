"""The composite index with performance groups, and Monte Carlo rank intervals.

After the European (Regional) Innovation Scoreboard:

1. transform each indicator (÷ a size field for counts and amounts, optional signed √);
2. min-max normalise over the districts and every year of the window (the framework's baseline year to
   the report year): values beyond the window's mean ± ``outlier_sd`` sample standard deviations do not set
   the min or max, and every normalised value is clipped to 0..1; lower-is-better indicators are inverted;
3. a unit's raw index is the unweighted mean over its indicators with data among those that apply to it
   (:mod:`.applicability`; none when under ``min_coverage`` of those have data);
4. ``index`` = 100 × raw index ÷ the city's raw index in the same year; ``index_change`` = 100 × (raw index
   now − raw index in the baseline year) ÷ the city's raw index in the baseline year (a fixed reference),
   each over the indicators the unit and the city have in both years (:func:`index_change`);
   the group is the first whose lowest index the index (rounded half up to 1 decimal) reaches.

Rank intervals (JRC/OECD handbook): ``draws`` seeded draws of weights (uniform over all weightings:
Dirichlet(1, …, 1)) and of normalisation (min-max or z-score, even odds); each district's 5th percentile,
median and 95th percentile rank among the districts with an index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ingest import UnitRegistry
from .compliance import round_half_up
from .framework import Framework
from .precision import band
from .rules import Composite

INDEX_PRECISION = 1


def transformed_values(
    table: pd.DataFrame, panel: pd.DataFrame, framework: Framework, units: UnitRegistry
) -> pd.DataFrame:
    """Each indicator as it enters the index: rows (unit_code, year), one column per indicator.

    ``per`` divides by the unit's size field in the same year (the city's: the sum over its districts,
    missing unless every district has it); ``sqrt`` takes the signed square root.
    """
    wide = table.pivot_table(
        index=["unit_code", "year"], columns="indicator", values="value", aggfunc="first", dropna=False
    ).reindex(columns=[i.id for i in framework.indicators])
    rules = framework.composite
    sizes = {t.per for _, t in rules.transforms if t.per}
    if sizes:
        raw = (
            panel[panel["field"].isin(sizes)]
            .pivot_table(index=["unit_code", "year"], columns="field", values="value", aggfunc="first")
            .reindex(columns=sorted(sizes))
        )
        district_codes = units.members(framework.city_sums)[units.city.code]
        districts = raw[raw.index.get_level_values(0).isin(district_codes)]
        if district_codes:
            present = districts.groupby(level=1).count() == len(district_codes)
            city = districts.groupby(level=1).sum().where(present)
            city.index = pd.MultiIndex.from_arrays([[units.city.code] * len(city), city.index], names=raw.index.names)
            raw = pd.concat([raw[raw.index.get_level_values(0) != units.city.code], city])
        raw = raw.reindex(wide.index)
    for ind_id, t in rules.transforms:
        x = wide[ind_id]
        if t.per:
            size = raw[t.per]
            x = x / size.where(size > 0) * t.scale
        elif t.scale != 1:
            x = x * t.scale
        if t.sqrt:
            x = np.sign(x) * np.sqrt(np.abs(x))
        wide[ind_id] = x
    return wide


def window_years(framework: Framework, year: int) -> list[int]:
    """The normalisation window: the baseline year to ``year`` (only ``year`` when it precedes the baseline)."""
    return list(range(min(framework.baseline_year, year), year + 1))


def minmax_bounds(values: np.ndarray, outlier_sd: float) -> tuple[float, float]:
    """(min, max) of ``values`` (NaN ignored) without the values beyond mean ± ``outlier_sd`` sample SDs."""
    x = values[~np.isnan(values)]
    if len(x) == 0:
        return np.nan, np.nan
    if len(x) > 1:
        mean, sd = x.mean(), x.std(ddof=1)
        if sd > 0:
            x = x[np.abs(x - mean) <= outlier_sd * sd]
    return float(x.min()), float(x.max())


def normalise_minmax(x: np.ndarray, low: float, high: float, higher_is_better: bool = True) -> np.ndarray:
    """(x − min) ÷ (max − min) clipped to 0..1, inverted when lower is better; 0.5 when max = min
    (the indicator does not tell units apart); NaN when there are no bounds (no district has the
    indicator in the window: a unit's own value has nothing to be placed against)."""
    x = np.asarray(x, dtype=float)
    if np.isnan(low) or np.isnan(high):
        return np.full(x.shape, np.nan)
    if high > low:
        n = np.clip((x - low) / (high - low), 0.0, 1.0)
    else:
        n = np.where(np.isnan(x), np.nan, 0.5)
    return n if higher_is_better else 1.0 - n


def _window(transformed: pd.DataFrame, framework: Framework, units: UnitRegistry, year: int) -> pd.DataFrame:
    years = window_years(framework, year)
    idx = transformed.index
    keep = idx.get_level_values(0).isin(units.members(framework.city_sums)[units.city.code]) & idx.get_level_values(
        1
    ).isin(years)
    return transformed[keep]


def normalised(transformed: pd.DataFrame, framework: Framework, units: UnitRegistry, year: int) -> pd.DataFrame:
    """Every unit-year of ``transformed`` min-max normalised with the bounds of ``year``'s window."""
    window = _window(transformed, framework, units, year)
    out = pd.DataFrame(index=transformed.index, columns=transformed.columns, dtype=float)
    for ind in framework.indicators:
        low, high = minmax_bounds(window[ind.id].to_numpy(dtype=float), framework.composite.outlier_sd)
        out[ind.id] = normalise_minmax(transformed[ind.id].to_numpy(dtype=float), low, high, ind.higher_is_better)
    return out


def raw_index(norm: pd.DataFrame, min_coverage: float, applicable: pd.DataFrame | None = None) -> pd.Series:
    """Unweighted mean over the indicators with data; NaN when under ``min_coverage`` of the indicators
    that apply to the unit (``applicable``, same shape as ``norm``; default: all) have data."""
    if applicable is None:
        applicable = pd.DataFrame(True, index=norm.index, columns=norm.columns)
    applicable = applicable.reindex(index=norm.index, columns=norm.columns, fill_value=False).astype(bool)
    have = norm.notna() & applicable
    n = applicable.sum(axis=1)
    coverage = have.sum(axis=1) / n.where(n > 0)
    return norm.where(applicable).mean(axis=1).where(coverage >= min_coverage - 1e-12)


def group_for(index: float, rules: Composite) -> str:
    """The performance group of an index (city = 100), rounded half up to 1 decimal."""
    return band(index, INDEX_PRECISION, rules.groups, rules.lowest_group)


def ranks_per_column(values: np.ndarray) -> np.ndarray:
    """Rank of each row in every column, 1 = highest, ties sharing the best rank (no NaN allowed)."""
    order = np.argsort(-values, axis=0, kind="stable")
    ordered = np.take_along_axis(values, order, axis=0)
    first = np.zeros(ordered.shape, dtype=np.int64)
    if len(ordered):
        new = np.ones(ordered.shape, dtype=bool)
        new[1:] = ordered[1:] != ordered[:-1]
        first = np.maximum.accumulate(np.where(new, np.arange(len(ordered))[:, None], 0), axis=0)
    ranks = np.empty_like(first)
    np.put_along_axis(ranks, order, first + 1, axis=0)
    return ranks


def rank_intervals(
    transformed: pd.DataFrame, framework: Framework, units: UnitRegistry, year: int, codes: list[str]
) -> pd.DataFrame:
    """5th percentile, median and 95th percentile rank of each unit of ``codes`` over the Monte Carlo
    draws (percentiles as observed ranks: the inverted empirical CDF). Index: unit_code."""
    rules = framework.composite
    inds = framework.indicators
    window = _window(transformed, framework, units, year).to_numpy(dtype=float)
    now = transformed.reindex(pd.MultiIndex.from_product([codes, [year]])).to_numpy(dtype=float)
    mm = np.empty_like(now)
    z = np.empty_like(now)
    for k, ind in enumerate(inds):
        col = window[:, k]
        mm[:, k] = normalise_minmax(now[:, k], *minmax_bounds(col, rules.outlier_sd), ind.higher_is_better)
        sd = np.nanstd(col, ddof=1) if np.sum(~np.isnan(col)) > 1 else 0.0
        zk = (now[:, k] - np.nanmean(col)) / sd if sd > 0 else np.where(np.isnan(now[:, k]), np.nan, 0.0)
        zk = np.clip(zk, -rules.outlier_sd, rules.outlier_sd)
        z[:, k] = zk if ind.higher_is_better else -zk
    present = (~np.isnan(now)).astype(float)
    rng = np.random.default_rng(rules.seed)
    weights = rng.dirichlet(np.ones(len(inds)), size=rules.draws)  # draws × indicators
    use_minmax = rng.random(rules.draws) < 0.5
    covered = present @ weights.T  # units × draws: the weight of the indicators each unit has
    composite = np.where(use_minmax, np.nan_to_num(mm) @ weights.T, np.nan_to_num(z) @ weights.T) / covered
    ranks = ranks_per_column(composite)
    p05, median, p95 = np.quantile(ranks, [0.05, 0.5, 0.95], axis=1, method="inverted_cdf")
    return pd.DataFrame(
        {"rank_p05": p05, "rank_median": median, "rank_p95": p95}, index=pd.Index(codes, name="unit_code")
    )


def index_change(
    norm: pd.DataFrame,
    framework: Framework,
    units: UnitRegistry,
    year: int,
    codes: list[str],
    applicable: pd.DataFrame | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Change of each unit's index since the baseline year, over the indicators present in both years:
    100 × (mean of the unit's normalised values now − in the baseline year) ÷ the city's mean in the baseline
    year, each mean over the indicators that apply to the unit and that the unit and the city have in both
    years (normalised with ``year``'s bounds); NaN when there is none. Also a note per unit naming how many
    indicators the change rests on when not all that apply."""
    base_year = framework.baseline_year
    n = len(codes)
    if year < base_year:
        return np.full(n, np.nan), [""] * n
    if applicable is None:
        applicable = pd.DataFrame(True, index=norm.index, columns=norm.columns)
    city = units.city.code

    def row(code, y) -> pd.Series:
        return norm.loc[(code, y)] if (code, y) in norm.index else pd.Series(np.nan, index=norm.columns)

    city_base = row(city, base_year)
    changes, notes = [], []
    for code in codes:
        applies = (
            applicable.loc[(code, year)] if (code, year) in applicable.index else pd.Series(False, index=norm.columns)
        )
        now, base = row(code, year), row(code, base_year)
        common = applies.astype(bool) & now.notna() & base.notna() & city_base.notna()
        n_applies = int(applies.sum())
        if n_applies == 0 or not common.any():
            changes.append(np.nan)
            notes.append("")
            continue
        reference = city_base[common].mean()
        changes.append(100 * (now[common].mean() - base[common].mean()) / reference if reference > 0 else np.nan)
        notes.append(
            "" if common.sum() == n_applies else f"较{base_year}年变化按两年均有数据的{int(common.sum())}项指标计算"
        )
    return np.array(changes, dtype=float), notes


def _index_notes(
    transformed: pd.DataFrame,
    framework: Framework,
    units: UnitRegistry,
    year: int,
    now: np.ndarray,
    city_ok: bool,
    applicable: pd.DataFrame | None,
) -> list[str]:
    """Why each unit (in ``units.all()`` order; ``now`` its raw index) has no index, or nothing."""
    rules = framework.composite
    codes = [u.code for u in units.all()]
    alone = not units.members(framework.city_sums)[units.city.code]
    # with data enough but too few indicators the districts have too (nothing to place it against)
    data_ok = raw_index(
        transformed.reindex(pd.MultiIndex.from_product([codes, [year]])),
        rules.min_coverage,
        None if applicable is None else applicable.reindex(pd.MultiIndex.from_product([codes, [year]])),
    )
    data_ok = data_ok.notna().to_numpy()
    none_apply = (
        np.zeros(len(codes), dtype=bool)
        if applicable is None
        else ~applicable.reindex(pd.MultiIndex.from_product([codes, [year]]), fill_value=False).any(axis=1).to_numpy()
    )
    return [
        ""
        if not np.isnan(v) and city_ok
        else "无可比较的下级单位，不计算综合指数"
        if alone
        else "无适用于本单位的指标，不计算综合指数"
        if na
        else "适用的指标多为县（市、区）所无，无从比较，不计算综合指数"
        if np.isnan(v) and ok
        else f"有数据的指标不足{rules.min_coverage:.0%}，不计算综合指数"
        if np.isnan(v)
        else "全市综合指数无法计算（全市汇总缺少县（市、区）数据），无相对指数"
        for v, ok, na in zip(now, data_ok, none_apply)
    ]


def composite_index(
    transformed: pd.DataFrame,
    framework: Framework,
    units: UnitRegistry,
    year: int,
    applicable: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Index, change since the baseline year, group and ranks of every unit in ``year``; coverage counts
    the indicators ``applicable`` to each unit (a boolean frame like ``transformed``; default: all).

    Columns: unit_code, year, index, index_change, group, index_rank (districts, by the rounded index),
    rank_p05, rank_median, rank_p95 (districts with an index).
    """
    rules = framework.composite
    norm = normalised(transformed, framework, units, year)
    raw = raw_index(norm, rules.min_coverage, applicable)
    codes = [u.code for u in units.all()]
    now = raw.reindex(pd.MultiIndex.from_product([codes, [year]])).to_numpy()
    city_now = raw.get((units.city.code, year), np.nan)
    out = pd.DataFrame({"unit_code": codes, "year": year})
    out["index"] = 100 * now / city_now if city_now and city_now > 0 else np.nan
    change, partial = index_change(norm, framework, units, year, codes, applicable)
    out["index_change"] = np.where(np.isnan(now), np.nan, change)
    out["index_note"] = _index_notes(
        transformed, framework, units, year, now, bool(city_now and city_now > 0), applicable
    )
    out["index_note"] = [
        "；".join(filter(None, [note, p])) if not np.isnan(v) else note
        for note, p, v in zip(out["index_note"], partial, now)
    ]
    out["group"] = [group_for(v, rules) if c != units.city.code else "" for c, v in zip(codes, out["index"])]
    districts = out["unit_code"].isin(units.members(framework.city_sums)[units.city.code]).to_numpy() & ~np.isnan(now)
    # ties at the displayed precision share a rank; without a city index the raw index ranks
    key = (
        out["index"].map(lambda v: float(round_half_up(v, INDEX_PRECISION)) if not np.isnan(v) else np.nan)
        if out["index"].notna().any()
        else pd.Series(now)
    )
    out["index_rank"] = np.nan
    out.loc[districts, "index_rank"] = key[districts].rank(ascending=False, method="min")
    eligible = out.loc[districts, "unit_code"].tolist()
    intervals = (
        rank_intervals(transformed, framework, units, year, eligible)
        if eligible
        else pd.DataFrame(columns=["rank_p05", "rank_median", "rank_p95"])
    )
    return out.join(intervals, on="unit_code")
