"""A value the city reports itself (锦州市's 科技进步贡献率, a rate that does not add up) is traced to its own cell
(issue 23b): a row of 附表2 with its cell, the city's workbook in 附表4, and the 口径说明 says it is no sum of the
counties. The large (condensed) city form lists those cells too; a city with no workbook of its own is unchanged."""

import re

import pytest

from sti_monitor.report.appendices import appendix, appendix_large
from sti_monitor.report.elements import Paragraph, Table


@pytest.fixture(scope="module")
def jinzhou(evaluated_plan):
    return evaluated_plan("jinzhou-2020")


def _texts(table: Table) -> list[list[str]]:
    return [[getattr(c, "text", c) for c in row] for row in table.rows]


def test_the_trace_of_the_city_holds_its_own_cell_and_a_county_has_none(jinzhou):
    own = jinzhou.trace("210700", 2020)
    own = own[own["indicator"] == "tech_progress_contribution"]
    assert own[["unit_code", "year", "value", "file", "sheet", "cell"]].values.tolist() == [
        ["210700", 2020, 60.5, "2020/210700_锦州市.xlsx", "数据", "D5"]
    ]
    county = jinzhou.trace("210702", 2020)
    assert "tech_progress_contribution" not in set(county["indicator"])


def test_jinzhou_city_appendix_lists_its_own_cell_and_workbook(jinzhou, words):
    words("jinzhou")
    items = appendix(jinzhou, "210700", 2020).items
    assert items[0].text.endswith(
        "“左右”目标指实际值与目标相差不超过规划给定的容差即为完成。"
        "科技进步贡献率为锦州市自行报送的数值，不由各县（市、区）加总。"
    )
    raw, hashes = [i for i in items if isinstance(i, Table)][1], [i for i in items if isinstance(i, Table)][3]
    assert raw.caption == (
        "全市合计所用的原始数据；全市自行报送的指标列其报送值与单元格（〔〕内为附表 4 中的文件编号）"
    )
    row = [r for r in _texts(raw) if r[0] == "科技进步贡献率"]
    assert len(row) == 1 and row[0][:5] == ["科技进步贡献率", "科技进步贡献率", "2020", "60.5", "%"]
    number = re.fullmatch(r"〔(\d+)〕数据!D5", row[0][5]).group(1)
    assert [f"〔{number}〕2020/210700_锦州市.xlsx"] == [r[0] for r in _texts(hashes) if "210700" in r[0]]
    summed = [r for r in _texts(raw) if r[0] == "年度技术交易额"]
    assert summed == [["年度技术交易额", "技术交易额", "2020", "19.3", "亿元", "7个文件"]]  # still the counties' sum


def test_jinzhou_large_form_lists_the_city_own_cell_and_its_file(jinzhou, words):
    words("jinzhou")
    items = appendix_large(jinzhou, 2020).items
    assert items[0].text.endswith(
        "科技进步贡献率为锦州市自行报送的数值，不由各县（市、区）加总。其报送值、来源单元格与文件校验值见附表 3、附表 4。"
    )
    tables = [i for i in items if isinstance(i, Table)]
    assert len(tables) == 4
    assert _texts(tables[2]) == [["科技进步贡献率", "科技进步贡献率", "锦州市", "2020", "60.5", "%", "〔1〕数据!D5"]]
    assert _texts(tables[3])[0][0] == "〔1〕2020/210700_锦州市.xlsx"


def test_a_city_without_a_workbook_of_its_own_says_every_value_is_summed(evaluated_plan, words):
    words("wenzhou-zcq")
    zcq = evaluated_plan("wenzhou-zcq-2022")
    items = appendix(zcq, "330300", 2022).items
    assert "自行报送" not in items[0].text
    assert items[0].text.startswith("口径说明：全市数值由12个县（市、区）的分子、分母分别加总后计算")
    tables = [i for i in items if isinstance(i, Table)]
    assert tables[1].caption == "全市合计所用的原始数据"
    assert not [r for r in _texts(tables[3]) if "330300" in r[0]]
    large = appendix_large(zcq, 2022).items
    assert len([i for i in large if isinstance(i, Table)]) == 2 and isinstance(large[0], Paragraph)
    assert "自行报送" not in large[0].text
