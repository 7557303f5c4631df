"""Numbers and names as reports and workbooks show them: half-up rounding, never scientific notation,
never "None" or "nan", full-width brackets in Chinese text."""

from __future__ import annotations

import re

from ..measure.precision import magnitude_precision, round_half_up, row_precision, shown_completion
from ..missing import is_missing

MISSING = "—"
HALF_TO_FULL = str.maketrans({"(": "（", ")": "）", ";": "；", "?": "？", "!": "！"})
COMMA_OR_COLON = re.compile(r"(?<!\d)[,:]|[,:](?!\d)")  # not the 1,234 of a number nor the 12:30 of a time


def fmt_number(x, precision: int, thousands: bool = True) -> str:
    """``x`` at ``precision`` decimals, half-up, with thousands separators; ``—`` when missing."""
    if is_missing(x):
        return MISSING
    text = format(round_half_up(x, precision), ",f" if thousands else "f")
    return text[1:] if text.startswith("-") and not any(c not in "-0.," for c in text) else text  # no "-0.0"


def fmt_size(x, precision: int = 0) -> str:
    """``x`` with at least three significant digits (a yearly rise of 0.0312 -> ``0.0312``)."""
    return fmt_number(x, magnitude_precision(precision, x)) if not is_missing(x) else MISSING


def fmt_percent(x, precision: int = 1) -> str:
    """A ratio as a percentage (0.953 -> ``95.3%``); ``—`` when missing."""
    return MISSING if is_missing(x) else f"{fmt_number(x * 100, precision)}%"


def fmt_completion(value, target, higher_is_better: bool = True) -> str:
    """Completion as the row shows it (``99.3%``), from the same rounding the status is judged on."""
    c = None if is_missing(value) or is_missing(target) else shown_completion(value, target, higher_is_better)
    return MISSING if c is None else f"{c:,f}%"


def cn(text) -> str:
    """Chinese text with full-width punctuation where ASCII crept in (``温州高新区(经开区)`` -> ``温州高新区（经开区）``)."""
    if is_missing(text):
        return ""
    return COMMA_OR_COLON.sub(lambda m: "，" if m.group() == "," else "：", str(text).translate(HALF_TO_FULL))


def number_runs(numbers) -> str:
    """Ascending whole numbers as a reader names them: three or more in a row as a range, the rest one by one
    (``[1, 2, …, 9, 11]`` -> ``1—9、11``; ``[1, 2, 4]`` -> ``1、2、4``)."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(f"{r[0]}—{r[-1]}" if len(r) >= 3 else "、".join(map(str, r)) for r in runs)


__all__ = [
    "MISSING",
    "cn",
    "fmt_completion",
    "fmt_number",
    "fmt_percent",
    "fmt_size",
    "number_runs",
    "row_precision",
]
