"""The city report rendered without a member whose workbook was rejected (or never sent) names it where the
member would stand: its row of the status table, each chart's sentence, the ranking's caption."""

from __future__ import annotations

import re

from sti_monitor.measure import evaluate
from sti_monitor.report.overview import city_overview


def _text(results, year: int) -> str:
    return re.sub(r"\s+", "", city_overview(results, year).html())


def test_a_rejected_and_an_unreported_member_are_named_not_dashed(sample_copy):
    (sample_copy / "2023" / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")
    (sample_copy / "2023" / "330328_文成县.xlsx").unlink()
    text = _text(evaluate(sample_copy, "wenzhou-2027", until=2023), 2023)
    # the status table: 9 indicator cells of each say why, in place of —
    assert text.count(">数据有误<") == 9 and text.count(">未报送<") == 9
    # each of the 9 charts' sentences, and the ranking's caption
    assert text.count("龙湾区数据有误，未计入；文成县未报送，未计入") == 9 + 1


def test_a_complete_year_names_nobody(sample_copy):
    text = _text(evaluate(sample_copy, "wenzhou-2027", until=2023), 2023)
    assert "未计入" not in text and ">数据有误<" not in text and ">未报送<" not in text
