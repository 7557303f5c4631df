"""One sheet of cells written as a real file of each format the reader accepts, by the library a
district's software would use: openpyxl (.xlsx), xlwt (.xls, and .et: WPS saves BIFF), odfpy (.ods)
and the records of [MS-XLSB] (.xlsb, see :mod:`xlsb_writer`).

``percent`` cells get a ``0.0%`` number format, ``errors`` cells hold an Excel error value,
``hidden_rows``/``hidden_cols`` are hidden, ``comments`` maps a cell to its comment; all 0-based.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import openpyxl
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from xlsb_writer import Error, Percent, write_xlsb

FORMATS = ("xlsx", "xls", "et", "ods", "xlsb")


def write(fmt, path, rows, *, percent=(), errors=None, hidden_rows=(), hidden_cols=(), comments=None, sheet="数据"):
    errors, comments = errors or {}, comments or {}
    path = path.with_suffix("." + fmt)
    if fmt == "xlsx":
        return _xlsx(path, rows, percent, errors, hidden_rows, hidden_cols, comments, sheet)
    if fmt in ("xls", "et"):
        out = _xls(path.with_suffix(".xls"), rows, percent, errors, hidden_rows, hidden_cols, sheet)
        if fmt == "et":
            shutil.move(out, path)
        return path
    if fmt == "ods":
        return _ods(path, rows, percent, errors, hidden_rows, hidden_cols, comments, sheet)
    cells = [
        [
            Error(errors[(r, c)]) if (r, c) in errors else Percent(v) if (r, c) in percent else v
            for c, v in enumerate(row + [None] * (max(c for _, c in errors) + 1 - len(row) if errors else 0))
        ]
        for r, row in enumerate(rows)
    ]
    return write_xlsb(path, cells, sheet, hidden_rows, hidden_cols, comments)


def _xlsx(path, rows, percent, errors, hidden_rows, hidden_cols, comments, sheet):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for r, c in percent:
        ws.cell(r + 1, c + 1).number_format = "0.0%"
    for r in hidden_rows:
        ws.row_dimensions[r + 1].hidden = True
    for c in hidden_cols:
        ws.column_dimensions[get_column_letter(c + 1)].hidden = True
    for (r, c), text in comments.items():
        ws.cell(r + 1, c + 1).comment = Comment(text, "统计员")
    for r, c in errors:
        ws.cell(r + 1, c + 1).value = "=1/0"
    wb.save(path)
    if errors:  # give each formula the cached error value Excel stores
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        for (r, c), value in errors.items():
            ref = f"{get_column_letter(c + 1)}{r + 1}"
            xml = re.sub(
                rf'<c r="{ref}"( s="\d+")?><f>1/0</f><v\s*/?>(</v>)?</c>',
                rf'<c r="{ref}"\1 t="e"><f>1/0</f><v>{value}</v></c>',
                xml,
            )
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name, data in parts.items():
                z.writestr(name, data)
        path.write_bytes(buf.getvalue())
    return path


def _xls(path, rows, percent, errors, hidden_rows, hidden_cols, sheet):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    pct = xlwt.easyxf(num_format_str="0.0%")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if (r, c) in errors:
                continue
            if v is not None:
                ws.write(r, c, v, pct) if (r, c) in percent else ws.write(r, c, v)
    for (r, c), value in errors.items():
        ws.row(r).set_cell_error(c, value)
    for r in hidden_rows:
        ws.row(r).hidden = True
    for c in hidden_cols:
        ws.col(c).hidden = True
    wb.save(str(path))
    return path


def _ods(path, rows, percent, errors, hidden_rows, hidden_cols, comments, sheet):
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    width = max(len(r) for r in rows)
    for c in range(width):
        table.addElement(TableColumn(visibility="collapse") if c in hidden_cols else TableColumn())
    for r, row in enumerate(rows):
        tr = TableRow(visibility="collapse") if r in hidden_rows else TableRow()
        for c, v in enumerate(row):
            if (r, c) in errors:  # as LibreOffice writes it (the calcext attribute is added below)
                cell = TableCell(formula="of:=1/0", valuetype="string", stringvalue="")
                cell.addElement(P(text=errors[(r, c)]))
            elif v is None:
                cell = TableCell()
            elif isinstance(v, (int, float)):
                kind = "percentage" if (r, c) in percent else "float"
                cell = TableCell(valuetype=kind, value=v)
                cell.addElement(P(text=f"{v * 100:g}%" if kind == "percentage" else f"{v:g}"))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(v)))
            if (r, c) in comments:
                note = Annotation()
                note.addElement(P(text=comments[(r, c)]))
                cell.addElement(note)
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    if errors:
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        xml = (
            parts["content.xml"]
            .decode()
            .replace(
                "<office:document-content ",
                '<office:document-content xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" ',
                1,
            )
        )
        xml = xml.replace('table:formula="of:=1/0"', 'table:formula="of:=1/0" calcext:value-type="error"')
        parts["content.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w") as z:
            for name, data in parts.items():
                z.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return path
