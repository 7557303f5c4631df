"""The problem list (问题清单.xlsx) to send back to districts: a sheet per unit saying what to fix in its own
workbook, printable in full, and the values the statistics office confirmed."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..atomic import atomic_path
from ..config import load_yaml
from ..errors import OutputError
from ..paths import PARAMS_DIR
from .sheets import HEADER_FILL, cell_text

WORDS_FILE = PARAMS_DIR / "wording" / "workbooks.yaml"  # the sentences of the workbooks sent out


@cache
def _words() -> dict:
    return load_yaml(WORDS_FILE)


def say(key: str, **fields) -> str:
    """The workbook sentence ``key`` of ``WORDS_FILE`` with its ``fields`` filled in (publish does not import the
    report's wording module: the two are siblings)."""
    return _words()[key].format(**fields)


PROBLEM_HEADERS = ["级别", "文件", "工作表", "单元格", "问题", "处理方法"]


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
            ws.cell(r, c, cell_text(v)).alignment = Alignment(wrap_text=True, vertical="top")
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
                ws.cell(r, col, cell_text(v)).alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[r].height = LINE_HEIGHT * max(_lines(v, w) for v, w in zip(values, widths)) + 2
        for col, width in zip("ABCDEFGH", widths):
            ws.column_dimensions[col].width = width
        ws.freeze_panes = "A2"
        _print_wrapped(ws, 1, "已确认数据")
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
