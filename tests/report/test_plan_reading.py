"""What an official of each plan reads, page by page (issue 23): the final year's header says 终期评估 as the cover
does; a long title breaks after the unit's name; an aspiration stands under 力争, never under 确保, and is never
counted as 已完成; an unscored row carries no weight; a park asked for nothing gets no table of dashes; a plan
without grades gets no empty 等次 column; a chart caption points to no median the text does not give; a data note
names its indicator and an indicator that does not apply has none."""

import pytest

from sti_monitor.report.assessment import unit_assessment
from sti_monitor.report.brief import scorecard, summary
from sti_monitor.report.elements import Chart, Paragraph, Table
from sti_monitor.report.frame import cover, document
from sti_monitor.report.overview import city_ranking
from sti_monitor.report.sections import indicator_sections


@pytest.fixture(scope="module")
def xinchang(evaluated_plan):
    return evaluated_plan("xinchang-2025")


@pytest.fixture(scope="module")
def zcq(evaluated_plan):
    return evaluated_plan("wenzhou-zcq-2022")


def texts(row):
    return [getattr(c, "text", c) for c in row]


def test_the_final_year_reads_as_a_final_evaluation_on_every_page(xinchang, zcq, words):
    words("xinchang")
    page = document(xinchang, None, 2025).typst()
    assert 'align(left, "新昌县 · 2025年")' in page and 'align(right, "科技创新主要指标终期评估报告")' in page
    assert "监测报告" not in page
    words("wenzhou-zcq")
    title = cover(zcq, "3303Z1", 2022).items[0].typst()
    assert '"温州国家高新区（浙南科技城）\\n科技创新主要指标终期评估报告"' in title
    assert "(2021" not in document(zcq, None, 2021).typst() and "2021年度" in document(zcq, None, 2021).typst()


def test_an_aspiration_stands_under_its_own_column_and_an_unscored_row_has_no_weight(xinchang, words):
    words("xinchang")
    table = scorecard(xinchang, None, 2025)
    assert table.header[3:5] == ["目标值（确保）", "力争目标"]
    # 高新技术企业数: only a 力争 target (440 家), 405 reached: 92.0%
    assert texts(table.rows[2]) == ["3. 高新技术企业数", "家", "405", "—", "440", "92.0%", "未达力争目标"]
    # 每万人高价值发明专利: 30.0 确保 and 40.0 力争 side by side
    assert texts(table.rows[8])[3:5] == ["30.0", "40.0"]
    assessed = [i for i in unit_assessment(xinchang, None, 2025).items if isinstance(i, Table)][0]
    assert texts(assessed.rows[2])[:3] == ["3. 高新技术企业数", "—", "—"]  # not scored: no weight, no points
    assert texts(assessed.rows[0])[:3] == ["1. 全社会R&D经费支出占GDP比重", "1.00", "11.11"]


def test_a_park_asked_for_nothing_gets_a_sentence_not_a_table_of_dashes(zcq, words):
    words("wenzhou-zcq")
    items = unit_assessment(zcq, "3303Z1", 2022).items
    assert [type(i) for i in items] == [Paragraph]
    assert items[0].text.endswith("规划未对温州国家高新区（浙南科技城）设定期末目标，不评估期末目标进展。")
    assert "0项" not in items[0].text


def test_a_park_asked_for_nothing_gets_no_scorecard_of_headers_alone(zcq, words):
    words("wenzhou-zcq")
    items = summary(zcq, "3303Z1", 2022).items
    assert not [i for i in items if isinstance(i, Table)]  # 15 indicators, none applies: no table without rows
    assert items[0].text.startswith(
        "不适用（规划未对温州国家高新区（浙南科技城）设定目标，不计分、不排名）：研发投入强度"
    )


def test_no_empty_grade_column_where_the_plan_sets_no_grades(zcq, words):
    words("wenzhou-zcq")
    table = city_ranking(zcq, 2022)
    assert table.header[:4] == ["考核名次", "县（市、区）", "考核总分", "已完成项数"] and "等次" not in table.header
    assert len(table.rows[0]) == len(table.header)


def test_notes_name_their_indicator_and_a_zone_only_indicator_points_to_no_median(zcq, words):
    words("wenzhou-zcq")
    city = [i.text for i in summary(zcq, None, 2022).items if isinstance(i, Paragraph)]
    assert not [t for t in city if "数据说明" in t]  # the zone's own indicators do not apply to the city
    charts = [x for s in indicator_sections(zcq, "3303Z0", 2022).items for x in s.items if isinstance(x, Chart)]
    captions = {c.caption.split("（")[0]: c.caption for c in charts}
    assert captions["智能装备领域高新技术企业数"] == "智能装备领域高新技术企业数（家）：历年数值与目标路径"
    assert not [c for c in captions.values() if "见下文" in c]


def test_an_area_without_a_target_reads_no_target_not_unable_and_the_index_change_says_its_base(
    tmp_path, words, evaluated_plan
):
    daluoshan = evaluated_plan("daluoshan-2022")
    words("daluoshan")
    paragraph, table, note = unit_assessment(daluoshan, "DLS01", 2022).items
    # 龙湾片区 2022: index 100.0 in 2019 and 100.3 now against the corridor of each year; its own score rose by
    # 70.4 points of the 2019 corridor's score: both true, each said against its base
    # (over the 5 indicators it had in both years, which it says)
    assert (
        "综合指数为100.3（走廊=100），属“较强”梯队；以2019年走廊水平为100计，综合得分较2019年提高70.4点"
        "（按两年均有数据的5项指标计算，与当年综合指数所用指标不同，两者不宜直接比较）。"
    ) in paragraph.text
    assert paragraph.text.endswith("对照期末目标：已完成4项，未完成1项。另有无本单位目标的指标4项，不评估进展。")
    # the four without a target of the area's own are named under the table, not rows of dashes; the final year
    # judges no pace, so no column of dashes either
    assert table.header == ["指标", "权重", "加权得分", "2022年目标", "期末目标完成情况"]
    assert [texts(row) for row in table.rows[3:]] == [
        ["7. 产业创新服务综合体", "1.00", "20.00", "3", "已完成"],
        ["9. 创业孵化面积", "1.00", "19.13", "34.1", "未完成"],
    ]
    assert note.text == (
        "无本单位目标的指标（不计分，不评估期末目标进展）：4. 累计新增高能级创新平台、5. 累计新增省级企业研究院、"
        "6. 累计引育海内外高层次人才、8. 创建未来社区数。"
    )
    charts = [x for s in indicator_sections(daluoshan, "DLS01", 2022).items for x in s.items if isinstance(x, Chart)]
    captions = {c.caption.split("（")[0]: c.caption for c in charts}
    # no target for the areas, and 龙湾片区 is itself the highest: the chart shows its values beside the corridor
    assert captions["累计新增高能级创新平台"] == "累计新增高能级创新平台（家）：历年数值（对比：走廊）"
    assert captions["技术交易额增速"] == "技术交易额增速（%）：历年数值与目标路径（对比：走廊，及该指标数值最高的片区）"


def test_a_park_asked_for_nothing_reads_no_zero_counts_and_one_row_of_inapplicable_targets(zcq, words):
    from sti_monitor.report.appendices import _rules_table
    from sti_monitor.report.brief_one_page import brief_page

    words("wenzhou-zcq")
    texts_ = [getattr(i, "text", "") for i in brief_page(zcq, "3303Z1", 2022)]
    assert "2022年，规划未对温州国家高新区（浙南科技城）设定15项主要指标的目标（均不适用），只列其数值。" in texts_
    rules = _rules_table(zcq, "3303Z1", 2022)
    assert len(rules.rows) == 1 and rules.rows[0][0].startswith("研发投入占生产总值的比重、研发人员数、")
    assert rules.rows[0][1:3] == ["—", "不适用"]
    zone = _rules_table(zcq, "3303Z0", 2022)  # ten goals of its own, five that do not apply in one row
    assert len(zone.rows) == 11 and zone.rows[-1][0] == (
        "研发人员数、科技型中小企业数、高新技术企业数、累计引进海内外高层次创新创业人才、"
        "投向科技创新创业的民间资本和创投资金累计规模"
    )


def test_the_final_brief_says_all_the_unlisted_targets_were_completed_without_a_zero(words, evaluated_plan):
    from sti_monitor.report.brief_one_page import brief_page

    jinzhou = evaluated_plan("jinzhou-2020")
    words("jinzhou")
    texts_ = [getattr(i, "text", "") for i in brief_page(jinzhou, "210727", 2020)]
    # 义县 2020: four targets missed (listed), the five others completed
    assert "表中未列的5项目标均已完成，见正文。" in texts_ and not [t for t in texts_ if "未完成0项" in t]
