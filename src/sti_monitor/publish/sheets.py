"""What every file sent out shares: text a spreadsheet will not run as a formula, CSV and JSON of a table,
and the styled, printable header of a workbook sheet in the plan's words."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from ..atomic import atomic_path
from ..ingest.units import kind_labels, plan_words_of
from ..measure import Results

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text that a spreadsheet will not run as a formula: a leading = + - @, tab or CR gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell_text(value):
    """Cell text from a district's file, safe for a workbook: control characters written as ``\\x1b``
    (openpyxl refuses them), no leading formula character."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub(lambda m: m.group(0).encode("unicode_escape").decode(), value)
    return safe_text(value)


def records(table: pd.DataFrame) -> list[dict]:
    out = []
    for row in table.to_dict(orient="records"):
        out.append({k: (None if (isinstance(v, float) and math.isnan(v)) or v is pd.NA else v) for k, v in row.items()})
    return out


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so Excel opens Chinese correctly; text cells are formula-safe."""
    safe = table.copy()
    for col in safe.columns:
        dtype = safe[col].dtype
        # text under every dtype it comes in: object, pandas' StringDtype (the default for text
        # in pandas 3), categories of text; numeric columns stay numbers
        if (
            pd.api.types.is_object_dtype(dtype)
            or pd.api.types.is_string_dtype(dtype)
            or isinstance(dtype, pd.CategoricalDtype)
        ):
            safe[col] = safe[col].astype(object).map(safe_text)
    with atomic_path(path) as tmp:
        # CRLF rows (RFC 4180, as Excel writes them): a CR inside a cell is then quoted, not a row break
        safe.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")


def write_json(table: pd.DataFrame, path: Path, meta: dict) -> None:
    with atomic_path(path) as tmp:
        Path(tmp).write_text(
            json.dumps({"meta": meta, "rows": records(table)}, ensure_ascii=False, indent=1, default=str),
            encoding="utf-8",
        )


def number_format(precision: int) -> str:
    return "#,##0" if precision == 0 else "#,##0." + "0" * precision


HEADER_FILL = PatternFill("solid", fgColor="305496")


def header(ws, texts: list[str], freeze: str = "A2") -> None:
    """Row 1 as the styled Chinese header, frozen, repeated on every printed page; landscape A4 fitted to width."""
    for c, text in enumerate(texts, start=1):
        cell = ws.cell(1, c, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = freeze
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def column_headers(results: Results, columns, names: dict) -> list[str]:
    """Column headings in the plan's words ({whole}: 全市 / 走廊, {member}: 县（市、区） / 片区)."""
    words = plan_words_of(results.units)
    return [names.get(col, col).format(**words) for col in columns]


def unit_kinds(results: Results) -> dict[str, str]:
    return kind_labels(results.units, results.framework.city_sums)
