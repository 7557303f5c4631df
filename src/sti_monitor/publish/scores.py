"""The assessment and composite index of every unit written out: the 考核与综合指数 sheet (of summary.xlsx and
of ``sti-monitor scores``) with the rules below it, or CSV and JSON."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from .. import __version__
from ..atomic import atomic_path
from ..errors import OutputError
from ..ingest.units import plan_words_of, reword
from ..measure import Results
from .sheets import column_headers, header, records, safe_text, unit_kinds, write_csv, write_json

SCORE_HEADERS = {
    "unit_code": "单位代码",
    "unit_name": "单位名称",
    "unit_kind": "单位类型",
    "year": "年份",
    "assessment_score": "考核总分",
    "assessment_rank": "考核排名（按考核总分，并列取最高名次）",
    "grade": "考核等次",
    "index": "综合指数（{whole}=100）",
    "index_change": "较基期变化",
    "group": "发展梯队",
    "index_rank": "综合指数排名",
    "rank_p05": "综合指数名次区间下限（模拟第5百分位）",
    "rank_median": "综合指数名次中位数（模拟）",
    "rank_p95": "综合指数名次区间上限（模拟第95百分位）",
    "veto": "否决规则",
    "missing_indicators": "缺数据计0分的指标",
    "note": "说明",
}
SCORES_SHEET = "考核与综合指数"
# a plan of one unit ranks and indexes it against nobody: no such columns, no such notes
AGAINST_OTHERS = (
    "assessment_rank",
    "index",
    "index_change",
    "group",
    "index_rank",
    "rank_p05",
    "rank_median",
    "rank_p95",
)


def scores_sheet(ws, results: Results, years) -> None:
    """The assessment and composite index of ``years`` on ``ws``, with Chinese headers and the rules below."""
    table = results.scores[results.scores["year"].isin(list(years))]
    if not results.members:
        table = table.drop(columns=[c for c in AGAINST_OTHERS if c in table.columns])
    columns = list(table.columns)
    header(ws, column_headers(results, columns, SCORE_HEADERS), freeze="C2")
    kinds, words = unit_kinds(results), plan_words_of(results.units)
    formats = {"assessment_score": "0.00", "index": "0.0", "index_change": "0.0"}
    for r, row in enumerate(records(table), start=2):
        for c, col in enumerate(columns, start=1):
            value = kinds.get(row[col], row[col]) if col == "unit_kind" else row[col]
            value = reword(value, words) if isinstance(value, str) else value
            cell = ws.cell(r, c, safe_text(value if value is not pd.NA else None))
            cell.number_format = formats.get(col, cell.number_format)
    widths = {"unit_name": 13, "unit_code": 8, "year": 6, "veto": 18, "missing_indicators": 18, "note": 18}
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2, max_row=len(table) + 1):
        for cell in row:
            if columns[cell.column - 1] in widths:
                cell.alignment = wrap
    for c, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(col, 8)
    ws.row_dimensions[1].height = 58
    r = len(table) + 3
    notes = score_notes(results.framework, plan_words_of(results.units))
    for i, note in enumerate(notes if results.members else notes[:1]):
        ws.cell(r + i, 1, note)


def score_notes(fw, words: dict) -> list[str]:
    """The rules behind the scores sheet, in Chinese, from the framework's assessment and composite blocks;
    ``words``: the plan's words (:func:`~sti_monitor.ingest.units.plan_words_of`)."""
    a, c = fw.assessment, fw.composite
    grades = (
        "，".join(f"{name} ≥ {low:g}" for name, low in a.grades) + f"，其余为{a.fail_grade}"
        if a.grades
        else "规划未设，不评等次"
    )
    groups = "，".join(f"{name} ≥ {low:g}" for name, low in c.groups) + f"，其余为{c.lowest_group}"
    return [
        f"考核总分：有目标的各项指标加权平均，单项得分 = 100 × min(max(完成率, 0), {a.cap:g})，达标计满分，无数据计0分；"
        f"等次（按保留两位小数的总分）：{grades}。",
        f"综合指数：各指标在{fw.baseline_year}年至当年全部{words['member']}数据上做最小—最大标准化（均值±{c.outlier_sd:g}倍标准差以外的值"
        f"不参与确定最值），各指标等权平均，以{words['whole']} = 100；梯队：{groups}。",
        f"综合指数名次区间：{c.draws}次随机权重与标准化方法（最小—最大或Z分数）的模拟中综合指数名次的第5、50、95百分位；"
        "区间重叠的单位在统计上持平。考核排名按考核总分（保留两位小数），总分相同的并列同一名次，其后名次顺延。",
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
        write_json(
            table,
            path,
            {
                "framework": results.framework.id,
                "year": year,
                "sti_monitor": __version__,
                "rules": score_notes(results.framework, plan_words_of(results.units)),
            },
        )
    elif suffix == ".xlsx":
        wb = Workbook()
        scores_sheet(wb.active, results, table["year"].unique())
        wb.active.title = SCORES_SHEET
        with atomic_path(path) as tmp:
            wb.save(tmp)
    else:
        raise OutputError(f"不支持的输出格式“{path.suffix}”：请用 .csv、.json 或 .xlsx")
    return path
