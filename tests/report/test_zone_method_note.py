"""A zone's report says in its 口径说明 how the zone's own values are made: the sum of its parks. The city's
sentence alone (全市数值由12个县（市、区）…) left a zone official asking where the zone's numbers come from."""

import pytest

from sti_monitor.report.appendices import appendix


@pytest.fixture(scope="module")
def zcq(evaluated_plan):
    return evaluated_plan("wenzhou-zcq-2022")


def test_the_zone_report_says_it_is_the_sum_of_its_parks(zcq):
    text = appendix(zcq, "3303Z0", 2022).html()
    assert (
        "温州国家自主创新示范区的数值由其6个组成单位（温州国家高新区（浙南科技城）、浙南产业集聚区核心区、"
        "瓯江口产业集聚区核心区、温州高教园区、乐清智能电气高新园区、瑞安智能装备高新园区）的分子、分母分别加总后计算。"
    ) in text


def test_a_park_and_the_city_say_no_such_thing(zcq):
    assert "组成单位" not in appendix(zcq, "3303Z1", 2022).html()
    assert "组成单位" not in appendix(zcq, "330300", 2022).html()
