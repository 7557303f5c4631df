"""What still has to happen by the plan's final year, target by target: the to-do list of a unit's
one-page brief (the targets it missed or is at risk of missing) and the city's table of every
indicator. Numbers are shown as the rest of the report shows them (:func:`~.rows.shown`); the yearly
rise is shown at the indicator's own precision. In the plan's final year nothing is paced any more:
a target is 已完成 or 未完成."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..measure import OUTLOOK_LABELS, Results
from ..measure.precision import reaches, row_precision
from ..missing import is_missing
from .elements import Cell, Table
from .formatting import MISSING, cn, fmt_number
from .rows import indicator_numbers, shown, status_cell, status_colour, step_text, unit_rows
from .wording import say

MISSED = ("behind", "near")  # this year's target missed (接近 is missed too, by less)
AT_RISK = ("acceleration_needed", "limited", "deteriorating")  # met this year, but too slow for the final target
NOT_JUDGED = ("aspiration", "not_applicable", "no_target", "no_data")
OUTLOOK_FILLS = {
    "completed": "#2e7d32",
    "not_completed": "#c62828",
    "achieved": "#2e7d32",
    "on_track": "#2e7d32",
    "acceleration_needed": "#f9a825",
    "limited": "#ef6c00",
    "deteriorating": "#c62828",
}
INDICATOR_WIDTH = "8.5em"  # the to-do table's indicator column: eight characters a line


def judged(r) -> bool:
    """Whether a row has a target judged this year (not an aspiration, not inapplicable, with a value)."""
    return r["status"] not in NOT_JUDGED and not is_missing(r["value"])


@dataclass(frozen=True)
class Todo:
    """One target of one unit as the to-do list shows it."""

    indicator: object  # measure.framework.Indicator
    row: pd.Series
    missed: bool  # this year's target missed (else: at risk for the final year)

    @property
    def order(self) -> tuple:
        """Missed before at risk, 未达标 before 接近, then the lowest completion (or pace) first."""
        r = self.row
        size = r["achievement"] if self.missed else r["pace_ratio"]
        return (not self.missed, r["status"] != "behind", 9e9 if is_missing(size) else float(size))


def todos(results: Results, unit_code: str, year: int, rows: pd.DataFrame | None = None) -> list[Todo]:
    """The unit's targets missed this year or at risk for the final year, most urgent first."""
    rows = unit_rows(results, unit_code, year) if rows is None else rows
    out = []
    for ind in results.framework.indicators:
        r = rows.loc[ind.id]
        if not judged(r):
            continue
        if r["status"] in MISSED or r["outlook"] in (*AT_RISK, "not_completed"):
            out.append(Todo(ind, r, r["status"] in MISSED))
    return sorted(out, key=lambda t: t.order)


def _step_text(ind, step: float, step_unit: str, once: bool, precision: int) -> str:
    """The yearly rise as the sections print it (:func:`~.rows.step_text`: at ``precision``, that of the row's
    shown values; a geometric rise in % at one decimal). ``once``: one year is left, the rise is said as what is
    still needed, not as a yearly pace."""
    geometric = step_unit == "%" and ind.interpolation == "geometric"
    text = step_text(step, 1 if geometric else precision)
    suffix = "_once" if once else ""
    if geometric:
        return say(("todo_step_growth" if step > 0 else "todo_step_shrink") + suffix, step=text)
    return say(("todo_step_rise" if step > 0 else "todo_step_fall") + suffix, step=text, step_unit=step_unit)


def pace_needed(ind, r, final_year: int) -> str:
    """What each remaining year has to bring for the final target (a table cell): a yearly rise (with one year
    left: the rise still needed), a growth rate to hold, or that the final target is already reached; ``—``
    when unknown."""
    final, value = r["final_target"], r["value"]
    if is_missing(final) or is_missing(value):
        return MISSING
    if ind.is_growth:
        return say(
            "todo_rate_hold" if ind.higher_is_better else "todo_rate_hold_below",
            final_target=fmt_number(final, ind.precision),
        )
    p = row_precision(ind.precision, value, final, ind.higher_is_better)
    if reaches(value, final, p, ind.higher_is_better):
        return say("todo_final_reached")
    step, step_unit = r["required_growth"], r["required_growth_unit"]
    if is_missing(step) or step == 0:
        return MISSING
    return _step_text(ind, step, step_unit, final_year - int(r["year"]) == 1, p)


def final_target_text(ind, r) -> str:
    """The final target at the precision its row is shown at, with its measure."""
    final = r["final_target"]
    if is_missing(final):
        return MISSING
    p = ind.precision if ind.is_growth else row_precision(ind.precision, r["value"], final, ind.higher_is_better)
    return f"{fmt_number(final, p)}{ind.unit}"


def todo_sentence(t: Todo, year: int, final_year: int, final: bool) -> str:
    """One of the three things that most need doing, in a sentence."""
    ind, r = t.indicator, t.row
    s = shown(ind, r)
    fields = dict(
        indicator=cn(ind.name),
        value=s.value,
        target=s.target,
        about=s.about,
        measure=ind.unit,
        completion=s.completion,
        year=year,
    )
    growth = "_growth" if ind.is_growth else ""  # a growth rate is compared in percentage points, not completed
    if final:
        return say(f"todo_sentence_final{growth}", **fields)
    pace = pace_needed(ind, r, final_year)
    if pace == MISSING:
        end = ""
    elif ind.is_growth:  # the final target is the rate itself: the pace says it all
        end = say("todo_sentence_end_rate", pace=pace)
    elif pace == say("todo_final_reached"):  # a yearly flow whose final target is below this year's
        end = say("todo_sentence_end_reached", final_year=final_year, final_target=final_target_text(ind, r))
    else:
        end = say("todo_sentence_end", final_year=final_year, final_target=final_target_text(ind, r), pace=pace)
    key = f"todo_sentence_missed{growth}" if t.missed else "todo_sentence_at_risk"
    return say(key, outlook=OUTLOOK_LABELS.get(r["outlook"], ""), end=end, **fields)


def _outlook_cell(r, final: bool) -> Cell:
    key = r["outlook"]
    if final and key == "aspiration":  # an aspiration is reached or not, never 已完成 beside the count of targets
        reached = r["status"] == "met"
        word = say("final_aspiration_reached_cell" if reached else "final_aspiration_missed_cell")
        # coloured as its box above the table: 已实现力争目标 green, 未达力争目标 the aspiration's blue
        return Cell(word, status_colour("aspiration_reached" if reached else "aspiration"), "center")
    if final and key not in ("completed", "not_completed"):
        key = "completed" if r["status"] == "met" else "not_completed"
    label = OUTLOOK_LABELS.get(key, MISSING) if not is_missing(key) else MISSING
    return Cell(label, OUTLOOK_FILLS.get(key), "center")


def _gap_cell(ind, s) -> str:
    """Completion, or for a growth rate its signed gap in points from the shown numbers (``-17.5个百分点``):
    short enough for a table cell."""
    if not ind.is_growth or s.value == MISSING or s.target == MISSING:
        return s.completion
    gap = float(s.value.replace(",", "")) - float(s.target.replace(",", ""))
    return say("todo_gap_points", gap=("+" if gap > 0 else "") + fmt_number(gap, s.precision))


def todo_table(results: Results, year: int, items: list[Todo], caption: str) -> Table:
    """The to-do list before the final year: per target, this year's value against its target, the value due in
    the final year and the yearly rise it needs."""
    final_year = results.framework.final_year
    body = []
    for t in items:
        ind, r = t.indicator, t.row
        s = shown(ind, r)
        body.append(
            [
                cn(ind.short_name or ind.name),
                f"{s.value}{ind.unit}",
                f"{s.target}{ind.unit}{s.about}",
                _gap_cell(ind, s),
                status_cell(r["status"]) if t.missed else _outlook_cell(r, False),
                final_target_text(ind, r),
                pace_needed(ind, r, final_year),
            ]
        )
    header = [
        say("column_indicator"),
        say("todo_column_value", year=year),
        say("todo_column_target", year=year),
        say("column_completion"),
        say("todo_column_status"),
        say("todo_column_final", final_year=final_year),
        say("todo_column_pace"),
    ]
    align = ["left", "right", "right", "right", "center", "right", "left"]
    # the names get a fixed width: as the flexible column they would be squeezed by a long gap or pace
    return Table(
        header,
        body,
        caption=caption,
        widths=[INDICATOR_WIDTH, *["auto"] * (len(header) - 1)],
        align=align,
        font_size="8pt",
    )


def final_year_table(results: Results, unit_code: str, year: int, caption: str, only=None) -> Table:
    """Every indicator of the unit (``only``: the indicator ids to list): this year's value, the final target,
    what each remaining year has to bring and the outlook (in the final year: this year's target and
    已完成 / 未完成)."""
    rows = unit_rows(results, unit_code, year)
    final_year = results.framework.final_year
    final = results.is_final(year)
    numbers = indicator_numbers(results, rows)  # as the scorecard numbers them; one that does not apply: no row
    body = []
    for ind in results.framework.indicators:
        if ind.id not in numbers or (only is not None and ind.id not in only):
            continue
        r = rows.loc[ind.id]
        s = shown(ind, r)
        known = judged(r)
        row = [f"{numbers[ind.id]}. {cn(ind.short_name)}", ind.unit, s.value]
        if final:
            row += [s.target_cell if known else MISSING, s.completion if known else MISSING]
        else:
            row += [
                final_target_text(ind, r).removesuffix(ind.unit) if known else MISSING,
                pace_needed(ind, r, final_year) if known else MISSING,
            ]
        row.append(_outlook_cell(r, final) if known else status_cell(r["status"]))
        body.append(row)
    header = [say("column_indicator"), say("column_measure"), say("todo_column_value", year=year)]
    if final:
        header += [say("todo_column_target", year=year), say("column_completion"), say("todo_column_result")]
    else:
        header += [
            say("todo_column_final", final_year=final_year),
            say("todo_column_pace"),
            say("todo_column_outlook"),
        ]
    align = ["left", "center", "right", "right", "left" if not final else "right", "center"]
    return Table(
        header, body, caption=caption, widths=["1fr", *["auto"] * (len(header) - 1)], align=align, font_size="8.5pt"
    )
