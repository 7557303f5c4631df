"""The second look at an .xlsx/.xlsm file (see :mod:`.marks`): its sheet XML, styles and comments."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from .marks import Marks, is_percent_format, parse_ref, part_rels

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_BUILTIN_PERCENT = {9, 10}
_STYLE = re.compile(rb'\ss="(\d+)"')


def _percent_styles(z: zipfile.ZipFile) -> set[int]:
    """Indices of the cell formats (``s`` attribute of a cell) whose number format shows a percent."""
    try:
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return set()
    codes = {int(f.get("numFmtId", -1)): f.get("formatCode") for f in styles.iterfind("m:numFmts/m:numFmt", _NS)}
    out = set()
    for i, xf in enumerate(styles.iterfind("m:cellXfs/m:xf", _NS)):
        fmt = int(xf.get("numFmtId", 0))
        if fmt in _BUILTIN_PERCENT or is_percent_format(codes.get(fmt)):
            out.add(i)
    return out


def _comments(z: zipfile.ZipFile, part: str) -> dict[tuple[int, int], str]:
    out = {}
    for kind, path in part_rels(z, part).values():
        if not kind.endswith("/comments"):
            continue
        try:
            root = ElementTree.fromstring(z.read(path))
        except (KeyError, ElementTree.ParseError):
            continue
        for c in root.iterfind("m:commentList/m:comment", _NS):
            pos = parse_ref(c.get("ref", ""))
            if pos:
                out[pos] = "".join(t.text or "" for t in c.iter(f"{{{_NS['m']}}}t"))
    return out


def _sheet_marks(xml: bytes, percent_styles: set[int]) -> Marks:
    marks = Marks()
    styled = percent_styles and any(int(s) in percent_styles for s in set(_STYLE.findall(xml)))
    if not (styled or b"<f>" in xml or b"<f " in xml or b't="e"' in xml or b'hidden="' in xml):
        return marks  # the common case: plain values, nothing to parse (<formula1> is a data validation)
    root = ElementTree.fromstring(xml)
    for col in root.iterfind("m:cols/m:col", _NS):
        if col.get("hidden") in ("1", "true"):
            marks.hidden_cols.update(range(int(col.get("min")) - 1, int(col.get("max"))))
    for row in root.iterfind("m:sheetData/m:row", _NS):
        if row.get("hidden") in ("1", "true") and row.get("r"):
            marks.hidden_rows.add(int(row.get("r")) - 1)
        for c in row.iterfind("m:c", _NS):
            pos = parse_ref(c.get("r", ""))
            if pos is None:
                continue
            f, v = c.find("m:f", _NS), c.find("m:v", _NS)
            if c.get("t") == "e":
                marks.flagged[pos] = v.text if v is not None and v.text else "#错误"
            elif f is not None and (v is None or (not v.text and c.get("t") != "str")):
                marks.flagged[pos] = "uncached"
            if styled and c.get("s") and int(c.get("s")) in percent_styles:
                marks.percent.add(pos)
    return marks


def xlsx_marks(data: bytes) -> dict[str, Marks]:
    """Per sheet name, the :class:`Marks` of an .xlsx/.xlsm file."""
    out: dict[str, Marks] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        except (KeyError, ElementTree.ParseError):
            return out
        targets = part_rels(z, "xl/workbook.xml")
        percent_styles = _percent_styles(z)
        for s in book.iterfind("m:sheets/m:sheet", _NS):
            path = targets.get(s.get(_REL_NS), ("", ""))[1]
            try:
                xml = z.read(path)
            except KeyError:
                continue
            marks = _sheet_marks(xml, percent_styles)
            marks.comments = _comments(z, path)
            out[s.get("name")] = marks
    return out
