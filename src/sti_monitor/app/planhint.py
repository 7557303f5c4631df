"""A hint when a data folder's unit codes belong to another plan than the chosen one (a folder of 锦州
checked against 温州's units gives an error per workbook, where one sentence says what to change)."""
from __future__ import annotations

import re

from ..ingest.units import units_for
from ..measure import load_framework
from ..paths import FRAMEWORKS_DIR
from ..report.wording import say

#: The reader's error for a code its units list does not hold.
UNKNOWN_UNIT = re.compile(r"单位代码“(\d{6})”不在单位清单中")


def other_plan(dataset, framework_id: str) -> str | None:
    """The sentence naming the plan whose units hold most of the folder's unknown codes, or ``None``."""
    codes = {m.group(1) for p in dataset.errors if (m := UNKNOWN_UNIT.search(p.what))}
    if len(codes) < 2:
        return None
    best = None
    for path in sorted(FRAMEWORKS_DIR.glob("*.yaml")):
        if path.stem == framework_id:
            continue
        plan = load_framework(path.stem)
        known = sum(code in units_for(dataset.data_dir, plan.units) for code in codes)
        if known * 2 > len(codes) and (best is None or known > best[0]):
            best = (known, plan)
    return say("app_other_plan", n=len(codes), name=best[1].name) if best else None
