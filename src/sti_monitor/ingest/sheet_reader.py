"""Read the value cells of one sheet of a known shape into records (see :mod:`.header` for the shapes)."""

from __future__ import annotations

from .cells import cell_at, text_of, year_of
from .conversion import conversion_factor, convertible_units, normalize_unit
from .fields import Field, FieldRegistry
from .formats import ERROR_VALUES, Sheet
from .header import Header, sheet_year
from .problems import Problem, cell_ref, fmt_value
from .records import Record, Workbook
from .units import UnitRegistry
from .values import ValueParseError, parse_value
from .vocabulary import vocabulary


def _is_footer(texts: list[str]) -> bool:
    first = next((t for t in texts if t), "")
    return first.startswith(vocabulary().footer_prefixes)


class SheetReader:
    """Reads the value cells of one sheet into records; every doubtful cell becomes a located problem."""

    def __init__(self, book: Workbook, sheet: Sheet, fields: FieldRegistry, units: UnitRegistry):
        self.book, self.sheet, self.fields, self.units = book, sheet, fields, units

    def problem(self, what, fix, r, c, **kw):
        self.book.problems.append(
            Problem(
                self.book.name, what, fix, sheet=self.sheet.name, cell=cell_ref(r, c) if c is not None else None, **kw
            )
        )

    def factor(self, fld: Field, given, r, c, unit_code=None) -> float | None:
        """Conversion factor from the unit a cell states to the field's canonical unit (1 when blank)."""
        if not text_of(given):
            return 1.0
        factor = conversion_factor(normalize_unit(given), fld.unit)
        if factor is None:
            self.problem(
                f"{fld.name}的单位“{given}”无法换算为“{fld.unit}”",
                f"单位改为“{fld.unit}”（可接受：{'、'.join(convertible_units(fld.unit))}），并相应调整数值",
                r,
                c,
                unit_code=unit_code,
            )
        return factor

    def _cell_value(self, fld: Field, year: int, raw, r: int, c: int, where: dict) -> float | None:
        """The number in a value cell, a percent-formatted cell in percent; ``None`` for a blank or not-available
        marker, and with a problem for an uncomputed formula, an Excel error value or text that is no number."""
        flag = self.sheet.flagged.get((r, c))
        if flag == "uncached":
            self.problem(
                f"{fld.name}（{year}年）是公式，但没有计算结果",
                "公式未计算：请在 Excel/WPS 中打开并保存后再报送",
                r,
                c,
                **where,
            )
            return None
        text = text_of(raw) if isinstance(raw, str) else ""
        if flag or text.upper() in ERROR_VALUES:
            self.problem(
                f"{fld.name}（{year}年）是 Excel 错误值 {flag or text}",
                "检查该单元格的公式（常见原因：除以 0、引用被删除的单元格），改为正确的数值",
                r,
                c,
                **where,
            )
            return None
        try:
            value = parse_value(raw, percent_ok=fld.unit == "%")
        except ValueParseError as exc:
            self.problem(
                f"{fld.name}（{year}年）的值{exc}",
                exc.fix or f"填写数字（单位：{fld.unit}），不可得时填“—”或留空",
                r,
                c,
                **where,
            )
            return None
        if value is not None and fld.unit == "%" and (r, c) in self.sheet.marks.percent and not isinstance(raw, str):
            value *= 100  # a cell formatted as a percent shows 5.6% for 0.056: the field is in percent
        return value

    def _impossible(self, fld: Field, year: int, raw, value: float, r: int, c: int, where: dict) -> bool:
        """Whether the value cannot be (a negative count or amount, a count that is not whole), with a problem."""
        if fld.kind in ("count", "amount") and value < 0:
            self.problem(f"{fld.name}（{year}年）为负数 {raw}", "该指标不能为负，请核对数值", r, c, **where)
            return True
        if fld.kind == "count" and not float(value).is_integer():
            self.problem(
                f"{fld.name}（{year}年）应为整数，填的是 {raw}", f"填写整数个数（单位：{fld.unit}）", r, c, **where
            )
            return True
        return False

    def take(
        self,
        fld: Field,
        year: int,
        raw,
        r: int,
        c: int,
        factor: float,
        unit_code: str | None = None,
        label=(None, None),
    ):
        """Check one value cell and keep it as a record; ``None`` and not-available markers are skipped.
        ``label`` is the stated unit and its (row, col), for the year-on-year check of unit labels."""
        where = dict(unit_code=unit_code)
        value = self._cell_value(fld, year, raw, r, c, where)
        if value is None:
            return
        value *= factor
        if self._impossible(fld, year, raw, value, r, c, where):
            return
        owner = self.units.get(unit_code or self.book.unit_code)
        plausible = fld.plausible_for(owner.kind if owner else None, self.fields.reference_scale)
        if plausible and not plausible[0] <= value <= plausible[1]:
            self.problem(
                f"{fld.name}（{year}年）为 {fmt_value(value)}{fld.unit}，超出{'参照单位的' if owner and owner.kind == 'reference' else ''}合理范围 {fmt_value(plausible[0])}～{fmt_value(plausible[1])}{fld.unit}，疑似单位或录入错误",
                "核对数值和单位（常见原因：万元当作亿元填报、单位列漏填）；确属实情，在数据目录的 确认.yaml 中登记确认",
                r,
                c,
                field=fld.code,
                year=year,
                confirmable=True,
                **where,
            )
        self.book.year_cells.setdefault(year, (self.sheet.name, cell_ref(r, c)))
        given, at = label
        self.book.records.append(
            Record(
                fld.code,
                year,
                value,
                self.sheet.name,
                cell_ref(r, c),
                raw,
                unit_code,
                normalize_unit(given) if text_of(given) else "",
                cell_ref(*at) if at and at[1] is not None else None,
            )
        )

    def field_of(self, code: str, label: str, r: int, id_col: int, has_values: bool, unit_code=None) -> Field | None:
        if code:
            fld = self.fields.by_code(code) or self.fields.by_label(code)
            if fld is None:
                self.problem(
                    f"未知的字段代码“{code}”，该行未读取",
                    "改为模板中的字段代码（如 gdp、rd_expenditure），或清空代码只填标准指标名称；多余的行可删除",
                    r,
                    id_col,
                    unit_code=unit_code,
                    severity="warning",
                )
            return fld
        if label:
            fld = self.fields.by_label(label)
            if fld is None and has_values:
                self.problem(
                    f"无法识别的指标名称“{label}”，该行未读取",
                    "在“字段代码”列填写模板中的字段代码，或改用标准指标名称（见 sti-monitor template 生成的模板）；多余的行可删除",
                    r,
                    id_col,
                    unit_code=unit_code,
                    severity="warning",
                )
            return fld
        if has_values:
            self.problem(
                "该行有数值，但没有字段代码和指标名称",
                "补填字段代码或指标名称，或删除该行数值",
                r,
                0,
                unit_code=unit_code,
            )
        return None

    def unit_of_row(self, row, r, h: Header) -> tuple[str | None, bool]:
        """(unit code, is a total row) for a row of a multi-unit sheet; an unknown unit is a problem."""
        code, name = text_of(cell_at(row, h.unit_code_col)), text_of(cell_at(row, h.unit_name_col))
        if name.startswith(vocabulary().total_labels) or (not code and not name):
            return None, bool(name)
        unit = self.units.get(code) if code else self.units.by_name(name)
        if unit is None:
            col = h.unit_code_col if code else h.unit_name_col
            self.problem(
                f"单位“{code or name}”不在单位清单中，该行未读取",
                "填写单位清单中的行政区划代码或标准名称；多余的行可删除",
                r,
                col,
                severity="warning",
            )
            return None, False
        if unit is self.units.city:
            return None, True
        if code and name and self.units.by_name(name) not in (None, unit):
            self.problem(
                f"单位名称“{name}”与行政区划代码 {code}（{unit.name}）不一致",
                "核对并改正代码或名称",
                r,
                h.unit_name_col,
                unit_code=unit.code,
            )
        return unit.code, False

    def one_column_per_year(self, h: Header, year_cols: dict[int, int]) -> None:
        """Keep one column per year in ``year_cols``: a revised column (2023年(修订)) over the first figures
        (a 提醒), else an error for each further column of the same year."""
        kept = {}
        for c, year in sorted(year_cols.items(), key=lambda item: (item[0] not in h.revised_cols, item[0])):
            if year not in kept:
                kept[year] = c
            elif kept[year] in h.revised_cols and c not in h.revised_cols:
                self.problem(
                    f"{year}年有修订列 {cell_ref(h.row, kept[year])}，采用修订数；原数列 {cell_ref(h.row, c)} 未采用",
                    "无需处理；如修订数有误，请改正修订列",
                    h.row,
                    c,
                    severity="warning",
                )
            else:
                self.problem(
                    f"{year}年出现在两列（{cell_ref(h.row, kept[year])} 和 {cell_ref(h.row, c)}）",
                    "删除重复的年份列，只保留正确的一列",
                    h.row,
                    c,
                )
            if kept[year] != c:
                del year_cols[c]

    def read_district(self, h: Header):
        year_cols = dict(h.year_cols)
        if not year_cols:
            year = sheet_year(self.sheet.name, self.sheet.rows, h.row)
            if year is None:
                self.problem(
                    "找不到该表的年份",
                    "把工作表命名为年份（如“2023年”），或在标题中写明年份，或把“数值”列改为“2023年”",
                    h.row,
                    h.value_col,
                )
                return
            year_cols = {h.value_col: year}
        self.one_column_per_year(h, year_cols)
        for c, year in year_cols.items():
            self.book.year_cells.setdefault(year, (self.sheet.name, cell_ref(h.row, c)))
        rows, seen = self.sheet.rows, {}
        for r in range(h.row + 1, len(rows)):
            row = rows[r]
            texts = [text_of(v) for v in row]
            if not any(texts):
                continue
            if _is_footer(texts):
                break  # notes (注：…) close the table; nothing below them is data
            code, label = text_of(cell_at(row, h.code_col)), text_of(cell_at(row, h.name_col))
            id_col = h.code_col if code or h.name_col is None else h.name_col
            has_values = any(text_of(cell_at(row, c)) for c in year_cols)
            fld = self.field_of(code, label, r, id_col, has_values)
            if fld is None:
                continue
            if fld.code in seen:
                self.problem(
                    f"字段 {fld.code}（{fld.name}）重复出现，第 {seen[fld.code] + 1} 行已有",
                    "删除重复的一行，只保留正确的数值",
                    r,
                    id_col,
                )
                continue
            seen[fld.code] = r
            given = cell_at(row, h.unit_col)
            factor = self.factor(fld, given, r, h.unit_col)
            if factor is None:
                continue
            for c, year in year_cols.items():
                self.take(fld, year, cell_at(row, c), r, c, factor, label=(given, (r, h.unit_col)))

    def read_wide(self, h: Header):
        rows = self.sheet.rows
        the_year = None if h.year_col is not None else sheet_year(self.sheet.name, rows, h.row)
        if h.year_col is None and the_year is None:
            self.problem(
                "找不到该表的年份", "加一列“年份”，或把工作表命名为年份（如“2023年”），或在标题中写明年份", h.row, None
            )
            return
        factors = {}
        for c, (fld, unit_text) in h.field_cols.items():
            factors[c] = self.factor(fld, unit_text, h.row, c)
        totals, sums = [], {}
        for r in range(h.row + 1, len(rows)):
            row = rows[r]
            texts = [text_of(v) for v in row]
            if not any(texts):
                continue
            if _is_footer(texts):
                break
            year = the_year if the_year is not None else year_of(cell_at(row, h.year_col))
            if year is None:
                self.problem(f"年份“{cell_at(row, h.year_col)}”无法识别", "填写四位年份，如 2023", r, h.year_col)
                continue
            unit_code, is_total = self.unit_of_row(row, r, h)
            if is_total:
                totals.append((r, year))
                continue
            if unit_code is None:
                continue
            district = self.units.get(unit_code).kind == "district"
            for c, (fld, unit_text) in h.field_cols.items():
                if factors[c] is None:
                    continue
                before = len(self.book.records)
                self.take(fld, year, cell_at(row, c), r, c, factors[c], unit_code, label=(unit_text, (h.row, c)))
                if district and len(self.book.records) > before:
                    s = sums.setdefault((year, c), [0.0, 0])
                    s[0] += self.book.records[-1].value
                    s[1] += 1
        for r, year in totals:
            for c, (fld, _) in h.field_cols.items():
                try:
                    total = parse_value(cell_at(rows[r], c), percent_ok=fld.unit == "%")
                except ValueParseError:
                    total = None
                if total is None or factors[c] is None or fld.kind == "rate" or (year, c) not in sums:
                    continue
                total *= factors[c]
                added = sums[(year, c)][0]
                relative, absolute = vocabulary().total_tolerance
                if abs(added - total) > max(abs(total) * relative, absolute):
                    self.problem(
                        f"{fld.name}（{year}年）合计行 {cell_ref(r, c)} 为 {fmt_value(total)}{fld.unit}，各县（市、区）相加为 {fmt_value(added)}{fld.unit}",
                        f"核对 {cell_ref(h.row + 1, c)} 至 {cell_ref(r - 1, c)} 各行与合计行；合计行本身不作为任何单位的数据",
                        r,
                        c,
                        severity="warning",
                    )

    def read_long(self, h: Header):
        rows = self.sheet.rows
        units, fields, years = {}, {}, {}  # a long table repeats a few units, fields and years many times
        for r in range(h.row + 1, len(rows)):
            row = rows[r]
            first = next((v for v in row if v is not None and text_of(v)), None)
            if first is None:
                continue
            if _is_footer([text_of(first)]):
                break
            # only what was found without a problem is remembered: each row with a problem is named
            key = (cell_at(row, h.unit_code_col), cell_at(row, h.unit_name_col))
            if key in units:
                unit_code = units[key]
            else:
                before = len(self.book.problems)
                unit_code, _ = self.unit_of_row(row, r, h)  # a total row in a long table is skipped
                if len(self.book.problems) == before:
                    units[key] = unit_code
            if unit_code is None:
                continue
            code, label = text_of(cell_at(row, h.code_col)), text_of(cell_at(row, h.name_col))
            id_col = h.code_col if code or h.name_col is None else h.name_col
            has_value = bool(text_of(cell_at(row, h.value_col)))
            if (code, label, has_value) in fields:
                fld = fields[(code, label, has_value)]
            else:
                before = len(self.book.problems)
                fld = self.field_of(code, label, r, id_col, has_value, unit_code)
                if len(self.book.problems) == before:
                    fields[(code, label, has_value)] = fld
            if fld is None:
                continue
            raw_year = cell_at(row, h.year_col)
            year = years[raw_year] if raw_year in years else years.setdefault(raw_year, year_of(raw_year))
            if year is None:
                self.problem(
                    f"年份“{cell_at(row, h.year_col)}”无法识别",
                    "填写四位年份，如 2023",
                    r,
                    h.year_col,
                    unit_code=unit_code,
                )
                continue
            given = cell_at(row, h.unit_col)
            factor = self.factor(fld, given, r, h.unit_col, unit_code)
            if factor is not None:
                self.take(
                    fld,
                    year,
                    cell_at(row, h.value_col),
                    r,
                    h.value_col,
                    factor,
                    unit_code,
                    label=(given, (r, h.unit_col)),
                )
