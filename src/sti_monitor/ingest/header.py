"""Find a sheet's header row and its shape (``district``, ``wide`` or ``long``), see :mod:`.read`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from .cells import YEAR_IN_TEXT, revision_year, text_of, year_of
from .fields import Field, FieldRegistry
from .vocabulary import vocabulary

UNIT_IN_BRACKETS = re.compile(r"[(\[]([^()\[\]]*)[)\]]$")


@dataclass
class Header:
    """Where a sheet's header row is and what its columns hold (0-based rows and columns)."""

    row: int
    shape: str  # district, wide or long
    code_col: int | None = None  # field code
    name_col: int | None = None  # field name
    unit_col: int | None = None  # measurement unit
    year_cols: dict[int, int] = field(default_factory=dict)  # column -> year
    unit_code_col: int | None = None  # reporting unit (wide, long)
    unit_name_col: int | None = None
    year_col: int | None = None
    value_col: int | None = None
    field_cols: dict[int, tuple[Field, str]] = field(default_factory=dict)  # wide: column -> (field, unit text)
    revised_cols: set[int] = field(default_factory=set)  # year columns headed as a revision (2023年(修订))


def _first(texts, names) -> int | None:
    return next((c for c, t in enumerate(texts) if t in names), None)


def find_header(rows: list[list], fields: FieldRegistry | None = None) -> Header | None:
    """The first row that reads as a header of one of the three shapes, or ``None``."""
    words = vocabulary()
    for r, row in enumerate(rows[: words.header_scan_rows]):
        texts = [text_of(v) for v in row]
        if not any(texts):
            continue
        code_col, name_col = _first(texts, words.field_code), _first(texts, words.field_name)
        unit_code_col, unit_name_col = _first(texts, words.unit_code), _first(texts, words.unit_name)
        year_col, value_col = _first(texts, words.year), _first(texts, words.value)
        has_unit = unit_code_col is not None or unit_name_col is not None
        has_field = code_col is not None or name_col is not None
        common = dict(
            code_col=code_col,
            name_col=name_col,
            unit_col=_first(texts, words.unit),
            unit_code_col=unit_code_col,
            unit_name_col=unit_name_col,
            year_col=year_col,
            value_col=value_col,
        )
        if has_unit and has_field and year_col is not None and value_col is not None:
            return Header(r, "long", **common)
        if has_unit and fields is not None:
            field_cols = {}
            for c, t in enumerate(texts):
                if not t or c in (unit_code_col, unit_name_col, year_col):
                    continue
                fld = fields.by_code(t) or fields.by_label(t)
                if fld is not None:
                    m = UNIT_IN_BRACKETS.search(t)
                    field_cols[c] = (fld, m.group(1) if m else "")
            if len(field_cols) >= 2:
                return Header(r, "wide", field_cols=field_cols, **common)
        if not has_field:
            continue
        year_cols, revised = _year_columns(row, words.revision)
        if year_cols:
            return Header(r, "district", year_cols=year_cols, revised_cols=revised, **common)
        if value_col is not None:
            return Header(r, "district", **common)  # one year: from the sheet name or the title
    return None


def _year_columns(row, revision_words) -> tuple[dict[int, int], set[int]]:
    """(column -> year, revised columns) of a district header row. A revision word alone (调整后) revises
    the one year the other columns name."""
    years, revised, bare = {}, set(), []
    for c, v in enumerate(row):
        if (y := year_of(v)) is not None:
            years[c] = y
        elif (rev := revision_year(v, revision_words)) is not None:
            if rev[0] is None:
                bare.append(c)
            else:
                years[c] = rev[0]
                revised.add(c)
    if bare and len(set(years.values())) == 1:
        year = next(iter(years.values()))
        years.update(dict.fromkeys(bare, year))
        revised.update(bare)
    return years, revised


def sheet_year(sheet: str, rows, header_row: int) -> int | None:
    """The year a one-year sheet holds: from its name (``2023``, ``2023年``) or a title above the header."""
    m = YEAR_IN_TEXT.search(unicodedata.normalize("NFKC", sheet))
    if m:
        return int(m.group(1))
    for row in rows[:header_row]:
        for v in row:
            if m := YEAR_IN_TEXT.search(text_of(v)):
                return int(m.group(1))
    return None


def header_hint(rows: list[list]) -> tuple[int, int, str] | None:
    """Where a header row that was not recognised seems to be, and why, for the message: (row, col, why).
    A row with a field column whose would-be year cells are dates, or that has no year column at all."""
    words = vocabulary()
    for r, row in enumerate(rows[: words.header_scan_rows]):
        texts = [text_of(v) for v in row]
        field_col = _first(texts, words.field_code)
        field_col = field_col if field_col is not None else _first(texts, words.field_name)
        if field_col is None:
            continue
        dates = [c for c, v in enumerate(row) if isinstance(v, (dt.date, dt.datetime))]
        if dates:
            return r, dates[0], f"年份列的表头是日期（{row[dates[0]]}），不是“2023年”这样的年份"
        return r, field_col, "这一行有“字段代码”或“指标名称”，但没有“2023年”这样的年份列，也没有“数值”列"
    return None
