"""The one-page brief of a unit's report (page 2: where the unit stands, the three things that most need doing,
the to-do list to the final year), and the final year's part on every target completed or not."""

from __future__ import annotations

from ..measure import Results
from ..missing import is_missing
from .brief import overall_standing, status_boxes, status_counts
from .context import peer_place, structure_sentence, trend_table
from .elements import Bullets, Elements, Heading, Paragraph, Raw
from .formatting import cn
from .rows import indicator_numbers, unit_rows
from .todo import final_year_table, judged, todo_sentence, todo_table, todos
from .units import goals_elsewhere, unit_key, unit_name
from .wording import say

BRIEF_END = Raw("#pagebreak(weak: true)\n", "")  # the brief is page 2 alone: what follows starts page 3
PRIORITIES = 3  # the things that most need doing, named on the brief
# rows of the brief's target table that still fit on its page: with the trend table (7 lines) and without
BRIEF_ROWS_WITH_TREND, BRIEF_ROWS = 8, 14


def _priorities(results: Results, year: int, items) -> Elements:
    final = results.is_final(year)
    if not items:
        return Elements([Paragraph(say("brief_nothing_final" if final else "brief_nothing"))])
    sentences = [todo_sentence(t, year, results.framework.final_year, final) for t in items[:PRIORITIES]]
    return Elements([Bullets(sentences)])


def _aspirations_final(results: Results, rows) -> str:
    """The final year's 力争 aspirations, reached and not, named together (both or neither): never judged. An
    indicator with only an aspiration is named; one with an aspiration beside its binding target (确保30件，力争40件)
    is named with 的力争目标."""
    numbers = indicator_numbers(results, rows)
    parts = {True: [], False: []}
    for ind in results.framework.indicators:
        r = rows.loc[ind.id] if ind.id in rows.index else None
        if r is None or ind.id not in numbers or is_missing(r["value"]):
            continue
        name = f"{numbers[ind.id]}. {cn(ind.short_name)}"
        if r.get("target_kind") == "aspiration":
            parts[r["status"] == "met"].append(name)
        elif not is_missing(r.get("stretch_target")) and not is_missing(r.get("stretch_met")):
            parts[bool(r["stretch_met"])].append(say("brief_aspiration_beside", name=name))
    if not parts[True] and not parts[False]:
        return ""
    said = [
        say(f"brief_aspirations_{k}", n=len(v), names="、".join(v))
        for k, v in (("reached", parts[True]), ("missed", parts[False]))
        if v
    ]
    return say("brief_aspirations_final", parts="；".join(said))


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
    # binding targets only: a 力争 aspiration reached is no more 已完成 than one missed is 未完成 (named apart)
    judged_ids = [k for k, r in rows.iterrows() if judged(r) and r.get("target_kind") != "aspiration"]
    elsewhere = goals_elsewhere(results, unit_code, year)
    items = [
        Heading(say("heading_brief", unit=name, year=year), 2),
        status_boxes(rows, final, elsewhere),
        Paragraph(status_counts(rows, year, name, len(results.framework.indicators), final, elsewhere)),
        *overall_standing(results, unit_code, year),
    ]
    context = "".join((structure_sentence(results, unit_code, year), peer_place(results, unit_code, year)))
    if context:
        items.append(Paragraph(context))
    trend = trend_table(results, unit_code, year)
    if trend is not None:
        items.append(trend)
    if not judged_ids:  # a park asked for none of the plan's targets, or a year without data
        shown = rows["value"].notna().any() or (rows["status"] != "not_applicable").any()  # a value or a section
        key = "brief_no_targets" if shown else "brief_no_targets_no_values"  # never "见正文" of nothing
        return Elements([*items, Paragraph(say(key, unit=name, year=year)), BRIEF_END])
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
            completed, unlisted_missed = len(judged_ids) - len(missed), len(missed) - len(listed)
            key = "brief_more_final" if unlisted_missed else "brief_more_final_all_completed"  # no "未完成0项"
            items.append(Paragraph(say(key, completed=completed, missed=unlisted_missed)))
        if aspirations := _aspirations_final(results, rows):
            items.append(Paragraph(aspirations))
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
