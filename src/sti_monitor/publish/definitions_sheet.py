"""summary.xlsx's 指标定义 sheet: the definitions table of the reports' appendix, with the baseline and every target
year, and the notes on how statuses are judged and how totals are made."""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from .. import __version__
from ..ingest.units import reword
from ..measure import Results
from ..measure.definitions import DEFINITION_HEADERS, definitions
from .sheets import header, safe_text


def _sum_notes(results: Results, words: dict) -> list[str]:
    """How the whole and each aggregate (a zone: the sum of its parks) are made, as the reports' appendix says it;
    nothing for a plan of one unit."""
    if not results.members:
        return []
    notes = [f"{words['whole']}数值由各{words['member']}的分子、分母分别加总后计算{words['outside_total']}。"]
    for agg in results.units.aggregates:
        names = "、".join(u.name if (u := results.units.get(m)) else m for m in agg.members)
        notes.append(f"{agg.name}的数值由其{len(agg.members)}个组成单位（{names}）的分子、分母分别加总后计算。")
    return notes


def definitions_sheet(defs, results: Results, fields, words: dict, final: bool = False) -> None:
    """指标定义: the definitions table of the reports' appendix, with the baseline and every target year; ``final``:
    the workbook holds only the plan's final year (已完成 / 未完成: no 接近 to define). A plan of one unit
    decomposes no target: no such column."""
    fw = results.framework
    columns = ["indicator", "name", "unit", "formula", "definition", "interpolation", "decomposition"]
    columns = columns if results.members else columns[:-1]
    years = sorted({t.year for i in fw.indicators for t in i.targets})
    head = [*[DEFINITION_HEADERS[c] for c in columns], f"{fw.baseline_year}年基期值", *[f"{t}年目标" for t in years]]
    header(defs, head, freeze="C2")
    rows = definitions(fw, fields)[columns]
    for r, (ind, row) in enumerate(zip(fw.indicators, rows.itertuples(index=False)), start=2):
        by_year = {t.year: t for t in ind.targets}
        cells = [*row, ind.baseline, *[(by_year[y].label or by_year[y].value) if y in by_year else None for y in years]]
        for c, v in enumerate(cells, start=1):
            defs.cell(r, c, safe_text(reword(v, words) if isinstance(v, str) else v))
    r = len(fw.indicators) + 3
    notes = [
        f"指标体系：{fw.name}（{fw.id}）",
        *(
            [
                f"{fw.final_year}年为规划期末：各目标只判“已完成”或“未完成”。已完成：按显示的数值比较（按量级显示，"
                "至少三位有效数字），显示的实际值达到显示的目标值且显示的完成率不低于 100.0%；否则为未完成。"
            ]
            if final
            else [
                f"“接近”：完成率不低于 {fw.near_threshold:.0%} 但未达标。达标：按显示的数值比较（按量级显示，"
                "至少三位有效数字），显示的实际值达到显示的目标值且显示的完成率不低于 100.0%。",
                f"{fw.final_year}年为规划期末：各目标只判“已完成”（达标）或“未完成”（接近、未达标均为未完成）。",
            ]
        ),
        "增速类指标在“指标监测”表中不列完成率，以实际值与目标值之差（百分点）衡量是否达标；考核计分时其完成率为"
        "实际增速 ÷ 目标增速（目标增速不大于0时按差距扣分，见报告附录的计算规则）。",
        *_sum_notes(results, words),
        f"sti-monitor {__version__}",
    ]
    for i, note in enumerate(notes):
        defs.cell(r + i, 1, note)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in defs.iter_rows(min_row=2, max_row=len(fw.indicators) + 1):
        for cell in row:
            cell.alignment = wrap
    for c in range(1, len(head) + 1):
        widths = (18, 22, 7, 34, 34, 7, 9)[: len(columns)]
        defs.column_dimensions[get_column_letter(c)].width = widths[c - 1] if c <= len(widths) else 10
