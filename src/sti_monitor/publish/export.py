"""Write indicator results as CSV, JSON or a formatted Excel workbook, chosen by the file extension."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import __version__
from ..atomic import atomic_path
from ..config import load_yaml
from ..errors import OutputError
from ..ingest import load_fields
from ..ingest.units import kind_labels, plan_words_of, reword
from ..measure import OUTLOOK_LABELS, RULE_LABELS, STATUS_COLOURS, STATUS_LABELS, TARGET_KIND_LABELS, Results
from ..measure.definitions import DEFINITION_HEADERS, definitions
from ..measure.precision import reaches, row_precision, shown_precisions
from ..paths import PARAMS_DIR

WORDS_FILE = PARAMS_DIR / "wording" / "workbooks.yaml"  # the sentences of the workbooks sent out


@cache
def _words() -> dict:
    return load_yaml(WORDS_FILE)


def say(key: str, **fields) -> str:
    """The workbook sentence ``key`` of ``WORDS_FILE`` with its ``fields`` filled in (publish does not import the
    report's wording module: the two are siblings)."""
    return _words()[key].format(**fields)


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
    "rank": "{member}排名",
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
SCORE_HEADERS = {
    "unit_code": "单位代码",
    "unit_name": "单位名称",
    "unit_kind": "单位类型",
    "year": "年份",
    "assessment_score": "考核总分",
    "assessment_rank": "考核排名",
    "grade": "考核等次",
    "index": "综合指数（{whole}=100）",
    "index_change": "较基期变化",
    "group": "发展梯队",
    "index_rank": "综合指数排名",
    "rank_p05": "排名区间下限（第5百分位）",
    "rank_median": "排名中位数",
    "rank_p95": "排名区间上限（第95百分位）",
    "veto": "否决规则",
    "missing_indicators": "缺数据计0分的指标",
}
SCORES_SHEET = "考核与综合指数"
DETAIL_SHEET = "指标明细"
REACHED = "已达到"  # 年均还需提升 of a row whose final target is reached, as the reports say it
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text that a spreadsheet will not run as a formula: a leading = + - @, tab or CR gets an apostrophe."""
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
        dtype = safe[col].dtype
        # text under every dtype it comes in: object, pandas' StringDtype (the default for text
        # in pandas 3), categories of text; numeric columns stay numbers
        if (
            pd.api.types.is_object_dtype(dtype)
            or pd.api.types.is_string_dtype(dtype)
            or isinstance(dtype, pd.CategoricalDtype)
        ):
            safe[col] = safe[col].astype(object).map(safe_text)
    with atomic_path(path) as tmp:
        # CRLF rows (RFC 4180, as Excel writes them): a CR inside a cell is then quoted, not a row break
        safe.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")


def write_json(table: pd.DataFrame, path: Path, meta: dict) -> None:
    with atomic_path(path) as tmp:
        Path(tmp).write_text(
            json.dumps({"meta": meta, "rows": _records(table)}, ensure_ascii=False, indent=1, default=str),
            encoding="utf-8",
        )


def _number_format(precision: int) -> str:
    return "#,##0" if precision == 0 else "#,##0." + "0" * precision


HEADER_FILL = PatternFill("solid", fgColor="305496")


def _header(ws, texts: list[str], freeze: str = "A2") -> None:
    """Row 1 as the styled Chinese header, frozen, repeated on every printed page; landscape A4 fitted to width."""
    for c, text in enumerate(texts, start=1):
        cell = ws.cell(1, c, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = freeze
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


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


def _headers(results: Results, columns, names: dict) -> list[str]:
    """Column headings in the plan's words ({whole}: 全市 / 走廊, {member}: 县（市、区） / 片区)."""
    words = plan_words_of(results.units)
    return [names.get(col, col).format(**words) for col in columns]


def _unit_kinds(results: Results) -> dict[str, str]:
    return kind_labels(results.units, results.framework.city_sums)


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


def _rows_sheet(ws, results: Results, table: pd.DataFrame, columns: list[str], freeze: str) -> None:
    """A row per unit, year and indicator in ``columns``, numbers at the precision each row's status was judged
    on, the status coloured, long text wrapped; printable on A4 landscape at a legible size."""
    fw = results.framework
    _header(ws, _headers(results, columns, HEADERS), freeze=freeze)
    kinds, words = _unit_kinds(results), plan_words_of(results.units)
    fills = {k: PatternFill("solid", fgColor=v.lstrip("#")) for k, v in STATUS_COLOURS.items()}
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(_records(table), start=2):
        ind = fw.indicator(row["indicator"])
        # the reports' display rule: the same value never printed two ways
        shown = shown_precisions(
            ind, row.get("value"), row.get("target"), row.get("stretch_target"), row.get("final_target")
        )
        p = shown["target"]
        needed = _needed(results, ind, row)
        for c, col in enumerate(columns, start=1):
            if col == "required_growth":
                value = needed
            elif col == "required_growth_unit":
                value = row[col] if needed not in (None, REACHED) else None
            else:
                value = _shown_value(col, row[col], ind, kinds)
                value = reword(value, words) if isinstance(value, str) else value  # notes written for a city
            cell = ws.cell(r, c, safe_text(value))
            if col in AT_ROW_PRECISION:
                cell.number_format = _number_format(shown.get(col, p))
            elif col in ("numerator", "denominator") and isinstance(value, (int, float)) and float(value).is_integer():
                cell.number_format = "#,##0"  # a count is a whole number
            elif col == "required_growth":
                geometric = row["required_growth_unit"] == "%" and ind.interpolation == "geometric"
                cell.number_format = _number_format(1 if geometric else ind.precision)
            elif col in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[col]
            if col in WRAPPED:
                cell.alignment = wrap
        if "status" in columns:
            status_cell = ws.cell(r, columns.index("status") + 1)
            status_cell.fill = fills.get(row["status"], PatternFill())
            status_cell.font = Font(color="FFFFFF", bold=True)
    for c, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(col, 10)
    ws.auto_filter.ref = ws.dimensions


def _indicator_sheet(ws, results: Results, table: pd.DataFrame) -> None:
    """指标监测: what an official reads (value, target, status, what the final target still needs)."""
    ws.title = "指标监测"
    _rows_sheet(ws, results, table, [c for c in MAIN_COLUMNS if c in table.columns], "C2")


def _detail_sheet(ws, results: Results, table: pd.DataFrame) -> None:
    """指标明细: the rest of each row (target source and kind, numerator and denominator, scores, notes)."""
    _rows_sheet(ws, results, table, [c for c in DETAIL_COLUMNS if c in table.columns], "C2")


def _definitions_sheet(defs, fw, fields, words: dict) -> None:
    """指标定义: the definitions table of the reports' appendix, with the baseline and every target year."""
    columns = ["indicator", "name", "unit", "formula", "definition", "interpolation", "decomposition"]
    years = sorted({t.year for i in fw.indicators for t in i.targets})
    head = [*[DEFINITION_HEADERS[c] for c in columns], f"{fw.baseline_year}年基期值", *[f"{t}年目标" for t in years]]
    _header(defs, head, freeze="C2")
    rows = definitions(fw, fields)[columns]
    for r, (ind, row) in enumerate(zip(fw.indicators, rows.itertuples(index=False)), start=2):
        by_year = {t.year: t for t in ind.targets}
        cells = [*row, ind.baseline, *[(by_year[y].label or by_year[y].value) if y in by_year else None for y in years]]
        for c, v in enumerate(cells, start=1):
            defs.cell(r, c, safe_text(reword(v, words) if isinstance(v, str) else v))
    r = len(fw.indicators) + 3
    notes = [
        f"指标体系：{fw.name}（{fw.id}）",
        (
            f"“接近”：完成率不低于 {fw.near_threshold:.0%} 但未达标。达标：按显示的数值比较（按量级显示，至少三位有效数字），"
            "显示的实际值达到显示的目标值且显示的完成率不低于 100.0%。"
        ),
        "增速类指标不计算完成率（两个增速之比没有意义），以实际值与目标值之差（百分点）衡量。",
        f"{words['whole']}数值由{words['reporters']}分子、分母分别加总后计算{words['outside_total']}。",
        f"sti-monitor {__version__}",
    ]
    for i, note in enumerate(notes):
        defs.cell(r + i, 1, note)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in defs.iter_rows(min_row=2, max_row=len(fw.indicators) + 1):
        for cell in row:
            cell.alignment = wrap
    for c in range(1, len(head) + 1):
        defs.column_dimensions[get_column_letter(c)].width = (18, 22, 7, 34, 34, 7, 9)[c - 1] if c <= 7 else 10


def _sources_sheet(src, results: Results) -> None:
    """数据来源: every input file, whether it was used, and its SHA-256."""
    _header(src, ["文件", "内容", "单位代码", "年份", "是否采用", "SHA-256"], freeze="B2")
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
            conf.cell(r, col, _cell_text(v))


def write_xlsx(results: Results, table: pd.DataFrame, path: Path) -> None:
    """A workbook to send on: on every sheet a frozen, styled Chinese header repeated on each printed page
    (landscape A4, fitted to width); number formats at the precision each row's status was judged on, a colour
    per status, no completion ratio for growth rates; a sheet of definitions and one of source files."""
    fields = load_fields()
    wb = Workbook()
    _indicator_sheet(wb.active, results, table)
    _detail_sheet(wb.create_sheet(DETAIL_SHEET), results, table)
    _definitions_sheet(wb.create_sheet("指标定义"), results.framework, fields, plan_words_of(results.units))
    _sources_sheet(wb.create_sheet("数据来源"), results)
    if results.scores is not None:
        scores_sheet(wb.create_sheet(SCORES_SHEET, 1), results, table["year"].unique())
    if results.dataset.confirmed:
        _confirmed_sheet(wb.create_sheet("已确认数据"), results, fields)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def scores_sheet(ws, results: Results, years) -> None:
    """The assessment and composite index of ``years`` on ``ws``, with Chinese headers and the rules below."""
    table = results.scores[results.scores["year"].isin(list(years))]
    columns = list(table.columns)
    _header(ws, _headers(results, columns, SCORE_HEADERS), freeze="C2")
    kinds, words = _unit_kinds(results), plan_words_of(results.units)
    formats = {"assessment_score": "0.00", "index": "0.0", "index_change": "0.0"}
    for r, row in enumerate(_records(table), start=2):
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
    for i, note in enumerate(score_notes(results.framework, plan_words_of(results.units))):
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


PROBLEM_HEADERS = ["级别", "文件", "工作表", "单元格", "问题", "处理方法"]


def _cell_text(value):
    """Cell text from a district's file, safe for a workbook: control characters written as ``\\x1b``
    (openpyxl refuses them), no leading formula character."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub(lambda m: m.group(0).encode("unicode_escape").decode(), value)
    return safe_text(value)


_SHEET_TITLE_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})
PROBLEM_WIDTHS = (6, 26, 10, 8, 48, 48)  # 级别 文件 工作表 单元格 问题 处理方法, in characters of the default font
LINE_HEIGHT = 15  # points per printed line of the default font
CONFIRM_CLAUSE = "确属实情"  # where ingest's fix text starts telling the office how to confirm a value


def district_fix(problem) -> str:
    """How to fix a problem, as the district reads it: a doubtful value it believes real is explained to the
    statistics office, which confirms it (the district never edits the office's confirmation file)."""
    fix = problem.fix or ""
    if problem.confirmable or "确认.yaml" in fix:
        fix = fix.split(CONFIRM_CLAUSE)[0].rstrip("；;。，, ")
        fix = f"{fix}；{say('problems_fix_confirm')}" if fix else say("problems_fix_confirm")
    return fix


def _text_width(text) -> int:
    """Printed width of ``text`` in characters of the default font: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text or ""))


def _lines(text, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` characters wide (each line of it at least one)."""
    return sum(max(1, math.ceil(_text_width(part) / max(width - 1, 1))) for part in str(text or "").split("\n"))


def _problem_sheet(wb: Workbook, title: str, unit_name: str | None, problems) -> None:
    """One unit's problems: what to fix in its own workbook, every cell wrapped and every row tall enough to
    print in full, on A4 landscape with the header repeated on each page."""
    ws = wb.create_sheet(title.translate(_SHEET_TITLE_BAD)[:31])
    note = say("problems_note_unit", unit=unit_name) if unit_name else say("problems_note_files")
    ws.cell(1, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PROBLEM_HEADERS))
    ws.row_dimensions[1].height = LINE_HEIGHT * _lines(note, sum(PROBLEM_WIDTHS)) + 4
    for c, text in enumerate(PROBLEM_HEADERS, start=1):
        cell = ws.cell(2, c, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for r, p in enumerate(problems, start=3):
        values = ["错误" if p.severity == "error" else "提醒", p.file, p.sheet, p.cell, p.what, district_fix(p)]
        for c, v in enumerate(values, start=1):
            ws.cell(r, c, _cell_text(v)).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = LINE_HEIGHT * max(_lines(v, w) for v, w in zip(values, PROBLEM_WIDTHS)) + 2
    for col, width in zip("ABCDEF", PROBLEM_WIDTHS):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    _print_wrapped(ws, 2, title)


def _print_wrapped(ws, header_row: int, title: str) -> None:
    """A4 landscape fitted to width, as many pages down as needed, the header row repeated, title and page
    number on every page."""
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def write_problems(dataset, path: Path) -> Path:
    """The problem list as a workbook to send back to districts: a sheet per unit (``330302 鹿城区``), a sheet for
    problems of whole files, and the confirmed values. Written atomically; ``path`` must end in .xlsx."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise OutputError(f"问题清单应写成 .xlsx 文件：{path}")
    wb = Workbook()
    wb.remove(wb.active)
    by_unit: dict[str, list] = {}
    for p in dataset.problems:
        by_unit.setdefault(p.unit_code or "", []).append(p)
    order = [u.code for u in dataset.units.all()]
    for code in sorted(by_unit, key=lambda c: (c == "", order.index(c) if c in order else len(order), c)):
        unit = dataset.units.get(code) if code else None
        title = f"{code} {unit.name}" if unit else (code or "整个文件")
        _problem_sheet(wb, title, unit.name if unit else None, by_unit[code])
    if not by_unit:
        wb.create_sheet("无问题").cell(1, 1, "数据检查通过，没有发现问题。")
    if dataset.confirmed:
        ws = wb.create_sheet("已确认数据")
        for c, text in enumerate(
            ["单位代码", "字段", "年份", "确认理由", "文件", "工作表", "单元格", "原提示"], start=1
        ):
            ws.cell(1, c, text).font = Font(bold=True)
        widths = (8, 18, 6, 30, 26, 10, 8, 40)
        for r, item in enumerate(dataset.confirmed, start=2):
            c, p = item.confirmation, item.problem
            values = [c.unit, c.field, c.year, c.reason, p.file, p.sheet, p.cell, p.what]
            for col, v in enumerate(values, start=1):
                ws.cell(r, col, _cell_text(v)).alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[r].height = LINE_HEIGHT * max(_lines(v, w) for v, w in zip(values, widths)) + 2
        for col, width in zip("ABCDEFGH", widths):
            ws.column_dimensions[col].width = width
        ws.freeze_panes = "A2"
        _print_wrapped(ws, 1, "已确认数据")
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
