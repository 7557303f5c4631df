"""The comparison with a reference unit (the province) that an aspiration asks for (力争超过全省平均): a
sentence under an indicator and a note under a table with a 力争目标 column."""

from __future__ import annotations

import pandas as pd

from ..measure import Results
from ..measure.targets import ILLUSTRATIVE_MARK
from ..missing import is_missing
from .formatting import cn, fmt_number
from .wording import say


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


def reference_line(results: Results, indicator, r) -> tuple[str, pd.Series] | None:
    """The reference unit's values that the row's aspiration compares the unit with (浙江省 for 力争超全省平均), in
    every year up to the row's where the unit's rows compare them (its 力争目标 less the plan's margin: numbers the
    report already stands on), and the legend naming it, marked （示例数值） when one of them comes from a workbook
    that calls itself illustrative; ``None`` when the row has no such aspiration or no such value."""
    code, year = r["unit_code"], int(r["year"])
    aspiration = indicator.reference_aspiration(year, code)
    if aspiration is None:
        return None
    rows = results.unit_table(code)
    rows = rows[(rows["indicator"] == indicator.id) & (rows["year"] <= year) & rows["stretch_target"].notna()]
    values = {}
    for y, stretch in zip(rows["year"], rows["stretch_target"]):
        own = indicator.reference_aspiration(int(y), code)
        if own is not None and own.stretch_reference == aspiration.stretch_reference:
            values[int(y)] = stretch - (own.stretch or 0.0)
    if not values:
        return None
    ref_code = aspiration.stretch_reference
    marked = results.cached("illustrative", results.dataset.illustrative)
    reference_unit = results.units.get(ref_code)
    name = cn(reference_unit.name if reference_unit else ref_code)
    illustrative = any((ref_code, y) in marked for y in values)
    label = say("legend_reference_illustrative" if illustrative else "legend_reference", name=name)
    return label, pd.Series(values, dtype=float).sort_index()
