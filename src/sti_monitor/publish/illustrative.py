"""Illustrative numbers in the files sent out: a 力争目标 that is a reference unit's value from a workbook that calls
itself illustrative (the sample's 浙江省, 示例数值) is marked so in every output: a cell note and （示例） in a
workbook, a ``stretch_note`` column in CSV and JSON (whose reader sees no cell note)."""

from __future__ import annotations

import pandas as pd

from ..measure import Results
from ..measure.targets import ILLUSTRATIVE_MARK
from .sheets import records


def illustrative_stretch(results: Results, ind, row) -> tuple[str, str] | None:
    """The reference unit's name and the cell note of a 力争目标 that is an illustrative reference value (the
    province's 示例数值); ``None`` for any other."""
    year = int(row["year"])
    aspiration = ind.reference_aspiration(year, row["unit_code"]) if row.get("stretch_target") is not None else None
    if aspiration is None:
        return None
    code = aspiration.stretch_reference
    if (code, year) not in results.cached("illustrative", results.dataset.illustrative):
        return None
    reference = results.units.get(code)
    name = reference.name if reference else code
    margin = f"加 {aspiration.stretch:g}" if aspiration.stretch else ""
    return name, f"{name}{year}年值{margin}{ILLUSTRATIVE_MARK}，仅作演示，不能当作官方统计数字引用"


STRETCH_NOTE = "stretch_note"  # CSV/JSON: where a 力争目标 is an illustrative reference value, saying so
ILLUSTRATIVE_META = f"{STRETCH_NOTE} 不为空的行，其力争目标（stretch_target）为参照单位的数值{ILLUSTRATIVE_MARK}"


def with_stretch_notes(results: Results, table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with a column ``stretch_note``: for a 力争目标 that is an illustrative reference value (the
    province's 示例数值) what the workbook's cell note says (示例数值，非官方统计); "" for any other row. A CSV or JSON
    reader, who sees no cell note, is told where the number comes from."""
    fw = results.framework
    notes = []
    for row in records(table[["unit_code", "year", "indicator", "stretch_target"]]):
        found = illustrative_stretch(results, fw.indicator(row["indicator"]), row)
        notes.append(found[1] if found else "")
    return table.assign(**{STRETCH_NOTE: notes})
