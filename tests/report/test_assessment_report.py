"""Report elements of the assessment: statistically level districts, the rank-interval chart, the rules."""

import pandas as pd
import pytest

from sti_monitor.report.assessment import (
    city_assessment,
    level_with,
    rank_interval_chart,
    unit_assessment,
)
from sti_monitor.report.rules_appendix import assessment_rules


def intervals(rows):
    return pd.DataFrame(rows, columns=["unit_code", "unit_name", "rank_p05", "rank_median", "rank_p95"]).set_index(
        "unit_code"
    )


def test_level_with_is_overlap_of_intervals():
    scores = intervals(
        [
            ("A", "甲", 1, 1, 2),
            ("B", "乙", 2, 3, 4),
            ("C", "丙", 5, 5, 6),
            ("D", "丁", 3, 4, 5),
            ("Z", "园", None, None, None),
        ]
    )
    assert level_with(scores, "A") == ["乙"]  # [1, 2] meets [2, 4] at 2
    assert level_with(scores, "C") == ["丁"]
    assert level_with(scores, "B") == ["甲", "丁"]  # best median first
    assert level_with(scores, "Z") == []


def test_rank_interval_chart_draws_one_dot_per_ranked_district_best_first():
    scores = intervals([("B", "乙", 2, 3, 4), ("A", "甲", 1, 1, 2), ("Z", "园", None, None, None)])
    svg = rank_interval_chart(scores)
    assert svg.count("<circle") == 2
    assert svg.index(">甲<") < svg.index(">乙<")
    assert "第4位" in svg and "第1位" in svg


@pytest.fixture(scope="module")
def results(evaluated_sample):
    return evaluated_sample


def test_unit_block_states_score_grade_rank_interval_and_outlooks(results):
    # 文成县 2023 of data/sample: nine indicators of equal weight 100/9 = 11.11 points each, scaled by the
    # completion (capped at 1): R&D intensity 1.69/159.34 = 1.06% against 1.09 (97.0%) -> 10.77 points;
    # researchers 785/15.03 = 52.2 against 55.5 (94.0%) -> 10.45; tech SMEs 129 against the task table's 121 -> 11.11
    # 良好, not 优秀: 97.86 >= 90 but two targets are 未达标 (researchers, new incubator area 1.2 against 1.29),
    # and 优秀 needs none. Outlooks: growth 16.5% against 15 met (已达成); the three other met targets and
    # technology transactions (a flow, 1.69 near 1.70: not 已达成) on track; three limited; high-tech share fell.
    block = unit_assessment(results, "330328", 2023)
    assert block.items[0].text == (
        "2023年，文成县考核总分97.86分，等次为良好，按考核总分在12个县（市、区）中排第1位。综合指数为25.6（全市=100），"
        "属“追赶”梯队；以2022年全市水平为100计，综合得分较2022年提高5.0点。文成县按综合指数排第11位；"
        "在1000次随机改变指标权重与标准化方法的模拟中，其综合指数名次的中位数为第11位，"
        "90%的模拟落在第8—11位。综合指数名次区间与鹿城区、永嘉县、龙港市、苍南县、洞头区重叠，统计上处于同一水平，"
        "名次差异不宜过度解读。对照2027年期末目标：已达成1项，进展顺利4项，需加快0项，进展有限3项，退步1项，无法评估0项。"
    )
    rows = [[getattr(c, "text", c) for c in row] for row in block.items[1].rows]
    assert rows[0] == ["1. R&D经费投入强度", "1.00", "10.77", "1.38", "进展有限", "0.11"]
    # the final target as the sentences print it (64.8, not 65 in one place and 64.8 in another)
    assert rows[1] == ["2. 万名就业人员研发人员", "1.00", "10.45", "64.8", "进展有限", "0.48"]
    # tech SMEs: the 2027 target decomposed, 111 × the city's ratio = 166.12, a count so 167; R geometric:
    # (129 ÷ 111 − 1) ÷ ((167 ÷ 111)^(1/5) − 1) = 0.16216 ÷ 0.08512 = 1.91
    assert rows[4] == ["5. 省科技型中小企业数", "1.00", "11.11", "167", "进展顺利", "1.91"]
    assert rows[8] == ["9. 高新技术产业投资增速", "1.00", "11.11", "15.0", "已达成", "—"]


def test_city_block_has_table_chart_and_a_sentence_per_group(results):
    items = city_assessment(results, 2023).items
    assert items[0].text == "五、考核与综合指数"
    # no county is 优秀, and the page says why: by the statuses of each county's nine scored targets, every one has
    # at least one 未达标 (瓯海区 one, 鹿城区 four …), eight have fewer than five met (龙湾 3, 洞头 2, 永嘉 4, 苍南 3,
    # 文成 4, 泰顺 3, 瑞安 4, 龙港 4), and five score under 90 (泰顺 89.51, 洞头 89.19, 永嘉 89.04, 龙港 87.44, 鹿城 86.54)
    assert (
        "2023年没有县（市、区）评为“优秀”：“优秀”需考核总分不低于90分，且无未达标指标（无数据的指标按未达标计）、"
        "达标指标不少于计分指标的50%；12个县（市、区）中，考核总分低于90分的5个，有未达标指标的12个，"
        "达标指标不足计分指标50%的8个（同一县（市、区）可能同时属于几种情况）。"
    ) in items[1].text
    table = items[2]
    assert table.header == [
        "考核名次（按考核总分）",
        "单位",
        "考核总分",
        "等次",
        "综合指数",
        "梯队",
        "较基期变化",
        "综合指数名次（模拟90%区间）",
    ]
    assert len(table.rows) == 15
    assert table.rows[0] == ["1", "文成县", "97.86", "良好", "25.6", "追赶", "5.0", "11（8—11）"]
    assert table.rows[11] == ["12", "鹿城区", "86.54", "良好", "68.8", "追赶", "1.0", "6（5—9）"]
    # the city: 94.08 but new incubator area and high-tech investment growth 未达标, so 良好 (优秀 needs none)
    assert table.rows[14] == ["—", "温州市", "94.08", "良好", "100.0", "—", "9.7", "—"]
    assert any(type(i).__name__ == "Chart" for i in items)
    assert items[-1].items == [
        "“领先”梯队（≥ 125）2个：龙湾区（161.2）、乐清市（134.8）。",
        "“较强”梯队（100—125）2个：瑞安市（117.2）、瓯海区（108.0）。",
        "“中等”梯队（70—100）1个：平阳县（82.0）。",
        "“追赶”梯队（< 70）7个：鹿城区（68.8）、永嘉县（66.6）、龙港市（62.5）、苍南县（51.4）、洞头区（32.9）、文成县（25.6）、"
        "泰顺县（11.8）。",
    ]


def test_rules_state_every_threshold(results):
    text = "".join(assessment_rules(results).items[1].items)
    for words in (
        "min(max(完成率, 0), 1)",
        "优秀（≥ 90分，且无未达标指标",
        "良好（≥ 80分）",
        "不合格",
        "3倍标准差",
        "75%",
        "领先（≥ 125）",
        "追赶",
        "1000次",
        "第5、第95百分位",
        "R ≥ 0.95",
        "0.6 ≤ R < 0.95",
        "无法评估",
        "技术交易额除以地区生产总值",
    ):
        assert words in text, words


def test_a_plan_without_bands_shows_score_and_rank_without_grade_words(evaluated_plan):

    r = evaluated_plan("daluoshan-2022")
    text = unit_assessment(r, "DLS03", 2022).items[0].text
    assert "考核总分" in text and "排第" in text and "等次" not in text
    rules = "".join(assessment_rules(r).items[1].items)
    assert "规划未设考核等次" in rules and "优秀" not in rules
    # daluoshan transforms no indicator: one plain sentence, not "各指标先做变换（无；其余指标取原值）"
    assert "综合指数：各指标均取原值，不做变换。" in rules and "（无；" not in rules


def test_the_final_year_rules_define_no_pace(evaluated_plan):
    """daluoshan-2022's 2022 is its final year: its outlook is only 已完成 or 未完成, so the appendix defines no R,
    no 进展顺利 / 需加快 / 进展有限; a year before the end keeps the pace rules."""

    r = evaluated_plan("daluoshan-2022")
    final = assessment_rules(r, 2022)
    assert final.items[0].text == "考核、综合指数与期末目标完成情况的计算规则"
    text = "".join(final.items[1].items)
    assert "期末目标完成情况：2022年为规划期末，每项目标只判“已完成”" in text
    for word in ("需加快", "进展顺利", "进展有限", "退步", "接近", "R ≥"):
        assert word not in text, word
    earlier = assessment_rules(r, 2021)
    assert earlier.items[0].text == "考核、综合指数与期末目标进展的计算规则"
    assert "0.6 ≤ R < 0.95为“需加快”" in "".join(earlier.items[1].items)


def test_a_plan_of_one_unit_in_its_final_year_heads_no_index(evaluated_plan):
    """xinchang-2025 is one county (nothing to index it against) and 2025 its final year: the headings say
    考核与期末目标完成情况, never 综合指数 or 进展; wenzhou-2027's 2023 keeps the full heading."""
    from sti_monitor.report.assessment import assessment_heading

    xinchang = evaluated_plan("xinchang-2025")
    assert assessment_heading(xinchang, 2025).text == "考核与期末目标完成情况"
    assert assessment_heading(xinchang, 2024).text == "考核与期末目标进展"
    assert assessment_rules(xinchang, 2025).items[0].text == "考核与期末目标完成情况的计算规则"
    assert assessment_heading(evaluated_plan("jinzhou-2020"), 2020).text == "考核、综合指数与期末目标完成情况"


def test_a_ratio_below_zero_is_shown_below_zero_beside_its_class(results):
    """温州海经区 2023: R&D intensity 2.08% against 2.09% in 2022 (R = −0.0045) is 退步; the table showed R 0.00
    beside it. R is shown rounded down, so that it never crosses its class's boundary."""
    row = unit_assessment(results, "330371", 2023).items[1].rows[0]
    assert [getattr(c, "text", c) for c in row] == ["1. R&D经费投入强度", "1.00", "10.70", "2.72", "退步", "-0.01"]


def test_a_change_over_fewer_indicators_than_the_index_says_so(evaluated_plan, words):
    """鹿城区 (wenzhou-zcq-2022): its index went 46.1 (2017) → 54.8 (2022) of the city's, yet its score rose 29.6
    points of the 2017 city's: the change rests on the 4 indicators it had in both years (its two running totals
    start in 2018), the index on 6; said beside the number, not left as a contradiction."""
    words("wenzhou-zcq")
    text = unit_assessment(evaluated_plan("wenzhou-zcq-2022"), "330302", 2022).items[0].text
    assert (
        "综合得分较2017年提高29.6点（按两年均有数据的4项指标计算，与当年综合指数所用指标不同，两者不宜直接比较）。"
        in text
    )
