"""The per-district target table (指标任务表): targets the city assigned to each unit.

Format (long, one target per row), in any sheet, below any title rows::

    单位代码 | 单位名称 | 指标代码 | 指标名称 | 年份 | 目标值

``单位代码`` or ``单位名称`` identifies the unit; ``指标代码`` or ``指标名称`` the indicator.
A file is a task table when a sheet has that header, whatever its name (a name with ``指标任务表``
only makes the reader look first).
``sti-monitor template --task-table OUT.xlsx`` writes one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .cells import text_of as _text
from .cells import year_of as _year_of
from .fields import normalize_label
from .formats import NotASpreadsheet, Sheet, load_sheets
from .problems import Problem, cell_ref, file_label
from .read import read_sheets
from .units import UnitRegistry
from .values import ValueParseError, parse_value

COLUMNS = {
    "unit_code": ("单位代码", "行政区划代码"),
    "unit_name": ("单位名称",),
    "indicator": ("指标代码",),
    "indicator_name": ("指标名称", "指标"),
    "year": ("年份", "年度"),
    "target": ("目标值", "目标", "任务值"),
}
TASK_COLUMNS = ["unit_code", "indicator", "year", "target", "file", "sheet", "cell"]


def named_as_task_table(path: Path) -> bool:
    """Whether a file's name suggests a target table (``指标任务表``, ``targets…``): its content decides."""
    name = Path(path).stem
    return "任务表" in name or name.lower().startswith("targets")


def is_task_table(path: Path) -> bool:
    """Whether a workbook is a target table by its content: a sheet with the header 单位、指标、年份、目标值."""
    try:
        sheets = read_sheets(Path(path).read_bytes())
    except Exception:  # noqa: BLE001 - any file that cannot be opened is not a task table; the reader says why
        return False
    return any(_header(rows)[0] is not None for rows in sheets.values())


def _header(rows):
    for r, row in enumerate(rows[:40]):
        texts = [_text(v) for v in row]
        cols = {key: next((c for c, t in enumerate(texts) if t in names), None) for key, names in COLUMNS.items()}
        if (
            (cols["unit_code"] is not None or cols["unit_name"] is not None)
            and cols["target"] is not None
            and (cols["indicator"] is not None or cols["indicator_name"] is not None)
            and cols["year"] is not None
        ):
            return r, cols
    return None, None


class _TaskReader:
    """Reads the rows below a task table's header in one sheet; each row it cannot use is a located problem."""

    def __init__(self, name: str, sheet: Sheet, cols: dict, units: UnitRegistry, indicators, framework_id: str):
        self.name, self.sheet, self.cols, self.units, self.framework_id = name, sheet, cols, units, framework_id
        self.indicators = {i.id: i for i in indicators}
        self.by_name = {normalize_label(i.name): i.id for i in indicators}
        self.by_name.update({normalize_label(i.short_name): i.id for i in indicators})
        self.example = next(iter(self.indicators), "rd_gdp_ratio")
        self.problems, self.seen = [], {}

    def get(self, row, key):
        col = self.cols[key]
        return row[col] if col is not None and col < len(row) else None

    def problem(self, what: str, fix: str, r: int, *keys: str):
        col = next(self.cols[k] for k in keys if self.cols[k] is not None)
        self.problems.append(Problem(self.name, what, fix, sheet=self.sheet.name, cell=cell_ref(r, col)))

    def target(self, row, r: int):
        """(unit code, indicator id, year, target, file, sheet, cell) of one row, or ``None`` (a problem, or blank)."""
        code, uname = _text(self.get(row, "unit_code")), _text(self.get(row, "unit_name"))
        unit = self.units.get(code) if code else self.units.by_name(uname) if uname else None
        if unit is None:
            return self.problem(
                f"单位“{code or uname}”不在单位清单中", "填写单位清单中的行政区划代码", r, "unit_code", "unit_name"
            )
        ind, ind_name = _text(self.get(row, "indicator")), _text(self.get(row, "indicator_name"))
        ind_id = ind if ind in self.indicators else self.by_name.get(normalize_label(ind_name or ind))
        if ind_id is None:
            return self.problem(
                f"指标“{ind or ind_name}”不在指标体系 {self.framework_id} 中",
                f"填写指标代码，如 {self.example}",
                r,
                "indicator",
                "indicator_name",
            )
        year = _year_of(self.get(row, "year"))
        if year is None:
            return self.problem(f"年份“{self.get(row, 'year')}”无法识别", "填写四位年份，如 2023", r, "year")
        raw, ref = self.get(row, "target"), cell_ref(r, self.cols["target"])
        try:
            target = parse_value(raw, percent_ok=True)
        except ValueParseError as exc:
            return self.problem(f"目标值{exc}", exc.fix or "填写数字", r, "target")
        if target is None:
            return None
        if (r, self.cols["target"]) in self.sheet.marks.percent and self.indicators[ind_id].unit == "%":
            target *= 100  # shown as 3.4% for 0.034: the indicator is in percent
        key = (unit.code, ind_id, year)
        if key in self.seen:
            return self.problem(
                f"{unit.name} {year}年 {ind_id} 的目标重复，{self.seen[key]} 已有", "删除重复的一行", r, "target"
            )
        self.seen[key] = ref
        return (unit.code, ind_id, year, target, self.name, self.sheet.name, ref)


def read_task_table(path: Path, units: UnitRegistry, indicators, framework_id: str, root: Path | None = None):
    """Return (DataFrame with ``TASK_COLUMNS``, problems).

    ``indicators`` are the plan's indicators (anything with ``id``, ``name``, ``short_name`` and ``unit``).
    """
    name = file_label(Path(path).relative_to(root) if root else Path(path).name)
    try:
        data = Path(path).read_bytes()
        sheets = [s for s in load_sheets(data)[1] if not s.hidden]
    except (OSError, NotASpreadsheet):
        return pd.DataFrame(columns=TASK_COLUMNS), [
            Problem(name, "指标任务表无法打开，不是有效的 .xlsx 工作簿", "另存为 .xlsx 格式后重试")
        ]
    out, problems = [], []
    for sheet in sheets:
        r0, cols = _header(sheet.rows)
        if r0 is None:
            continue
        reader = _TaskReader(name, sheet, cols, units, indicators, framework_id)
        for r in range(r0 + 1, len(sheet.rows)):
            row = sheet.rows[r]
            blank_or_note = not any(_text(v) for v in row) or _text(row[0]).startswith(("注", "说明"))
            if not blank_or_note and (found := reader.target(row, r)) is not None:
                out.append(found)
        problems = reader.problems
        break
    else:
        problems.append(
            Problem(
                name,
                "指标任务表找不到表头（需要 单位代码、指标代码、年份、目标值 列）",
                "按 sti-monitor template --task-table 生成的模板整理",
            )
        )
    if not out and not problems:  # a template left blank: its units would silently have no assigned targets
        problems.append(
            Problem(
                name,
                "指标任务表中没有填写任何目标值，本表未采用",
                "在“目标值”列填写各单位的目标，或删除该文件",
                severity="warning",
            )
        )
    frame = pd.DataFrame(out, columns=TASK_COLUMNS)
    frame.attrs["sha256"] = hashlib.sha256(data).hexdigest()
    return frame, problems
