"""Trajectory toward the final target, as SDG progress assessments judge it: the pace achieved since
the baseline against the pace needed to reach the final target on time.

For a unit and indicator in year Y, with F its own final target, b its own baseline-year value,
n = Y − baseline year and N = final year − baseline year:

- ``achieved``: the value reaches F (both rounded to the indicator's display precision);
- ``unable``: no baseline value, no final target, or Y is not after the baseline year;
- ``deteriorating``: F asks for no improvement on b and the value falls short of F;
- otherwise the pace ratio R: ((v/b)^(1/n) − 1) ÷ ((F/b)^(1/N) − 1) for geometric indicators (linear when
  a value is not positive), ((v − b)/n) ÷ ((F − b)/N) for linear ones, v ÷ F for growth rates
  (F ÷ v when lower is better); ``on_track`` R ≥ on_track threshold, ``acceleration_needed`` R ≥ the
  acceleration threshold, ``limited`` R ≥ 0, ``deteriorating`` R < 0 (thresholds: params/settings.yaml).
"""
from __future__ import annotations

import math

import pandas as pd

from ..config import settings
from .compliance import status
from .framework import Framework, Indicator
from ..missing import is_missing

TRAJECTORY_LABELS = {"achieved": "已达成", "on_track": "进展顺利", "acceleration_needed": "需加快", "limited": "进展有限",
                     "deteriorating": "退步", "unable": "无法评估", "not_applicable": "不适用"}
TRAJECTORY_COLOURS = {"achieved": "#1b5e20", "on_track": "#2e7d32", "acceleration_needed": "#f9a825",
                      "limited": "#ef6c00", "deteriorating": "#c62828", "unable": "#9e9e9e", "not_applicable": "#bdbdbd"}



def pace_ratio(ind: Indicator, value: float, baseline: float, final_target: float, n: int, total: int) -> float | None:
    """R, the pace achieved ÷ the pace needed (see the module docstring); ``None`` when undefined."""
    if ind.is_growth:
        num, den = (value, final_target) if ind.higher_is_better else (final_target, value)
        return num / den if den > 0 else None
    if ind.interpolation == "geometric" and min(value, baseline, final_target) > 0:
        needed = (final_target / baseline) ** (1 / total) - 1
        return ((value / baseline) ** (1 / n) - 1) / needed if needed != 0 else None
    needed = (final_target - baseline) / total
    return ((value - baseline) / n) / needed if needed != 0 else None


def classify(ind: Indicator, value: float, baseline: float, final_target: float, n: int, total: int
             ) -> tuple[str, float | None]:
    """(category, R) of one unit and indicator; see the module docstring."""
    rules = settings()["trajectory"]
    if is_missing(final_target) or is_missing(value):
        return "unable", None
    if status(value, final_target, ind.precision, ind.higher_is_better) == "met":
        return "achieved", None
    if is_missing(baseline) or n <= 0 or total <= 0:
        return "unable", None
    asks_improvement = final_target > baseline if ind.higher_is_better else final_target < baseline
    if not asks_improvement:
        return "deteriorating", None
    r = pace_ratio(ind, value, baseline, final_target, n, total)
    if r is None:
        return "unable", None
    rounded = round(r, 9)  # so that a ratio of exactly 0.95 is not lost to floating-point noise
    if rounded >= rules["on_track"]:
        return "on_track", r
    if rounded >= rules["acceleration_needed"]:
        return "acceleration_needed", r
    return ("limited" if rounded >= 0 else "deteriorating"), r


def trajectories(table: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """``trajectory`` and ``pace_ratio`` for every row of a results table (columns value, baseline, final_target)."""
    total = framework.final_year - framework.baseline_year
    out = []
    status = table["status"] if "status" in table else pd.Series("", index=table.index)
    for row, state in zip(table[["indicator", "year", "value", "baseline", "final_target"]].itertuples(index=False), status):
        if state == "not_applicable":
            out.append(("not_applicable", math.nan))
            continue
        category, r = classify(framework.indicator(row.indicator), row.value, row.baseline, row.final_target,
                               int(row.year) - framework.baseline_year, total)
        out.append((category, math.nan if r is None else r))
    return pd.DataFrame(out, columns=["trajectory", "pace_ratio"], index=table.index)
