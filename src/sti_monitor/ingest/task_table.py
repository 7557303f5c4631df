"""The per-district target table (指标任务表): targets the city assigned to each unit.

Format (long, one target per row), in any sheet, below any title rows::

    单位代码 | 单位名称 | 指标代码 | 指标名称 | 年份 | 目标值

``单位代码`` or ``单位名称`` identifies the unit; ``指标代码`` or ``指标名称`` the indicator.
A file is a task table when its name contains ``指标任务表`` (or starts with ``targets``).
``sti-monitor template --task-table OUT.xlsx`` writes one.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .fields import normalize_label
from .problems import Problem, cell_ref, file_label
from .read import _text, _year_of, read_sheets
from .units import UnitRegistry
from .values import ValueParseError, parse_value

COLUMNS = {"unit_code": ("单位代码", "行政区划代码"), "unit_name": ("单位名称",), "indicator": ("指标代码",),
           "indicator_name": ("指标名称", "指标"), "year": ("年份", "年度"), "target": ("目标值", "目标", "任务值")}
TASK_COLUMNS = ["unit_code", "indicator", "year", "target", "file", "sheet", "cell"]


def is_task_table(path: Path) -> bool:
    """Whether a workbook is a target table rather than a district's statistics."""
    name = Path(path).stem
    return "任务表" in name or name.lower().startswith("targets")


def _header(rows):
    for r, row in enumerate(rows[:40]):
        texts = [_text(v) for v in row]
        cols = {key: next((c for c, t in enumerate(texts) if t in names), None) for key, names in COLUMNS.items()}
        if (cols["unit_code"] is not None or cols["unit_name"] is not None) and cols["target"] is not None and \
                (cols["indicator"] is not None or cols["indicator_name"] is not None) and cols["year"] is not None:
            return r, cols
    return None, None


def read_task_table(path: Path, units: UnitRegistry, indicators, framework_id: str, root: Path | None = None):
    """Return (DataFrame with ``TASK_COLUMNS``, problems).

    ``indicators`` are the plan's indicators (anything with ``id``, ``name`` and ``short_name``).
    """
    name = file_label(Path(path).relative_to(root) if root else Path(path).name)
    problems, out = [], []
    try:
        data = Path(path).read_bytes()
        sheets = read_sheets(data)
    except Exception:
        return pd.DataFrame(columns=TASK_COLUMNS), [Problem(name, "指标任务表无法打开，不是有效的 .xlsx 工作簿", "另存为 .xlsx 格式后重试")]
    digest = hashlib.sha256(data).hexdigest()
    by_name = {normalize_label(i.name): i.id for i in indicators}
    by_name.update({normalize_label(i.short_name): i.id for i in indicators})
    ids = {i.id for i in indicators}
    seen = {}
    for sheet, rows in sheets.items():
        r0, cols = _header(rows)
        if r0 is None:
            continue
        for r in range(r0 + 1, len(rows)):
            row = rows[r]
            get = lambda key: row[cols[key]] if cols[key] is not None and cols[key] < len(row) else None  # noqa: E731
            if not any(_text(v) for v in row) or _text(row[0]).startswith(("注", "说明")):
                continue
            code, uname = _text(get("unit_code")), _text(get("unit_name"))
            unit = units.get(code) if code else units.by_name(uname) if uname else None
            if unit is None:
                col = cols["unit_code"] if cols["unit_code"] is not None else cols["unit_name"]
                problems.append(Problem(name, f"单位“{code or uname}”不在单位清单中", "填写单位清单中的行政区划代码",
                                        sheet=sheet, cell=cell_ref(r, col)))
                continue
            ind = _text(get("indicator"))
            ind_id = ind if ind in ids else by_name.get(normalize_label(_text(get("indicator_name")) or ind))
            if ind_id is None:
                col = cols["indicator"] if cols["indicator"] is not None else cols["indicator_name"]
                problems.append(Problem(name, f"指标“{ind or _text(get('indicator_name'))}”不在指标体系 {framework_id} 中",
                                        f"填写指标代码，如 {indicators[0].id}", sheet=sheet, cell=cell_ref(r, col)))
                continue
            year = _year_of(get("year"))
            if year is None:
                problems.append(Problem(name, f"年份“{get('year')}”无法识别", "填写四位年份，如 2023",
                                        sheet=sheet, cell=cell_ref(r, cols["year"])))
                continue
            ref = cell_ref(r, cols["target"])
            try:
                target = parse_value(get("target"), percent_ok=True)
            except ValueParseError as exc:
                problems.append(Problem(name, f"目标值{exc}", "填写数字", sheet=sheet, cell=ref))
                continue
            if target is None:
                continue
            key = (unit.code, ind_id, year)
            if key in seen:
                problems.append(Problem(name, f"{unit.name} {year}年 {ind_id} 的目标重复，{seen[key]} 已有",
                                        "删除重复的一行", sheet=sheet, cell=ref))
                continue
            seen[key] = ref
            out.append((unit.code, ind_id, year, target, name, sheet, ref))
        break
    else:
        problems.append(Problem(name, "指标任务表找不到表头（需要 单位代码、指标代码、年份、目标值 列）",
                                "按 sti-monitor template --task-table 生成的模板整理"))
    if not out and not problems:  # a template left blank: its units would silently have no assigned targets
        problems.append(Problem(name, "指标任务表中没有填写任何目标值，本表未采用", "在“目标值”列填写各单位的目标，或删除该文件",
                                severity="warning"))
    frame = pd.DataFrame(out, columns=TASK_COLUMNS)
    frame.attrs["sha256"] = digest
    return frame, problems
