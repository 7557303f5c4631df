"""The illustrative Wenzhou sample (``data/sample``): 12 districts and 2 zones for 2021–2023, calibrated so the
city aggregate for 2022 equals the plan's 2022 column, with some of the spreadsheet habits real districts have
(万元, text numbers, names without codes, full-width digits). All values are illustrative, not official statistics."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from ..atomic import atomic_path
from ..ingest import Unit, load_units
from ..measure import load_framework
from ..paths import DEFAULT_FRAMEWORK, UNITS_DIR
from ..publish import district_workbook, save_new, task_table_workbook
from .sample_books import largest_remainder, write_district

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


def _round_and_recalibrate(out: dict, codes: list[str]) -> None:
    """Round every value as a district reports it (counts whole, growth rates to 1 decimal, amounts to 2),
    then rescale the computing districts' 2021 amounts so the city's comparable growth for 2022 stays
    exactly 9.6% (reporters' bases follow from their rounded growth)."""
    for c in codes:
        for f in FIELDS:
            for y, v in out[c][f].items():
                digits = (
                    0
                    if f in ("hitech_enterprises", "tech_smes", "rd_personnel_fte")
                    else (1 if f == "hitech_investment_growth" else 2)
                )
                out[c][f][y] = round(float(v), digits) if digits else float(round(v))
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
            counts = largest_remainder(weights[d], total)
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
    _round_and_recalibrate(out, codes)
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
            write_district(folder / f"{unit.slug}.xlsx", unit, [year], cells, FIELDS, labels, blank_codes, identity)
        for reference in units.references:  # the province, marked illustrative in its title and a note
            _write_reference(folder / f"{reference.slug}.xlsx", reference, year)
    framework = load_framework(DEFAULT_FRAMEWORK)
    targets = {}
    for ind_id in ("hitech_enterprises", "tech_smes"):
        total = int(framework.indicator(ind_id).targets[0].value)
        base = np.array([values[u.code][ind_id][2022] for u in units.districts])
        for unit, t in zip(units.districts, largest_remainder(base * rng.uniform(0.97, 1.03, len(base)), total)):
            targets[(unit.code, ind_id)] = int(t)
    save_new(task_table_workbook(framework, units, 2023, targets), out_dir / "指标任务表_2023.xlsx", overwrite=True)
    return out_dir
