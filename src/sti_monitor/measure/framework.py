"""Indicator frameworks: a plan's indicators, formulas and targets, from ``params/frameworks/*.yaml``;
its assessment and composite-index rules are read by :mod:`.rules`.

Adding a plan is adding a YAML file; see ``docs/frameworks.md`` for the format.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..config import load_yaml, settings
from ..errors import ConfigError
from ..ingest import KIND_LABELS, FieldRegistry, load_fields
from ..paths import DEFAULT_FRAMEWORK, FRAMEWORKS_DIR
from .rules import (  # noqa: F401  (Veto, GradeCondition, Transform, VETO_CONDITIONS: re-exported)
    VETO_CONDITIONS,
    Assessment,
    Composite,
    GradeCondition,
    Transform,
    Veto,
    bounded,
    parse_assessment,
    parse_composite,
)

FORMULA_KINDS = ("field", "ratio", "growth", "average_growth", "cumulative")
INTERPOLATIONS = ("linear", "geometric")
DECOMPOSITIONS = ("proportional", "same")
# the keys a framework file and an indicator may carry; ``assessment`` and ``composite``
# belong to the assessment rules, ``weight`` is an indicator's assessment weight, ``applies_to``
# the unit kinds it applies to (default: the kinds that get a target for it)
FRAMEWORK_KEYS = {
    "id",
    "name",
    "units",
    "baseline_year",
    "final_year",
    "near_threshold",
    "city_sums",
    "indicators",
    "assessment",
    "composite",
}
INDICATOR_KEYS = {
    "id",
    "name",
    "short_name",
    "unit",
    "precision",
    "direction",
    "formula",
    "definition",
    "interpolation",
    "decomposition",
    "plausible",
    "baseline",
    "targets",
    "unit_targets",
    "group",
    "subgroup",
    "weight",
    "applies_to",
}
TARGET_KEYS = {
    "label",
    "guaranteed",
    "stretch",
    "at_least",
    "at_most",
    "multiple",
    "value",
    "about",
    "tolerance",
    "aspiration",
    "reference",
    "margin",
}
UNIT_KINDS_SUMMED = ("district", "area", "zone")
UNIT_KINDS = tuple(k for k in KIND_LABELS if k != "reference")  # the kinds an indicator may apply to
TARGET_KIND_LABELS = {
    "value": "目标值",
    "multiple": "基期倍数",
    "floor": "底线（不低于）",
    "ceiling": "上限（不高于）",
    "dual": "确保值（另有力争值）",
    "about": "左右（允许偏差内达标）",
    "aspiration": "力争目标（不计未达标）",
    "reference": "参照单位同期值",
}


@dataclass(frozen=True)
class Formula:
    """How an indicator is computed from raw fields.

    ``field``: the field's value (levels sum over districts);
    ``ratio``: sum(numerator fields) ÷ sum(denominator fields) × scale;
    ``growth``: the reported growth field if given, else (field ÷ previous year's field − 1) × 100;
    ``average_growth``: compound average annual growth (%) of the field from the year ``since``:
    ((field ÷ field in ``since``) ^ (1 ÷ years since) − 1) × 100;
    ``cumulative``: the running total of a yearly field from ``since`` (inclusive) to the year.
    """

    kind: str
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    scale: float = 1.0
    reported: str | None = None
    since: int | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        extra = (self.reported,) if self.reported else ()
        return (*self.numerator, *self.denominator, *extra)


@dataclass(frozen=True)
class Target:
    """A target for one year. ``kind``:

    - ``value``, ``multiple`` (of the baseline), ``floor`` (at least), ``ceiling`` (at most);
    - ``dual``: ``value`` is the guaranteed level, ``stretch`` the stretch level (确保…力争…), or with
      ``stretch_reference`` the reference unit's value in the same year plus ``stretch`` (力争超全省平均);
    - ``about``: 左右 — met within ``tolerance`` (indicator units) short of ``value``;
    - ``aspiration``: 力争 without a guaranteed level — reported, never counted as failed;
    - ``reference``: at least the same indicator of the unit ``reference`` in the same year,
      plus ``value`` (a margin, usually 0); the reference unit's data is in the data directory.

    ``label`` is the plan's wording.
    """

    year: int
    value: float
    kind: str = "value"
    label: str = ""
    stretch: float | None = None
    tolerance: float = 0.0
    reference: str | None = None
    stretch_reference: str | None = None


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
    group: str | None = None  # 一级 heading (also the assessment weight group)
    subgroup: str | None = None  # 二级 heading
    unit_targets: dict[str, tuple[Target, ...]] = field(default_factory=dict, compare=False)  # by unit code
    applies_to: tuple[str, ...] = ()  # unit kinds it applies to; () = the kinds that get a target (see .applicability)
    weight: float | None = None  # assessment weight (default 1) when the framework's assessment.weights does not set it
    whole: bool = False  # a count (家, 个, 件, 人…): a derived target is rounded to a whole number

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"

    @property
    def is_growth(self) -> bool:
        """A yearly rate: its target is itself a rate, districts get the city's."""
        return self.formula.kind in ("growth", "average_growth")

    @property
    def is_cumulative(self) -> bool:
        return self.formula.kind == "cumulative"

    def targets_for(self, unit_code: str | None = None) -> tuple[Target, ...]:
        """The plan's own targets for ``unit_code`` (an aggregate or area named in ``unit_targets``), or the city's."""
        if unit_code is not None and unit_code in self.unit_targets:
            return self.unit_targets[unit_code]
        return self.targets

    def reference_aspiration(self, year: int, unit_code: str | None = None) -> Target | None:
        """The aspiration relative to a reference unit (力争超全省平均) that ``year`` works toward: the first
        target from ``year`` on whose stretch is a reference unit's value, shown in every year up to it; ``None``
        when there is none, or when the target of ``year`` (or the one it is interpolated toward) has a 力争 level
        of its own, which is shown instead."""
        ahead = [t for t in self.targets_for(unit_code) if t.year >= year]
        if ahead and ahead[0].stretch is not None and ahead[0].stretch_reference is None:
            return None
        return next((t for t in ahead if t.stretch_reference is not None), None)

    def formula_text(self, fields: FieldRegistry) -> str:
        """The formula in words, for the definitions sheet and the report appendix."""
        f = self.formula
        name = lambda codes: " + ".join(f"{fields[c].name}（{fields[c].unit}）" for c in codes)  # noqa: E731
        if f.kind == "field":
            return name(f.numerator)
        if f.kind == "ratio":
            scale = "" if f.scale == 1 else f" × {f.scale:g}"
            return f"{name(f.numerator)} ÷ {name(f.denominator)}{scale}"
        if f.kind == "average_growth":
            return (
                f"（（本年{name(f.numerator)} ÷ {f.since}年）^（1 ÷ 间隔年数）− 1）× 100，即{f.since}年以来的年均增速"
            )
        if f.kind == "cumulative":
            return f"{f.since}年起逐年{name(f.numerator)}的累计合计"
        computed = f"（本年{name(f.numerator)} ÷ 上年 − 1）× 100"
        return f"报送的{fields[f.reported].name}；未报送时为{computed}" if f.reported else computed


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
    city_sums: tuple[str, ...] = ("district",)  # unit kinds added into the city
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
        formula = Formula(
            kind, _codes(spec.get("numerator")), _codes(spec.get("denominator")), float(spec.get("scale", 1))
        )
        if not formula.numerator or not formula.denominator:
            raise ConfigError(path, f"{where}: ratio 需要 numerator 和 denominator")
    else:
        since = spec.get("since")
        if kind in ("average_growth", "cumulative"):
            if not isinstance(since, int):
                raise ConfigError(path, f"{where}: formula.since 应为起算年份（整数），{kind} 必须给出")
        elif since is not None:
            raise ConfigError(path, f"{where}: formula.since 只用于 average_growth 和 cumulative")
        formula = Formula(kind, _codes(spec.get("field")), reported=spec.get("reported"), since=since)
        if len(formula.numerator) != 1:
            raise ConfigError(path, f"{where}: {kind} 需要一个 field")
    for code in formula.fields:
        if fields.by_code(code) is None:
            raise ConfigError(path, f"{where}: 未知字段 {code}，请先在 params/fields.yaml 中声明")
    return formula


def _number(value, where, key, path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(path, f"{where}: {key} 应为数字，现为 {value!r}")
    return float(value)


def _target(year, spec, baseline, where, path) -> Target:
    """One target from its YAML form (see ``docs/frameworks.md``)."""
    if not isinstance(year, int):
        raise ConfigError(path, f"{where}: 目标年份 {year!r} 应为整数")
    where = f"{where} targets.{year}"
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        return Target(year, float(spec))
    if not isinstance(spec, dict):
        raise ConfigError(path, f"{where}: 目标格式不对：{spec!r}")
    unknown = set(spec) - TARGET_KEYS
    if unknown:
        raise ConfigError(
            path, f"{where}: 未知的键 {'、'.join(sorted(map(str, unknown)))}（可用：{'、'.join(sorted(TARGET_KEYS))}）"
        )
    label = str(spec.get("label", ""))
    kinds = [
        k
        for k in ("guaranteed", "at_least", "at_most", "multiple", "value", "about", "aspiration", "reference")
        if k in spec
    ]
    if len(kinds) != 1:
        raise ConfigError(
            path,
            f"{where}: 应恰好给出 guaranteed、at_least、at_most、multiple、value、about、"
            f"aspiration、reference 之一，现为 {kinds or '无'}",
        )
    kind = kinds[0]

    def resolve(s, key):
        if isinstance(s, dict) and set(s) == {"multiple"}:
            if baseline is None:
                raise ConfigError(path, f"{where}: {key} 为倍数目标，需要指标的 baseline")
            return baseline * _number(s["multiple"], where, f"{key}.multiple", path)
        return _number(s, where, key, path)

    if "tolerance" in spec and kind != "about":
        raise ConfigError(path, f"{where}: tolerance 只用于 about（左右）目标")
    if "margin" in spec and kind != "reference":
        raise ConfigError(path, f"{where}: margin 只用于 reference 目标")
    if "stretch" in spec and kind != "guaranteed":
        raise ConfigError(path, f"{where}: stretch 只用于 guaranteed（确保…力争…）目标")
    if kind == "guaranteed":
        given = spec.get("stretch")
        if isinstance(given, dict) and "reference" in given:  # 力争超过参照单位（全省）同期值
            if (
                set(given) - {"reference", "margin"}
                or isinstance(given["reference"], bool)
                or not isinstance(given["reference"], (str, int))
            ):
                raise ConfigError(path, f"{where}: stretch 参照目标应为 {{reference: 参照单位代码, margin: 幅度}}")
            margin = _number(given.get("margin", 0), where, "stretch.margin", path)
            return Target(
                year,
                resolve(spec["guaranteed"], "guaranteed"),
                "dual",
                label,
                margin,
                stretch_reference=str(given["reference"]),
            )
        stretch = resolve(given, "stretch") if "stretch" in spec else None
        return Target(year, resolve(spec["guaranteed"], "guaranteed"), "dual", label, stretch)
    if kind == "at_least":
        return Target(year, resolve(spec["at_least"], "at_least"), "floor", label)
    if kind == "at_most":
        return Target(year, resolve(spec["at_most"], "at_most"), "ceiling", label)
    if kind == "multiple":
        return Target(year, resolve({"multiple": spec["multiple"]}, "multiple"), "multiple", label)
    if kind == "about":
        if "tolerance" not in spec:
            raise ConfigError(path, f"{where}: about（左右）目标需要 tolerance（允许低于目标的幅度，单位同指标）")
        tolerance = _number(spec["tolerance"], where, "tolerance", path)
        if tolerance < 0:
            raise ConfigError(path, f"{where}: tolerance 不能为负")
        return Target(year, resolve(spec["about"], "about"), "about", label, tolerance=tolerance)
    if kind == "aspiration":
        return Target(year, resolve(spec["aspiration"], "aspiration"), "aspiration", label)
    if kind == "reference":
        code = spec["reference"]
        if not isinstance(code, (str, int)) or isinstance(code, bool):
            raise ConfigError(path, f"{where}: reference 应为参照单位的代码（如全省 330000）")
        margin = _number(spec.get("margin", 0), where, "margin", path)
        return Target(year, margin, "reference", label, reference=str(code))
    return Target(year, resolve(spec["value"], "value"), "value", label)


def _targets(specs, baseline, where, path) -> tuple[Target, ...]:
    if specs is None:
        return ()
    if not isinstance(specs, dict):
        raise ConfigError(path, f"{where}: targets 应为 年份: 目标 的映射")
    return tuple(sorted((_target(y, t, baseline, where, path) for y, t in specs.items()), key=lambda t: t.year))


def _heading(spec, key, where, path) -> str | None:
    value = spec.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, f"{where}: {key} 应为非空文字")
    return value.strip()


def _indicator(spec, fields: FieldRegistry, first_year: int, path: Path) -> Indicator:
    if not isinstance(spec, dict):
        raise ConfigError(path, f"indicators 的每一项应为映射，现为 {spec!r}")
    where = f"指标 {spec.get('id', '?')}"
    for key in ("id", "name", "unit", "formula"):
        if key not in spec:
            raise ConfigError(path, f"{where}: 缺少 {key}")
    unknown = set(spec) - INDICATOR_KEYS
    if unknown:
        raise ConfigError(path, f"{where}: 未知的键 {'、'.join(sorted(map(str, unknown)))}")
    formula = _formula(spec["formula"], where, fields, path)
    interpolation = spec.get("interpolation", "linear")
    decomposition = spec.get("decomposition", "same" if formula.kind == "average_growth" else "proportional")
    direction = spec.get("direction", "higher")
    if interpolation not in INTERPOLATIONS:
        raise ConfigError(path, f"{where}: interpolation 应为 {INTERPOLATIONS} 之一")
    if decomposition not in DECOMPOSITIONS:
        raise ConfigError(path, f"{where}: decomposition 应为 {DECOMPOSITIONS} 之一")
    if formula.kind == "average_growth" and decomposition != "same":
        raise ConfigError(path, f"{where}: 年均增速指标的 decomposition 只能为 same（各单位目标与全市相同）")
    if direction not in ("higher", "lower"):
        raise ConfigError(path, f"{where}: direction 应为 higher 或 lower")
    if formula.since is not None and formula.since < first_year:
        raise ConfigError(path, f"{where}: formula.since（{formula.since}）早于基期年 baseline_year（{first_year}）")
    baseline = spec.get("baseline")
    baseline = _number(baseline, where, "baseline", path) if baseline is not None else None
    targets = _targets(spec.get("targets"), baseline, where, path)
    unit_specs = spec.get("unit_targets") or {}
    if not isinstance(unit_specs, dict):
        raise ConfigError(path, f"{where}: unit_targets 应为 单位代码: {{年份: 目标}} 的映射")
    unit_targets = {
        str(code): _targets(t, None, f"{where} unit_targets.{code}", path) for code, t in unit_specs.items()
    }
    applies_to = _codes(spec.get("applies_to"))
    if set(applies_to) - set(UNIT_KINDS):
        raise ConfigError(
            path,
            f"{where}: applies_to 应为 {'、'.join(UNIT_KINDS)} 中的一个或几个（单位类型），"
            f"现为 {spec.get('applies_to')!r}",
        )
    weight = bounded(spec["weight"], f"{where}: weight", path, 0, None) if "weight" in spec else None
    return Indicator(
        id=spec["id"],
        name=spec["name"],
        short_name=spec.get("short_name") or spec["name"],
        unit=str(spec["unit"]),
        precision=int(spec.get("precision", 2)),
        direction=direction,
        formula=formula,
        interpolation=interpolation,
        decomposition=decomposition,
        baseline=baseline,
        targets=targets,
        definition=spec.get("definition", ""),
        plausible=tuple(spec["plausible"]) if spec.get("plausible") else None,
        group=_heading(spec, "group", where, path),
        subgroup=_heading(spec, "subgroup", where, path),
        unit_targets=unit_targets,
        applies_to=applies_to,
        weight=weight,
        whole=formula.kind in ("field", "cumulative") and fields[formula.numerator[0]].kind == "count",
    )


def load_framework_file(path: Path) -> Framework:
    """Read and check one framework file; errors name the file and the key."""
    path = Path(path)
    data = load_yaml(path)
    fields = load_fields()
    for key in ("id", "name", "baseline_year", "final_year", "indicators"):
        if key not in data:
            raise ConfigError(path, f"缺少 {key}")
    unknown = set(data) - FRAMEWORK_KEYS
    if unknown:
        raise ConfigError(
            path, f"未知的键 {'、'.join(sorted(map(str, unknown)))}（可用：{'、'.join(sorted(FRAMEWORK_KEYS))}）"
        )
    for key in ("baseline_year", "final_year"):
        if not isinstance(data[key], int):
            raise ConfigError(path, f"{key} 应为年份（整数）")
    if data["final_year"] <= data["baseline_year"]:
        raise ConfigError(path, "final_year 应晚于 baseline_year")
    if not isinstance(data["indicators"], list) or not data["indicators"]:
        raise ConfigError(path, "indicators 应为非空列表")
    city_sums = data.get("city_sums", ["district"])
    if isinstance(city_sums, str):
        city_sums = [city_sums]
    if not isinstance(city_sums, list) or not city_sums or set(city_sums) - set(UNIT_KINDS_SUMMED):
        raise ConfigError(path, f"city_sums 应为 {UNIT_KINDS_SUMMED} 中的一个或几个（计入全市汇总的单位类型）")
    indicators = [_indicator(spec, fields, int(data["baseline_year"]), path) for spec in data["indicators"]]
    ids = [i.id for i in indicators]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ConfigError(path, f"指标 id 重复：{'、'.join(duplicated)}")
    final_year = int(data["final_year"])
    for ind in indicators:
        for code, targets in [(None, ind.targets), *ind.unit_targets.items()]:
            late = [t.year for t in targets if t.year > final_year or t.year <= int(data["baseline_year"])]
            if late:
                key = "targets" if code is None else f"unit_targets.{code}"
                raise ConfigError(
                    path, f"指标 {ind.id} {key}: 目标年份 {late} 不在规划期（{data['baseline_year']}—{final_year}年）内"
                )
    return Framework(
        id=str(data["id"]),
        name=str(data["name"]),
        units=str(data.get("units", "wenzhou")),
        baseline_year=int(data["baseline_year"]),
        final_year=final_year,
        indicators=tuple(indicators),
        near_threshold=float(data.get("near_threshold", settings()["near_threshold"])),
        city_sums=tuple(city_sums),
        assessment=parse_assessment(data.get("assessment"), indicators, path),
        composite=parse_composite(data.get("composite"), indicators, fields, path),
        source=path,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


@cache
def load_framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    """The framework ``params/frameworks/{framework_id}.yaml``, or a path to a YAML file."""
    candidate = Path(framework_id)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return load_framework_file(candidate)
    path = FRAMEWORKS_DIR / f"{framework_id}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in FRAMEWORKS_DIR.glob("*.yaml")))
        raise ConfigError(path, f"找不到指标体系 {framework_id}；可用的有：{known}")
    return load_framework_file(path)


def list_frameworks() -> list[Framework]:
    """Every framework in ``params/frameworks``, by id."""
    return [load_framework(p.stem) for p in sorted(FRAMEWORKS_DIR.glob("*.yaml"))]
