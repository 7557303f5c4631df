"""A minimal .xlsb writer for the tests, from [MS-XLSB]: no library writes .xlsb, so the records are
written here. calamine reading the plain cells back is the check that the file is well formed."""

from __future__ import annotations

import struct
import zipfile

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>
<Override PartName="/xl/styles.bin" ContentType="application/vnd.ms-excel.styles"/>
<Override PartName="/xl/comments1.bin" ContentType="application/vnd.ms-excel.comments"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/>
</Relationships>"""
_BOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.bin"/>
</Relationships>"""
_SHEET_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.bin"/>
</Relationships>"""
ERROR_CODES = {
    "#NULL!": 0x00,
    "#DIV/0!": 0x07,
    "#VALUE!": 0x0F,
    "#REF!": 0x17,
    "#NAME?": 0x1D,
    "#NUM!": 0x24,
    "#N/A": 0x2A,
}


def _varint(n: int, limit: int) -> bytes:
    out = bytearray()
    for _ in range(limit):
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            break
    return bytes(out)


def record(kind: int, payload: bytes = b"") -> bytes:
    return _varint(kind, 2) + _varint(len(payload), 4) + payload


def wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


class Error(str):
    """A cell holding an Excel error value, e.g. ``Error("#DIV/0!")``."""


class Percent(float):
    """A number cell formatted as a percent (``0.0%``)."""


def _cell(col: int, value) -> bytes:
    style = 1 if isinstance(value, Percent) else 0
    head = struct.pack("<I", col) + style.to_bytes(3, "little") + b"\x00"
    if isinstance(value, Error):
        return record(3, head + bytes([ERROR_CODES[value]]))  # BrtCellError
    if isinstance(value, str):
        return record(6, head + wide(value))  # BrtCellSt
    return record(5, head + struct.pack("<d", float(value)))  # BrtCellReal


def _styles() -> bytes:
    fmts = record(615, struct.pack("<I", 1)) + record(44, struct.pack("<H", 164) + wide("0.0%")) + record(616)

    def xf(fmt):
        return record(47, struct.pack("<HHHBBHHH", 0xFFFF, fmt, 0, 0, 0, 0, 0, 0))

    cell_xfs = record(617, struct.pack("<I", 2)) + xf(0) + xf(164) + record(618)
    return record(662) + fmts + cell_xfs + record(663)


def _comments(comments: dict, author: str = "统计员") -> bytes:
    """The comments part ([MS-XLSB] 2.1.7.8): one author, then per cell BrtBeginComment (author index, the
    cell as rwFirst, rwLast, colFirst, colLast, a GUID), BrtCommentText (a plain RichStr), BrtEndComment."""
    out = record(628) + record(630) + record(632, wide(author)) + record(631) + record(633)
    for i, ((r, c), text) in enumerate(sorted(comments.items())):
        guid = (i + 1).to_bytes(16, "little")
        out += record(635, struct.pack("<IIIII", 0, r, r, c, c) + guid)
        out += record(637, b"\x00" + wide(text)) + record(636)
    return out + record(634) + record(629)


def write_xlsb(path, rows, sheet="数据", hidden_rows=(), hidden_cols=(), comments=None):
    """Write ``rows`` (lists of str, numbers, :class:`Error`, :class:`Percent` or ``None``) as one sheet;
    ``hidden_rows``/``hidden_cols`` are 0-based; ``comments`` maps a 0-based (row, col) to its comment."""
    book = (
        record(131)
        + record(143)
        + record(156, struct.pack("<II", 0, 1) + wide("rId1") + wide(sheet))
        + record(144)
        + record(132)
    )
    width = max((len(r) for r in rows), default=1)
    body = bytearray(record(129) + record(148, struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, width - 1)))
    if hidden_cols:
        body += record(390)  # BrtBeginColInfos
        for c in hidden_cols:
            body += record(60, struct.pack("<IIIIH", c, c, 2560, 0, 1))
        body += record(391)
    body += record(145)
    for r, row in enumerate(rows):
        flags = b"\x00\x10" if r in hidden_rows else b"\x00\x00"
        body += record(0, struct.pack("<IIH", r, 0, 300) + flags + b"\x00" + struct.pack("<I", 0))
        for c, v in enumerate(row):
            if v is not None and v != "":
                body += _cell(c, v)
    body += record(146) + record(130)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.bin", book)
        z.writestr("xl/_rels/workbook.bin.rels", _BOOK_RELS)
        z.writestr("xl/worksheets/sheet1.bin", bytes(body))
        z.writestr("xl/styles.bin", _styles())
        if comments:
            z.writestr("xl/worksheets/_rels/sheet1.bin.rels", _SHEET_RELS)
            z.writestr("xl/comments1.bin", _comments(comments))
    return path
