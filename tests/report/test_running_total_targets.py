"""A running total whose plan sets a target for the whole only: every member's report says 不设分县（市、区）目标
(in the plan's words), never a silent 无目标."""

import pytest

from sti_monitor.report.brief import scorecard
from sti_monitor.report.sections import indicator_section


@pytest.fixture(scope="module")
def jinzhou(evaluated_plan):
    return evaluated_plan("jinzhou-2020")


@pytest.fixture(scope="module")
def daluoshan(evaluated_plan):
    return evaluated_plan("daluoshan-2022")


def _cells(table, number):
    row = next(r for r in table.rows if str(r[0]).startswith(f"{number}. "))
    return [getattr(c, "text", c) for c in row]


def test_a_county_report_says_the_plan_sets_no_county_target(jinzhou):
    # 累计引进创新创业领军人才 (5th): 100 by 2020 for the city, counted from 2016, baseline 2015
    cells = _cells(scorecard(jinzhou, "210702", 2020), 5)
    assert cells[3:6] == ["—", "—", "不设分县（市、区）目标"]
    ind = jinzhou.framework.indicator("leading_talents_cumulative")
    text = indicator_section(jinzhou, "210702", 2020, 5, ind).html()
    assert (
        "不设分县（市、区）目标：规划只设全市累计目标（2020年100人），累计数自2016年起算、2015年基期为0，"
        "无法按基期比例分解；不计分，只列数值"
    ) in text
    assert "缺少2015年基期数据" not in text  # not a data problem


def test_an_area_report_says_it_in_the_plans_words(daluoshan):
    cells = _cells(scorecard(daluoshan, "DLS01", 2022), 4)  # 累计新增高能级创新平台
    assert cells[-2:] == ["不设分片区目标", "1/6"]
    ind = daluoshan.framework.indicator("high_level_platforms_cumulative")
    text = indicator_section(daluoshan, "DLS01", 2022, 4, ind).html()
    assert "不设分片区目标：规划只设走廊累计目标（2022年20家），累计数自2020年起算、2019年基期为0" in text
