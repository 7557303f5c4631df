"""Report charts (matplotlib / seaborn), labelled in Chinese, returned as :class:`~sti_monitor.report.elements.Chart`."""
from __future__ import annotations

import matplotlib.colors
import matplotlib.patches
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..measure import STATUS_COLOURS, STATUS_LABELS
from .elements import Chart
from .fonts import setup_matplotlib

CM = 1 / 2.54
UNIT_COLOUR, CITY_COLOUR, BEST_COLOUR, TARGET_COLOUR = "#1f4e9c", "#7f7f7f", "#2e7d32", "#c62828"


def _figure(width_cm: float, height_cm: float):
    """A figure outside pyplot: no global figure registry, no backend switch in JupyterLab."""
    fig = Figure(figsize=(width_cm * CM, height_cm * CM))
    return fig, fig.subplots()


def _fmt(precision: int):
    return lambda x, _pos=None: f"{x:,.{precision}f}"


def trajectory(unit_name: str, indicator, history: pd.Series, targets: pd.Series, city: pd.Series | None = None,
               best: pd.Series | None = None, best_name: str = "", caption: str = "") -> Chart:
    """Values over the years (``history``: year -> value) with the target trajectory to the plan's
    final year (``targets``: year -> target) on one chart, next to the city and the best district."""
    from .svgchart import Line, line_chart

    def points(series):
        s = series.dropna() if series is not None else pd.Series(dtype=float)
        return [(int(x), float(y)) for x, y in s.items()]

    lines = [Line("目标", points(targets), TARGET_COLOUR, 1.2, "5,3", "triangle")]
    if city is not None:
        lines.append(Line("全市", points(city), CITY_COLOUR, 1.2, marker="square"))
    if best is not None:
        lines.append(Line(f"最优：{best_name}", points(best), BEST_COLOUR, 1.0, marker="diamond"))
    lines.append(Line(unit_name, points(history), UNIT_COLOUR, 2.2, labels=True))
    years = sorted({x for line in lines for x, _ in line.points})
    p = indicator.precision
    svg = line_chart(lines, years or [0], y_unit=indicator.unit, y_format=_fmt(max(p - 1, 0) if p else 0),
                     value_format=_fmt(p))
    return Chart(svg, "100%", caption)


HEATMAP_ROWS = 30  # districts per heatmap, so each fits on a page
LABELLED_BARS = 24  # above this many districts, bars are sorted and only the extremes named


def status_heatmap(table: pd.DataFrame, framework, unit_names: list[str], year: int) -> list[Chart]:
    """Districts × indicators, each cell coloured by status and showing the achievement ratio;
    one chart per ``HEATMAP_ROWS`` districts."""
    setup_matplotlib()
    order = list(STATUS_COLOURS)
    codes = {s: i for i, s in enumerate(order)}
    inds = [i.id for i in framework.indicators]
    cmap = matplotlib.colors.ListedColormap([STATUS_COLOURS[s] for s in order])
    charts = []
    chunks = [unit_names[i:i + HEATMAP_ROWS] for i in range(0, len(unit_names), HEATMAP_ROWS)] or [[]]
    for n, names in enumerate(chunks, start=1):
        pivot = table.pivot(index="unit_name", columns="indicator", values="status").reindex(index=names, columns=inds)
        ach = table.pivot(index="unit_name", columns="indicator", values="achievement").reindex(index=names, columns=inds)
        grid = pivot.apply(lambda c: c.map(codes)).to_numpy(dtype=float)
        fig, ax = _figure(17, 2.5 + 0.62 * len(names))
        ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5, aspect="auto")
        for (r, c), v in np.ndenumerate(ach.to_numpy(dtype=float)):
            ax.text(c, r, "—" if np.isnan(v) else f"{v:.1%}", ha="center", va="center", fontsize=6.5, color="white")
        ax.set_xticks(range(len(inds)), [framework.indicator(i).short_name for i in inds], rotation=35, ha="right", fontsize=7)
        ax.set_yticks(range(len(names)), names, fontsize=7.5)
        ax.grid(False)
        for s in ax.spines.values():
            s.set_visible(False)
        handles = [matplotlib.patches.Patch(color=STATUS_COLOURS[s], label=STATUS_LABELS[s]) for s in ("met", "near", "behind", "no_data")]
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, fontsize=7.5, frameon=False)
        part = f"（{n}/{len(chunks)}）" if len(chunks) > 1 else ""
        charts.append(Chart.from_figure(fig, caption=f"图 各县（市、区）{year}年指标达标情况{part}（格内为完成率）"))
    return charts


def small_multiples(table: pd.DataFrame, framework, unit_names: list[str], city_values: dict, year: int) -> list[Chart]:
    """One small bar chart per indicator across districts, coloured by status, with the city value as a line.
    With many districts the bars are sorted and only the three best and three last are named."""
    setup_matplotlib()
    charts = []
    many = len(unit_names) > LABELLED_BARS
    for ind in framework.indicators:
        rows = table[table["indicator"] == ind.id].set_index("unit_name").reindex(unit_names)
        if many:
            rows = rows.sort_values("value", ascending=not ind.higher_is_better, na_position="last")
        fig, ax = _figure(15, 4.8)
        fig.subplots_adjust(left=0.1, right=0.98, top=0.88, bottom=0.3)
        colours = [STATUS_COLOURS.get(s, "#9e9e9e") for s in rows["status"].fillna("no_data")]
        ax.bar(range(len(rows)), rows["value"].fillna(0), color=colours, width=0.8)
        city = city_values.get(ind.id) if ind.formula.kind != "field" else None  # a city total dwarfs district levels
        if city is not None and not np.isnan(city):
            ax.axhline(city, color="black", lw=1, ls="--")
            ax.text(len(rows) - 0.5, city, f"全市 {city:,.{ind.precision}f}", ha="right", va="bottom", fontsize=7)
        if many:
            named = [i for i in range(len(rows)) if i < 3 or i >= len(rows) - 3]
            ax.set_xticks(named, [rows.index[i] for i in named], fontsize=6.5, rotation=30, ha="right")
            ax.set_xlabel(f"{len(rows)}个县（市、区），按数值排序", fontsize=7)
        else:
            ax.set_xticks(range(len(rows)), list(rows.index), fontsize=7, rotation=30, ha="right")
        ax.set_ylabel(ind.unit)
        ax.set_title(f"{ind.name}（{year}年）", fontsize=9, loc="left")
        ax.grid(axis="x", visible=False)
        charts.append(Chart.from_figure(fig, tight=False))
    return charts
