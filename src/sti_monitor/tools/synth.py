"""Seeded generators of illustrative district workbooks.

- :func:`~.wenzhou_sample.make_sample` writes ``data/sample``: Wenzhou's 12 districts and 2 zones for 2021–2023,
  calibrated so the city aggregate for 2022 equals the plan's 2022 column, with some of the
  spreadsheet habits real districts have (万元, text numbers, names without codes, full-width digits).
- :func:`make_plan_sample` writes the illustrative data of any other plan from its description in
  ``params/samples/{framework}.yaml``: smooth yearly paths of each field's total, shared among the
  units by size and innovation strength, so every aggregate equals its path exactly.
- :func:`make_synthetic` writes N plausible units with their own ``units.yaml``, for benchmarks.

All values are illustrative, not official statistics.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import yaml

from ..atomic import atomic_path, write_bytes
from ..config import load_yaml
from ..errors import ConfigError, StiMonitorError
from ..ingest import load_fields, load_units
from ..measure import load_framework
from ..paths import DEFAULT_FRAMEWORK, PARAMS_DIR, SAMPLE_DATA_DIR, UNITS_DIR
from ..plan import record_plan
from .sample_books import largest_remainder, write_district
from .wenzhou_sample import FIELDS, GROWTH_2022, GROWTH_2023, YEARS, make_sample

SAMPLES_DIR = PARAMS_DIR / "samples"


def sample_frameworks() -> list[str]:
    """Framework ids that ``sti-monitor sample`` can write data for."""
    return sorted([DEFAULT_FRAMEWORK, *(p.stem for p in SAMPLES_DIR.glob("*.yaml"))])


def default_sample_dir(framework_id: str) -> Path:
    """``data/sample`` for the main plan, ``data/sample-{id}`` for the others."""
    return SAMPLE_DATA_DIR if framework_id == DEFAULT_FRAMEWORK else SAMPLE_DATA_DIR.with_name(f"sample-{framework_id}")


def _path(spec: dict, years: list[int], where: str, path: Path) -> np.ndarray:
    """A smooth yearly path: ``start`` × (1 + ``growth``) ^ t, or ``start`` + ``step`` × t."""
    if "start" not in spec or not isinstance(spec["start"], (int, float)):
        raise ConfigError(path, f"{where}: 需要 start（首年数值）")
    t = np.arange(len(years), dtype=float)
    if "step" in spec:
        return spec["start"] + float(spec["step"]) * t
    return spec["start"] * (1 + float(spec.get("growth", 0))) ** t


def _share(total: float, weights: np.ndarray, whole: bool) -> np.ndarray:
    if whole:
        return largest_remainder(weights, round(total)).astype(float)
    raw = weights / weights.sum() * total
    return np.round(raw, 2)


def plan_sample_values(spec: dict, path: Path) -> dict[str, dict[str, dict[int, float]]]:
    """values[unit code][field][year] from a sample description (see ``params/samples/``)."""
    fields = load_fields()
    first, last = spec["years"]
    years = list(range(int(first), int(last) + 1))
    rng = np.random.default_rng(int(spec.get("seed", 0)))
    out: dict[str, dict[str, dict[int, float]]] = {}
    for b, block in enumerate(spec.get("blocks") or []):
        codes = [str(c) for c in block["units"]]
        size = np.array([float(block["units"][c][0]) for c in block["units"]])
        strength = np.array([float(block["units"][c][1]) for c in block["units"]])
        # each unit keeps its own character over the years, with a little yearly noise
        character = rng.lognormal(0, 0.06, len(codes))
        totals: dict[str, np.ndarray] = {}
        for code, fspec in block["fields"].items():
            where = f"blocks[{b}].fields.{code}"
            if fields.by_code(code) is None:
                raise ConfigError(path, f"{where}: 未知字段，请先在 params/fields.yaml 中声明")
            if "of" in fspec:  # a share of another field: start = share × that field's first (rounded) total
                base = totals.get(fspec["of"])
                if base is None:
                    raise ConfigError(path, f"{where}: of 指向的字段 {fspec['of']} 应在其前面给出")
                fspec = {**fspec, "start": base[0] * float(fspec["share"])}
            path_values = _path(fspec, years, where, path)
            by_size = fspec.get("by") == "size"
            totals[code] = np.zeros(len(years))
            for i, year in enumerate(years):
                weights = size * (1 if by_size else strength) * character * rng.lognormal(0, 0.015, len(codes))
                shares = _share(path_values[i], weights, fields[code].kind == "count")
                totals[code][i] = shares.sum()
                for c, v in zip(codes, shares):
                    out.setdefault(c, {}).setdefault(code, {})[year] = float(v)
    for c, own in (spec.get("own") or {}).items():
        for code, fspec in own.items():
            values = _path(fspec, years, f"own.{c}.{code}", path)
            out.setdefault(str(c), {})[code] = {y: round(float(v), 1) for y, v in zip(years, values)}
    return out


def _check_sample_dir(out_dir: Path) -> None:
    """Refuse to write into a directory that holds anything but an earlier sample (it may be real data)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise StiMonitorError(f"{out_dir} 已存在且不是目录；请用 --out 指定一个新目录")
    if not out_dir.is_dir() or not any(out_dir.iterdir()):
        return
    readme = out_dir / "README.md"
    text = readme.read_text(encoding="utf-8", errors="replace") if readme.is_file() else ""
    if "示意数据" not in text and "illustrative" not in text:
        raise StiMonitorError(
            f"{out_dir} 不是空目录，也不是示例数据目录（没有注明示意数据的 README.md）；"
            "为免覆盖真实数据，请用 --out 指定一个新目录或空目录"
        )


def make_plan_sample(framework_id: str, out_dir: Path | None = None) -> Path:
    """Write the illustrative data of ``framework_id`` (one workbook per unit and year, and a README)
    to ``out_dir`` (default :func:`default_sample_dir`): a new or empty directory, or an earlier sample,
    whose year folders are replaced only once the new ones are complete."""
    out_dir = Path(out_dir) if out_dir is not None else default_sample_dir(framework_id)
    _check_sample_dir(out_dir)
    if framework_id == DEFAULT_FRAMEWORK:
        make_sample(out_dir)
        record_plan(out_dir, framework_id)  # every command then uses this plan without --framework
        return out_dir
    path = SAMPLES_DIR / f"{framework_id}.yaml"
    if not path.is_file():
        raise StiMonitorError(
            f"没有指标体系 {framework_id} 的示例数据说明（{path}）；可生成示例数据的有："
            f"{'、'.join(sample_frameworks())}"
        )
    spec = load_yaml(path)
    framework = load_framework(framework_id)
    units = load_units(UNITS_DIR / f"{framework.units}.yaml")
    values = plan_sample_values(spec, path)
    strangers = [c for c in values if c not in units]
    if strangers:
        raise ConfigError(path, f"单位 {'、'.join(strangers)} 不在单位清单 {framework.units} 中")
    first, last = (int(y) for y in spec["years"])
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sample.", suffix=".tmp", dir=out_dir))
    try:
        for year in range(first, last + 1):
            folder = staging / str(year)
            folder.mkdir()
            for code, by_field in values.items():
                one_year = {f: {year: v[year]} for f, v in by_field.items() if year in v}
                write_district(
                    folder / f"{units[code].slug}.xlsx", units[code], [year], one_year, fields=list(by_field)
                )
        for year in range(first, last + 1):
            if (out_dir / str(year)).exists():
                shutil.rmtree(out_dir / str(year))
            os.replace(staging / str(year), out_dir / str(year))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    readme = (
        f"# 示例数据：{framework.name}\n\n**以下数据均为示意数据，不是官方统计。**\n\n"
        f"由 `sti-monitor sample --framework {framework_id}` 生成（说明文件 params/samples/{framework_id}.yaml，"
        f"随机种子 {spec.get('seed', 0)}），{first}—{last}年，每个单位每年一个工作簿（`年份/代码_名称.xlsx`）。\n\n"
        f"{str(spec.get('description', '')).strip()}\n"
    )
    write_bytes(out_dir / "README.md", readme.encode("utf-8"))
    record_plan(out_dir, framework_id)  # every command then uses this plan without --framework
    return out_dir


def make_synthetic(n: int, out_dir: Path, seed: int = 7) -> Path:
    """Write ``n`` plausible units (one workbook each, years 2021–2023) and their ``units.yaml``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    districts = [{"code": f"9{i:05d}", "name": f"合成县{i:04d}"} for i in range(1, n + 1)]
    spec = {"id": "synthetic", "city": {"code": "900000", "name": "合成市"}, "districts": districts, "zones": []}
    with atomic_path(out_dir / "units.yaml") as tmp:
        tmp.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    units = load_units(out_dir / "units.yaml")
    for unit in units.districts:
        gdp = float(rng.lognormal(6.0, 0.7))
        strength = float(rng.uniform(0.4, 1.7))
        emp = gdp / rng.uniform(9, 17)
        rev = gdp * rng.uniform(0.5, 1.9)
        iva = rev * rng.uniform(0.2, 0.25)
        v22 = {
            "gdp": gdp,
            "rd_expenditure": gdp * 0.026 * strength,
            "rd_personnel_fte": round(emp * 110 * strength),
            "employed_persons": emp,
            "ind_rd_expense": rev * 0.0332 * strength,
            "ind_revenue": rev,
            "hitech_enterprises": round(gdp * 0.46 * strength),
            "tech_smes": round(gdp * 1.8 * strength),
            "hitech_value_added": iva * min(0.95, 0.668 * (1 + 0.3 * (strength - 1))),
            "ind_value_added": iva,
            "tech_transactions": gdp * 0.032 * strength,
            "incubator_area_new": gdp * 0.019 * strength,
            "hitech_investment": gdp * 0.08 * strength,
        }
        values = {}
        for f, v in v22.items():
            g22, g23 = 1 + rng.normal(*GROWTH_2022[f]), 1 + rng.normal(*GROWTH_2023[f])
            series = {2021: v / max(g22, 0.5), 2022: v, 2023: v * max(g23, 0.5)}
            whole = f in ("hitech_enterprises", "tech_smes", "rd_personnel_fte")
            values[f] = {y: float(round(x)) if whole else round(x, 2) for y, x in series.items()}
        values["hitech_investment_growth"] = {}
        write_district(out_dir / f"{unit.slug}.xlsx", unit, YEARS, values, FIELDS)
    return out_dir


# denominators of a one-county plan in its baseline year (亿元, 万人) and their yearly growth
SINGLE_UNIT_SIZES = {
    "gdp": (700.0, 0.06),
    "ind_revenue": (1200.0, 0.07),
    "ind_output": (1300.0, 0.07),
    "service_revenue": (150.0, 0.08),
    "employed_persons": (40.0, 0.005),
    "resident_population": (44.0, 0.004),
    "ind_value_added": (300.0, 0.07),
}


def make_single_unit(out_dir: Path, framework_id: str = "xinchang-2025", seed: int = 11) -> Path:
    """Write one workbook per year for a plan of one unit (no districts), e.g. a county's own plan:
    each indicator moves from its baseline toward its final target, some ahead of the plan, some behind."""
    out_dir = Path(out_dir)
    rng = np.random.default_rng(seed)
    framework = load_framework(framework_id)
    fields = load_fields()
    unit = load_units(UNITS_DIR / f"{framework.units}.yaml").city
    first = framework.baseline_year + 1
    years = list(range(first, first + 3))
    span = framework.final_year - framework.baseline_year
    values: dict[str, dict[int, float]] = {}
    for field, (size, growth) in SINGLE_UNIT_SIZES.items():
        values[field] = {y: round(size * (1 + growth) ** (y - framework.baseline_year), 2) for y in years}
    for ind in framework.indicators:
        pace = float(rng.uniform(0.6, 1.3))  # share of the plan's yearly way made each year
        final = max(t.value for t in ind.targets if t.year == framework.final_year)
        for y in years:
            share = min(1.0, pace * (y - framework.baseline_year) / span)
            if ind.interpolation == "geometric" and ind.baseline > 0 and final > 0:
                level = ind.baseline * (final / ind.baseline) ** share
            else:
                level = ind.baseline + (final - ind.baseline) * share
            if ind.formula.kind == "field":
                field, amount = ind.formula.numerator[0], level
            else:
                num, den = ind.formula.numerator[0], ind.formula.denominator[0]
                if num in SINGLE_UNIT_SIZES:  # labour productivity: GDP ÷ employed persons
                    field, amount = den, values[num][y] / level * ind.formula.scale
                else:
                    field, amount = num, level * values[den][y] / ind.formula.scale
            values.setdefault(field, {})[y] = (
                float(round(amount)) if fields[field].kind == "count" else round(amount, 3)
            )
    for year in years:
        folder = out_dir / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        one_year = {f: {year: v[year]} for f, v in values.items()}
        write_district(folder / f"{unit.slug}.xlsx", unit, [year], one_year, fields=framework.fields)
    return out_dir
