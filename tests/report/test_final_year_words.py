"""The plan's final year is a final evaluation everywhere (issue 23): every target is 已完成 or 未完成 (接近 is not
completed either) in the counts, the status boxes, the scorecard, the sections, the city's tables and its charts'
legends. jinzhou-2020's sample in 2020, counts by hand from its rows: 锦州市 达标 6, 接近 3, 未达标 2; 黑山县 达标 5,
未达标 4, 无目标 1 (累计引进领军人才), 不适用 1 (科技进步贡献率)."""

import pytest

from sti_monitor.ingest.units import load_units
from sti_monitor.paths import UNITS_DIR
from sti_monitor.report.brief import headlines, scorecard, status_boxes
from sti_monitor.report.elements import Chart, Paragraph
from sti_monitor.report.overview import _district_charts, status_table
from sti_monitor.report.rows import unit_rows
from sti_monitor.report.sections import indicator_sections
from sti_monitor.report.wording import speak_for


@pytest.fixture(scope="module")
def jinzhou(evaluated_plan):
    results = evaluated_plan("jinzhou-2020")
    speak_for(load_units(UNITS_DIR / "jinzhou.yaml"))
    yield results
    speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))


def cell_texts(table) -> set[str]:
    return {getattr(c, "text", c) for row in table.rows for c in row}


def test_the_counts_and_boxes_say_completed_or_not(jinzhou):
    assert headlines(jinzhou, "210700", 2020)[0] == ("2020年为规划期末，锦州市11项主要指标中，已完成6项、未完成5项。")
    assert headlines(jinzhou, "210726", 2020)[0] == (
        "2020年为规划期末，黑山县11项主要指标中，已完成5项、未完成4项、无目标1项、不适用1项。"
    )
    boxes = status_boxes(unit_rows(jinzhou, "210700", 2020), final=True).typst()
    assert '"已完成（项）"' in boxes and '"未完成（项）"' in boxes and "接近" not in boxes and "达标" not in boxes
    # a year before: the year's own words
    assert "接近目标" in headlines(jinzhou, "210700", 2019)[0]


def test_no_table_section_or_legend_of_the_final_year_says_near_or_met(jinzhou):
    words = cell_texts(scorecard(jinzhou, "210700", 2020)) | cell_texts(status_table(jinzhou, 2020))
    assert {"已完成", "未完成"} <= words and not words & {"达标", "接近", "未达标"}
    sections = " ".join(
        i.text for s in indicator_sections(jinzhou, "210700", 2020).items for i in s.items if isinstance(i, Paragraph)
    )
    assert "，未完成" in sections and "接近" not in sections and "已达标" not in sections
    assert "完成2020年目标" not in sections  # the year's target is the final one: 已完成 / 未完成 said once
    charts = [c for c in _district_charts(jinzhou, 2020, jinzhou.year_table(2020)) if isinstance(c, Chart)]
    legends = "".join(c.svg for c in charts)
    sentences = [p.text for p in _district_charts(jinzhou, 2020, jinzhou.year_table(2020)) if isinstance(p, Paragraph)]
    # R&D intensity 2020: 黑山县 alone completed (1.16% of 1.15%, 100.3%); 太和区, 凌海市 and 北镇市 接近 and 古塔区,
    # 凌河区 and 义县 未达标: six not completed
    assert sentences[0].startswith(
        "2020年为规划期末，1个县（市、区）全社会R&D投入占地区生产总值的比重已完成目标，6个未完成；"
    )
    assert "已完成" in legends and "未完成" in legends and "接近" not in legends and "达标" not in legends


def test_the_ranking_has_no_column_that_ranks_nobody(jinzhou):
    from sti_monitor.report.overview import city_ranking

    # 10. 科技进步贡献率 is the city's alone (no county reports it): its column would be — for all seven
    table = city_ranking(jinzhou, 2020)
    assert table.header[-10:] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "11"] and "10" not in table.header
    assert all(len(row) == len(table.header) for row in table.rows)
