"""A line chart's legend stays inside the chart however many series it names (the province beside a zone with a
long name pushed 温州高新区（经开区） past the right edge): sizes are 44 + 12 per character of a label."""

from sti_monitor.report.svgchart import Line, _legend_places, line_chart


def line(label: str) -> Line:
    return Line(label, [(2023, 1.0)], "#000")


def test_a_row_that_fits_starts_beside_the_axis():
    places = _legend_places([line("目标"), line("全市")], 64, 600)  # 68 + 68 from 64
    assert [(x, y) for _, x, y in places] == [(64, 12), (132, 12)]


def test_a_row_that_would_run_past_the_edge_starts_at_the_charts_edge():
    labels = ["目标", "全市", "最高：乐清市", "浙江省（示例数值）", "温州高新区（经开区）"]  # 68+68+116+152+164 = 568
    places = _legend_places([line(t) for t in labels], 64, 600)
    assert [x for _, x, _ in places] == [8, 76, 144, 260, 412] and {y for *_, y in places} == {12}


def test_a_legend_wider_than_the_chart_takes_a_second_row_and_the_plot_moves_down():
    labels = ["目标（确保）", "力争目标", "全市", "最高：乐清市", "浙江省（示例数值）", "温州高新区（经开区）"]
    places = _legend_places([line(t) for t in labels], 64, 600)  # from 8: 116+92+68+116 = 392 → 400, +152 → 552
    assert [(x, y) for _, x, y in places][-2:] == [(400, 12), (8, 30)]  # 552 + 164 > 600: a second row
    svg = line_chart([line(t) for t in labels], [2023])
    assert 'y="34.0"' in svg and 'y1="30"' in svg  # the second row: its sample line at 30, its label at 30 + 4
