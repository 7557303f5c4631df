"""Values used because a statistician confirmed them are listed in the report appendix and the results workbook."""

import openpyxl

from conftest import clean_rows, write_book
from sti_monitor.ingest import add_confirmation
from sti_monitor.measure import evaluate
from sti_monitor.publish import write_results
from sti_monitor.report.appendices import appendix


def test_confirmed_value_is_listed(tmp_path):
    data = tmp_path / "data"
    write_book(data / "2022" / "a.xlsx", clean_rows({"tech_transactions": 6000.0}), years=(2022,))
    add_confirmation(data, "330302", "tech_transactions", 2022, "一笔大额技术转让")
    results = evaluate(data)
    text = appendix(results, "330302", 2022).typst()
    assert "一笔大额技术转让" in text and "6000" in text and "D15" in text
    write_results(results, 2022, tmp_path / "out.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "out.xlsx")["已确认数据"].iter_rows(values_only=True))
    assert rows[1][:4] == ("330302", "技术交易额", 2022, "一笔大额技术转让")
