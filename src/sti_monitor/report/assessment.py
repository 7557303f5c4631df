"""Report elements of the assessment (考核), the composite index and the outlook toward the final target:
a unit's summary block, the city's assessment table, rank-interval chart and groups, and the rules for the appendix."""

from __future__ import annotations

import html

import pandas as pd

from ..measure import OUTLOOK_COLOURS, OUTLOOK_LABELS, Results
from ..measure.outlook import shown_pace
from ..missing import is_missing
from .elements import Bullets, Cell, Chart, Elements, Heading, Paragraph, Table, without_column
from .formatting import MISSING, cn, fmt_number
from .rows import final_target_text, indicator_numbers
from .standing import index_place, no_best_grade, rank_rule, tie_text
from .svgchart import _text
from .units import heading_variant, is_large, large_extremes, unit_key
from .wording import plan_text, say

LEVEL_NAMES_SHOWN = 8  # a report lists at most this many districts it is level with


def _scores(results: Results, year: int) -> pd.DataFrame:
    results.year_table(year)  # a readable error when the year has no data
    table = results.cached(
        ("scores", year), lambda: results.scores[results.scores["year"] == year].set_index("unit_code")
    )
    return table.copy(deep=False)


def _change(value) -> str:
    if is_missing(value):
        return say("assessment_change_none")
    shown = fmt_number(abs(value), 1)
    if float(shown) == 0:
        return say("assessment_change_flat")
    return say("assessment_change_up" if value > 0 else "assessment_change_down", value=shown)


def level_with(scores: pd.DataFrame, unit_code: str) -> list[str]:
    """Names of the districts whose rank interval [p05, p95] overlaps ``unit_code``'s, best median first."""
    if unit_code not in scores.index or pd.isna(scores.loc[unit_code, "rank_median"]):
        return []
    me = scores.loc[unit_code]
    others = scores[scores["rank_median"].notna() & (scores.index != unit_code)]
    overlap = others[(others["rank_p05"] <= me["rank_p95"]) & (others["rank_p95"] >= me["rank_p05"])]
    return [cn(name) for name in overlap.sort_values("rank_median")["unit_name"]]


def _names(names: list[str]) -> str:
    if len(names) <= LEVEL_NAMES_SHOWN:
        return "、".join(names)
    return say("names_and_more_districts", names="、".join(names[:LEVEL_NAMES_SHOWN]), n=len(names))


def _score_sentence(s, unit_name: str, year: int, n: int, tie: str = "") -> str:
    """The unit's score, grade and rank by its score, with ``tie`` (:func:`tie_text`) (or why it has none)."""
    if is_missing(s["assessment_score"]):
        return say("assessment_not_scored", year=year, unit=cn(unit_name))
    if pd.isna(s["assessment_rank"]):
        return say(
            "assessment_score" if s["grade"] else "assessment_score_plain",
            year=year,
            unit=cn(unit_name),
            score=fmt_number(s["assessment_score"], 2),
            grade=s["grade"],
        )
    return say(
        "assessment_score_ranked" if s["grade"] else "assessment_score_ranked_plain",
        year=year,
        unit=cn(unit_name),
        score=fmt_number(s["assessment_score"], 2),
        grade=s["grade"],
        n=n,
        rank=int(s["assessment_rank"]),
        tie=tie,
    )


def _index_sentence(results: Results, s, code: str) -> str:
    """The unit's composite index, group and change since the baseline year (or why it has none)."""
    fw, units = results.framework, results.units
    if not results.members:
        return ""  # a plan of one unit: no index or rank against other units
    if code == units.city.code and not is_missing(s["index"]):
        return say("assessment_index_city", base_year=fw.baseline_year, change=_change(s["index_change"]))
    if is_missing(s["index"]):
        reason = plan_text(s["note"].split("；")[-1]) if s["note"] else say("assessment_index_reason_default")
        return say("assessment_index_missing", unit=cn(units[code].name), reason=reason)
    # a change resting on fewer indicators than the index (those the unit had in both years) says so: beside an
    # index history it reads as a contradiction otherwise (鹿城区 46.1 → 54.8, and 提高29.6点 over 4 indicators)
    start = f"较{fw.baseline_year}年变化"
    basis = next((p for p in str(s["note"] or "").split("；") if p.startswith(start)), "")
    return say(
        "assessment_index",
        index=fmt_number(s["index"], 1),
        group=s["group"],
        base_year=fw.baseline_year,
        change=_change(s["index_change"])
        + (say("assessment_index_change_basis", basis=basis.removeprefix(start)) if basis else ""),
    )


def _interval_sentences(results: Results, s, code: str, year: int) -> list[str]:
    """The unit's rank interval and the districts it is statistically level with."""
    if pd.isna(s["rank_median"]):
        return []
    ranked = not pd.isna(s["index_rank"])
    interval = say(
        "assessment_interval_ranked" if ranked else "assessment_interval",
        draws=results.framework.composite.draws,
        unit=cn(results.units[code].name),
        **({"rank": int(s["index_rank"])} if ranked else {}),
        median=int(s["rank_median"]),
        low=int(s["rank_p05"]),
        high=int(s["rank_p95"]),
    )
    level = level_with(_scores(results, year), code)
    return [interval, say("assessment_level_with", names=_names(level)) if level else say("assessment_level_alone")]


def _points_table(results: Results, rows: pd.DataFrame, unit_name: str, year: int) -> Table:
    """Per indicator: weight, weighted points, final target, outlook and pace ratio."""
    fw = results.framework
    weights = dict(fw.assessment.weights)
    numbers = indicator_numbers(results, rows)  # as the scorecard numbers them; one that does not apply: no row
    body = []
    for ind in fw.indicators:
        if ind.id not in numbers or rows.loc[ind.id, "outlook"] == "no_target":  # no row of dashes: named below
            continue
        r = rows.loc[ind.id]
        body.append(
            [
                f"{numbers[ind.id]}. {cn(ind.short_name)}",
                fmt_number(weights[ind.id], 2) if not is_missing(r["points"]) else MISSING,  # unscored: no weight
                fmt_number(r["points"], 2),
                final_target_text(ind, r),
                Cell(
                    OUTLOOK_LABELS[r["outlook"]]
                    if r["outlook"] in OUTLOOK_LABELS
                    else say(f"outlook_cell_{r['outlook']}"),
                    OUTLOOK_COLOURS.get(r["outlook"], OUTLOOK_COLOURS["unable"]),
                    "center",
                ),
                fmt_number(shown_pace(r["pace_ratio"]), 2),  # never across its class's boundary
            ]
        )
    header = [
        say("column_indicator"),
        say("column_weight"),
        say("column_points"),
        say("column_final_target", year=fw.final_year),
        say("column_outlook_final" if results.is_final(year) else "column_outlook"),
        say("column_pace_ratio"),
    ]
    widths, align = (
        ["1.6fr", "auto", "auto", "auto", "auto", "auto"],
        ["left", "right", "right", "right", "center", "right"],
    )
    if results.is_final(year):  # 已完成 / 未完成 only: no pace ratio, so no column of dashes
        header, body, widths, align = header[:-1], [row[:-1] for row in body], widths[:-1], align[:-1]
    return Table(
        header,
        body,
        caption=say(
            "assessment_unit_table_caption_final" if results.is_final(year) else "assessment_unit_table_caption",
            year=year,
            unit=cn(unit_name),
        ),
        supplement="表",
        widths=widths,
        align=align,
        font_size="8.5pt",
    )


def unit_assessment(results: Results, unit_code, year: int) -> Elements:
    """A unit's assessment: score, grade, rank with its interval, index and group, and per indicator
    the weighted points and the outlook toward the final target."""
    code = unit_key(results, unit_code)
    fw = results.framework
    s = _scores(results, year).loc[code]
    unit = results.units[code]
    text = [_score_sentence(s, unit.name, year, len(results.members), tie_text(_scores(results, year), code))]
    if s["missing_indicators"]:
        text.append(say("assessment_missing", names=s["missing_indicators"]))
    if s["veto"]:
        text.append(say("assessment_veto", text=s["veto"]))
    text.append(_index_sentence(results, s, code))
    text += _interval_sentences(results, s, code, year)
    rows = results.unit_table(code, year).set_index("indicator")
    # a unit without a target (none set, or none derivable from its base year) reads 无目标 as in its scorecard
    no_target = (rows["status"] == "no_target") & (rows["outlook"] == "unable")
    rows["outlook"] = rows["outlook"].mask(no_target, "no_target")
    counts = rows["outlook"].value_counts()
    if counts.get("not_applicable", 0) == len(rows):  # a park the plan sets no goal: no table of dashes
        text.append(say("assessment_nothing_applies", unit=cn(unit.name)))
        return Elements([Paragraph("".join(text))])
    text.append(outlook_counts(counts, fw.final_year, final=year >= fw.final_year))
    items = [Paragraph("".join(text))]
    if counts.get("no_target", 0) + counts.get("not_applicable", 0) < len(rows):
        items.append(_points_table(results, rows, unit.name, year))
    if counts.get("no_target", 0):  # a goal of the whole only (不设分县目标), or none derivable: named, not dashed
        numbers = indicator_numbers(results, rows)
        names = "、".join(
            f"{numbers[i.id]}. {cn(i.short_name)}"
            for i in fw.indicators
            if i.id in numbers and rows.loc[i.id, "outlook"] == "no_target"
        )
        items.append(Paragraph(say("assessment_no_target_rows", names=names)))
    return Elements(items)


def rank_interval_chart(scores: pd.DataFrame, width: int = 600) -> str:
    """An SVG dot-and-whisker chart: one row per district, best median rank on top; the dot is the median
    rank, the whisker the 5th–95th percentile ranks."""
    rows = scores[scores["rank_median"].notna()].sort_values(["rank_median", "rank_p05"])
    n = int(rows["rank_p95"].max()) if len(rows) else 1
    left, right, top, row_h = 130, 20, 28, 20
    height = top + row_h * len(rows) + 12
    pw = width - left - right
    sx = (lambda r: left + pw / 2) if n == 1 else (lambda r: left + (r - 1) / (n - 1) * pw)  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">']
    step = max(1, -(-(n - 1) // 5))  # about five gaps
    ticks = list(range(1, n + 1, step))
    if n - ticks[-1] >= step / 2:
        ticks.append(n)
    for t in ticks:
        out.append(
            f'<line x1="{sx(t):.1f}" x2="{sx(t):.1f}" y1="{top - 6}" y2="{height - 8}" stroke="#e3e3e3" stroke-width="0.8"/>'
        )
        out.append(_text(sx(t), top - 10, say("rank_interval_tick", rank=t), 10, "middle", "#555"))
    for i, r in enumerate(rows.itertuples()):
        y = top + row_h * i + row_h / 2
        out.append(_text(left - 8, y + 4, cn(r.unit_name), 11, "end"))
        out.append(
            f'<line x1="{sx(r.rank_p05):.1f}" x2="{sx(r.rank_p95):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#305496" stroke-width="2"/>'
        )
        for end in (r.rank_p05, r.rank_p95):
            out.append(
                f'<line x1="{sx(end):.1f}" x2="{sx(end):.1f}" y1="{y - 4:.1f}" y2="{y + 4:.1f}" stroke="#305496" '
                f'stroke-width="1.5"/>'
            )
        out.append(
            f'<circle cx="{sx(r.rank_median):.1f}" cy="{y:.1f}" r="4" fill="#c62828"><title>'
            + html.escape(
                say("rank_interval_title", unit=r.unit_name, low=r.rank_p05, high=r.rank_p95, median=r.rank_median)
            )
            + "</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)


def _city_table(results: Results, scores: pd.DataFrame, ordered: pd.DataFrame, year: int) -> Table:
    """Every district shown (``ordered``), the zones and the city: place, score, grade, index, group, change and
    rank interval."""
    units = results.units
    body = []
    for _code, s in [
        *ordered.iterrows(),
        *scores.loc[[u.code for u in units.zones]].iterrows(),
        (units.city.code, scores.loc[units.city.code]),
    ]:
        interval = index_place(s)
        body.append(
            [
                "—" if pd.isna(s["assessment_rank"]) else str(int(s["assessment_rank"])),
                cn(s["unit_name"]),
                fmt_number(s["assessment_score"], 2),
                s["grade"] or "—",
                fmt_number(s["index"], 1),
                s["group"] or "—",
                fmt_number(s["index_change"], 1),
                interval,
            ]
        )
    header = [
        say(k)
        for k in (
            "column_assessment_place",
            "column_unit",
            "column_assessment_score",
            "column_grade",
            "column_index",
            "column_group",
            "column_index_change",
            "column_rank_interval",
        )
    ]
    align = ["center", "left", "right", "center", "right", "center", "right", "center"]
    if not results.framework.assessment.grades:  # the plan sets no grades: no column of dashes
        header, body, align = (without_column(x, 3) for x in (header, body, align))
    return Table(
        header,
        body,
        caption=say("assessment_table_caption", year=year),
        supplement="表",
        align=align,
        font_size="8pt",
    )


def _group_sentences(results: Results, districts: pd.DataFrame, extremes: int) -> list[str]:
    """A sentence per performance group of the composite index: its rule and its districts, best first."""
    composite = results.framework.composite
    sentences = []
    bounds = [*composite.groups, (composite.lowest_group, None)]
    for i, (group, lowest) in enumerate(bounds):
        upper = bounds[i - 1][1] if i else None
        rule = (
            (f"≥ {lowest:g}" if upper is None else f"{lowest:g}—{upper:g}")
            if lowest is not None
            else f"< {bounds[i - 1][1]:g}"
        )
        members = districts[districts["group"] == group].sort_values("index", ascending=False)
        if len(members):
            named = [f"{cn(r.unit_name)}（{fmt_number(r.index, 1)}）" for r in members.itertuples()]
            names = (
                "、".join(named)
                if len(named) <= extremes
                else say("names_and_more", names="、".join(named[:extremes]), n=len(named))
            )
            sentences.append(say("assessment_group_sentence", group=group, rule=rule, count=len(members), names=names))
        else:
            sentences.append(say("assessment_group_empty", group=group, rule=rule))
    return sentences


def assessment_heading(results: Results, year: int) -> Heading:
    """The heading of a unit's assessment: no 综合指数 in a plan of one unit (nothing to index it against), and
    期末目标完成情况 rather than 进展 in the plan's final year."""
    return Heading(say(f"heading_assessment{heading_variant(results, year)}"), 3)


def city_assessment(results: Results, year: int) -> Elements:
    """The city's assessment: a table of every district and zone (score, grade, rank, index, group, rank interval),
    the rank-interval chart, and a sentence per performance group."""
    fw, units = results.framework, results.units
    scores = _scores(results, year)
    if not results.members:  # a plan of one unit: its own score and outlooks, nothing to rank it against
        return Elements([assessment_heading(results, year), *unit_assessment(results, units.city.code, year).items])
    districts = scores.loc[[c for c in results.member_codes if c in scores.index]]
    large = is_large(results)
    grades = districts["grade"].value_counts()
    grade_text = "，".join(say("grade_count", grade=g, count=int(grades.get(g, 0))) for g in fw.assessment.grade_names)
    intro = say(
        "assessment_city_intro" if fw.assessment.grades else "assessment_city_intro_plain",
        year=year,
        n=len(districts),
        grades=grade_text,
    )
    intro += no_best_grade(results, districts, year) + rank_rule(districts, fw.composite.draws)
    ordered = districts.sort_values(["assessment_rank", "unit_name"], na_position="last")
    extremes = large_extremes()  # with a large set, the city report names this many districts at each end
    if large:  # a large set: the first and last few; every unit is in summary.xlsx
        ordered = pd.concat([ordered.head(extremes), ordered.tail(extremes)]).drop_duplicates()
    items = [Heading(say("heading_city_assessment"), 2), Paragraph(intro), _city_table(results, scores, ordered, year)]
    if districts["rank_median"].notna().any():
        items.append(
            Chart(
                rank_interval_chart(ordered if large else districts),
                "90%",
                say("assessment_chart_caption"),
                "图",
            )
        )
    items += [Heading(say("heading_index_groups"), 3), Bullets(_group_sentences(results, districts, extremes))]
    return Elements(items)


JUDGED = ("achieved", "on_track", "acceleration_needed", "limited", "deteriorating", "unable")
JUDGED_FINAL = ("completed", "not_completed")
NOT_JUDGED = ("aspiration", "no_target", "not_applicable")


def outlook_counts(counts, final_year: int, final: bool) -> str:
    """How many indicators are in each class toward the final target: the plan's last year only says
    completed or not; aspirations and indicators that do not apply are named only when there are some."""
    judged = JUDGED_FINAL if final else JUDGED
    text = say(
        "assessment_outlook_final_counts" if final else "assessment_outlook_counts",
        final_year=final_year,
        counts="，".join(
            say("assessment_outlook_count", label=OUTLOOK_LABELS[k], n=int(counts.get(k, 0))) for k in judged
        ),
    )
    others = [
        say("assessment_outlook_count", label=say(f"outlook_not_judged_{k}"), n=int(counts.get(k, 0)))
        for k in NOT_JUDGED
        if counts.get(k, 0)
    ]
    return text + (say("assessment_outlook_not_judged", items="、".join(others)) if others else "")
