"""Spreadsheet files by content, not by extension: xlsx/xlsm, xlsb, xls, ods, WPS .et, csv.

:func:`load_sheets` returns every sheet as rows of Python values anchored at A1, with its hidden
state and its :class:`~.marks.Marks` (error values, uncalculated formulas, percent formats, comments)
from a second look at the file. Hidden rows and columns are blanked, as hidden sheets are not read;
the ones that held something are listed in ``Sheet.hidden_data``.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import zipfile
from dataclasses import dataclass, field

import python_calamine

from .look_ods import ods_marks
from .look_xls import xls_marks
from .look_xlsb import xlsb_marks
from .look_xlsx import xlsx_marks
from .marks import ERROR_VALUES, Marks

__all__ = ["ERROR_VALUES", "Marks", "NotASpreadsheet", "Sheet", "load_sheets", "sniff"]

logger = logging.getLogger(__name__)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".et", ".ods", ".csv")
LOCK_PREFIXES = ("~$", ".~lock", ".")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LOOKS = {"xlsx": xlsx_marks, "xlsb": xlsb_marks, "xls": xls_marks, "ods": ods_marks}


_OPEN_AS_XLSX = "用 Excel 或 WPS 打开后“另存为” .xlsx 格式再报送"
_FIXES = {
    "空文件（0 字节）": "文件是空的：重新导出或从原始文件重新复制后再报送",
    "有密码保护的工作簿": "在 Excel 或 WPS 中输入密码打开，取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后保存，再报送",
    "UTF-16 编码的文本文件（Excel 的“Unicode 文本”）": "用 Excel 打开后“另存为” .xlsx 格式再报送，或把扩展名改为 .csv",
}


class NotASpreadsheet(Exception):
    """Raised when a file's bytes are not a spreadsheet; ``what`` names what they are, in Chinese, and
    ``fix`` says what to do."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what
        self.fix = _FIXES.get(what, _OPEN_AS_XLSX + "；如有密码保护请先取消")


@dataclass
class Sheet:
    """One sheet: ``rows`` of values (``None`` for empty), its hidden state, and its :class:`Marks`.

    ``hidden_data`` lists the hidden rows and columns that held something, blanked in ``rows``: as
    ("row", index, first cell) or ("col", index, first cell), 0-based.
    """

    name: str
    rows: list[list]
    hidden: bool = False
    marks: Marks = field(default_factory=Marks)
    hidden_data: list[tuple[str, int, tuple[int, int]]] = field(default_factory=list)

    @property
    def flagged(self) -> dict[tuple[int, int], str]:
        """Cells holding an uncalculated formula (``"uncached"``) or an Excel error value."""
        return self.marks.flagged

    def blank_hidden(self) -> None:
        """Empty the hidden rows and columns (they are not read), noting those that held something."""
        width = max(map(len, self.rows), default=0)  # "hide every column from E on" names 16,000 of them
        for r in sorted(r for r in self.marks.hidden_rows if r < len(self.rows)):
            first = next((c for c, v in enumerate(self.rows[r]) if v is not None), None)
            if first is not None:
                self.hidden_data.append(("row", r, (r, first)))
                self.rows[r] = [None] * len(self.rows[r])
        for c in sorted(c for c in self.marks.hidden_cols if c < width):
            first = next((r for r, row in enumerate(self.rows) if c < len(row) and row[c] is not None), None)
            if first is not None:
                self.hidden_data.append(("col", c, (first, c)))
                for row in self.rows:
                    if c < len(row):
                        row[c] = None


def is_lock_file(name: str) -> bool:
    """Excel's ``~$…`` and LibreOffice's ``.~lock…#`` owner files, and other hidden files."""
    return name.startswith(LOCK_PREFIXES)


def sniff(data: bytes) -> str:
    """What the bytes are: xlsx, ods, xls (OLE2: .xls and most WPS .et), csv, or a Chinese name of something else."""
    head = data[:4096]
    if not data:
        return "空文件（0 字节）"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "损坏的压缩文件"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "xl/workbook.bin" in names:
            return "xlsb"
        if "mimetype" in names and b"opendocument.spreadsheet" in data[:200]:
            return "ods"
        if "word/document.xml" in names:
            return "Word 文档（.docx）"
        if "ppt/presentation.xml" in names:
            return "PowerPoint 演示文稿（.pptx）"
        return "压缩文件（zip）"
    if data.startswith(OLE2_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:  # an .xlsx (or .docx) with a password: OLE2 outside
            return "有密码保护的工作簿"
        return "xls"
    if data.startswith(b"%PDF"):
        return "PDF 文件"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "图片"
    lowered = head.lstrip(codecs.BOM_UTF8).lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<meta", b"<table")) or b"<html" in lowered[:512]:
        return "网页（HTML）文件"
    if lowered.startswith(b"<?xml"):
        return "XML 文件（可能是 Excel 2003 XML 表格）"
    if _is_utf16(head):
        return "utf16"
    if b"\x00" in head:
        return "无法识别的二进制文件"
    return "csv"


def _is_utf16(head: bytes) -> bool:
    """A byte-order mark of UTF-16, or text whose every other byte is zero (UTF-16 without one)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = head[:512]
    if len(sample) < 8:
        return False
    odd, even = sample[1::2].count(0) / (len(sample) // 2), sample[0::2].count(0) / (len(sample) // 2)
    return (odd > 0.3 and even < 0.05) or (even > 0.3 and odd < 0.05)  # ASCII digits, tabs and line ends


def decode_text(data: bytes) -> str:
    """CSV text: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"), else GB18030 (a superset of GBK)."""
    if _is_utf16(data[:4096]):
        try:
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return data.decode("utf-16")
            head = data[:512]
            return data.decode("utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be")
        except UnicodeDecodeError as exc:
            raise NotASpreadsheet("文本文件，但 UTF-16 编码有误") from exc
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise NotASpreadsheet("文本文件，但编码既不是 UTF-8 也不是 GBK/GB18030") from exc


def _csv_rows(data: bytes) -> list[list]:
    text = decode_text(data)
    sample = text[:4096]
    delimiter = max(",\t;", key=sample.count) if any(d in sample for d in ",\t;") else ","
    return [[v if v.strip() else None for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _calamine_rows(sheet) -> list[list]:
    rows = sheet.to_python(skip_empty_area=False)
    return [[None if v == "" else v for v in row] for row in rows]


def load_sheets(data: bytes, csv_name: str | None = None) -> tuple[str, list[Sheet]]:
    """Return (format, sheets) for a spreadsheet's bytes; raise :class:`NotASpreadsheet` otherwise.

    Text is read as CSV only when ``csv_name`` is given (the file is named ``.csv``); it names the single
    sheet (the file's stem, so a year in it is seen). Text under a workbook's extension is named as such.
    """
    kind = sniff(data)
    if kind in ("csv", "utf16"):
        if csv_name is None:
            raise NotASpreadsheet("UTF-16 编码的文本文件（Excel 的“Unicode 文本”）" if kind == "utf16" else "纯文本")
        return "csv", [Sheet(csv_name, _csv_rows(data))]
    if kind not in _LOOKS:
        raise NotASpreadsheet(kind)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            sheets.append(Sheet(meta.name, _calamine_rows(book.get_sheet_by_name(meta.name)), hidden))
    except python_calamine.PasswordError as exc:
        raise NotASpreadsheet("有密码保护的工作簿") from exc
    except Exception as exc:  # calamine raises several types for damaged content
        raise NotASpreadsheet(f"损坏或无法解析的 {kind} 文件") from exc
    marks = _LOOKS[kind](data)
    for s in sheets:
        s.marks = marks.get(s.name) or Marks()
        s.blank_hidden()
    return kind, sheets
