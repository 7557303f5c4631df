"""The plan's final year (终期评估): each target is completed (已完成) or not (未完成), 接近 included, in every
output (reports, summary.xlsx, the control panel); the other years keep 达标 / 接近 / 未达标."""

from __future__ import annotations

import pandas as pd

from ..missing import is_missing
from .compliance import STATUS_COLOURS, STATUS_LABELS
from .outlook import OUTLOOK_LABELS

FINAL_STATUS = {"met": "completed", "near": "not_completed", "behind": "not_completed"}
FINAL_LABELS = {
    "completed": OUTLOOK_LABELS["completed"],
    "not_completed": OUTLOOK_LABELS["not_completed"],
    "aspiration_reached": "已实现力争目标",
}
FINAL_COLOURS = {
    "completed": STATUS_COLOURS["met"],
    "not_completed": STATUS_COLOURS["behind"],
    "aspiration_reached": STATUS_COLOURS["met"],
}


def final_status(status, final: bool, aspiration: bool = False):
    """``status`` as shown: in the plan's final year (``final``) 达标 is 已完成 and 接近 / 未达标 are 未完成
    (``completed`` / ``not_completed``), a 力争 aspiration (``aspiration``) reached is 已实现力争目标, never
    已完成; other statuses (不适用, 无数据, 未达力争目标…) and other years unchanged."""
    if not final or is_missing(status):
        return status
    if aspiration and status == "met":
        return "aspiration_reached"
    return FINAL_STATUS.get(status, status)


def shown_statuses(rows: pd.DataFrame, final: bool) -> pd.Series:
    """The statuses of ``rows`` (results rows) as shown (:func:`final_status`)."""
    kinds = rows["target_kind"] if "target_kind" in rows else pd.Series("", index=rows.index)
    return pd.Series(
        [final_status(s, final, k == "aspiration") for s, k in zip(rows["status"], kinds, strict=True)],
        index=rows.index,
        dtype=object,
    )


def shown_label(status) -> str | None:
    """The word of a status as shown, of any year (达标, 接近, 已完成, 未完成…); ``None`` for one not known."""
    return STATUS_LABELS.get(status) or FINAL_LABELS.get(status)


def shown_colour(status) -> str | None:
    """The colour of a status as shown, of any year; ``None`` for one not known."""
    return STATUS_COLOURS.get(status) or FINAL_COLOURS.get(status)
