"""What a sheet shows besides its values, which calamine does not give: error values, formulas never
calculated, percent number formats, hidden rows and columns, and cell comments.

Each format has its own second look (:mod:`.look_xlsx`, :mod:`.look_xls`, :mod:`.look_ods`,
:mod:`.look_xlsb`) returning, per sheet name, a :class:`Marks`. Rows and columns are 0-based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ERROR_VALUES = (
    "#DIV/0!",
    "#REF!",
    "#VALUE!",
    "#N/A",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
)
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


@dataclass
class Marks:
    """``flagged`` maps a cell to ``"uncached"`` (a formula never calculated) or its Excel error value
    (``"#DIV/0!"``); ``percent`` holds the cells whose number format shows a percent; ``comments`` maps a
    cell to its comment's text."""

    flagged: dict[tuple[int, int], str] = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    comments: dict[tuple[int, int], str] = field(default_factory=dict)


def is_percent_format(code: str | None) -> bool:
    """Whether a number format code shows its value as a percent (``0.0%``; not a quoted or escaped ``%``)."""
    return bool(code) and "%" in _QUOTED.sub("", code)


def col_index(letters: str) -> int:
    """0-based column of ``A``, ``AB``…"""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


_CELL_REF = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


def parse_ref(ref: str) -> tuple[int, int] | None:
    """0-based (row, col) of ``D5``; ``None`` when it is not a cell reference."""
    m = _CELL_REF.match(ref or "")
    return (int(m.group(2)) - 1, col_index(m.group(1))) if m else None
