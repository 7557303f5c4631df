"""Compare values with targets: achievement, status, achievement score, progress and the growth still needed.

Status: ``met`` when the row reads as met, judged on the shown numbers (see :mod:`.precision`:
the precision is chosen by magnitude, and growth rates are judged in percentage points); ``near`` when achievement ≥ the near threshold; ``behind`` otherwise;
``no_target`` / ``no_data`` where the target or the value is missing; ``not_applicable`` where the
indicator does not apply to the unit (:mod:`.applicability`), whatever its value.
An about-target (左右) is met within its tolerance short of the target; an aspiration-only
target (力争) not reached is ``aspiration``: reported and shown, never counted or scored as failed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..missing import is_missing
from .framework import Framework, Indicator
from .precision import met_as_shown, reaches, round_half_up  # noqa: F401  (round_half_up: re-exported)

STATUS_LABELS = {
    "met": "达标",
    "near": "接近",
    "behind": "未达标",
    "aspiration": "未达力争目标",
    "no_target": "无目标",
    "no_data": "无数据",
    "not_applicable": "不适用",
}
STATUS_COLOURS = {
    "met": "#2e7d32",
    "near": "#f9a825",
    "behind": "#c62828",
    "aspiration": "#5c8fc7",
    "no_target": "#9e9e9e",
    "no_data": "#9e9e9e",
    "not_applicable": "#bdbdbd",
}


def achievement(value: float, target: float, higher_is_better: bool = True) -> float | None:
    """value ÷ target (target ÷ value when lower is better); ``None`` when undefined (zero or negative target)."""
    if is_missing(value) or is_missing(target):
        return None
    num, den = (value, target) if higher_is_better else (target, value)
    if den <= 0:
        return None
    return num / den


def status(
    value: float,
    target: float,
    precision: int,
    higher_is_better: bool = True,
    near_threshold: float = 0.95,
    kind: str = "value",
    tolerance: float = 0.0,
    completion_shown: bool = True,
) -> str:
    """``met``, ``near``, ``behind``, ``aspiration``, ``no_target`` or ``no_data`` (see the module docstring).

    ``kind`` is the target's kind; for ``about`` the target is met when the value falls short of it
    by no more than ``tolerance`` (indicator units). ``completion_shown`` is False for growth rates, whose
    rows show a gap in percentage points instead of a completion ratio.
    """
    if is_missing(value):
        return "no_data"
    if is_missing(target):
        return "no_target"
    threshold = target
    if kind == "about" and not is_missing(tolerance):
        threshold = target - tolerance if higher_is_better else target + tolerance
    if met_as_shown(value, threshold, precision, higher_is_better, completion_shown):
        return "met"
    if kind == "aspiration":
        return "aspiration"
    ratio = achievement(value, target, higher_is_better)
    return "near" if ratio is not None and ratio >= near_threshold else "behind"


def achievement_score(ratio: float | None, state: str, kind: str = "value") -> float | None:
    """min(achievement, 1) × 100, floored at 0; 100 when met (at display precision, a 左右 target within its
    tolerance), 0 when not met and achievement is undefined; none for an aspiration (力争, ``kind``), which is
    never scored, nor without data or target, nor where the indicator does not apply."""
    if state in ("no_data", "no_target", "aspiration", "not_applicable") or kind == "aspiration":
        return None
    if state == "met":
        return 100.0
    if ratio is None:
        return 0.0
    return max(0.0, min(ratio, 1.0)) * 100


def progress(value: float, baseline: float, final_target: float, higher_is_better: bool = True) -> float | None:
    """(value − baseline) ÷ (final target − baseline): the share of the way to the plan's final target.

    ``None`` when the final target asks for no improvement on the baseline (e.g. an annual flow
    whose final target is below its baseline), where the ratio would have no meaning.
    """
    if any(is_missing(x) for x in (value, baseline, final_target)):
        return None
    gap = final_target - baseline
    if gap == 0 or (gap < 0) == higher_is_better:
        return None
    return (value - baseline) / gap


def required_growth(ind: Indicator, value: float, final_target: float, years_left: int) -> tuple[float | None, str]:
    """Yearly change still needed from ``value`` to reach ``final_target`` in ``years_left`` years, and its unit.

    Geometric indicators (cumulative counts, amounts): compound % per year.
    Linear indicators: absolute change per year (percentage points for % indicators).
    Growth-rate indicators: none (the target is itself a yearly rate).
    """
    if ind.is_growth or years_left <= 0 or is_missing(value) or is_missing(final_target):
        return None, ""
    if ind.interpolation == "geometric":
        if value <= 0 or final_target <= 0:
            return None, ""
        return ((final_target / value) ** (1 / years_left) - 1) * 100, "%"
    unit = "个百分点" if ind.unit == "%" else ind.unit
    return (final_target - value) / years_left, unit


def exceeds(value: float, reference: float, ind: Indicator) -> bool:
    """Whether ``value`` is beyond ``reference`` (a reference unit's value: 超过全省平均) as both are shown, at
    the indicator's precision: strictly above (below when lower is better); equal as shown is not beyond."""
    return not reaches(reference, value, ind.precision, ind.higher_is_better)


def assess(values: pd.DataFrame, targets: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Join values and targets and add achievement, status, achievement score, progress and required growth."""
    table = values.merge(targets, on=["unit_code", "year", "indicator"], how="left")
    out = []
    for row in table.itertuples(index=False):
        ind = framework.indicator(row.indicator)
        ratio = achievement(row.value, row.target, ind.higher_is_better)
        state = status(
            row.value,
            row.target,
            ind.precision,
            ind.higher_is_better,
            framework.near_threshold,
            row.target_kind,
            row.tolerance,
            not ind.is_growth,
        )
        applicable = getattr(row, "applicable", True)
        if not is_missing(applicable) and not bool(applicable):
            state = "not_applicable"
        stretch_met = None
        if not is_missing(row.stretch_target) and not is_missing(row.value):
            if ind.reference_aspiration(int(row.year), row.unit_code) is not None:
                stretch_met = exceeds(row.value, row.stretch_target, ind)  # 超过全省平均: strictly beyond
            else:
                stretch_met = met_as_shown(
                    row.value, row.stretch_target, ind.precision, ind.higher_is_better, not ind.is_growth
                )
        growth, growth_unit = required_growth(ind, row.value, row.final_target, framework.final_year - int(row.year))
        out.append(
            {
                "achievement": ratio if ratio is not None else np.nan,
                "status": state,
                "achievement_score": np.nan if (s := achievement_score(ratio, state, row.target_kind)) is None else s,
                "progress": p
                if (p := progress(row.value, row.baseline, row.final_target, ind.higher_is_better)) is not None
                else np.nan,
                "required_growth": growth if growth is not None else np.nan,
                "required_growth_unit": growth_unit,
                "stretch_met": stretch_met,
            }
        )
    extra = pd.DataFrame(
        out,
        columns=[
            "achievement",
            "status",
            "achievement_score",
            "progress",
            "required_growth",
            "required_growth_unit",
            "stretch_met",
        ],
    )
    return pd.concat([table.reset_index(drop=True), extra], axis=1)
