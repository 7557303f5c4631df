"""A small, fast SVG line chart for the per-unit report charts (a report has nine of them).

matplotlib takes ~0.15 s per chart; this writes the same kind of chart as SVG text in about a
millisecond. Text is left as text in the CJK sans font, so Typst sets it and PDFs stay searchable.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import MaxNLocator

MIN_SPAN = 0.1  # the y axis spans at least this share of the largest value (else it starts at zero)
FONT = "Noto Sans CJK SC, Source Han Sans SC, sans-serif"


@dataclass
class Line:
    """One series: ``points`` are (x, y); ``marker`` is circle, square, triangle or diamond."""

    label: str
    points: list[tuple[float, float]]
    colour: str
    width: float = 1.5
    dash: str = ""
    marker: str = "circle"
    labels: bool = False  # write each value beside its point
    right_axis: bool = False  # drawn against the right-hand axis (e.g. a share in %)
    on_top: bool = False  # drawn over the other lines (a target path stays visible on a line that meets it)
    label_texts: dict | None = None  # x -> the value label as the report prints that value (else value_format)


LABEL_SIZE = 11  # value labels, px
UNIT_ABOVE = 9  # the axes' units: their baseline this far above the plot, below the legend
# advance widths in the report's CJK sans font, in em: digits, narrow punctuation, a CJK character (measured)
NARROW, DIGIT, WIDE = 0.3, 0.58, 1.0


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is set at ``size`` px in the report's CJK sans font (a little wider, never less)."""
    em = sum(NARROW if c in ".,:;'" else WIDE if ord(c) > 0x2E7F or c == "%" else DIGIT for c in str(text))
    return em * size


def _label_box(x: float, y: float, text: str, anchor: str) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) a value label at baseline ``y`` covers, with a pixel of air around it."""
    w = text_width(text, LABEL_SIZE)
    left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return (left - 1, y - 0.88 * LABEL_SIZE - 1, left + w + 1, y + 0.12 * LABEL_SIZE + 1)


def _marker_box(kind: str, x: float, y: float, r: float) -> tuple[float, float, float, float]:
    """The box a marker drawn by :func:`_marker` covers."""
    if kind == "triangle":
        return (x - r, y - r * 1.2, x + r, y + r * 0.8)
    return (x - r, y - r, x + r, y + r)


def _marker(kind: str, x: float, y: float, r: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f},{y - r * 1.2:.1f}L{x + r:.1f},{y + r * 0.8:.1f}L{x - r:.1f},{y + r * 0.8:.1f}Z" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f},{y - r:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r:.1f}L{x - r:.1f},{y:.1f}Z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"/>'


def _text(x, y, text, size=10, anchor="middle", colour="#333", extra="") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{colour}"{extra}>{html.escape(str(text))}</text>'
    )


def y_ticks(values: list[float], non_negative: bool, integer: bool = False) -> list[float]:
    """Five or so round ticks around ``values`` with some air; never below zero for a non-negative quantity;
    whole ticks only when ``integer`` (counts)."""
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    least_span = MIN_SPAN * max(abs(lo), abs(hi)) or 1.0
    if hi - lo < least_span:  # a nearly flat series drawn flat, never as a zigzag on a tiny span
        if non_negative and lo >= 0:
            lo = 0.0
        else:
            mid = (lo + hi) / 2
            lo, hi = mid - least_span / 2, mid + least_span / 2
    pad = (hi - lo) * 0.15
    low = lo - pad
    if non_negative and lo >= 0:
        low = max(low, 0.0)
    ticks = [float(t) for t in MaxNLocator(nbins=5, integer=integer).tick_values(low, hi + pad)]
    if non_negative and lo >= 0:
        ticks = [t for t in ticks if t >= 0]
    return ticks


def tick_format(ticks: list[float]):
    """The fewest decimals that write every tick exactly (22.5 stays 22.5, never "22")."""
    for d in range(7):
        if all(abs(round(t, d) - t) < 1e-9 * max(1.0, abs(t)) for t in ticks):
            return lambda v, d=d: f"{v:,.{d}f}"
    return lambda v: f"{v:,.6f}"


@dataclass
class _Plot:
    """Where a chart's plot area is and how values map onto it (screen units)."""

    width: int
    left: float
    top: float
    pw: float  # plot width
    ph: float  # plot height
    sx: object  # x value -> screen x
    sy: object  # left-axis value -> screen y
    sr: object  # right-axis value -> screen y (sy without a right axis)


def _finite(points) -> list[tuple[float, float]]:
    return [(x, y) for x, y in points if y is not None and math.isfinite(y)]


def _axes(plot: _Plot, ticks, y_format, right, x_ticks, x_label, y_unit: str, right_unit: str) -> list[str]:
    """Grid lines, tick labels of both axes, the x labels and the axis units. ``right``: the right axis'
    (ticks, format), or None."""
    left, top, pw, ph, sy = plot.left, plot.top, plot.pw, plot.ph, plot.sy
    out = []
    for t in ticks:
        out.append(
            f'<line x1="{left}" x2="{left + pw}" y1="{sy(t):.1f}" y2="{sy(t):.1f}" stroke="#e3e3e3" stroke-width="0.8"/>'
        )
        out.append(_text(left - 6, sy(t) + 4, y_format(t), 11, "end", "#555"))
    out.append(f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}" stroke="#888" stroke-width="0.8"/>')
    if right:
        r_ticks, right_format = right
        for t in r_ticks:
            out.append(_text(left + pw + 6, plot.sr(t) + 4, right_format(t), 11, "start", "#777"))
        if right_unit:  # above its tick labels, read horizontally
            out.append(_text(left + pw + 6, top - UNIT_ABOVE, right_unit, 11, "start", "#777"))
    for x in x_ticks:
        out.append(_text(plot.sx(x), top + ph + 18, x_label(x), 11, "middle", "#555"))
    if y_unit:  # above the tick labels, read horizontally (a one-character unit turned on its side reads as a glyph)
        out.append(_text(left - 6, top - UNIT_ABOVE, y_unit, 11, "end", "#555"))
    return out


LEGEND_ROW = 18  # the height of a row of the legend above the plot


def _legend_places(lines: list[Line], x: float, width: int) -> list[tuple[Line, float, float]]:
    """Where each drawn line's legend entry goes, (line, x, y): in a row above the plot from ``x``; from the chart's
    left edge when that row would run past its right edge; in a second row when even that does not fit."""
    drawn = [line for line in lines if line.points]
    sizes = [44 + 12 * len(line.label) for line in drawn]
    if x + sum(sizes) > width:
        x = 8
    places, cx, cy = [], x, 12
    for line, size in zip(drawn, sizes):
        if cx + size > width and cx > x:
            cx, cy = x, cy + LEGEND_ROW
        places.append((line, cx, cy))
        cx += size
    return places


def _legend(places: list[tuple[Line, float, float]]) -> list[str]:
    """A sample of each drawn line with its label, at its place (:func:`_legend_places`)."""
    out = []
    for line, x, y in places:
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        out.append(
            f'<line x1="{x}" x2="{x + 22}" y1="{y}" y2="{y}" stroke="{line.colour}" stroke-width="{line.width}"{dash}/>'
        )
        out.append(_marker(line.marker, x + 11, y, 3, line.colour))
        out.append(_text(x + 27, y + 4, line.label, 11.5, "start"))
    return out


def _radius(line: Line) -> float:
    return 2.2 + line.width * 0.8


def _points_on(plot: _Plot, line: Line) -> list[tuple[float, float, float]]:
    """(screen x, screen y, value) of each point of ``line`` with a value."""
    scale = plot.sr if line.right_axis else plot.sy
    return [(plot.sx(x), scale(y), y) for x, y in _finite(line.points)]


def _line_boxes(pts: list, width: float) -> np.ndarray:
    """Small boxes (x0, y0, x1, y1) along a polyline through ``pts`` ((x, y, value) on screen), about every 3 px:
    what a label would cross."""
    half = width / 2 + 0.5
    parts = [np.empty((0, 4))]
    for (x0, y0, _), (x1, y1, _) in zip(pts, pts[1:]):
        t = np.linspace(0, 1, max(1, int(math.hypot(x1 - x0, y1 - y0) / 3)) + 1)
        x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        parts.append(np.column_stack([x - half, y - half, x + half, y + half]))
    return np.concatenate(parts)


def _overlaps(box, boxes: np.ndarray) -> int:
    """How many of ``boxes`` (rows x0, y0, x1, y1) ``box`` overlaps."""
    b = boxes
    return int(np.count_nonzero((box[0] < b[:, 2]) & (b[:, 0] < box[2]) & (box[1] < b[:, 3]) & (b[:, 1] < box[3])))


def _place_label(
    plot: _Plot, x: float, y: float, r: float, text: str, taken: list, lines: list
) -> tuple[float, float, str]:
    """Where a value label of the point at (``x``, ``y``) goes: above it, below, to its right or left, diagonally,
    or further above or below, the first place that covers no marker nor label in ``taken``, stays inside the
    plot (and out of the axes' labels) and crosses the fewest ``lines`` (boxes along them); when none is free,
    the one that covers least."""
    up = y - r * 1.2 - 3 - 0.12 * LABEL_SIZE  # baseline just clear of the marker's top
    down = y + r + 3 + 0.88 * LABEL_SIZE
    step = LABEL_SIZE + 2
    candidates = [
        (x, up, "middle"),
        (x, down, "middle"),
        (x + r + 3, y + 4, "start"),
        (x - r - 3, y + 4, "end"),
        (x + r + 1, up + 2, "start"),
        (x - r - 1, up + 2, "end"),
        (x + r + 1, down - 2, "start"),
        (x - r - 1, down - 2, "end"),
        *[(x, up - step * k, "middle") for k in (1, 2, 3)],
        *[(x, down + step * k, "middle") for k in (1, 2)],
    ]
    right_edge = plot.left + plot.pw + (4 if plot.sr is not plot.sy else 14)  # the right axis' ticks, or air
    reach = LABEL_SIZE * 6  # no candidate's box goes further from the point: only what is near is looked at
    taken = np.array(taken, dtype=float).reshape(-1, 4)
    taken = taken[(taken[:, 0] < x + reach) & (taken[:, 2] > x - reach)]
    lines = lines[(lines[:, 0] < x + reach) & (lines[:, 2] > x - reach)]

    def cost(place):
        box = _label_box(place[0], place[1], text, place[2])
        inside = box[0] >= plot.left + 2 and box[2] <= right_edge and box[1] >= plot.top - 8
        inside = inside and box[3] <= plot.top + plot.ph + 4  # never down among the x axis' year labels
        return (not inside, _overlaps(box, taken), _overlaps(box, lines))

    best, best_cost = candidates[0], None
    for place in candidates:  # the first of the best: above unless something is in the way
        c = cost(place)
        if c == (False, 0, 0):
            return place
        if best_cost is None or c < best_cost:
            best, best_cost = place, c
    return best


def _series(plot: _Plot, lines: list[Line], value_format) -> list[str]:
    """Each line with its markers (a line ``on_top`` over the others), then the value labels where asked, each
    placed clear of every marker and of the labels before it (:func:`_place_label`)."""
    out, taken, crossed = [], [], [np.empty((0, 4))]
    for line in sorted(lines, key=lambda line: line.on_top):  # stable: otherwise in the legend's order
        pts = _points_on(plot, line)
        if not pts:
            continue
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in pts)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{line.colour}" stroke-width="{line.width}"{dash} '
            f'stroke-linejoin="round"/>'
        )
        r = _radius(line)
        out.extend(_marker(line.marker, x, y, r, line.colour) for x, y, _ in pts)
        taken.extend(_marker_box(line.marker, x, y, r) for x, y, _ in pts)
        crossed.append(_line_boxes(pts, line.width))
    crossed = np.concatenate(crossed)
    for line in lines:
        if not line.labels:
            continue
        r = _radius(line)
        for (x, y, v), (px, _) in zip(_points_on(plot, line), _finite(line.points), strict=True):
            text = (line.label_texts or {}).get(px) or value_format(v)
            lx, ly, anchor = _place_label(plot, x, y, r, text, taken, crossed)
            taken.append(_label_box(lx, ly, text, anchor))
            out.append(
                _text(
                    lx,
                    ly,
                    text,
                    LABEL_SIZE,
                    anchor,
                    line.colour,
                    ' stroke="white" stroke-width="3" paint-order="stroke"',
                )
            )
    return out


def line_chart(
    lines: list[Line],
    x_ticks: list[int],
    x_label=lambda x: f"{x}年",
    y_unit: str = "",
    y_format=None,
    value_format=lambda v: f"{v:,g}",
    width: int = 600,
    height: int = 230,
    non_negative: bool = True,
    right_unit: str = "",
    right_format=None,
    integer: bool = False,
) -> str:
    """An SVG line chart with a legend on top, horizontal grid lines and labelled axes.
    ``non_negative``: the axis does not go below zero when no value does. Points sit half a step in from
    the axes; a value label goes above its point unless a marker, a label or a line is in the way (then below,
    beside or further off, see :func:`_place_label`); the axes' units stand above them, read horizontally.
    ``integer``: whole ticks on the left axis (counts). Lines with ``right_axis`` are scaled to their own axis on the right (``right_unit``, ``right_format``)."""
    has_right = any(line.right_axis and line.points for line in lines)
    left, right, top, bottom = 64, (58 if has_right else 16), 40, 30  # the units between the legend and the plot
    legend = _legend_places(lines, left, width)
    top += max((y for _, _, y in legend), default=12) - 12  # a second row of the legend: the plot moves down
    pw, ph = width - left - right, height - top - bottom
    ys = [y for line in lines if not line.right_axis for _, y in _finite(line.points)]
    ticks = y_ticks(ys, non_negative, integer)
    y_format = y_format or tick_format(ticks)
    y0, y1 = ticks[0], ticks[-1]
    sy = lambda y: top + ph - (y - y0) / (y1 - y0) * ph  # noqa: E731
    sr, right_axis = sy, None
    if has_right:
        rs = [y for line in lines if line.right_axis for _, y in _finite(line.points)]
        r_ticks = y_ticks([0.0, *rs], non_negative)  # a share starts from zero: its changes at their true size
        right_axis = (r_ticks, right_format or tick_format(r_ticks))
        r0, r1 = r_ticks[0], r_ticks[-1]
        sr = lambda y: top + ph - (y - r0) / (r1 - r0) * ph  # noqa: E731
    x0, x1 = min(x_ticks), max(x_ticks)
    inset = 0.5 if x1 > x0 else 0  # keeps the first label clear of the y axis' tick labels
    sx = (lambda x: left + pw / 2) if x0 == x1 else (lambda x: left + (x - x0 + inset) / (x1 - x0 + 2 * inset) * pw)
    plot = _Plot(width, left, top, pw, ph, sx, sy, sr)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        *_axes(plot, ticks, y_format, right_axis, x_ticks, x_label, y_unit, right_unit),
        *_legend(legend),
        *_series(plot, lines, value_format),
        "</svg>",
    ]
    return "".join(out)
