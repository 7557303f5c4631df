"""The one-page brief of a unit's report (page 2: where the unit stands, the three things that most need doing,
the to-do list to the final year) and its summary (counts, the overall standing, the scorecard and the
sentences on what stands out)."""

from __future__ import annotations

import pandas as pd

from ..measure import RULE_LABELS, Results
from ..measure.precision import row_precision
from ..missing import is_missing
from .context import peer_place, structure_sentence, trend_table
from .elements import Bullets, Elements, Heading, Paragraph, Raw, Table, typst_str
from .formatting import cn, fmt_number
from .rows import rank_text, shown, status_cell, status_colour, status_label, status_phrase, still_needed, unit_rows
from .sections import reference_notes
from .todo import MISSED, Todo, final_year_table, judged, todo_sentence, todo_table, todos
from .typst_template import fill
from .units import is_member, member_codes, members, unit_key, unit_name
from .wording import plan_text, say

COUNTED = ("met", "near", "behind")  # the statuses counted in every summary, even at zero


def not_decomposed(r) -> bool:
    """Whether the row is a running total the plan sets no member target for (不设分县（市、区）目标)."""
    return r.get("target_rule") == "not_decomposed"


def has_stretch(results: Results, rows: pd.DataFrame) -> bool:
    return bool(rows["stretch_target"].notna().any())


def scorecard(results: Results, unit_code: str, year: int, rows: pd.DataFrame | None = None) -> Table:
    """Indicator, unit, value, target (and stretch target), completion (or gap in percentage points for
    growth rates), status, and for a district its place among the districts by value."""
    unit_code = unit_key(results, unit_code)
    rows = unit_rows(results, unit_code, year) if rows is None else rows
    n = len(members(results))
    ranked = is_member(results, unit_code)
    stretch = has_stretch(results, rows)
    body = []
    for i, ind in enumerate(results.framework.indicators, start=1):
        r = rows.loc[ind.id]
        s = shown(ind, r)
        row = [
            f"{i}. {cn(ind.name)}",
            ind.unit,
            s.value,
            s.target_cell,
            *([s.stretch] if stretch else []),
            s.completion,
            status_cell(s.status, plan_text(RULE_LABELS["not_decomposed"]) if not_decomposed(r) else None),
        ]
        if ranked:
            row.append(rank_text(r["rank"], n))
        body.append(row)
    header = [
        say("column_indicator"),
        say("column_measure"),
        say("column_value"),
        say("column_target_assured" if stretch else "column_target"),
        *([say("column_stretch")] if stretch else []),
        say("column_completion"),
        say("column_status"),
        *([say("column_rank_by_value")] if ranked else []),
    ]
    widths = ["1fr", *["auto"] * (len(header) - 1)]
    align = [
        "left",
        "center",
        "right",
        "right",
        *(["right"] if stretch else []),
        "right",
        "center",
        *(["center"] if ranked else []),
    ]
    return Table(header, body, caption=say("scorecard_caption", year=year), widths=widths, align=align)


def _change(ind, now, before):
    """A comparable size of change from last year: percentage points / 100 for growth rates, relative otherwise."""
    if is_missing(now) or is_missing(before) or before == 0:
        return None
    if ind.is_growth:
        return (now - before) / 100
    return now / before - 1


def _status_counts(rows: pd.DataFrame, year: int, unit: str, n: int) -> str:
    counts = rows["status"].value_counts()
    others = "".join(
        say("status_counts_other", label=status_label(s), count=int(c))
        for s, c in counts.items()
        if s not in COUNTED and c
    )
    return say(
        "status_counts",
        year=year,
        unit=unit,
        n=n,
        met=int(counts.get("met", 0)),
        near=int(counts.get("near", 0)),
        behind=int(counts.get("behind", 0)),
        others=others,
    )


def _strongest(results: Results, unit_code: str, rows: pd.DataFrame) -> list[str]:
    """The level indicator with the best completion (not growth rates, compared in points)."""
    levels = {i.id: i for i in results.framework.indicators if not i.is_growth}
    ach = rows.loc[[k for k in rows.index if k in levels], "achievement"].dropna()
    if not len(ach):
        return []
    best = levels[ach.idxmax()]
    r = rows.loc[best.id]
    s = shown(best, r)
    rank = (
        say("strongest_rank", n=len(members(results)), rank=int(r["rank"]))
        if not is_missing(r["rank"]) and is_member(results, unit_code)
        else ""
    )
    return [
        say("strongest", indicator=cn(best.name), value=s.value, measure=best.unit, completion=s.completion, rank=rank)
    ]


def _weakest(results: Results, rows: pd.DataFrame, year: int) -> list[str]:
    """The largest gap, chosen among the targets missed this year of any kind (growth rates too), most urgent
    first (:class:`~.todo.Todo`); a missed aspiration (力争) only when no binding target is missed; nothing when
    nothing is missed. In the final year every missed binding target is named instead (:func:`_final_misses`)."""
    fw = results.framework
    missed = [ind for ind in fw.indicators if judged(rows.loc[ind.id]) and rows.loc[ind.id, "status"] in MISSED]
    if missed:
        if results.is_final(year):
            return []
        worst = min(missed, key=lambda i: Todo(i, rows.loc[i.id], True).order)
    else:
        hoped = [
            i
            for i in fw.indicators
            if rows.loc[i.id, "status"] == "aspiration" and not is_missing(rows.loc[i.id, "achievement"])
        ]
        if not hoped:
            return []
        worst = min(hoped, key=lambda i: float(rows.loc[i.id, "achievement"]))
    r = rows.loc[worst.id]
    s = shown(worst, r)
    need = still_needed(worst, r, fw.final_year)
    return [
        say(
            "weakest_growth" if worst.is_growth else "weakest",
            indicator=cn(worst.name),
            value=s.value,
            target=s.target,
            about=s.about,
            measure=worst.unit,
            completion=s.completion,
            need=f"；{need}" if need else "",
        )
    ]


def _final_misses(results: Results, unit_code: str, year: int, rows: pd.DataFrame) -> list[str]:
    """In the plan's final year: each binding target missed, most missed first (the first of the findings)."""
    if not results.is_final(year):
        return []
    fw = results.framework
    return [todo_sentence(t, year, fw.final_year, True) for t in todos(results, unit_code, year, rows) if t.missed]


def _growth_findings(results: Results, rows: pd.DataFrame) -> list[str]:
    """Each growth rate against its target, in percentage points."""
    sentences = []
    for ind in results.framework.indicators:
        if ind.is_growth and not is_missing(rows.loc[ind.id, "value"]) and not is_missing(rows.loc[ind.id, "target"]):
            s = shown(ind, rows.loc[ind.id])
            sentences.append(
                say(
                    "growth_finding",
                    indicator=cn(ind.name),
                    value=s.value,
                    gap=s.completion,
                    status=status_phrase(s.status),
                )
            )
    return sentences


def _largest_change(results: Results, unit_code: str, year: int, rows: pd.DataFrame) -> list[str]:
    """The indicator that changed most from last year (relative; growth rates in percentage points)."""
    if year - 1 not in results.years:
        return []
    fw = results.framework
    before = unit_rows(results, unit_code, year - 1)
    changes = {i.id: _change(i, rows.loc[i.id, "value"], before.loc[i.id, "value"]) for i in fw.indicators}
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        return []
    k = max(changes, key=lambda k: abs(changes[k]))
    ind = fw.indicator(k)
    a, b = before.loc[k, "value"], rows.loc[k, "value"]
    p = row_precision(ind.precision, a, b)
    return [
        say(
            "largest_change",
            indicator=cn(ind.name),
            before=fmt_number(a, p),
            now=fmt_number(b, p),
            measure=ind.unit,
            verb=say("change_up") if b > a else say("change_down"),
        )
    ]


def headlines(results: Results, unit_code: str, year: int, rows: pd.DataFrame | None = None) -> list[str]:
    """Plain sentences on what stands out: counts, (in the final year) every binding target missed, best and
    largest gap against target (completion, not size), growth rates in percentage points, the biggest change from last year."""
    unit_code = unit_key(results, unit_code)
    rows = unit_rows(results, unit_code, year) if rows is None else rows
    return [
        _status_counts(rows, year, unit_name(results, unit_code), len(results.framework.indicators)),
        *_final_misses(results, unit_code, year, rows),
        *_strongest(results, unit_code, rows),
        *_weakest(results, rows, year),
        *_growth_findings(results, rows),
        *_largest_change(results, unit_code, year, rows),
    ]


def assessment_table(results: Results, year: int) -> pd.DataFrame:
    """The compared units' assessment of ``year`` (score, rank, grade, index, group), best score first."""

    def build():
        scores = results.scores
        rows = scores[(scores["year"] == year) & scores["unit_code"].isin(member_codes(results))]
        return (
            rows.dropna(subset=["assessment_score", "assessment_rank"])
            .sort_values(["assessment_rank", "unit_code"])
            .set_index("unit_code")
        )

    return results.cached(("assessment_table", year), build).copy(deep=False)


def overall_standing(results: Results, unit_code: str, year: int) -> Elements:
    """The district's overall place by its assessment score (the measure of the city report's ranking table, so
    the two agree) and its composite-index group; the assessment section below explains both."""
    if not is_member(results, unit_code) or results.scores is None:
        return Elements([])
    table = assessment_table(results, year)
    if unit_code not in table.index:
        return Elements([])
    r = table.loc[unit_code]
    if is_missing(r["assessment_rank"]):
        return Elements([])
    index = (
        say("overall_index", index=fmt_number(r["index"], 1), group=r["group"]) if not is_missing(r["index"]) else ""
    )
    return Elements(
        [
            Paragraph(
                say(
                    "overall_standing" if r["grade"] else "overall_standing_plain",
                    score=fmt_number(r["assessment_score"], 2),
                    grade=r["grade"],
                    districts=len(table),
                    rank=int(r["assessment_rank"]),
                    index=index,
                )
            )
        ]
    )


def status_boxes(rows: pd.DataFrame) -> Raw:
    """A coloured box per status with its count: met, near and behind always, other statuses when present
    (never no_target / no_data)."""
    counts = rows["status"].value_counts()
    states = [*COUNTED, *[s for s in counts.index if s not in COUNTED and s not in ("no_target", "no_data")]]
    boxes = [
        fill(
            "status_box",
            colour=status_colour(s),
            count=counts.get(s, 0),
            label=typst_str(say("status_box", label=status_label(s))),
        )
        for s in states
    ]
    typst = fill("status_boxes", columns=", ".join(["1fr"] * len(boxes)), boxes=", ".join(boxes)) + "\n"
    html = " ".join(
        f"<span style='background:{status_colour(s)};color:white;padding:4px 10px;margin-right:6px'>"
        f"{say('status_box_html', label=status_label(s), count=counts.get(s, 0))}</span>"
        for s in states
    )
    return Raw(typst, f"<p>{html}</p>")


def summary(results: Results, unit_code: str, year: int) -> Elements:
    """The summary after the brief (which gives the counts and the overall standing): the scorecard, the
    headlines."""
    unit_code = unit_key(results, unit_code)
    rows = unit_rows(results, unit_code, year)
    notes = [cn(r["note"]).rstrip("。") for _, r in rows.iterrows() if r["note"]]
    items = [scorecard(results, unit_code, year, rows)]
    if reference := reference_notes(results, rows, year):
        items.append(Paragraph(reference))
    if is_member(results, unit_code):
        items.append(Paragraph(say("rank_note", n=len(members(results)))))
    items += [Heading(say("heading_findings"), 3), Bullets(headlines(results, unit_code, year, rows))]
    if notes:
        items.append(Paragraph(say("data_notes", notes="；".join(dict.fromkeys(notes)))))
    return Elements(items)


BRIEF_END = Raw("#pagebreak(weak: true)\n", "")  # the brief is page 2 alone: what follows starts page 3
PRIORITIES = 3  # the things that most need doing, named on the brief
# rows of the brief's target table that still fit on its page: with the trend table (7 lines) and without
BRIEF_ROWS_WITH_TREND, BRIEF_ROWS = 8, 14


def _final_counts(rows: pd.DataFrame, year: int, unit: str) -> str:
    """In the plan's final year: how many targets were completed and how many not."""
    counts = rows["outlook"].value_counts()
    return say(
        "brief_final_counts",
        year=year,
        unit=unit,
        completed=int(counts.get("completed", 0)),
        not_completed=int(counts.get("not_completed", 0)),
    )


def _priorities(results: Results, year: int, items) -> Elements:
    final = results.is_final(year)
    if not items:
        return Elements([Paragraph(say("brief_nothing_final" if final else "brief_nothing"))])
    sentences = [todo_sentence(t, year, results.framework.final_year, final) for t in items[:PRIORITIES]]
    return Elements([Bullets(sentences)])


def brief_page(results: Results, unit_code: str | None, year: int) -> Elements:
    """Page 2 of every report, one page an official reads in a minute: where the unit stands (status counts,
    score and rank with what they mean, index and group, their trend over the years, its place among its peers:
    only what the plan has), the three things that most need doing, and the to-do list to the final year (in
    the final year: what was missed). ``unit_code`` None: the city (the plan's whole)."""
    unit_code = unit_key(results, unit_code)
    rows = unit_rows(results, unit_code, year)
    name = unit_name(results, unit_code)
    final = results.is_final(year)
    final_year = results.framework.final_year
    judged_ids = [k for k, r in rows.iterrows() if judged(r)]
    standing = [_status_counts(rows, year, name, len(results.framework.indicators))]
    if final and judged_ids:
        standing.append(_final_counts(rows, year, name))
    items = [
        Heading(say("heading_brief", unit=name, year=year), 2),
        status_boxes(rows),
        Paragraph("".join(standing)),
        *overall_standing(results, unit_code, year),
    ]
    context = "".join((structure_sentence(results, unit_code, year), peer_place(results, unit_code, year)))
    if context:
        items.append(Paragraph(context))
    trend = trend_table(results, unit_code, year)
    if trend is not None:
        items.append(trend)
    if not judged_ids:  # a park asked for none of the plan's targets, or a year without data
        return Elements([*items, Paragraph(say("brief_no_targets", unit=name, year=year)), BRIEF_END])
    due = todos(results, unit_code, year, rows)
    items += [
        Heading(say("brief_priorities_final" if final else "brief_priorities"), 3),
        *_priorities(results, year, due),
    ]
    limit = BRIEF_ROWS if trend is None else BRIEF_ROWS_WITH_TREND  # so that the brief stays on one page
    if final:  # every target judged, completed or not (only those missed when they are many): no future pace
        missed = [t.indicator.id for t in due]
        listed = judged_ids if len(judged_ids) <= limit else missed[:limit]
        items += [Heading(say("brief_todo_final"), 3), final_year_table(results, unit_code, year, "", listed)]
        if len(listed) < len(judged_ids):
            items.append(
                Paragraph(
                    say("brief_more_final", completed=len(judged_ids) - len(missed), missed=len(missed) - len(listed))
                )
            )
    elif due:
        items += [Heading(say("brief_todo", final_year=final_year), 3), todo_table(results, year, due[:limit], "")]
        more = say("brief_more_todo", n=len(due) - limit) if len(due) > limit else ""
        items.append(Paragraph(more + say("brief_todo_note", final_year=final_year)))
    return Elements([*items, BRIEF_END])


def final_year_part(results: Results, unit_code: str | None, year: int) -> Elements:
    """The part after the city's brief: every indicator of the whole and what must happen by the final year.
    Nothing in the final year, whose brief already lists every target completed or not."""
    unit_code = unit_key(results, unit_code)
    if results.is_final(year):
        return Elements([])
    final_year = results.framework.final_year
    caption = say("final_table_caption", year=year, final_year=final_year, unit=unit_name(results, unit_code))
    return Elements(
        [
            Heading(say("heading_final_table", final_year=final_year), 2),
            final_year_table(results, unit_code, year, caption),
            Paragraph(say("final_table_note", final_year=final_year)),
        ]
    )
