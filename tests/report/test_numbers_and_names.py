"""A unit's report numbers its indicators consecutively, names them one way in every table, and the whole's report
says which of the plan's goals belong to a unit beside it (issue 23). jinzhou-2020: 黑山县 is not asked for the
plan's tenth indicator (科技进步贡献率, the city's alone); wenzhou-zcq-2022: nine of the fifteen goals are the
zone's (自创区, unit_targets of 3303Z0 only) and the city's report counted them as 不适用."""

import pytest

from sti_monitor.report.appendices import _rules_table, definitions_table
from sti_monitor.report.assessment import unit_assessment
from sti_monitor.report.brief import headlines, scorecard, summary
from sti_monitor.report.brief_one_page import brief_page
from sti_monitor.report.elements import Heading, Paragraph, Table
from sti_monitor.report.sections import indicator_sections


@pytest.fixture(scope="module")
def jinzhou(evaluated_plan):
    return evaluated_plan("jinzhou-2020")


@pytest.fixture(scope="module")
def zcq(evaluated_plan):
    return evaluated_plan("wenzhou-zcq-2022")


def first_column(table: Table) -> list[str]:
    return [getattr(row[0], "text", row[0]) for row in table.rows]


def test_the_sections_and_the_scorecard_are_numbered_without_a_gap(jinzhou, words):
    words("jinzhou")
    headings = [
        h.text for s in indicator_sections(jinzhou, "210726", 2020).items for h in s.items if isinstance(h, Heading)
    ]
    assert [h.split(".")[0] for h in headings] == [str(i) for i in range(1, 11)]
    assert headings[-1] == "10. 年度技术交易额"  # the plan's eleventh: its tenth does not apply to 黑山县
    card = first_column(scorecard(jinzhou, "210726", 2020))
    assert card[8:] == ["9. 高新技术产业增加值占GDP比重", "10. 年度技术交易额"]
    note = [i.text for i in summary(jinzhou, "210726", 2020).items if isinstance(i, Paragraph)][0]
    assert note == "不适用（规划未对黑山县设定目标，不计分、不排名）：科技进步贡献率。"
    points = [i for i in unit_assessment(jinzhou, "210726", 2020).items if isinstance(i, Table)][0]
    assert first_column(points)[-1] == "10. 年度技术交易额"


def test_every_table_names_an_indicator_as_the_scorecard_does(jinzhou, words):
    words("jinzhou")
    card = first_column(scorecard(jinzhou, "210700", 2020))
    assert card[:2] == ["1. R&D经费投入强度", "2. 研发机构数"]  # the plan's short names, as in every table
    brief = [i for i in brief_page(jinzhou, None, 2020) if isinstance(i, Table)][-1]
    assert set(first_column(brief)) <= set(card)
    points = [i for i in unit_assessment(jinzhou, "210700", 2020).items if isinstance(i, Table)][0]
    assert first_column(points) == card
    # the definitions give both: the plan's name and the short one the tables use
    assert first_column(definitions_table(jinzhou))[0] == "全社会R&D投入占地区生产总值的比重（表中简称R&D经费投入强度）"


def test_the_city_says_which_goals_are_the_zones(zcq, words):
    words("wenzhou-zcq")
    assert headlines(zcq, None, 2022)[0] == (
        "2022年为规划期末，温州市15项主要指标中，已完成5项、未完成1项、自创区目标9项"
        "（由自创区考核，见温州国家自主创新示范区报告）。"
    )
    note = [i.text for i in summary(zcq, None, 2022).items if isinstance(i, Paragraph)][0]
    assert note.startswith("自创区目标（由自创区考核，见温州国家自主创新示范区报告）：每万人发明专利拥有量、")
    assert "不适用" not in note and "规划未对此类单位设定目标" not in note
    boxes = [i for i in brief_page(zcq, None, 2022) if hasattr(i, "typst_source")][0].typst_source
    assert '"自创区目标（项）"' in boxes and "不适用" not in boxes
    zone_goals = _rules_table(zcq, "330300", 2022).rows[-1]
    assert zone_goals[0].startswith("每万人发明专利拥有量、") and zone_goals[2:] == [
        "自创区目标",
        "由自创区考核，见温州国家自主创新示范区报告",
    ]
    # a district is not the whole: the zone's goals do not apply to it
    district = [i.text for i in summary(zcq, "330328", 2022).items if isinstance(i, Paragraph)][0]
    assert district.startswith("不适用（规划未对文成县设定目标，不计分、不排名）：每万人发明专利拥有量、")


def test_a_plan_of_one_unit_defines_no_decomposition(evaluated_plan):
    """xinchang-2025 is one county: 附表1 says how each target is interpolated, not "按基期比例 / 与全县相同"."""
    table = definitions_table(evaluated_plan("xinchang-2025"))
    assert table.header == ["指标", "单位", "计算方法", "目标插值"]
    assert not [row for row in table.rows if "/" in row[-1] or "与全县相同" in row[-1]]
    assert table.rows[0][-1] == "线性"
