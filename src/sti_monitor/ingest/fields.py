"""The raw fields district workbooks report, from ``params/fields.yaml``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from ..config import load_yaml
from ..errors import ConfigError
from ..paths import PARAMS_DIR

KINDS = ("count", "amount", "rate")
FIELD_KEYS = {"name", "aliases", "unit", "kind", "plausible", "year_on_year"}


@dataclass(frozen=True)
class Field:
    """One raw field: ``code``, Chinese ``name``, canonical ``unit`` and ``kind``."""

    code: str
    name: str
    unit: str
    kind: str
    aliases: tuple[str, ...] = ()
    plausible: tuple[float, float] | None = None
    year_on_year: float | None = None  # the largest factor of change from one year to the next

    def plausible_for(self, unit_kind: str | None, reference_scale: float = 1.0) -> tuple[float, float] | None:
        """The plausible range for a unit of ``unit_kind``: a reference unit (a province) is bigger than the
        county-level units the ranges are written for, so a count's or amount's upper bound is multiplied by
        ``reference_scale`` (params/fields.yaml); a rate's range stays."""
        if self.plausible is None or unit_kind != "reference" or self.kind == "rate":
            return self.plausible
        low, high = self.plausible
        high = high * reference_scale
        return low, int(high) if float(high).is_integer() else high


def normalize_label(text: str) -> str:
    """Fold a label for matching: NFKC (full-width to half-width), no spaces, lower case,
    without a trailing unit in brackets such as ``(亿元)``."""
    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"\s+", "", text).lower()
    text = re.sub(r"[(\[]([^()\[\]]*)[)\]]$", lambda m: "" if _looks_like_unit(m.group(1)) else m.group(0), text)
    return text


_UNIT_WORDS = ("元", "人", "家", "个", "件", "%", "米", "㎡", "m2", "人年", "年")


def _looks_like_unit(text: str) -> bool:
    return 0 < len(text) <= 6 and any(w in text for w in _UNIT_WORDS)


@dataclass
class FieldRegistry:
    """All raw fields, looked up by code or by (normalized) Chinese name or alias."""

    fields: dict[str, Field]
    not_above: tuple[tuple[str, str], ...] = ()  # (part, whole): the part cannot exceed the whole
    unit_label_factor: float = 10.0  # a changed unit label with a value this many times off: an error
    reference_scale: float = 1.0  # a reference unit's (a province's) upper plausible bounds: this many times
    _by_label: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        for f in self.fields.values():
            for label in (f.name, *f.aliases):
                self._by_label[normalize_label(label)] = f.code

    def by_code(self, code: str) -> Field | None:
        return self.fields.get(str(code).strip().lower())

    def by_label(self, label: str) -> Field | None:
        code = self._by_label.get(normalize_label(label))
        return self.fields[code] if code else None

    def __getitem__(self, code: str) -> Field:
        return self.fields[code]

    def __iter__(self):
        return iter(self.fields.values())


@cache
def load_fields(path=None) -> FieldRegistry:
    """Read the field registry (default ``params/fields.yaml``)."""
    path = path or PARAMS_DIR / "fields.yaml"
    data_all = load_yaml(path)
    unknown = set(data_all) - {"fields", "consistency", "unit_label_factor", "reference_scale"}
    if unknown:
        raise ConfigError(
            path,
            f"未知的键 {'、'.join(sorted(map(str, unknown)))}（可用：consistency、fields、reference_scale、unit_label_factor）",
        )
    data = data_all.get("fields") or {}
    fields = {}
    for code, spec in data.items():
        if not isinstance(spec, dict) or "name" not in spec or "unit" not in spec:
            raise ConfigError(path, f"字段 {code} 需要 name 和 unit")
        unknown = set(spec) - FIELD_KEYS
        if unknown:
            raise ConfigError(
                path,
                f"字段 {code}：未知的键 {'、'.join(sorted(map(str, unknown)))}（可用：{'、'.join(sorted(FIELD_KEYS))}）",
            )
        kind = spec.get("kind", "amount")
        if kind not in KINDS:
            raise ConfigError(path, f"字段 {code} 的 kind 应为 {KINDS} 之一")
        plausible = spec.get("plausible")
        fields[code] = Field(
            code=code,
            name=spec["name"],
            unit=str(spec["unit"]),
            kind=kind,
            aliases=tuple(spec.get("aliases") or ()),
            plausible=tuple(plausible) if plausible else None,
            year_on_year=_factor(path, code, spec.get("year_on_year")),
        )
    rules = []
    for rule in data_all.get("consistency") or []:
        if not isinstance(rule, dict) or set(rule) != {"field", "not_above"}:
            raise ConfigError(path, f"一致性规则 {rule} 应恰好含 field 和 not_above 两个键")
        part, whole = rule.get("field"), rule.get("not_above")
        if part not in fields or whole not in fields:
            raise ConfigError(path, f"一致性规则 {rule} 需要已定义的 field 和 not_above")
        rules.append((part, whole))
    return FieldRegistry(
        fields,
        tuple(rules),
        _factor(path, "unit_label_factor", data_all.get("unit_label_factor", 10)),
        _factor(path, "reference_scale", data_all.get("reference_scale", 1), at_least_one=True),
    )


def _factor(path, code, value, at_least_one: bool = False) -> float | None:
    if value is None:
        return None
    try:
        factor = float(value)
    except (TypeError, ValueError):
        factor = 0.0
    if at_least_one and factor < 1:
        raise ConfigError(path, f"{code}（参照单位合理范围上限的倍数）应为不小于 1 的数，现为 {value!r}")
    if not at_least_one and factor <= 1:
        raise ConfigError(path, f"{code} 的 year_on_year（逐年变化的最大倍数）应为大于 1 的数，现为 {value!r}")
    return factor
