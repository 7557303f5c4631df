"""The whole computation for a data directory: read → validate → panel → indicators → targets → compliance."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import StiMonitorError
from ..ingest import Dataset, UnitRegistry
from .assessment import indicator_points, score_units
from .compliance import assess
from .framework import Framework, load_framework
from .indicators import compute_indicators, trace_sources
from .targets import assign_targets
from .trajectory import trajectories
from .validation import load_dataset

logger = logging.getLogger(__name__)

OUTPUT_COLUMNS = ["unit_code", "unit_name", "unit_kind", "year", "indicator", "indicator_name", "measure", "value",
                  "target", "target_rule", "achievement", "status", "score", "progress", "required_growth",
                  "required_growth_unit", "rank", "stretch_target", "stretch_met", "baseline", "final_target",
                  "numerator", "denominator", "target_note", "note", "points", "trajectory", "pace_ratio"]


@dataclass
class Results:
    """Indicators and compliance for every unit, year and indicator of one data directory."""

    framework: Framework
    units: UnitRegistry
    dataset: Dataset
    table: pd.DataFrame  # OUTPUT_COLUMNS, every year
    scores: pd.DataFrame | None = None  # assessment and composite index per unit and year (assessment.SCORE_COLUMNS)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.table["year"].unique())

    @property
    def latest_year(self) -> int:
        if not self.years:
            raise StiMonitorError("没有可用的数据：全部工作簿都有错误被跳过（运行 sti-monitor validate 查看）")
        return self.years[-1]

    def year_table(self, year: int) -> pd.DataFrame:
        """All units' rows for ``year``; raises a readable error if the year has no data."""
        if year not in self.years:
            raise StiMonitorError(f"数据中没有 {year} 年的数据（已有年份：{'、'.join(map(str, self.years)) or '无'}）")
        return self.table[self.table["year"] == year].reset_index(drop=True)

    def unit_table(self, unit_code: str, year: int | None = None) -> pd.DataFrame:
        rows = self.table[self.table["unit_code"] == str(unit_code)]
        return rows if year is None else rows[rows["year"] == year].reset_index(drop=True)

    def trace(self, unit_code: str, year: int) -> pd.DataFrame:
        """The source cells behind ``unit_code``'s indicators in ``year``."""
        return trace_sources(self.dataset.panel, self.framework, self.units, unit_code, year)


def rank_districts(table: pd.DataFrame, framework: Framework, units: UnitRegistry) -> pd.Series:
    """Rank (1 = best) of each district among the districts, per year and indicator; NaN for others."""
    district_codes = {u.code for u in units.districts}
    rank = pd.Series(np.nan, index=table.index)
    mask = table["unit_code"].isin(district_codes) & table["value"].notna()
    for ind in framework.indicators:
        sel = mask & (table["indicator"] == ind.id)
        rank[sel] = table[sel].groupby("year")["value"].rank(ascending=not ind.higher_is_better, method="min")
    return rank


def evaluate(data_dir, framework: Framework | str = "wenzhou-2027", units: UnitRegistry | None = None) -> Results:
    """Read ``data_dir`` and compute every indicator, target and status for every unit and year."""
    framework = load_framework(framework) if isinstance(framework, str) else framework
    dataset = load_dataset(Path(data_dir), framework, units)
    units = dataset.units
    values = compute_indicators(dataset.panel, framework, units)
    # every unit appears for every year, so a skipped district shows as no_data rather than vanishing
    years = sorted(values["year"].unique()) if not values.empty else []
    grid = pd.MultiIndex.from_product([[u.code for u in units.all()], years, [i.id for i in framework.indicators]],
                                      names=["unit_code", "year", "indicator"])
    values = values.set_index(["unit_code", "year", "indicator"]).reindex(grid).reset_index()
    values["note"] = values["note"].fillna("")
    targets = assign_targets(values, framework, units, dataset.task_targets)
    table = assess(values, targets, framework)
    by_code = {u.code: u for u in units.all()}
    table["unit_name"] = table["unit_code"].map(lambda c: by_code[c].name)
    table["unit_kind"] = table["unit_code"].map(lambda c: by_code[c].kind)
    table["indicator_name"] = table["indicator"].map(lambda i: framework.indicator(i).name)
    table["measure"] = table["indicator"].map(lambda i: framework.indicator(i).unit)
    table["rank"] = rank_districts(table, framework, units)
    table.loc[table["value"].isna() & (table["note"] == ""), "note"] = "无数据（未报送或报表有错误被跳过）"
    table["points"] = indicator_points(table, framework)
    table[["trajectory", "pace_ratio"]] = trajectories(table, framework)
    return Results(framework, units, dataset, table[OUTPUT_COLUMNS], score_units(table, dataset.panel, framework, units))

