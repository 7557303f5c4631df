"""Which unit a district workbook belongs to: identity cells above the header, or the file name."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .cells import text_of
from .problems import Problem, cell_ref
from .units import UnitRegistry
from .vocabulary import vocabulary

if TYPE_CHECKING:
    from .records import Workbook


def _is_label(text: str) -> bool:
    words = vocabulary()
    return text.startswith(words.code_labels + words.name_labels)


def _labelled_value(rows, r, c, text, labels):
    """The value a label cell at (r, c) announces: inline after a colon, else the cell to its
    right, else the cell below. ``None`` when the text is not such a label."""
    for label in labels:
        if text.startswith(label):
            rest = text[len(label) :].lstrip(":：")
            if rest:
                return rest, (r, c)
            for rr, cc in ((r, c + 1), (r + 1, c)):
                if rr < len(rows) and cc < len(rows[rr]):
                    neighbour = text_of(rows[rr][cc])
                    if neighbour and not _is_label(neighbour):
                        return rows[rr][cc], (rr, cc)
            return None, (r, c)
    return None


def _find_identity(rows: list[list], stop_row: int):
    words = vocabulary()
    code = name = None
    for r in range(min(stop_row, len(rows))):
        for c, value in enumerate(rows[r]):
            text = text_of(value)
            if not text:
                continue
            if code is None and (found := _labelled_value(rows, r, c, text, words.code_labels)):
                code = found
            elif name is None and (found := _labelled_value(rows, r, c, text, words.name_labels)):
                name = found
    return code, name


def _unit_by_code(book: Workbook, sheet: str, code: str, code_cell, name: str, name_cell, units: UnitRegistry):
    """The unit of ``code``, its ``name`` (if any) checked against it; ``None`` with a problem when either is wrong
    (a name written differently from the units list is only a warning)."""
    unit = units.get(code)
    if unit is None:
        where = dict(sheet=sheet, cell=code_cell) if code_cell else {}
        book.problems.append(
            Problem(
                book.name,
                f"单位代码“{code}”不在单位清单中",
                f"填写正确的行政区划代码（单位清单见 {units.source.name if units.source else 'units.yaml'}），"
                f"如 {units.districts[0].code if units.districts else units.city.code}",
                unit_code=code,
                **where,
            )
        )
        return None
    if name and units.by_name(name) not in (None, unit):
        book.problems.append(
            Problem(
                book.name,
                f"单位名称“{name}”与单位代码 {code}（{unit.name}）不一致",
                "核对并改正单位代码或单位名称",
                sheet=sheet,
                cell=name_cell,
            )
        )
        return None
    if name and units.by_name(name) is None:
        book.problems.append(
            Problem(
                book.name,
                f"单位名称“{name}”与单位清单中的“{unit.name}”写法不同",
                "按单位清单写法填写单位名称",
                sheet=sheet,
                cell=name_cell,
                severity="warning",
                unit_code=unit.code,
            )
        )
    return unit


def _unit_by_name(book: Workbook, sheet: str, name: str, name_cell, units: UnitRegistry):
    """The unit of ``name`` when there is no code; ``None`` with a problem when there is none or no name."""
    if name and (unit := units.by_name(name)) is not None:
        return unit
    if name:
        book.problems.append(
            Problem(
                book.name,
                f"单位名称“{name}”不在单位清单中，且未填写行政区划代码",
                "在表头上方填写“行政区划代码”及其代码",
                sheet=sheet,
                cell=name_cell,
            )
        )
    else:
        book.problems.append(
            Problem(
                book.name,
                "找不到单位身份（行政区划代码和单位名称都没有填写）",
                "在表头上方填写“行政区划代码”和“单位名称”两格及其右侧的值，或把文件命名为“330302_鹿城区.xlsx”这样以代码开头的形式",
                sheet=sheet,
            )
        )
    return None


def identify(book: Workbook, sheet: str, rows, header_row: int, units: UnitRegistry):
    """Set ``book.unit_code`` from the identity cells (or the file name); a second sheet must agree."""
    code_found, name_found = _find_identity(rows, header_row)
    code = text_of(code_found[0]) if code_found and code_found[0] is not None else ""
    name = text_of(name_found[0]) if name_found and name_found[0] is not None else ""
    code_cell = cell_ref(*code_found[1]) if code_found else None
    name_cell = cell_ref(*name_found[1]) if name_found else None
    file_code = m.group(1) if (m := re.match(r"^(\d{6})(?!\d)", book.path.name)) else None
    if book.unit_code and not code and not name:
        return  # a further sheet without identity cells belongs to the unit already found
    if code and file_code and code != file_code:
        book.problems.append(
            Problem(
                book.name,
                f"文件名中的单位代码 {file_code} 与表内行政区划代码 {code} 不一致",
                "核对是哪个单位的数据：改正表内代码，或按表内代码重新命名文件",
                sheet=sheet,
                cell=code_cell,
            )
        )
        return
    if not code and file_code:
        code, code_cell = file_code, None
    if code:
        unit = _unit_by_code(book, sheet, code, code_cell, name, name_cell, units)
    else:
        unit = _unit_by_name(book, sheet, name, name_cell, units)
    if unit is None:
        return
    if book.unit_code and book.unit_code != unit.code:
        book.problems.append(
            Problem(
                book.name,
                f"工作表“{sheet}”填的是 {unit.code}（{unit.name}），与前面工作表的单位 {book.unit_code} 不同",
                "一个文件只报一个单位：把该工作表移到该单位自己的文件中",
                sheet=sheet,
                cell=code_cell or name_cell,
            )
        )
        return
    book.unit_code = unit.code
