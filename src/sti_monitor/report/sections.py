"""A section per indicator of a unit's report, for the indicators that apply to the unit's kind: its values over
the years with the target path, beside the peers that fit the indicator, and a paragraph that says the same in
words."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..measure import RULE_LABELS, Results, target_paths
from ..measure.precision import row_precision
from ..measure.targets import ILLUSTRATIVE_MARK
from ..missing import is_missing
from .charts import target_path_chart
from .elements import Elements, Heading, Paragraph
from .formatting import cn, fmt_completion, fmt_number, fmt_percent
from .rows import shown, status_phrase, still_needed, target_label, value_text
from .units import is_member, unit_key, unit_name
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


def target_path_table(results: Results, unit_code: str, column: str = "target") -> pd.DataFrame:
    """The unit's target path by year and indicator (``column`` "stretch_target": the stretch path; empty when
    the plan has none)."""
    if column == "stretch_target" and not any(
        t.stretch is not None for i in results.framework.indicators for t in i.targets
    ):
        return pd.DataFrame()
    code, city = unit_key(results, unit_code), results.units.city.code
    own = pd.concat([results.unit_table(code), results.unit_table(city)]) if code != city else results.unit_table(code)
    return target_paths(own, results.framework, results.units, results.task_rows(code), code, column)


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


def _section_chart(name: str, number: int, indicator, r, history, targets, stretch, c: Comparison):
    median = c.drawn_median if c.total and c.compare else None
    note = _chart_note(c.total, c.compare, median, c.share)
    stretch = stretch if stretch.notna().any() else None
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
        target_label=target_label(r, stretch is not None),
        caption=say("chart_caption", number=number, indicator=cn(indicator.name), measure=indicator.unit, note=note),
    )


def reference_sentence(results: Results, indicator, r, name: str) -> str:
    """The comparison with a reference unit an aspiration asks for (力争超过全省平均): both numbers, the reference's
    marked when its workbook calls it illustrative (示例数值), and 超过 / 未超过; "" when the row has none."""
    code, year = r["unit_code"], int(r["year"])
    aspiration = indicator.reference_aspiration(year, code)
    if aspiration is None or is_missing(r["stretch_target"]) or is_missing(r["value"]):
        return ""
    marked = results.cached("illustrative", results.dataset.illustrative)
    ref_code = aspiration.stretch_reference
    reference_unit = results.units.get(ref_code)
    return say(
        "section_stretch_reference",
        goal=say("stretch_reference_goal", year=aspiration.year) if aspiration.year != year else say("stretch_word"),
        reference=reference_unit.name if reference_unit else ref_code,
        year=year,
        reference_value=fmt_number(r["stretch_target"] - (aspiration.stretch or 0.0), indicator.precision),
        mark=ILLUSTRATIVE_MARK if (ref_code, year) in marked else "",
        unit=name,
        value=fmt_number(r["value"], indicator.precision),
        measure=indicator.unit,
        verdict=say("stretch_reference_above" if r["stretch_met"] else "stretch_reference_not_above"),
    )


def reference_notes(results: Results, rows: pd.DataFrame, year: int) -> str:
    """A note under a table with a 力争目标 column: which of its numbers are a reference unit's value (the
    province's, marked when illustrative) and what the plan aspires to; "" when none is. ``rows``: one unit's
    rows of ``year`` by indicator."""
    marked = results.cached("illustrative", results.dataset.illustrative)
    notes = []
    for ind in results.framework.indicators:
        if ind.id not in rows.index or is_missing(rows.loc[ind.id, "stretch_target"]):
            continue
        aspiration = ind.reference_aspiration(year, rows.loc[ind.id, "unit_code"])
        if aspiration is None:
            continue
        reference_unit = results.units.get(aspiration.stretch_reference)
        notes.append(
            say(
                "stretch_reference_note",
                indicator=cn(ind.name),
                reference=reference_unit.name if reference_unit else aspiration.stretch_reference,
                year=year,
                mark=ILLUSTRATIVE_MARK if (aspiration.stretch_reference, year) in marked else "",
                goal=say("stretch_reference_goal", year=aspiration.year),
            )
        )
    return say("stretch_reference_notes", notes="；".join(notes)) if notes else ""


def _target_sentences(indicator, r, s, reference: str = "") -> list[str]:
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
                status=status_phrase(s.status),
                reached=reached,
            )
        )
    if r.get("target_rule") == "not_decomposed":  # a running total the plan sets for the whole only: said so
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
            median_text = fmt_number(med, row_precision(indicator.precision, med, med))
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
    figure: int | None = None,
) -> Elements:
    """One indicator: chart of values and target path beside fitting peers, and a paragraph.
    Totals are compared with the median district (and the unit's share of the city), ratios with the city
    and the highest district. ``paths``, ``own`` (the unit's rows) and ``peers`` may be passed
    when drawing several sections, so the table is indexed once. ``number``: the indicator's place in the plan
    (as in the scorecard); ``figure``: the chart's number (default ``number``). No value in any year: no chart."""
    unit_code = unit_key(results, unit_code)
    name = unit_name(results, unit_code)
    own = results.unit_table(unit_code) if own is None else own
    peer = (peers_of(results) if peers is None else peers)[indicator.id]
    mine = own.iloc[np.flatnonzero(own["indicator"].to_numpy() == indicator.id)]  # positions: no boolean frame
    r = mine.iloc[np.flatnonzero(mine["year"].to_numpy() == year)[0]]
    s = shown(indicator, r)
    history = mine.set_index("year")["value"].sort_index()
    if paths is None:
        paths = target_path_table(results, unit_code)
    if stretch_paths is None:
        stretch_paths = target_path_table(results, unit_code, "stretch_target")
    targets = paths[indicator.id] if indicator.id in paths else pd.Series(dtype=float)
    stretch = stretch_paths[indicator.id] if indicator.id in stretch_paths else pd.Series(dtype=float)
    c = _comparison(results, unit_code, year, indicator, r, history, peer)
    drawn = history.notna().any()
    chart = (
        [_section_chart(name, number if figure is None else figure, indicator, r, history, targets, stretch, c)]
        if drawn
        else []
    )
    value = (
        say("section_value", year=year, unit=name, indicator=cn(indicator.name), value=s.value, measure=indicator.unit)
        if not is_missing(r["value"])
        else say("section_no_value", year=year, unit=name, indicator=cn(indicator.name))
    )
    reference = reference_sentence(results, indicator, r, name)
    text = [
        value,
        *_target_sentences(indicator, r, s, reference),
        *_peer_sentences(unit_code, year, indicator, r, s.precision, c),
    ]
    need = still_needed(indicator, r, results.framework.final_year)
    if need:
        text.append(need)
    return Elements([Heading(f"{number}. {cn(indicator.name)}", 3), *chart, Paragraph("，".join(text) + "。")])


def applies(row) -> bool:
    """Whether an indicator applies to the unit (the plan sets it for the unit's kind): else no section."""
    return row["status"] != "not_applicable"


def indicator_sections(results: Results, unit_code: str, year: int) -> Elements:
    """A section per indicator."""
    unit_code = unit_key(results, unit_code)
    paths = target_path_table(results, unit_code)
    stretch_paths = target_path_table(results, unit_code, "stretch_target")
    own, peers = results.unit_table(unit_code), peers_of(results)
    this_year = own[own["year"] == year].set_index("indicator")
    parts, figure = [], 0
    for i, ind in enumerate(results.framework.indicators, start=1):
        if ind.id not in this_year.index or not applies(this_year.loc[ind.id]):
            continue
        figure += own.loc[own["indicator"] == ind.id, "value"].notna().any()
        parts.append(
            indicator_section(results, unit_code, year, i, ind, paths, own, peers, stretch_paths, figure=int(figure))
        )
    return Elements(parts)


def indicator_part(results: Results, unit_code: str, year: int) -> Elements:
    """The report's part on each indicator under its heading; nothing when no indicator applies to the unit
    (a park the plan sets no goal for: its summary says so)."""
    sections = indicator_sections(results, unit_code, year)
    return Elements([Heading(say("heading_sections"), 2), *sections.items]) if sections.items else sections
