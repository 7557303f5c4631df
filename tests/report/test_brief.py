"""The one-page brief and the to-do list to the final year, read as text (no PDF): 文成县 and 温州市 in 2023
of the sample data, numbers checked by hand against the sample workbooks' values."""

import re

import pytest

from sti_monitor.errors import ConfigError
from sti_monitor.ingest import load_units
from sti_monitor.measure.results import Results
from sti_monitor.paths import UNITS_DIR
from sti_monitor.report.brief_one_page import brief_page, final_year_part
from sti_monitor.report.context import peer_groups, trend_table
from sti_monitor.report.elements import Bullets, Heading, Table
from sti_monitor.report.todo import todos


@pytest.fixture(scope="module")
def results(evaluated_sample):
    return evaluated_sample


def _texts(cell_rows):
    return [[getattr(c, "text", c) for c in row] for row in cell_rows]


def test_the_most_urgent_targets_come_first(results):
    # 文成县 2023: behind are incubator area (1.20 of 1.29: 93.0%) and R&D personnel (52.2 of 55.5: 94.0%); near are
    # R&D intensity (97.0%), high-tech value added share (97.5%) and technology transactions (99.3%); every target
    # met is on track or achieved, so nothing met is at risk
    assert [t.indicator.id for t in todos(results, "330328", 2023)] == [
        "incubator_area_new",
        "rd_personnel_per_10k",
        "rd_gdp_ratio",
        "hitech_va_share",
        "tech_transactions",
    ]


def test_the_brief_of_a_county(results):
    items = list(brief_page(results, "330328", 2023))
    assert items[0] == Heading("内容提要：文成县2023年", 2)
    bullets = next(i for i in items if isinstance(i, Bullets)).items
    assert bullets == [
        "年新增孵化器（众创空间）孵化场地面积：2023年为1.20万平方米，目标1.29万平方米，完成93.0%，未达到本年目标；"
        "2027年目标（1.08万平方米）已达到，本年度目标仍需完成。",
        "每万名就业人员中研发人员：2023年为52.2人年，目标55.5人年，完成94.0%，未达到本年目标；到2027年需达到64.8人年，"
        "每年提高3.1人年。",  # (64.8 − 785 / 15.0) / 4 = 3.12, at the row's one decimal, as its section prints it
        "R&D经费占地区生产总值的比重：2023年为1.06%，目标1.09%，完成97.0%，未达到本年目标；到2027年需达到1.38%，"
        "每年提高0.08个百分点。",
    ]
    todo = [i for i in items if isinstance(i, Table)][-1]
    assert todo.header == [
        "指标",
        "2023年实际",
        "2023年目标",
        "完成率 / 差距",
        "状态 / 进展",
        "2027年目标",
        "今后每年需",
    ]
    # R&D intensity: (1.377 − 1.061) / 4 years = 0.079 points a year, at the indicator's two decimals
    assert _texts(todo.rows)[2] == [
        "R&D经费投入强度",
        "1.06%",
        "1.09%",
        "97.0%",
        "接近",
        "1.38%",
        "每年提高0.08个百分点",
    ]
    # technology transactions: (2.887 / 1.69)^(1/4) − 1 = 14.3% a year
    assert _texts(todo.rows)[4][-1] == "每年增长14.3%"


def test_the_trend_of_rank_and_index(results):
    table = trend_table(results, "330328", 2023)
    assert table.header == ["项目", "2021年", "2022年", "2023年"]
    # no assessment before 2023 (no targets), first of 12 by score in 2023; index 7.7, 21.7, 25.6, 11th of 12
    assert _texts(table.rows) == [
        ["考核名次", "—", "—", "1/12"],
        ["考核总分", "—", "—", "97.86"],
        ["综合指数", "7.7", "21.7", "25.6"],
        ["综合指数位次", "11/12", "11/12", "11/12"],
        ["梯队", "追赶", "追赶", "追赶"],
    ]
    assert trend_table(results, "330300", 2023) is None  # the city is not ranked


def test_the_city_gets_a_table_of_what_must_happen_by_the_final_year(results):
    items = list(final_year_part(results, None, 2023))
    assert items[0] == Heading("到2027年需实现的目标", 2)
    rows = _texts(items[1].rows)
    assert len(rows) == 9
    # 166.9 万平方米 of incubators built against 150 for 2027: reached, never a negative yearly rise
    assert rows[7] == ["8. 新增孵化场地面积", "万平方米", "166.9", "150.0", "已达到期末目标", "进展有限"]
    assert rows[0] == ["1. R&D经费投入强度", "%", "2.72", "3.40", "每年提高0.17个百分点", "需加快"]


def test_the_final_year_lists_what_was_missed_and_no_pace(evaluated_plan):
    final = evaluated_plan("xinchang-2025")
    items = list(brief_page(final, None, 2025))
    text = "".join(
        str(getattr(i, "text", "")) + "".join(getattr(i, "items", [])) for i in items if not isinstance(i, Table)
    )
    table = [i for i in items if isinstance(i, Table)][-1]
    assert "规划期末" in text and "今后" not in text and "每年" not in text
    assert table.header[-1] == "结果"
    # the table agrees with "6项目标已完成、3项未完成": the binding targets only; the two aspirations reached
    # (科技型中小企业 1,435 of 1,366, 数字经济 62.72 of 59.72) are named with the two missed under it, never as 已完成
    results = [r[-1].text for r in table.rows]
    assert "2025年为规划期末，新昌县13项主要指标中，已完成6项、未完成3项、未达力争目标2项、已实现力争目标2项。" in text
    assert "接近" not in text and "达标" not in text  # 接近 is 未完成 too: the final year says nothing else
    assert sorted(results) == ["已完成"] * 6 + ["未完成"] * 3
    assert list(final_year_part(final, None, 2025)) == []


def test_size_and_place_among_peers(results):
    items = list(brief_page(results, "330302", 2023))
    # GDP 2023: 鹿城区 1,189.09 亿元 of the twelve districts' 8,571.25 (13.9%); 市区 by score: 瓯海区 97.38 first,
    # 鹿城区 86.54 last of four
    assert items[4].text == (
        "基本情况：2023年地区生产总值1,189.09亿元（占温州市的13.9%）。"
        "在市区（鹿城区、龙湾区、瓯海区、洞头区）中，按考核总分居第4位（共4个），最高为瓯海区（97.38分）。"
    )
    city = list(brief_page(results, None, 2023))
    assert "基本情况：2023年地区生产总值8,571.25亿元。" in [getattr(i, "text", "") for i in city]


def test_a_peer_group_naming_no_unit_is_an_error_naming_it(results, tmp_path):
    units = tmp_path / "units.yaml"
    units.write_text(
        (UNITS_DIR / "wenzhou.yaml").read_text(encoding="utf-8").replace("泰顺县]", "泰顺]"), encoding="utf-8"
    )
    other = Results(results.framework, load_units(units), results.dataset, results.table, results.scores)
    with pytest.raises(ConfigError, match="“泰顺”不是本文件中的单位"):
        peer_groups(other)


@pytest.fixture(scope="module")
def zcq(evaluated_plan):
    return evaluated_plan("wenzhou-zcq-2022")


def test_a_park_asked_for_no_target_gets_no_to_do_list(zcq):
    items = list(brief_page(zcq, "3303Z5", 2022))
    assert (
        items[-2].text
        == "2022年没有适用于乐清智能电气高新园区并有数据可评价的目标，因此不列任务清单；各项指标的数值见正文。"
    )
    assert not [i for i in items if isinstance(i, (Table, Bullets))]
    assert "已完成" not in "".join(getattr(i, "text", "") for i in items)


def test_with_one_year_left_the_rise_is_what_is_still_needed(zcq):
    # 2021, a year before the plan's end: 6,814 high-level talents of the 10,000 due in 2022, 3,186 still needed
    table = [i for i in brief_page(zcq, None, 2021) if isinstance(i, Table)][-1]
    row = next(r for r in _texts(table.rows) if r[0] == "累计引进高层次人才")
    assert row[1:] == ["6,814人", "8,000人", "85.2%", "未达标", "10,000人", "还需提高3,186人"]


def test_a_long_to_do_list_is_cut_to_what_fits_the_page_and_says_how_many_more(results, monkeypatch):
    from sti_monitor.report import brief_one_page as brief

    monkeypatch.setattr(brief, "BRIEF_ROWS_WITH_TREND", 2)  # 文成县 has a trend table and five targets to do
    items = list(brief_page(results, "330328", 2023))[:-1]  # the last: the page break after the brief
    assert [r[0] for r in _texts(items[-2].rows)] == ["新增孵化场地面积", "万名就业人员研发人员"]
    assert items[-1].text.startswith("另有3项未达标或进度不足的目标，见正文各指标。“每年需”")


def test_the_largest_gap_is_chosen_among_missed_targets_growth_rates_included(results):
    from sti_monitor.report.brief import headlines

    # 鹿城区 2023: high-tech investment grew −2.5% against 15.0% (−2.5 / 15 below every level's completion)
    gap = [h for h in headlines(results, "330302", 2023) if h.startswith("差距最大")]
    assert gap == [
        "差距最大的是高新技术产业投资增速，为-2.5%，目标为15.0%，低于目标17.5个百分点；2027年目标为增长15.0%。"
    ]


def test_the_final_year_names_the_missed_binding_targets_first_and_no_aspiration(evaluated_plan):
    from sti_monitor.report.brief import headlines

    final = evaluated_plan("xinchang-2025")
    found = headlines(final, None, 2025)
    # 劳动生产率 23.5 of 25.0 (94.1%) is the one 未达标; 人才 13.6 of 14.0 and 科技服务业 34.7 of 35.0 are 接近
    assert found[1] == "全社会劳动生产率：2025年为23.5万元/人，目标25.0万元/人，完成94.1%，未完成。"
    assert found[2].startswith("人才资源总量：") and found[3].startswith("科技服务业营业收入占")
    assert not [h for h in found[1:] if "力争" in h or "今后" in h or "差距最大" in h]
    # 2024: technology transactions (力争) are further off, but 劳动生产率 is a binding target missed
    assert [h for h in headlines(final, None, 2024) if h.startswith("差距最大")][0].startswith(
        "差距最大的是全社会劳动生产率"
    )


def test_an_indicator_that_does_not_apply_is_no_missing_data(evaluated_plan):
    from sti_monitor.report.brief import summary

    jinzhou = evaluated_plan("jinzhou-2020")
    # 古塔区 is not asked for the contribution of technological progress: 不适用 in its row, no 未报送 note
    rows = jinzhou.unit_table("210702", 2020).set_index("indicator")
    assert rows.loc["tech_progress_contribution", "status"] == "not_applicable"
    assert rows.loc["tech_progress_contribution", "note"] == ""
    assert "未报送" not in "".join(getattr(i, "text", "") for i in summary(jinzhou, "210702", 2020))


def test_a_growth_rate_named_as_the_largest_gap_is_not_said_twice(results):
    from sti_monitor.report.brief import headlines

    # 温州市 2023: 高新技术产业投资增速 8.9% against 15.0% (6.1 points short) is the largest gap; its growth-rate
    # finding would repeat the same numbers
    found = headlines(results, None, 2023)
    assert sum("高新技术产业投资增速" in h for h in found) == 1
    assert any(
        h.startswith("差距最大的是高新技术产业投资增速，为8.9%，目标为15.0%，低于目标6.1个百分点") for h in found
    )


def test_the_final_years_aspirations_are_named_reached_and_missed_together(evaluated_plan, words):
    """xinchang-2025's 2025: four 力争倍增 aspirations, two reached (科技型中小企业 1,435 against 1,366; 数字经济
    62.72 against 59.72) and two not, and 每万人高价值发明专利's 力争40 beside its 确保30 (31.6: not reached); the table of the plan's targets lists the nine binding targets only, and
    one sentence names the aspirations both ways (it listed the two reached as if completed and hid the others)."""
    words("xinchang")
    items = list(brief_page(evaluated_plan("xinchang-2025"), None, 2025))
    table = next(i for i in items if isinstance(i, Table))
    numbers = [str(getattr(row[0], "text", row[0])).split(".")[0] for row in table.rows]
    assert numbers == ["1", "2", "5", "7", "8", "9", "11", "12", "13"]
    assert (
        "力争目标（不计入已完成或未完成）：已实现2项（4. 科技型中小企业数、10. 数字经济核心产业增加值）；"
        "未实现3项（3. 高新技术企业数、6. 技术交易总额、9. 每万人高价值发明专利拥有量的力争目标）。"
    ) in [getattr(i, "text", "") for i in items]


def test_a_rise_below_the_last_digit_is_said_once_one_way(results):
    """温州海经区 2023: 3.87 万平方米 of new incubator area, 3.89 needed in 2027: 0.005 a year, below the
    indicator's 0.01. The brief said 0.005 and the section 0.01 (twice what is needed); both say 不足0.01 now."""
    from sti_monitor.report.sections import indicator_sections

    brief = "".join(
        str(getattr(i, "text", "")) + "".join(map(str, getattr(i, "items", [])))
        for i in brief_page(results, "330371", 2023)
    )
    assert "到2027年需达到3.89万平方米，每年提高不足0.01万平方米。" in brief
    section = "".join(
        str(getattr(x, "text", "")) for s in indicator_sections(results, "330371", 2023).items for x in s.items
    )
    assert "要实现2027年目标（3.89万平方米），今后需年均提高不足0.01万平方米" in section
    assert "0.005" not in brief + section


def test_the_boxes_add_up_to_the_indicators_counted(evaluated_plan):
    """义县 2020 (jinzhou-2020's final year): 11 indicators, 5 completed, 4 not, 1 without a target of its own and
    1 not applying; the boxes showed 5, 4 and 1 (10 of 11), leaving out 无目标."""
    from sti_monitor.report.brief import status_boxes
    from sti_monitor.report.rows import unit_rows

    boxes = status_boxes(unit_rows(evaluated_plan("jinzhou-2020"), "210727", 2020), True)
    assert re.findall(r">([^<>]+ \d+ 项)<", boxes.html_source) == [
        "已完成 5 项",
        "未完成 4 项",
        "无目标 1 项",
        "不适用 1 项",
    ]


def test_a_park_asked_for_nothing_gets_no_boxes_of_zero(evaluated_plan):
    """温州国家高新区 (3303Z1, wenzhou-zcq-2022): none of the 15 targets applies to it; its brief showed a green
    "0 已完成" and a red "0 未完成" box beside "15 不适用"."""
    from sti_monitor.report.brief import status_boxes
    from sti_monitor.report.rows import unit_rows

    boxes = status_boxes(unit_rows(evaluated_plan("wenzhou-zcq-2022"), "3303Z1", 2022), True)
    assert re.findall(r">([^<>]+ \d+ 项)<", boxes.html_source) == ["不适用 15 项"]
