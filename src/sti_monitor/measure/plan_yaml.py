"""The YAML forms of a framework's indicators, formulas and targets (see ``docs/frameworks.md``), read into
:mod:`.plan_model` objects and checked: every error names the file and the key, in Chinese."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..ingest import FieldRegistry
from .plan_model import DECOMPOSITIONS, FORMULA_KINDS, INTERPOLATIONS, UNIT_KINDS, Formula, Indicator, Target
from .rules import bounded

# the keys an indicator may carry: ``weight`` is its assessment weight, ``applies_to`` the unit kinds it
# applies to (default: the kinds that get a target for it)
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

# the forms a target's mapping may take (exactly one), and the kind of target each gives where it is not
# parsed by its own function below
TARGET_FORMS = ("guaranteed", "at_least", "at_most", "multiple", "value", "about", "aspiration", "reference")
KIND_OF_FORM = {
    "at_least": "floor",
    "at_most": "ceiling",
    "multiple": "multiple",
    "value": "value",
    "aspiration": "aspiration",
}


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


def _level(spec, key, baseline, where, path) -> float:
    """A target's level: a number, or ``{multiple: m}``, m times the indicator's baseline."""
    if isinstance(spec, dict) and set(spec) == {"multiple"}:
        if baseline is None:
            raise ConfigError(path, f"{where}: {key} 为倍数目标，需要指标的 baseline")
        return baseline * _number(spec["multiple"], where, f"{key}.multiple", path)
    return _number(spec, where, key, path)


def _target_form(spec: dict, where, path) -> str:
    """The one form key of a target's mapping (guaranteed, at_least, …), its other keys checked against it."""
    unknown = set(spec) - TARGET_KEYS
    if unknown:
        raise ConfigError(
            path, f"{where}: 未知的键 {'、'.join(sorted(map(str, unknown)))}（可用：{'、'.join(sorted(TARGET_KEYS))}）"
        )
    forms = [k for k in TARGET_FORMS if k in spec]
    if len(forms) != 1:
        raise ConfigError(
            path,
            f"{where}: 应恰好给出 guaranteed、at_least、at_most、multiple、value、about、"
            f"aspiration、reference 之一，现为 {forms or '无'}",
        )
    form = forms[0]
    if "tolerance" in spec and form != "about":
        raise ConfigError(path, f"{where}: tolerance 只用于 about（左右）目标")
    if "margin" in spec and form != "reference":
        raise ConfigError(path, f"{where}: margin 只用于 reference 目标")
    if "stretch" in spec and form != "guaranteed":
        raise ConfigError(path, f"{where}: stretch 只用于 guaranteed（确保…力争…）目标")
    return form


def _dual_target(year: int, spec: dict, label: str, baseline, where, path) -> Target:
    """确保…力争…: a guaranteed level and a stretch level, or a stretch above a reference unit (力争超全省平均)."""
    given = spec.get("stretch")
    if isinstance(given, dict) and "reference" in given:
        if (
            set(given) - {"reference", "margin"}
            or isinstance(given["reference"], bool)
            or not isinstance(given["reference"], (str, int))
        ):
            raise ConfigError(path, f"{where}: stretch 参照目标应为 {{reference: 参照单位代码, margin: 幅度}}")
        margin = _number(given.get("margin", 0), where, "stretch.margin", path)
        guaranteed = _level(spec["guaranteed"], "guaranteed", baseline, where, path)
        return Target(year, guaranteed, "dual", label, margin, stretch_reference=str(given["reference"]))
    stretch = _level(given, "stretch", baseline, where, path) if "stretch" in spec else None
    return Target(year, _level(spec["guaranteed"], "guaranteed", baseline, where, path), "dual", label, stretch)


def _about_target(year: int, spec: dict, label: str, baseline, where, path) -> Target:
    """左右: met within ``tolerance`` short of the level."""
    if "tolerance" not in spec:
        raise ConfigError(path, f"{where}: about（左右）目标需要 tolerance（允许低于目标的幅度，单位同指标）")
    tolerance = _number(spec["tolerance"], where, "tolerance", path)
    if tolerance < 0:
        raise ConfigError(path, f"{where}: tolerance 不能为负")
    return Target(year, _level(spec["about"], "about", baseline, where, path), "about", label, tolerance=tolerance)


def _reference_target(year: int, spec: dict, label: str, where, path) -> Target:
    """At least a reference unit's value in the same year, plus ``margin``."""
    code = spec["reference"]
    if not isinstance(code, (str, int)) or isinstance(code, bool):
        raise ConfigError(path, f"{where}: reference 应为参照单位的代码（如全省 330000）")
    margin = _number(spec.get("margin", 0), where, "margin", path)
    return Target(year, margin, "reference", label, reference=str(code))


def _target(year, spec, baseline, where, path) -> Target:
    """One target from its YAML form (see ``docs/frameworks.md``)."""
    if not isinstance(year, int):
        raise ConfigError(path, f"{where}: 目标年份 {year!r} 应为整数")
    where = f"{where} targets.{year}"
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        return Target(year, float(spec))
    if not isinstance(spec, dict):
        raise ConfigError(path, f"{where}: 目标格式不对：{spec!r}")
    form = _target_form(spec, where, path)
    label = str(spec.get("label", ""))
    if form == "guaranteed":
        return _dual_target(year, spec, label, baseline, where, path)
    if form == "about":
        return _about_target(year, spec, label, baseline, where, path)
    if form == "reference":
        return _reference_target(year, spec, label, where, path)
    level = {"multiple": spec["multiple"]} if form == "multiple" else spec[form]
    return Target(year, _level(level, form, baseline, where, path), KIND_OF_FORM[form], label)


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


def _indicator_rules(spec: dict, formula: Formula, first_year: int, where, path) -> tuple[str, str, str]:
    """The indicator's interpolation, decomposition and direction, checked against its formula."""
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
    return interpolation, decomposition, direction


def _unit_targets(spec: dict, where, path) -> dict[str, tuple[Target, ...]]:
    """The plan's own targets of named units (aggregates, areas), by unit code."""
    unit_specs = spec.get("unit_targets") or {}
    if not isinstance(unit_specs, dict):
        raise ConfigError(path, f"{where}: unit_targets 应为 单位代码: {{年份: 目标}} 的映射")
    return {str(code): _targets(t, None, f"{where} unit_targets.{code}", path) for code, t in unit_specs.items()}


def _applies_to(spec: dict, where, path) -> tuple[str, ...]:
    applies_to = _codes(spec.get("applies_to"))
    if set(applies_to) - set(UNIT_KINDS):
        raise ConfigError(
            path,
            f"{where}: applies_to 应为 {'、'.join(UNIT_KINDS)} 中的一个或几个（单位类型），"
            f"现为 {spec.get('applies_to')!r}",
        )
    return applies_to


def parse_indicator(spec, fields: FieldRegistry, first_year: int, path: Path) -> Indicator:
    """One indicator of a framework file, checked (``first_year``: the plan's baseline year)."""
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
    interpolation, decomposition, direction = _indicator_rules(spec, formula, first_year, where, path)
    baseline = spec.get("baseline")
    baseline = _number(baseline, where, "baseline", path) if baseline is not None else None
    targets = _targets(spec.get("targets"), baseline, where, path)
    unit_targets = _unit_targets(spec, where, path)
    applies_to = _applies_to(spec, where, path)
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
