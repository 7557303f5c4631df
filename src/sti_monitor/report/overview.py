"""The body of the city's report, in the form that fits the plan: every district side by side (status
table, ranking, the city against its target path, one chart per indicator across districts), the
summarised form for a large set of districts (:mod:`.overview_large`), or for a plan of one unit that
unit's own report with no empty comparisons."""

from __future__ import annotations

import pandas as pd

from ..measure import Results
from ..missing import is_missing
from .brief import assessment_table, summary
from .charts import district_bars, target_path_grid
from .elements import Elements, Heading, Paragraph, Table, without_column
from .formatting import MISSING, cn, fmt_completion, fmt_number, number_runs
from .frame import page_break
from .overview_large import city_overview_large
from .references import reference_line, reference_sentence
from .rows import indicator_numbers, rank_text, row_status, shown, shown_statuses, status_cell, unit_rows, value_text
from .sections import best_by_year, indicator_sections, target_path_table
from .units import (
    charted_indicators,
    is_large,
    member_codes,
    members,
    outside_shown,
    outside_units,
    single_unit,
    unit_name,
)
from .wording import say


def _status_text(ind, r) -> str:
    """A status-table cell: the completion, or for a growth rate its gap in percentage points (``+0.2``)."""
    if not ind.is_growth:
        return fmt_completion(r["value"], r["target"], ind.higher_is_better)
    if is_missing(r["target"]):
        return MISSING
    p = ind.precision
    diff = float(fmt_number(r["value"], p, False)) - float(fmt_number(r["target"], p, False))
    return ("+" if diff > 0 else "") + fmt_number(diff, p)


def _why_empty(r) -> str:
    """An empty cell's text: 数据有误 or 未报送 when that is why the unit has no value (its note), else —."""
    note = "" if r is None else str(r["note"])
    for start, key in (("数据有误", "cell_rejected"), ("未报送", "cell_unreported")):
        if note.startswith(start):
            return say(key)
    return MISSING


def _not_counted(results: Results, rows: pd.DataFrame) -> str:
    """The members left out of a comparison because their data were rejected or never sent, named."""
    names = []
    for start, key in (("数据有误", "cell_rejected"), ("未报送", "cell_unreported")):
        gone = rows[rows["value"].isna() & rows["note"].astype(str).str.startswith(start)]
        if not gone.empty:
            who = "、".join(unit_name(results, c) for c in gone["unit_code"])
            names.append(say("not_counted", names=who, why=say(key)))
    return "；".join(names)


def _status_grid(results: Results, year: int, t: pd.DataFrame, units: list) -> tuple[list, list, dict]:
    """The status table's indicators, its rows (name, then a cell per indicator) and the indicators left out
    because every cell of theirs would read — (no target decomposed to the units, no data), by reason."""
    final = results.is_final(year)  # the plan's final year: 已完成 / 未完成, never 接近
    mine = t[t["unit_code"].isin({u.code for u in units})]
    d = mine.set_index(["unit_code", "indicator"])
    applying = set(mine.loc[mine["status"] != "not_applicable", "indicator"])
    indicators = [ind for ind in results.framework.indicators if ind.id in applying]  # no column of 不适用 only
    body = []
    for unit in units:
        row = [cn(unit.name)]
        for ind in indicators:
            r = d.loc[(unit.code, ind.id)] if (unit.code, ind.id) in d.index else None
            if r is not None and r["status"] == "not_applicable":
                row.append(status_cell("not_applicable"))
            elif r is None or is_missing(r["value"]):
                row.append(status_cell("no_data", _why_empty(r)))
            else:
                row.append(status_cell(row_status(r, final), _status_text(ind, r)))
        body.append(row)
    dropped: dict[str, list] = {}
    for j in reversed(range(len(indicators))):  # a column of — alone says nothing: left out, its reason said
        if body and all(row[j + 1].text == MISSING for row in body):
            ind = indicators.pop(j)
            statuses = set(mine.loc[mine["indicator"] == ind.id, "status"])
            reason = "no_target" if statuses == {"no_target"} else "no_data" if statuses == {"no_data"} else "other"
            dropped.setdefault(reason, []).insert(0, ind)
            for row in body:
                del row[j + 1]
    return indicators, body, dropped


def status_part(
    results: Results,
    year: int,
    table: pd.DataFrame | None = None,
    units: list | None = None,
    caption: str | None = None,
    first_column: str | None = None,
) -> list:
    """Districts (or ``units``) × indicators, each cell coloured by status and showing the completion (growth
    rates: the gap in percentage points, as ``+0.2`` / ``-3.2``); 不适用 where the indicator does not apply.
    An indicator whose every cell would read — gets no column: a note under the table names it and says why."""
    t = results.year_table(year) if table is None else table
    units = members(results) if units is None else units
    indicators, body, dropped = _status_grid(results, year, t, units)
    header = [first_column or say("column_district"), *[cn(ind.short_name or ind.name) for ind in indicators]]
    grid = Table(
        header,
        body,
        caption=caption or say("status_table_caption", year=year),
        supplement="表",
        widths=["auto", *["1fr"] * len(indicators)],
        align=["left", *["center"] * len(indicators)],
        font_size="7pt",
    )
    notes = [
        say(f"status_table_dropped_{reason}", names="、".join(cn(ind.short_name or ind.name) for ind in inds))
        for reason, inds in dropped.items()
    ]
    return [grid, Paragraph("".join(notes))] if notes else [grid]


def status_table(
    results: Results,
    year: int,
    table: pd.DataFrame | None = None,
    units: list | None = None,
    caption: str | None = None,
    first_column: str | None = None,
) -> Table:
    """The table of :func:`status_part` alone, without its note on the columns left out."""
    return status_part(results, year, table, units, caption, first_column)[0]


def city_ranking(results: Results, year: int) -> Table:
    """Districts ranked by their assessment score, with each indicator's place by value."""
    t = results.year_table(year)
    d = t[t["unit_code"].isin(member_codes(results))]
    table = assessment_table(results, year)
    ranks = d.pivot(index="unit_code", columns="indicator", values="rank")
    met = d[d["status"] == "met"].groupby("unit_code").size()
    fw = results.framework
    # the indicators by the numbers of the city's own scorecard: those that apply to the whole
    numbers = indicator_numbers(results, unit_rows(results, results.units.city.code, year))
    # ... and that rank some member (科技进步贡献率 is the city's alone: a column of — would rank nobody)
    inds = [i for i in fw.indicators if i.id in numbers and i.id in ranks and ranks[i.id].notna().any()]
    body = []
    for code, r in table.iterrows():
        body.append(
            [
                str(int(r["assessment_rank"])),
                unit_name(results, code),
                fmt_number(r["assessment_score"], 2),
                r["grade"],
                str(int(met.get(code, 0))),
                *[rank_text(ranks.loc[code, i.id], len(members(results))).split("/")[0] for i in inds],
            ]
        )
    met_column = "column_completed_count" if results.is_final(year) else "column_met_count"  # final: 已完成
    header = [
        say(k) for k in ("column_place", "column_district", "column_assessment_score", "column_grade", met_column)
    ]
    header = [*header, *[str(numbers[i.id]) for i in inds]]
    align = ["center", "left", "right", "center", "center", *["center"] * len(inds)]
    if not fw.assessment.grades:  # the plan sets no grades: no empty column
        header, body, align = (without_column(x, 3) for x in (header, body, align))
    return Table(
        header,
        body,
        caption=say("ranking_caption", numbers=number_runs(numbers[i.id] for i in inds))
        + (f"（{gone}）" if (gone := _not_counted(results, d.drop_duplicates("unit_code"))) else ""),
        supplement="表",
        align=align,
        font_size="8pt",
    )


def _bar_sentence(results: Results, ind, rows: pd.DataFrame, city_row, year: int) -> str:
    """One sentence under a cross-district chart: how many met, who leads (relative to target for totals)."""
    met = int((rows["status"] == "met").sum())
    behind = int(rows["status"].isin(["near", "behind"]).sum())
    code, name, _, _ = best_by_year(rows, ind).get(year, (None, None, None, None))
    if code is None:
        leader = ""
    else:
        b = rows[rows["unit_code"] == code].iloc[0]
        if ind.formula.kind == "field":
            leader = say(
                "bar_leader_completion",
                name=name,
                completion=fmt_completion(b["value"], b["target"], ind.higher_is_better),
            )
        else:
            leader = say(
                "bar_leader_value", name=name, value=value_text(ind, b["value"], b["target"]), measure=ind.unit
            )
    s = shown(ind, city_row)
    whole = say("bar_whole", city=s.value, measure=ind.unit) if not is_missing(city_row["value"]) else ""
    target = (
        say("bar_whole_target", target=s.target, about=s.about, measure=ind.unit)
        if not is_missing(city_row["target"])
        else ""
    )
    key = "bar_sentence" if met + behind else "bar_sentence_no_target"  # no zero counts when none has a target
    key = "bar_sentence_all_met" if met == len(rows) else key
    if results.is_final(year) and key != "bar_sentence_no_target":  # the final year: 已完成 / 未完成
        key += "_final"
    reference = reference_sentence(results, ind, city_row, results.units.city.name)
    rules = rows.get("target_rule", pd.Series("", index=rows.index))
    zero = [cn(n) for n, rule in zip(rows["unit_name"], rules) if rule == "zero_base"]  # no target: never met
    zero_key = "bar_zero_base_final" if key.endswith("_final") else "bar_zero_base"
    zero_base = say(zero_key, names="、".join(zero)) if zero and met + behind else ""
    return say(
        key,
        year=year,
        met=met,
        behind=behind,
        indicator=cn(ind.name),
        parts="；".join(
            p
            for p in (
                _not_counted(results, rows),
                zero_base,
                leader,
                "，".join(p for p in (whole, target) if p),
                reference,
            )
            if p
        ),
    )


def _district_charts(results: Results, year: int, t: pd.DataFrame) -> list:
    """Per indicator, the districts' values against their targets, and a sentence."""
    city = results.units.city.code
    d = t[t["unit_code"].isin(member_codes(results))]
    city_rows = t[t["unit_code"] == city].set_index("indicator")
    names = [cn(u.name) for u in members(results)]
    items = []
    for ind in charted_indicators(results, year):  # applies to no member, or none has data: no empty chart
        rows = d[d["indicator"] == ind.id]
        items.append(
            district_bars(
                rows.assign(status=shown_statuses(rows, results.is_final(year))),
                ind,
                names,
                year,
                caption=say(
                    "bar_caption" if rows["target"].notna().any() else "bar_caption_no_target",
                    indicator=cn(ind.name),
                    year=year,
                    measure=ind.unit,
                ),
                reference=reference_line(results, ind, city_rows.loc[ind.id]),
            )
        )
        items.append(Paragraph(_bar_sentence(results, ind, rows, city_rows.loc[ind.id], year)))
    return items


def city_overview(results: Results, year: int) -> Elements:
    """The city report body: scorecard and summary, the districts × indicators status table and ranking, the
    city against its target path, and one chart per indicator across districts with targets and a sentence.
    A large set of districts gets the summarised form; a plan of one unit (no districts) gets the unit
    report's body instead, with no empty comparisons."""
    city = results.units.city.code
    if is_large(results):
        return city_overview_large(results, year)
    if single_unit(results):
        return Elements(
            [
                Heading(say("heading_summary"), 2),
                summary(results, city, year),
                page_break(),
                Heading(say("heading_sections"), 2),
                indicator_sections(results, city, year),
            ]
        )
    t = results.year_table(year)
    outside = _outside_units(results, year, t)
    items = [
        Heading(say("heading_city_summary"), 2),
        summary(results, city, year),
        *outside,
        Heading(say("heading_city_districts"), 2),
        *status_part(results, year, t),
        city_ranking(results, year),
        # no forced break: the heading stays with the chart, which fills the page the ranking ends on when it fits
        Heading(say("heading_city_path"), 2),
        target_path_grid(
            results.framework,
            results.unit_table(city),
            target_path_table(results, city),
            caption=say("path_caption"),
        ),
        Heading(say("heading_city_indicators"), 2),
    ]
    return Elements([*items, *_district_charts(results, year, t)])


def _outside_units(results: Results, year: int, t: pd.DataFrame) -> list:
    """The zones and parks of the plan beside the city: their status on the indicators that apply to them."""
    units = outside_units(results)
    if not units:
        return []
    shown_units = outside_shown(results, year)
    without = [cn(u.name) for u in units if u not in shown_units]  # the plan sets them no goal: no row of 不适用
    intro = say("outside_intro") + (say("outside_none_apply", names="、".join(without)) if without else "")
    table = (
        status_part(results, year, t, shown_units, say("outside_table_caption", year=year), say("column_unit_name"))
        if shown_units
        else []
    )
    return [Heading(say("heading_city_outside"), 3), Paragraph(intro), *table]
