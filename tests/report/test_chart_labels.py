"""No two text labels of a chart overlap, and none leaves the chart, in every chart of every shipped plan's
sample reports (the latest sample year: each unit's indicator charts, the city's or the whole's charts of its
members and its rank intervals). Label boxes come from the chart's geometry: for the SVG charts, each <text>'s
position, anchor and rotation with its width measured in the report font; for the matplotlib charts, the
extents matplotlib itself lays the texts out at."""

import math
import re
import xml.etree.ElementTree as ET

import matplotlib.text
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ft2font import FT2Font

from sti_monitor.report import elements
from sti_monitor.report.elements import Chart, Elements
from sti_monitor.report.fonts import SANS, font_files
from sti_monitor.report.overview import city_overview
from sti_monitor.report.sections import indicator_sections

pytestmark = pytest.mark.slow

PLANS = ("wenzhou-2027", "xinchang-2025", "wenzhou-zcq-2022", "daluoshan-2022", "jinzhou-2020")
SVG = "{http://www.w3.org/2000/svg}"
FONT = FT2Font(str(font_files()[SANS]))


def text_width(text: str, size: float) -> float:
    """The advance width of ``text`` at ``size`` px in the report's CJK sans font."""
    FONT.set_size(size, 72)  # 72 dpi: points are pixels
    FONT.set_text(text, 0.0)
    return FONT.get_width_height()[0] / 64


def svg_boxes(svg: str) -> tuple[list, tuple]:
    """Each <text>'s box (text, x0, y0, x1, y1) in the SVG's user units, and the viewBox (x0, y0, x1, y1)."""
    root = ET.fromstring(svg)
    vx, vy, vw, vh = (float(v) for v in root.get("viewBox").split())
    boxes = []
    for t in root.iter(f"{SVG}text"):
        text = "".join(t.itertext())
        size = float(t.get("font-size", 10))
        x, y = float(t.get("x", 0)), float(t.get("y", 0))
        w = text_width(text, size)
        left = {"start": x, "middle": x - w / 2, "end": x - w}[t.get("text-anchor", "start")]
        box = (left, y - 0.88 * size, left + w, y + 0.12 * size)  # ascent and descent of the CJK font
        rotate = re.search(r"rotate\(([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\)", t.get("transform", ""))
        if rotate:
            angle, cx, cy = (float(v) for v in rotate.groups())
            assert abs(abs(angle) - 90) < 1e-9, "only quarter turns are measured"
            corners = [_turn(px, py, cx, cy, angle) for px in box[0::2] for py in box[1::2]]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            box = (min(xs), min(ys), max(xs), max(ys))
        boxes.append((text, rect(*box)))
    return boxes, (vx, vy, vx + vw, vy + vh)


def svg_markers(svg: str) -> list:
    """Each marker of an SVG chart (circle, square, triangle or diamond) as ("标记", its box's corners)."""
    root = ET.fromstring(svg)
    boxes = []
    for c in root.iter(f"{SVG}circle"):
        x, y, r = (float(c.get(k)) for k in ("cx", "cy", "r"))
        boxes.append(rect(x - r, y - r, x + r, y + r))
    for s in root.iter(f"{SVG}rect"):
        x, y, w, h = (float(s.get(k)) for k in ("x", "y", "width", "height"))
        boxes.append(rect(x, y, x + w, y + h))
    for path in root.iter(f"{SVG}path"):
        xy = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
        xs, ys = xy[0::2], xy[1::2]
        boxes.append(rect(min(xs), min(ys), max(xs), max(ys)))
    return [("标记", box) for box in boxes]


def value_label_boxes(svg: str) -> list:
    """The boxes of the value labels (white-haloed texts) of an SVG chart."""
    halo = {"".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("stroke") == "white"}
    return [(text, box) for text, box in svg_boxes(svg)[0] if text in halo]


def figure_markers(fig) -> list:
    """Each marker of a matplotlib figure's lines as ("标记", its box's corners), in display units."""
    FigureCanvasAgg(fig).draw()
    boxes = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for line in ax.lines:
            if line.get_marker() in (None, "None", "", " "):
                continue
            r = line.get_markersize() * fig.dpi / 72 / 2
            for x, y in ax.transData.transform(line.get_xydata()):
                boxes.append(("标记", rect(x - r, y - r, x + r, y + r)))
    return boxes


def rect(x0, y0, x1, y1) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _turn(px, py, cx, cy, angle):
    a = math.radians(angle)
    dx, dy = px - cx, py - cy
    return cx + dx * math.cos(a) - dy * math.sin(a), cy + dx * math.sin(a) + dy * math.cos(a)


def figure_boxes(fig) -> tuple[list, tuple]:
    """Every drawn text of a matplotlib figure with its extent (display units, y up), and the figure's box."""
    FigureCanvasAgg(fig).draw()  # the report's figures have no canvas of their own (drawn outside pyplot)
    renderer = fig.canvas.get_renderer()
    texts = list(fig.texts)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis._update_ticks():
                texts += [tick.label1, tick.label2]
        legend = ax.get_legend()
        if legend is not None:
            texts += legend.get_texts()
    boxes = []
    for t in texts:
        if isinstance(t, matplotlib.text.Text) and t.get_visible() and t.get_text().strip():
            # a rotated label is the rectangle of its text turned about its centre, not the box around that
            turned, angle = t.get_window_extent(renderer), t.get_rotation()
            t.set_rotation(0)
            flat = t.get_window_extent(renderer)
            t.set_rotation(angle)
            cx, cy, w, h = (turned.x0 + turned.x1) / 2, (turned.y0 + turned.y1) / 2, flat.width, flat.height
            corners = rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            boxes.append((t.get_text(), [_turn(px, py, cx, cy, angle) for px, py in corners]))
    w, h = fig.get_size_inches() * fig.dpi
    return boxes, (0.0, 0.0, w, h)


def _apart(p, q) -> bool:
    """Whether two convex polygons are separated (by more than half a unit) along an edge normal of either."""
    for poly in (p, q):
        for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True):
            nx, ny = y0 - y1, x1 - x0
            norm = math.hypot(nx, ny) or 1.0
            a = [(x * nx + y * ny) / norm for x, y in p]
            b = [(x * nx + y * ny) / norm for x, y in q]
            if min(max(a), max(b)) - max(min(a), min(b)) <= 0.5:
                return True
    return False


def overlaps(boxes) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes intersect (touching is allowed)."""
    return [(a, b) for i, (a, p) in enumerate(boxes) for b, q in boxes[i + 1 :] if not _apart(p, q)]


def outside(boxes, frame) -> list[str]:
    fx0, fy0, fx1, fy1 = frame
    return [
        t
        for t, corners in boxes
        if any(x < fx0 - 0.5 or y < fy0 - 0.5 or x > fx1 + 0.5 or y > fy1 + 0.5 for x, y in corners)
    ]


def test_the_label_boxes_are_measured():
    # "2023年" at 11 px: four digits and one CJK character (a full em) in the CJK font
    (box,), _ = svg_boxes(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
        '<text x="50" y="20" font-size="11" text-anchor="middle">2023年</text></svg>'
    )
    width = box[1][1][0] - box[1][0][0]
    assert 11 + 4 * 5 < width < 11 + 4 * 7.5
    assert overlaps([("a", rect(0, 0, 10, 10)), ("b", rect(9, 9, 20, 20))]) == [("a", "b")]
    assert overlaps([("a", rect(0, 0, 10, 10)), ("b", rect(10, 0, 20, 10))]) == []
    # two labels turned 45 degrees side by side: their enclosing boxes meet, the labels do not
    turned = [[_turn(x, y, cx, 5, 45) for x, y in rect(cx - 10, 3, cx + 10, 7)] for cx in (0, 12)]
    assert overlaps([("a", turned[0]), ("b", turned[1])]) == []


def _is_number(text: str) -> bool:
    return re.fullmatch(r"-?[\d,]+(\.\d+)?", text) is not None


def charts_of(element) -> list[Chart]:
    if isinstance(element, Chart):
        return [element]
    if isinstance(element, Elements):
        return [c for i in element.items for c in charts_of(i)]
    return []


@pytest.fixture(scope="module", params=PLANS)
def plan(request, evaluated_plan):
    return evaluated_plan(request.param)


def test_no_label_of_a_units_chart_overlaps_another_or_leaves_the_chart(plan):
    year = int(plan.table["year"].max())
    bad = []
    for unit in plan.units.all():
        if unit.kind == "reference" or unit.code not in set(plan.table["unit_code"]):
            continue
        for chart in charts_of(indicator_sections(plan, unit.code, year)):
            boxes, frame = svg_boxes(chart.svg)
            found = overlaps(boxes) + [(t, "边框") for t in outside(boxes, frame)]
            found += [
                pair for pair in overlaps(value_label_boxes(chart.svg) + svg_markers(chart.svg)) if "标记" != pair[0]
            ]
            bad += [(unit.name, chart.caption[:12], pair) for pair in found]
    assert bad == []


def test_no_label_of_the_citys_charts_overlaps_another_or_leaves_the_chart(plan, monkeypatch):
    figures = []
    drawn = Chart.from_figure.__func__

    def keep(cls, fig, *args, **kwargs):
        chart = drawn(cls, fig, *args, **kwargs)
        figures.append((chart.caption, fig))
        return chart

    monkeypatch.setattr(elements.Chart, "from_figure", classmethod(keep))
    year = int(plan.table["year"].max())
    body = city_overview(plan, year)
    bad = []
    for caption, fig in figures:
        boxes, frame = figure_boxes(fig)
        bad += [(caption[:12], pair) for pair in overlaps(boxes) + [(t, "边框") for t in outside(boxes, frame)]]
        values = [(text, box) for text, box in boxes if _is_number(text)]  # the panels' value labels
        bad += [(caption[:12], pair) for pair in overlaps(values + figure_markers(fig)) if "标记" != pair[0]]
    for chart in charts_of(body):
        if chart.svg.lstrip().startswith("<svg"):
            boxes, frame = svg_boxes(chart.svg)
            bad += [
                (chart.caption[:12], pair) for pair in overlaps(boxes) + [(t, "边框") for t in outside(boxes, frame)]
            ]
    assert bad == []
