"""One indicator's row of one unit as the reader sees it: its status word and colour, its numbers
formatted once at the precision its status was judged on (:mod:`sti_monitor.measure.precision`), so
what a row says never contradicts itself, and what still has to happen to reach the final target."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..measure import STATUS_LABELS, Results
from ..measure.final import final_status, shown_colour, shown_label, shown_statuses  # noqa: F401  (re-exported)
from ..measure.precision import reaches, row_precision, shown_precisions
from ..missing import is_missing
from .elements import Cell
from .formatting import MISSING, fmt_completion, fmt_number
from .wording import say, templates

UNKNOWN_COLOUR = "#9e9e9e"


RECENT_ROWS = 8  # unit_rows kept: a report asks for its unit's rows of a year several times


def unit_rows(results: Results, unit_code: str, year: int) -> pd.DataFrame:
    """The unit's rows of ``year``, indexed by indicator id (indexed once per report, not once per part)."""
    recent = results.cached("report_unit_rows", dict)
    key = (str(unit_code), int(year))
    rows = recent.get(key)
    if rows is None:
        if len(recent) >= RECENT_ROWS:  # a warm kernel renders unit after unit: its memory stays flat
            recent.clear()
        rows = recent[key] = results.unit_table(unit_code, year).set_index("indicator")
    return rows.copy(deep=False)


def row_status(r, final: bool):
    """The status of results row ``r`` as the report shows it (:func:`~sti_monitor.measure.final.final_status`)."""
    return final_status(r["status"], final, r.get("target_kind") == "aspiration")


def status_label(status) -> str:
    """The status word; a status this code does not know yet shows as itself rather than failing."""
    if is_missing(status):
        return STATUS_LABELS["no_data"]
    return shown_label(status) or str(status)


def status_phrase(status) -> str:
    """The status inside a sentence (已达标, 接近目标, 已完成, …)."""
    key = f"status_phrase_{status}"
    return say(key) if key in templates() else status_label(status)


def status_colour(status) -> str:
    return shown_colour(status) or UNKNOWN_COLOUR


def status_cell(status, text: str | None = None) -> Cell:
    return Cell(text if text is not None else status_label(status), status_colour(status), "center")


def indicator_numbers(results: Results, rows: pd.DataFrame) -> dict[str, int]:
    """The number each indicator that applies to the unit carries in its report (scorecard, sections, tables):
    its place among those that apply, in the plan's order, so that 9 is followed by 10 where the plan's tenth
    does not apply. ``rows``: the unit's rows of a year, indexed by indicator."""
    applying = [
        ind.id
        for ind in results.framework.indicators
        if ind.id in rows.index and rows.loc[ind.id, "status"] != "not_applicable"
    ]
    return {indicator: i for i, indicator in enumerate(applying, start=1)}


def rank_text(rank, n: int) -> str:
    return MISSING if is_missing(rank) else f"{int(rank)}/{n}"


@dataclass(frozen=True)
class Shown:
    """One indicator's row of one unit, every number formatted as the report shows it."""

    value: str
    target: str
    stretch: str
    completion: str  # "99.3%", or for growth rates "高于目标0.2个百分点"
    status: str
    precision: int
    about: str = ""  # "左右（±0.1）" for an about-target, met within its tolerance; "（力争）" for an aspiration

    @property
    def target_cell(self) -> str:
        return self.target + self.about


def gap_text(value, target, precision: int, higher_is_better: bool = True) -> str:
    """A growth rate against its target in percentage points, from the shown numbers."""
    if is_missing(value) or is_missing(target):
        return MISSING
    v, t = float(fmt_number(value, precision, False)), float(fmt_number(target, precision, False))
    gap = fmt_number(abs(v - t), precision)
    if gap == fmt_number(0, precision):
        return say("gap_equal")
    return say("gap_above" if v > t else "gap_below", gap=gap)


def target_mark(r, precision: int) -> str:
    """What the plan's wording adds to a target: 左右 with its tolerance, or that it is an aspiration (力争)."""
    if is_missing(r["target"]):
        return ""
    kind = r.get("target_kind")
    if kind == "about":
        tolerance = r.get("tolerance")
        return (
            say("about_suffix")
            if is_missing(tolerance)
            else say("about_suffix_tolerance", tolerance=fmt_number(tolerance, precision))
        )
    return say("aspiration_suffix") if kind == "aspiration" else ""


def target_label(r, has_stretch: bool) -> str:
    """The target's name as the plan words it: 力争目标 for an aspiration, 目标（确保） only beside a 力争 value
    of the same indicator, 目标 otherwise."""
    if r.get("target_kind") == "aspiration":
        return say("legend_stretch")
    return say("legend_target" if has_stretch else "legend_target_plain")


def value_text(ind, value, target=None) -> str:
    """A unit's value as every report prints it: at the precision of its own row (its value against its own
    ``target``, see :func:`~sti_monitor.measure.precision.shown_precisions`), so the city's 119.9 is never 120
    in a district's report; a whole count of a whole-number indicator as a whole number (3家, never 3.00家)."""
    return fmt_number(value, shown_precisions(ind, value, target)["value"])


def shown(ind, r) -> Shown:
    """Row ``r`` (a results row) of indicator ``ind`` formatted once, at the precision its status was judged on
    (:func:`~sti_monitor.measure.precision.shown_precisions`, which the workbook uses too)."""
    stretch = r.get("stretch_target")
    ps = shown_precisions(ind, r["value"], r["target"], stretch)
    p = ps["target"]
    completion = (
        gap_text(r["value"], r["target"], p, ind.higher_is_better)
        if ind.is_growth
        else fmt_completion(r["value"], r["target"], ind.higher_is_better)
    )
    about = target_mark(r, p)
    return Shown(
        fmt_number(r["value"], ps["value"]),
        fmt_number(r["target"], p),
        fmt_number(stretch, ps["stretch_target"]),
        completion,
        r["status"],
        p,
        about,
    )


def step_text(step: float, precision: int) -> str:
    """A yearly rise at the indicator's own precision (0.0312 个百分点 at 2 decimals -> ``0.03``): never more
    decimals than the values it leads to, and never a rise that reads as zero nor one larger than needed (0.005
    万平方米 at 2 decimals -> ``不足0.01``). The brief, the to-do list and the sections print it so, once."""
    shown_step = fmt_number(abs(step), precision)
    if float(shown_step.replace(",", "")) > 0:
        return shown_step
    return say("step_below", step=fmt_number(10.0**-precision, precision))


def final_target_text(ind, r) -> str:
    """The final target as every part of a report prints it: at the precision of the row that compares it with
    this year's value."""
    return fmt_number(
        r["final_target"], shown_precisions(ind, r["value"], None, final=r["final_target"])["final_target"]
    )


def final_verdict(ind, r, final_year: int) -> str:
    """The final year's word on the target: 已完成 / 未完成 (a 力争 aspiration only reached or not); "" when
    the row has no final target or value."""
    if (
        is_missing(r["final_target"])
        or is_missing(r["value"])
        or is_missing(r["status"])
        or r["status"] in ("no_target", "no_data", "not_applicable")
    ):
        return ""
    final_text = final_target_text(ind, r)
    aspiration = r.get("target_kind") == "aspiration"
    met = r["status"] == "met" or (aspiration and bool(r.get("stretch_met")))
    key = (
        ("final_aspiration_reached" if met else "final_aspiration_missed")
        if aspiration
        else ("final_completed" if met else "final_not_completed")
    )
    return say(key, final_year=final_year, final_target=final_text, measure=ind.unit)


def still_needed(ind, r, final_year: int) -> str:
    """What still has to happen to reach the plan's final target, in words that fit the case; "" when unknown.
    Never a negative rise: a target already reached or below this year's reads as "keep at". In the final year
    (and after it) nothing is left to happen: the target was completed or not (:func:`final_verdict`)."""
    final, value = r["final_target"], r["value"]
    if "year" in r and not is_missing(r["year"]) and int(r["year"]) >= final_year:
        return final_verdict(ind, r, final_year)
    if is_missing(final) or is_missing(value):
        return ""
    if ind.is_growth:
        return say("need_growth_rate", final_year=final_year, final_target=fmt_number(final, ind.precision))
    p = row_precision(ind.precision, value, final, ind.higher_is_better)
    final_text = final_target_text(ind, r)
    if reaches(value, final, p, ind.higher_is_better):
        this_year = r["target"]
        if not is_missing(this_year) and not reaches(final, this_year, p, ind.higher_is_better):
            key = "need_keep_above" if ind.higher_is_better else "need_keep_below"
            return say(key, final_target=final_text, measure=ind.unit, final_year=final_year)
        return say("need_reached", final_year=final_year)
    step, step_unit = r["required_growth"], r["required_growth_unit"]
    if is_missing(step) or step == 0:
        return ""
    if step_unit == "%" and ind.interpolation == "geometric":
        key = "need_growth" if step > 0 else "need_fall"
        return say(
            key,
            final_year=final_year,
            final_target=final_text,
            measure=ind.unit,
            step=step_text(step, 1),
            step_unit="%",
        )
    return say(
        "need_rise" if step > 0 else "need_fall",
        final_year=final_year,
        final_target=final_text,
        measure=ind.unit,
        step=step_text(step, p),
        step_unit=step_unit,
    )
