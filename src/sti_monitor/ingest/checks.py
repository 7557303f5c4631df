"""Checks across cells, files and years that catch unit mix-ups (a value typed in 万元 where 亿元 is asked).

Both are doubtful-value errors (``confirmable``): a confirmation in ``确认.yaml`` clears them.
"""
from __future__ import annotations

from collections import defaultdict

from .fields import FieldRegistry
from .problems import Problem, fmt_value
from .records import Record, Workbook

YEAR_ON_YEAR_FACTOR = 3.0


def _where(book: Workbook, rec: Record, other: Workbook) -> str:
    return ("" if book is other else f"{book.name} ") + f"工作表“{rec.sheet}”{rec.cell}"


def check_consistency(books: list[Workbook], fields: FieldRegistry) -> None:
    """A part above its whole in the same unit and year (R&D expenditure above GDP…): an error on the part's cell."""
    for book in books:
        values = {(book.unit_of(r), r.field, r.year): r for r in book.records}
        for (unit, code, year), part in values.items():
            for part_code, whole_code in fields.not_above:
                whole = values.get((unit, whole_code, year))
                if code != part_code or whole is None or part.value <= whole.value:
                    continue
                p, w = fields[part_code], fields[whole_code]
                book.problems.append(Problem(
                    book.name,
                    f"{p.name}（{year}年）{fmt_value(part.value)}{p.unit} 大于{w.name} {fmt_value(whole.value)}{w.unit}"
                    f"（{_where(book, whole, book)}），疑似单位或录入错误",
                    "核对两处的数值和单位；确属实情，在数据目录的 确认.yaml 中登记确认",
                    sheet=part.sheet, cell=part.cell, unit_code=unit, field=part_code, year=year, confirmable=True))


def check_year_on_year(books: list[Workbook], fields: FieldRegistry) -> None:
    """A stock that changes by more than a factor of 3 from one year to the next: an error on the later cell,
    naming both cells (and both files when the years sit in different files)."""
    series = defaultdict(dict)
    for book in books:
        for r in book.records:
            if fields.fields.get(r.field) and fields[r.field].stock and (unit := book.unit_of(r)):
                series[(unit, r.field)][r.year] = (book, r)
    for (unit, code), by_year in series.items():
        for year, (book, rec) in sorted(by_year.items()):
            if year - 1 not in by_year:
                continue
            prev_book, prev = by_year[year - 1]
            if prev.value <= 0 or rec.value <= 0:
                continue
            ratio = rec.value / prev.value
            if 1 / YEAR_ON_YEAR_FACTOR <= ratio <= YEAR_ON_YEAR_FACTOR:
                continue
            f = fields[code]
            book.problems.append(Problem(
                book.name,
                f"{f.name}从 {year - 1}年的 {fmt_value(prev.value)}{f.unit}（{_where(prev_book, prev, book)}）变为 {year}年的 "
                f"{fmt_value(rec.value)}{f.unit}（{rec.cell}），相差 {max(ratio, 1 / ratio):.1f} 倍，疑似单位或录入错误",
                "核对两年的数值和单位；确属实情，在数据目录的 确认.yaml 中登记确认",
                sheet=rec.sheet, cell=rec.cell, unit_code=unit, field=code, year=year, confirmable=True))
