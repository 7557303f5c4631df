"""The annual assessment (考核): points per indicator, a total score, a rank among districts and a grade.

Per unit and year, over the indicators that apply to the unit and have a binding target (an aspiration,
力争, is never scored):

- achievement a = value ÷ target (target ÷ value when lower is better; growth rates too: value ÷ target);
- indicator score s = 100 × min(max(a, 0), cap); full marks (at least 100) when the status is ``met``
  (value and target compared at display precision); an indicator without data scores 0 and is listed;
- points = w × s ÷ Σw (Σ over the indicators with a target), so the points add up to the score;
- growth rates against a target ≤ 0 are never divided by: 100 − ``points_per_point`` × the shortfall in
  percentage points (floored at 0), full marks when met;
- grade (only where the framework sets bands): the first grade whose lowest score the score (rounded half
  up to 2 decimals) reaches and whose conditions the unit meets (at most so many scored targets 未达标 —
  an indicator without data counts as 未达标 — and at least such a share met), then capped by any veto
  rule that applies; rank among districts by the rounded score, ties share the best rank.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..ingest import UnitRegistry
from ..missing import is_missing
from .applicability import applicable_mask
from .compliance import round_half_up
from .framework import Framework
from .rules import Assessment

VETO_LABELS = {"fell": "比上年下降", "not_met": "未达到年度目标"}
SCORE_PRECISION = 2


def indicator_score(achievement: float, status: str, cap: float) -> float:
    """s = 100 × min(max(achievement, 0), cap), at least 100 when ``met``; 0 without data.

    ``achievement`` may be NaN when it is undefined (target or value ≤ 0): then 100 if met, else 0.
    ``nan`` when the indicator has no target or does not apply to the unit (it does not count).
    """
    if status in ("no_target", "not_applicable"):
        return math.nan
    if status == "no_data":
        return 0.0
    s = 0.0 if is_missing(achievement) else 100 * min(max(achievement, 0.0), cap)
    return max(s, 100.0) if status == "met" else s


def growth_score(value: float, target: float, status: str, higher_is_better: bool, points_per_point: float) -> float:
    """The score of a growth rate against a target ≤ 0, which is never divided by: 100 when met, else
    100 − ``points_per_point`` × the shortfall in percentage points, floored at 0."""
    if status == "met":
        return 100.0
    short = (target - value) if higher_is_better else (value - target)
    return max(0.0, 100.0 - points_per_point * max(short, 0.0))


def indicator_points(table: pd.DataFrame, framework: Framework) -> pd.Series:
    """Weighted points of every row of a results table: w × s ÷ Σw over the unit-year's indicators
    with a binding target; NaN where the indicator has no target, only an aspiration (力争, never scored)
    or does not apply to the unit."""
    rules = framework.assessment
    by_id = {i.id: i for i in framework.indicators}
    weight = table["indicator"].map(dict(rules.weights)).astype(float)

    def column(name, default):
        return table[name] if name in table else pd.Series(default, index=table.index)

    scores = []
    for ind_id, a, st, kind, value, target in zip(
        table["indicator"],
        table["achievement"],
        table["status"],
        column("target_kind", ""),
        column("value", math.nan),
        column("target", math.nan),
    ):
        ind = by_id.get(ind_id)
        if kind == "aspiration":
            scores.append(math.nan)
        elif (
            ind is not None
            and ind.is_growth
            and st in ("met", "near", "behind")
            and not is_missing(target)
            and target <= 0
            and not is_missing(value)
        ):
            scores.append(growth_score(value, target, st, ind.higher_is_better, rules.points_per_point))
        else:
            scores.append(indicator_score(a, st, rules.cap))
    s = pd.Series(scores, index=table.index, dtype=float)
    counted = weight.where(s.notna(), 0.0)
    total = counted.groupby([table["unit_code"], table["year"]]).transform("sum")
    return (weight * s / total.where(total > 0)).where(s.notna())


def grade_for(score: float, rules: Assessment, behind: int = 0, met_share: float = 1.0) -> str:
    """The grade of a score rounded half up to 2 decimals ('' when there is no score or the framework sets
    no bands): the best grade whose lowest score it reaches and whose conditions the unit meets, with
    ``behind`` scored targets 未达标 and ``met_share`` of them met (:class:`~.rules.GradeCondition`)."""
    if is_missing(score) or not rules.grades:
        return ""
    rounded = float(round_half_up(score, SCORE_PRECISION))
    for name, lowest in rules.grades:
        c = rules.condition(name)
        if (
            rounded >= lowest
            and (c.max_behind is None or behind <= c.max_behind)
            and (c.min_met_share is None or met_share >= c.min_met_share - 1e-12)
        ):
            return name
    return rules.fail_grade


def grade_misses(score: float, grade: str, rules: Assessment, behind: int, met_share: float) -> tuple[str, ...]:
    """Which requirements of ``grade`` a unit misses, as :func:`grade_for` checks them: ``score`` (its score
    rounded half up to 2 decimals is below the grade's lowest), ``behind`` (more scored targets 未达标 than the
    grade allows; no data counts as 未达标), ``met_share`` (too small a share of them met). Empty when it meets
    them all (then only a veto rule can have kept the grade from it)."""
    lowest = dict(rules.grades)[grade]
    c = rules.condition(grade)
    misses = []
    if is_missing(score) or float(round_half_up(score, SCORE_PRECISION)) < lowest:
        misses.append("score")
    if c.max_behind is not None and behind > c.max_behind:
        misses.append("behind")
    if c.min_met_share is not None and met_share < c.min_met_share - 1e-12:
        misses.append("met_share")
    return tuple(misses)


def scored_standing(table: pd.DataFrame) -> pd.DataFrame:
    """Per unit and year of a results table with ``points``: ``behind``, its scored targets 未达标 (no data counts
    as 未达标), and ``met_share``, the share of them met: what a grade's conditions look at (as
    :func:`assess_units` counts them). Index (unit_code, year)."""
    scored = table[table["points"].notna() & table["status"].isin(["met", "near", "behind", "no_data"])]
    keys = [scored["unit_code"], scored["year"]]
    return pd.DataFrame(
        {
            "behind": scored["status"].isin(["behind", "no_data"]).groupby(keys).sum().astype(int),
            "met_share": (scored["status"] == "met").groupby(keys).mean(),
        }
    )


def _veto_applies(rule, framework: Framework, status: str, value: float, last_year: float) -> bool | None:
    """Whether ``rule`` applies to one unit-year; ``None`` when the data do not tell."""
    if rule.when == "not_met":
        if status == "aspiration":  # an aspiration not reached is never failed
            return False
        return None if status in ("no_data", "no_target", "not_applicable") else status != "met"
    if is_missing(value) or is_missing(last_year):
        return None
    ind = framework.indicator(rule.indicator)
    now, before = round_half_up(value, ind.precision), round_half_up(last_year, ind.precision)
    return now < before if ind.higher_is_better else now > before


def _apply_vetoes(result: pd.DataFrame, table: pd.DataFrame, framework: Framework, keys: list[str]) -> None:
    """Cap ``result``'s grades (indexed by ``keys``) by the framework's veto rules, saying why in ``veto``, or
    why a rule could not be checked."""
    rules = framework.assessment
    order = list(rules.grade_names)
    for rule in rules.vetoes:
        rows = table[table["indicator"] == rule.indicator].set_index(keys)
        last = rows["value"].copy()
        last.index = pd.MultiIndex.from_arrays([last.index.get_level_values(0), last.index.get_level_values(1) + 1])
        last = last.reindex(rows.index)
        name = framework.indicator(rule.indicator).short_name
        for key, status, value, before in zip(rows.index, rows["status"], rows["value"], last):
            grade = result.at[key, "grade"]
            if not grade:
                continue
            applies = _veto_applies(rule, framework, status, value, before)
            note = None
            if applies is None:
                note = f"无法判断{name}是否{VETO_LABELS[rule.when]}（缺少数据），未执行该否决规则"
            elif applies and order.index(grade) < order.index(rule.best_grade):
                result.at[key, "grade"] = rule.best_grade
                note = f"{name}{VETO_LABELS[rule.when]}，最高评为{rule.best_grade}"
            if note:
                result.at[key, "veto"] = "；".join(filter(None, [result.at[key, "veto"], note]))


def assess_units(table: pd.DataFrame, framework: Framework, units: UnitRegistry) -> pd.DataFrame:
    """Score, rank and grade of every unit and year of a results table that has a ``points`` column.

    Columns: unit_code, year, assessment_score (none when no indicator with a target has data),
    assessment_rank (districts only), grade, veto (what capped the grade, or why a veto could not be
    checked), missing_indicators (scored 0 for lack of data).
    """
    rules = framework.assessment
    keys = ["unit_code", "year"]
    counted = table[table["points"].notna()]
    by = counted.groupby(keys, sort=False)
    lacking = counted["status"] == "no_data"
    short = counted["indicator"].map(lambda i: framework.indicator(i).short_name)
    result = table[keys].drop_duplicates().set_index(keys)
    result["assessment_score"] = by["points"].sum()
    # a unit with no data at all is not assessed (rather than graded on zeros)
    has_data = (~lacking).groupby([counted[k] for k in keys]).any().reindex(result.index, fill_value=False)
    result.loc[~has_data, "assessment_score"] = np.nan
    result["missing_indicators"] = (
        short[lacking].groupby([counted.loc[lacking, k] for k in keys]).agg("、".join).reindex(result.index).fillna("")
    )
    scored_rows = counted[counted["status"].isin(["met", "near", "behind", "no_data"])]
    by_unit = [scored_rows[k] for k in keys]
    behind = (
        (scored_rows["status"].isin(["behind", "no_data"])).groupby(by_unit).sum().reindex(result.index, fill_value=0)
    )
    met_share = (scored_rows["status"] == "met").groupby(by_unit).mean().reindex(result.index, fill_value=0.0)
    result["grade"] = [
        grade_for(v, rules, int(b), float(m)) for v, b, m in zip(result["assessment_score"], behind, met_share)
    ]
    result["veto"] = ""
    _apply_vetoes(result, table, framework, keys)
    result = result.reset_index()
    district = result["unit_code"].isin(set(units.members(framework.city_sums)[units.city.code]))
    rounded = result["assessment_score"].map(
        lambda v: np.nan if is_missing(v) else float(round_half_up(v, SCORE_PRECISION))
    )
    result["assessment_rank"] = np.nan
    result.loc[district, "assessment_rank"] = (
        rounded[district].groupby(result.loc[district, "year"]).rank(ascending=False, method="min")
    )
    result["year"] = result["year"].astype(int)
    return result[["unit_code", "year", "assessment_score", "assessment_rank", "grade", "veto", "missing_indicators"]]


SCORE_COLUMNS = [
    "unit_code",
    "unit_name",
    "unit_kind",
    "year",
    "assessment_score",
    "assessment_rank",
    "grade",
    "index",
    "index_change",
    "group",
    "index_rank",
    "rank_p05",
    "rank_median",
    "rank_p95",
    "veto",
    "missing_indicators",
    "note",
]


def score_units(table: pd.DataFrame, panel: pd.DataFrame, framework: Framework, units: UnitRegistry) -> pd.DataFrame:
    """Assessment and composite index of every unit and year of a results table (with ``points``):
    one row per unit and year, columns ``SCORE_COLUMNS``."""
    from .composite import composite_index, transformed_values

    table = table[table["unit_code"].isin({u.code for u in units.all()})]  # reference units are never scored
    if table.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    scores = assess_units(table, framework, units)
    transformed = transformed_values(table, panel, framework, units)
    applicable = applicable_mask(transformed.index, transformed.columns, framework, units)
    transformed = transformed.where(applicable)
    index = pd.concat(
        [composite_index(transformed, framework, units, int(y), applicable) for y in sorted(table["year"].unique())],
        ignore_index=True,
    )
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
    if is_missing(row.assessment_score):
        notes.append("无可考核的指标（无目标或无数据），不评等次")
    if row.index_note:
        notes.append(row.index_note)
    return "；".join(notes)
