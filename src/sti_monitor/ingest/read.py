"""Read one workbook (any format, any of the accepted shapes) into raw-field records, collecting every problem.

Shapes, found per sheet from its header row:

- ``district``: a row per field (``字段代码`` / ``指标名称``), a column per year, the unit's identity above
  the header (or in the file name); with a single value column (``数值``, ``本年``…) the year comes from the
  sheet name or the title;
- ``wide``: the city's table, a row per unit (``行政区划代码`` / ``地区``), a column per field;
- ``long``: columns unit, field, year, value.

The file is only ever read; its bytes are hashed so reports can cite them.
"""
from __future__ import annotations

import hashlib
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from .conversion import conversion_factor, convertible_units, normalize_unit
from .fields import Field, FieldRegistry
from .formats import ERROR_VALUES, NotASpreadsheet, Sheet, load_sheets
from .problems import Problem, cell_ref, file_label, fmt_value
from .units import UnitRegistry
from .values import ValueParseError, parse_value

logger = logging.getLogger(__name__)

CODE_HEADERS = {"字段代码", "代码", "指标代码", "字段"}
NAME_HEADERS = {"指标名称", "指标", "项目", "名称", "字段名称"}
UNIT_HEADERS = {"单位", "计量单位"}
UNIT_CODE_HEADERS = {"行政区划代码", "单位代码", "区划代码", "统计用区划代码", "地区代码"}
UNIT_NAME_HEADERS = {"单位名称", "地区", "地区名称", "县(市、区)", "县(市,区)", "县市区", "区县", "填报单位"}
YEAR_COLUMN_HEADERS = {"年份", "年度", "年"}
VALUE_HEADERS = {"数值", "值", "本年", "本年数", "本年值", "本期", "本期数", "本年实际", "数据", "填报值", "本年度"}
TOTAL_LABELS = ("合计", "总计", "全市", "全省", "全县", "总数")
CODE_LABELS = ("行政区划代码", "单位代码", "区划代码", "统计用区划代码")
NAME_LABELS = ("单位名称", "填报单位", "地区名称")
FOOTER_PREFIXES = ("注", "说明", "备注", "填表人", "负责人", "审核人", "统计负责人", "填报日期", "报出日期", "联系电话")
YEAR_HEADER = re.compile(r"^((19|20)\d{2})(年|年度)?(数据|数值|值)?$")
YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*(?:年|$)")
UNIT_IN_BRACKETS = re.compile(r"[(\[]([^()\[\]]*)[)\]]$")
HEADER_SCAN_ROWS = 60


@dataclass(frozen=True)
class Record:
    """One raw value, in the field's canonical unit, with the cell it came from.

    ``unit_code`` is set for multi-unit sheets (wide and long shapes); ``None`` means the workbook's unit.
    """

    field: str
    year: int
    value: float
    sheet: str
    cell: str
    raw: object = None
    unit_code: str | None = None


@dataclass
class Workbook:
    """What was read from one file: identity, records and problems."""

    path: Path
    name: str  # path relative to the data directory, as shown to users
    sha256: str = ""
    unit_code: str | None = None
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    format: str = ""

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def years(self) -> set[int]:
        return {r.year for r in self.records}

    def unit_of(self, record: Record) -> str | None:
        return record.unit_code or self.unit_code

    def rejected_units(self) -> set[str | None]:
        """Units with an error; ``None`` in the set means an error about the whole file (nothing is used)."""
        return {p.unit_code for p in self.problems if p.severity == "error"}

    def accepted_records(self) -> list[tuple[str, Record]]:
        """(unit code, record) for every value that may be used: its unit and the file have no error."""
        rejected = self.rejected_units()
        if None in rejected:
            return []
        return [(u, r) for r in self.records if (u := self.unit_of(r)) and u not in rejected]


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
    """The visible sheets of a spreadsheet as rows of Python values (``None`` for empty), anchored at A1."""
    return {s.name: s.rows for s in load_sheets(data)[1] if not s.hidden}


@dataclass
class _Header:
    row: int
    shape: str  # district, wide or long
    code_col: int | None = None  # field code
    name_col: int | None = None  # field name
    unit_col: int | None = None  # measurement unit
    year_cols: dict[int, int] = field(default_factory=dict)  # column -> year
    unit_code_col: int | None = None  # reporting unit (wide, long)
    unit_name_col: int | None = None
    year_col: int | None = None
    value_col: int | None = None
    field_cols: dict[int, tuple[Field, str]] = field(default_factory=dict)  # wide: column -> (field, unit text)


def _first(texts, names) -> int | None:
    return next((c for c, t in enumerate(texts) if t in names), None)


def _find_header(rows: list[list], fields: FieldRegistry | None = None) -> _Header | None:
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [_text(v) for v in row]
        if not any(texts):
            continue
        code_col, name_col = _first(texts, CODE_HEADERS), _first(texts, NAME_HEADERS)
        unit_code_col, unit_name_col = _first(texts, UNIT_CODE_HEADERS), _first(texts, UNIT_NAME_HEADERS)
        year_col, value_col = _first(texts, YEAR_COLUMN_HEADERS), _first(texts, VALUE_HEADERS)
        has_unit = unit_code_col is not None or unit_name_col is not None
        has_field = code_col is not None or name_col is not None
        common = dict(code_col=code_col, name_col=name_col, unit_col=_first(texts, UNIT_HEADERS),
                      unit_code_col=unit_code_col, unit_name_col=unit_name_col, year_col=year_col, value_col=value_col)
        if has_unit and has_field and year_col is not None and value_col is not None:
            return _Header(r, "long", **common)
        if has_unit and fields is not None:
            field_cols = {}
            for c, t in enumerate(texts):
                if not t or c in (unit_code_col, unit_name_col, year_col):
                    continue
                fld = fields.by_code(t) or fields.by_label(t)
                if fld is not None:
                    m = UNIT_IN_BRACKETS.search(t)
                    field_cols[c] = (fld, m.group(1) if m else "")
            if len(field_cols) >= 2:
                return _Header(r, "wide", field_cols=field_cols, **common)
        if not has_field:
            continue
        year_cols = {c: y for c, v in enumerate(row) if (y := _year_of(v)) is not None}
        if year_cols:
            return _Header(r, "district", year_cols=year_cols, **common)
        if value_col is not None:
            return _Header(r, "district", **common)  # one year: from the sheet name or the title
    return None


def _sheet_year(sheet: str, rows, header_row: int) -> int | None:
    """The year a one-year sheet holds: from its name (``2023``, ``2023年``) or a title above the header."""
    m = YEAR_IN_TEXT.search(unicodedata.normalize("NFKC", sheet))
    if m:
        return int(m.group(1))
    for row in rows[:header_row]:
        for v in row:
            if (m := YEAR_IN_TEXT.search(_text(v))):
                return int(m.group(1))
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
    """Set ``book.unit_code`` from the identity cells (or the file name); a second sheet must agree."""
    code_found, name_found = _find_identity(rows, header_row)
    code = _text(code_found[0]) if code_found and code_found[0] is not None else ""
    name = _text(name_found[0]) if name_found and name_found[0] is not None else ""
    code_cell = cell_ref(*code_found[1]) if code_found else None
    name_cell = cell_ref(*name_found[1]) if name_found else None
    file_code = m.group(1) if (m := re.match(r"^(\d{6})(?!\d)", book.path.name)) else None
    if book.unit_code and not code and not name:
        return  # a further sheet without identity cells belongs to the unit already found
    if code and file_code and code != file_code:
        book.problems.append(Problem(
            book.name, f"文件名中的单位代码 {file_code} 与表内行政区划代码 {code} 不一致",
            "核对是哪个单位的数据：改正表内代码，或按表内代码重新命名文件", sheet=sheet, cell=code_cell))
        return
    if not code and file_code:
        code, code_cell = file_code, None
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
    elif name and (unit := units.by_name(name)) is None:
        book.problems.append(Problem(
            book.name, f"单位名称“{name}”不在单位清单中，且未填写行政区划代码",
            "在表头上方填写“行政区划代码”及其代码", sheet=sheet, cell=name_cell))
        return
    elif not name:
        book.problems.append(Problem(
            book.name, "找不到单位身份（行政区划代码和单位名称都没有填写）",
            "在表头上方填写“行政区划代码”和“单位名称”两格及其右侧的值，或把文件命名为“330302_鹿城区.xlsx”这样以代码开头的形式",
            sheet=sheet))
        return
    if book.unit_code and book.unit_code != unit.code:
        book.problems.append(Problem(
            book.name, f"工作表“{sheet}”填的是 {unit.code}（{unit.name}），与前面工作表的单位 {book.unit_code} 不同",
            "一个文件只报一个单位：把该工作表移到该单位自己的文件中", sheet=sheet, cell=code_cell or name_cell))
        return
    book.unit_code = unit.code


def _is_footer(texts: list[str]) -> bool:
    first = next((t for t in texts if t), "")
    return first.startswith(FOOTER_PREFIXES)


def _cell(row, col):
    return row[col] if col is not None and col < len(row) else None


class _SheetReader:
    """Reads the value cells of one sheet into records; every doubtful cell becomes a located problem."""

    def __init__(self, book: Workbook, sheet: Sheet, fields: FieldRegistry, units: UnitRegistry):
        self.book, self.sheet, self.fields, self.units = book, sheet, fields, units

    def problem(self, what, fix, r, c, **kw):
        self.book.problems.append(Problem(self.book.name, what, fix, sheet=self.sheet.name,
                                          cell=cell_ref(r, c) if c is not None else None, **kw))

    def factor(self, fld: Field, given, r, c, unit_code=None) -> float | None:
        """Conversion factor from the unit a cell states to the field's canonical unit (1 when blank)."""
        if not _text(given):
            return 1.0
        factor = conversion_factor(normalize_unit(given), fld.unit)
        if factor is None:
            self.problem(f"{fld.name}的单位“{given}”无法换算为“{fld.unit}”",
                         f"单位改为“{fld.unit}”（可接受：{'、'.join(convertible_units(fld.unit))}），并相应调整数值",
                         r, c, unit_code=unit_code)
        return factor

    def take(self, fld: Field, year: int, raw, r: int, c: int, factor: float, unit_code: str | None = None):
        """Check one value cell and keep it as a record; ``None`` and not-available markers are skipped."""
        flag = self.sheet.flagged.get((r, c))
        where = dict(unit_code=unit_code)
        if flag == "uncached":
            self.problem(f"{fld.name}（{year}年）是公式，但没有计算结果", "公式未计算：请在 Excel/WPS 中打开并保存后再报送",
                         r, c, **where)
            return
        text = _text(raw) if isinstance(raw, str) else ""
        if flag or text.upper() in ERROR_VALUES:
            self.problem(f"{fld.name}（{year}年）是 Excel 错误值 {flag or text}",
                         "检查该单元格的公式（常见原因：除以 0、引用被删除的单元格），改为正确的数值", r, c, **where)
            return
        try:
            value = parse_value(raw, percent_ok=fld.unit == "%")
        except ValueParseError as exc:
            self.problem(f"{fld.name}（{year}年）的值{exc}", f"填写数字（单位：{fld.unit}），不可得时填“—”或留空", r, c, **where)
            return
        if value is None:
            return
        value *= factor
        if fld.kind in ("count", "amount") and value < 0:
            self.problem(f"{fld.name}（{year}年）为负数 {raw}", "该指标不能为负，请核对数值", r, c, **where)
            return
        if fld.kind == "count" and not float(value).is_integer():
            self.problem(f"{fld.name}（{year}年）应为整数，填的是 {raw}", f"填写整数个数（单位：{fld.unit}）", r, c, **where)
            return
        if fld.plausible and not fld.plausible[0] <= value <= fld.plausible[1]:
            self.problem(
                f"{fld.name}（{year}年）为 {fmt_value(value)}{fld.unit}，超出合理范围 {fmt_value(fld.plausible[0])}～{fmt_value(fld.plausible[1])}{fld.unit}，疑似单位或录入错误",
                "核对数值和单位（常见原因：万元当作亿元填报、单位列漏填）；确属实情，在数据目录的 确认.yaml 中登记确认",
                r, c, field=fld.code, year=year, confirmable=True, **where)
        self.book.records.append(Record(fld.code, year, value, self.sheet.name, cell_ref(r, c), raw, unit_code))

    def field_of(self, code: str, label: str, r: int, id_col: int, has_values: bool, unit_code=None) -> Field | None:
        if code:
            fld = self.fields.by_code(code) or self.fields.by_label(code)
            if fld is None:
                self.problem(f"未知的字段代码“{code}”", "改为模板中的字段代码（如 gdp、rd_expenditure），或清空代码只填标准指标名称",
                             r, id_col, unit_code=unit_code)
            return fld
        if label:
            fld = self.fields.by_label(label)
            if fld is None and has_values:
                self.problem(f"无法识别的指标名称“{label}”", "在“字段代码”列填写模板中的字段代码，或改用标准指标名称（见 sti-monitor template 生成的模板）",
                             r, id_col, unit_code=unit_code)
            return fld
        if has_values:
            self.problem("该行有数值，但没有字段代码和指标名称", "补填字段代码或指标名称，或删除该行数值", r, 0, unit_code=unit_code)
        return None

    def unit_of_row(self, row, r, h: _Header) -> tuple[str | None, bool]:
        """(unit code, is a total row) for a row of a multi-unit sheet; an unknown unit is a problem."""
        code, name = _text(_cell(row, h.unit_code_col)), _text(_cell(row, h.unit_name_col))
        if name.startswith(TOTAL_LABELS) or (not code and not name):
            return None, bool(name)
        unit = self.units.get(code) if code else self.units.by_name(name)
        if unit is None:
            col = h.unit_code_col if code else h.unit_name_col
            self.problem(f"单位“{code or name}”不在单位清单中", "填写单位清单中的行政区划代码或标准名称", r, col,
                         unit_code=code or name)
            return None, False
        if unit is self.units.city:
            return None, True
        if code and name and self.units.by_name(name) not in (None, unit):
            self.problem(f"单位名称“{name}”与行政区划代码 {code}（{unit.name}）不一致", "核对并改正代码或名称",
                         r, h.unit_name_col, unit_code=unit.code)
        return unit.code, False

    def read_district(self, h: _Header):
        year_cols = dict(h.year_cols)
        if not year_cols:
            year = _sheet_year(self.sheet.name, self.sheet.rows, h.row)
            if year is None:
                self.problem("找不到该表的年份", "把工作表命名为年份（如“2023年”），或在标题中写明年份，或把“数值”列改为“2023年”",
                             h.row, h.value_col)
                return
            year_cols = {h.value_col: year}
        first_col = {}
        for c, year in sorted(year_cols.items()):
            if year in first_col:
                self.problem(f"{year}年出现在两列（{cell_ref(h.row, first_col[year])} 和 {cell_ref(h.row, c)}）",
                             "删除重复的年份列，只保留正确的一列", h.row, c)
                del year_cols[c]
            else:
                first_col[year] = c
        rows, seen = self.sheet.rows, {}
        for r in range(h.row + 1, len(rows)):
            row = rows[r]
            texts = [_text(v) for v in row]
            if not any(texts):
                continue
            if _is_footer(texts):
                break  # notes (注：…) close the table; nothing below them is data
            code, label = _text(_cell(row, h.code_col)), _text(_cell(row, h.name_col))
            id_col = h.code_col if code or h.name_col is None else h.name_col
            has_values = any(_text(_cell(row, c)) for c in year_cols)
            fld = self.field_of(code, label, r, id_col, has_values)
            if fld is None:
                continue
            if fld.code in seen:
                self.problem(f"字段 {fld.code}（{fld.name}）重复出现，第 {seen[fld.code] + 1} 行已有",
                             "删除重复的一行，只保留正确的数值", r, id_col)
                continue
            seen[fld.code] = r
            factor = self.factor(fld, _cell(row, h.unit_col), r, h.unit_col)
            if factor is None:
                continue
            for c, year in year_cols.items():
                self.take(fld, year, _cell(row, c), r, c, factor)

    def read_wide(self, h: _Header):
        rows = self.sheet.rows
        sheet_year = None if h.year_col is not None else _sheet_year(self.sheet.name, rows, h.row)
        if h.year_col is None and sheet_year is None:
            self.problem("找不到该表的年份", "加一列“年份”，或把工作表命名为年份（如“2023年”），或在标题中写明年份", h.row, None)
            return
        factors = {}
        for c, (fld, unit_text) in h.field_cols.items():
            factors[c] = self.factor(fld, unit_text, h.row, c)
        totals, sums = [], {}
        for r in range(h.row + 1, len(rows)):
            row = rows[r]
            texts = [_text(v) for v in row]
            if not any(texts):
                continue
            if _is_footer(texts):
                break
            year = sheet_year if sheet_year is not None else _year_of(_cell(row, h.year_col))
            if year is None:
                self.problem(f"年份“{_cell(row, h.year_col)}”无法识别", "填写四位年份，如 2023", r, h.year_col)
                continue
            unit_code, is_total = self.unit_of_row(row, r, h)
            if is_total:
                totals.append((r, year))
                continue
            if unit_code is None:
                continue
            district = self.units.get(unit_code).kind == "district"
            for c, (fld, _) in h.field_cols.items():
                if factors[c] is None:
                    continue
                before = len(self.book.records)
                self.take(fld, year, _cell(row, c), r, c, factors[c], unit_code)
                if district and len(self.book.records) > before:
                    s = sums.setdefault((year, c), [0.0, 0])
                    s[0] += self.book.records[-1].value
                    s[1] += 1
        for r, year in totals:
            for c, (fld, _) in h.field_cols.items():
                try:
                    total = parse_value(_cell(rows[r], c), percent_ok=fld.unit == "%")
                except ValueParseError:
                    total = None
                if total is None or factors[c] is None or fld.kind == "rate" or (year, c) not in sums:
                    continue
                total *= factors[c]
                added = sums[(year, c)][0]
                if abs(added - total) > max(abs(total) * 0.001, 0.01):
                    self.problem(
                        f"{fld.name}（{year}年）合计行 {cell_ref(r, c)} 为 {fmt_value(total)}{fld.unit}，各县（市、区）相加为 {fmt_value(added)}{fld.unit}",
                        f"核对 {cell_ref(h.row + 1, c)} 至 {cell_ref(r - 1, c)} 各行与合计行；合计行本身不作为任何单位的数据",
                        r, c, severity="warning")

    def read_long(self, h: _Header):
        rows = self.sheet.rows
        for r in range(h.row + 1, len(rows)):
            row = rows[r]
            texts = [_text(v) for v in row]
            if not any(texts):
                continue
            if _is_footer(texts):
                break
            unit_code, _ = self.unit_of_row(row, r, h)  # a total row in a long table is skipped
            if unit_code is None:
                continue
            code, label = _text(_cell(row, h.code_col)), _text(_cell(row, h.name_col))
            id_col = h.code_col if code or h.name_col is None else h.name_col
            fld = self.field_of(code, label, r, id_col, bool(_text(_cell(row, h.value_col))), unit_code)
            if fld is None:
                continue
            year = _year_of(_cell(row, h.year_col))
            if year is None:
                self.problem(f"年份“{_cell(row, h.year_col)}”无法识别", "填写四位年份，如 2023", r, h.year_col, unit_code=unit_code)
                continue
            factor = self.factor(fld, _cell(row, h.unit_col), r, h.unit_col, unit_code)
            if factor is not None:
                self.take(fld, year, _cell(row, h.value_col), r, h.value_col, factor, unit_code)


def _check_repeats(book: Workbook):
    """One value per unit, field and year across all sheets; a repeat is an error when the values differ."""
    first: dict[tuple, Record] = {}
    keep = []
    for rec in book.records:
        key = (rec.unit_code, rec.field, rec.year)
        if key not in first:
            first[key] = rec
            keep.append(rec)
            continue
        old = first[key]
        where = f"工作表“{old.sheet}”{old.cell}"
        if old.value == rec.value:
            book.problems.append(Problem(
                book.name, f"{rec.field}（{rec.year}年）重复填报，{where} 已有相同数值", "删除重复的一处",
                sheet=rec.sheet, cell=rec.cell, severity="warning", unit_code=rec.unit_code))
        else:
            book.problems.append(Problem(
                book.name, f"{rec.field}（{rec.year}年）在两处填了不同的数值：{where} 为 {old.raw}，此处为 {rec.raw}",
                "核对后只保留正确的一处（同一年份的数据只应出现在一个工作表中）",
                sheet=rec.sheet, cell=rec.cell, unit_code=rec.unit_code))
    book.records = keep


def read_workbook(path: Path, fields: FieldRegistry, units: UnitRegistry, root: Path | None = None) -> Workbook:
    """Read one workbook of any accepted format and shape. Never raises for bad content: problems are collected."""
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
        book.format, sheets = load_sheets(data, csv_name=path.stem if path.suffix.lower() == ".csv" else None)
    except NotASpreadsheet as exc:
        logger.debug("cannot open %s: %r", path, exc.__cause__)
        book.problems.append(Problem(
            name, f"无法打开，不是有效的 Excel 工作簿：文件内容是{exc.what}",
            "用 Excel 或 WPS 打开后“另存为” .xlsx 格式再报送；如有密码保护请先取消"))
        return book
    read_any = False
    for sheet in sheets:
        header = _find_header(sheet.rows, fields)
        if header is None:
            continue
        if sheet.hidden:
            book.problems.append(Problem(
                name, f"隐藏的工作表“{sheet.name}”中有数据，未读取", "如需报送请取消隐藏该工作表；否则删除它",
                sheet=sheet.name, severity="warning"))
            continue
        read_any = True
        reader = _SheetReader(book, sheet, fields, units)
        before = len(book.records)
        if header.shape == "district":
            _identify(book, sheet.name, sheet.rows, header.row, units)
            reader.read_district(header)
        elif header.shape == "wide":
            reader.read_wide(header)
        else:
            reader.read_long(header)
        if len(book.records) == before and book.ok:
            book.problems.append(Problem(
                name, "表中没有任何数值", "在年份列填写数值", sheet=sheet.name, cell=cell_ref(header.row, 0)))
    if not read_any:
        book.problems.append(Problem(
            name, "找不到表头行（应有“字段代码”或“指标名称”列，以及“2023年”这样的年份列）",
            "按 sti-monitor template 生成的模板整理表格，保留表头行"))
        return book
    _check_repeats(book)
    if book.unit_code:
        book.problems = [p if p.unit_code else replace(p, unit_code=book.unit_code) for p in book.problems]
    return book
