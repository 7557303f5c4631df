"""Compute each framework indicator per unit and year from the raw-field panel.

Districts and zones use their own values. The city aggregates its districts (never the
zones): ratios as the sum of numerators over the sum of denominators, levels as sums,
growth rates as this year's sum over the sum of comparable last-year bases.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..ingest import UnitRegistry
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
    if f.kind == "field":
        num = wide[f.numerator[0]]
        return pd.DataFrame({"numerator": num, "denominator": np.nan, "value": num})
    if f.kind == "ratio":
        num, den = _sum_all(wide, f.numerator), _sum_all(wide, f.denominator)
        value = (num / den.where(den != 0)) * f.scale
        return pd.DataFrame({"numerator": num, "denominator": den, "value": value})
    amount = wide[f.numerator[0]]
    previous_index = pd.MultiIndex.from_arrays(
        [wide.index.get_level_values(0), wide.index.get_level_values(1) - 1])
    previous = pd.Series(amount.reindex(previous_index).to_numpy(), index=wide.index)
    reported = wide[f.reported] if f.reported else pd.Series(np.nan, index=wide.index)
    computed = (amount / previous.where(previous > 0) - 1) * 100
    value = reported.where(reported.notna(), computed)
    base = (amount / (1 + reported / 100)).where(reported.notna(), previous.where(previous > 0))
    return pd.DataFrame({"numerator": amount, "denominator": base, "value": value})


def _aggregate(ind: Indicator, num: float, den: float) -> float:
    f = ind.formula
    if f.kind == "field":
        return num
    if den == 0:
        return np.nan
    if f.kind == "ratio":
        return num / den * f.scale
    return (num / den - 1) * 100


def compute_indicators(panel: pd.DataFrame, framework: Framework, units: UnitRegistry) -> pd.DataFrame:
    """Indicator values for every unit (districts, zones, city) and every year in the panel.

    Returns columns ``VALUE_COLUMNS``. The city value is missing (with a note naming the
    districts that lack data) unless every district contributes.
    """
    if panel.empty:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    wide = _wide(panel, framework.fields)
    years = sorted(panel["year"].unique())
    district_codes = [u.code for u in units.districts]
    names = {u.code: u.name for u in units.all()}
    frames = []
    for ind in framework.indicators:
        terms = unit_terms(ind, wide)
        own = terms.reset_index()
        own = own[own["unit_code"] != units.city.code]
        own.insert(2, "indicator", ind.id)
        own["note"] = ""
        frames.append(own)
        city_rows = []
        for year in years:
            rows = terms.reindex(pd.MultiIndex.from_product([district_codes, [year]]))
            need = ["numerator"] if ind.formula.kind == "field" else ["numerator", "denominator"]
            missing = rows[rows[need].isna().any(axis=1)].index.get_level_values(0)
            if not district_codes:
                continue
            if len(missing):
                note = "缺少" + "、".join(names[c] for c in missing) + "的数据，无法汇总全市"
                city_rows.append((units.city.code, year, ind.id, np.nan, np.nan, np.nan, note))
                continue
            num = rows["numerator"].sum()
            den = rows["denominator"].sum() if ind.formula.kind != "field" else np.nan
            city_rows.append((units.city.code, year, ind.id, _aggregate(ind, num, den), num, den, ""))
        if not district_codes:  # a single-unit registry: the city reports for itself
            city = terms.reset_index()
            city = city[city["unit_code"] == units.city.code]
            city.insert(2, "indicator", ind.id)
            city["note"] = ""
            frames.append(city)
        frames.append(pd.DataFrame(city_rows, columns=VALUE_COLUMNS))
    out = pd.concat([f for f in frames if not f.empty], ignore_index=True)[VALUE_COLUMNS]
    out["year"] = out["year"].astype(int)
    return out


def trace_sources(panel: pd.DataFrame, framework: Framework, units: UnitRegistry, unit_code: str, year: int) -> pd.DataFrame:
    """The raw cells behind one unit's indicators in one year (and the year before, for growth).

    For the city, the cells of every district. Columns: indicator, field, unit_code, year, value, file, sheet, cell.
    """
    contributors = [u.code for u in units.districts] if unit_code == units.city.code and units.districts else [unit_code]
    rows = []
    for ind in framework.indicators:
        years = [year, year - 1] if ind.is_growth else [year]
        sel = panel[panel["unit_code"].isin(contributors) & panel["field"].isin(ind.formula.fields) & panel["year"].isin(years)]
        if ind.is_growth:
            # last year's amount is used only by units that did not report this year's growth
            reported = set(sel.loc[(sel["year"] == year) & (sel["field"] == ind.formula.reported), "unit_code"])
            last_year = sel["year"] == year - 1
            sel = sel[~(last_year & ((sel["field"] == ind.formula.reported) | sel["unit_code"].isin(reported)))]
        rows.append(sel.assign(indicator=ind.id))
    out = pd.concat(rows, ignore_index=True) if rows else panel.iloc[0:0]
    return out[["indicator", "field", "unit_code", "year", "value", "file", "sheet", "cell"]]
