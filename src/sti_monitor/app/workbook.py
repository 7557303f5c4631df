"""The problem workbook the panel offers for download: ``validate --out``'s writer when the package has it,
else one row per problem, by file, sheet and cell."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from ..atomic import atomic_path
from ..report.wording import say

COLUMNS = ["file", "sheet", "cell", "level", "what", "fix"]

try:
    from ..publish import write_problems
except ImportError:  # the problem workbook of ``validate --out`` is not in this version yet
    write_problems = None


def write_problem_book(dataset, path: Path) -> Path:
    """Write the problems of ``dataset`` to the workbook ``path`` (atomically)."""
    if write_problems is not None:
        return write_problems(dataset, Path(path))
    return write_problem_rows(dataset.problems, path)


def write_problem_rows(problems, path: Path) -> Path:
    """Write ``problems`` to the workbook ``path`` (atomically), one row each, headers in Chinese;
    an empty list gives headers only."""
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    ws.append([say(f"app_col_{c}") for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in problems:
        level = say("app_level_error") if p.severity == "error" else say("app_level_warning")
        ws.append([p.file, p.sheet or "", p.cell or "", level, p.what, p.fix])
    for letter, width in zip("ABCDEF", (36, 12, 10, 8, 60, 60)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    with atomic_path(Path(path)) as tmp:
        wb.save(tmp)
    return Path(path)
