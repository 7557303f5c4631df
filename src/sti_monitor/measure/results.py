"""The whole computation for a data directory: read → validate → panel → indicators → targets → compliance."""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import StiMonitorError
from ..ingest import Dataset, UnitRegistry
from ..paths import DEFAULT_FRAMEWORK
from .assessment import indicator_points, score_units
from .compliance import assess
from .framework import Framework, load_framework
from .indicators import compute_indicators, trace_sources
from .outlook import outlooks
from .targets import assign_targets, target_paths
from .validation import load_dataset

logger = logging.getLogger(__name__)

MISSING_NAMED = 10  # units named in the error of a year with no data; the rest are counted

OUTPUT_COLUMNS = [
    "unit_code",
    "unit_name",
    "unit_kind",
    "year",
    "indicator",
    "indicator_name",
    "measure",
    "value",
    "target",
    "target_rule",
    "achievement",
    "status",
    "achievement_score",
    "progress",
    "required_growth",
    "required_growth_unit",
    "rank",
    "stretch_target",
    "stretch_met",
    "baseline",
    "final_target",
    "numerator",
    "denominator",
    "target_kind",
    "tolerance",
    "target_note",
    "note",
    "points",
    "outlook",
    "pace_ratio",
]


class _Recent(OrderedDict):
    """A dict keeping only its latest ``SIZE`` entries: per-unit indexes of a warm kernel that
    renders unit after unit stay small however many units the batch has."""

    SIZE = 64

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.SIZE:
            self.popitem(last=False)


@dataclass
class Results:
    """Indicators and compliance for every unit, year and indicator of one data directory.

    ``table`` is treated as read-only once built: the accessors below (``unit_table``,
    ``year_table``, ``series``, ``target_paths``, ``trace``) answer from indexes
    built on first use and kept, so that one unit's report costs the same whatever the number of
    units. Each accessor returns a frame of its own (pandas copy-on-write), so a caller that edits
    what it got never changes the indexes. The indexes are not pickled.
    """

    framework: Framework
    units: UnitRegistry
    dataset: Dataset
    table: pd.DataFrame  # OUTPUT_COLUMNS, every year
    scores: pd.DataFrame | None = None  # assessment and composite index per unit and year (assessment.SCORE_COLUMNS)
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_index"] = {}
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.__dict__.setdefault("_index", {})

    def _cached(self, name: str, build):
        """The index ``name``, built by ``build()`` on first use."""
        if name not in self._index:
            self._index[name] = build()
        return self._index[name]

    def cached(self, name: str, build):
        """An index of a later step (a report's), kept with these results' own: built by
        ``build()`` on first use, shared by every :meth:`view`, never pickled."""
        return self._cached(("user", name), build)

    def _by_unit(self) -> dict[str, pd.DataFrame]:
        """Unit code -> that unit's rows (every year), in table order."""
        return self._cached(
            "unit", lambda: {str(code): rows for code, rows in self.table.groupby("unit_code", sort=False)}
        )

    def _panel_by_unit(self) -> dict[str, pd.DataFrame]:
        """Unit code -> that unit's raw panel rows."""
        panel = self.dataset.panel
        return self._cached("panel", lambda: {str(code): rows for code, rows in panel.groupby("unit_code", sort=False)})

    @property
    def years(self) -> list[int]:
        return list(self._cached("years", lambda: sorted(int(y) for y in self.table["year"].unique())))

    @property
    def latest_year(self) -> int:
        if not self.years:
            raise StiMonitorError("没有可用的数据：全部工作簿都有错误被跳过（运行 sti-monitor validate 查看）")
        return self.years[-1]

    def year_table(self, year: int) -> pd.DataFrame:
        """All units' rows for ``year``; raises a readable error if the year has no data."""
        if year not in self.years:
            raise StiMonitorError(self._no_data_for(year))
        tables = self._cached("year", dict)
        if year not in tables:
            tables[year] = self.table[self.table["year"] == year].reset_index(drop=True)
        return tables[year].copy(deep=False)

    def _no_data_for(self, year: int) -> str:
        """Why ``year`` has no data, naming the units that sent nothing for it and where their files go."""
        known = f"已有年份：{'、'.join(map(str, self.years)) or '无'}"
        missing = self.dataset.missing_units(year)
        if not missing:
            return f"数据中没有 {year} 年的数据（{known}）"
        shown = MISSING_NAMED
        names = "、".join(u.name for u in missing[:shown])
        if len(missing) > shown:
            names += f"等 {len(missing)} 个单位"
        folder = Path(self.dataset.data_dir) / str(year)
        return (
            f"{year} 年没有可用的数据：{names}未报送（{known}）。"
            f"请把 {year} 年的工作簿放入 {folder}，运行 sti-monitor validate 检查后再生成报告"
        )

    @property
    def members(self) -> list:
        """The units summed into the city (its districts, or the kinds the framework's ``city_sums`` names)."""

        def build():
            codes = set(self.units.members(self.framework.city_sums)[self.units.city.code])
            return [u for u in self.units.all() if u.code in codes]

        return list(self._cached("member_units", build))

    @property
    def member_codes(self) -> list[str]:
        return [u.code for u in self.members]

    def member_rows(self) -> pd.DataFrame:
        """The rows of every unit summed into the city, every year (built once)."""
        rows = self._cached("members", lambda: self.table[self.table["unit_code"].isin(self.member_codes)])
        return rows.copy(deep=False)

    def is_final(self, year: int) -> bool:
        """Whether ``year`` is the plan's final year: its report is the final evaluation (终期评估)."""
        return year == self.framework.final_year

    def unit_table(self, unit_code: str, year: int | None = None) -> pd.DataFrame:
        """``unit_code``'s rows: every year (original index), or one ``year`` (index from 0)."""
        code = str(unit_code)
        rows = self._by_unit().get(code)
        if rows is None:
            rows = self.table.iloc[0:0]
        if year is None:
            return rows.copy(deep=False)
        tables = self._cached("unit_year", _Recent)
        key = (code, int(year))
        if key not in tables:
            tables[key] = rows[rows["year"] == year].reset_index(drop=True)
        return tables[key].copy(deep=False)

    def series(self, unit_code: str, indicator: str) -> pd.Series:
        """``unit_code``'s values of ``indicator`` by year (year -> value, sorted)."""
        code = str(unit_code)
        by_unit = self._cached("series", _Recent)
        if code not in by_unit:
            rows = self._by_unit().get(code, self.table.iloc[0:0])
            by_unit[code] = {
                str(ind): part.set_index("year")["value"].sort_index()
                for ind, part in rows[["indicator", "year", "value"]].groupby("indicator", sort=False)
            }
        series = by_unit[code].get(indicator)
        if series is None:
            return pd.Series(dtype=float, name="value", index=pd.Index([], name="year", dtype="int64"))
        return series.copy(deep=False)

    def target_paths(self, unit_code: str) -> pd.DataFrame:
        """``unit_code``'s target for every year to the plan's final year (rows) and indicator (columns)."""
        code, city = str(unit_code), self.units.city.code
        own = pd.concat([self.unit_table(code), self.unit_table(city)]) if code != city else self.unit_table(code)
        return target_paths(own, self.framework, self.units, self._tasks_by_unit().get(code), code)

    def _tasks_by_unit(self) -> dict[str, pd.DataFrame]:
        """Unit code -> its rows of the task table (targets assigned by the city's task table)."""
        tasks = self.dataset.task_targets
        if tasks is None or tasks.empty:
            return {}
        return self._cached("tasks", lambda: {str(code): rows for code, rows in tasks.groupby("unit_code", sort=False)})

    def trace(self, unit_code: str, year: int) -> pd.DataFrame:
        """The source cells behind ``unit_code``'s indicators in ``year``."""
        code = str(unit_code)
        by_unit = self._panel_by_unit()
        if self.units.members(self.framework.city_sums).get(code):
            panel = self.dataset.panel  # the city or an aggregate is its members' cells
        else:
            panel = by_unit.get(code, self.dataset.panel.iloc[0:0])
        return trace_sources(panel, self.framework, self.units, code, year)

    def task_rows(self, unit_code: str) -> pd.DataFrame:
        """``unit_code``'s rows of the task table (empty when it has none)."""
        rows = self._tasks_by_unit().get(str(unit_code))
        return rows.copy(deep=False) if rows is not None else pd.DataFrame()

    def panel_rows(self, unit_code: str) -> pd.DataFrame:
        """``unit_code``'s raw panel rows (every field and year)."""
        return self._panel_by_unit().get(str(unit_code), self.dataset.panel.iloc[0:0]).copy(deep=False)

    def view(self) -> Results:
        """A Results sharing this one's data and indexes: what a warm kernel hands each unit, so
        that a notebook which replaces a column of ``view().table`` does not reach the next unit."""
        other = Results(
            self.framework,
            self.units,
            dataclasses.replace(self.dataset, panel=self.dataset.panel.copy(deep=False)),
            self.table.copy(deep=False),
            self.scores,
        )
        other._index = self._index
        return other


_loaded: dict[str, tuple[tuple, Results]] = {}


def load_results_file(path) -> Results:
    """The pickled :class:`Results` in ``path``, unpickled once per process while the file stays
    the same (same size and modification time): a warm kernel reads a batch's results once, not
    once per unit. Each call returns a fresh :meth:`Results.view`."""
    path = os.path.realpath(path)
    st = os.stat(path)
    stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
    hit = _loaded.get(path)
    if hit is None or hit[0] != stamp:
        with open(path, "rb") as fh:
            results = pickle.load(fh)
        _loaded.clear()  # one batch at a time: an earlier batch's results are not kept alive
        _loaded[path] = (stamp, results)
        hit = _loaded[path]
    return hit[1].view()


def rank_districts(table: pd.DataFrame, framework: Framework, units: UnitRegistry) -> pd.Series:
    """Rank (1 = best) of each unit summed into the city among them (the districts, or the areas when the
    framework sums areas), per year and indicator; NaN for others."""
    district_codes = set(units.members(framework.city_sums)[units.city.code])
    rank = pd.Series(np.nan, index=table.index)
    mask = table["unit_code"].isin(district_codes) & table["value"].notna()
    for ind in framework.indicators:
        sel = mask & (table["indicator"] == ind.id)
        rank[sel] = table[sel].groupby("year")["value"].rank(ascending=not ind.higher_is_better, method="min")
    return rank


def mark_unreported(table: pd.DataFrame, dataset) -> None:
    """未报送 in the note of every row without a value because a unit sent no workbook for the year: the
    unit's own rows, and the rows of the sums (the city, aggregates) that lack it, naming it."""
    for year in sorted({m.year for m in dataset.missing}):
        gone = dataset.missing_units(year)
        empty = (table["year"] == year) & table["value"].isna()
        own = empty & table["unit_code"].isin([u.code for u in gone])
        table.loc[own, "note"] = f"未报送（没有{year}年的工作簿）"
        sums = empty & ~own & table["note"].str.startswith("缺少")
        for note in set(table.loc[sums, "note"]):
            if names := [u.name for u in gone if u.name in note]:
                table.loc[sums & (table["note"] == note), "note"] = note + f"（{'、'.join(names)}未报送）"


def mark_rejected(table: pd.DataFrame, dataset) -> None:
    """数据有误 in the note of every row without a value because the unit's workbook was rejected: the unit's
    own rows (naming the file), and the rows of the sums that lack it (naming the unit), as for 未报送."""
    from ..ingest.years import unit_in_name

    units = dataset.units
    for code, book, _ in dataset.rejected():
        if code not in units:  # a file that names no unit by its identity: its unit is the one its name names
            code = book.unit_code if book.unit_code in units else unit_in_name(book.path.name, units)
        if not code:
            continue  # a stray file: it holds no unit's data
        name = units[code].name
        empty = table["value"].isna() & (table["status"] != "not_applicable")
        if book.folder_year is not None:
            empty &= table["year"] == book.folder_year
        own = empty & (table["unit_code"] == code)
        table.loc[own, "note"] = f"数据有误（{book.name}未采用，见问题清单）"
        mark = f"（{name}数据有误）"
        sums = empty & ~own & table["note"].str.startswith("缺少") & table["note"].str.contains(name, regex=False)
        sums &= ~table["note"].str.endswith(mark)
        table.loc[sums, "note"] = table.loc[sums, "note"] + mark


def evaluate(
    data_dir,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    units: UnitRegistry | None = None,
    until: int | None = None,
) -> Results:
    """Read ``data_dir`` and compute every indicator, target and status for every unit and year; ``until``: the
    data as it stood for that year's reports (later year folders and their revisions left out)."""
    framework = load_framework(framework) if isinstance(framework, str) else framework
    dataset = load_dataset(Path(data_dir), framework, units, until)
    units = dataset.units
    values = compute_indicators(dataset.panel, framework, units)
    # every unit appears for every year, so a skipped district shows as no_data rather than vanishing
    years = sorted(values["year"].unique()) if not values.empty else []
    listed = [*units.all(), *units.references]
    grid = pd.MultiIndex.from_product(
        [[u.code for u in listed], years, [i.id for i in framework.indicators]],
        names=["unit_code", "year", "indicator"],
    )
    values = values.set_index(["unit_code", "year", "indicator"]).reindex(grid).reset_index()
    values["note"] = values["note"].fillna("")
    targets = assign_targets(values, framework, units, dataset.task_targets, dataset.illustrative())
    table = assess(values, targets, framework)
    by_code = {u.code: u for u in listed}
    table["unit_name"] = table["unit_code"].map(lambda c: by_code[c].name)
    table["unit_kind"] = table["unit_code"].map(lambda c: by_code[c].kind)
    table["indicator_name"] = table["indicator"].map(lambda i: framework.indicator(i).name)
    table["measure"] = table["indicator"].map(lambda i: framework.indicator(i).unit)
    table["rank"] = rank_districts(table, framework, units)
    # an indicator that does not apply to the unit is 不适用 in its row, not data missing
    missing = table["value"].isna() & (table["note"] == "") & (table["status"] != "not_applicable")
    table.loc[missing, "note"] = "无数据（未报送或报表有错误被跳过）"
    mark_unreported(table, dataset)
    mark_rejected(table, dataset)
    # reference units (the province) only supply reference targets: they are not results of the plan
    table = table[~table["unit_code"].isin({u.code for u in units.references})].reset_index(drop=True)
    table["points"] = indicator_points(table, framework)
    table[["outlook", "pace_ratio"]] = outlooks(table, framework)
    return Results(
        framework, units, dataset, table[OUTPUT_COLUMNS], score_units(table, dataset.panel, framework, units)
    )
