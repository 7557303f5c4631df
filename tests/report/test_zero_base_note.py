"""A member target that cannot be apportioned because the whole's baseline is 0 says so; it does not call
a zero a gap in the data (daluoshan-2022: the corridor had no 未来社区 in 2019)."""

import pytest

from sti_monitor.report.appendices import appendix


@pytest.fixture(scope="module")
def daluoshan(evaluated_plan):
    return evaluated_plan("daluoshan-2022")


def test_an_area_report_says_the_corridor_baseline_is_zero(daluoshan):
    text = appendix(daluoshan, "DLS01", 2022).html()  # 附表3 目标来源
    assert "走廊2019年基期值为0，无法按基期比例分解目标" in text
    assert "缺少2019年基期数据" not in text
