"""Write indicator results as CSV, JSON or a formatted Excel workbook, chosen by the file extension."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import __version__
from ..atomic import atomic_path
from ..errors import OutputError
from ..ingest import load_fields
from ..ingest.units import plan_words_of, reword
from ..measure import OUTLOOK_LABELS, RULE_LABELS, STATUS_LABELS, TARGET_KIND_LABELS, Results
from ..measure.final import final_status, shown_colour, shown_label
from ..measure.outlook import shown_pace
from ..measure.precision import reaches, row_precision, shown_precisions
from .definitions_sheet import definitions_sheet
from .illustrative import ILLUSTRATIVE_META, STRETCH_NOTE, illustrative_stretch, with_stretch_notes
from .scores import SCORES_SHEET, scores_sheet
from .sheets import (
    cell_text,
    column_headers,
    header,
    number_format,
    records,
    safe_text,
    unit_kinds,
    write_csv,
    write_json,
)

HEADERS = {
    "unit_code": "单位代码",
    "unit_name": "单位名称",
    "unit_kind": "单位类型",
    "year": "年份",
    "indicator": "指标代码",
    "indicator_name": "指标名称",
    "measure": "计量单位",
    "value": "实际值",
    "target": "目标值",
    "target_rule": "目标来源",
    "achievement": "完成率",
    "status": "状态",
    "achievement_score": "得分",
    "progress": "规划期进度",
    "required_growth": "年均还需提升",
    "required_growth_unit": "提升单位",
    "rank": "{member}排名（按数值）",
    "stretch_target": "力争目标",
    "stretch_met": "力争目标是否达到",
    "baseline": "基期值",
    "final_target": "期末目标",
    "numerator": "分子",
    "denominator": "分母",
    "target_kind": "目标类型",
    "tolerance": "允许偏差",
    "target_note": "目标说明",
    "note": "备注",
}
HEADERS.update(
    {
        "points": "考核得分（加权）",
        "outlook": "期末目标进展",
        "pace_ratio": "进度比（实际年均进度÷所需年均进度）",
    }
)
DETAIL_SHEET = "指标明细"
REACHED = "已达到"  # 年均还需提升 of a row whose final target is reached, as the reports say it


LABELS_OF_COLUMN = {"status": STATUS_LABELS, "target_rule": RULE_LABELS, "outlook": OUTLOOK_LABELS}
NUMBER_FORMATS = {
    "achievement": "0.0%",
    "progress": "0.0%",
    "achievement_score": "0.00",
    "required_growth": "0.00",
    "numerator": "#,##0.00",
    "denominator": "#,##0.00",
    "rank": "0",
    "points": "0.00",
    "pace_ratio": "0.00",
}
AT_ROW_PRECISION = ("value", "target", "stretch_target", "baseline", "final_target", "tolerance")


def _shown_value(col: str, value, ind, kinds: dict):
    """A cell's value as the workbook shows it: labels for codes (``kinds``: unit kinds in the plan's words), no
    completion ratio for growth rates."""
    if col == "achievement" and ind.is_growth:
        return None  # a ratio of two growth rates means nothing: compare them in percentage points
    if col == "unit_kind":
        return kinds.get(value, value)
    if col in LABELS_OF_COLUMN:
        return LABELS_OF_COLUMN[col].get(value, value)
    if col == "target_kind":
        return TARGET_KIND_LABELS.get(value, value) or None
    if col == "stretch_met" and value is not None:
        return "是" if value else "否"
    return value


MAIN_COLUMNS = [
    "unit_code",
    "unit_name",
    "unit_kind",
    "year",
    "indicator_name",
    "measure",
    "value",
    "target",
    "achievement",
    "status",
    "final_target",
    "required_growth",
    "required_growth_unit",
    "outlook",
    "rank",
]
DETAIL_COLUMNS = [
    "unit_code",
    "unit_name",
    "year",
    "indicator",
    "target_rule",
    "target_kind",
    "tolerance",
    "stretch_target",
    "stretch_met",
    "baseline",
    "numerator",
    "denominator",
    "achievement_score",
    "points",
    "progress",
    "pace_ratio",
    "target_note",
    "note",
]
WIDTHS = {
    "unit_code": 8,
    "unit_name": 13,
    "unit_kind": 8,
    "year": 6,
    "indicator_name": 24,
    "indicator": 16,
    "measure": 8,
    "value": 10,
    "target": 10,
    "achievement": 8,
    "status": 7,
    "final_target": 10,
    "required_growth": 10,
    "required_growth_unit": 7,
    "outlook": 9,
    "rank": 7,
    "target_rule": 12,
    "target_kind": 10,
    "tolerance": 7,
    "stretch_target": 9,
    "stretch_met": 7,
    "baseline": 9,
    "numerator": 10,
    "denominator": 10,
    "achievement_score": 6,
    "points": 7,
    "progress": 7,
    "pace_ratio": 7,
    "target_note": 22,
    "note": 18,
}
WRAPPED = ("unit_name", "indicator_name", "target_note", "note", "target_rule", "target_kind", "outlook")


def reached_final(ind, row) -> bool:
    """Whether the row's value already reaches its final target as shown (no rise is then still needed)."""
    value, final = row.get("value"), row.get("final_target")
    if value is None or final is None or ind.is_growth:
        return False
    return reaches(value, final, row_precision(ind.precision, value, final, ind.higher_is_better), ind.higher_is_better)


def _needed(results: Results, ind, row):
    """年均还需提升 as the reports say it: 已达到 when the final target is reached (never a negative rise), nothing in
    the plan's final year (no future pace)."""
    if results.is_final(int(row["year"])):
        return None
    if reached_final(ind, row):
        return REACHED
    return row["required_growth"]


ILLUSTRATIVE_SUFFIX = '"（示例）"'  # after a number's format: the mark stays beside the number, printed too


def _rows_sheet(ws, results: Results, table: pd.DataFrame, columns: list[str], freeze: str) -> None:
    """A row per unit, year and indicator in ``columns``, numbers at the precision each row's status was judged
    on, the status coloured, long text wrapped; printable on A4 landscape at a legible size."""
    fw = results.framework
    header(ws, column_headers(results, columns, HEADERS), freeze=freeze)
    kinds, words = unit_kinds(results), plan_words_of(results.units)
    wrap = Alignment(wrap_text=True, vertical="top")
    marked = set()  # the reference units whose illustrative values stand in a 力争目标 cell
    for r, row in enumerate(records(table), start=2):
        ind = fw.indicator(row["indicator"])
        # the reports' display rule: the same value never printed two ways
        shown = shown_precisions(
            ind, row.get("value"), row.get("target"), row.get("stretch_target"), row.get("final_target")
        )
        p = shown["target"]
        needed = _needed(results, ind, row)
        # the plan's final year: 已完成 / 未完成 (接近 too), as the reports say it
        status = final_status(row["status"], results.is_final(row["year"]), row.get("target_kind") == "aspiration")
        for c, col in enumerate(columns, start=1):
            value = _cell_value(col, row, ind, kinds, words, needed, status)
            cell = ws.cell(r, c, safe_text(value))
            if col in AT_ROW_PRECISION:
                cell.number_format = number_format(shown.get(col, p))
            elif col in ("numerator", "denominator") and isinstance(value, (int, float)) and float(value).is_integer():
                cell.number_format = "#,##0"  # a count is a whole number
            elif col == "required_growth":
                geometric = row["required_growth_unit"] == "%" and ind.interpolation == "geometric"
                cell.number_format = number_format(1 if geometric else ind.precision)
            elif col in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[col]
            if col in WRAPPED:
                cell.alignment = wrap
            illustrative = illustrative_stretch(results, ind, row) if col == "stretch_target" else None
            if illustrative:
                cell.number_format += ILLUSTRATIVE_SUFFIX
                cell.comment = Comment(illustrative[1], "sti-monitor", width=260, height=90)
                marked.add(illustrative[0])
        if "status" in columns:
            status_cell = ws.cell(r, columns.index("status") + 1)
            colour = shown_colour(status)
            status_cell.fill = PatternFill("solid", fgColor=colour.lstrip("#")) if colour else PatternFill()
            status_cell.font = Font(color="FFFFFF", bold=True)
    for c, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(col, 10) + (6 if marked else 0) * (
            col == "stretch_target"
        )
    if marked:  # the header says it too: a reader who never hovers over a cell
        at = columns.index("stretch_target") + 1
        names = "、".join(sorted(marked))
        ws.cell(1, at).comment = Comment(
            f"标“（示例）”的数值为{names}示例数值，非官方统计，仅作演示", "sti-monitor", width=260, height=60
        )
    ws.auto_filter.ref = ws.dimensions


def _cell_value(col: str, row: dict, ind, kinds: dict, words: dict, needed, status):
    """What the cell of ``col`` shows for results row ``row`` (``needed``: the rise a year still needed;
    ``status``: the status as shown, :func:`~sti_monitor.measure.final.final_status`)."""
    if col == "required_growth":
        return needed
    if col == "required_growth_unit":
        return row[col] if needed not in (None, REACHED) else None
    if col == "status" and row[col] == "no_data" and (why := _why_no_data(row.get("note"))):
        return why  # a unit rejected or that sent nothing, or a sum lacking one: never a quiet 无数据
    if col == "status":
        return shown_label(status) or status
    if col == "rank" and row["status"] == "not_applicable":
        return None  # 不适用: not ranked, as the reports say (the rank among those it applies to means nothing here)
    if col == "pace_ratio":
        return shown_pace(row[col])  # as the reports show it: never across its class's boundary
    value = _shown_value(col, row[col], ind, kinds)
    if col == "outlook" and row["status"] == "no_target" and row[col] == "unable":
        value = STATUS_LABELS["no_target"]  # as the reports say it: no target, nothing to assess
    return reword(value, words) if isinstance(value, str) else value  # notes written for a city


# the status word of a row without a value, by the start of its note (``measure.results``): what keeps it empty
NO_DATA_WHY = {"数据有误": "数据有误", "未报送": "未报送", "缺少": "缺下级数据"}


def _why_no_data(note) -> str | None:
    if isinstance(note, str):
        return next((word for start, word in NO_DATA_WHY.items() if note.startswith(start)), None)
    return None


def _indicator_sheet(ws, results: Results, table: pd.DataFrame) -> None:
    """指标监测: what an official reads (value, target, status, what the final target still needs)."""
    ws.title = "指标监测"
    columns = [c for c in MAIN_COLUMNS if c in table.columns and (c != "rank" or results.members)]  # 1 unit: no rank
    _rows_sheet(ws, results, table, columns, "C2")


def _detail_sheet(ws, results: Results, table: pd.DataFrame) -> None:
    """指标明细: the rest of each row (target source and kind, numerator and denominator, scores, notes)."""
    _rows_sheet(ws, results, table, [c for c in DETAIL_COLUMNS if c in table.columns], "C2")


def _sources_sheet(src, results: Results) -> None:
    """数据来源: every input file, whether it was used, and its SHA-256."""
    header(src, ["文件", "内容", "单位代码", "年份", "是否采用", "SHA-256"], freeze="B2")
    rows = [
        [
            row["file"],
            "统计报表",
            row["unit_code"],
            row["years"],
            "是" if row["accepted"] else "否（有错误）",
            row["sha256"],
        ]
        for row in results.dataset.sources().to_dict(orient="records")
    ]
    tasks = results.dataset.task_targets
    for name, sha in sorted(results.dataset.task_files.items()):
        years = sorted(tasks.loc[tasks["file"] == name, "year"].unique()) if len(tasks) else []
        rows.append([name, "指标任务表", None, ",".join(map(str, years)), "是", sha])
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            src.cell(r, c, safe_text(v))
    for col, width in zip("ABCDEF", (34, 10, 9, 14, 10, 68)):
        src.column_dimensions[col].width = width


def _confirmed_sheet(conf, results: Results, fields) -> None:
    """已确认数据: the doubtful values a statistician confirmed, with the reason and the original warning."""
    for c, text in enumerate(["单位代码", "字段", "年份", "确认理由", "文件", "单元格", "原提示"], start=1):
        conf.cell(1, c, text).font = Font(bold=True)
    for r, item in enumerate(results.dataset.confirmed, start=2):
        c, p = item.confirmation, item.problem
        for col, v in enumerate(
            [
                c.unit,
                fields[c.field].name if c.field in fields.fields else c.field,
                c.year,
                c.reason,
                p.file,
                p.cell,
                p.what,
            ],
            start=1,
        ):
            conf.cell(r, col, cell_text(v))


def write_xlsx(results: Results, table: pd.DataFrame, path: Path) -> None:
    """A workbook to send on: on every sheet a frozen, styled Chinese header repeated on each printed page
    (landscape A4, fitted to width); number formats at the precision each row's status was judged on, a colour
    per status, no completion ratio for growth rates; a sheet of definitions and one of source files."""
    fields = load_fields()
    wb = Workbook()
    _indicator_sheet(wb.active, results, table)
    _detail_sheet(wb.create_sheet(DETAIL_SHEET), results, table)
    final = set(table["year"]) == {results.framework.final_year}  # the final year alone: 已完成 / 未完成
    definitions_sheet(wb.create_sheet("指标定义"), results, fields, plan_words_of(results.units), final)
    _sources_sheet(wb.create_sheet("数据来源"), results)
    if results.scores is not None:
        scores_sheet(wb.create_sheet(SCORES_SHEET, 1), results, table["year"].unique())
    if results.dataset.confirmed:
        _confirmed_sheet(wb.create_sheet("已确认数据"), results, fields)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def write_results(results: Results, year: int | None, path: Path) -> Path:
    """Write one year's rows (every year when ``year`` is None) to ``path`` as .csv, .json or .xlsx."""
    path = Path(path)
    table = results.year_table(year) if year is not None else results.table
    suffix = path.suffix.lower()
    if suffix in (".csv", ".json"):
        table = with_stretch_notes(results, table)
    if suffix == ".csv":
        write_csv(table, path)
    elif suffix == ".json":
        meta = {"framework": results.framework.id, "year": year, "sti_monitor": __version__}
        if table[STRETCH_NOTE].astype(bool).any():
            meta["illustrative"] = ILLUSTRATIVE_META
        write_json(table, path, meta)
    elif suffix == ".xlsx":
        write_xlsx(results, table, path)
    else:
        raise OutputError(f"不支持的输出格式“{path.suffix}”：请用 .csv、.json 或 .xlsx")
    return path
