"""What a sheet shows besides its values, which calamine does not give: error values, formulas never
calculated, percent number formats, hidden rows and columns, and cell comments.

Each format has its own second look (:mod:`.look_xlsx`, :mod:`.look_xls`, :mod:`.look_ods`,
:mod:`.look_xlsb`) returning, per sheet name, a :class:`Marks`. Rows and columns are 0-based.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

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
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
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


def part_rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part path) of a part of an Open Packaging zip (.xlsx, .xlsb); empty when the
    part has no readable relationships."""
    folder, name = posixpath.split(part)
    try:
        root = ElementTree.fromstring(z.read(f"{folder}/_rels/{name}.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    out = {}
    for r in root.iter(_PKG_REL):
        target = r.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[r.get("Id")] = (r.get("Type", ""), path)
    return out
