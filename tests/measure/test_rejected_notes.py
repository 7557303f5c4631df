"""A unit whose workbook was rejected is named in every row it leaves empty, never a quiet 无数据."""

from __future__ import annotations

from sti_monitor.measure import evaluate


def test_a_rejected_workbook_is_named_in_its_rows_and_in_the_sums_lacking_it(sample_copy):
    (sample_copy / "2023" / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")
    table = evaluate(sample_copy, "wenzhou-2027", until=2023).table
    own = table[(table["unit_code"] == "330303") & (table["year"] == 2023)]
    assert set(own["note"]) == {"数据有误（2023/330303_龙湾区.xlsx未采用，见问题清单）"}
    city = table[(table["unit_code"] == "330300") & (table["year"] == 2023)]
    assert set(city["note"]) == {"缺少龙湾区的数据，无法汇总温州市（龙湾区数据有误）"}
    # the years its other workbooks cover keep their values and notes
    assert table[(table["unit_code"] == "330303") & (table["year"] == 2022)]["value"].notna().all()
