"""Read one district workbook into raw-field records, collecting every problem on the way.

The file is only ever read; its bytes are hashed so reports can cite them.
"""
from __future__ import annotations

import hashlib
import io
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from .conversion import conversion_factor, convertible_units, normalize_unit
from .fields import FieldRegistry
from .problems import Problem, cell_ref, file_label
from .units import UnitRegistry
from .values import ValueParseError, parse_value

logger = logging.getLogger(__name__)

CODE_HEADERS = {"字段代码", "代码", "指标代码", "字段"}
NAME_HEADERS = {"指标名称", "指标", "项目", "名称", "字段名称"}
UNIT_HEADERS = {"单位", "计量单位"}
CODE_LABELS = ("行政区划代码", "单位代码", "区划代码", "统计用区划代码")
NAME_LABELS = ("单位名称", "填报单位", "地区名称")
FOOTER_PREFIXES = ("注", "说明", "备注", "填表人", "负责人", "审核人", "统计负责人", "填报日期", "报出日期", "联系电话")
YEAR_HEADER = re.compile(r"^((19|20)\d{2})(年|年度)?(数据|数值|值)?$")
HEADER_SCAN_ROWS = 60


@dataclass(frozen=True)
class Record:
    """One raw value, in the field's canonical unit, with the cell it came from."""

    field: str
    year: int
    value: float
    sheet: str
    cell: str
    raw: object = None


@dataclass
class Workbook:
    """What was read from one file: identity, records and problems."""

    path: Path
    name: str  # path relative to the data directory, as shown to users
    sha256: str = ""
    unit_code: str | None = None
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def years(self) -> set[int]:
        return {r.year for r in self.records}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def _year_of(value) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
            return None
        return int(value) if 1900 <= value <= 2100 else None
    m = YEAR_HEADER.match(_text(value))
    return int(m.group(1)) if m else None


def read_sheets(data: bytes) -> dict[str, list[list]]:
    """All sheets of an xlsx file as rows of Python values (``None`` for empty), anchored at A1."""
    frames = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, engine="calamine")
    sheets = {}
    for name, frame in frames.items():
        frame = frame.astype(object).where(frame.notna(), None)
        sheets[str(name)] = frame.values.tolist()
    return sheets


@dataclass
class _Header:
    row: int
    code_col: int | None
    name_col: int | None
    unit_col: int | None
    year_cols: dict[int, int]  # column -> year


def _find_header(rows: list[list]) -> _Header | None:
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [_text(v) for v in row]
        code_col = next((c for c, t in enumerate(texts) if t in CODE_HEADERS), None)
        name_col = next((c for c, t in enumerate(texts) if t in NAME_HEADERS), None)
        if code_col is None and name_col is None:
            continue
        unit_col = next((c for c, t in enumerate(texts) if t in UNIT_HEADERS), None)
        year_cols = {c: y for c, v in enumerate(row) if (y := _year_of(v)) is not None}
        if year_cols:
            return _Header(r, code_col, name_col, unit_col, year_cols)
    return None


def _is_label(text: str) -> bool:
    return text.startswith(CODE_LABELS + NAME_LABELS)


def _labelled_value(rows, r, c, text, labels):
    """The value a label cell at (r, c) announces: inline after a colon, else the cell to its
    right, else the cell below. ``None`` when the text is not such a label."""
    for label in labels:
        if text.startswith(label):
            rest = text[len(label):].lstrip(":：")
            if rest:
                return rest, (r, c)
            for rr, cc in ((r, c + 1), (r + 1, c)):
                if rr < len(rows) and cc < len(rows[rr]):
                    neighbour = _text(rows[rr][cc])
                    if neighbour and not _is_label(neighbour):
                        return rows[rr][cc], (rr, cc)
            return None, (r, c)
    return None


def _find_identity(rows: list[list], stop_row: int):
    code = name = None
    for r in range(min(stop_row, len(rows))):
        for c, value in enumerate(rows[r]):
            text = _text(value)
            if not text:
                continue
            if code is None and (found := _labelled_value(rows, r, c, text, CODE_LABELS)):
                code = found
            elif name is None and (found := _labelled_value(rows, r, c, text, NAME_LABELS)):
                name = found
    return code, name


def _identify(book: Workbook, sheet: str, rows, header_row: int, units: UnitRegistry):
    code_found, name_found = _find_identity(rows, header_row)
    code = _text(code_found[0]) if code_found and code_found[0] is not None else ""
    name = _text(name_found[0]) if name_found and name_found[0] is not None else ""
    code_cell = cell_ref(*code_found[1]) if code_found else None
    name_cell = cell_ref(*name_found[1]) if name_found else None
    if not code:
        m = re.match(r"^(\d{6})", book.path.name)
        if m:
            code, code_cell = m.group(1), None
    if code:
        unit = units.get(code)
        if unit is None:
            where = dict(sheet=sheet, cell=code_cell) if code_cell else {}
            book.problems.append(Problem(
                book.name, f"单位代码“{code}”不在单位清单中",
                f"填写正确的行政区划代码（单位清单见 {units.source.name if units.source else 'units.yaml'}），"
                f"如 {units.districts[0].code if units.districts else units.city.code}", **where))
            return
        if name and units.by_name(name) not in (None, unit):
            book.problems.append(Problem(
                book.name, f"单位名称“{name}”与单位代码 {code}（{unit.name}）不一致",
                "核对并改正单位代码或单位名称", sheet=sheet, cell=name_cell))
            return
        if name and units.by_name(name) is None:
            book.problems.append(Problem(
                book.name, f"单位名称“{name}”与单位清单中的“{unit.name}”写法不同", "按单位清单写法填写单位名称",
                sheet=sheet, cell=name_cell, severity="warning", unit_code=unit.code))
        book.unit_code = unit.code
        return
    if name:
        unit = units.by_name(name)
        if unit is not None:
            book.unit_code = unit.code
            return
        book.problems.append(Problem(
            book.name, f"单位名称“{name}”不在单位清单中，且未填写行政区划代码",
            "在表头上方填写“行政区划代码”及其代码", sheet=sheet, cell=name_cell))
        return
    book.problems.append(Problem(
        book.name, "找不到单位身份（行政区划代码和单位名称都没有填写）",
        "在表头上方填写“行政区划代码”和“单位名称”两格及其右侧的值，或把文件命名为“330302_鹿城区.xlsx”这样以代码开头的形式",
        sheet=sheet))


def _is_footer(texts: list[str]) -> bool:
    first = next((t for t in texts if t), "")
    return first.startswith(FOOTER_PREFIXES)


def _read_rows(book: Workbook, sheet: str, rows, header: _Header, fields: FieldRegistry):
    seen: dict[str, int] = {}
    for r in range(header.row + 1, len(rows)):
        row = rows[r]
        texts = [_text(v) for v in row]
        if not any(texts):
            continue
        if _is_footer(texts):
            break  # notes (注：…) close the table; nothing below them is data
        code = texts[header.code_col] if header.code_col is not None and header.code_col < len(row) else ""
        label = texts[header.name_col] if header.name_col is not None and header.name_col < len(row) else ""
        id_cell = cell_ref(r, header.code_col if code or header.name_col is None else header.name_col)
        has_values = any(row[c] is not None and _text(row[c]) for c in header.year_cols if c < len(row))
        if code:
            fld = fields.by_code(code) or fields.by_label(code)
            if fld is None:
                book.problems.append(Problem(
                    book.name, f"未知的字段代码“{code}”", "改为模板中的字段代码（如 gdp、rd_expenditure），或清空代码只填标准指标名称",
                    sheet=sheet, cell=id_cell))
                continue
        elif label:
            fld = fields.by_label(label)
            if fld is None:
                if has_values:
                    book.problems.append(Problem(
                        book.name, f"无法识别的指标名称“{label}”", "在“字段代码”列填写模板中的字段代码，或改用标准指标名称（见 sti-monitor template 生成的模板）",
                        sheet=sheet, cell=id_cell))
                continue
        else:
            if has_values:
                book.problems.append(Problem(
                    book.name, "该行有数值，但没有字段代码和指标名称", "补填字段代码或指标名称，或删除该行数值",
                    sheet=sheet, cell=cell_ref(r, 0)))
            continue
        if fld.code in seen:
            book.problems.append(Problem(
                book.name, f"字段 {fld.code}（{fld.name}）重复出现，第 {seen[fld.code] + 1} 行已有",
                "删除重复的一行，只保留正确的数值", sheet=sheet, cell=id_cell))
            continue
        seen[fld.code] = r
        factor = 1.0
        if header.unit_col is not None and header.unit_col < len(row) and texts[header.unit_col]:
            given = normalize_unit(row[header.unit_col])
            factor = conversion_factor(given, fld.unit)
            if factor is None:
                book.problems.append(Problem(
                    book.name, f"{fld.name}的单位“{row[header.unit_col]}”无法换算为“{fld.unit}”",
                    f"单位改为“{fld.unit}”（可接受：{'、'.join(convertible_units(fld.unit))}），并相应调整数值",
                    sheet=sheet, cell=cell_ref(r, header.unit_col)))
                continue
        for c, year in header.year_cols.items():
            raw = row[c] if c < len(row) else None
            ref = cell_ref(r, c)
            try:
                value = parse_value(raw, percent_ok=fld.unit == "%")
            except ValueParseError as exc:
                book.problems.append(Problem(
                    book.name, f"{fld.name}（{year}年）的值{exc}", f"填写数字（单位：{fld.unit}），不可得时填“—”或留空",
                    sheet=sheet, cell=ref))
                continue
            if value is None:
                continue
            value *= factor
            if fld.kind in ("count", "amount") and value < 0:
                book.problems.append(Problem(
                    book.name, f"{fld.name}（{year}年）为负数 {raw}", "该指标不能为负，请核对数值", sheet=sheet, cell=ref))
                continue
            if fld.kind == "count" and not float(value).is_integer():
                book.problems.append(Problem(
                    book.name, f"{fld.name}（{year}年）应为整数，填的是 {raw}", f"填写整数个数（单位：{fld.unit}）", sheet=sheet, cell=ref))
                continue
            if fld.plausible and not fld.plausible[0] <= value <= fld.plausible[1]:
                book.problems.append(Problem(
                    book.name, f"{fld.name}（{year}年）为 {value:g}{fld.unit}，超出合理范围 {fld.plausible[0]:g}～{fld.plausible[1]:g}",
                    "核对数值和单位；确属实情可忽略本提醒", sheet=sheet, cell=ref, severity="warning"))
            book.records.append(Record(fld.code, year, value, sheet, ref, raw))


def read_workbook(path: Path, fields: FieldRegistry, units: UnitRegistry, root: Path | None = None) -> Workbook:
    """Read one district workbook. Never raises for bad content: problems are collected on the result."""
    path = Path(path)
    name = file_label(path.relative_to(root) if root else path.name)
    book = Workbook(path=path, name=name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        book.problems.append(Problem(name, f"无法读取文件（{exc.strerror}）", "检查文件权限，或把文件复制到数据目录后重试"))
        return book
    book.sha256 = hashlib.sha256(data).hexdigest()
    try:
        sheets = read_sheets(data)
    except Exception as exc:  # calamine raises several types for non-xlsx content
        logger.debug("cannot open %s: %r", path, exc)
        book.problems.append(Problem(
            name, "无法打开，不是有效的 Excel 工作簿（.xlsx）", "用 Excel 或 WPS 打开后“另存为” .xlsx 格式；如有密码保护请先取消"))
        return book
    for sheet, rows in sheets.items():
        header = _find_header(rows)
        if header is None:
            continue
        _identify(book, sheet, rows, header.row, units)
        _read_rows(book, sheet, rows, header, fields)
        if not book.records and book.ok:
            book.problems.append(Problem(
                name, "表中没有任何数值", "在年份列填写数值", sheet=sheet, cell=cell_ref(header.row, min(header.year_cols))))
        if book.unit_code:
            book.problems = [p if p.unit_code else replace(p, unit_code=book.unit_code) for p in book.problems]
        return book
    book.problems.append(Problem(
        name, "找不到表头行（应有“字段代码”或“指标名称”列，以及“2023年”这样的年份列）",
        "按 sti-monitor template 生成的模板整理表格，保留表头行"))
    return book
