"""A framework's assessment (考核) and composite-index rules: the ``assessment:`` and ``composite:``
blocks of a framework file over the defaults of ``params/settings.yaml`` (see ``docs/frameworks.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..config import settings
from ..errors import ConfigError
from ..ingest import FieldRegistry

if TYPE_CHECKING:
    from .framework import Indicator


VETO_CONDITIONS = ("fell", "not_met")


@dataclass(frozen=True)
class Veto:
    """No grade better than ``best_grade`` when ``indicator`` ``fell`` (below last year, both rounded
    to its display precision; rose, when lower is better) or is ``not_met`` (its target) in the year."""

    indicator: str
    when: str
    best_grade: str


@dataclass(frozen=True)
class GradeCondition:
    """What a grade needs besides its lowest score, so that its word never contradicts the status counts:
    at most ``max_behind`` scored targets 未达标 (missed by more than the 接近 margin) and at least
    ``min_met_share`` of the scored targets met (``None``: no such condition)."""

    max_behind: int | None = None
    min_met_share: float | None = None


@dataclass(frozen=True)
class Assessment:
    """The annual assessment (考核): weight per indicator, cap on achievement, grades (best first,
    each with its lowest score; none when the framework sets no bands), the grade below them, veto rules, the conditions a grade needs besides
    its score, and the points a growth-rate indicator loses per percentage point below a target ≤ 0."""

    weights: tuple[tuple[str, float], ...]  # (indicator id, weight), every indicator
    cap: float
    grades: tuple[tuple[str, float], ...]
    fail_grade: str
    vetoes: tuple[Veto, ...] = ()
    conditions: tuple[tuple[str, GradeCondition], ...] = ()
    points_per_point: float = 10.0

    def condition(self, grade: str) -> GradeCondition:
        return dict(self.conditions).get(grade, GradeCondition())

    @property
    def grade_names(self) -> tuple[str, ...]:
        """Best first, the grade below the bands last; none when the framework sets no bands."""
        return (*(name for name, _ in self.grades), self.fail_grade) if self.grades else ()


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


def _block(spec, key: str, path) -> dict:
    """The framework's ``key`` block over the defaults of ``params/settings.yaml``."""
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise ConfigError(path, f"{key} 应为键值映射")
    defaults = settings().get(key) or {}
    unknown = set(spec) - set(defaults) - {"weights", "veto", "transforms", "conditions", "grades", "fail_grade"}
    if unknown:
        raise ConfigError(path, f"{key}: 未知的键 {'、'.join(sorted(unknown))}")
    return {**defaults, **spec}


def bounded(value, where: str, path, low: float | None = None, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(path, f"{where} 应为数值，现为 {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ConfigError(path, f"{where} 应在 {low} 到 {high} 之间，现为 {value}")
    return float(value)


def _thresholds(spec, where: str, path) -> tuple[tuple[str, float], ...]:
    """``{name: lowest value}``, kept best first; the values must fall strictly."""
    if not isinstance(spec, dict) or not spec:
        raise ConfigError(path, f"{where} 应为“名称: 最低分”的映射")
    items = tuple((str(name), bounded(v, f"{where}.{name}", path)) for name, v in spec.items())
    if any(a[1] <= b[1] for a, b in zip(items, items[1:])):
        raise ConfigError(path, f"{where} 应按分数从高到低排列，且不能相同")
    return items


def parse_assessment(spec, indicators: list[Indicator], path) -> Assessment:
    block = _block(spec, "assessment", path)
    ids = {i.id for i in indicators}
    groups: dict[str, list[str]] = {}
    for ind in indicators:  # a weight may name a group (一级) or a subgroup (二级)
        for heading in dict.fromkeys(h for h in (ind.group, ind.subgroup) if h is not None):
            groups.setdefault(heading, []).append(ind.id)
    weights = {i.id: 1.0 if i.weight is None else i.weight for i in indicators}
    set_by: dict[str, str] = {i.id: f"指标 {i.id} 的 weight" for i in indicators if i.weight is not None}
    given = block.get("weights") or {}
    if not isinstance(given, dict):
        raise ConfigError(path, "assessment.weights 应为“指标 id 或指标组: 权重”的映射")
    for key, value in given.items():
        w = bounded(value, f"assessment.weights.{key}", path, 0, None)
        # a group's weight is shared equally by its indicators
        members = [key] if key in ids else groups.get(key)
        if not members:
            raise ConfigError(path, f"assessment.weights: {key} 既不是指标 id 也不是指标组（group 或 subgroup）")
        for member in members:
            if member in set_by:
                raise ConfigError(
                    path, f"assessment.weights: 指标 {member} 的权重被 {set_by[member]} 和 {key} 重复设置"
                )
            set_by[member] = key
            weights[member] = w / len(members)
    if sum(weights.values()) <= 0:
        raise ConfigError(path, "assessment.weights: 权重之和应大于 0")
    # no grade words unless the framework (or params/settings.yaml) sets bands: most plans set no grading
    grades = _thresholds(block["grades"], "assessment.grades", path) if block.get("grades") else ()
    if not grades and block.get("fail_grade"):
        raise ConfigError(path, "assessment.fail_grade 需要同时设定 assessment.grades（各等次的最低分）")
    fail_grade = str(block.get("fail_grade", "")) if grades else ""
    names = {name for name, _ in grades} | {fail_grade}
    vetoes = []
    for n, rule in enumerate(block.get("veto") or [], start=1):
        where = f"assessment.veto 第{n}条"
        if isinstance(rule, dict) and set(rule) - {"indicator", "when", "best_grade"}:
            raise ConfigError(
                path,
                f"{where}: 未知的键 {'、'.join(sorted(map(str, set(rule) - {'indicator', 'when', 'best_grade'})))}"
                "（可用：indicator、when、best_grade）",
            )
        if not isinstance(rule, dict) or rule.get("indicator") not in ids:
            raise ConfigError(path, f"{where}: indicator 应为本体系的指标 id")
        if rule.get("when") not in VETO_CONDITIONS:
            raise ConfigError(path, f"{where}: when 应为 {VETO_CONDITIONS} 之一")
        if rule.get("best_grade") not in names:
            raise ConfigError(path, f"{where}: best_grade 应为 {'、'.join(sorted(names))} 之一")
        vetoes.append(Veto(rule["indicator"], rule["when"], rule["best_grade"]))
    return Assessment(
        tuple(weights.items()),
        bounded(block.get("cap"), "assessment.cap", path, 1.0, 1.5),
        grades,
        fail_grade,
        tuple(vetoes),
        _conditions(block.get("conditions"), {name for name, _ in grades}, path, own="conditions" in (spec or {})),
        bounded(block.get("points_per_point", 10), "assessment.points_per_point", path, 0, 100),
    )


def _conditions(spec, grades: set[str], path, own: bool = True) -> tuple[tuple[str, GradeCondition], ...]:
    """``{grade: {max_behind: n, min_met_share: s}}``: what each grade needs besides its score. The defaults
    of ``params/settings.yaml`` (``own`` False) apply to the framework's grades of the same name only."""
    if spec is None:
        return ()
    if not own and isinstance(spec, dict):
        spec = {g: rule for g, rule in spec.items() if g in grades}
    if not isinstance(spec, dict):
        raise ConfigError(path, "assessment.conditions 应为“等次: {max_behind: 项数, min_met_share: 比例}”的映射")
    out = []
    for grade, rule in spec.items():
        where = f"assessment.conditions.{grade}"
        if grade not in grades:
            raise ConfigError(
                path, f"{where}: {grade} 不是 assessment.grades 中的等次（{'、'.join(sorted(grades)) or '未设等次'}）"
            )
        if not isinstance(rule, dict) or not rule or set(rule) - {"max_behind", "min_met_share"}:
            raise ConfigError(
                path, f"{where}: 只能含 max_behind（未达标指标最多几项）和 min_met_share（达标指标至少占几成）"
            )
        max_behind = rule.get("max_behind")
        if max_behind is not None and (
            isinstance(max_behind, bool) or not isinstance(max_behind, int) or max_behind < 0
        ):
            raise ConfigError(path, f"{where}.max_behind 应为不小于 0 的整数，现为 {max_behind!r}")
        share = rule.get("min_met_share")
        share = bounded(share, f"{where}.min_met_share", path, 0, 1) if share is not None else None
        out.append((str(grade), GradeCondition(max_behind, share)))
    return tuple(out)


def parse_composite(spec, indicators: list[Indicator], fields: FieldRegistry, path) -> Composite:
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
        transforms[key] = Transform(
            per, bounded(t.get("scale", 1), f"{where}.scale", path, 0, None), bool(t.get("sqrt", False))
        )
    groups = _thresholds(block.get("groups"), "composite.groups", path)
    return Composite(
        tuple(transforms.items()),
        groups,
        str(block.get("lowest_group", "")),
        bounded(block.get("min_coverage"), "composite.min_coverage", path, 0, 1),
        bounded(block.get("outlier_sd"), "composite.outlier_sd", path, 1, None),
        int(bounded(block.get("draws"), "composite.draws", path, 10, 100000)),
        int(bounded(block.get("seed"), "composite.seed", path)),
    )
