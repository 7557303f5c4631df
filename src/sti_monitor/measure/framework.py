"""Indicator frameworks: a plan's indicators, formulas and targets, from ``params/frameworks/*.yaml``.

Adding a plan is adding a YAML file; see ``docs/frameworks.md`` for the format.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..config import load_yaml, settings
from ..errors import ConfigError
from ..ingest import FieldRegistry, load_fields
from ..paths import FRAMEWORKS_DIR

FORMULA_KINDS = ("field", "ratio", "growth")
INTERPOLATIONS = ("linear", "geometric")
DECOMPOSITIONS = ("proportional", "same")


@dataclass(frozen=True)
class Formula:
    """How an indicator is computed from raw fields.

    ``field``: the field's value (levels sum over districts);
    ``ratio``: sum(numerator fields) ÷ sum(denominator fields) × scale;
    ``growth``: the reported growth field if given, else (field ÷ previous year's field − 1) × 100.
    """

    kind: str
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    scale: float = 1.0
    reported: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        extra = (self.reported,) if self.reported else ()
        return (*self.numerator, *self.denominator, *extra)


@dataclass(frozen=True)
class Target:
    """A target for one year. ``kind``: value, multiple (of the baseline), floor, ceiling or dual
    (``value`` is the guaranteed level, ``stretch`` the stretch level). ``label`` is the plan's wording."""

    year: int
    value: float
    kind: str = "value"
    label: str = ""
    stretch: float | None = None


@dataclass(frozen=True)
class Indicator:
    """One indicator of a framework; ``unit`` is its display unit, ``precision`` its decimals."""

    id: str
    name: str
    unit: str
    precision: int
    direction: str
    formula: Formula
    interpolation: str
    decomposition: str
    baseline: float | None
    targets: tuple[Target, ...]
    short_name: str = ""
    definition: str = ""
    plausible: tuple[float, float] | None = None

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"

    @property
    def is_growth(self) -> bool:
        return self.formula.kind == "growth"

    def formula_text(self, fields: FieldRegistry) -> str:
        """The formula in words, for the definitions sheet and the report appendix."""
        f = self.formula
        name = lambda codes: " + ".join(f"{fields[c].name}（{fields[c].unit}）" for c in codes)  # noqa: E731
        if f.kind == "field":
            return name(f.numerator)
        if f.kind == "ratio":
            scale = "" if f.scale == 1 else f" × {f.scale:g}"
            return f"{name(f.numerator)} ÷ {name(f.denominator)}{scale}"
        return f"报送的{fields[f.reported].name}；未报送时为（本年{name(f.numerator)} ÷ 上年 − 1）× 100"


@dataclass(frozen=True)
class Framework:
    """A plan: its indicators, baseline year, final year and default units file."""

    id: str
    name: str
    units: str
    baseline_year: int
    final_year: int
    indicators: tuple[Indicator, ...]
    near_threshold: float
    source: Path | None = field(default=None, compare=False)
    sha256: str = field(default="", compare=False)  # of the source file, for report appendices

    def indicator(self, id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == id:
                return ind
        raise KeyError(id)

    @property
    def fields(self) -> tuple[str, ...]:
        """Raw fields the framework uses, in first-use order."""
        seen = dict.fromkeys(code for ind in self.indicators for code in ind.formula.fields)
        return tuple(seen)


def _codes(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _formula(spec, where, fields: FieldRegistry, path) -> Formula:
    if not isinstance(spec, dict) or spec.get("kind") not in FORMULA_KINDS:
        raise ConfigError(path, f"{where}: formula.kind 应为 {FORMULA_KINDS} 之一")
    kind = spec["kind"]
    if kind == "ratio":
        formula = Formula(kind, _codes(spec.get("numerator")), _codes(spec.get("denominator")), float(spec.get("scale", 1)))
        if not formula.numerator or not formula.denominator:
            raise ConfigError(path, f"{where}: ratio 需要 numerator 和 denominator")
    else:
        formula = Formula(kind, _codes(spec.get("field")), reported=spec.get("reported"))
        if len(formula.numerator) != 1:
            raise ConfigError(path, f"{where}: {kind} 需要一个 field")
    for code in formula.fields:
        if fields.by_code(code) is None:
            raise ConfigError(path, f"{where}: 未知字段 {code}，请先在 params/fields.yaml 中声明")
    return formula


def _target(year, spec, baseline, where, path) -> Target:
    year = int(year)
    if isinstance(spec, (int, float)):
        return Target(year, float(spec))
    if not isinstance(spec, dict):
        raise ConfigError(path, f"{where}: {year} 年目标格式不对：{spec!r}")
    label = str(spec.get("label", ""))

    def resolve(s):
        if isinstance(s, (int, float)):
            return float(s)
        if isinstance(s, dict) and "multiple" in s:
            if baseline is None:
                raise ConfigError(path, f"{where}: 倍数目标需要 baseline")
            return baseline * float(s["multiple"])
        if isinstance(s, dict) and "value" in s:
            return float(s["value"])
        raise ConfigError(path, f"{where}: {year} 年目标格式不对：{s!r}")

    if "guaranteed" in spec:
        stretch = resolve(spec["stretch"]) if "stretch" in spec else None
        return Target(year, float(spec["guaranteed"]), "dual", label, stretch)
    if "at_least" in spec:
        return Target(year, float(spec["at_least"]), "floor", label)
    if "at_most" in spec:
        return Target(year, float(spec["at_most"]), "ceiling", label)
    if "multiple" in spec:
        return Target(year, resolve(spec), "multiple", label)
    return Target(year, resolve(spec), "value", label)


def load_framework_file(path: Path) -> Framework:
    """Read and check one framework file."""
    path = Path(path)
    data = load_yaml(path)
    fields = load_fields()
    for key in ("id", "name", "baseline_year", "final_year", "indicators"):
        if key not in data:
            raise ConfigError(path, f"缺少 {key}")
    indicators = []
    for spec in data["indicators"]:
        where = f"指标 {spec.get('id', '?')}"
        for key in ("id", "name", "unit", "formula"):
            if key not in spec:
                raise ConfigError(path, f"{where}: 缺少 {key}")
        interpolation = spec.get("interpolation", "linear")
        decomposition = spec.get("decomposition", "proportional")
        direction = spec.get("direction", "higher")
        if interpolation not in INTERPOLATIONS:
            raise ConfigError(path, f"{where}: interpolation 应为 {INTERPOLATIONS} 之一")
        if decomposition not in DECOMPOSITIONS:
            raise ConfigError(path, f"{where}: decomposition 应为 {DECOMPOSITIONS} 之一")
        if direction not in ("higher", "lower"):
            raise ConfigError(path, f"{where}: direction 应为 higher 或 lower")
        baseline = spec.get("baseline")
        baseline = float(baseline) if baseline is not None else None
        targets = tuple(
            sorted((_target(y, t, baseline, where, path) for y, t in (spec.get("targets") or {}).items()), key=lambda t: t.year)
        )
        indicators.append(
            Indicator(
                id=spec["id"],
                name=spec["name"],
                short_name=spec.get("short_name") or spec["name"],
                unit=str(spec["unit"]),
                precision=int(spec.get("precision", 2)),
                direction=direction,
                formula=_formula(spec["formula"], where, fields, path),
                interpolation=interpolation,
                decomposition=decomposition,
                baseline=baseline,
                targets=targets,
                definition=spec.get("definition", ""),
                plausible=tuple(spec["plausible"]) if spec.get("plausible") else None,
            )
        )
    ids = [i.id for i in indicators]
    if len(set(ids)) != len(ids):
        raise ConfigError(path, "指标 id 重复")
    return Framework(
        id=str(data["id"]),
        name=str(data["name"]),
        units=str(data.get("units", "wenzhou")),
        baseline_year=int(data["baseline_year"]),
        final_year=int(data["final_year"]),
        indicators=tuple(indicators),
        near_threshold=float(data.get("near_threshold", settings()["near_threshold"])),
        source=path,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


@lru_cache(maxsize=None)
def load_framework(framework_id: str = "wenzhou-2027") -> Framework:
    """The framework ``params/frameworks/{framework_id}.yaml``, or a path to a YAML file."""
    candidate = Path(framework_id)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return load_framework_file(candidate)
    path = FRAMEWORKS_DIR / f"{framework_id}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in FRAMEWORKS_DIR.glob("*.yaml")))
        raise ConfigError(path, f"找不到指标体系 {framework_id}；可用的有：{known}")
    return load_framework_file(path)
