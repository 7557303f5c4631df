"""Parse what a statistician typed into a value cell."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

#: Cell contents that mean "not available".
MISSING_TOKENS = {"", "-", "--", "—", "——", "/", "…", "……", "...", "..", "na", "n/a", "无", "空", "x", "×"}

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# commas that group thousands: 1,234,567.8 (never after a leading 0: 0,590 is a decimal comma)
_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?$")


class ValueParseError(ValueError):
    """Raised when a cell holds something that is not a number; the message says what was found and
    ``fix``, when set, how to write it."""

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.fix = fix


def parse_value(raw, *, percent_ok: bool = False) -> float | None:
    """Return the number in a cell, or ``None`` for blank / not-available markers.

    Accepts numbers stored as text, thousands separators (``1,234.5``; a comma anywhere else, as in the
    decimal comma ``37,16``, is refused rather than read as 3716), full-width digits
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
    if "," in text:  # NFKC has made a full-width comma a plain one
        if not _GROUPED.match(text):
            raise ValueParseError(
                f"“{raw}”中的逗号不是千位分隔符（疑似把小数点写成了逗号）",
                "小数点用“.”（如 37.16）；千位分隔符只能每三位一个（如 1,234,567.8），也可不写",
            )
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise ValueParseError(f"“{raw}”不是数字")
    return float(text)
