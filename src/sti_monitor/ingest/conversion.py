"""Units of measurement and their conversions (万元↔亿元, 人↔万人, 平方米↔万平方米, …)."""

from __future__ import annotations

import re
import unicodedata

# unit -> (dimension, size in the dimension's base unit)
_UNITS = {
    "亿元": ("money", 1e8),
    "万元": ("money", 1e4),
    "千元": ("money", 1e3),
    "元": ("money", 1.0),
    "万人": ("people", 1e4),
    "人": ("people", 1.0),
    "人年": ("person_years", 1.0),
    "万人年": ("person_years", 1e4),
    "家": ("enterprises", 1.0),
    "个": ("enterprises", 1.0),
    "户": ("enterprises", 1.0),
    "件": ("items", 1.0),
    "万平方米": ("area", 1e4),
    "平方米": ("area", 1.0),
    "%": ("percent", 1.0),
}
_SPELLINGS = {
    "㎡": "平方米",
    "m2": "平方米",
    "m²": "平方米",
    "平米": "平方米",
    "万㎡": "万平方米",
    "万m2": "万平方米",
    "万m²": "万平方米",
    "万平米": "万平方米",
    "百分比": "%",
    "％": "%",
}


def normalize_unit(text) -> str:
    """Canonical spelling of a unit cell (NFKC, no spaces, known synonyms folded)."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"\s+", "", text).strip("()（）")
    return _SPELLINGS.get(text.lower(), _SPELLINGS.get(text, text))


def conversion_factor(from_unit: str, to_unit: str) -> float | None:
    """Factor that turns a value in ``from_unit`` into ``to_unit``; ``None`` when they do not convert."""
    a, b = _UNITS.get(normalize_unit(from_unit)), _UNITS.get(normalize_unit(to_unit))
    if normalize_unit(from_unit) == normalize_unit(to_unit):
        return 1.0
    if a is None or b is None or a[0] != b[0]:
        return None
    return a[1] / b[1]


def convertible_units(unit: str) -> list[str]:
    """The units a value in ``unit`` may be given in, for error messages and templates."""
    dim = _UNITS.get(normalize_unit(unit))
    if dim is None:
        return [unit]
    return [u for u, (d, _) in _UNITS.items() if d == dim[0]]
