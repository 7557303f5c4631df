"""Outlook toward the final target, as SDG progress assessments judge it: the pace achieved since
the baseline against the pace needed to reach the final target on time.

For a unit and indicator in year Y, with F its own final target, b its own baseline-year value,
n = Y − baseline year and N = final year − baseline year:

- ``not_applicable``: the indicator does not apply to the unit; ``aspiration``: its target is an
  aspiration (力争), which is shown but never given an outlook;
- in the plan's final year only ``completed`` (this year's status is met) or ``not_completed``
  (near or behind), as Eurostat's SDG reports judge a deadline that has come;
- ``achieved``: this year's status is met and the value reaches F (both rounded to the indicator's display
  precision; a 左右 target within its tolerance) — so an annual flow is achieved only in a year it meets;
- ``unable``: no final target or value, Y not after the baseline year (for running totals: not after the
  year before they start counting), or for levels no baseline value;
- growth rates need no baseline: R = v ÷ F (F ÷ v when lower is better; none when the divisor is not
  positive), one monotone rule, so a higher growth never gets a worse class;
- running totals (``cumulative``) are paced against the plan's path, which rises linearly from 0 in the
  year before they start counting (s − 1): R = (v ÷ (Y − s + 1)) ÷ (F ÷ (final year − s + 1));
- levels where F asks for no improvement on b (a level to hold; a flow whose final target is below its
  baseline): this year's status decides — ``acceleration_needed`` when near, ``limited`` when behind but at F,
  ``deteriorating`` when below F, ``on_track`` when at F without a target this year;
- other levels: R = ((v/b)^(1/n) − 1) ÷ ((F/b)^(1/N) − 1) for geometric indicators (linear when a
  value is not positive), ((v − b)/n) ÷ ((F − b)/N) for linear ones;
- ``on_track`` R ≥ the on-track threshold, ``acceleration_needed`` R ≥ the acceleration threshold,
  ``limited`` R ≥ 0, ``deteriorating`` R < 0 (thresholds: params/settings.yaml).
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, Decimal

import pandas as pd

from ..config import settings
from ..missing import is_missing
from .compliance import status as status_of
from .framework import Framework, Indicator
from .precision import round_half_up

OUTLOOK_LABELS = {
    "achieved": "已达成",
    "on_track": "进展顺利",
    "acceleration_needed": "需加快",
    "limited": "进展有限",
    "deteriorating": "退步",
    "unable": "无法评估",
    "completed": "已完成",
    "not_completed": "未完成",
    "aspiration": "力争目标（不评估）",
    "not_applicable": "不适用",
}
OUTLOOK_COLOURS = {
    "achieved": "#1b5e20",
    "on_track": "#2e7d32",
    "acceleration_needed": "#f9a825",
    "limited": "#ef6c00",
    "deteriorating": "#c62828",
    "unable": "#9e9e9e",
    "completed": "#1b5e20",
    "not_completed": "#c62828",
    "aspiration": "#5c8fc7",
    "not_applicable": "#bdbdbd",
}


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


def _by_ratio(r: float) -> str:
    rules = settings()["outlook"]
    rounded = round(r, 9)  # so that a ratio of exactly 0.95 is not lost to floating-point noise
    if rounded >= rules["on_track"]:
        return "on_track"
    if rounded >= rules["acceleration_needed"]:
        return "acceleration_needed"
    return "limited" if rounded >= 0 else "deteriorating"


def shown_pace(r):
    """A pace ratio R as every output shows it: two decimals, half up, unless that would cross a boundary of
    R's class (R = 0.949, 需加快, would show 0.95, the bound of 进展顺利; R = −0.004, 退步, would show 0.00): then
    rounded down (0.94, −0.01), so that the number shown never contradicts its class. Missing stays missing."""
    if is_missing(r):
        return r
    shown = float(round_half_up(r, 2))
    if _by_ratio(shown) == _by_ratio(r):
        return shown
    return float(Decimal(repr(float(r))).quantize(Decimal("0.01"), rounding=ROUND_FLOOR))


def _holding(reaches: bool, status: str) -> str:
    """The category when F asks for no improvement on the baseline (a level to hold, or a yearly flow whose
    final target is below its baseline), where no pace can be measured: this year's status decides, so the
    outlook never reads better than the status on the same page."""
    if status == "near":
        return "acceleration_needed"
    if status == "behind":
        return "limited" if reaches else "deteriorating"
    return "on_track" if reaches else "deteriorating"


def classify(
    ind: Indicator,
    value: float,
    baseline: float,
    final_target: float,
    n: int,
    total: int,
    status: str | None = None,
    final_year: bool = False,
    kind: str = "value",
    tolerance: float = 0.0,
) -> tuple[str, float | None]:
    """(category, R) of one unit and indicator; see the module docstring.

    ``status`` is this year's status (default: judged against F); ``final_year`` whether Y is the plan's
    final year; ``kind`` and ``tolerance`` those of the target (a 左右 target reaches F within its tolerance).
    For running totals the caller passes b = 0 and n, N counted from the year before they start.
    """
    if kind == "aspiration":
        return "aspiration", None
    if is_missing(final_target) or is_missing(value):
        return "unable", None
    reaches = (
        status_of(
            value,
            final_target,
            ind.precision,
            ind.higher_is_better,
            kind=kind,
            tolerance=0.0 if is_missing(tolerance) else tolerance,
            completion_shown=not ind.is_growth,
        )
        == "met"
    )
    status = status if status is not None else ("met" if reaches else "behind")
    if final_year:
        if status == "met":
            return "completed", None
        return ("not_completed", None) if status in ("near", "behind") else ("unable", None)
    if reaches and status == "met":
        return "achieved", None
    if n <= 0 or total <= 0:
        return "unable", None
    if ind.is_growth:
        r = pace_ratio(ind, value, baseline, final_target, n, total)
        return ("unable", None) if r is None else (_by_ratio(r), r)
    if is_missing(baseline):
        return "unable", None
    asks_improvement = final_target > baseline if ind.higher_is_better else final_target < baseline
    if not asks_improvement:
        return _holding(reaches, status), None
    r = pace_ratio(ind, value, baseline, final_target, n, total)
    return ("unable", None) if r is None else (_by_ratio(r), r)


def outlooks(table: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """``outlook`` and ``pace_ratio`` for every row of a results table (columns value, baseline, final_target,
    and when present status, target_kind, tolerance)."""
    out = []
    n_rows = len(table)

    def column(name, default):
        return table[name] if name in table else pd.Series([default] * n_rows, index=table.index)

    rows = zip(
        table["indicator"],
        table["year"],
        table["value"],
        table["baseline"],
        table["final_target"],
        column("status", None),
        column("target_kind", "value"),
        column("tolerance", 0.0),
    )
    for ind_id, year, value, baseline, final_target, state, kind, tolerance in rows:
        if state == "not_applicable":
            out.append(("not_applicable", math.nan))
            continue
        ind = framework.indicator(ind_id)
        start = framework.baseline_year
        if ind.is_cumulative:  # the plan's path of a running total starts from 0 the year before it counts
            start, baseline = ind.formula.since - 1, 0.0
        category, r = classify(
            ind,
            value,
            baseline,
            final_target,
            int(year) - start,
            framework.final_year - start,
            status=state if isinstance(state, str) and state else None,
            final_year=int(year) == framework.final_year,
            kind=kind if isinstance(kind, str) and kind else "value",
            tolerance=tolerance,
        )
        out.append((category, math.nan if r is None else r))
    return pd.DataFrame(out, columns=["outlook", "pace_ratio"], index=table.index)
