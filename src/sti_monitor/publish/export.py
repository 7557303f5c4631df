"""Write indicator results as CSV, JSON or a formatted Excel workbook, chosen by the file extension."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import __version__
from ..atomic import atomic_path
from ..errors import OutputError
from ..ingest import KIND_LABELS, load_fields
from ..measure import RULE_LABELS, STATUS_COLOURS, STATUS_LABELS, TRAJECTORY_LABELS, Results

HEADERS = {
    "unit_code": "单位代码", "unit_name": "单位名称", "unit_kind": "单位类型", "year": "年份", "indicator": "指标代码",
    "indicator_name": "指标名称", "measure": "计量单位", "value": "实际值", "target": "目标值", "target_rule": "目标来源",
    "achievement": "完成率", "status": "状态", "score": "得分", "progress": "规划期进度", "required_growth": "年均还需提升",
    "required_growth_unit": "提升单位", "rank": "县（市、区）排名", "stretch_target": "力争目标", "stretch_met": "力争目标是否达到",
    "baseline": "基期值", "final_target": "期末目标", "numerator": "分子", "denominator": "分母", "target_note": "目标说明",
    "note": "备注",
}
HEADERS.update({
    "points": "考核得分（加权）", "trajectory": "期末目标进展", "pace_ratio": "进度比（实际年均进度÷所需年均进度）",
})
SCORE_HEADERS = {
    "unit_code": "单位代码", "unit_name": "单位名称", "unit_kind": "单位类型", "year": "年份", "assessment_score": "考核总分",
    "assessment_rank": "考核排名", "grade": "考核等次", "index": "综合指数（全市=100）", "index_change": "较基期变化",
    "group": "发展梯队", "index_rank": "综合指数排名", "rank_p05": "排名区间下限（第5百分位）", "rank_median": "排名中位数",
    "rank_p95": "排名区间上限（第95百分位）", "veto": "否决规则", "missing_indicators": "缺数据计0分的指标",
}
SCORES_SHEET = "考核与综合指数"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text that a spreadsheet will not run as a formula: a leading = + - @ gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _records(table: pd.DataFrame) -> list[dict]:
    out = []
    for row in table.to_dict(orient="records"):
        out.append({k: (None if (isinstance(v, float) and math.isnan(v)) or v is pd.NA else v) for k, v in row.items()})
    return out


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so Excel opens Chinese correctly; text cells are formula-safe."""
    safe = table.copy()
    for col in safe.columns:
        if safe[col].dtype == object:
            safe[col] = safe[col].map(safe_text)
    with atomic_path(path) as tmp:
        safe.to_csv(tmp, index=False, encoding="utf-8-sig")


def write_json(table: pd.DataFrame, path: Path, meta: dict) -> None:
    with atomic_path(path) as tmp:
        Path(tmp).write_text(json.dumps({"meta": meta, "rows": _records(table)}, ensure_ascii=False, indent=1, default=str),
                             encoding="utf-8")


def _number_format(precision: int) -> str:
    return "#,##0" if precision == 0 else "#,##0." + "0" * precision


def write_xlsx(results: Results, table: pd.DataFrame, path: Path) -> None:
    """A workbook to send on: frozen Chinese header, number formats, a colour per status,
    a sheet of definitions, and a sheet of source files with their SHA-256."""
    fw = results.framework
    wb = Workbook()
    ws = wb.active
    ws.title = "指标监测"
    columns = list(table.columns)
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(1, c, HEADERS.get(col, col))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="305496")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    fills = {k: PatternFill("solid", fgColor=v.lstrip("#")) for k, v in STATUS_COLOURS.items()}
    for r, row in enumerate(_records(table), start=2):
        ind = fw.indicator(row["indicator"])
        for c, col in enumerate(columns, start=1):
            value = row[col]
            if col == "status":
                value = STATUS_LABELS.get(value, value)
            elif col == "target_rule":
                value = RULE_LABELS.get(value, value)
            elif col == "unit_kind":
                value = KIND_LABELS.get(value, value)
            elif col == "trajectory":
                value = TRAJECTORY_LABELS.get(value, value)
            elif col == "stretch_met" and value is not None:
                value = "是" if value else "否"
            cell = ws.cell(r, c, safe_text(value))
            if col in ("value", "target", "stretch_target", "baseline", "final_target"):
                cell.number_format = _number_format(ind.precision)
            elif col in ("achievement", "progress"):
                cell.number_format = "0.0%"
            elif col in ("score", "required_growth"):
                cell.number_format = "0.00"
            elif col in ("numerator", "denominator"):
                cell.number_format = "#,##0.00"
            elif col == "rank":
                cell.number_format = "0"
            elif col == "points":
                cell.number_format = "0.00"
            elif col == "pace_ratio":
                cell.number_format = "0.00"
        status_cell = ws.cell(r, columns.index("status") + 1)
        status_cell.fill = fills.get(row["status"], PatternFill())
        status_cell.font = Font(color="FFFFFF", bold=True)
    widths = {"unit_name": 16, "indicator_name": 36, "target_note": 50, "note": 30, "indicator": 24, "target_rule": 14}
    for c, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(col, 12)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions

    fields = load_fields()
    defs = wb.create_sheet("指标定义")
    head = ["指标代码", "指标名称", "计量单位", "计算公式", "说明", "目标插值", "目标分解", f"{fw.baseline_year}年基期值",
            *[f"{t}年目标" for t in sorted({t.year for i in fw.indicators for t in i.targets})]]
    for c, text in enumerate(head, start=1):
        defs.cell(1, c, text).font = Font(bold=True)
    years = sorted({t.year for i in fw.indicators for t in i.targets})
    for r, ind in enumerate(fw.indicators, start=2):
        by_year = {t.year: t for t in ind.targets}
        cells = [ind.id, ind.name, ind.unit, ind.formula_text(fields), ind.definition,
                 "线性" if ind.interpolation == "linear" else "几何（等比）",
                 "按基期比例" if ind.decomposition == "proportional" else "与全市相同", ind.baseline,
                 *[(by_year[y].label or by_year[y].value) if y in by_year else None for y in years]]
        for c, v in enumerate(cells, start=1):
            defs.cell(r, c, safe_text(v))
    r = len(fw.indicators) + 3
    notes = [f"指标体系：{fw.name}（{fw.id}）", f"“接近”：完成率不低于 {fw.near_threshold:.0%} 但未达标；达标按显示精度四舍五入后比较。",
             "全市数值由各县（市、区）分子、分母分别加总后计算，不含功能区。", f"sti-monitor {__version__}"]
    for i, note in enumerate(notes):
        defs.cell(r + i, 1, note)
    for col, width in zip("ABCDEFGH", (24, 40, 10, 60, 50, 12, 12, 12)):
        defs.column_dimensions[col].width = width

    src = wb.create_sheet("数据来源")
    for c, text in enumerate(["文件", "单位代码", "年份", "是否采用", "SHA-256"], start=1):
        src.cell(1, c, text).font = Font(bold=True)
    for r, row in enumerate(results.dataset.sources().to_dict(orient="records"), start=2):
        for c, v in enumerate([row["file"], row["unit_code"], row["years"], "是" if row["accepted"] else "否（有错误）", row["sha256"]], start=1):
            src.cell(r, c, safe_text(v))
    for col, width in zip("ABCDE", (40, 10, 16, 12, 70)):
        src.column_dimensions[col].width = width
    if results.scores is not None:
        scores_sheet(wb.create_sheet(SCORES_SHEET, 1), results, table["year"].unique())
    with atomic_path(path) as tmp:
        wb.save(tmp)


def scores_sheet(ws, results: Results, years) -> None:
    """The assessment and composite index of ``years`` on ``ws``, with Chinese headers and the rules below."""
    table = results.scores[results.scores["year"].isin(list(years))]
    columns = list(table.columns)
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(1, c, SCORE_HEADERS.get(col, col))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="305496")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    formats = {"assessment_score": "0.00", "index": "0.0", "index_change": "0.0"}
    for r, row in enumerate(_records(table), start=2):
        for c, col in enumerate(columns, start=1):
            value = KIND_LABELS.get(row[col], row[col]) if col == "unit_kind" else row[col]
            cell = ws.cell(r, c, safe_text(value if value is not pd.NA else None))
            cell.number_format = formats.get(col, cell.number_format)
    widths = {"unit_name": 16, "veto": 40, "missing_indicators": 30}
    for c, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(col, 12)
    ws.row_dimensions[1].height = 44
    ws.freeze_panes = "C2"
    r = len(table) + 3
    for i, note in enumerate(score_notes(results.framework)):
        ws.cell(r + i, 1, note)


def score_notes(fw) -> list[str]:
    """The rules behind the scores sheet, in Chinese, from the framework's assessment and composite blocks."""
    a, c = fw.assessment, fw.composite
    grades = "，".join(f"{name} ≥ {low:g}" for name, low in a.grades) + f"，其余为{a.fail_grade}"
    groups = "，".join(f"{name} ≥ {low:g}" for name, low in c.groups) + f"，其余为{c.lowest_group}"
    return [
        f"考核总分：有目标的各项指标加权平均，单项得分 = 100 × min(max(完成率, 0), {a.cap:g})，达标计满分，无数据计0分；"
        f"等次（按保留两位小数的总分）：{grades}。",
        f"综合指数：各指标在{fw.baseline_year}年至当年全部县（市、区）数据上做最小—最大标准化（均值±{c.outlier_sd:g}倍标准差以外的值"
        f"不参与确定最值），各指标等权平均，以全市 = 100；梯队：{groups}。",
        f"排名区间：{c.draws}次随机权重与标准化方法（最小—最大或Z分数）的模拟排名的第5、50、95百分位；区间重叠的单位在统计上持平。",
    ]


def write_scores(results: Results, year: int | None, path: Path) -> Path:
    """Write one year's assessment and composite index (every year when ``year`` is None) as .csv, .json or .xlsx."""
    path = Path(path)
    table = results.scores if year is None else results.scores[results.scores["year"] == year]
    if year is not None:
        results.year_table(year)  # a readable error when the year has no data
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(table, path)
    elif suffix == ".json":
        write_json(table, path, {"framework": results.framework.id, "year": year, "sti_monitor": __version__,
                                 "rules": score_notes(results.framework)})
    elif suffix == ".xlsx":
        wb = Workbook()
        scores_sheet(wb.active, results, table["year"].unique())
        wb.active.title = SCORES_SHEET
        with atomic_path(path) as tmp:
            wb.save(tmp)
    else:
        raise OutputError(f"不支持的输出格式“{path.suffix}”：请用 .csv、.json 或 .xlsx")
    return path


def write_results(results: Results, year: int | None, path: Path) -> Path:
    """Write one year's rows (every year when ``year`` is None) to ``path`` as .csv, .json or .xlsx."""
    path = Path(path)
    table = results.year_table(year) if year is not None else results.table
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(table, path)
    elif suffix == ".json":
        write_json(table, path, {"framework": results.framework.id, "year": year, "sti_monitor": __version__})
    elif suffix == ".xlsx":
        write_xlsx(results, table, path)
    else:
        raise OutputError(f"不支持的输出格式“{path.suffix}”：请用 .csv、.json 或 .xlsx")
    return path
