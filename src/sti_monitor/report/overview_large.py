"""The city report of a large set of districts, summarised so that it stays short at any size.

With more districts than ``large_overview_districts`` (``params/settings.yaml``), listing every
district in heatmaps, rankings and bar charts makes a report of hundreds of pages. Instead:
the city's own values against its target path, the distribution of each indicator across the
districts (box and strip plots, coloured by status), counts by status, the top and bottom
districts, and a pointer to ``summary.xlsx`` for the full table. Its length depends on the
number of indicators only (about 15 pages for nine).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..measure import Results
from ..missing import is_missing
from .brief import summary
from .charts import CITY_COLOUR, TARGET_COLOUR, _figure
from .elements import Chart, Elements, Heading, Paragraph, Table
from .fonts import setup_matplotlib
from .formatting import fmt_number
from .frame import page_break
from .rows import shown_statuses, status_colour, status_label
from .units import large_extremes
from .wording import say

PER_FIGURE = 3  # indicators per distribution figure: one page each
STATUSES = ("met", "near", "behind", "no_data")
STATUSES_FINAL = ("completed", "not_completed", "no_data")  # the plan's final year (rows.final_status)


def _districts(results: Results, year: int) -> pd.DataFrame:
    t = results.year_table(year)
    return t[t["unit_code"].isin(results.member_codes)]


def city_target_path_charts(results: Results, year: int) -> list[Chart]:
    """The city's values over the years and its target path to the plan's final year, one panel
    per indicator, nine panels per chart."""
    setup_matplotlib()
    fw, city = results.framework, results.units.city.code
    targets = results.target_paths(city)
    charts, inds = [], fw.indicators
    pages = [inds[i : i + 9] for i in range(0, len(inds), 9)]
    for n, part in enumerate(pages, start=1):
        rows = -(-len(part) // 3)
        fig, _ = _figure(17, 5.2 * rows)
        fig.clear()
        axes = fig.subplots(rows, 3, squeeze=False).ravel()
        for ax, ind in zip(axes, part):
            history = results.series(city, ind.id).dropna()
            path = targets[ind.id].dropna() if ind.id in targets else pd.Series(dtype=float)
            if len(path):
                ax.plot(
                    path.index,
                    path.values,
                    color=TARGET_COLOUR,
                    lw=1.1,
                    ls="--",
                    marker="^",
                    ms=3,
                    label=say("legend_target_plain"),
                )
            ax.plot(history.index, history.values, color="#1f4e9c", lw=2, marker="o", ms=3.5, label=say("legend_city"))
            for x, y in history.items():
                ax.annotate(
                    fmt_number(y, ind.precision),
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, 4),
                    ha="center",
                    fontsize=6,
                )
            ax.set_title(f"{ind.short_name}（{ind.unit}）", fontsize=8, loc="left")
            ax.tick_params(labelsize=6.5)
            ax.set_xticks(sorted(set(history.index) | set(path.index)))
            ax.tick_params(axis="x", rotation=45)
        for ax in axes[len(part) :]:
            ax.set_visible(False)
        axes[0].legend(fontsize=6.5, frameon=False, loc="upper left")
        fig.tight_layout(h_pad=1.2, w_pad=0.8)
        label = f"{n}/{len(pages)}" if len(pages) > 1 else say("large_target_path_all")
        charts.append(
            Chart.from_figure(fig, tight=False, caption=say("large_target_path_caption", part=label), supplement="图")
        )
    return charts


def _distribution_panel(ax, ind, rows: pd.DataFrame, city_value, rng) -> None:
    """One indicator's box and strip of the districts' ``rows``, the city's value dashed where comparable, and a
    title with the counts by status; ``rng`` jitters the strip."""
    have = rows.dropna(subset=["value"])
    if len(have):
        ax.boxplot(
            have["value"],
            orientation="horizontal",
            widths=0.5,
            showfliers=False,
            patch_artist=True,
            boxprops={"facecolor": "#e8eef8", "edgecolor": "#1f4e9c"},
            medianprops={"color": "#1f4e9c", "lw": 1.6},
            whiskerprops={"color": "#1f4e9c"},
            capprops={"color": "#1f4e9c"},
        )
        jitter = rng.uniform(-0.18, 0.18, len(have))
        ax.scatter(
            have["value"],
            1 + jitter,
            s=5 if len(have) > 300 else 9,
            linewidths=0,
            alpha=0.8,
            c=[status_colour(s) for s in have["status"].fillna("no_data")],
            rasterized=len(have) > 200,
            zorder=3,
        )
    if ind.formula.kind != "field" and city_value is not None and not is_missing(city_value):
        ax.axvline(city_value, color=CITY_COLOUR, lw=1, ls="--")
        ax.annotate(
            say("large_city_value", value=fmt_number(city_value, ind.precision)),
            (city_value, 1.42),
            fontsize=6.5,
            ha="left",
            color="#404040",
        )
    counts = rows["status"].value_counts()  # (in the plan's final year: completed or not, see city_overview_large)
    ax.set_title(
        say(
            "large_distribution_title_final"
            if "completed" in counts or "not_completed" in counts
            else "large_distribution_title",
            indicator=ind.name,
            measure=ind.unit,
            met=counts.get("met", 0),
            near=counts.get("near", 0),
            behind=counts.get("behind", 0),
            completed=counts.get("completed", 0),
            not_completed=counts.get("not_completed", 0),
            no_data=counts.get("no_data", 0),
        ),
        fontsize=8,
        loc="left",
    )
    ax.set_yticks([])
    ax.set_ylim(0.5, 1.55)
    ax.tick_params(labelsize=7)
    ax.grid(axis="y", visible=False)


def distributions(districts: pd.DataFrame, results: Results, year: int) -> list[Chart]:
    """Each indicator across the districts: a box (quartiles, median) over a strip of every district,
    coloured by status, with the city's value as a dashed line where it is comparable."""
    setup_matplotlib()
    fw, city = results.framework, results.units.city.code
    city_values = results.unit_table(city, year).set_index("indicator")["value"]
    rng = np.random.default_rng(0)  # the same jitter on every run: the same PDF for the same data
    charts, inds = [], fw.indicators
    pages = [inds[i : i + PER_FIGURE] for i in range(0, len(inds), PER_FIGURE)]
    for n, part in enumerate(pages, start=1):
        fig, _ = _figure(17, 6.2 * len(part))
        fig.clear()
        axes = fig.subplots(len(part), 1, squeeze=False).ravel()
        for ax, ind in zip(axes, part):
            _distribution_panel(ax, ind, districts[districts["indicator"] == ind.id], city_values.get(ind.id), rng)
        fig.tight_layout(h_pad=1.5)
        charts.append(
            Chart.from_figure(
                fig,
                tight=False,
                caption=say("large_distribution_caption", year=year, part=f"{n}/{len(pages)}"),
                supplement="图",
            )
        )
    return charts


def status_table(districts: pd.DataFrame, results: Results, year: int) -> Table:
    """Per indicator: districts by status, and the median, quartiles and range of their values."""
    body = []
    for ind in results.framework.indicators:
        rows = districts[districts["indicator"] == ind.id]
        counts = rows["status"].value_counts()
        statuses = STATUSES_FINAL if results.is_final(year) else STATUSES
        v = rows["value"].dropna()
        p = ind.precision
        q = v.quantile([0.25, 0.5, 0.75]) if len(v) else pd.Series([np.nan] * 3, index=[0.25, 0.5, 0.75])
        body.append(
            [
                ind.short_name,
                ind.unit,
                *[str(int(counts.get(s, 0))) for s in statuses],
                fmt_number(q[0.5], p),
                f"{fmt_number(q[0.25], p)}–{fmt_number(q[0.75], p)}",
                fmt_number(v.min() if len(v) else np.nan, p),
                fmt_number(v.max() if len(v) else np.nan, p),
            ]
        )
    n = districts["unit_code"].nunique()
    header = [
        say("column_indicator"),
        say("column_measure"),
        *[status_label(s) for s in (STATUSES_FINAL if results.is_final(year) else STATUSES)],
        *[say(k) for k in ("column_median", "column_quartiles", "column_min", "column_max")],
    ]
    return Table(
        header,
        body,
        caption=say("large_status_caption", year=year, n=n),
        supplement="表",
        widths=["1.4fr", "auto", "auto", "auto", "auto", "auto", "auto", "1fr", "auto", "auto"],
        align=["left", "center", "center", "center", "center", "center", "right", "center", "right", "right"],
        font_size="7.5pt",
    )


def ranking_extremes(districts: pd.DataFrame, results: Results, year: int) -> Table:
    """The districts with the highest and lowest assessment score (ties keep the unit list's order)."""
    k = large_extremes()
    order = {code: i for i, code in enumerate(results.member_codes)}
    scores = results.scores
    shown = set(districts["unit_code"]) & set(order)
    score = scores[(scores["year"] == year) & scores["unit_code"].isin(shown)].set_index("unit_code")[
        "assessment_score"
    ]
    met = districts[districts["status"] == "met"].groupby("unit_code").size()
    frame = pd.DataFrame({"assessment_score": score, "order": [order[c] for c in score.index]})
    frame = frame.sort_values(["assessment_score", "order"], ascending=[False, True], na_position="last")
    codes = list(frame.index)
    body = []

    def line(pos, code):
        return [
            str(pos),
            results.units[code].name,
            fmt_number(frame.at[code, "assessment_score"], 2),
            str(int(met.get(code, 0))),
        ]

    if len(codes) <= 2 * k:
        body = [line(i, c) for i, c in enumerate(codes, start=1)]
    else:
        body = [line(i, c) for i, c in enumerate(codes[:k], start=1)]
        body.append(["", say("large_ranking_gap", m=len(codes) - 2 * k), "", ""])
        body += [line(len(codes) - k + i, c) for i, c in enumerate(codes[-k:], start=1)]
    return Table(
        [say(k) for k in ("column_place", "column_district", "column_assessment_score", "column_met_count")],
        body,
        caption=say("large_ranking_caption", year=year, k=k, n=len(codes)),
        supplement="表",
        widths=["auto", "1fr", "auto", "auto"],
        align=["center", "left", "right", "center"],
        font_size="8pt",
    )


def indicator_extremes(districts: pd.DataFrame, results: Results, year: int) -> Table:
    """Per indicator, the best and the worst districts by value (best first in each list)."""
    k = large_extremes()
    body = []
    for ind in results.framework.indicators:
        rows = districts[districts["indicator"] == ind.id].dropna(subset=["value"])
        rows = rows.sort_values("value", ascending=not ind.higher_is_better, kind="stable")

        def names(part, precision=ind.precision):
            return "、".join(f"{r.unit_name} {fmt_number(r.value, precision)}" for r in part.itertuples())

        worst = rows.iloc[::-1].head(k) if len(rows) > k else rows.iloc[0:0]
        body.append([f"{ind.short_name}（{ind.unit}）", names(rows.head(k)), names(worst)])
    return Table(
        [say("column_indicator"), say("column_best_k", k=k), say("column_worst_k", k=k)],
        body,
        caption=say("large_indicator_extremes_caption", year=year, k=k),
        supplement="表",
        widths=["auto", "1fr", "1fr"],
        align=["left", "left", "left"],
        font_size="7pt",
    )


def city_overview_large(results: Results, year: int) -> Elements:
    """The body of the summarised city report (see the module docstring): what ``city_overview``
    shows when :func:`~.units.is_large`."""
    city, fw = results.units.city.code, results.framework
    d = _districts(results, year)
    d = d.assign(status=shown_statuses(d, results.is_final(year)))  # the final year: 已完成 / 未完成, no 接近
    n, k = d["unit_code"].nunique(), large_extremes()
    page = page_break()
    return Elements(
        [
            summary(results, city, year),
            page,
            Heading(say("large_target_path_heading"), 2),
            Paragraph(say("large_target_path_intro", n=len(fw.indicators), final_year=fw.final_year)),
            *city_target_path_charts(results, year),
            Heading(say("large_distribution_heading"), 2),
            Paragraph(say("large_distribution_intro", n=n)),
            status_table(d, results, year),
            *distributions(d, results, year),
            Heading(say("large_extremes_heading", k=k), 2),
            ranking_extremes(d, results, year),
            indicator_extremes(d, results, year),
            Paragraph(say("large_pointer", n=n)),
        ]
    )
