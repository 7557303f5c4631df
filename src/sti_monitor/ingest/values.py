"""Parse what a statistician typed into a value cell."""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

#: Cell contents that mean "not available".
MISSING_TOKENS = {"", "-", "--", "—", "——", "/", "…", "……", "...", "..", "na", "n/a", "无", "空", "x", "×"}

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class ValueParseError(ValueError):
    """Raised when a cell holds something that is not a number; the message says what was found."""


def parse_value(raw, *, percent_ok: bool = False) -> float | None:
    """Return the number in a cell, or ``None`` for blank / not-available markers.

    Accepts numbers stored as text, thousands separators (``1,234.5``), full-width digits
    (``１２３``), surrounding spaces, and a ``%`` sign when ``percent_ok``.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueParseError(f"逻辑值 {raw}")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and math.isnan(raw):
            return None
        if math.isinf(raw):
            raise ValueParseError("无穷大")
        return float(raw)
    if isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        raise ValueParseError(f"日期/时间 {raw}（单元格可能被设成了日期格式）")
    text = unicodedata.normalize("NFKC", str(raw))
    text = re.sub(r"[\s\u00a0\u3000]+", "", text)
    if text.lower() in MISSING_TOKENS:
        return None
    if text.endswith("%"):
        if not percent_ok:
            raise ValueParseError(f"“{raw}”带有百分号，但该字段不是百分比")
        text = text[:-1]
    text = text.replace(",", "").replace("，", "")
    if not _NUMBER.match(text):
        raise ValueParseError(f"“{raw}”不是数字")
    return float(text)
