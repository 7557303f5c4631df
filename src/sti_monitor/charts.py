"""Report charts (matplotlib / seaborn), labelled in Chinese, returned as :class:`~sti_monitor.elements.Chart`."""
from __future__ import annotations

import matplotlib.colors
import matplotlib.patches
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .compliance import STATUS_COLOURS, STATUS_LABELS
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
    setup_matplotlib()
    fig, ax = _figure(15, 5.6)
    if len(targets.dropna()):
        t = targets.dropna()
        ax.plot(t.index, t.values, ls="--", color=TARGET_COLOUR, lw=1.2, marker="^", ms=3.5, label="目标")
    if city is not None and len(city.dropna()):
        ax.plot(city.index, city.values, color=CITY_COLOUR, lw=1.2, marker="s", ms=3.5, label="全市")
    if best is not None and len(best.dropna()):
        ax.plot(best.index, best.values, color=BEST_COLOUR, lw=1.0, marker="D", ms=3, alpha=0.8, label=f"最优：{best_name}")
    h = history.dropna()
    ax.plot(h.index, h.values, color=UNIT_COLOUR, lw=2.2, marker="o", ms=5, label=unit_name)
    for x, y in h.items():
        ax.annotate(f"{y:,.{indicator.precision}f}", (x, y), textcoords="offset points", xytext=(0, 6),
                    ha="center", fontsize=7.5, color=UNIT_COLOUR)
    years = sorted(set(h.index) | set(targets.dropna().index))
    ax.set_xticks(years, [f"{y}年" for y in years])
    ax.set_ylabel(indicator.unit)
    ax.yaxis.set_major_formatter(_fmt(max(indicator.precision - 1, 0) if indicator.precision else 0))
    ax.legend(loc="upper left", fontsize=7.5, frameon=False, ncol=4)
    ax.margins(y=0.2)
    return Chart.from_figure(fig, caption=caption)


def status_heatmap(table: pd.DataFrame, framework, unit_names: list[str], year: int) -> Chart:
    """Districts × indicators, each cell coloured by status and showing the achievement ratio."""
    setup_matplotlib()
    order = list(STATUS_COLOURS)
    codes = {s: i for i, s in enumerate(order)}
    inds = [i.id for i in framework.indicators]
    pivot = table.pivot(index="unit_name", columns="indicator", values="status").reindex(index=unit_names, columns=inds)
    ach = table.pivot(index="unit_name", columns="indicator", values="achievement").reindex(index=unit_names, columns=inds)
    grid = pivot.apply(lambda c: c.map(codes)).to_numpy(dtype=float)
    cmap = matplotlib.colors.ListedColormap([STATUS_COLOURS[s] for s in order])
    fig, ax = _figure(17, 2.5 + 0.62 * len(unit_names))
    ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5, aspect="auto")
    for (r, c), v in np.ndenumerate(ach.to_numpy(dtype=float)):
        ax.text(c, r, "—" if np.isnan(v) else f"{v:.1%}", ha="center", va="center", fontsize=6.5, color="white")
    ax.set_xticks(range(len(inds)), [framework.indicator(i).short_name for i in inds], rotation=35, ha="right", fontsize=7)
    ax.set_yticks(range(len(unit_names)), unit_names, fontsize=7.5)
    ax.grid(False)
    for s in ax.spines.values():
        s.set_visible(False)
    handles = [matplotlib.patches.Patch(color=STATUS_COLOURS[s], label=STATUS_LABELS[s]) for s in ("met", "near", "behind", "no_data")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, fontsize=7.5, frameon=False)
    return Chart.from_figure(fig, caption=f"图 各县（市、区）{year}年指标达标情况（格内为完成率）")


def small_multiples(table: pd.DataFrame, framework, unit_names: list[str], city_values: dict, year: int) -> list[Chart]:
    """One small bar chart per indicator across districts, coloured by status, with the city value as a line."""
    setup_matplotlib()
    charts = []
    for ind in framework.indicators:
        rows = table[table["indicator"] == ind.id].set_index("unit_name").reindex(unit_names)
        fig, ax = _figure(15, 4.8)
        colours = [STATUS_COLOURS.get(s, "#9e9e9e") for s in rows["status"].fillna("no_data")]
        ax.bar(range(len(rows)), rows["value"].fillna(0), color=colours)
        city = city_values.get(ind.id)
        if city is not None and not np.isnan(city):
            ax.axhline(city, color="black", lw=1, ls="--")
            ax.text(len(rows) - 0.5, city, f"全市 {city:,.{ind.precision}f}", ha="right", va="bottom", fontsize=7)
        ax.set_xticks(range(len(rows)), unit_names, fontsize=7, rotation=30, ha="right")
        ax.set_ylabel(ind.unit)
        ax.set_title(f"{ind.name}（{year}年）", fontsize=9, loc="left")
        ax.grid(axis="x", visible=False)
        charts.append(Chart.from_figure(fig))
    return charts
