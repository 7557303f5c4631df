"""Spreadsheet files by content, not by extension: xlsx/xlsm, xls, ods, WPS .et, csv.

:func:`load_sheets` returns every sheet as rows of Python values anchored at A1, with its hidden
state and the cells calamine reads as blank although they are not: for xlsx, a formula with no cached
value or an Excel error value (found in the sheet XML); for xls, an error value (found with xlrd).
"""
from __future__ import annotations

import codecs
import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import python_calamine

logger = logging.getLogger(__name__)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".et", ".ods", ".csv")
LOCK_PREFIXES = ("~$", ".~lock", ".")
ERROR_VALUES = ("#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


class NotASpreadsheet(Exception):
    """Raised when a file's bytes are not a spreadsheet; ``what`` names what they are, in Chinese."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


@dataclass
class Sheet:
    """One sheet: ``rows`` of values (``None`` for empty), its hidden state, and flagged cells.

    ``flagged`` maps a 0-based (row, col) to ``"uncached"`` (a formula never calculated) or an Excel
    error value such as ``"#DIV/0!"``.
    """

    name: str
    rows: list[list]
    hidden: bool = False
    flagged: dict[tuple[int, int], str] = field(default_factory=dict)


def is_lock_file(name: str) -> bool:
    """Excel's ``~$…`` and LibreOffice's ``.~lock…#`` owner files, and other hidden files."""
    return name.startswith(LOCK_PREFIXES)


def sniff(data: bytes) -> str:
    """What the bytes are: xlsx, ods, xls (OLE2: .xls and most WPS .et), csv, or a Chinese name of something else."""
    head = data[:4096]
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "损坏的压缩文件"
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
        if "mimetype" in names and b"opendocument.spreadsheet" in data[:200]:
            return "ods"
        if "word/document.xml" in names:
            return "Word 文档（.docx）"
        if "ppt/presentation.xml" in names:
            return "PowerPoint 演示文稿（.pptx）"
        return "压缩文件（zip）"
    if data.startswith(OLE2_MAGIC):
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
    if b"\x00" in head:
        return "无法识别的二进制文件"
    return "csv"


def decode_text(data: bytes) -> str:
    """CSV text: UTF-8 with or without BOM, else GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
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


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _xlsx_flagged(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet name, the cells holding an uncalculated formula or an Excel error value."""
    out: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            book = ElementTree.fromstring(z.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        except (KeyError, ElementTree.ParseError):
            return out
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        for s in book.iterfind("m:sheets/m:sheet", _NS):
            target = targets.get(s.get(_REL_NS), "")
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            try:
                xml = z.read(path)
            except KeyError:
                continue
            if b"<f>" not in xml and b"<f " not in xml and b't="e"' not in xml:
                continue  # the common case: plain values, nothing to parse (<formula1> is a data validation)
            cells = {}
            for c in ElementTree.fromstring(xml).iterfind("m:sheetData/m:row/m:c", _NS):
                f, v = c.find("m:f", _NS), c.find("m:v", _NS)
                m = _CELL_REF.match(c.get("r", ""))
                if not m:
                    continue
                pos = (int(m.group(2)) - 1, _col_index(m.group(1)))
                if c.get("t") == "e":
                    cells[pos] = v.text if v is not None and v.text else "#错误"
                elif f is not None and (v is None or (not v.text and c.get("t") != "str")):
                    cells[pos] = "uncached"
            if cells:
                out[s.get("name")] = cells
    return out


def _xls_flagged(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet name, the cells of an xls (BIFF) file holding an Excel error value (calamine reads them as blank)."""
    import xlrd

    out: dict[str, dict[tuple[int, int], str]] = {}
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        for name in book.sheet_names():
            sheet = book.sheet_by_name(name)
            cells = {(r, c): xlrd.error_text_from_code.get(sheet.cell_value(r, c), "#错误")
                     for r in range(sheet.nrows) for c, t in enumerate(sheet.row_types(r)) if t == xlrd.XL_CELL_ERROR}
            if cells:
                out[name] = cells
    except Exception:  # noqa: BLE001 - xlrd is only a second look; calamine has already read the values
        logger.debug("xlrd cannot read the file", exc_info=True)
    return out


def load_sheets(data: bytes, csv_name: str | None = None) -> tuple[str, list[Sheet]]:
    """Return (format, sheets) for a spreadsheet's bytes; raise :class:`NotASpreadsheet` otherwise.

    Text is read as CSV only when ``csv_name`` is given (the file is named ``.csv``); it names the single
    sheet (the file's stem, so a year in it is seen). Text under a workbook's extension is named as such.
    """
    kind = sniff(data)
    if kind == "csv":
        if csv_name is None:
            raise NotASpreadsheet("纯文本")
        return kind, [Sheet(csv_name, _csv_rows(data))]
    if kind not in ("xlsx", "xls", "ods"):
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
    if kind in ("xlsx", "xls"):
        flagged = _xlsx_flagged(data) if kind == "xlsx" else _xls_flagged(data)
        for s in sheets:
            s.flagged = flagged.get(s.name, {})
    return kind, sheets
