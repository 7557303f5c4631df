"""A chart prints a number as the text does and stays readable (issue 23): value labels at the precision of their
row (one printing per number: chart, appendix and text), never on a marker nor cut at the plot's edge, the
target path drawn over a line it meets, and the axes' units read horizontally."""

import re
import xml.etree.ElementTree as ET

import pytest

from sti_monitor.measure import load_framework
from sti_monitor.measure.results import evaluate
from sti_monitor.paths import SAMPLE_DATA_DIR
from sti_monitor.report.appendices import appendix
from sti_monitor.report.charts import target_path_chart
from sti_monitor.report.elements import Chart, Paragraph, Table
from sti_monitor.report.sections import indicator_sections
from sti_monitor.report.svgchart import Line, line_chart

SVG = "{http://www.w3.org/2000/svg}"
COUNT = next(i for i in load_framework("daluoshan-2022").indicators if i.unit == "个")


@pytest.fixture(scope="module")
def results():
    return evaluate(SAMPLE_DATA_DIR)


def texts(svg: str) -> list:
    return list(ET.fromstring(svg).iter(f"{SVG}text"))


def value_labels(svg: str) -> dict[str, str]:
    """Each value label by the year under it (the year label nearest to it)."""
    all_texts = texts(svg)
    years = {float(t.get("x")): t.text for t in all_texts if re.fullmatch(r"\d{4}年", t.text or "")}
    return {
        years[min(years, key=lambda x: abs(x - float(t.get("x"))))]: t.text
        for t in all_texts
        if t.get("stroke") == "white"
    }


def test_a_chart_label_prints_the_value_as_the_text_does(results):
    # 温州市 2023: 70,005 人年 of R&D personnel over 584 万 employed = 119.9 per 10,000, printed 119.9 in the text;
    # the chart's label read 120 (three significant digits of its own)
    section = indicator_sections(results, "330300", 2023).items[1]
    chart = next(i for i in section.items if isinstance(i, Chart))
    paragraph = next(i.text for i in section.items if isinstance(i, Paragraph))
    assert "研发人员为119.9人年" in paragraph
    assert value_labels(chart.svg)["2023年"] == "119.9"


def test_the_appendix_prints_a_source_cell_that_is_the_indicator_as_the_text_does(results):
    # 温州市 2023: the districts' new incubator area adds up to 166.9 万平方米, the city's value in every table;
    # 附表 2 printed 167
    raw = [i for i in appendix(results, "330300", 2023).items if isinstance(i, Table)][1]
    row = next(r for r in raw.rows if r[0] == "新增孵化场地面积" and r[2] == "2023")
    assert row[3] == "166.9"


def boxes_of(svg: str):
    """The value labels' text and baseline, and the markers' centres (circles), of a chart."""
    root = ET.fromstring(svg)
    labels = [
        (t.text, float(t.get("x")), float(t.get("y")), t.get("text-anchor")) for t in texts(svg) if t.get("stroke")
    ]
    markers = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    return labels, markers


def test_a_label_never_sits_on_a_target_marker_and_stays_inside_the_plot():
    # 2023: the value 10.0 with its target 10.5 just above it (on an axis from 0, within a label's height): the
    # label goes below (it was drawn above, over the target's triangle)
    target = Line("目标", [(2021, 2.0), (2022, 6.0), (2023, 10.5)], "#c62828", 1.2, "5,3", "triangle", on_top=True)
    unit = Line("某县", [(2021, 2.0), (2022, 6.0), (2023, 10.0)], "#1f4e9c", 2.2, labels=True)
    svg = line_chart([target, unit], [2021, 2022, 2023], y_unit="%")
    labels, markers = boxes_of(svg)
    (_, x, y, anchor) = next(label for label in labels if label[0] == "10")
    point_x, point_y = markers[-1]  # the last circle: 2023's value
    assert (x, anchor) == (point_x, "middle") and y > point_y + 10  # below the point, not on the target above it
    # the value at the top of a flat axis with its target on it: the label may not leave the plot upwards
    flat = Line("某县", [(2022, 5.0), (2023, 5.0)], "#1f4e9c", 2.2, labels=True)
    svg = line_chart([Line("目标", [(2023, 5.0)], "#c62828", 1.2, marker="triangle", on_top=True), flat], [2022, 2023])
    assert all(label[2] - 11 >= 40 - 8 for label in boxes_of(svg)[0])  # the plot starts at 40


def test_the_target_path_is_drawn_over_a_line_that_meets_it():
    # a zone whose targets are its own values (3303Z0's paths start at its base year's value)
    years = __import__("pandas").Series({2021: 10.0, 2022: 12.0})
    svg = target_path_chart("温州国家自主创新示范区", COUNT, years, years).svg
    lines = [p.get("stroke") for p in ET.fromstring(svg).iter(f"{SVG}polyline")]
    assert lines == ["#1f4e9c", "#c62828"]  # the unit's line first, the target's dashed line over it


def test_the_units_of_the_axes_read_horizontally_above_them():
    years = __import__("pandas").Series({2021: 3.0, 2022: 4.0})
    svg = target_path_chart("龙湾片区", COUNT, years, years, share=years * 2).svg
    units = [t for t in texts(svg) if t.text in ("个", "%")]
    assert sorted(t.text for t in units) == ["%", "个"]
    assert all(t.get("transform") is None and float(t.get("y")) < 40 for t in units)


def test_the_appendix_prints_a_ratios_source_cell_as_the_cell_holds_it(results):
    # 文成县 2023: its workbook's 数据!D5 holds 地区生产总值 159.34 (亿元), the denominator of R&D intensity; 附表 2
    # printed 159 (three significant digits), a number the reader does not find in the cell the row names
    raw = [i for i in appendix(results, "330328", 2023).items if isinstance(i, Table)][1]
    row = next(r for r in raw.rows if r[1] == "地区生产总值" and r[2] == "文成县" and r[3] == "2023")
    assert row[4:] == ["159.34", "亿元", "〔2〕数据!D5"]


def test_the_citys_growth_rate_can_be_recomputed_from_its_raw_data(results):
    # 温州市 2023: 高新技术产业投资增速 8.9% = 719.83 (the 12 districts' 2023 investment) ÷ 661.03 − 1, where 661.03
    # is 2022's 404.57 of the 10 districts that sent it plus 瑞安 121.63 ÷ 1.089 and 乐清 153.46 ÷ 1.06 (they report
    # their rates): 附表2 listed 404.57 and 719.83 only, from which no reader gets 8.9%
    raw = [i for i in appendix(results, "330300", 2023).items if isinstance(i, Table)][1]
    # the names and the sources share the width (fr): an auto source this long squeezed 原始字段 to one character
    assert [raw.widths[i][-2:] for i in (0, 1, 5)] == ["fr", "fr", "fr"]
    rows = [r for r in raw.rows if r[0] == "高新技术产业投资增速"]
    assert rows == [
        ["高新技术产业投资增速", "高新技术产业投资额", "2022", "404.57", "亿元", "10个文件"],
        ["高新技术产业投资增速", "高新技术产业投资额", "2023", "719.83", "亿元", "12个文件"],
        ["高新技术产业投资增速", "高新技术产业投资增速", "2023", "6～8.9", "%", "2个文件"],
        [
            "高新技术产业投资增速",
            "可比上年基数合计",
            "2023",
            "661.03",
            "亿元",
            "各县（市、区）上年数；报送增速的按本年数÷（1+增速）推算",
        ],
    ]


def test_the_citys_target_paths_are_drawn_over_its_values(evaluated_plan):
    """锦州市 2020 (jinzhou-2020): 科技进步贡献率 60.5 against a path ending at 60.0 — the dashed path lay under the
    values' line and read as missing. In every panel of the grid the path (#c62828) comes after the values (#1f4e9c)
    in the drawing order."""
    from sti_monitor.report.charts import target_path_grid
    from sti_monitor.report.sections import target_path_table

    r = evaluated_plan("jinzhou-2020")
    svg = target_path_grid(r.framework, r.unit_table("210700"), target_path_table(r, "210700")).svg
    panels = svg.split('<g id="axes_')[1:]
    drawn = [p for p in panels if "stroke: #c62828" in p and "stroke: #1f4e9c" in p]
    assert len(drawn) == 11  # every indicator has both a value and a path
    assert all(p.index("stroke: #1f4e9c") < p.index("stroke: #c62828") for p in drawn)
