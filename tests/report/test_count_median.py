"""A median of whole counts prints as a count does: 1.5 家 when the middle falls between two areas, never
1.50 家 (daluoshan-2022 龙湾片区, 创建（培育）产业创新服务综合体数: areas 3, 2, 2, 1, 1, 1)."""

import pytest

from sti_monitor.report.sections import indicator_section


@pytest.fixture(scope="module")
def daluoshan(evaluated_plan):
    return evaluated_plan("daluoshan-2022")


def test_a_half_count_median_has_one_decimal(daluoshan):
    ind = daluoshan.framework.indicator("innovation_service_complexes")
    text = indicator_section(daluoshan, "DLS01", 2022, 7, ind).html()
    assert "片区中位数为1.5家" in text
    assert "1.50家" not in text


def test_a_whole_count_median_has_none(daluoshan):
    ind = daluoshan.framework.indicator("future_communities")
    text = indicator_section(daluoshan, "DLS01", 2022, 8, ind).html()
    assert "片区中位数为1个" in text


def test_a_large_half_count_median_keeps_three_significant_digits(daluoshan):
    # 有效高新技术企业数: the six areas' median is 139.5 家, printed 140 家 as before (three significant digits)
    ind = daluoshan.framework.indicator("hitech_enterprises")
    assert "片区中位数为140家" in indicator_section(daluoshan, "DLS01", 2022, 1, ind).html()
