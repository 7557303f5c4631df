"""The one rule for "no value": ``None`` or a float NaN (pandas' ``NA`` and ``NaT`` included)."""

from __future__ import annotations

import math


def is_missing(x) -> bool:
    """True when ``x`` holds no value: ``None``, a float NaN, or pandas' ``NA``/``NaT``."""
    if x is None:
        return True
    if isinstance(x, float):
        return math.isnan(x)
    return type(x).__name__ in ("NAType", "NaTType")
