"""The values of a unit the plan sets no target for (a park asked for nothing): the year's value of each indicator,
with its unit, and no target or status, so that its report shows the numbers its summary says it lists."""

from __future__ import annotations

from ..measure import Results
from ..missing import is_missing
from .elements import Elements, Paragraph, Table
from .formatting import cn
from .rows import unit_rows, value_text
from .units import unit_name
from .wording import say


def values_part(results: Results, unit_code: str, year: int) -> Elements:
    """A table of each indicator's value of ``year`` that the unit has (name, value, unit), and a sentence naming
    those it has no value for; nothing when it has no value at all. For a unit no indicator applies to: it
    carries no numbers, targets or statuses of the plan's, only what the unit reported."""
    rows = unit_rows(results, unit_code, year)
    inds = [ind for ind in results.framework.indicators if ind.id in rows.index]
    have = [ind for ind in inds if not is_missing(rows.loc[ind.id, "value"])]
    if not have:
        return Elements([])
    name = unit_name(results, unit_code)
    table = Table(
        [say("column_indicator"), say("values_column_value", year=year), say("column_measure")],
        [[cn(ind.short_name or ind.name), value_text(ind, rows.loc[ind.id, "value"]), ind.unit] for ind in have],
        caption=say("values_caption", unit=name, year=year),
        supplement="表",
        widths=["1fr", "auto", "auto"],
        align=["left", "right", "center"],
        font_size="9pt",
    )
    without = [cn(ind.short_name or ind.name) for ind in inds if ind not in have]
    note = [Paragraph(say("values_none", names="、".join(without), year=year))] if without else []
    return Elements([table, *note])
