"""附表2 of a report: every raw value used with its source cell, or for a city of many members, condensed (totals,
ranges, the comparable base of a growth rate and the city's own cells); each number as the cell holds it."""

from __future__ import annotations

import pandas as pd

from ..measure import Results
from ..measure.precision import magnitude_precision, round_half_up
from ..missing import is_missing
from .elements import Table
from .formatting import cn, fmt_number
from .rows import value_text
from .wording import say


def _raw_value(value: float) -> str:
    """A source cell's value as the cell holds it, so that a reader finds the same number there (159.34 亿元,
    never 159): separators, up to four decimals (three significant digits for a tiny one), no trailing zeros
    (6 家, never 6.00)."""
    text = fmt_number(value, max(4, magnitude_precision(0, value)))
    return text.rstrip("0").rstrip(".") if "." in text else text


def _row_targets(results: Results) -> dict:
    """(unit code, year, indicator) -> that row's target, once per batch."""

    def build():
        t = results.table
        return dict(zip(zip(t["unit_code"], t["year"], t["indicator"]), t["target"], strict=True))

    return results.cached("report_row_targets", build)


def _source_value(results: Results, ind, field: str, unit_code: str, year: int, value: float) -> str:
    """A source cell's value; the cell of an indicator that is the field itself (a count, an amount) printed as
    the report prints the indicator's value of that unit and year (:func:`~.rows.value_text`), so that the
    appendix's number is the text's (166.9, never 167 beside it)."""
    if ind.formula.kind == "field" and ind.formula.numerator[0] == field:
        return value_text(ind, value, _row_targets(results).get((unit_code, int(year), ind.id)))
    return _raw_value(value)


def _comparable_bases(results: Results, sums: pd.DataFrame, fields) -> list[list[str]]:
    """For a growth rate of the whole (本年合计 ÷ 可比上年基数合计 − 1), the comparable base it divides by: last year's
    values, and this year's ÷ (1 + rate) for a member that reports its rate; without it the totals listed
    (this year's of every member, last year's of those that sent it) do not give the rate printed."""
    fw, city = results.framework, results.units.city.code
    t = results.table
    rows = []
    for ind_id in dict.fromkeys(sums["indicator"]):
        ind = fw.indicator(ind_id)
        if ind.formula.kind != "growth":
            continue
        field = ind.formula.numerator[0]
        years = set(sums.loc[(sums["indicator"] == ind_id) & (sums["field"] == field), "year"])
        for year in sorted(y for y in years if y - 1 in years):
            base = t.loc[(t["unit_code"] == city) & (t["indicator"] == ind_id) & (t["year"] == year), "denominator"]
            if len(base) and not is_missing(base.iloc[0]):
                rows.append(
                    [
                        cn(ind.short_name),
                        say("appendix_raw_comparable_base"),
                        str(year),
                        _raw_value(float(round_half_up(base.iloc[0], 2))),  # derived: as the cells it adds
                        fields[field].unit,
                        say("appendix_raw_comparable_source"),
                    ]
                )
    return rows


def _own_cells(results: Results, trace: pd.DataFrame, own: pd.DataFrame, fields) -> list[list[str]]:
    """The city's own cells (an indicator it reports itself, not a sum), each with its source cell."""
    fw, city = results.framework, results.units.city.code
    numbers = {b.name: i for i, b in enumerate(used_books(results, trace), start=1)}
    rows = []
    for rec in own.itertuples(index=False):
        fld = fields[rec.field]
        rows.append(
            [
                cn(fw.indicator(rec.indicator).short_name),
                cn(fld.name),
                str(rec.year),
                _source_value(results, fw.indicator(rec.indicator), rec.field, city, rec.year, rec.value),
                fld.unit,
                f"{say('appendix_file_number', number=numbers[rec.file])}{rec.sheet}!{rec.cell}",
            ]
        )
    return rows


def raw_city_table(results: Results, trace: pd.DataFrame, fields) -> Table:
    """The city's raw data condensed: additive fields as their city totals; rates (which do not add up)
    as the range reported; the city's own cells (an indicator it reports itself) each with its source cell."""
    fw = results.framework
    city = results.units.city.code
    own = trace[trace["unit_code"] == city]
    sums = (
        trace[trace["unit_code"] != city]
        .groupby(["indicator", "field", "year"], sort=False)
        .agg(total=("value", "sum"), low=("value", "min"), high=("value", "max"), files=("file", "nunique"))
        .reset_index()
    )
    rows = []
    for rec in sums.itertuples(index=False):
        fld = fields[rec.field]
        ind = fw.indicator(rec.indicator)
        value = (
            _source_value(results, ind, rec.field, city, rec.year, rec.total)
            if fld.kind in ("count", "amount")
            else f"{_raw_value(rec.low)}～{_raw_value(rec.high)}"
            if rec.low != rec.high
            else _raw_value(rec.low)
        )
        rows.append(
            [
                cn(fw.indicator(rec.indicator).short_name),
                cn(fld.name),
                str(rec.year),
                value,
                fld.unit,
                say("appendix_raw_files", n=rec.files),
            ]
        )
    rows += _comparable_bases(results, sums, fields) + _own_cells(results, trace, own, fields)
    header = [
        say(k)
        for k in (
            "column_indicator",
            "column_field",
            "column_year",
            "column_city_total",
            "column_field_measure",
            "column_source",
        )
    ]
    return Table(
        header,
        rows,
        caption=say("appendix_raw_city_caption") + (say("appendix_raw_city_own") if len(own) else ""),
        supplement="附表",
        # names and sources wrap by cell (a long source, as a comparable base's, squeezed the field to a character)
        widths=["1.2fr", "1.4fr", "auto", "auto", "auto", "1.4fr"],
        align=["left", "left", "center", "right", "center", "left"],
        font_size="7pt",
    )


def used_books(results: Results, trace: pd.DataFrame) -> list:
    """The workbooks the unit's numbers come from, in the order the checksum table numbers them."""

    def build():  # name -> its workbooks, once per batch: a unit's appendix then looks up its own files only
        books: dict[str, list] = {}
        for b in results.dataset.workbooks:
            books.setdefault(b.name, []).append(b)
        return books

    books = results.cached("report_books_by_name", build)
    return sorted((b for name in dict.fromkeys(trace["file"]) for b in books.get(name, ())), key=lambda b: b.name)


def raw_table(results: Results, trace: pd.DataFrame, fields) -> Table:
    """Every raw value used, with its unit, year and source cell: the file by its number in the checksum table
    (〔2〕数据!D5), so that each row keeps to one line and names wrap by cell, never character by character."""
    fw = results.framework
    names = results.cached("report_unit_names", lambda: {u.code: cn(u.name) for u in results.units.all()})
    numbers = {b.name: i for i, b in enumerate(used_books(results, trace), start=1)}
    rows = []
    for rec in trace.itertuples(index=False):
        fld = fields[rec.field]
        book = say("appendix_file_number", number=numbers[rec.file]) if rec.file in numbers else f"{rec.file} "
        rows.append(
            [
                cn(fw.indicator(rec.indicator).short_name),
                cn(fld.name),
                names.get(rec.unit_code, rec.unit_code),
                str(rec.year),
                _source_value(results, fw.indicator(rec.indicator), rec.field, rec.unit_code, rec.year, rec.value),
                fld.unit,
                f"{book}{rec.sheet}!{rec.cell}",
            ]
        )
    header = [
        say(k)
        for k in (
            "column_indicator",
            "column_field",
            "column_unit_name",
            "column_year",
            "column_raw_value",
            "column_field_measure",
            "column_source_numbered",
        )
    ]
    return Table(
        header,
        rows,
        caption=say("appendix_raw_caption"),
        supplement="附表",
        widths=["1fr", "1fr", "1.2fr", "auto", "auto", "auto", "auto"],
        align=["left", "left", "left", "center", "right", "center", "left"],
        font_size="7pt",
    )
