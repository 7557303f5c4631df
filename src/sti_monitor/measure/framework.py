"""Indicator frameworks: a plan's indicators, formulas and targets, from ``params/frameworks/*.yaml``;
its assessment and composite-index rules are read by :mod:`.rules`. The objects are those of
:mod:`.plan_model` (re-exported here), an indicator's YAML form is read by :mod:`.plan_yaml`.

Adding a plan is adding a YAML file; see ``docs/frameworks.md`` for the format.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from ..config import load_yaml, settings
from ..errors import ConfigError
from ..ingest import load_fields
from ..paths import DEFAULT_FRAMEWORK, FRAMEWORKS_DIR
from .plan_model import (  # noqa: F401  (all but UNIT_KINDS_SUMMED and Framework: re-exported)
    TARGET_KIND_LABELS,
    UNIT_KINDS,
    UNIT_KINDS_SUMMED,
    Formula,
    Framework,
    Indicator,
    Target,
)
from .plan_yaml import parse_indicator
from .rules import (  # noqa: F401  (Veto, GradeCondition, Transform, VETO_CONDITIONS: re-exported)
    VETO_CONDITIONS,
    Assessment,
    Composite,
    GradeCondition,
    Transform,
    Veto,
    parse_assessment,
    parse_composite,
)

# the keys a framework file may carry; ``assessment`` and ``composite`` belong to the assessment rules
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
    indicators = [parse_indicator(spec, fields, int(data["baseline_year"]), path) for spec in data["indicators"]]
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
