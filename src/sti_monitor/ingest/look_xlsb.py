"""The second look at an .xlsb file (see :mod:`.marks`): its BIFF12 records ([MS-XLSB] 2.1.4, 2.4).

Only the records that carry what calamine does not give are decoded: error cells, the cell formats
(which of them show a percent), hidden rows and columns, and the cell comments (the sheet's comments
part, [MS-XLSB] 2.1.7.8).
"""

from __future__ import annotations

import io
import logging
import struct
import zipfile
from xml.etree import ElementTree

from .marks import Marks, is_percent_format, part_rels

logger = logging.getLogger(__name__)

ROW_HDR, COL_INFO, BUNDLE_SH, FMT, XF, BEGIN_CELL_XFS, END_CELL_XFS = 0, 60, 156, 44, 47, 617, 618
CELLS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 62}  # BrtCellBlank … BrtFmlaError, BrtCellRString
ERROR_CELLS = {3, 11}  # BrtCellError, BrtFmlaError
BEGIN_COMMENT, COMMENT_TEXT = 635, 637
ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}
_BUILTIN_PERCENT = {9, 10}


def records(data: bytes):
    """(record type, payload) of each BIFF12 record: type in 1–2 bytes and size in 1–4 bytes, 7 bits each."""
    i, n = 0, len(data)
    while i < n:
        kind = data[i] & 0x7F
        if data[i] & 0x80:
            i += 1
            kind |= (data[i] & 0x7F) << 7
        i += 1
        size, shift = 0, 0
        for _ in range(4):
            b = data[i]
            i += 1
            size |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        yield kind, data[i : i + size]
        i += size


def _wide_string(payload: bytes, at: int) -> tuple[str | None, int]:
    """An XLWideString (or a null XLNullableWideString) at ``at``: (text, offset after it)."""
    (count,) = struct.unpack_from("<I", payload, at)
    if count == 0xFFFFFFFF:
        return None, at + 4
    return payload[at + 4 : at + 4 + 2 * count].decode("utf-16-le"), at + 4 + 2 * count


def _percent_styles(z: zipfile.ZipFile) -> set[int]:
    try:
        data = z.read("xl/styles.bin")
    except KeyError:
        return set()
    codes, out, index, in_cell_xfs = {}, set(), 0, False
    for kind, payload in records(data):
        if kind == FMT:
            (fmt,) = struct.unpack_from("<H", payload, 0)
            codes[fmt] = _wide_string(payload, 2)[0]
        elif kind == BEGIN_CELL_XFS:
            in_cell_xfs = True
        elif kind == END_CELL_XFS:
            in_cell_xfs = False
        elif kind == XF and in_cell_xfs:
            (fmt,) = struct.unpack_from("<H", payload, 2)
            if fmt in _BUILTIN_PERCENT or is_percent_format(codes.get(fmt)):
                out.add(index)
            index += 1
    return out


def _sheet_marks(data: bytes, percent_styles: set[int]) -> Marks:
    marks, row = Marks(), 0
    for kind, payload in records(data):
        if kind == ROW_HDR:
            row = struct.unpack_from("<I", payload, 0)[0]
            if len(payload) > 11 and payload[11] & 0x10:  # fDyZero: the row is hidden
                marks.hidden_rows.add(row)
        elif kind == COL_INFO:
            first, last = struct.unpack_from("<II", payload, 0)
            if struct.unpack_from("<H", payload, 16)[0] & 1:  # fHidden
                marks.hidden_cols.update(range(first, last + 1))
        elif kind in CELLS and len(payload) >= 8:
            col = struct.unpack_from("<I", payload, 0)[0]
            style = int.from_bytes(payload[4:7], "little")
            if kind in ERROR_CELLS:
                marks.flagged[(row, col)] = ERRORS.get(payload[8], "#错误") if len(payload) > 8 else "#错误"
            elif style in percent_styles and kind in (2, 5, 9):  # numbers: RK, Real, formula number
                marks.percent.add((row, col))
    return marks


def _comments(z: zipfile.ZipFile, sheet_part: str) -> dict[tuple[int, int], str]:
    """Cell -> text of each comment in the comments parts the sheet refers to."""
    out, cell = {}, None
    for kind, path in part_rels(z, sheet_part).values():
        if not kind.endswith("/comments"):
            continue
        try:
            data = z.read(path)
        except KeyError:
            continue
        try:
            for kind, payload in records(data):
                if kind == BEGIN_COMMENT:  # iauthor, then rwFirst, rwLast, colFirst, colLast of its cell
                    row, _, col = struct.unpack_from("<III", payload, 4)
                    cell = (row, col)
                elif kind == COMMENT_TEXT and cell is not None:  # a RichStr: one byte of flags, then the text
                    out[cell] = _wide_string(payload, 1)[0] or ""
                    cell = None
        except (IndexError, struct.error, UnicodeDecodeError):  # the comments read so far are kept
            logger.debug("cannot read the comments part %s", path, exc_info=True)
    return out


def xlsb_marks(data: bytes) -> dict[str, Marks]:
    """Per sheet name, the :class:`Marks` of an .xlsb file; empty when its records cannot be read."""
    out: dict[str, Marks] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            rels = {rel_id: path for rel_id, (_, path) in part_rels(z, "xl/workbook.bin").items()}
            percent_styles = _percent_styles(z)
            for kind, payload in records(z.read("xl/workbook.bin")):
                if kind != BUNDLE_SH:
                    continue
                rel_id, at = _wide_string(payload, 8)  # after hsState and iTabID
                name = _wide_string(payload, at)[0]
                if rel_id in rels:
                    out[name] = _sheet_marks(z.read(rels[rel_id]), percent_styles)
                    out[name].comments = _comments(z, rels[rel_id])
    except (KeyError, IndexError, struct.error, zipfile.BadZipFile, ElementTree.ParseError, UnicodeDecodeError):
        logger.debug("cannot look into the xlsb records", exc_info=True)
    return out
