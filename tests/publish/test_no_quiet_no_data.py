"""summary.xlsx says why a row has no value: a rejected workbook, a unit that sent nothing, a sum lacking one."""

from __future__ import annotations

import openpyxl

from sti_monitor.measure.results import evaluate
from sti_monitor.publish import write_results


def _statuses(path, code: str, year: int) -> set:
    ws = openpyxl.load_workbook(path)["指标监测"]
    head = [c.value for c in ws[1]]
    at = {name: head.index(name) for name in ("单位代码", "年份", "状态")}
    return {
        row[at["状态"]]
        for row in ws.iter_rows(min_row=2, values_only=True)
        if row[at["单位代码"]] == code and row[at["年份"]] == year
    }


def test_rejected_unreported_and_the_city_lacking_them_are_named_in_the_status(sample_copy, tmp_path):
    (sample_copy / "2023" / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")
    (sample_copy / "2023" / "330328_文成县.xlsx").unlink()
    path = write_results(evaluate(sample_copy, "wenzhou-2027", until=2023), 2023, tmp_path / "summary.xlsx")
    assert _statuses(path, "330303", 2023) == {"数据有误"}
    assert _statuses(path, "330328", 2023) == {"未报送"}
    assert _statuses(path, "330300", 2023) == {"缺下级数据"}
    assert _statuses(path, "330303", 2022) <= {"达标", "接近", "未达标"}  # its earlier years are untouched
    scores = openpyxl.load_workbook(path)["考核与综合指数"]
    assert [c.value for c in scores[1]][-1] == "说明"  # no English header
