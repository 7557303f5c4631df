"""Files whose data were rejected, as a run names them: the unit they belong to, or a file of no unit of the plan
(a stray, named alone: it holds back no report)."""

from __future__ import annotations

from .summary import UnitReport

REJECTED = "{file} 有错误，未生成报告：{what}（运行 sti-monitor validate 查看全部问题）"
STRAY = "不属于本指标体系的任何单位，未采用：{what}（不影响其他单位的报告）"
UNASSIGNED = (
    "有错误，且没有写明是哪个单位的数据，未采用：{what}（不影响其他单位的报告；如含有本应采用的数据，请改正后重新生成）"
)


def rejected_units(results) -> tuple[dict[str, str], list[UnitReport]]:
    """Unit code -> why its values were rejected, for the units of the plan (a file that names no unit by
    its identity is its unit's when its name names one, as :func:`.find_missing` counts it sent); and
    a summary line for each file whose unit is in no plan's list here (a stray code)."""
    from ..ingest.years import unit_in_name  # heavy: imported by a run, not by importing this module

    out, strays = {}, []
    for code, book, first in results.dataset.rejected():
        what = (first.location + "：" if first.location else "") + first.what  # the file is named once, by the caller
        named = code  # the unit code the file's identity (or a row) gives, if any
        if code not in results.units:
            code = book.unit_code if book.unit_code in results.units else unit_in_name(book.path.name, results.units)
        if code:
            out.setdefault(code, REJECTED.format(file=book.name, what=what))
        elif all(s.unit_name != book.name for s in strays):
            text = STRAY if named or book.unit_code else UNASSIGNED  # a code of no unit here, or no code at all
            strays.append(UnitReport("", book.name, "", "stray", text.format(what=what)))
    return out, strays
