"""Report charts, labelled in Chinese, returned as :class:`~sti_monitor.report.elements.Chart`.

The per-unit line charts are SVG written directly (:mod:`.svgchart`); the city's cross-district charts
use matplotlib. Non-negative quantities never get a negative axis; totals are never drawn beside the
city total (a county would sit flat on zero) but beside the median district.
"""

from __future__ import annotations

import math

import matplotlib.lines
import matplotlib.patches
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from .elements import Chart
from .fonts import setup_matplotlib
from .formatting import cn
from .rows import status_colour, status_label, value_text
from .svgchart import MIN_SPAN, y_ticks
from .wording import say

CM = 1 / 2.54
UNIT_COLOUR, CITY_COLOUR, BEST_COLOUR, TARGET_COLOUR = "#1f4e9c", "#7f7f7f", "#2e7d32", "#c62828"
STRETCH_COLOUR, MEDIAN_COLOUR, SHARE_COLOUR = "#ef6c00", "#7f7f7f", "#8e24aa"
REFERENCE_COLOUR = "#00838f"  # the province an aspiration compares with


def _figure(width_cm: float, height_cm: float, rows: int = 1, cols: int = 1):
    """A figure outside pyplot: no global figure registry, no backend switch in JupyterLab."""
    fig = Figure(figsize=(width_cm * CM, height_cm * CM))
    return fig, fig.subplots(rows, cols, squeeze=False) if rows * cols > 1 else fig.subplots()


def _fmt(precision: int):
    return lambda x, _pos=None: f"{x:,.{precision}f}"


def _points(series: pd.Series | None) -> list[tuple[int, float]]:
    s = series.dropna() if series is not None else pd.Series(dtype=float)
    return [(int(x), float(y)) for x, y in s.items()]


def _non_negative(indicator) -> bool:
    """Counts, amounts and shares cannot be negative; growth rates can."""
    return not indicator.is_growth


def _decimals(indicator, values) -> int:
    """Decimals of the value labels: the indicator's, or three significant digits for small values."""
    from ..measure.precision import magnitude_precision

    values = [v for v in values if v is not None and math.isfinite(v)]
    if indicator.is_growth or all(float(v).is_integer() for v in values):
        return indicator.precision  # counts: 38 家, not 38.0
    return magnitude_precision(indicator.precision, *values)


def target_path_chart(
    unit_name: str,
    indicator,
    history: pd.Series,
    targets: pd.Series,
    city: pd.Series | None = None,
    best: pd.Series | None = None,
    best_name: str = "",
    caption: str = "",
    median: pd.Series | None = None,
    stretch: pd.Series | None = None,
    share: pd.Series | None = None,
    target_label: str | None = None,
    value_labels: dict | None = None,
    reference: tuple[str, pd.Series] | None = None,
) -> Chart:
    """Values over the years (``history``: year -> value) with the target path to the plan's final year
    (``targets``: year -> target; ``stretch`` the stretch targets) and the fitting peers: the ``city`` and the
    ``best`` district for ratios, the ``median`` district for totals, and for a district's total its
    ``share`` of the city (%) on its own right-hand axis, so a small county stays visible. ``target_label``:
    the target's name as the plan words it (default 目标, or 目标（确保） beside a ``stretch`` path). ``value_labels``:
    year -> the unit's value as the report's text prints it (:func:`~.rows.value_text`), so a label never prints
    a number another way; the target paths are drawn over the unit's line, so that one it meets stays visible.
    ``reference``: (legend, year -> value) of the reference unit an aspiration compares with (the province), drawn
    as a line of its own."""
    from .svgchart import Line, line_chart

    if target_label is None:
        target_label = say("legend_target" if stretch is not None else "legend_target_plain")
    lines = [Line(target_label, _points(targets), TARGET_COLOUR, 1.2, "5,3", "triangle", on_top=True)]
    if stretch is not None:
        lines.append(Line(say("legend_stretch"), _points(stretch), STRETCH_COLOUR, 1.0, "2,2", "triangle", on_top=True))
    if city is not None:
        lines.append(Line(say("legend_city"), _points(city), CITY_COLOUR, 1.2, marker="square"))
    if median is not None:
        lines.append(Line(say("legend_median"), _points(median), MEDIAN_COLOUR, 1.2, "1,2", marker="square"))
    if best is not None:
        lines.append(Line(say("legend_best", name=best_name), _points(best), BEST_COLOUR, 1.0, marker="diamond"))
    if reference is not None:
        lines.append(Line(reference[0], _points(reference[1]), REFERENCE_COLOUR, 1.4, "6,2,1,2", "square"))
    if share is not None:
        lines.append(Line(say("legend_share"), _points(share), SHARE_COLOUR, 1.2, "4,2", "diamond", right_axis=True))
    lines.append(Line(cn(unit_name), _points(history), UNIT_COLOUR, 2.2, labels=True, label_texts=value_labels))
    years = sorted({x for line in lines for x, _ in line.points})
    ys = [y for line in lines if not line.right_axis for _, y in line.points]
    if not years:
        raise ValueError("a chart needs at least one year with a value")
    svg = line_chart(
        lines,
        years,
        y_unit=indicator.unit,
        value_format=lambda v: _fmt(_decimals(indicator, [v]))(v),
        non_negative=_non_negative(indicator) and all(y >= 0 for y in ys),
        right_unit="%" if share is not None else "",
        integer=indicator.precision == 0,
    )
    return Chart(svg, "100%", caption, "图")


def _label_last(ax, ind, values: pd.Series, row_targets: pd.Series, path: pd.Series) -> None:
    """The last value of a grid panel, printed as the report's text prints it (at its row's precision, see
    :func:`~.rows.value_text`), on the side of its point away from the target marker of that year (below when the
    target is above and near; to its left when there is no room below), so that the label never sits on it."""
    if not len(values):
        return
    last, value = values.index[-1], values.iloc[-1]
    target = path.get(last)
    low, high = ax.get_ylim()
    room = 0.15 * (high - low)  # about a label's height and the marker's in a panel
    above = target is not None and not pd.isna(target) and value <= target < value + room
    offset, ha, va = (0, 5), "center", "bottom"
    if above:
        offset, ha, va = ((0, -5), "center", "top") if value - room >= low else ((-6, 0), "right", "center")
    ax.annotate(
        value_text(ind, value, row_targets.get(last)),
        (last, value),
        textcoords="offset points",
        xytext=offset,
        ha=ha,
        va=va,
        fontsize=6.5,
        color=UNIT_COLOUR,
    )


def target_path_grid(framework, city_rows: pd.DataFrame, paths: pd.DataFrame, caption: str = "") -> Chart:
    """Small multiples: for every indicator, the city's values over the years (solid) against its target
    path to the plan's final year (dashed), for the indicators with a value or a target. ``city_rows``: the city's
    results rows of every year."""
    setup_matplotlib()
    drawn = set(city_rows.loc[city_rows["value"].notna(), "indicator"]) | {
        c for c in paths.columns if paths[c].notna().any()
    }
    inds = [ind for ind in framework.indicators if ind.id in drawn]  # no empty panel for a zone-only goal
    cols = 3
    rows = math.ceil(len(inds) / cols)
    fig, axes = _figure(17, 4.6 * rows, rows, cols)
    fig.subplots_adjust(left=0.07, right=0.98, top=0.95, bottom=0.05, hspace=0.75, wspace=0.35)
    flat = list(axes.flat)
    for ax, ind in zip(flat, inds):
        own = city_rows[city_rows["indicator"] == ind.id].set_index("year").sort_index()
        values = own["value"].dropna()
        path = paths[ind.id].dropna() if ind.id in paths else pd.Series(dtype=float)
        ax.plot(values.index, values.values, color=UNIT_COLOUR, lw=1.8, marker="o", ms=3.5)
        # the target path over the values, as in a unit's charts: a path the city meets closely stays visible
        # (锦州市 科技进步贡献率: 60.5 against 60.0, hidden under the values' line)
        ax.plot(path.index, path.values, ls="--", color=TARGET_COLOUR, lw=1, marker="^", ms=3, zorder=3)
        title = ind.short_name or ind.name
        ax.set_title(f"{title}（{ind.unit}）", fontsize=7.5, loc="left")
        years = sorted(set(values.index) | set(path.index))
        if years:
            ax.set_xticks(years, [f"{y % 100:02d}" for y in years], fontsize=6)
            ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        ax.tick_params(axis="y", labelsize=6)
        all_values = [*values.values, *path.values]
        if _non_negative(ind) and all_values and min(all_values) >= 0:
            ax.set_ylim(bottom=0, top=max(all_values) * 1.18 or 1)
        elif all_values and max(all_values) - min(all_values) < MIN_SPAN * max(map(abs, all_values)):
            ticks = y_ticks(all_values, non_negative=False)  # a flat series drawn flat, not as a zigzag
            ax.set_ylim(ticks[0], ticks[-1])
        _label_last(ax, ind, values, own["target"], path)  # once the axis is set: it looks at the room left
        ax.grid(axis="x", visible=False)
    for ax in flat[len(inds) :]:
        ax.set_visible(False)
    return Chart.from_figure(fig, caption=caption, tight=False, supplement="图")


LABELLED_BARS = 24  # above this many districts, bars are sorted and only the extremes named
AXIS_NAME_CHARS = 16  # a longer unit name is cut with … under a bar (the tables print it whole)
MAX_MARGIN = 0.6  # no margin takes more of the chart than this, however long the labels


def _axis_name(name: str) -> str:
    return name if len(name) <= AXIS_NAME_CHARS else name[: AXIS_NAME_CHARS - 1] + "…"


def _fit_margins(fig, ax, names: list[str], sorted_note: bool, name_size: float = 7, slant: float = 30) -> None:
    """Room on the left for the y tick labels and the unit, and below for the slanted names (and the note of
    a sorted chart), so that no label is cut at the chart's edge. Sizes in points; a CJK character is one em,
    a digit about 0.62 em."""
    width, height = fig.get_size_inches() * 72
    low, high = ax.get_ylim()
    ticks = ax.yaxis.get_major_formatter().format_ticks([t for t in ax.get_yticks() if low <= t <= high])
    tick_size = FontProperties(size=matplotlib.rcParams["ytick.labelsize"]).get_size_in_points()
    widest = max((len(t) for t in ticks), default=1) * tick_size * 0.62
    left = widest + 7 + 4  # tick length and pad, air (the unit is above the axis)
    longest = max((len(n) for n in names), default=1) * name_size
    angle = math.radians(slant)
    bottom = longest * math.sin(angle) + name_size * math.cos(angle) + 7 + 4 + (name_size * 1.6 if sorted_note else 0)
    fig.subplots_adjust(left=min(MAX_MARGIN, max(0.1, left / width)), bottom=min(MAX_MARGIN, max(0.3, bottom / height)))


def district_bars(
    rows: pd.DataFrame, indicator, unit_names: list[str], year: int, caption: str = "", reference=None
) -> Chart:
    """One indicator across districts (``rows``: that year's district rows): bars coloured by status, each
    district's own target as a short black line. With many districts the bars are sorted and only the three
    best and three last are named. ``reference``: (legend, year -> value) of the reference unit an aspiration
    compares with (the province), its value of ``year`` drawn as a dashed line across the bars."""
    setup_matplotlib()
    rows = rows.assign(unit_name=rows["unit_name"].map(cn)).set_index("unit_name").reindex(unit_names)
    many = len(unit_names) > LABELLED_BARS
    if many:
        rows = rows.sort_values("value", ascending=not indicator.higher_is_better, na_position="last")
    fig, ax = _figure(15, 5.2)
    fig.subplots_adjust(left=0.1, right=0.98, top=0.88, bottom=0.3)
    colours = [status_colour(s) for s in rows["status"].fillna("no_data")]
    x = np.arange(len(rows))
    ax.bar(x, rows["value"].fillna(0), color=colours, width=0.75)
    targets = rows["target"].to_numpy(dtype=float)
    ax.hlines(targets, x - 0.42, x + 0.42, colors="black", lw=1.6, label=say("legend_target_plain"))
    level = reference[1].get(year) if reference is not None else None
    if level is not None:
        ax.axhline(level, color=REFERENCE_COLOUR, lw=1.2, ls=(0, (6, 2, 1, 2)))
    drawn = [*rows["value"], *targets, *([level] if level is not None else [])]  # the axis reaches the line too
    values = [v for v in drawn if v is not None and math.isfinite(v)]
    if _non_negative(indicator) and values and min(values) >= 0:
        ax.set_ylim(bottom=0, top=max(values) * 1.12 or 1)
    elif values:
        ax.axhline(0, color="#555", lw=0.6)
    if many:
        named = [i for i in range(len(rows)) if i < 3 or i >= len(rows) - 3]
        ax.set_xticks(named, [_axis_name(rows.index[i]) for i in named], fontsize=6.5, rotation=30, ha="right")
        ax.set_xlabel(say("bar_axis_sorted", n=len(rows)), fontsize=7)
    else:
        ax.set_xticks(x, [_axis_name(n) for n in rows.index], fontsize=7, rotation=30, ha="right")
    # the unit above the axis, read horizontally as in the line charts (a one-character unit on its side is a glyph)
    ax.set_ylabel(indicator.unit, rotation=0, ha="left", va="bottom")  # from the axis, clear of its tick labels
    ax.yaxis.set_label_coords(0, 1.02)
    # about five ticks, never a ladder of nine on a short axis; counts: whole ticks (0, 1, 2 家), never 0.5 家
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=indicator.precision == 0))
    _fit_margins(fig, ax, [_axis_name(rows.index[i]) for i in (named if many else range(len(rows)))], many)
    shown = set(rows["status"].dropna())  # the legend names what is drawn: no 达标 / 目标 where no one has a target
    handles = [  # (in the plan's final year the statuses are 已完成 / 未完成: see rows.final_status)
        matplotlib.patches.Patch(color=status_colour(s), label=status_label(s))
        for s in (
            "met",
            "near",
            "behind",
            "completed",
            "not_completed",
            "aspiration_reached",
            "aspiration",
            "no_target",
        )
        if s in shown and (s != "no_target" or np.isfinite(targets).any())  # 无目标 named beside bars with one
    ]
    if np.isfinite(targets).any():
        handles.append(matplotlib.lines.Line2D([], [], color="black", lw=1.6, label=say("legend_target_plain")))
    if level is not None:
        handles.append(
            matplotlib.lines.Line2D([], [], color=REFERENCE_COLOUR, lw=1.2, ls=(0, (6, 2, 1, 2)), label=reference[0])
        )
    if handles:
        # one row, however many entries (a second row would rise above the figure and be cut)
        ax.legend(
            handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(handles), fontsize=7, frameon=False
        )
    ax.grid(axis="x", visible=False)
    return Chart.from_figure(fig, caption=caption, tight=False, supplement="图")
