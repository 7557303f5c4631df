"""Read one workbook (any format, any of the accepted shapes) into raw-field records, collecting every problem.

Shapes, found per sheet from its header row (:mod:`.header`):

- ``district``: a row per field (``字段代码`` / ``指标名称``), a column per year, the unit's identity above
  the header (or in the file name); with a single value column (``数值``, ``本年``…) the year comes from the
  sheet name or the title;
- ``wide``: the city's table, a row per unit (``行政区划代码`` / ``地区``), a column per field;
- ``long``: columns unit, field, year, value.

The words that mark each column are in ``params/ingest.yaml``. The file is only ever read; its bytes are
hashed so reports can cite them.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from pathlib import Path

from openpyxl.utils import get_column_letter

from .cells import text_of, year_of
from .fields import FieldRegistry
from .formats import NotASpreadsheet, Sheet, load_sheets
from .header import find_header, header_hint
from .identity import identify
from .problems import Problem, cell_ref, file_label
from .records import Record, Workbook
from .sheet_reader import SheetReader
from .units import UnitRegistry
from .vocabulary import vocabulary

logger = logging.getLogger(__name__)

__all__ = ["Record", "Workbook", "read_sheets", "read_workbook", "text_of", "year_of"]


def read_sheets(data: bytes) -> dict[str, list[list]]:
    """The visible sheets of a spreadsheet as rows of Python values (``None`` for empty), anchored at A1."""
    return {s.name: s.rows for s in load_sheets(data)[1] if not s.hidden}


def _check_repeats(book: Workbook):
    """One value per unit, field and year across all sheets; a repeat is an error when the values differ."""
    first: dict[tuple, Record] = {}
    keep = []
    for rec in book.records:
        key = (rec.unit_code, rec.field, rec.year)
        if key not in first:
            first[key] = rec
            keep.append(rec)
            continue
        old = first[key]
        where = f"工作表“{old.sheet}”{old.cell}"
        if old.value == rec.value:
            book.problems.append(
                Problem(
                    book.name,
                    f"{rec.field}（{rec.year}年）重复填报，{where} 已有相同数值",
                    "删除重复的一处",
                    sheet=rec.sheet,
                    cell=rec.cell,
                    severity="warning",
                    unit_code=rec.unit_code,
                )
            )
        else:
            book.problems.append(
                Problem(
                    book.name,
                    f"{rec.field}（{rec.year}年）在两处填了不同的数值：{where} 为 {old.raw}，此处为 {rec.raw}",
                    "核对后只保留正确的一处（同一年份的数据只应出现在一个工作表中）",
                    sheet=rec.sheet,
                    cell=rec.cell,
                    unit_code=rec.unit_code,
                )
            )
    book.records = keep


def _note_hidden_and_comments(book: Workbook, sheet: Sheet) -> None:
    """A 提醒 for each hidden row or column that held something (it was not read) and for each cell comment
    that calls its figure provisional (暂估…)."""
    for kind, index, (r, c) in sheet.hidden_data:
        what = f"第 {index + 1} 行" if kind == "row" else f" {get_column_letter(index + 1)} 列"
        book.problems.append(
            Problem(
                book.name,
                f"隐藏的{what}中有内容（从 {cell_ref(r, c)} 起），未读取",
                f"如{what}是要报送的数据，请取消隐藏；否则删除它（隐藏的行、列和工作表都不读取）",
                sheet=sheet.name,
                cell=cell_ref(r, c),
                severity="warning",
            )
        )
    words = vocabulary().provisional_words
    for (r, c), note in sorted(sheet.marks.comments.items()):
        found = next((w for w in words if w in text_of(note)), None)
        if found:
            book.problems.append(
                Problem(
                    book.name,
                    f"单元格批注写明“{found}”：{' '.join(note.split())[:60]}",
                    "该数值照常采用；定稿后请改为正式数并删除批注",
                    sheet=sheet.name,
                    cell=cell_ref(r, c),
                    severity="warning",
                )
            )


def _says_illustrative(sheet: Sheet) -> bool:
    """Whether a text cell of ``sheet`` calls its values illustrative (示例数值…, params/ingest.yaml)."""
    words = vocabulary().illustrative_words
    return bool(words) and any(
        isinstance(v, str) and any(w in text_of(v) for w in words) for row in sheet.rows for v in row
    )


def _read_sheet(book: Workbook, sheet, fields: FieldRegistry, units: UnitRegistry) -> bool:
    """Read one sheet's records into ``book`` in the shape its header shows; whether it had a header and was
    read (a hidden sheet with data is named, not read)."""
    if not sheet.hidden:
        _note_hidden_and_comments(book, sheet)
        book.illustrative = book.illustrative or _says_illustrative(sheet)
    header = find_header(sheet.rows, fields)
    if header is None:
        return False
    if sheet.hidden:
        book.problems.append(
            Problem(
                book.name,
                f"隐藏的工作表“{sheet.name}”中有数据，未读取",
                "如需报送请取消隐藏该工作表；否则删除它",
                sheet=sheet.name,
                severity="warning",
            )
        )
        return False
    reader = SheetReader(book, sheet, fields, units)
    before = len(book.records)
    if header.shape == "district":
        identify(book, sheet.name, sheet.rows, header.row, units)
        reader.read_district(header)
    elif header.shape == "wide":
        reader.read_wide(header)
    else:
        reader.read_long(header)
    if len(book.records) == before and book.ok:
        book.problems.append(
            Problem(book.name, "表中没有任何数值", "在年份列填写数值", sheet=sheet.name, cell=cell_ref(header.row, 0))
        )
    return True


def read_workbook(path: Path, fields: FieldRegistry, units: UnitRegistry, root: Path | None = None) -> Workbook:
    """Read one workbook of any accepted format and shape. Never raises for bad content: problems are collected."""
    path = Path(path)
    name = file_label(path.relative_to(root) if root else path.name)
    book = Workbook(path=path, name=name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        book.problems.append(
            Problem(name, f"无法读取文件（{exc.strerror}）", "检查文件权限，或把文件复制到数据目录后重试")
        )
        return book
    book.sha256 = hashlib.sha256(data).hexdigest()
    try:
        book.format, sheets = load_sheets(data, csv_name=path.stem if path.suffix.lower() == ".csv" else None)
    except NotASpreadsheet as exc:
        logger.debug("cannot open %s: %r", path, exc.__cause__)
        book.problems.append(Problem(name, f"无法打开，不是有效的 Excel 工作簿：文件内容是{exc.what}", exc.fix))
        return book
    read_any = False
    for sheet in sheets:
        read_any = _read_sheet(book, sheet, fields, units) or read_any
    if not read_any:
        book.headerless = True
        hint = next(((s.name, h) for s in sheets if not s.hidden and (h := header_hint(s.rows))), None)
        where = {"sheet": hint[0], "cell": cell_ref(*hint[1][:2])} if hint else {}
        book.problems.append(
            Problem(
                name,
                "找不到表头行（应有“字段代码”或“指标名称”列，以及“2023年”这样的年份列）"
                + (f"：{hint[1][2]}" if hint else ""),
                "把年份表头写成文本“2023年”（单元格格式设为“文本”或“常规”），或按 sti-monitor template 生成的模板整理表格",
                **where,
            )
        )
        return book
    _check_repeats(book)
    if book.unit_code:
        book.problems = [p if p.unit_code else replace(p, unit_code=book.unit_code) for p in book.problems]
    return book
