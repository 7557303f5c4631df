"""Which shipped plan a data folder's unit codes belong to, when they are not the chosen plan's (a folder of
锦州 checked against 温州's units gives an error per workbook, where one sentence says what to change)."""

from __future__ import annotations

import re

from ..ingest.units import units_for
from ..paths import FRAMEWORKS_DIR
from .framework import Framework, load_framework

#: The reader's error for a code its units list does not hold.
UNKNOWN_UNIT = re.compile(r"单位代码“(\d{6})”不在单位清单中")


def unknown_codes(problems) -> set[str]:
    """The unit codes that ``problems`` say the units list does not hold."""
    return {m.group(1) for p in problems if p.severity == "error" and (m := UNKNOWN_UNIT.search(p.what))}


def plan_of_codes(codes: set[str], data_dir, framework_id: str) -> Framework | None:
    """The shipped plan (other than ``framework_id``) whose units hold most of ``codes`` (more than half, and
    at least two codes), or ``None``."""
    if len(codes) < 2:
        return None
    best = None
    for path in sorted(FRAMEWORKS_DIR.glob("*.yaml")):
        if path.stem == framework_id:
            continue
        plan = load_framework(path.stem)
        known = sum(code in units_for(data_dir, plan.units) for code in codes)
        if known * 2 > len(codes) and (best is None or known > best[0]):
            best = (known, plan)
    return best[1] if best else None
