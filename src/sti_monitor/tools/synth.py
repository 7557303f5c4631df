"""Seeded generators of illustrative district workbooks.

- :func:`make_sample` writes ``data/sample``: Wenzhou's 12 districts and 2 zones for 2021–2023,
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
from ..ingest import Unit, load_fields, load_units
from ..measure import load_framework
from ..paths import DEFAULT_FRAMEWORK, PARAMS_DIR, SAMPLE_DATA_DIR, UNITS_DIR
from ..plan import record_plan
from ..publish import district_workbook, save_new, task_table_workbook

YEARS = (2021, 2022, 2023)
FIELDS = (
    "gdp",
    "rd_expenditure",
    "rd_personnel_fte",
    "employed_persons",
    "ind_rd_expense",
    "ind_revenue",
    "hitech_enterprises",
    "tech_smes",
    "hitech_value_added",
    "ind_value_added",
    "tech_transactions",
    "incubator_area_new",
    "hitech_investment",
    "hitech_investment_growth",
)
MONEY = (
    "gdp",
    "rd_expenditure",
    "ind_rd_expense",
    "ind_revenue",
    "hitech_value_added",
    "ind_value_added",
    "tech_transactions",
    "hitech_investment",
)

# 2022 GDP (亿元), innovation strength, industrial revenue per GDP, GDP per employed person (万元)
PROFILES = {
    "330302": (1120, 0.85, 0.70, 15.5),
    "330303": (780, 1.55, 1.60, 16.0),
    "330304": (850, 1.05, 1.20, 14.5),
    "330305": (135, 0.55, 0.60, 12.0),
    "330324": (560, 0.85, 1.30, 12.5),
    "330326": (620, 0.85, 1.20, 12.5),
    "330327": (470, 0.70, 0.90, 11.5),
    "330328": (150, 0.45, 0.50, 10.0),
    "330329": (140, 0.40, 0.45, 10.0),
    "330381": (1230, 1.20, 1.70, 14.0),
    "330382": (1520, 1.35, 1.90, 14.5),
    "330383": (455, 0.80, 1.10, 12.0),
    "330371": (240, 0.90, 1.40, 15.0),
    "330372": (420, 1.80, 1.80, 17.0),
}
# the plan's 2022 city values: ratios (numerator, denominator, value) and levels
CITY_2022_RATIOS = {
    "rd_expenditure": ("gdp", 2.6 / 100),
    "rd_personnel_fte": ("employed_persons", 110.0),
    "ind_rd_expense": ("ind_revenue", 3.32 / 100),
    "hitech_value_added": ("ind_value_added", 66.8 / 100),
}
CITY_2022_LEVELS = {
    "hitech_enterprises": 3700,
    "tech_smes": 14700,
    "tech_transactions": 256.0,
    "incubator_area_new": 152.0,
}
CITY_2022_GROWTH = 9.6
GROWTH_REPORTERS = ("330381", "330382", "330372")  # report the comparable-scope growth themselves
# yearly growth (mean, spread) from 2022 to 2023, and 2021 to 2022
GROWTH_2023 = {
    "gdp": (0.06, 0.015),
    "rd_expenditure": (0.10, 0.05),
    "rd_personnel_fte": (0.09, 0.05),
    "employed_persons": (0.005, 0.005),
    "ind_rd_expense": (0.10, 0.05),
    "ind_revenue": (0.07, 0.03),
    "hitech_enterprises": (0.15, 0.07),
    "tech_smes": (0.12, 0.05),
    "hitech_value_added": (0.075, 0.03),
    "ind_value_added": (0.07, 0.02),
    "tech_transactions": (0.28, 0.15),
    "incubator_area_new": (0.12, 0.25),
    "hitech_investment": (0.13, 0.08),
}
GROWTH_2022 = {k: (m * 0.8, s) for k, (m, s) in GROWTH_2023.items()}
# Zhejiang (330000, the reference unit of wenzhou-2027's 力争超全省平均): GDP and R&D expenditure (亿元), rounded
# near the province's published order of size (R&D intensity 2.94, 3.11, 3.20%) but ILLUSTRATIVE, not official
PROVINCE = {
    "gdp": {2021: 73500.0, 2022: 77700.0, 2023: 82550.0},
    "rd_expenditure": {2021: 2160.9, 2022: 2416.47, 2023: 2641.6},
}
PROVINCE_MARK = "示例数值，非官方统计"
PROVINCE_NOTE = (
    "注：本表为示例数据目录中的浙江省参照数值，是示例数值，非官方统计；"
    "仅用于演示“力争R&D经费投入强度超全省平均”的对比。实际使用时请换成省统计局公布的数值。"
)


def _largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    raw = weights / weights.sum() * total
    out = np.floor(raw).astype(int)
    out[np.argsort(-(raw - out))[: total - out.sum()]] += 1
    return out


def _sample_values(rng: np.random.Generator) -> dict[str, dict[str, dict[int, float]]]:
    """values[code][field][year] for the 12 districts and 2 zones, calibrated for 2022."""
    codes = list(PROFILES)
    gdp = np.array([PROFILES[c][0] for c in codes], float)
    strength = np.array([PROFILES[c][1] for c in codes])
    v22 = {"gdp": gdp, "employed_persons": gdp / np.array([PROFILES[c][3] for c in codes])}
    v22["employed_persons"] *= 580.0 / v22["employed_persons"][:12].sum()  # 580万 employed in the districts
    v22["ind_revenue"] = gdp * np.array([PROFILES[c][2] for c in codes])
    v22["ind_value_added"] = v22["ind_revenue"] * rng.uniform(0.2, 0.25, len(codes))
    d = slice(0, 12)
    for num, (den, ratio) in CITY_2022_RATIOS.items():
        m = strength if num != "hitech_value_added" else 1 + 0.3 * (strength - 1)
        raw = v22[den] * m * rng.uniform(0.93, 1.07, len(codes))
        v22[num] = raw * ratio * v22[den][d].sum() / raw[d].sum()
    for name, total in CITY_2022_LEVELS.items():
        weights = gdp * strength ** (1.5 if name == "tech_transactions" else 1.0) * rng.uniform(0.9, 1.1, len(codes))
        if isinstance(total, int):
            counts = _largest_remainder(weights[d], total)
            zone = np.round(weights[12:] / weights[d].sum() * total)
            v22[name] = np.concatenate([counts, zone]).astype(float)
        else:
            v22[name] = weights / weights[d].sum() * total
    v22["hitech_investment"] = gdp * 0.08 * strength * rng.uniform(0.85, 1.15, len(codes))
    g22 = rng.uniform(2, 18, len(codes))
    base = v22["hitech_investment"] / (1 + g22 / 100)
    reporters = np.array([c in GROWTH_REPORTERS for c in codes])
    # scale the computed districts' 2021 amounts so the city's comparable growth is exactly 9.6%
    rep, non = reporters[d], ~reporters[d]
    scale = (v22["hitech_investment"][d].sum() / (1 + CITY_2022_GROWTH / 100) - base[d][rep].sum()) / base[d][non].sum()
    inv21 = base.copy()
    inv21[:12][non] *= scale
    out = {c: {f: {} for f in FIELDS} for c in codes}
    for i, c in enumerate(codes):
        for f in GROWTH_2023:
            v = v22[f][i]
            r21, r23 = (1 + rng.normal(*GROWTH_2022[f])), (1 + rng.normal(*GROWTH_2023[f]))
            out[c][f] = {2021: v / max(r21, 0.5), 2022: v, 2023: v * max(r23, 0.5)}
        out[c]["hitech_investment"][2021] = (
            inv21[i] if not reporters[i] else v22["hitech_investment"][i] / (1 + g22[i] / 100) * rng.uniform(0.97, 1.03)
        )
        if reporters[i]:
            g23 = out[c]["hitech_investment"][2023] / out[c]["hitech_investment"][2022] * 100 - 100
            out[c]["hitech_investment_growth"] = {2022: round(g22[i], 1), 2023: round(g23 + rng.normal(0, 1.5), 1)}
    for c in codes:
        for f in FIELDS:
            for y, v in out[c][f].items():
                digits = (
                    0
                    if f in ("hitech_enterprises", "tech_smes", "rd_personnel_fte")
                    else (1 if f == "hitech_investment_growth" else 2)
                )
                out[c][f][y] = round(float(v), digits) if digits else float(round(v))
    # after rounding, rescale the computing districts' 2021 amounts so the city's comparable
    # growth for 2022 stays exactly 9.6% (reporters' bases follow from their rounded growth)
    dist = codes[:12]
    amount = sum(out[c]["hitech_investment"][2022] for c in dist)
    rep_base = sum(
        out[c]["hitech_investment"][2022] / (1 + out[c]["hitech_investment_growth"][2022] / 100)
        for c in dist
        if c in GROWTH_REPORTERS
    )
    non = [c for c in dist if c not in GROWTH_REPORTERS]
    factor = (amount / (1 + CITY_2022_GROWTH / 100) - rep_base) / sum(out[c]["hitech_investment"][2021] for c in non)
    for c in non:
        out[c]["hitech_investment"][2021] = round(out[c]["hitech_investment"][2021] * factor, 2)
    return out


def _messy(code: str, values: dict, year: int):
    """How this district writes its spreadsheet: (cells, unit labels, blank codes?, identity shown?)."""
    cells = {f: dict(v) for f, v in values.items()}
    labels, blank_codes, identity = {}, False, True
    if code == "330381":  # 瑞安 reports money in 万元
        for f in MONEY:
            cells[f] = {y: round(v * 1e4, 2) for y, v in cells[f].items()}
            labels[f] = "万元"
    elif code == "330382":  # 乐清 stores numbers as text with thousands separators
        cells = {f: {y: f"{v:,.2f}" for y, v in d.items()} for f, d in cells.items()}
    elif code == "330327":  # 苍南 leaves the code column blank and uses names
        blank_codes = True
    elif code == "330328":  # 文成: full-width digits and stray spaces in counts
        for f in ("hitech_enterprises", "tech_smes"):
            cells[f] = {
                y: " " + str(int(v)).translate(str.maketrans("0123456789", "０１２３４５６７８９")) + " "
                for y, v in cells[f].items()
            }
    elif code == "330383":  # 龙港: incubator area in 平方米, growth with a % sign
        cells["incubator_area_new"] = {y: round(v * 1e4) for y, v in cells["incubator_area_new"].items()}
        labels["incubator_area_new"] = "平方米"
    elif code == "330329":  # 泰顺: identity only in the file name
        identity = False
    if "hitech_investment_growth" in cells and not cells["hitech_investment_growth"]:
        cells["hitech_investment_growth"] = {year: "—"}
    return cells, labels, blank_codes, identity


def _write_district(
    path: Path, unit: Unit, years, values, labels=None, blank_codes=False, identity=True, fields=FIELDS
):
    wb = district_workbook(unit, list(years), fields, values, labels)
    ws = wb["数据"]
    if blank_codes:
        names = {"rd_expenditure": "研究与试验发展经费支出", "hitech_enterprises": "高新技术企业累计数"}
        for r in range(5, 5 + len(fields)):
            code = ws.cell(r, 1).value
            ws.cell(r, 2, names.get(code, ws.cell(r, 2).value))
            ws.cell(r, 1).value = None
    if not identity:
        for c in (2, 4):
            ws.cell(2, c).value = None
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _write_reference(path: Path, unit: Unit, year: int) -> None:
    """The province's workbook of one year: the fields its reference targets need, titled and noted as
    illustrative (示例数值，非官方统计), which the reader keeps and every report repeats beside the value."""
    fields = list(PROVINCE)
    values = {f: {year: PROVINCE[f][year]} for f in fields}
    title = f"{unit.name}科技创新统计报表（{year}年）——{PROVINCE_MARK}"
    wb = district_workbook(unit, [year], fields, values, title=title)
    ws = wb["数据"]
    ws.cell(ws.max_row + 2, 1, PROVINCE_NOTE)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def make_sample(out_dir: Path, seed: int = 20230) -> Path:
    """Write the illustrative Wenzhou sample (per-year folders and a 2023 指标任务表) to ``out_dir``."""
    out_dir = Path(out_dir)
    rng = np.random.default_rng(seed)
    units = load_units(UNITS_DIR / "wenzhou.yaml")
    values = _sample_values(rng)
    for year in YEARS:
        folder = out_dir / str(year)
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for unit in [*units.districts, *units.zones]:
            one_year = {f: {year: v[year]} for f, v in values[unit.code].items() if year in v}
            cells, labels, blank_codes, identity = _messy(unit.code, {f: one_year.get(f, {}) for f in FIELDS}, year)
            _write_district(folder / f"{unit.slug}.xlsx", unit, [year], cells, labels, blank_codes, identity)
        for reference in units.references:  # the province, marked illustrative in its title and a note
            _write_reference(folder / f"{reference.slug}.xlsx", reference, year)
    framework = load_framework(DEFAULT_FRAMEWORK)
    targets = {}
    for ind_id in ("hitech_enterprises", "tech_smes"):
        total = int(framework.indicator(ind_id).targets[0].value)
        base = np.array([values[u.code][ind_id][2022] for u in units.districts])
        for unit, t in zip(units.districts, _largest_remainder(base * rng.uniform(0.97, 1.03, len(base)), total)):
            targets[(unit.code, ind_id)] = int(t)
    save_new(task_table_workbook(framework, units, 2023, targets), out_dir / "指标任务表_2023.xlsx", overwrite=True)
    return out_dir


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
        return _largest_remainder(weights, round(total)).astype(float)
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
                _write_district(
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
        _write_district(out_dir / f"{unit.slug}.xlsx", unit, YEARS, values)
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
        _write_district(folder / f"{unit.slug}.xlsx", unit, [year], one_year, fields=framework.fields)
    return out_dir
