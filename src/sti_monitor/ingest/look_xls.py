"""The second look at an .xls (BIFF) file, WPS .et included (see :mod:`.marks`), with xlrd."""

from __future__ import annotations

import logging

from .marks import Marks, is_percent_format

logger = logging.getLogger(__name__)


def xls_marks(data: bytes) -> dict[str, Marks]:
    """Per sheet name, the :class:`Marks` of an .xls file; empty when xlrd cannot read it (calamine did)."""
    import xlrd

    try:
        return _marks(xlrd, xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True))
    except Exception:  # some writers' formatting records trip xlrd: then error values only
        logger.debug("xlrd cannot read the formatting", exc_info=True)
    try:
        return _marks(xlrd, xlrd.open_workbook(file_contents=data, on_demand=True))
    except Exception:  # xlrd is only a second look; calamine has already read the values
        logger.debug("xlrd cannot read the file", exc_info=True)
        return {}


def _marks(xlrd, book) -> dict[str, Marks]:
    """The marks of an open xlrd book; hidden rows, columns, percent formats and notes need its formatting."""
    out: dict[str, Marks] = {}
    formatted = bool(book.formatting_info)
    percent_xfs = {
        i
        for i, xf in enumerate(book.xf_list)
        if formatted and is_percent_format(getattr(book.format_map.get(xf.format_key), "format_str", None))
    }
    for name in book.sheet_names():
        sheet = book.sheet_by_name(name)
        marks = Marks()
        for r in range(sheet.nrows):
            for c, t in enumerate(sheet.row_types(r)):
                if t == xlrd.XL_CELL_ERROR:
                    marks.flagged[(r, c)] = xlrd.error_text_from_code.get(sheet.cell_value(r, c), "#错误")
                elif percent_xfs and t == xlrd.XL_CELL_NUMBER and sheet.cell_xf_index(r, c) in percent_xfs:
                    marks.percent.add((r, c))
        if formatted:
            marks.hidden_rows = {r for r, info in sheet.rowinfo_map.items() if info.hidden}
            marks.hidden_cols = {c for c, info in sheet.colinfo_map.items() if info.hidden}
            marks.comments = {pos: note.text or "" for pos, note in sheet.cell_note_map.items()}
        out[name] = marks
    return out
