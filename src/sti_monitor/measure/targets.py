"""Targets: the plan's milestones, interpolated between them, and decomposed to districts.

Rules (the ``target_rule`` column):
- ``plan``: the city is judged against the framework's targets;
- ``task_table``: a district's target from the data directory's 指标任务表;
- ``proportional``: district baseline × city target ÷ city baseline;
- ``same_as_city``: the city target (growth rates);
- ``none``: no target could be set (the note says why).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..ingest import UnitRegistry
from .framework import Framework, Indicator, Target

RULE_LABELS = {
    "plan": "规划目标",
    "task_table": "指标任务表",
    "proportional": "按基期比例分解",
    "same_as_city": "与全市目标相同",
    "none": "无目标",
}
TARGET_COLUMNS = ["unit_code", "year", "indicator", "target", "stretch_target", "target_rule", "target_note",
                  "baseline", "final_target"]


@dataclass(frozen=True)
class PlanTarget:
    """The plan's target for one year: ``value`` (and ``stretch``), with how it was obtained."""

    value: float
    stretch: float | None
    kind: str
    note: str


def _between(a: float, b: float, share: float, how: str) -> float:
    if how == "geometric" and a > 0 and b > 0:
        return a * (b / a) ** share
    return a + (b - a) * share


def plan_target(ind: Indicator, year: int, baseline_year: int) -> PlanTarget | None:
    """The plan's target for ``year``: a milestone, or interpolated between two milestones
    (from the baseline to the first target, then target to target), linearly or
    geometrically as the indicator says. A floor applies unchanged before its milestone.
    ``None`` outside (baseline year, last target year]."""
    by_year = {t.year: t for t in ind.targets}
    if year in by_year:
        t = by_year[year]
        return PlanTarget(t.value, t.stretch, t.kind, t.label or "规划目标值")
    later = [t for t in ind.targets if t.year > year]
    if year <= baseline_year or not later:
        return None
    nxt: Target = later[0]
    if nxt.kind in ("floor", "ceiling"):
        return PlanTarget(nxt.value, None, nxt.kind, f"{nxt.label or '底线目标'}（{nxt.year}年）")
    earlier = [t for t in ind.targets if t.year < year]
    if earlier:
        start_year, start, start_stretch = earlier[-1].year, earlier[-1].value, earlier[-1].stretch or earlier[-1].value
    elif ind.baseline is not None:
        start_year, start, start_stretch = baseline_year, ind.baseline, ind.baseline
    else:
        return None
    share = (year - start_year) / (nxt.year - start_year)
    how = "线性" if ind.interpolation == "linear" else "几何（等比）"
    value = _between(start, nxt.value, share, ind.interpolation)
    stretch = _between(start_stretch, nxt.stretch, share, ind.interpolation) if nxt.stretch is not None else None
    return PlanTarget(value, stretch, nxt.kind, f"由{start_year}年与{nxt.year}年目标{how}插值")


def assign_targets(values: pd.DataFrame, framework: Framework, units: UnitRegistry,
                   task_targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Target, stretch target, rule and note for every row of ``values`` (unit, year, indicator),
    plus the unit's own ``baseline`` and ``final_target`` used for progress. Columns ``TARGET_COLUMNS``."""
    by = values.set_index(["unit_code", "year", "indicator"])["value"]
    tasks = {}
    if task_targets is not None and not task_targets.empty:
        tasks = {(r.unit_code, int(r.year), r.indicator): float(r.target) for r in task_targets.itertuples()}
    city = units.city.code
    by_year = framework.baseline_year
    rows = []
    for ind in framework.indicators:
        city_base_data = by.get((city, by_year, ind.id), np.nan)
        city_base = city_base_data if not _missing(city_base_data) else ind.baseline
        final = plan_target(ind, framework.final_year, by_year)
        for (code, year) in values.loc[values["indicator"] == ind.id, ["unit_code", "year"]].itertuples(index=False):
            plan = plan_target(ind, int(year), by_year)
            if code == city:
                rows.append((code, year, ind.id, plan.value if plan else np.nan, plan.stretch if plan else np.nan,
                             "plan" if plan else "none", plan.note if plan else "该年份不在规划期内",
                             ind.baseline if ind.baseline is not None else np.nan, final.value if final else np.nan))
                continue
            own_base = by.get((code, by_year, ind.id), np.nan)

            def decompose(target_year, p: PlanTarget | None):
                """(target, stretch, rule, note) for this unit in ``target_year``."""
                if (code, target_year, ind.id) in tasks:
                    return tasks[(code, target_year, ind.id)], np.nan, "task_table", "取自指标任务表"
                if p is None:
                    return np.nan, np.nan, "none", "该年份不在规划期内"
                if ind.decomposition == "same":
                    return p.value, p.stretch if p.stretch is not None else np.nan, "same_as_city", "与全市目标相同"
                if _missing(own_base) or _missing(city_base) or city_base == 0:
                    return np.nan, np.nan, "none", f"缺少{by_year}年基期数据，无法按比例分解目标"
                k = own_base / city_base
                stretch = p.stretch * k if p.stretch is not None else np.nan
                return p.value * k, stretch, "proportional", \
                    f"本地{by_year}年基期值 × 全市目标 ÷ 全市基期值（{_plain(city_base)}）；全市目标：{p.note}"

            target, stretch, rule, note = decompose(int(year), plan)
            final_target = decompose(framework.final_year, final)[0]
            rows.append((code, year, ind.id, target, stretch, rule, note, own_base, final_target))
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _plain(x: float) -> str:
    """A number for a note: thousands separators, up to four decimals, never scientific notation."""
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def target_trajectories(results_table: pd.DataFrame, framework: Framework, units: UnitRegistry,
                        task_targets: pd.DataFrame | None, unit_code: str, column: str = "target") -> pd.DataFrame:
    """Targets (``column`` "stretch_target": stretch targets) of one unit for every year from the first
    target year to the plan's final year (rows) and every indicator (columns), by the same rules as
    :func:`assign_targets`."""
    keep = results_table["unit_code"].isin([unit_code, units.city.code])
    known = results_table.loc[keep, ["unit_code", "year", "indicator", "value"]]
    years = range(framework.baseline_year + 1, framework.final_year + 1)
    have = set(zip(known.loc[known["unit_code"] == unit_code, "year"], known.loc[known["unit_code"] == unit_code, "indicator"]))
    extra = pd.DataFrame([(unit_code, y, ind.id, np.nan) for y in years for ind in framework.indicators
                          if (y, ind.id) not in have], columns=["unit_code", "year", "indicator", "value"])
    targets = assign_targets(pd.concat([known, extra], ignore_index=True), framework, units, task_targets)
    mine = targets[(targets["unit_code"] == unit_code) & targets["year"].isin(years)]
    return mine.pivot(index="year", columns="indicator", values=column).sort_index()
