"""summary.xlsx says of a zero-base member what its report says: no target (基期为0，不分解目标), status and outlook
无目标 (daluoshan-2022: 浙南产业集聚区片区 had no 产业创新服务综合体 in 2019)."""

import openpyxl

from sti_monitor.publish import write_results


def test_the_workbook_row_reads_no_target_with_why(tmp_path, evaluated_plan):
    results = evaluated_plan("daluoshan-2022")
    wb = openpyxl.load_workbook(write_results(results, 2022, tmp_path / "s.xlsx"))

    def row(sheet, key, wanted):
        ws = wb[sheet]
        head = [c.value for c in ws[1]]
        for values in ws.iter_rows(min_row=2, values_only=True):
            found = dict(zip(head, values))
            if found["单位代码"] == "DLS05" and found[key] == wanted:
                return found
        raise AssertionError(wanted)

    main = row("指标监测", "指标名称", "创建（培育）产业创新服务综合体数")
    assert (main["实际值"], main["目标值"], main["状态"], main["期末目标进展"]) == (1, None, "无目标", "无目标")
    detail = row("指标明细", "指标代码", "innovation_service_complexes")
    assert (detail["目标来源"], detail["基期值"]) == ("基期为0，不分解目标", 0)
    assert detail["目标说明"].startswith("基期为0，不分解目标：本地2019年基期值为0")
