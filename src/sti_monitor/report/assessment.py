"""Report elements of the assessment (考核), the composite index and the outlook toward the final target:
a unit's summary block, the city's assessment table, rank-interval chart and groups, and the rules for the appendix."""

from __future__ import annotations

import html

import pandas as pd

from ..config import settings
from ..ingest import load_fields
from ..measure import OUTLOOK_COLOURS, OUTLOOK_LABELS, Results
from ..measure.assessment import VETO_LABELS
from ..missing import is_missing
from .elements import Bullets, Cell, Chart, Elements, Heading, Paragraph, Table, without_column
from .formatting import MISSING, cn, fmt_number
from .rows import final_target_text
from .svgchart import _text
from .units import is_large, large_extremes, unit_key
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


def unit_assessment(results: Results, unit_code, year: int) -> Elements:
    """A unit's assessment: score, grade, rank with its interval, index and group, and per indicator
    the weighted points and the outlook toward the final target."""
    code = unit_key(results, unit_code)
    fw, units = results.framework, results.units
    s = _scores(results, year).loc[code]
    unit = units[code]
    n = len(results.members)
    text = []
    if is_missing(s["assessment_score"]):
        text.append(say("assessment_not_scored", year=year, unit=cn(unit.name)))
    elif pd.isna(s["assessment_rank"]):
        text.append(
            say(
                "assessment_score" if s["grade"] else "assessment_score_plain",
                year=year,
                unit=cn(unit.name),
                score=fmt_number(s["assessment_score"], 2),
                grade=s["grade"],
            )
        )
    else:
        text.append(
            say(
                "assessment_score_ranked" if s["grade"] else "assessment_score_ranked_plain",
                year=year,
                unit=cn(unit.name),
                score=fmt_number(s["assessment_score"], 2),
                grade=s["grade"],
                n=n,
                rank=int(s["assessment_rank"]),
            )
        )
    if s["missing_indicators"]:
        text.append(say("assessment_missing", names=s["missing_indicators"]))
    if s["veto"]:
        text.append(say("assessment_veto", text=s["veto"]))
    if not results.members:
        pass  # a plan of one unit: no index or rank against other units
    elif code == units.city.code and not is_missing(s["index"]):
        text.append(say("assessment_index_city", base_year=fw.baseline_year, change=_change(s["index_change"])))
    elif is_missing(s["index"]):
        reason = plan_text(s["note"].split("；")[-1]) if s["note"] else say("assessment_index_reason_default")
        text.append(say("assessment_index_missing", unit=cn(unit.name), reason=reason))
    else:
        text.append(
            say(
                "assessment_index",
                index=fmt_number(s["index"], 1),
                group=s["group"],
                base_year=fw.baseline_year,
                change=_change(s["index_change"]),
            )
        )
    if not pd.isna(s["rank_median"]):
        text.append(
            say(
                "assessment_interval",
                draws=fw.composite.draws,
                unit=cn(unit.name),
                median=int(s["rank_median"]),
                low=int(s["rank_p05"]),
                high=int(s["rank_p95"]),
            )
        )
        level = level_with(_scores(results, year), code)
        text.append(say("assessment_level_with", names=_names(level)) if level else say("assessment_level_alone"))
    rows = results.unit_table(code, year).set_index("indicator")
    # a target the plan does not set for the unit is 无目标, never 无法评估 (which means data is missing)
    no_target = (rows["status"] == "no_target") & (rows["outlook"] == "unable")
    rows["outlook"] = rows["outlook"].mask(no_target, "no_target")
    counts = rows["outlook"].value_counts()
    if counts.get("not_applicable", 0) == len(rows):  # a park the plan sets no goal: no table of dashes
        text.append(say("assessment_nothing_applies", unit=cn(unit.name)))
        return Elements([Paragraph("".join(text))])
    text.append(outlook_counts(counts, fw.final_year, final=year >= fw.final_year))
    weights = dict(fw.assessment.weights)
    body = []
    for i, ind in enumerate(fw.indicators, start=1):
        r = rows.loc[ind.id]
        body.append(
            [
                f"{i}. {ind.short_name}",
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
                fmt_number(r["pace_ratio"], 2),
            ]
        )
    header = [
        say("column_indicator"),
        say("column_weight"),
        say("column_points"),
        say("column_final_target", year=fw.final_year),
        say("column_progress"),
        say("column_pace_ratio"),
    ]
    table = Table(
        header,
        body,
        caption=say("assessment_unit_table_caption", year=year, unit=cn(unit.name)),
        supplement="表",
        widths=["1.6fr", "auto", "auto", "auto", "auto", "auto"],
        align=["left", "right", "right", "right", "center", "right"],
        font_size="8.5pt",
    )
    return Elements([Paragraph("".join(text)), table])


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


def city_assessment(results: Results, year: int) -> Elements:
    """The city's assessment: a table of every district and zone (score, grade, rank, index, group, rank interval),
    the rank-interval chart, and a sentence per performance group."""
    fw, units = results.framework, results.units
    scores = _scores(results, year)
    if not results.members:  # a plan of one unit: its own score and outlooks, nothing to rank it against
        return Elements([Heading(say("heading_assessment"), 3), *unit_assessment(results, units.city.code, year).items])
    districts = scores.loc[[c for c in results.member_codes if c in scores.index]]
    large = is_large(results)
    grades = districts["grade"].value_counts()
    grade_text = "，".join(say("grade_count", grade=g, count=int(grades.get(g, 0))) for g in fw.assessment.grade_names)
    items = [
        Heading(say("heading_city_assessment"), 2),
        Paragraph(
            say(
                "assessment_city_intro" if fw.assessment.grades else "assessment_city_intro_plain",
                year=year,
                n=len(districts),
                grades=grade_text,
            )
        ),
    ]
    body = []
    ordered = districts.sort_values(["assessment_rank", "unit_name"], na_position="last")
    extremes = large_extremes()  # with a large set, the city report names this many districts at each end
    if large:  # a large set: the first and last few; every unit is in summary.xlsx
        ordered = pd.concat([ordered.head(extremes), ordered.tail(extremes)]).drop_duplicates()
    for _code, s in [
        *ordered.iterrows(),
        *scores.loc[[u.code for u in units.zones]].iterrows(),
        (units.city.code, scores.loc[units.city.code]),
    ]:
        interval = "—" if pd.isna(s["rank_median"]) else f"{s['rank_p05']}—{s['rank_p95']}（{s['rank_median']}）"
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
    if not fw.assessment.grades:  # the plan sets no grades: no column of dashes
        header, body, align = (without_column(x, 3) for x in (header, body, align))
    items.append(
        Table(
            header,
            body,
            caption=say("assessment_table_caption", year=year),
            supplement="表",
            align=align,
            font_size="8pt",
        )
    )
    if districts["rank_median"].notna().any():
        items.append(
            Chart(
                rank_interval_chart(ordered if large else districts),
                "90%",
                say("assessment_chart_caption"),
                "图",
            )
        )
    sentences = []
    bounds = [*fw.composite.groups, (fw.composite.lowest_group, None)]
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
    items += [Heading(say("heading_index_groups"), 3), Bullets(sentences)]
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


def _condition_text(c) -> str:
    """A grade's conditions besides its score (so that a grade never contradicts the status counts)."""
    parts = []
    if c.max_behind is not None:
        parts.append(
            say("grade_condition_none_behind")
            if c.max_behind == 0
            else say("grade_condition_max_behind", n=c.max_behind)
        )
    if c.min_met_share is not None:
        parts.append(say("grade_condition_min_met", share=f"{c.min_met_share:.0%}"))
    return "，且" + "、".join(parts) if parts else ""


def assessment_rules(results: Results) -> Elements:
    """Every rule of the assessment, composite index, rank intervals and outlooks, in Chinese."""
    fw = results.framework
    a, c = fw.assessment, fw.composite
    fields = load_fields()
    weights = dict(a.weights)
    if len(set(weights.values())) == 1:
        weight_text = say("rule_equal_weights")
    else:
        weight_text = "；".join(f"{fw.indicator(i).short_name} {w:g}" for i, w in weights.items())
    grades = "，".join(
        say("rule_grade", name=name, low=f"{low:g}", condition=_condition_text(a.condition(name)))
        for name, low in a.grades
    ) + say("rule_otherwise", name=a.fail_grade)
    vetoes = "；".join(
        say("rule_veto", indicator=fw.indicator(v.indicator).short_name, when=VETO_LABELS[v.when], grade=v.best_grade)
        for v in a.vetoes
    )
    transforms = []
    for ind_id, t in c.transforms:
        text = fw.indicator(ind_id).short_name
        if t.per:
            text += say("rule_transform_per", field=fields[t.per].name)
        if t.scale != 1:
            text += say("rule_transform_scale", scale=f"{t.scale:g}")
        if t.sqrt:
            text += say("rule_transform_sqrt")
        transforms.append(text)
    groups = "，".join(say("rule_group", name=name, low=f"{low:g}") for name, low in c.groups) + say(
        "rule_otherwise", name=c.lowest_group
    )
    outlook = settings()["outlook"]
    items = [
        say("assessment_rule_score", cap=f"{a.cap:g}", weights=weight_text),
        say("assessment_rule_growth", points=f"{a.points_per_point:g}"),
        say("assessment_rule_grade", grades=grades) if a.grades else say("assessment_rule_no_grade"),
        say("assessment_rule_veto", rules=vetoes) if vetoes else say("assessment_rule_no_veto"),
        say("assessment_rule_transform", transforms="；".join(transforms) or say("rule_transform_none")),
        say("assessment_rule_normalise", base_year=fw.baseline_year, sd=f"{c.outlier_sd:g}"),
        say("assessment_rule_index", coverage=f"{c.min_coverage:.0%}", base_year=fw.baseline_year),
        say("assessment_rule_group", groups=groups),
        say("assessment_rule_interval", seed=c.seed, draws=c.draws, sd=f"{c.outlier_sd:g}"),
        say(
            "assessment_rule_outlook",
            base_year=fw.baseline_year,
            final_year=fw.final_year,
            total=fw.final_year - fw.baseline_year,
            on_track=f"{outlook['on_track']:g}",
            acceleration=f"{outlook['acceleration_needed']:g}",
        ),
    ]
    if not results.members:  # a plan of one unit: no ranks, no index against other units
        single = (
            say("assessment_rule_grade_single", grades=grades) if a.grades else say("assessment_rule_no_grade_single")
        )
        items = [items[0], items[1], single, items[3], items[-1]]
    return Elements([Heading(say("heading_assessment_rules"), 3), Bullets(items)])
