"""Compute each framework indicator per unit and year from the raw-field panel.

Districts, zones and areas use their own values. The city aggregates its districts (and
whatever other kinds the framework's ``city_sums`` names; zones and areas never by default),
an aggregate unit its members: ratios as the sum of numerators over the sum of denominators,
levels and running totals as sums, growth rates as this year's sum over the sum of comparable
bases (last year's, or the start year's for an average annual growth).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ingest import UnitRegistry, load_fields
from .framework import Framework, Indicator

VALUE_COLUMNS = ["unit_code", "year", "indicator", "value", "numerator", "denominator", "note"]


def _wide(panel: pd.DataFrame, fields) -> pd.DataFrame:
    wide = panel.pivot_table(index=["unit_code", "year"], columns="field", values="value", aggfunc="first")
    return wide.reindex(columns=list(fields))


def _sum_all(frame: pd.DataFrame, codes) -> pd.Series:
    """Row sums that are NaN unless every field is present."""
    return frame[list(codes)].sum(axis=1, min_count=len(codes)).where(frame[list(codes)].notna().all(axis=1))


def unit_terms(ind: Indicator, wide: pd.DataFrame) -> pd.DataFrame:
    """Numerator, denominator and value of ``ind`` for every (unit, year) row of ``wide``.

    For growth: numerator is this year's amount, denominator the comparable last-year base
    (this year ÷ (1 + reported growth) when a growth is reported, else last year's amount).
    """
    f = ind.formula
    codes, years = wide.index.get_level_values(0), wide.index.get_level_values(1)
    if f.kind == "field":
        num = wide[f.numerator[0]]
        return pd.DataFrame({"numerator": num, "denominator": np.nan, "value": num})
    if f.kind == "cumulative":
        # running total from ``since``: missing unless every year since then is present
        amount = wide[f.numerator[0]]
        total = pd.Series(np.nan, index=wide.index)
        for i, (code, year) in enumerate(zip(codes, years)):
            if year < f.since:
                continue
            span = amount.reindex(pd.MultiIndex.from_product([[code], range(f.since, year + 1)]))
            total.iloc[i] = span.sum() if span.notna().all() else np.nan
        return pd.DataFrame({"numerator": total, "denominator": np.nan, "value": total})
    if f.kind == "average_growth":
        amount = wide[f.numerator[0]]
        start = pd.Series(
            amount.reindex(pd.MultiIndex.from_arrays([codes, np.full(len(codes), f.since)])).to_numpy(),
            index=wide.index,
        )
        start = start.where((start > 0) & (years > f.since))
        value = pd.Series([_compound(n, d, y - f.since) for n, d, y in zip(amount, start, years)], index=wide.index)
        return pd.DataFrame({"numerator": amount, "denominator": start, "value": value})
    if f.kind == "ratio":
        num, den = _sum_all(wide, f.numerator), _sum_all(wide, f.denominator)
        value = (num / den.where(den != 0)) * f.scale
        return pd.DataFrame({"numerator": num, "denominator": den, "value": value})
    amount = wide[f.numerator[0]]
    previous_index = pd.MultiIndex.from_arrays([codes, years - 1])
    previous = pd.Series(amount.reindex(previous_index).to_numpy(), index=wide.index)
    reported = wide[f.reported] if f.reported else pd.Series(np.nan, index=wide.index)
    computed = (amount / previous.where(previous > 0) - 1) * 100
    value = reported.where(reported.notna(), computed)
    base = (amount / (1 + reported / 100)).where(reported.notna(), previous.where(previous > 0))
    return pd.DataFrame({"numerator": amount, "denominator": base, "value": value})


def _compound(amount: float, start: float, years: int) -> float:
    """Average annual growth (%) from ``start`` to ``amount`` over ``years`` years."""
    if years <= 0 or not start > 0 or np.isnan(amount) or amount < 0:
        return np.nan
    return ((amount / start) ** (1 / years) - 1) * 100


def _aggregate(ind: Indicator, num: float, den: float, year: int) -> float:
    f = ind.formula
    if f.kind in ("field", "cumulative"):
        return num
    if den == 0:
        return np.nan
    if f.kind == "ratio":
        return num / den * f.scale
    if f.kind == "average_growth":
        return _compound(num, den, year - f.since)
    return (num / den - 1) * 100


def reported_by_each_unit(ind: Indicator) -> bool:
    """A rate field (科技进步贡献率) cannot be summed: every unit that has it, the city and an aggregate included,
    reports its own value, which is used and traced as its own."""
    return ind.formula.kind == "field" and load_fields()[ind.formula.numerator[0]].kind == "rate"


def compute_indicators(panel: pd.DataFrame, framework: Framework, units: UnitRegistry) -> pd.DataFrame:
    """Indicator values for every unit (districts, zones, areas, references, aggregates, the city)
    and every year in the panel.

    Returns columns ``VALUE_COLUMNS``. An aggregate's value (the city's included) is missing,
    with a note naming the members that lack data, unless every member contributes.
    """
    if panel.empty:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    wide = _wide(panel, framework.fields)
    years = sorted(panel["year"].unique())
    members = units.members(framework.city_sums)
    names = {u.code: u.name for u in [*units.all(), *units.references]}
    frames = []
    for ind in framework.indicators:
        terms = unit_terms(ind, wide)
        own = terms.reset_index()
        reported_rate = reported_by_each_unit(ind)
        if not reported_rate:  # a unit made of members is their sum; with no members it reports for itself
            own = own[~own["unit_code"].isin([code for code, m in members.items() if m])]
        own.insert(2, "indicator", ind.id)
        own["note"] = ""
        frames.append(own)
        if reported_rate:
            continue
        need = ["numerator"] if ind.formula.kind in ("field", "cumulative") else ["numerator", "denominator"]
        rows_out = []
        for code, parts in members.items():
            if not parts:
                continue
            for year in years:
                rows = terms.reindex(pd.MultiIndex.from_product([parts, [year]]))
                missing = rows[rows[need].isna().any(axis=1)].index.get_level_values(0)
                if len(missing) == len(parts):  # not collected here at all (a zone-only field in the city)
                    rows_out.append(
                        (code, year, ind.id, np.nan, np.nan, np.nan, f"{names[code]}的各组成单位均无此项数据")
                    )
                    continue
                if len(missing):
                    note = "缺少" + "、".join(names[c] for c in missing) + f"的数据，无法汇总{names[code]}"
                    rows_out.append((code, year, ind.id, np.nan, np.nan, np.nan, note))
                    continue
                num = rows["numerator"].sum()
                den = rows["denominator"].sum() if len(need) == 2 else np.nan
                rows_out.append((code, year, ind.id, _aggregate(ind, num, den, int(year)), num, den, ""))
        frames.append(pd.DataFrame(rows_out, columns=VALUE_COLUMNS))
    out = pd.concat([f for f in frames if not f.empty], ignore_index=True)[VALUE_COLUMNS]
    out["year"] = out["year"].astype(int)
    return out


def _source_years(ind: Indicator, year: int) -> list[int]:
    f = ind.formula
    if f.kind == "growth":
        return [year, year - 1]
    if f.kind == "average_growth":
        return [year, f.since]
    if f.kind == "cumulative":
        return list(range(f.since, year + 1))
    return [year]


def _in(values: np.ndarray, wanted) -> np.ndarray:
    """``values[i] in wanted`` for each i, as a boolean array (plain set lookups: any value, NA too)."""
    wanted = set(wanted)
    return np.fromiter((v in wanted for v in values), dtype=bool, count=len(values))


def trace_sources(
    panel: pd.DataFrame, framework: Framework, units: UnitRegistry, unit_code: str, year: int
) -> pd.DataFrame:
    """The raw cells behind one unit's indicators in one year (and the year before, for growth).

    For the city or an aggregate, the cells of every member; of an indicator each unit reports for itself
    (:func:`reported_by_each_unit`), its own cells. Columns: indicator, field, unit_code, year, value, file, sheet,
    cell.
    """
    contributors = units.members(framework.city_sums).get(unit_code) or [unit_code]
    # the masks on plain arrays, one frame selection per indicator: a unit's appendix pays no pandas
    # overhead per condition
    codes = panel["unit_code"].to_numpy(dtype=object)
    mine, itself = _in(codes, contributors), codes == unit_code
    fields, panel_years = panel["field"].to_numpy(dtype=object), panel["year"].to_numpy(dtype=object)
    rows = []
    for ind in framework.indicators:
        years = _source_years(ind, year)
        whose = itself if reported_by_each_unit(ind) else mine
        sel = panel[whose & _in(fields, ind.formula.fields) & _in(panel_years, years)]
        if ind.formula.kind == "growth":
            # last year's amount is used only by units that did not report this year's growth
            reported = set(sel.loc[(sel["year"] == year) & (sel["field"] == ind.formula.reported), "unit_code"])
            last_year = sel["year"] == year - 1
            sel = sel[~(last_year & ((sel["field"] == ind.formula.reported) | sel["unit_code"].isin(reported)))]
        rows.append(sel.assign(indicator=ind.id))
    out = pd.concat(rows, ignore_index=True) if rows else panel.iloc[0:0]
    return out[["indicator", "field", "unit_code", "year", "value", "file", "sheet", "cell"]]
