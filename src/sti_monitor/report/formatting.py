"""Numbers as reports and workbooks show them: half-up rounding to display precision."""
from __future__ import annotations

import math

from ..measure import round_half_up


def missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_number(x, precision: int, thousands: bool = True) -> str:
    """``x`` at ``precision`` decimals, half-up, with thousands separators; ``—`` when missing."""
    if missing(x):
        return "—"
    return format(round_half_up(x, precision), ",f" if thousands else "f")


def fmt_percent(x, precision: int = 1) -> str:
    """A ratio as a percentage (0.953 -> ``95.3%``); ``—`` when missing."""
    return "—" if missing(x) else f"{fmt_number(x * 100, precision)}%"

