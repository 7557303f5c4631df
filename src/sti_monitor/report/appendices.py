"""The appendix of a report: definitions and formulas, the raw values with their source cells (the city:
its totals per field), the target rules, confirmed values, the files' SHA-256 and the version. The city
report of a large set of districts gets a short one (:func:`appendix_large`)."""

from __future__ import annotations

import pandas as pd

from .. import __version__
from ..ingest import load_fields
from ..ingest.problems import fmt_value
from ..measure import RULE_LABELS, Results
from ..measure.definitions import DEFINITION_HEADERS, definitions
from ..measure.indicators import reported_by_each_unit, trace_sources
from .elements import Elements, Paragraph, Table
from .formatting import MISSING, cn, fmt_number, fmt_percent
from .raw_data import raw_city_table, raw_table, used_books
from .rows import shown, unit_rows
from .units import goals_elsewhere, is_large, members, single_unit, unit_key, unit_name
from .wording import plan_text, say


def definitions_table(results: Results, fields=None) -> Table:
    """附表 1: each indicator's name, unit, formula in words and how its targets are interpolated and
    decomposed (a plan of one unit: interpolated only) (the same rows as the workbook's sheet 指标定义, see :func:`~sti_monitor.measure.definitions`)."""
    if fields is None:  # the same table in every report of a batch: built once
        return results.cached("report_definitions_table", lambda: definitions_table(results, load_fields()))
    table = definitions(results.framework, fields)
    short = {ind.id: ind.short_name for ind in results.framework.indicators}  # the name every table uses
    method = "method" if results.members else "interpolation"  # a plan of one unit decomposes nothing
    return Table(
        [DEFINITION_HEADERS[c] for c in ("name", "unit", "formula", method)],
        [
            [_name_with_short(r.name, short[r.indicator]), r.unit, cn(r.formula), plan_text(getattr(r, method))]
            for r in table.itertuples(index=False)
        ],
        caption=say("appendix_definitions_caption"),
        supplement="附表",
        widths=["1.3fr", "auto", "2fr", "auto"],
        font_size="8pt",
    )


def _name_with_short(name: str, short: str) -> str:
    """An indicator's name with the short name the report's tables give it (``R&D经费投入强度``), when it has one."""
    return cn(name) if short == name else say("definition_name_short", name=cn(name), short=cn(short))


def _rules_table(results: Results, unit_code: str, year: int) -> Table:
    """Each indicator's target of ``year`` with the rule that produced it and its note."""
    rows = unit_rows(results, unit_code, year)
    applying = [ind for ind in results.framework.indicators if rows.loc[ind.id, "status"] != "not_applicable"]
    body = [
        [
            cn(ind.name),
            shown(ind, rows.loc[ind.id]).target_cell,
            plan_text(RULE_LABELS.get(rows.loc[ind.id, "target_rule"], "")),
            plan_text(cn(rows.loc[ind.id, "target_note"])),
        ]
        for ind in applying
    ]
    others = [ind for ind in results.framework.indicators if ind not in applying]
    elsewhere = goals_elsewhere(results, unit_code, year)  # the whole's report: the goals of a unit beside it
    by_owner: dict[tuple, list] = {}
    for ind in others:  # the indicators the plan does not set for the unit's kind: one row, not one identical row each
        by_owner.setdefault(elsewhere.get(ind.id, ()), []).append(ind)
    for owner, inds in by_owner.items():
        names = "、".join(cn(ind.name) for ind in inds)
        if owner:
            source, note = say("elsewhere_label", owner=owner[0]), say("rules_elsewhere", owner=owner[0], name=owner[1])
        else:
            source, note = say("appendix_rules_not_applicable"), plan_text(cn(rows.loc[inds[0].id, "target_note"]))
        body.append([names, MISSING, source, note])
    header = [say(k) for k in ("column_indicator", "column_target", "column_target_source", "column_target_note")]
    return Table(
        header,
        body,
        caption=say("appendix_rules_caption"),
        supplement="附表",
        widths=["1.2fr", "auto", "auto", "2fr"],
        font_size="8pt",
    )


def _hashes_table(results: Results, unit_code: str, trace: pd.DataFrame) -> Table:
    """The SHA-256 of every file the unit's numbers come from, its task table and the framework file."""
    fw = results.framework
    files = [
        [say("appendix_file_number", number=i) + b.name, b.sha256]
        for i, b in enumerate(used_books(results, trace), start=1)
    ]
    tasks = results.task_rows(unit_code)
    if not tasks.empty:
        for name in sorted(set(tasks["file"])):
            files.append([name, results.dataset.task_files.get(name, "")])
    if fw.source:
        files.append([say("appendix_framework_file", name=fw.source.name), fw.sha256])
    return Table(
        [say("column_file"), say("column_sha256")],
        files,
        caption=say("appendix_hashes_caption"),
        supplement="附表",
        widths=["auto", "1fr"],
        font_size="7pt",
    )


def _confirmed(results: Results, unit_code: str) -> list[Paragraph]:
    """The doubtful values a statistician confirmed, for this unit (the city: all of them)."""
    city = results.units.city.code
    confirmed = [c for c in results.dataset.confirmed if unit_code in (c.confirmation.unit, city)]
    if not confirmed:
        return []
    return [
        Paragraph(
            say(
                "appendix_confirmed",
                values="；".join(
                    say(
                        "appendix_confirmed_item",
                        what=c.problem.what,
                        file=c.problem.file,
                        cell=c.problem.cell or "",
                        reason=c.confirmation.reason,
                    )
                    for c in confirmed
                ),
            )
        )
    ]


def _revised(results: Results, unit_code: str, year: int, fields) -> list[Paragraph]:
    """The revisions (修订) of the values this report stands on: the unit's (the city's or an aggregate's
    members') values of ``year`` and before, which its figures, charts and baseline targets use; each with
    field, year, old value and file, new value and file."""
    owners = set(results.units.members(results.framework.city_sums).get(unit_code) or [unit_code])
    revised = [r for r in results.dataset.revisions if r.unit_code in owners and r.year <= year]
    if not revised:
        return []
    names = {u.code: u.name for u in results.units.all()}
    return [
        Paragraph(
            say(
                "appendix_revised",
                values="；".join(
                    say(
                        "appendix_revised_item",
                        unit=cn(names.get(r.unit_code, r.unit_code)),
                        field=cn(fields[r.field].name),
                        year=r.year,
                        old=fmt_value(r.old),
                        old_where=r.old_where,
                        new=fmt_value(r.new),
                        new_where=r.new_where,
                        measure=fields[r.field].unit,
                    )
                    for r in revised
                ),
            )
        )
    ]


def _own_sentence(results: Results, unit_code: str, year: int) -> str:
    """For the city or an aggregate: the indicators whose value is the unit's own report (科技进步贡献率), not a sum
    of its members, named; "" when none applies to it."""
    if not results.units.members(results.framework.city_sums).get(unit_code):
        return ""
    rows = unit_rows(results, unit_code, year)
    own = [
        cn(ind.short_name)
        for ind in results.framework.indicators
        if reported_by_each_unit(ind) and rows.loc[ind.id, "status"] != "not_applicable"
    ]
    key = "appendix_method_own" if unit_code == results.units.city.code else "appendix_method_own_aggregate"
    return say(key, names="、".join(own), unit=unit_name(results, unit_code)) if own else ""


def appendix(results: Results, unit_code: str, year: int) -> Elements:
    """Definitions and formulas, raw values with source cells (the city: its totals per field), target rules,
    file SHA-256 and version."""
    unit_code = unit_key(results, unit_code)
    city = results.units.city.code
    if unit_code == city and is_large(results):
        return appendix_large(results, year)
    fw, fields = results.framework, load_fields()
    trace = results.trace(unit_code, year)
    condensed = unit_code == city and len(set(trace["unit_code"])) > 1
    near = fmt_percent(fw.near_threshold, 0)
    final = "_final" if results.is_final(year) else ""  # the final year judges 已完成 / 未完成: no 接近 to define
    method = (
        say(f"appendix_method_single{final}", near=near)
        if single_unit(results)
        else say(f"appendix_method{final}", n=len(members(results)), near=near)
    )
    unit = results.units.get(unit_code)
    if unit is not None and unit.members:  # a zone's report says how its own values are made (the sum of its parts)
        parts = [results.units.get(m) for m in unit.members]
        names = "、".join(cn(p.name) if p else m for p, m in zip(parts, unit.members, strict=True))
        method += say("appendix_method_aggregate", name=cn(unit.name), n=len(parts), names=names)
    method += _own_sentence(results, unit_code, year)
    items = [Paragraph(method), definitions_table(results, fields)]
    if condensed:
        items.append(Paragraph(say("appendix_raw_condensed")))
    items += [
        raw_city_table(results, trace, fields) if condensed else raw_table(results, trace, fields),
        _rules_table(results, unit_code, year),
        _hashes_table(results, unit_code, trace),
        *_confirmed(results, unit_code),
        *_revised(results, unit_code, year, fields),
        Paragraph(say("appendix_footer", version=__version__, framework=fw.id)),
    ]
    return Elements(items)


def appendix_large(results: Results, year: int) -> Elements:
    """The city report's appendix for a large set: definitions and the city's target sources;
    raw cells and file checksums are in summary.xlsx and the districts' own reports."""
    fw, city = results.framework, results.units.city.code
    rows = results.unit_table(city, year).set_index("indicator")
    rules = Table(
        [say(k) for k in ("column_indicator", "column_target", "column_target_source", "column_target_note")],
        [
            [
                ind.name,
                fmt_number(rows.loc[ind.id, "target"], ind.precision),
                plan_text(RULE_LABELS[rows.loc[ind.id, "target_rule"]]),
                plan_text(cn(rows.loc[ind.id, "target_note"])),
            ]
            for ind in fw.indicators
        ],
        caption=say("large_appendix_rules_caption"),
        supplement="附表",
        widths=["1.2fr", "auto", "auto", "2fr"],
        font_size="8pt",
    )
    note = say("large_appendix_note", n=len(results.member_codes), near=f"{fw.near_threshold:.0%}")
    # the city's own cells (an indicator it reports itself) are its alone, so listed here with their files
    own = trace_sources(results.panel_rows(city), fw, results.units, city, year)
    fields = load_fields()
    sources = [raw_table(results, own, fields), _hashes_table(results, city, own)] if len(own) else []
    return Elements(
        [
            Paragraph(note + _own_sentence(results, city, year) + (say("large_appendix_own") if sources else "")),
            definitions_table(results),
            rules,
            *sources,
            Paragraph(say("appendix_footer", version=__version__, framework=fw.id)),
        ]
    )
