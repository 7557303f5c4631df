"""The second look at an .ods file (see :mod:`.marks`): its ``content.xml``."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from .marks import ERROR_VALUES, Marks

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_C = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_TEXT_P = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
_MANY = 10_000  # a repeat this long is the empty rest of a sheet, never data


def _repeat(element, attribute) -> int:
    return int(element.get(f"{_T}{attribute}", "1"))


def _text(element) -> str:
    return "\n".join("".join(p.itertext()) for p in element.iter(_TEXT_P))


def _table_marks(table) -> Marks:
    marks = Marks()
    c = 0
    for col in table.iter(f"{_T}table-column"):
        n = _repeat(col, "number-columns-repeated")
        if col.get(f"{_T}visibility", "visible") != "visible" and n < _MANY:
            marks.hidden_cols.update(range(c, c + n))
        c += n
    r = 0
    for row in table.iter(f"{_T}table-row"):
        rows = _repeat(row, "number-rows-repeated")
        if row.get(f"{_T}visibility", "visible") != "visible" and rows < _MANY:
            marks.hidden_rows.update(range(r, r + rows))
        c = 0
        for cell in row:
            n = _repeat(cell, "number-columns-repeated")
            if cell.tag == f"{_T}table-cell" and rows < _MANY and n < _MANY:
                kind = cell.get(f"{_O}value-type")
                shown = _text(cell).strip()
                error = cell.get(f"{_C}value-type") == "error" or (
                    cell.get(f"{_T}formula") is not None and (shown in ERROR_VALUES or shown.startswith("Err:"))
                )
                for rr in range(r, r + rows):
                    for cc in range(c, c + n):
                        if error:
                            marks.flagged[(rr, cc)] = shown or "#错误"
                        elif kind == "percentage":
                            marks.percent.add((rr, cc))
                note = cell.find(f"{_O}annotation")
                if note is not None:
                    marks.comments[(r, c)] = _text(note)
            c += n
        r += rows
    return marks


def ods_marks(data: bytes) -> dict[str, Marks]:
    """Per sheet name, the :class:`Marks` of an .ods file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = ElementTree.fromstring(z.read("content.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    return {t.get(f"{_T}name"): _table_marks(t) for t in root.iter(f"{_T}table")}
