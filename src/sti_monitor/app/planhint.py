"""A hint when a data folder's unit codes belong to another plan than the chosen one (a folder of 锦州
checked against 温州's units gives an error per workbook, where one sentence says what to change)."""

from __future__ import annotations

from ..measure.plans import plan_of_codes, unknown_codes
from ..report.wording import say


def other_plan(dataset, framework_id: str) -> str | None:
    """The sentence naming the plan whose units hold most of the folder's unknown codes, or ``None``."""
    codes = unknown_codes(dataset.errors)
    plan = plan_of_codes(codes, dataset.data_dir, framework_id)
    return say("app_other_plan", n=len(codes), name=plan.name) if plan else None
