"""The summary of a unit's report (counts, the overall standing, the scorecard and the sentences on what stands
out), and the parts of it the one-page brief (:mod:`.brief_one_page`) shows."""

from __future__ import annotations

import pandas as pd

from ..measure import RULE_LABELS, Results
from ..measure.targets import NO_SHARE_RULES
from ..missing import is_missing
from .elements import Bullets, Elements, Heading, Paragraph, Raw, Table, typst_str
from .formatting import MISSING, cn, fmt_number
from .references import reference_notes
from .rows import (
    indicator_numbers,
    rank_text,
    row_status,
    shown,
    shown_statuses,
    status_cell,
    status_colour,
    status_label,
    status_phrase,
    still_needed,
    unit_rows,
    value_text,
)
from .standing import tie_text
from .todo import MISSED, Todo, judged, todo_sentence, todos
from .typst_template import fill
from .units import goals_elsewhere, is_member, member_codes, members, unit_key, unit_name
from .wording import plan_text, say

COUNTED = ("met", "near", "behind")  # the statuses counted in every summary, even at zero
COUNTED_FINAL = ("completed", "not_completed")  # and in the plan's final year (rows.final_status)
STATUS_WIDTH = "7em"  # the scorecard's status column: 已实现力争目标 on one line


def not_decomposed(r) -> bool:
    """Whether the row is a member given no share of the whole's target: a running total the plan sets for the
    whole only (不设分县（市、区）目标), or a baseline of 0 (基期为0，不分解目标)."""
    return r.get("target_rule") in NO_SHARE_RULES


def has_stretch(results: Results, rows: pd.DataFrame) -> bool:
    return bool(rows["stretch_target"].notna().any())


def scorecard(results: Results, unit_code: str, year: int, rows: pd.DataFrame | None = None) -> Table:
    """Indicator, unit, value, target (and stretch target), completion (or gap in percentage points for
    growth rates), status, and for a district its place among the districts by value: a row per indicator that
    applies to the unit, numbered as its sections are (:func:`~.rows.indicator_numbers`); those that do not apply
    are named under the table (:func:`not_applying_note`). Indicators by their short name, as in every table."""
    unit_code = unit_key(results, unit_code)
    rows = unit_rows(results, unit_code, year) if rows is None else rows
    n = len(members(results))
    ranked = is_member(results, unit_code)
    stretch = has_stretch(results, rows)
    final = results.is_final(year)
    numbers = indicator_numbers(results, rows)
    body = []
    for ind in results.framework.indicators:
        if ind.id not in numbers:
            continue
        r = rows.loc[ind.id]
        s = shown(ind, r)
        targets = [s.target_cell, *([s.stretch] if stretch else [])]
        if stretch and r.get("target_kind") == "aspiration":  # an aspiration alone: under 力争, never under 确保
            targets = [MISSING, s.target]
        row = [
            f"{numbers[ind.id]}. {cn(ind.short_name)}",
            ind.unit,
            s.value,
            *targets,
            s.completion,
            status_cell(row_status(r, final), plan_text(RULE_LABELS[r["target_rule"]]) if not_decomposed(r) else None),
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
    # the status wraps (不设分县（市、区）目标 on two lines) rather than squeeze the indicators' names
    widths = ["1fr", *["auto"] * (len(header) - 2 - ranked), STATUS_WIDTH, *(["auto"] if ranked else [])]
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
    return Table(header, body, caption=say("scorecard_caption", year=year), supplement="表", widths=widths, align=align)


def not_applying_note(results: Results, unit_code: str, year: int, rows: pd.DataFrame) -> list[Paragraph]:
    """Under the scorecard: the indicators that do not apply to the unit, in one sentence (the whole's report: those
    that are the goals of a unit beside it, as the zone's, said as such)."""
    elsewhere = goals_elsewhere(results, unit_code, year)
    missing = [ind for ind in results.framework.indicators if rows.loc[ind.id, "status"] == "not_applicable"]
    by_owner: dict[tuple, list[str]] = {}
    for ind in missing:
        by_owner.setdefault(elsewhere.get(ind.id, ()), []).append(cn(ind.short_name))
    sentences = [
        say("scorecard_elsewhere", owner=owner[0], name=owner[1], names="、".join(names))
        if owner
        else say("scorecard_not_applicable", unit=unit_name(results, unit_code), names="、".join(names))
        for owner, names in by_owner.items()
    ]
    return [Paragraph("".join(sentences))] if sentences else []


def _change(ind, now, before):
    """A comparable size of change from last year: percentage points / 100 for growth rates, relative otherwise."""
    if is_missing(now) or is_missing(before) or before == 0:
        return None
    if ind.is_growth:
        return (now - before) / 100
    return now / before - 1


def _counts(rows: pd.DataFrame, final: bool, elsewhere: dict) -> tuple[pd.Series, dict]:
    """The rows' statuses as shown (:func:`~.rows.shown_statuses`) counted, and apart from them the indicators that
    are a unit beside the whole's goals (``elsewhere``, see :func:`~.units.goals_elsewhere`): owner -> count."""
    statuses = shown_statuses(rows, final)
    owned = statuses.index.isin(list(elsewhere))
    by_owner: dict[tuple, int] = {}
    for indicator in statuses.index[owned]:
        by_owner[elsewhere[indicator]] = by_owner.get(elsewhere[indicator], 0) + 1
    return statuses[~owned].value_counts(), by_owner


def status_counts(
    rows: pd.DataFrame, year: int, unit: str, n: int, final: bool = False, elsewhere: dict | None = None
) -> str:
    """How many indicators are in each status; in the plan's final year (``final``) how many targets were
    completed and how many not (接近 is not completed either); ``elsewhere`` (the whole's report): the indicators
    that are the goals of a unit beside it (:func:`~.units.goals_elsewhere`), counted as such, not as 不适用."""
    counts, owned = _counts(rows, final, elsewhere or {})
    if counts.get("not_applicable", 0) == len(rows):  # a park the plan asks for nothing: no row of zeros
        return say("status_counts_none_apply", year=year, unit=unit, n=n)
    counted = COUNTED_FINAL if final else COUNTED
    others = "".join(
        say("status_counts_other", label=status_label(s), count=int(c))
        for s, c in counts.items()
        if s not in counted and c
    ) + "".join(say("status_counts_elsewhere", owner=owner, name=name, count=c) for (owner, name), c in owned.items())
    if final:
        return say(
            "status_counts_final",
            year=year,
            unit=unit,
            n=n,
            completed=int(counts.get("completed", 0)),
            not_completed=int(counts.get("not_completed", 0)),
            others=others,
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


def _growth_findings(results: Results, rows: pd.DataFrame, final: bool, said: str = "") -> list[str]:
    """Each growth rate against its target, in percentage points (in the final year: completed or not), unless a
    finding before it (``said``: their text) already names it with its value and target."""
    sentences = []
    for ind in results.framework.indicators:
        if cn(ind.name) in said:
            continue
        if ind.is_growth and not is_missing(rows.loc[ind.id, "value"]) and not is_missing(rows.loc[ind.id, "target"]):
            s = shown(ind, rows.loc[ind.id])
            sentences.append(
                say(
                    "growth_finding",
                    indicator=cn(ind.name),
                    value=s.value,
                    gap=s.completion,
                    status=status_phrase(row_status(rows.loc[ind.id], final)),
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
    return [  # each year's value as its own row prints it, so that this year's is the scorecard's number
        say(
            "largest_change",
            indicator=cn(ind.name),
            before=value_text(ind, a, before.loc[k, "target"]),
            now=value_text(ind, b, rows.loc[k, "target"]),
            measure=ind.unit,
            verb=say("change_up") if b > a else say("change_down"),
        )
    ]


def headlines(results: Results, unit_code: str, year: int, rows: pd.DataFrame | None = None) -> list[str]:
    """Plain sentences on what stands out: counts, (in the final year) every binding target missed, best and
    largest gap against target (completion, not size), growth rates in percentage points, the biggest change from last year."""
    unit_code = unit_key(results, unit_code)
    rows = unit_rows(results, unit_code, year) if rows is None else rows
    final = results.is_final(year)
    elsewhere = goals_elsewhere(results, unit_code, year)
    named = [
        *_final_misses(results, unit_code, year, rows),
        *_strongest(results, unit_code, rows),
        *_weakest(results, rows, year),
    ]
    return [
        status_counts(rows, year, unit_name(results, unit_code), len(results.framework.indicators), final, elsewhere),
        *named,
        *_growth_findings(results, rows, final, "".join(named)),  # a growth rate named above is not said twice
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
                    tie=tie_text(table, unit_code),
                    index=index,
                )
            )
        ]
    )


def status_boxes(rows: pd.DataFrame, final: bool = False, elsewhere: dict | None = None) -> Raw:
    """A coloured box per status with its count: met, near and behind always (in the plan's final year
    completed and not completed), every other status present (无目标 and 无数据 too, so that the boxes add up to
    the indicators the sentence under them counts), and the goals of a unit beside the whole (``elsewhere``, see
    :func:`status_counts`)."""
    counts, owned = _counts(rows, final, elsewhere or {})
    judged_any = bool(set(counts.index) - {"not_applicable", "no_target", "no_data"}) or not len(counts)
    shown_always = (COUNTED_FINAL if final else COUNTED) if judged_any else ()  # a park asked for nothing: no 0 boxes
    states = [*shown_always, *[s for s in counts.index if s not in shown_always]]
    parts = [(status_colour(s), status_label(s), counts.get(s, 0)) for s in states] + [
        (status_colour("not_applicable"), say("elsewhere_label", owner=owner), c) for (owner, _), c in owned.items()
    ]
    boxes = [
        fill("status_box", colour=colour, count=count, label=typst_str(say("status_box", label=label)))
        for colour, label, count in parts
    ]
    typst = fill("status_boxes", columns=", ".join(["1fr"] * len(boxes)), boxes=", ".join(boxes)) + "\n"
    html = " ".join(
        f"<span style='background:{colour};color:white;padding:4px 10px;margin-right:6px'>"
        f"{say('status_box_html', label=label, count=count)}</span>"
        for colour, label, count in parts
    )
    return Raw(typst, f"<p>{html}</p>")


def summary(results: Results, unit_code: str, year: int) -> Elements:
    """The summary after the brief (which gives the counts and the overall standing): the scorecard, the
    headlines."""
    unit_code = unit_key(results, unit_code)
    rows = unit_rows(results, unit_code, year)
    names = {ind.id: cn(ind.short_name or ind.name) for ind in results.framework.indicators}
    notes = [  # each note names its indicator; an indicator that does not apply needs none
        say("data_note", indicator=names.get(i, i), note=cn(r["note"]).rstrip("。"))
        for i, r in rows.iterrows()
        if r["note"] and r["status"] != "not_applicable"
    ]
    card = scorecard(results, unit_code, year, rows)
    # a unit the plan asks for nothing (a park of wenzhou-zcq): no table of headers alone, the note says why
    items = [*([card] if card.rows else []), *not_applying_note(results, unit_code, year, rows)]
    if reference := reference_notes(results, rows, year):
        items.append(Paragraph(reference))
    if is_member(results, unit_code):
        items.append(Paragraph(say("rank_note", n=len(members(results)))))
    items += [Heading(say("heading_findings"), 3), Bullets(headlines(results, unit_code, year, rows))]
    if notes:
        items.append(Paragraph(say("data_notes", notes="；".join(dict.fromkeys(notes)))))
    return Elements(items)
