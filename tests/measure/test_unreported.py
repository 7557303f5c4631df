"""A field an applicable indicator needs, left out of a unit's workbook, is an error (未报送) naming the file,
the field and the fix, and ``validate`` does not pass; a field of an indicator that does not apply is not asked."""

import openpyxl

from sti_monitor.cli import main
from sti_monitor.measure import check_unreported, load_dataset, load_framework
from sti_monitor.tools.synth import make_plan_sample


def drop_field(path, code):
    """Delete the row of ``code`` (字段代码 column) from a workbook written by the sample generator."""
    wb = openpyxl.load_workbook(path)
    ws = wb["数据"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == code)
    ws.delete_rows(row)
    wb.save(path)


def test_unreported_field_is_an_error_and_validate_fails(tmp_path, capsys):
    data = make_plan_sample("jinzhou-2020", tmp_path / "data")
    book = next((data / "2020").glob("210727*.xlsx"))  # 义县
    drop_field(book, "rd_institutions")
    fw = load_framework("jinzhou-2020")
    problems = check_unreported(load_dataset(data, fw), fw)
    assert [(p.unit_code, p.year, p.field) for p in problems] == [("210727", 2020, "rd_institutions")]
    p = problems[0]
    assert p.file == f"2020/{book.name}" and p.severity == "error"
    assert "未报送：义县2020年缺少研发机构数" in p.what and "字段代码 rd_institutions" in p.fix
    assert main(["validate", str(data), "--framework", "jinzhou-2020"]) == 1
    out = capsys.readouterr().out
    assert "未报送" in out and "数据检查通过" not in out


def test_city_only_field_is_not_asked_of_the_counties(tmp_path):
    # the sample's counties do not report 科技进步贡献率, which applies to the city only
    data = make_plan_sample("jinzhou-2020", tmp_path / "data")
    fw = load_framework("jinzhou-2020")
    assert check_unreported(load_dataset(data, fw), fw) == []
