"""A section per indicator of a unit's report, for the indicators that apply to the unit's kind: its values over
the years with the target path, beside the peers that fit the indicator, and a paragraph that says the same in
words."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..measure import RULE_LABELS, Results
from ..measure.precision import row_precision
from ..measure.targets import NO_SHARE_RULES, assign_targets
from ..missing import is_missing
from .charts import target_path_chart
from .elements import Elements, Heading, Paragraph
from .formatting import cn, fmt_completion, fmt_number, fmt_percent
from .references import reference_line, reference_sentence
from .rows import indicator_numbers, row_status, shown, status_phrase, still_needed, target_label, unit_rows, value_text
from .units import is_member, unit_key, unit_name
from .values import values_part
from .wording import plan_text, say

MEDIAN_SCALE = 3  # the median district is drawn beside a total only within this factor of the unit's value


def _series(unit_rows: pd.DataFrame, indicator: str, column: str = "value") -> pd.Series:
    sel = unit_rows[unit_rows["indicator"] == indicator]
    return sel.set_index("year")[column].sort_index()


@dataclass(frozen=True)
class Peers:
    """What one indicator's section compares a unit with: the same for every unit of a batch, so
    built once per batch (see :func:`peers_of`) and a unit's section costs the same at any size."""

    empty: bool  # no district has a row of this indicator
    city: pd.Series  # the city's values by year
    city_target: pd.Series  # the city's targets by year (its values are printed at its own rows' precision)
    median: pd.Series  # the median district's value by year
    best: dict  # year -> (code, name, value, target) of the best district (see best_by_year)


def peers_of(results: Results) -> dict[str, Peers]:
    """Indicator id -> :class:`Peers`, built on first use and kept with the results (a warm
    kernel builds it once per batch)."""

    def build():
        districts, city = results.member_rows(), results.unit_table(results.units.city.code)
        by_indicator = dict(tuple(districts.groupby("indicator", sort=False)))
        out = {}
        for ind in results.framework.indicators:
            rows = by_indicator.get(ind.id, districts.iloc[0:0])
            out[ind.id] = Peers(
                rows.empty,
                _series(city, ind.id),
                _series(city, ind.id, "target"),
                rows.groupby("year")["value"].median().sort_index(),
                best_by_year(rows, ind),
            )
        return out

    return results.cached("report_peers", build)


def best_by_year(rows: pd.DataFrame, indicator) -> dict:
    """The best district of each year: by value for ratios and growth rates, by completion of its own target for
    totals (the largest district is not the best one); the first in table order on a tie.
    Year -> (code, name, value, target)."""
    column = "achievement" if indicator.formula.kind == "field" else "value"
    rows = rows.dropna(subset=[column])
    if rows.empty:
        return {}
    by_year = rows.groupby("year")[column]
    picks = by_year.idxmax() if (indicator.higher_is_better or column == "achievement") else by_year.idxmin()
    return {
        int(year): (
            rows.at[pick, "unit_code"],
            cn(rows.at[pick, "unit_name"]),
            rows.at[pick, "value"],
            rows.at[pick, "target"],
        )
        for year, pick in picks.items()
    }


def _chart_note(total: bool, compare: bool, drawn_median, share) -> str:
    if not compare:
        return ""
    if not total:
        return say("chart_note_ratio")
    key = "chart_note_total" if drawn_median is not None else "chart_note_total_alone"
    return say(key, share=say("chart_note_share") if share is not None else "")


PATH_COLUMNS = ("target", "stretch_target")


def every_target_path(results: Results) -> dict[str, pd.DataFrame]:
    """Every unit's target path (and stretch path) by (unit, year) and indicator, ``PATH_COLUMNS`` -> frame:
    the rules of :func:`~sti_monitor.measure.target_paths` applied to every unit at once, built on
    first use and kept with the results (a warm kernel builds it once per batch). One call of the target
    rules over all units costs a fraction of one call per unit, and a unit's share does not grow with the
    number of units (a call per unit looks at every unit's applicability)."""

    def build():
        fw = results.framework
        known = results.table[["unit_code", "year", "indicator", "value"]]
        years = range(fw.baseline_year + 1, fw.final_year + 1)
        have = set(zip(known["unit_code"], known["year"], known["indicator"]))
        extra = pd.DataFrame(
            [
                (code, y, ind.id, np.nan)
                for code in dict.fromkeys(known["unit_code"])
                for y in years
                for ind in fw.indicators
                if (code, y, ind.id) not in have
            ],
            columns=["unit_code", "year", "indicator", "value"],
        )
        targets = assign_targets(
            pd.concat([known, extra], ignore_index=True), fw, results.units, results.dataset.task_targets
        )
        targets = targets[targets["year"].isin(years)]
        return {
            column: targets.pivot(index=["unit_code", "year"], columns="indicator", values=column).sort_index()
            for column in PATH_COLUMNS
        }

    return results.cached("report_target_paths", build)


def target_path_table(results: Results, unit_code: str, column: str = "target") -> pd.DataFrame:
    """The unit's target path by year and indicator (``column`` "stretch_target": the stretch path; empty when
    the plan has none), from :func:`every_target_path`."""
    if column == "stretch_target" and not any(
        t.stretch is not None for i in results.framework.indicators for t in i.targets
    ):
        return pd.DataFrame()
    paths = every_target_path(results)[column]
    return paths.loc[unit_key(results, unit_code)]


@dataclass(frozen=True)
class Comparison:
    """What one section compares the unit's row with, for its chart and its paragraph."""

    total: bool  # the indicator is a total (compared by completion and with the median, not with the city)
    compare: bool  # there are peers to compare with (not the city's own report, not a plan of one unit)
    member: bool  # the unit is part of the city total (zones are not)
    peer: Peers
    drawn_median: pd.Series | None  # the median line, when near enough the unit's size to be drawn
    best: pd.Series | None  # the best district's values, drawn beside a ratio
    best_entry: tuple  # (code, name, value, target) of this year's best district, or Nones
    share: pd.Series | None  # the unit's share of the city total, by year


def _comparison(
    results: Results, unit_code: str, year: int, indicator, r, history: pd.Series, peer: Peers
) -> Comparison:
    total = indicator.formula.kind == "field"
    compare = unit_code != results.units.city.code and not peer.empty
    member = compare and is_member(results, unit_code)
    best_entry = peer.best.get(year, (None, None, None, None))
    drawn_median = best = share = None
    if compare and total:
        mine_now, med = r["value"], peer.median.get(year)
        # a median many times the unit's own size would flatten the unit's line: then the text gives it
        if (
            not is_missing(mine_now)
            and not is_missing(med)
            and mine_now > 0
            and 1 / MEDIAN_SCALE <= med / mine_now <= MEDIAN_SCALE
        ):
            drawn_median = peer.median
    elif compare and best_entry[0] and best_entry[0] != unit_code:
        best = results.series(best_entry[0], indicator.id)
    if total and member:  # zones are not part of the city total
        share = (history / peer.city.where(peer.city > 0) * 100).dropna()
        share = share if len(share) else None
    return Comparison(total, compare, member, peer, drawn_median, best, best_entry, share)


def _section_chart(name: str, indicator, r, history, targets, stretch, c: Comparison, labels: dict, reference=None):
    """The section's chart; ``labels``: each year's value label as the text prints it; ``reference``: the province an
    aspiration compares with (:func:`.references.reference_line`), drawn instead of that aspiration's points (its
    value plus the plan's margin)."""
    median = c.drawn_median if c.total and c.compare else None
    note = _chart_note(c.total, c.compare, median, c.share)
    year, city = int(r["year"]), c.peer.city
    in_text = year in city.index and not is_missing(city[year]) and not is_missing(r["value"])
    if c.total and median is None and not in_text:  # no median below to point to (a zone's own indicator)
        note = ""
    if not c.total and c.compare and c.best is None:  # the unit is the best itself: no second line to name
        note = say("chart_note_ratio_whole")
    key = "chart_caption" if targets.notna().any() or stretch.notna().any() else "chart_caption_values"
    stretch = stretch if stretch.notna().any() else None
    label = target_label(r, stretch is not None)
    if reference is not None:
        stretch = None
    return target_path_chart(
        name,
        indicator,
        history,
        targets,
        city=None if c.total or not c.compare else c.peer.city,
        best=c.best,
        best_name=c.best_entry[1] or "",
        median=median,
        share=c.share,
        stretch=stretch,
        target_label=label,
        caption=say(key, indicator=cn(indicator.name), measure=indicator.unit, note=note),
        value_labels=labels,
        reference=reference,
    )


def _target_sentences(indicator, r, s, reference: str = "", final: bool = False) -> list[str]:
    text = []
    if not is_missing(r["target"]):
        rule = plan_text(RULE_LABELS.get(r["target_rule"], r["target_rule"]))
        if is_missing(r["value"]):
            key = "section_target_only"
        elif r.get("target_kind") == "aspiration":
            key = "section_target_aspiration"
        else:
            key = "section_target_growth" if indicator.is_growth else "section_target"
        reached = say("stretch_reached" if r["status"] == "met" else "stretch_not_reached")
        text.append(
            say(
                key,
                target=s.target,
                about=s.about,
                measure=indicator.unit,
                rule=rule,
                completion=s.completion,
                gap=s.completion,
                status=status_phrase(row_status(r, final)),
                reached=reached,
            )
        )
    if r.get("target_rule") in NO_SHARE_RULES:  # a member given no share of the whole's target: said why
        text.append(plan_text(r["target_note"]))
    if reference:
        text.append(reference)
    elif not is_missing(r["stretch_target"]):
        text.append(
            say(
                "section_stretch",
                stretch=s.stretch,
                measure=indicator.unit,
                reached=say("stretch_reached" if r["stretch_met"] else "stretch_not_reached"),
            )
        )
    return text


def _peer_sentences(unit_code: str, year: int, indicator, r, precision: int, c: Comparison) -> list[str]:
    text, city = [], c.peer.city
    if is_missing(r["value"]):
        return text
    if c.compare and year in city.index and not is_missing(city[year]):
        if c.total and not is_missing(r["value"]):
            med = c.peer.median.get(year)
            places = row_precision(indicator.precision, med, med)
            if indicator.precision == 0 and not is_missing(med) and float(med * 2).is_integer():
                places = min(places, 0 if float(med).is_integer() else 1)  # whole counts: 1.5 家, never 1.50 家
            median_text = fmt_number(med, places)
            if c.member and city[year] > 0:  # zones are not part of the city total
                text.append(
                    say(
                        "section_share",
                        share=fmt_percent(r["value"] / city[year]),
                        median=median_text,
                        measure=indicator.unit,
                    )
                )
            else:
                text.append(say("section_median", median=median_text, measure=indicator.unit))
        elif not c.total:
            text.append(
                say(
                    "section_city",
                    value=value_text(indicator, city[year], c.peer.city_target.get(year)),
                    measure=indicator.unit,
                )
            )
    best_code, best_name, best_value, best_target = c.best_entry
    if c.compare and best_code and best_code != unit_code and not is_missing(best_value):
        if c.total:
            text.append(
                say(
                    "section_best_completion",
                    best=best_name,
                    completion=fmt_completion(best_value, best_target, indicator.higher_is_better),
                )
            )
        else:
            text.append(
                say(
                    "section_best_value",
                    best=best_name,
                    value=value_text(indicator, best_value, best_target),
                    measure=indicator.unit,
                )
            )
    return text


def indicator_section(
    results: Results,
    unit_code: str,
    year: int,
    number: int,
    indicator,
    paths: pd.DataFrame | None = None,
    own: pd.DataFrame | None = None,
    peers: dict[str, Peers] | None = None,
    stretch_paths: pd.DataFrame | None = None,
) -> Elements:
    """One indicator: chart of values and target path beside fitting peers, and a paragraph.
    Totals are compared with the median district (and the unit's share of the city), ratios with the city
    and the highest district. ``paths``, ``own`` (the unit's rows) and ``peers`` may be passed
    when drawing several sections, so the table is indexed once. ``number``: the indicator's place in the plan
    among those that apply to the unit (as in the scorecard, :func:`~.rows.indicator_numbers`); Typst numbers the
    chart. No value in any year: no chart."""
    unit_code = unit_key(results, unit_code)
    name = unit_name(results, unit_code)
    own = results.unit_table(unit_code) if own is None else own
    peer = (peers_of(results) if peers is None else peers)[indicator.id]
    # the row by its position (no boolean frame), the values by year from the unit's index of series
    r = own.iloc[np.flatnonzero((own["indicator"].to_numpy() == indicator.id) & (own["year"].to_numpy() == year))[0]]
    s = shown(indicator, r)
    history = results.series(unit_code, indicator.id)
    if paths is None:
        paths = target_path_table(results, unit_code)
    if stretch_paths is None:
        stretch_paths = target_path_table(results, unit_code, "stretch_target")
    targets = paths[indicator.id] if indicator.id in paths else pd.Series(dtype=float)
    stretch = stretch_paths[indicator.id] if indicator.id in stretch_paths else pd.Series(dtype=float)
    c = _comparison(results, unit_code, year, indicator, r, history, peer)
    drawn = history.notna().any()
    # each year's value labelled as the text prints that year's value: at the precision of its row
    mine = own["indicator"].to_numpy() == indicator.id  # (arrays: a chart per indicator of every report)
    row_targets = dict(zip(own["year"].to_numpy()[mine].tolist(), own["target"].to_numpy()[mine].tolist()))
    labels = {int(y): value_text(indicator, v, row_targets.get(int(y))) for y, v in history.dropna().items()}
    line = reference_line(results, indicator, r)
    chart = [_section_chart(name, indicator, r, history, targets, stretch, c, labels, line)] if drawn else []
    value = (
        say("section_value", year=year, unit=name, indicator=cn(indicator.name), value=s.value, measure=indicator.unit)
        if not is_missing(r["value"])
        else say("section_no_value", year=year, unit=name, indicator=cn(indicator.name))
    )
    reference = reference_sentence(results, indicator, r, name)
    text = [
        value,
        *_target_sentences(indicator, r, s, reference, results.is_final(year)),
        *_peer_sentences(unit_code, year, indicator, r, s.precision, c),
    ]
    need = still_needed(indicator, r, results.framework.final_year)
    said = results.is_final(year) and not is_missing(r["target"]) and r["target"] == r["final_target"]
    if need and not said:  # the final year's target is the final one: 已完成 / 未完成 is said once
        text.append(need)
    return Elements([Heading(f"{number}. {cn(indicator.name)}", 3), *chart, Paragraph("，".join(text) + "。")])


def indicator_sections(results: Results, unit_code: str, year: int) -> Elements:
    """A section per indicator."""
    unit_code = unit_key(results, unit_code)
    paths = target_path_table(results, unit_code)
    stretch_paths = target_path_table(results, unit_code, "stretch_target")
    own, peers = results.unit_table(unit_code), peers_of(results)
    numbers = indicator_numbers(results, unit_rows(results, unit_code, year))  # consecutive: as the scorecard's
    parts = [
        indicator_section(results, unit_code, year, numbers[ind.id], ind, paths, own, peers, stretch_paths)
        for ind in results.framework.indicators
        if ind.id in numbers
    ]
    return Elements(parts)


def indicator_part(results: Results, unit_code: str, year: int) -> Elements:
    """The report's part on each indicator under its heading; when no indicator applies to the unit (a park the
    plan sets no goal for: its summary says so), the table of its values alone; nothing when it has none."""
    sections = indicator_sections(results, unit_code, year)
    if not sections.items:
        sections = values_part(results, unit_key(results, unit_code), year)
    return Elements([Heading(say("heading_sections"), 2), *sections.items]) if sections.items else sections
