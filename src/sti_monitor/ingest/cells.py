"""What a cell says, folded for matching: text without spaces, a year, a position in a row."""

from __future__ import annotations

import math
import re
import unicodedata

_SPACES = re.compile(r"\s+")
YEAR_HEADER = re.compile(r"^((19|20)\d{2})(年|年度)?(数据|数值|值)?$")
YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*(?:年|$)")
_CHINESE_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
_CHINESE_YEAR = re.compile(r"^[〇○零一二三四五六七八九]{4}(?=年)")


def text_of(value) -> str:
    """A cell as text for matching: NFKC (full-width to half-width), no whitespace, ``2023.0`` as ``2023``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text if text.isalnum() else _SPACES.sub("", text)  # the common case (a code, a name) has no space


def year_of(value) -> int | None:
    """The year a cell holds (``2023``, ``2023.0``, ``2023年``, ``2023年度``, ``二〇二三年``), else ``None``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
            return None
        return int(value) if 1900 <= value <= 2100 else None
    text = text_of(value)
    if _CHINESE_YEAR.match(text):  # 二〇二三年
        text = text[:4].translate(_CHINESE_DIGITS) + text[4:]
    m = YEAR_HEADER.match(text)
    return int(m.group(1)) if m else None


def cell_at(row, col):
    """The value at ``col`` of ``row``, ``None`` beyond its end or when ``col`` is ``None``."""
    return row[col] if col is not None and col < len(row) else None


_BRACKETS = re.compile(r"[()\[\]【】]")


def revision_year(value, words) -> tuple[int | None] | None:
    """``(year,)`` when a header cell names a revised column (``2023年(修订)``, ``修订后2023年``), ``(None,)``
    for a revision word alone (``调整后``), ``None`` when it is no revision header. ``words``: the
    revision words, longest first."""
    text = text_of(value)
    word = next((w for w in words if w in text), None)
    if word is None:
        return None
    rest = _BRACKETS.sub("", text.replace(word, "", 1))
    if not rest:
        return (None,)
    year = year_of(rest)
    return (year,) if year is not None else None
