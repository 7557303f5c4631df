"""Report elements of the assessment: statistically level districts, the rank-interval chart, the rules."""
import re

import pandas as pd
import pytest

from sti_monitor.measure.results import evaluate
from sti_monitor.paths import SAMPLE_DATA_DIR
from sti_monitor.report.assessment import assessment_rules, city_assessment, level_with, rank_interval_chart, unit_assessment


def intervals(rows):
    return pd.DataFrame(rows, columns=["unit_code", "unit_name", "rank_p05", "rank_median", "rank_p95"]).set_index("unit_code")


def test_level_with_is_overlap_of_intervals():
    scores = intervals([("A", "甲", 1, 1, 2), ("B", "乙", 2, 3, 4), ("C", "丙", 5, 5, 6), ("D", "丁", 3, 4, 5),
                        ("Z", "园", None, None, None)])
    assert level_with(scores, "A") == ["乙"]            # [1, 2] meets [2, 4] at 2
    assert level_with(scores, "C") == ["丁"]
    assert level_with(scores, "B") == ["甲", "丁"]      # best median first
    assert level_with(scores, "Z") == []


def test_rank_interval_chart_draws_one_dot_per_ranked_district_best_first():
    scores = intervals([("B", "乙", 2, 3, 4), ("A", "甲", 1, 1, 2), ("Z", "园", None, None, None)])
    svg = rank_interval_chart(scores)
    assert svg.count("<circle") == 2
    assert svg.index(">甲<") < svg.index(">乙<")
    assert "第4位" in svg and "第1位" in svg


@pytest.fixture(scope="module")
def results():
    return evaluate(SAMPLE_DATA_DIR)


def test_unit_block_states_score_grade_rank_interval_and_trajectories(results):
    text = unit_assessment(results, "330328", 2023).items[0].text
    s = results.scores.set_index(["unit_code", "year"]).loc[("330328", 2023)]
    assert f"考核总分{s['assessment_score']:.2f}分，等次为{s['grade']}" in text
    assert f"排第{s['assessment_rank']}位" in text
    assert f"第{s['rank_p05']}—{s['rank_p95']}位" in text
    assert f"属“{s['group']}”梯队" in text
    counts = re.search(r"已达成(\d+)项，进展顺利(\d+)项，需加快(\d+)项，进展有限(\d+)项，退步(\d+)项，无法评估(\d+)项", text)
    assert sum(map(int, counts.groups())) == 9


def test_city_block_has_table_chart_and_a_sentence_per_group(results):
    items = city_assessment(results, 2023).items
    assert items[0].text == "五、考核与综合指数"
    table = items[2]
    assert len(table.rows) == 15 and table.rows[0][0] == "1"
    assert any(type(i).__name__ == "Chart" for i in items)
    sentences = items[-1].items
    assert [s[1:3] for s in sentences] == ["领先", "较强", "中等", "追赶"]


def test_rules_state_every_threshold(results):
    text = "".join(assessment_rules(results).items[1].items)
    for words in ("min(max(完成率, 0), 1)", "优秀（≥ 90分，且无未达标指标", "良好（≥ 80分）", "不合格", "3倍标准差", "75%", "领先（≥ 125）", "追赶",
                  "1000次", "第5、第95百分位", "R ≥ 0.95", "0.6 ≤ R < 0.95", "无法评估", "技术交易额除以地区生产总值"):
        assert words in text, words


def test_a_plan_without_bands_shows_score_and_rank_without_grade_words(tmp_path):
    from sti_monitor.tools.synth import make_plan_sample

    r = evaluate(make_plan_sample("daluoshan-2022", tmp_path / "d"), "daluoshan-2022")
    text = unit_assessment(r, "DLS03", 2022).items[0].text
    assert "考核总分" in text and "排第" in text and "等次" not in text
    rules = "".join(assessment_rules(r).items[1].items)
    assert "规划未设考核等次" in rules and "优秀" not in rules
