"""Checks across cells, files and years that catch unit mix-ups (a value typed in 万元 where 亿元 is asked;
a unit label changed while the number was not). Factors are in ``params/fields.yaml``.

Both are doubtful-value errors (``confirmable``): a confirmation in ``确认.yaml`` clears them.
"""

from __future__ import annotations

from collections import defaultdict

from .fields import FieldRegistry
from .problems import Problem, fmt_value
from .records import Record, Workbook


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
                book.problems.append(
                    Problem(
                        book.name,
                        f"{p.name}（{year}年）{fmt_value(part.value)}{p.unit} 大于{w.name} {fmt_value(whole.value)}{w.unit}"
                        f"（{_where(book, whole, book)}），疑似单位或录入错误",
                        "核对两处的数值和单位；确属实情，在数据目录的 确认.yaml 中登记确认",
                        sheet=part.sheet,
                        cell=part.cell,
                        unit_code=unit,
                        field=part_code,
                        year=year,
                        confirmable=True,
                    )
                )


def check_year_on_year(books: list[Workbook], fields: FieldRegistry) -> None:
    """A value that changes from one year to the next by more than its field's ``year_on_year`` factor, or by
    ``unit_label_factor`` while its stated unit changed (万元 where last year said 亿元): an error naming both
    cells (and both files when the years sit in different files), on the cell that is the odd one out.

    That is the later cell, unless a third year of the unit (the year before the pair, else the year after)
    sides with the later one (same label, or within the factor) and not with the earlier one: then the earlier
    cell is wrong (a first year typed in the wrong unit), and the later workbook is not the one rejected."""
    series = defaultdict(dict)
    for book in books:
        for r in book.records:
            if r.field in fields.fields and (unit := book.unit_of(r)):
                series[(unit, r.field)][r.year] = (book, r)
    for (unit, code), by_year in series.items():
        f = fields[code]
        named = set()  # (book, cell) already in a problem: a wrong middle year is off from both neighbours
        for year, (book, rec) in sorted(by_year.items()):
            if year - 1 not in by_year:
                continue
            prev_book, prev = by_year[year - 1]
            if prev.value <= 0 or rec.value <= 0:
                continue
            times = _times(rec, prev)
            by_label = _label(rec, f) != _label(prev, f) and times >= fields.unit_label_factor
            if not by_label and not (f.year_on_year and times > f.year_on_year):
                continue
            witness = by_year.get(year - 2) or by_year.get(year + 1)
            earlier_is_odd = (
                witness is not None
                and _agrees(witness[1], rec, f, by_label)
                and not _agrees(witness[1], prev, f, by_label)
            )
            odd_book, odd, other_book, other = (
                (prev_book, prev, book, rec) if earlier_is_odd else (book, rec, prev_book, prev)
            )
            if (id(odd_book), odd.cell) in named:
                continue
            named.add((id(odd_book), odd.cell))
            problem = _relabelled if by_label else _jump
            odd_book.problems.append(problem(odd_book, odd, other_book, other, f, unit, times, witness))


def _times(a: Record, b: Record) -> float:
    ratio = a.value / b.value
    return max(ratio, 1 / ratio)


def _label(rec: Record, f) -> str:
    return rec.unit_label or f.unit


def _agrees(a: Record, b: Record, f, by_label: bool) -> bool:
    """Whether two years of a unit's field look alike: the same unit label, or (by value) within its factor."""
    if by_label:
        return _label(a, f) == _label(b, f)
    return a.value > 0 and b.value > 0 and _times(a, b) <= f.year_on_year


def _jump(book, rec, other_book, other, f, unit, times, witness) -> Problem:
    """``rec`` is ``times`` off from ``other``, the year next to it, beyond the field's factor."""
    limit = f"相差 {times:.1f} 倍（上限 {f.year_on_year:g} 倍），疑似单位或录入错误"
    if other.year < rec.year:
        what = (
            f"{f.name}从 {other.year}年的 {fmt_value(other.value)}{f.unit}（{_where(other_book, other, book)}）变为 "
            f"{rec.year}年的 {fmt_value(rec.value)}{f.unit}（{rec.cell}），{limit}"
        )
    else:  # the earlier year is the odd one: a third year sides with the later
        w_book, w = witness
        what = (
            f"{f.name}{rec.year}年为 {fmt_value(rec.value)}{f.unit}（{rec.cell}），{other.year}年为 "
            f"{fmt_value(other.value)}{f.unit}（{_where(other_book, other, book)}），{limit}；"
            f"{w.year}年为 {fmt_value(w.value)}{f.unit}（{_where(w_book, w, book)}），与 {other.year}年相近"
        )
    return Problem(
        book.name,
        what,
        "核对两年的数值和单位；确属实情，在数据目录的 确认.yaml 中登记确认",
        sheet=rec.sheet,
        cell=rec.cell,
        unit_code=unit,
        field=f.code,
        year=rec.year,
        confirmable=True,
    )


def _label_where(book: Workbook, rec: Record, other: Workbook) -> str:
    label = f"“{rec.unit_label}”" if rec.unit_label else "空白（即默认单位）"
    cell = rec.unit_cell or rec.cell
    return f"{label}（{'' if book is other else book.name + ' '}工作表“{rec.sheet}”{cell}）"


def _relabelled(book, rec, prev_book, prev, f, unit, times, witness=None) -> Problem:
    """The unit label of ``rec`` differs from ``prev``'s, the year next to it, while the value, converted, is
    ``times`` off: the label was most likely changed without retyping the number (or the reverse)."""
    usual = _label(prev, f)
    if prev.year < rec.year:
        since, when = "", f"数值没变而只改了单位时，把单位改回“{usual}”"
    else:  # the earlier year is the odd one: a third year has the later one's label
        w_book, w = witness
        since, when = (
            f"，{w.year}年也为{_label_where(w_book, w, book)}",
            f"数值是按“{usual}”填的时，把单位改为“{usual}”",
        )
    return Problem(
        book.name,
        f"疑似单位标注与数值不符：{f.name}{rec.year}年的单位标为{_label_where(book, rec, book)}，"
        f"{prev.year}年为{_label_where(prev_book, prev, book)}{since}；换算成{f.unit}后 {rec.year}年为 {fmt_value(rec.value)}"
        f"（{rec.cell}，填的是 {rec.raw}），{prev.year}年为 {fmt_value(prev.value)}（{prev.cell}），相差 {times:,.0f} 倍",
        f"核对 {rec.cell} 的数值是按哪个单位填的：{when}；否则按所标单位改正数值。确属实情，在数据目录的 确认.yaml 中登记确认",
        sheet=rec.sheet,
        cell=rec.unit_cell or rec.cell,
        unit_code=unit,
        field=f.code,
        year=rec.year,
        confirmable=True,
    )
