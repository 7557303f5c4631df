"""What the panel shows, as HTML: notices, a unit's line in a run, the problems of a check, the status table.

Every text comes from ``params/wording/app.yaml`` (keys ``app_…``); every value is escaped.
"""

from __future__ import annotations

import html
import logging
import re
from collections import defaultdict

from ..errors import StiMonitorError
from ..measure import STATUS_COLOURS
from ..measure.final import shown_colour, shown_label, shown_statuses
from ..report.wording import say

logger = logging.getLogger(__name__)

#: The batch's hint to run the CLI, replaced in the page by what the page offers instead.
_CLI_HINT = re.compile(r"（[^（）]*sti-monitor[^（）]*）")
#: The batch's reason for a forced run names the CLI's option; the page names its own checkbox.
_CLI_FORCE = re.compile(r"--force\s*")
#: The check's advice to edit 确认.yaml, replaced in the page by the 确认 button beside it.
_YAML_HINT = re.compile(r"在数据目录的\s*确认\.yaml\s*中登记确认")
#: The check's hint to write a blank workbook with the CLI, replaced in the page by its upload row.
_TEMPLATE_HINT = re.compile(r"；模板：sti-monitor template[^（）]*")
#: The columns of a problem table that hold a short word each: never wrapped a character a line.
_NARROW = ' style="white-space:nowrap"'


def esc(text) -> str:
    """``text`` safe inside HTML (a district's name or a cell's text may hold ``<``)."""
    return html.escape(str(text))


def status_label(status: str) -> str:
    """The Chinese word for a unit's status in a batch (``app_status_<status>`` in the wording)."""
    try:
        return say(f"app_status_{status}")
    except StiMonitorError:  # a status added to the batch but not yet worded: still no developer error in the page
        logger.error("no wording app_status_%s", status)
        return say("app_status_unknown", status=status)


def notice(text: str, kind: str = "error") -> str:
    """A line of the page: red for an error, green when done, dark grey for information."""
    colour = {"error": "#c62828", "ok": "#2e7d32", "info": "#333333"}[kind]
    return f'<div class="sti-{kind}" style="color:{colour};margin:4px 0">{esc(text)}</div>'


def unit_line(unit) -> str:
    """One unit's line in a run: its status, code, name and reason (the page's hint instead of the CLI's)."""
    if unit.status == "held":
        reason = say("app_held_reason")
    else:
        reason = _CLI_FORCE.sub(say("app_force_replaced"), _CLI_HINT.sub(say("app_cli_hint_replaced"), unit.reason))
    text = say(
        "app_unit_line", status=status_label(unit.status), code=unit.unit_code, name=unit.unit_name, reason=reason
    )
    if unit.status == "rendered":
        text += say("app_unit_seconds", seconds=unit.seconds)
    return notice(text, "error" if unit.status in ("failed", "rejected") else "info")


def problems_html(dataset, book_link: str) -> str:
    """The problems of a check, a table per file, after a summary and the link to the problem workbook."""
    problems = dataset.problems
    if not problems:
        return notice(say("app_check_passed", books=len(dataset.workbooks)), "ok")
    errors = len(dataset.errors)
    by_file = defaultdict(list)
    for p in problems:
        by_file[p.file].append(p)
    parts = [
        notice(
            say(
                "app_check_summary",
                books=len(dataset.workbooks),
                errors=errors,
                warnings=len(problems) - errors,
                files=len(by_file),
            ),
            "info",
        ),
        f"<p>{book_link}</p>",
    ]
    unreported = {(m.unit.code, m.year) for m in dataset.missing}
    head = "".join(
        f"<th{_NARROW if c in ('sheet', 'cell', 'level') else ''}>{esc(say(f'app_col_{c}'))}</th>"
        for c in ("sheet", "cell", "level", "what", "fix")
    )
    for file, items in by_file.items():
        rows = "".join(
            f"<tr><td{_NARROW}>{esc(p.sheet or '')}</td><td{_NARROW}>{esc(p.cell or '')}</td>"
            f"<td{_NARROW}>{esc(say('app_level_error') if p.severity == 'error' else say('app_level_warning'))}</td>"
            f"<td>{esc(p.what)}</td><td>{esc(_page_fix(p.fix))}</td></tr>"
            for p in items
        )
        parts.append(
            f'<h4 class="sti-file">{esc(_group_heading(file, items, unreported))}</h4>'
            f'<table class="sti-problems" border="1" style="border-collapse:collapse">'
            f"<tr>{head}</tr>{rows}</table>"
        )
    return "".join(parts)


def _group_heading(file: str, items: list, unreported: set[tuple[str, int]]) -> str:
    """The heading of a file's problems; the units that sent nothing are grouped by their folder, which has
    no file name, so that group is headed by its years (2024 年未报送（12 个单位）)."""
    if all((p.unit_code, p.year) in unreported for p in items):
        years = "、".join(str(y) for y in sorted({p.year for p in items}))
        return say("app_unreported_count", years=years, n=len({p.unit_code for p in items}))
    return say("app_file_count", file=file, n=len(items))


def _page_fix(fix: str) -> str:
    """A problem's 处理方法 as the page offers it: its 确认 button and upload row instead of YAML and the CLI."""
    return _TEMPLATE_HINT.sub(say("app_template_replaced"), _YAML_HINT.sub(say("app_fix_confirm_here"), fix))


def _whole_row_note(rows) -> str | None:
    """Why a unit has no value at all this year, when one reason holds for every indicator that applies to it:
    its workbook was rejected (数据有误…), or it is a sum lacking a member (缺少…)."""
    rows = rows[rows["status"] != "not_applicable"]
    notes = set(rows["note"])
    if rows.empty or rows["value"].notna().any() or len(notes) != 1:
        return None
    [note] = notes
    return note if note.startswith(("数据有误", "缺少")) else None


def status_table_html(results, year: int) -> str:
    """The units × indicators table of statuses (达标, 接近, 未达标…; in the plan's final year 已完成 / 未完成) for
    ``year``, coloured."""
    table = results.year_table(year)
    indicators = results.framework.indicators
    head = "".join(f"<th>{esc(i.short_name)}</th>" for i in indicators)
    unreported = {m.unit.code for m in results.dataset.missing if m.year == year}
    rows = []
    for unit in results.units.all():
        if unit.code in unreported:  # a unit that sent nothing says so once, not 无数据 in every column
            rows.append(
                f'<tr><td>{esc(unit.name)}</td><td colspan="{len(indicators)}" '
                f'style="background:{STATUS_COLOURS["no_data"]};color:white;text-align:center">'
                f"{esc(status_label('unreported'))}</td></tr>"
            )
            continue
        rows_of = table[table["unit_code"] == unit.code]
        if why := _whole_row_note(rows_of):  # rejected, or a sum lacking a member: said once, not 无数据 each
            rows.append(
                f'<tr><td>{esc(unit.name)}</td><td colspan="{len(indicators)}" '
                f'style="background:{STATUS_COLOURS["no_data"]};color:white;text-align:center">{esc(why)}</td></tr>'
            )
            continue
        # the plan's final year: 已完成 / 未完成 (接近 too), as the reports and summary.xlsx say it
        cells = shown_statuses(rows_of, results.is_final(year)).set_axis(rows_of["indicator"])
        tds = "".join(
            f'<td style="background:{shown_colour(cells[i.id])};color:white;text-align:center">'
            f"{esc(shown_label(cells[i.id]))}</td>"
            if i.id in cells.index
            else "<td></td>"
            for i in indicators
        )
        rows.append(f"<tr><td>{esc(unit.name)}</td>{tds}</tr>")
    return (
        f"<h4>{esc(say('app_status_table_final' if results.is_final(year) else 'app_status_table', year=year))}</h4>"
        f'<table class="sti-status" border="1" style="border-collapse:collapse">'
        f"<tr><th>{esc(say('app_col_unit'))}</th>{head}</tr>{''.join(rows)}</table>"
    )
