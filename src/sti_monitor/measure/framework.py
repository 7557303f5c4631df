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
    group: str | None = None

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


VETO_CONDITIONS = ("fell", "not_met")


@dataclass(frozen=True)
class Veto:
    """No grade better than ``best_grade`` when ``indicator`` ``fell`` (below last year, both rounded
    to its display precision; rose, when lower is better) or is ``not_met`` (its target) in the year."""

    indicator: str
    when: str
    best_grade: str


@dataclass(frozen=True)
class Assessment:
    """The annual assessment (考核): weight per indicator, cap on achievement, grades (best first,
    each with its lowest score), the grade below them, and veto rules."""

    weights: tuple[tuple[str, float], ...]  # (indicator id, weight), every indicator
    cap: float
    grades: tuple[tuple[str, float], ...]
    fail_grade: str
    vetoes: tuple[Veto, ...] = ()

    def weight(self, indicator_id: str) -> float:
        return dict(self.weights)[indicator_id]

    @property
    def grade_names(self) -> tuple[str, ...]:
        return (*(name for name, _ in self.grades), self.fail_grade)


@dataclass(frozen=True)
class Transform:
    """How an indicator enters the composite index: its value ÷ the size field ``per`` × ``scale``
    (for counts and amounts, so a big unit is not best by size), then √ when ``sqrt`` (for skewed ones)."""

    per: str | None = None
    scale: float = 1.0
    sqrt: bool = False


@dataclass(frozen=True)
class Composite:
    """The composite index: transforms per indicator, performance groups (best first, each with its
    lowest index), data coverage needed, outlier rule, and the Monte Carlo draws and seed."""

    transforms: tuple[tuple[str, Transform], ...]
    groups: tuple[tuple[str, float], ...]
    lowest_group: str
    min_coverage: float
    outlier_sd: float
    draws: int
    seed: int

    def transform(self, indicator_id: str) -> Transform:
        return dict(self.transforms).get(indicator_id, Transform())


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
    assessment: Assessment | None = None
    composite: Composite | None = None
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


def _block(spec, key: str, path) -> dict:
    """The framework's ``key`` block over the defaults of ``params/settings.yaml``."""
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise ConfigError(path, f"{key} 应为键值映射")
    defaults = settings().get(key) or {}
    unknown = set(spec) - set(defaults) - {"weights", "veto", "transforms"}
    if unknown:
        raise ConfigError(path, f"{key}: 未知的键 {'、'.join(sorted(unknown))}")
    return {**defaults, **spec}


def _number(value, where: str, path, low: float | None = None, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(path, f"{where} 应为数值，现为 {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ConfigError(path, f"{where} 应在 {low} 到 {high} 之间，现为 {value}")
    return float(value)


def _thresholds(spec, where: str, path) -> tuple[tuple[str, float], ...]:
    """``{name: lowest value}``, kept best first; the values must fall strictly."""
    if not isinstance(spec, dict) or not spec:
        raise ConfigError(path, f"{where} 应为“名称: 最低分”的映射")
    items = tuple((str(name), _number(v, f"{where}.{name}", path)) for name, v in spec.items())
    if any(a[1] <= b[1] for a, b in zip(items, items[1:])):
        raise ConfigError(path, f"{where} 应按分数从高到低排列，且不能相同")
    return items


def _assessment(spec, indicators: list[Indicator], path) -> Assessment:
    block = _block(spec, "assessment", path)
    ids = {i.id for i in indicators}
    groups: dict[str, list[str]] = {}
    for ind in indicators:
        if ind.group is not None:
            groups.setdefault(ind.group, []).append(ind.id)
    weights = {i.id: 1.0 for i in indicators}
    given = block.get("weights") or {}
    if not isinstance(given, dict):
        raise ConfigError(path, "assessment.weights 应为“指标 id 或指标组: 权重”的映射")
    set_by: dict[str, str] = {}
    for key, value in given.items():
        w = _number(value, f"assessment.weights.{key}", path, 0, None)
        # a group's weight is shared equally by its indicators
        members = [key] if key in ids else groups.get(key)
        if not members:
            raise ConfigError(path, f"assessment.weights: {key} 既不是指标 id 也不是指标组（group）")
        for member in members:
            if member in set_by:
                raise ConfigError(path, f"assessment.weights: 指标 {member} 的权重被 {set_by[member]} 和 {key} 重复设置")
            set_by[member] = key
            weights[member] = w / len(members)
    if sum(weights.values()) <= 0:
        raise ConfigError(path, "assessment.weights: 权重之和应大于 0")
    grades = _thresholds(block.get("grades"), "assessment.grades", path)
    fail_grade = str(block.get("fail_grade", ""))
    names = {name for name, _ in grades} | {fail_grade}
    vetoes = []
    for n, rule in enumerate(block.get("veto") or [], start=1):
        where = f"assessment.veto 第{n}条"
        if not isinstance(rule, dict) or rule.get("indicator") not in ids:
            raise ConfigError(path, f"{where}: indicator 应为本体系的指标 id")
        if rule.get("when") not in VETO_CONDITIONS:
            raise ConfigError(path, f"{where}: when 应为 {VETO_CONDITIONS} 之一")
        if rule.get("best_grade") not in names:
            raise ConfigError(path, f"{where}: best_grade 应为 {'、'.join(sorted(names))} 之一")
        vetoes.append(Veto(rule["indicator"], rule["when"], rule["best_grade"]))
    return Assessment(tuple(weights.items()), _number(block.get("cap"), "assessment.cap", path, 1.0, 1.5), grades, fail_grade,
                      tuple(vetoes))


def _composite(spec, indicators: list[Indicator], fields: FieldRegistry, path) -> Composite:
    block = _block(spec, "composite", path)
    ids = {i.id for i in indicators}
    used = {code for i in indicators for code in i.formula.fields}
    transforms = {}
    given = block.get("transforms") or {}
    if not isinstance(given, dict):
        raise ConfigError(path, "composite.transforms 应为“指标 id: 变换”的映射")
    for key, t in given.items():
        where = f"composite.transforms.{key}"
        if key not in ids:
            raise ConfigError(path, f"{where}: 未知指标 {key}")
        if not isinstance(t, dict) or set(t) - {"per", "scale", "sqrt"}:
            raise ConfigError(path, f"{where}: 只能含 per（规模字段）、scale 和 sqrt")
        per = t.get("per")
        if per is not None and (fields.by_code(per) is None or per not in used):
            raise ConfigError(path, f"{where}: per 应为本体系指标用到的字段（如 gdp、employed_persons），现为 {per!r}")
        transforms[key] = Transform(per, _number(t.get("scale", 1), f"{where}.scale", path, 0, None),
                                    bool(t.get("sqrt", False)))
    groups = _thresholds(block.get("groups"), "composite.groups", path)
    return Composite(tuple(transforms.items()), groups, str(block.get("lowest_group", "")),
                     _number(block.get("min_coverage"), "composite.min_coverage", path, 0, 1),
                     _number(block.get("outlier_sd"), "composite.outlier_sd", path, 1, None),
                     int(_number(block.get("draws"), "composite.draws", path, 10, 100000)),
                     int(_number(block.get("seed"), "composite.seed", path)))


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
                group=str(spec["group"]) if spec.get("group") is not None else None,
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
        assessment=_assessment(data.get("assessment"), indicators, path),
        composite=_composite(data.get("composite"), indicators, fields, path),
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
