"""The precision a row is shown at, chosen by magnitude, so that a status can be judged on what the reader sees.

A row shows a value, a target and (except for growth rates) a completion ratio at one decimal of a
percent. The row's precision is the indicator's own, raised until the smaller of value and target
has at least ``SIGNIFICANT_DIGITS`` significant digits (whole numbers, such as counts against a
whole target, stay whole), and raised further (up to ``MAX_DECIMALS``)
until "the shown value reaches the shown target" and "the shown completion is at least 100.0%" say
the same thing. A status computed on those shown numbers can never contradict its own row.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

SIGNIFICANT_DIGITS = 3
MAX_DECIMALS = 6
COMPLETION_DECIMALS = 1  # completion is shown as a percentage with one decimal (99.9%)


def round_half_up(x: float, precision: int) -> Decimal:
    """``x`` rounded to ``precision`` decimals, half away from zero, as officials round."""
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def magnitude_precision(precision: int, *numbers: float) -> int:
    """``precision`` raised so the smallest non-zero of ``numbers`` shows ``SIGNIFICANT_DIGITS`` digits
    (1.7 at precision 1 -> 2 decimals: 1.70; 0.034 -> 4: 0.0340; 4,230 stays at 0)."""
    sizes = [abs(x) for x in numbers if _finite(x) and x != 0]
    if not sizes:
        return precision
    needed = SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(min(sizes)))
    return min(max(precision, needed), MAX_DECIMALS)


def shown_completion(value: float, target: float, higher_is_better: bool = True) -> Decimal | None:
    """Completion in percent as shown (value ÷ target, or target ÷ value when lower is better), half up
    to ``COMPLETION_DECIMALS``; ``None`` when undefined (missing, or a zero or negative denominator)."""
    if not (_finite(value) and _finite(target)):
        return None
    num, den = (value, target) if higher_is_better else (target, value)
    if den <= 0:
        return None
    return round_half_up(num / den * 100, COMPLETION_DECIMALS)


def reaches(value: float, target: float, precision: int, higher_is_better: bool = True) -> bool:
    """Whether ``value`` shown at ``precision`` reaches ``target`` shown at ``precision``."""
    v, t = round_half_up(value, precision), round_half_up(target, precision)
    return v >= t if higher_is_better else v <= t


def row_precision(
    precision: int, value: float, target: float, higher_is_better: bool = True, completion_shown: bool = True
) -> int:
    """Decimals to show ``value`` and ``target`` of one row at (see the module docstring).
    ``completion_shown`` False (growth rates, judged in percentage points): the indicator's own precision."""
    if not completion_shown:
        return precision
    whole = all(_finite(x) and float(x).is_integer() for x in (value, target))
    p = precision if whole else magnitude_precision(precision, value, target)  # 38 家 of 40, not 38.0 of 40.0
    completion = shown_completion(value, target, higher_is_better)
    if completion is None:  # also when value or target is missing: shown_completion checks both
        return p
    complete = completion >= 100
    while p < MAX_DECIMALS and reaches(value, target, p, higher_is_better) != complete:
        p += 1
    return p


def met_as_shown(
    value: float, target: float, precision: int, higher_is_better: bool = True, completion_shown: bool = True
) -> bool:
    """Whether the row reads as met: the shown value reaches the shown target and, where completion is
    shown, it is at least 100.0%. ``precision`` is the indicator's; the row's is chosen by :func:`row_precision`."""
    p = row_precision(precision, value, target, higher_is_better, completion_shown)
    if not reaches(value, target, p, higher_is_better):
        return False
    if not completion_shown:
        return True
    completion = shown_completion(value, target, higher_is_better)
    return completion is None or completion >= 100


def band(value: float, precision: int, thresholds, below: str) -> str:
    """The first name in ``thresholds`` ((name, lowest value), best first) that ``value`` rounded half up to
    ``precision`` decimals reaches, else ``below``; '' when there is no value. Grades and index groups."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    rounded = float(round_half_up(value, precision))
    return next((name for name, lowest in thresholds if rounded >= lowest), below)


def shown_precisions(ind, value, target, stretch=None, final=None) -> dict[str, int]:
    """Decimals of each number of one indicator's row as every report and the workbook print it (one display
    rule, one home): value and target at the row's precision (:func:`row_precision`), a whole count of a
    whole-number indicator as a whole number (3家, never 3.00家), the stretch target at least at the row's,
    the final target at the precision of its own comparison with the value. ``ind``: a framework indicator."""
    growth = ind.is_growth
    p = row_precision(ind.precision, value, target, ind.higher_is_better, not growth)
    stretch_p = (
        max(p, row_precision(ind.precision, value, stretch, ind.higher_is_better, not growth))
        if _finite(stretch)
        else p
    )
    whole = ind.precision == 0 and _finite(value) and float(value).is_integer()
    return {
        "value": 0 if whole else p,
        "target": p,
        "stretch_target": stretch_p,
        "final_target": row_precision(ind.precision, value, final, ind.higher_is_better, not growth),
    }
