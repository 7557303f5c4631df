"""The definitions of a plan's indicators as one table: what the report appendix (附表 1) and the
indicator workbook (sheet 指标定义) list, with the same labels in both.

It lives below ``report/`` and ``publish/`` because both show it (neither imports the other).
"""

from __future__ import annotations

import pandas as pd

INTERPOLATION_LABELS = {"linear": "线性", "geometric": "几何"}
DECOMPOSITION_LABELS = {"proportional": "按基期比例", "same": "与全市相同"}
#: Column headers, by column of :func:`definitions`; ``method`` is interpolation and decomposition in one column.
DEFINITION_HEADERS = {
    "indicator": "指标代码",
    "name": "指标",
    "unit": "单位",
    "formula": "计算方法",
    "definition": "说明",
    "interpolation": "目标插值",
    "decomposition": "目标分解",
    "method": "目标插值 / 分解",
}


def definitions(framework, fields) -> pd.DataFrame:
    """One row per indicator of ``framework``, in its order: id, name, unit, formula (in words, from
    ``fields``), definition, and the labels of its target interpolation, its decomposition to districts
    and both (``method``, "线性 / 按基期比例")."""
    rows = []
    for ind in framework.indicators:
        interpolation = INTERPOLATION_LABELS[ind.interpolation]
        decomposition = DECOMPOSITION_LABELS[ind.decomposition]
        rows.append(
            {
                "indicator": ind.id,
                "name": ind.name,
                "unit": ind.unit,
                "formula": ind.formula_text(fields),
                "definition": ind.definition,
                "interpolation": interpolation,
                "decomposition": decomposition,
                "method": f"{interpolation} / {decomposition}",
            }
        )
    return pd.DataFrame(rows, columns=list(DEFINITION_HEADERS))
