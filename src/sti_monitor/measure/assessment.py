"""The annual assessment (考核): points per indicator, a total score, a rank among districts and a grade.

Per unit and year, over the indicators that have a target:

- achievement a = value ÷ target (target ÷ value when lower is better; growth rates too: value ÷ target);
- indicator score s = 100 × min(max(a, 0), cap); full marks (at least 100) when the status is ``met``
  (value and target compared at display precision); an indicator without data scores 0 and is listed;
- points = w × s ÷ Σw (Σ over the indicators with a target), so the points add up to the score;
- grade: the first grade whose lowest score the score (rounded half up to 2 decimals) reaches, then
  capped by any veto rule that applies; rank among districts by the rounded score, ties share the best rank.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..ingest import UnitRegistry
from .compliance import round_half_up
from .framework import Assessment, Framework

VETO_LABELS = {"fell": "比上年下降", "not_met": "未达到年度目标"}
SCORE_PRECISION = 2


def indicator_score(achievement: float, status: str, cap: float) -> float:
    """s = 100 × min(max(achievement, 0), cap), at least 100 when ``met``; 0 without data.

    ``achievement`` may be NaN when it is undefined (target or value ≤ 0): then 100 if met, else 0.
    ``nan`` when the indicator has no target (it does not count).
    """
    if status == "no_target":
        return math.nan
    if status == "no_data":
        return 0.0
    s = 0.0 if _nan(achievement) else 100 * min(max(achievement, 0.0), cap)
    return max(s, 100.0) if status == "met" else s


def _nan(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def indicator_points(table: pd.DataFrame, framework: Framework) -> pd.Series:
    """Weighted points of every row of a results table: w × s ÷ Σw over the unit-year's indicators
    with a target; NaN where the indicator has no target."""
    rules = framework.assessment
    weight = table["indicator"].map(dict(rules.weights)).astype(float)
    s = pd.Series([indicator_score(a, st, rules.cap) for a, st in zip(table["achievement"], table["status"])],
                  index=table.index, dtype=float)
    counted = weight.where(s.notna(), 0.0)
    total = counted.groupby([table["unit_code"], table["year"]]).transform("sum")
    return (weight * s / total.where(total > 0)).where(s.notna())


def rank_best_first(scores: pd.Series) -> pd.Series:
    """1 = highest; ties share the best rank (1, 1, 3); NaN stays NaN."""
    return scores.rank(ascending=False, method="min")


def grade_for(score: float, rules: Assessment) -> str:
    """The grade of a score rounded half up to 2 decimals ('' when there is no score)."""
    if _nan(score):
        return ""
    rounded = float(round_half_up(score, SCORE_PRECISION))
    for name, lowest in rules.grades:
        if rounded >= lowest:
            return name
    return rules.fail_grade


def _veto_applies(rule, rows: pd.DataFrame, previous: pd.DataFrame, framework: Framework) -> bool | None:
    """Whether ``rule`` applies to one unit-year (``rows`` indexed by indicator); ``None`` when unknown."""
    ind = framework.indicator(rule.indicator)
    if rule.indicator not in rows.index:
        return None
    row = rows.loc[rule.indicator]
    if rule.when == "not_met":
        return None if row["status"] in ("no_data", "no_target") else row["status"] != "met"
    if rule.indicator not in previous.index or _nan(row["value"]) or _nan(previous.loc[rule.indicator, "value"]):
        return None
    now = round_half_up(row["value"], ind.precision)
    before = round_half_up(previous.loc[rule.indicator, "value"], ind.precision)
    return now < before if ind.higher_is_better else now > before


def assess_units(table: pd.DataFrame, framework: Framework, units: UnitRegistry) -> pd.DataFrame:
    """Score, rank and grade of every unit and year of a results table that has a ``points`` column.

    Columns: unit_code, year, assessment_score, assessment_rank (districts only), grade, veto (what
    capped the grade, or why a veto could not be checked), missing_indicators (scored 0 for lack of data).
    """
    rules = framework.assessment
    order = list(rules.grade_names)
    district_codes = {u.code for u in units.districts}
    by_unit_year = {key: rows.set_index("indicator") for key, rows in table.groupby(["unit_code", "year"], sort=False)}
    out = []
    for (code, year), rows in by_unit_year.items():
        counted = rows[rows["points"].notna()]
        # a unit with no data at all is not assessed (rather than graded on zeros)
        assessed = len(counted) and (counted["status"] != "no_data").any()
        score = float(counted["points"].sum()) if assessed else math.nan
        grade = grade_for(score, rules)
        notes = []
        previous = by_unit_year.get((code, year - 1), rows.iloc[0:0])
        for rule in rules.vetoes if grade else ():
            applies = _veto_applies(rule, rows, previous, framework)
            name = framework.indicator(rule.indicator).short_name
            if applies is None:
                notes.append(f"无法判断{name}是否{VETO_LABELS[rule.when]}（缺少数据），未执行该否决规则")
            elif applies and order.index(grade) < order.index(rule.best_grade):
                grade = rule.best_grade
                notes.append(f"{name}{VETO_LABELS[rule.when]}，最高评为{rule.best_grade}")
        missing = [framework.indicator(i).short_name for i in counted.index[counted["status"] == "no_data"]]
        out.append((code, int(year), score, grade, "；".join(notes), "、".join(missing)))
    result = pd.DataFrame(out, columns=["unit_code", "year", "assessment_score", "grade", "veto", "missing_indicators"])
    rounded = result["assessment_score"].map(lambda s: np.nan if _nan(s) else float(round_half_up(s, SCORE_PRECISION)))
    is_district = result["unit_code"].isin(district_codes)
    result["assessment_rank"] = np.nan
    result.loc[is_district, "assessment_rank"] = rounded[is_district].groupby(result.loc[is_district, "year"]).transform(
        rank_best_first)
    return result[["unit_code", "year", "assessment_score", "assessment_rank", "grade", "veto", "missing_indicators"]]


SCORE_COLUMNS = ["unit_code", "unit_name", "unit_kind", "year", "assessment_score", "assessment_rank", "grade", "index",
                 "index_change", "group", "index_rank", "rank_p05", "rank_median", "rank_p95", "veto",
                 "missing_indicators", "note"]


def score_units(table: pd.DataFrame, panel: pd.DataFrame, framework: Framework, units: UnitRegistry) -> pd.DataFrame:
    """Assessment and composite index of every unit and year of a results table (with ``points``):
    one row per unit and year, columns ``SCORE_COLUMNS``."""
    from .composite import composite_index, transformed_values

    if table.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    scores = assess_units(table, framework, units)
    transformed = transformed_values(table, panel, framework, units)
    index = pd.concat([composite_index(transformed, framework, units, int(y)) for y in sorted(table["year"].unique())],
                      ignore_index=True)
    out = scores.merge(index, on=["unit_code", "year"], how="left")
    out["note"] = [_note(r) for r in out.itertuples(index=False)]
    by_code = {u.code: u for u in units.all()}
    out["unit_name"] = out["unit_code"].map(lambda c: by_code[c].name)
    out["unit_kind"] = out["unit_code"].map(lambda c: by_code[c].kind)
    order = {u.code: i for i, u in enumerate(units.all())}
    out = out.sort_values(["year", "unit_code"], key=lambda s: s.map(order) if s.name == "unit_code" else s)
    for col in ("assessment_rank", "index_rank", "rank_p05", "rank_median", "rank_p95"):
        out[col] = out[col].round().astype("Int64")
    return out[SCORE_COLUMNS].reset_index(drop=True)


def _note(row) -> str:
    """Why a score or index is missing, for the reader of the scores table."""
    notes = []
    if _nan(row.assessment_score):
        notes.append("无可考核的指标（无目标或无数据），不评等次")
    if row.index_note:
        notes.append(row.index_note)
    return "；".join(notes)
