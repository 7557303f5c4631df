"""Report content: the cover, summary, indicator sections and appendix of a unit's report, and
the city overview. Notebooks call these and display what they return (see ``notebooks/``).

Every sentence comes from ``params/wording/report.yaml`` (:func:`~sti_monitor.report.wording.say`);
every number a row shows is formatted once, at the precision its status was judged on
(:mod:`sti_monitor.measure.precision`), so what a row says never contradicts itself.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..missing import is_missing
from .. import __version__
from ..ingest import load_fields
from ..measure import (
    RULE_LABELS,
    STATUS_COLOURS,
    STATUS_LABELS,
    Results,
    evaluate,
    target_trajectories,
)
from ..measure.precision import reaches, row_precision
from ..measure.results import load_results_file
from ..paths import DEFAULT_FRAMEWORK, SAMPLE_DATA_DIR
from .charts import district_bars, target_paths, trajectory
from .elements import Bullets, Cell, Elements, Heading, Paragraph, Raw, Table, typst_str
from .formatting import (
    MISSING,
    cn,
    fmt_completion,
    fmt_number,
    fmt_percent,
    fmt_size,
    )
from .overview_large import appendix_large, city_overview_large, is_large
from .wording import say, templates

UNKNOWN_COLOUR = "#9e9e9e"


def load(data_dir=None, framework: str = DEFAULT_FRAMEWORK, results_path=None, inputs=None) -> Results:
    """The results to report on. A batch passes ``results_path`` (the results it computed once) and
    records ``data_dir`` and ``inputs``: JSON text of ``{"all": SHA-256 over every input file,
    "files": {file: SHA-256}}`` for the files this unit's own numbers come from (every member's
    for the city), so that its size does not grow with the number of units (a plain
    ``{file: SHA-256}`` dict is read too). Re-executed later, the notebook loads that cache while
    it exists and the inputs are unchanged; else it recomputes from ``data_dir``, first printing
    which of its files changed (or that other units' files did). ``data_dir`` None: the embedded
    sample data.

    Inside a batch the inputs were hashed once, when it started, and every report of the batch
    is made from that one snapshot: the batch's kernel is told so (:func:`trust_batch`) and does
    not hash every input again for every unit."""
    trusted = isinstance(inputs, str) and _batch == (str(results_path), inputs)
    recorded = json.loads(inputs) if isinstance(inputs, str) else inputs
    if data_dir and recorded and not trusted:
        from ..ingest.panel import input_files, inputs_digest

        structured = isinstance(recorded.get("files"), dict) and isinstance(recorded.get("all"), str)
        files = recorded["files"] if structured else recorded
        now = input_files(Path(data_dir)) if Path(data_dir).is_dir() else {}
        names = set(files) if structured else {*files, *now}
        changed = sorted(name for name in names if files.get(name) != now.get(name))
        others = structured and inputs_digest(now) != recorded["all"]
        if changed or others:
            print(say("inputs_changed", files="、".join(changed) or say("inputs_changed_others"), data_dir=data_dir))
            return evaluate(Path(data_dir), framework)
    if results_path and Path(results_path).is_file():
        return load_results_file(results_path)
    return evaluate(Path(data_dir) if data_dir else SAMPLE_DATA_DIR, framework)


_batch: tuple[str, str] | None = None  # (results file, inputs text) of the batch this kernel renders


def trust_batch(results_path: str | None, inputs: str | None) -> None:
    """Called by the batch engine before each unit: ``inputs`` (the unit's ``inputs`` parameter, JSON
    text) is what the batch hashed when it computed ``results_path`` (``None``: trust nothing)."""
    global _batch
    _batch = (str(results_path), inputs) if results_path and inputs else None


def unit_key(results: Results, unit_code) -> str:
    """The unit code as the results hold it (papermill may pass 330302 as a number); None: the city."""
    if unit_code is None:
        return results.units.city.code
    code = str(int(unit_code)) if isinstance(unit_code, float) else str(unit_code).strip()
    if code not in results.units:
        from ..errors import StiMonitorError
        raise StiMonitorError(f"单位代码 {code} 不在单位清单中")
    return code


def unit_name(results: Results, unit_code: str) -> str:
    """The unit's name as Chinese text shows it (full-width brackets)."""
    return cn(results.units[unit_code].name)


def members(results: Results) -> list:
    """The units the city's report compares and ranks (its districts, or the areas a corridor sums): the one
    place that says so."""
    return results.members


def _member_set(results: Results) -> frozenset[str]:
    return results.cached("member_codes", lambda: frozenset(u.code for u in members(results)))


def member_codes(results: Results) -> set[str]:
    return set(_member_set(results))


def is_member(results: Results, unit_code: str) -> bool:
    """Whether the unit is one of those compared and ranked (and part of the city total)."""
    return unit_code in _member_set(results)



def single_unit(results: Results) -> bool:
    """A plan of one unit (a county's own plan): no districts to compare with."""
    return not members(results)


def report_title(unit_name: str, year: int, final: bool = False) -> str:
    """The report's title; in the plan's final year the report is its final evaluation (终期评估)."""
    if final:
        return f"{unit_name}科技创新主要指标终期评估报告（{year}年）"
    return f"{unit_name}科技创新主要指标监测报告（{year}年度）"


def document(results: Results, unit_code: str, year: int) -> Raw:
    """Page settings of the PDF: A4, running header with the unit and year, 第 X 页 共 Y 页."""
    unit_code = unit_key(results, unit_code)
    name = unit_name(results, unit_code)
    title = report_title(name, year, results.is_final(year))
    header = f"{name} · {year}年度"
    typst = f"""#set document(title: {typst_str(title)}, author: "sti-monitor")
#set page(paper: "a4", margin: (x: 2.2cm, top: 2.6cm, bottom: 2.2cm),
  header: context {{ if counter(page).get().first() > 1 {{
    set text(size: 8pt, fill: luma(90), font: sans-font)
    grid(columns: (1fr, 1fr), align(left, {typst_str(header)}), align(right, {typst_str("科技创新主要指标监测报告")}))
    v(-4pt); line(length: 100%, stroke: 0.4pt + luma(150)) }} }},
  footer: context {{ if counter(page).get().first() > 1 {{
    set text(size: 8pt, font: sans-font)
    align(center)[第 #counter(page).display() 页 共 #counter(page).final().first() 页] }} }})
"""
    return Raw(typst, f"<p style='color:#666'>{header}</p>")


def cover(results: Results, unit_code: str, year: int, generated: dt.date | None = None) -> Elements:
    """The cover page: title, framework, date of generation."""
    unit_code = unit_key(results, unit_code)
    name = unit_name(results, unit_code)
    generated = generated or dt.date.today()
    date = f"{generated.year}年{generated.month}月{generated.day}日"
    title = report_title(name, year, results.is_final(year))
    typst = f"""#page(header: none, footer: none)[
  #v(5cm)
  #align(center)[
    #text(size: {24 if len(name) <= 6 else 19}pt, font: sans-font, fill: rgb("#1f4e9c"), {typst_str(title.rsplit("（", 1)[0])})
    #v(0.6cm)
    #text(size: 16pt, font: sans-font, {typst_str("（" + title.rsplit("（", 1)[1])})
    #v(2.5cm)
    #text(size: 12pt, {typst_str("指标体系：" + cn(results.framework.name))})
    #v(0.3cm)
    #text(size: 12pt, {typst_str("生成日期：" + date)})
  ]
  #v(1fr)
  #align(center, text(size: 9pt, fill: luma(100), {typst_str(f"由 sti-monitor {__version__} 根据各县（市、区）统计报表自动生成")}))
]
"""
    html = f"<h1>{title}</h1><p>指标体系：{cn(results.framework.name)}<br>生成日期：{date}</p>"
    return Elements([Raw(typst, html)])


def front_matter(results: Results, unit_code: str | None, year: int) -> Elements:
    """Page settings and the cover (``unit_code`` None: the city)."""
    unit_code = unit_key(results, unit_code)
    return Elements([document(results, unit_code, year), *cover(results, unit_code, year)])


def heading(key: str, level: int = 2) -> Heading:
    """A section heading from the wording file (``heading_summary``, ``heading_appendix``, …)."""
    return Heading(say(key), level)


# --- one row as the reader sees it -------------------------------------------------------------------

def status_label(status) -> str:
    """The status word; a status this code does not know yet shows as itself rather than failing."""
    return STATUS_LABELS.get(status, str(status)) if not is_missing(status) else STATUS_LABELS["no_data"]


def status_phrase(status) -> str:
    """The status inside a sentence (已达标, 接近目标, …)."""
    key = f"status_phrase_{status}"
    return say(key) if key in templates() else status_label(status)


def status_cell(status, text: str | None = None) -> Cell:
    return Cell(text if text is not None else status_label(status), STATUS_COLOURS.get(status, UNKNOWN_COLOUR), "center")


@dataclass(frozen=True)
class Shown:
    """One indicator's row of one unit, every number formatted as the report shows it."""

    value: str
    target: str
    stretch: str
    completion: str  # "99.3%", or for growth rates "高于目标0.2个百分点"
    status: str
    precision: int
    about: str = ""  # "左右" for an about-target, met within its tolerance

    @property
    def target_cell(self) -> str:
        return self.target + self.about


def gap_text(value, target, precision: int, higher_is_better: bool = True) -> str:
    """A growth rate against its target in percentage points, from the shown numbers."""
    if is_missing(value) or is_missing(target):
        return MISSING
    v, t = float(fmt_number(value, precision, False)), float(fmt_number(target, precision, False))
    gap = fmt_number(abs(v - t), precision)
    if gap == fmt_number(0, precision):
        return say("gap_equal")
    return say("gap_above" if v > t else "gap_below", gap=gap)


def shown(ind, r) -> Shown:
    """Row ``r`` (a results row) of indicator ``ind`` formatted once, at the precision its status was judged on."""
    growth = ind.is_growth
    p = row_precision(ind.precision, r["value"], r["target"], ind.higher_is_better, not growth)
    stretch = r.get("stretch_target")
    sp = max(p, row_precision(ind.precision, r["value"], stretch, ind.higher_is_better, not growth)) \
        if not is_missing(stretch) else p
    completion = gap_text(r["value"], r["target"], p, ind.higher_is_better) if growth \
        else fmt_completion(r["value"], r["target"], ind.higher_is_better)
    about = say("about_suffix") if r.get("target_kind") == "about" and not is_missing(r["target"]) else ""
    return Shown(fmt_number(r["value"], p), fmt_number(r["target"], p), fmt_number(stretch, sp), completion, r["status"], p,
                 about)


def still_needed(ind, r, final_year: int) -> str:
    """What still has to happen to reach the plan's final target, in words that fit the case; "" when unknown.
    Never a negative rise: a target already reached or below this year's reads as "keep at"."""
    final, value = r["final_target"], r["value"]
    if is_missing(final) or is_missing(value):
        return ""
    if ind.is_growth:
        return say("need_growth_rate", final_year=final_year, final_target=fmt_number(final, ind.precision))
    p = row_precision(ind.precision, value, final, ind.higher_is_better)
    final_text = fmt_number(final, p)
    if reaches(value, final, p, ind.higher_is_better):
        this_year = r["target"]
        if not is_missing(this_year) and not reaches(final, this_year, p, ind.higher_is_better):
            key = "need_keep_above" if ind.higher_is_better else "need_keep_below"
            return say(key, final_target=final_text, measure=ind.unit, final_year=final_year)
        return say("need_reached", final_year=final_year)
    step, step_unit = r["required_growth"], r["required_growth_unit"]
    if is_missing(step) or step == 0:
        return ""
    if step_unit == "%" and ind.interpolation == "geometric":
        key = "need_growth" if step > 0 else "need_fall"
        return say(key, final_year=final_year, final_target=final_text, measure=ind.unit, step=fmt_size(abs(step), 1),
                   step_unit="%")
    return say("need_rise" if step > 0 else "need_fall", final_year=final_year, final_target=final_text,
               measure=ind.unit, step=fmt_size(abs(step), ind.precision), step_unit=step_unit)


# --- summary -----------------------------------------------------------------------------------------

def _rows(results: Results, unit_code: str, year: int) -> pd.DataFrame:
    return results.unit_table(unit_code, year).set_index("indicator")


def rank_text(rank, n: int) -> str:
    return MISSING if is_missing(rank) else f"{int(rank)}/{n}"


def has_stretch(results: Results, rows: pd.DataFrame) -> bool:
    return bool(rows["stretch_target"].notna().any())


def scorecard(results: Results, unit_code: str, year: int, rows: pd.DataFrame | None = None) -> Table:
    """Indicator, unit, value, target (and stretch target), completion (or gap in percentage points for
    growth rates), status, and for a district its place among the districts by value."""
    unit_code = unit_key(results, unit_code)
    rows = _rows(results, unit_code, year) if rows is None else rows
    n = len(members(results))
    ranked = is_member(results, unit_code)
    stretch = has_stretch(results, rows)
    body = []
    for i, ind in enumerate(results.framework.indicators, start=1):
        r = rows.loc[ind.id]
        s = shown(ind, r)
        row = [f"{i}. {cn(ind.name)}", ind.unit, s.value, s.target_cell, *([s.stretch] if stretch else []), s.completion,
               status_cell(s.status)]
        if ranked:
            row.append(rank_text(r["rank"], n))
        body.append(row)
    header = ["指标", "单位", "实际值", "目标值（确保）" if stretch else "目标值", *(["力争目标"] if stretch else []),
              "完成率 / 差距", "状态", *(["位次（按数值）"] if ranked else [])]
    widths = ["1fr", *["auto"] * (len(header) - 1)]
    align = ["left", "center", "right", "right", *(["right"] if stretch else []), "right", "center",
             *(["center"] if ranked else [])]
    return Table(header, body, caption=say("scorecard_caption", year=year), widths=widths, align=align)


def _change(ind, now, before):
    """A comparable size of change from last year: percentage points / 100 for growth rates, relative otherwise."""
    if is_missing(now) or is_missing(before) or before == 0:
        return None
    if ind.is_growth:
        return (now - before) / 100
    return now / before - 1


def headlines(results: Results, unit_code: str, year: int, rows: pd.DataFrame | None = None) -> list[str]:
    """Plain sentences on what stands out: counts, best and largest gap against target (completion, not
    size), growth rates in percentage points, the biggest change from last year."""
    unit_code = unit_key(results, unit_code)
    fw, name = results.framework, unit_name(results, unit_code)
    rows = _rows(results, unit_code, year) if rows is None else rows
    counts = rows["status"].value_counts()
    others = "".join(say("status_counts_other", label=status_label(s), count=int(c))
                     for s, c in counts.items() if s not in ("met", "near", "behind") and c)
    sentences = [say("status_counts", year=year, unit=name, n=len(fw.indicators), met=int(counts.get("met", 0)),
                     near=int(counts.get("near", 0)), behind=int(counts.get("behind", 0)), others=others)]
    levels = {i.id: i for i in fw.indicators if not i.is_growth}
    ach = rows.loc[[k for k in rows.index if k in levels], "achievement"].dropna()
    n_districts = len(members(results))
    if len(ach):
        best = levels[ach.idxmax()]
        r = rows.loc[best.id]
        s = shown(best, r)
        rank = say("strongest_rank", n=n_districts, rank=int(r["rank"])) \
            if not is_missing(r["rank"]) and is_member(results, unit_code) else ""
        sentences.append(say("strongest", indicator=cn(best.name), value=s.value, measure=best.unit,
                             completion=s.completion, rank=rank))
        worst = levels[ach.idxmin()]
        if worst.id != best.id:
            r = rows.loc[worst.id]
            s = shown(worst, r)
            need = still_needed(worst, r, fw.final_year)
            sentences.append(say("weakest", indicator=cn(worst.name), value=s.value, target=s.target, about=s.about, measure=worst.unit,
                                 completion=s.completion, need=f"；{need}" if need else ""))
    for ind in fw.indicators:
        if ind.is_growth and not is_missing(rows.loc[ind.id, "value"]) and not is_missing(rows.loc[ind.id, "target"]):
            s = shown(ind, rows.loc[ind.id])
            sentences.append(say("growth_finding", indicator=cn(ind.name), value=s.value, gap=s.completion,
                                 status=status_phrase(s.status)))
    if year - 1 in results.years:
        before = _rows(results, unit_code, year - 1)
        changes = {i.id: _change(i, rows.loc[i.id, "value"], before.loc[i.id, "value"]) for i in fw.indicators}
        changes = {k: v for k, v in changes.items() if v is not None}
        if changes:
            k = max(changes, key=lambda k: abs(changes[k]))
            ind = fw.indicator(k)
            a, b = before.loc[k, "value"], rows.loc[k, "value"]
            p = row_precision(ind.precision, a, b)
            sentences.append(say("largest_change", indicator=cn(ind.name), before=fmt_number(a, p), now=fmt_number(b, p),
                                 measure=ind.unit, verb=say("change_up") if b > a else say("change_down")))
    return sentences


def assessment_table(results: Results, year: int) -> pd.DataFrame:
    """The compared units' assessment of ``year`` (score, rank, grade, index, group), best score first."""
    def build():
        scores = results.scores
        rows = scores[(scores["year"] == year) & scores["unit_code"].isin(member_codes(results))]
        return rows.dropna(subset=["assessment_score", "assessment_rank"]).sort_values(["assessment_rank", "unit_code"]).set_index("unit_code")
    return results.cached(("assessment_table", year), build).copy(deep=False)


def overall_standing(results: Results, unit_code: str, year: int) -> Elements:
    """The district's overall place by its assessment score (the measure of the city report's ranking table, so
    the two agree) and its composite-index group; the assessment section below explains both."""
    if not is_member(results, unit_code) or results.scores is None:
        return Elements([])
    table = assessment_table(results, year)
    if unit_code not in table.index:
        return Elements([])
    r = table.loc[unit_code]
    if is_missing(r["assessment_rank"]):
        return Elements([])
    index = say("overall_index", index=fmt_number(r["index"], 1), group=r["group"]) if not is_missing(r["index"]) else ""
    return Elements([Paragraph(say("overall_standing" if r["grade"] else "overall_standing_plain",
                                   score=fmt_number(r["assessment_score"], 2), grade=r["grade"],
                                   districts=len(table), rank=int(r["assessment_rank"]), index=index))])


def summary(results: Results, unit_code: str, year: int) -> Elements:
    """The one-page summary: counts of met / near / behind, the overall standing, the scorecard, the headlines."""
    unit_code = unit_key(results, unit_code)
    rows = _rows(results, unit_code, year)
    counts = rows["status"].value_counts()
    shown_states = ["met", "near", "behind", *[s for s in counts.index if s not in ("met", "near", "behind") and
                                               s not in ("no_target", "no_data")]]
    boxes = []
    for state in shown_states:
        boxes.append(f"box(fill: rgb(\"{STATUS_COLOURS.get(state, UNKNOWN_COLOUR)}\"), inset: 8pt, radius: 3pt, width: 100%, "
                     f"align(center, text(fill: white, font: sans-font)[#text(size: 20pt, \"{counts.get(state, 0)}\") \\ "
                     f"#{typst_str(say('status_box', label=status_label(state)))}]))")
    typst = f"#grid(columns: ({', '.join(['1fr'] * len(boxes))}), gutter: 10pt, " + ", ".join(boxes) + ")\n#v(6pt)\n"
    html = " ".join(f"<span style='background:{STATUS_COLOURS.get(s, UNKNOWN_COLOUR)};color:white;padding:4px 10px;"
                    f"margin-right:6px'>{status_label(s)} {counts.get(s, 0)} 项</span>" for s in shown_states)
    notes = [cn(r["note"]).rstrip("。") for _, r in rows.iterrows() if r["note"]]
    items = [Raw(typst, f"<p>{html}</p>"), *overall_standing(results, unit_code, year),
             scorecard(results, unit_code, year, rows)]
    if is_member(results, unit_code):
        items.append(Paragraph(say("rank_note", n=len(members(results)))))
    items += [Heading(say("heading_findings"), 3), Bullets(headlines(results, unit_code, year, rows))]
    if notes:
        items.append(Paragraph(say("data_notes", notes="；".join(dict.fromkeys(notes)))))
    return Elements(items)


# --- indicator sections ------------------------------------------------------------------------------

def _series(unit_rows: pd.DataFrame, indicator: str, column: str = "value") -> pd.Series:
    sel = unit_rows[unit_rows["indicator"] == indicator]
    return sel.set_index("year")[column].sort_index()


@dataclass(frozen=True)
class Peers:
    """What one indicator's section compares a unit with: the same for every unit of a batch, so
    built once per batch (see :func:`_peers`) and a unit's section costs the same at any size."""

    empty: bool  # no district has a row of this indicator
    city: pd.Series  # the city's values by year
    median: pd.Series  # the median district's value by year
    best: dict  # year -> (code, name, value, target) of the best district (see _best)


def _peers(results: Results) -> dict[str, Peers]:
    """Indicator id -> :class:`Peers`, built on first use and kept with the results (a warm
    kernel builds it once per batch)."""
    def build():
        districts, city = results.member_rows(), results.unit_table(results.units.city.code)
        by_indicator = dict(tuple(districts.groupby("indicator", sort=False)))
        out = {}
        for ind in results.framework.indicators:
            rows = by_indicator.get(ind.id, districts.iloc[0:0])
            out[ind.id] = Peers(rows.empty, _series(city, ind.id), rows.groupby("year")["value"].median().sort_index(),
                                _best(rows, ind))
        return out
    return results.cached("report_peers", build)


def _best(rows: pd.DataFrame, indicator) -> dict:
    """The best district of each year: by value for ratios and growth rates, by completion of its own target for
    totals (the largest district is not the best one); the first in table order on a tie.
    Year -> (code, name, value, target)."""
    column = "achievement" if indicator.formula.kind == "field" else "value"
    rows = rows.dropna(subset=[column])
    if rows.empty:
        return {}
    by_year = rows.groupby("year")[column]
    picks = by_year.idxmax() if (indicator.higher_is_better or column == "achievement") else by_year.idxmin()
    return {int(year): (rows.at[pick, "unit_code"], cn(rows.at[pick, "unit_name"]), rows.at[pick, "value"],
                        rows.at[pick, "target"]) for year, pick in picks.items()}


MEDIAN_SCALE = 3  # the median district is drawn beside a total only within this factor of the unit's value


def _chart_note(total: bool, compare: bool, drawn_median, share) -> str:
    if not compare:
        return ""
    if not total:
        return say("chart_note_ratio")
    key = "chart_note_total" if drawn_median is not None else "chart_note_total_alone"
    return say(key, share=say("chart_note_share") if share is not None else "")


def _trajectories(results: Results, unit_code: str, column: str = "target") -> pd.DataFrame:
    """The unit's target path (``column`` "stretch_target": stretch path; empty when the plan has none)."""
    if column == "stretch_target" and not any(t.stretch is not None for i in results.framework.indicators
                                                for t in i.targets):
        return pd.DataFrame()
    code, city = unit_key(results, unit_code), results.units.city.code
    own = pd.concat([results.unit_table(code), results.unit_table(city)]) if code != city else results.unit_table(code)
    return target_trajectories(own, results.framework, results.units, results.task_rows(code), code, column)


def indicator_section(results: Results, unit_code: str, year: int, number: int, indicator,
                      trajectories: pd.DataFrame | None = None, own: pd.DataFrame | None = None,
                      peers: dict[str, Peers] | None = None, stretch_paths: pd.DataFrame | None = None) -> Elements:
    """One indicator: chart of values and target path beside fitting peers, and a paragraph.
    Totals are compared with the median district (and the unit's share of the city), ratios with the city
    and the highest district. ``trajectories``, ``own`` (the unit's rows) and ``peers`` may be passed
    when drawing several sections, so the table is indexed once."""
    unit_code = unit_key(results, unit_code)
    fw, name = results.framework, unit_name(results, unit_code)
    city_code = results.units.city.code
    own = results.unit_table(unit_code) if own is None else own
    peer = (_peers(results) if peers is None else peers)[indicator.id]
    mine = own.iloc[np.flatnonzero(own["indicator"].to_numpy() == indicator.id)]  # positions: no boolean frame
    r = mine.iloc[np.flatnonzero(mine["year"].to_numpy() == year)[0]]
    s = shown(indicator, r)
    history = mine.set_index("year")["value"].sort_index()
    if trajectories is None:
        trajectories = _trajectories(results, unit_code)
    targets = trajectories[indicator.id] if indicator.id in trajectories else pd.Series(dtype=float)
    if stretch_paths is None:
        stretch_paths = _trajectories(results, unit_code, "stretch_target")
    stretch = stretch_paths[indicator.id] if indicator.id in stretch_paths else pd.Series(dtype=float)
    total = indicator.formula.kind == "field"
    compare = unit_code != city_code and not peer.empty
    member = compare and is_member(results, unit_code)
    city = median = best = drawn_median = None
    best_code, best_name, best_value, best_target = peer.best.get(year, (None, None, None, None))
    if compare:
        city = peer.city
        if total:
            median = peer.median
            mine_now, med = r["value"], median.get(year)
            # a median many times the unit's own size would flatten the unit's line: then the text gives it
            drawn_median = median if not is_missing(mine_now) and not is_missing(med) and mine_now > 0 and \
                1 / MEDIAN_SCALE <= med / mine_now <= MEDIAN_SCALE else None
        elif best_code and best_code != unit_code:
            best = results.series(best_code, indicator.id)
    share = None
    if total and member:  # zones are not part of the city total
        share = (history / city.where(city > 0) * 100).dropna()
    chart = trajectory(name, indicator, history, targets, city=None if total else city, best=best,
                       best_name=best_name or "", median=drawn_median if total and compare else None,
                       share=share if share is not None and len(share) else None, stretch=stretch if stretch.notna().any() else None,
                       caption=say("chart_caption", number=number, indicator=cn(indicator.name), measure=indicator.unit,
                                   note=_chart_note(total, compare, drawn_median if total and compare else None,
                                                   share if share is not None and len(share) else None)))
    p = s.precision
    text = [say("section_value", year=year, unit=name, indicator=cn(indicator.name), value=s.value, measure=indicator.unit)]
    if not is_missing(r["target"]):
        rule = RULE_LABELS.get(r["target_rule"], r["target_rule"])
        key = "section_target_growth" if indicator.is_growth else "section_target"
        text.append(say(key, target=s.target, about=s.about, measure=indicator.unit, rule=rule, completion=s.completion, gap=s.completion,
                        status=status_phrase(s.status)))
    if not is_missing(r["stretch_target"]):
        text.append(say("section_stretch", stretch=s.stretch, measure=indicator.unit,
                        reached=say("stretch_reached" if r["stretch_met"] else "stretch_not_reached")))
    if compare and year in city.index and not is_missing(city[year]):
        if total and not is_missing(r["value"]):
            med = median.get(year)
            median_text = fmt_number(med, row_precision(indicator.precision, med, med))
            if member and city[year] > 0:  # zones are not part of the city total
                text.append(say("section_share", share=fmt_percent(r["value"] / city[year]), median=median_text,
                                measure=indicator.unit))
            else:
                text.append(say("section_median", median=median_text, measure=indicator.unit))
        elif not total:
            text.append(say("section_city", value=fmt_number(city[year], p), measure=indicator.unit))
    if compare and best_code and best_code != unit_code:
        if total:
            text.append(say("section_best_completion", best=best_name,
                            completion=fmt_completion(best_value, best_target, indicator.higher_is_better)))
        else:
            text.append(say("section_best_value", best=best_name, value=fmt_number(best_value, p), measure=indicator.unit))
    need = still_needed(indicator, r, fw.final_year)
    if need:
        text.append(need)
    return Elements([Heading(f"{number}. {cn(indicator.name)}", 3), chart, Paragraph("，".join(text) + "。")])


def indicator_sections(results: Results, unit_code: str, year: int) -> Elements:
    """A section per indicator."""
    unit_code = unit_key(results, unit_code)
    trajectories = _trajectories(results, unit_code)
    stretch_paths = _trajectories(results, unit_code, "stretch_target")
    own, peers = results.unit_table(unit_code), _peers(results)
    return Elements([indicator_section(results, unit_code, year, i, ind, trajectories, own, peers, stretch_paths)
                     for i, ind in enumerate(results.framework.indicators, start=1)])


# --- appendix ----------------------------------------------------------------------------------------

def _raw_value(value: float) -> str:
    """A source cell's value: whole numbers with separators, small ones with four significant digits."""
    return fmt_number(value, 0) if abs(value) >= 1e4 else fmt_size(value, 0) if value else "0"


def appendix(results: Results, unit_code: str, year: int) -> Elements:
    """Definitions and formulas, raw values with source cells (the city: its totals per field), target rules,
    file SHA-256 and version."""
    unit_code = unit_key(results, unit_code)
    if unit_code == results.units.city.code and is_large(results):
        return appendix_large(results, year)
    fw, units, fields = results.framework, results.units, load_fields()
    defs = Table(["指标", "单位", "计算方法", "目标插值 / 分解"],
                 [[cn(ind.name), ind.unit, cn(ind.formula_text(fields)),
                   ("线性" if ind.interpolation == "linear" else "几何") + " / " +
                   ("按基期比例" if ind.decomposition == "proportional" else "与全市相同")] for ind in fw.indicators],
                 caption="附表 1  指标定义与计算公式", widths=["1.3fr", "auto", "2fr", "auto"], font_size="8pt")
    trace = results.trace(unit_code, year)
    names = {u.code: cn(u.name) for u in units.all()}
    condensed = unit_code == units.city.code and len(set(trace["unit_code"])) > 1
    if condensed:
        # additive fields as their city totals; rates (which do not add up) as the range reported
        sums = trace.groupby(["indicator", "field", "year"], sort=False).agg(
            total=("value", "sum"), low=("value", "min"), high=("value", "max"), files=("file", "nunique")).reset_index()
        raw_rows = []
        for rec in sums.itertuples(index=False):
            fld = fields[rec.field]
            shown_value = _raw_value(rec.total) if fld.kind in ("count", "amount") else \
                f"{_raw_value(rec.low)}～{_raw_value(rec.high)}" if rec.low != rec.high else _raw_value(rec.low)
            raw_rows.append([cn(fw.indicator(rec.indicator).short_name), cn(fld.name), str(rec.year), shown_value, fld.unit,
                             f"{rec.files}个文件"])
        raw = Table(["指标", "原始字段", "年份", "全市合计（比率为报送范围）", "计量单位", "来源"], raw_rows,
                    caption="附表 2  全市合计所用的原始数据", widths=["auto", "1fr", "auto", "auto", "auto", "auto"],
                    align=["left", "left", "center", "right", "center", "center"], font_size="7pt")
    else:
        raw_rows = []
        for rec in trace.itertuples(index=False):
            fld = fields[rec.field]
            raw_rows.append([cn(fw.indicator(rec.indicator).short_name), cn(fld.name), names.get(rec.unit_code, rec.unit_code),
                             str(rec.year), _raw_value(rec.value), fld.unit, f"{rec.file} {rec.sheet}!{rec.cell}"])
        raw = Table(["指标", "原始字段", "单位名称", "年份", "数值", "计量单位", "来源（文件 工作表!单元格）"], raw_rows,
                    caption="附表 2  计算所用原始数据及其来源", widths=["auto", "auto", "auto", "auto", "auto", "auto", "1fr"],
                    align=["left", "left", "left", "center", "right", "center", "left"], font_size="7pt")
    rows = _rows(results, unit_code, year)
    rules = Table(["指标", "目标值", "目标来源", "说明"],
                  [[cn(ind.name), shown(ind, rows.loc[ind.id]).target_cell, RULE_LABELS.get(rows.loc[ind.id, "target_rule"], ""),
                    cn(rows.loc[ind.id, "target_note"])] for ind in fw.indicators],
                  caption="附表 3  目标来源", widths=["1.2fr", "auto", "auto", "2fr"], font_size="8pt")
    used = set(trace["file"])
    books = [b for b in results.dataset.workbooks if b.name in used]
    files = [[b.name, b.sha256] for b in sorted(books, key=lambda b: b.name)]
    tasks = results.task_rows(unit_code)
    if not tasks.empty:
        for name in sorted(set(tasks["file"])):
            files.append([name, results.dataset.task_files.get(name, "")])
    if fw.source:
        files.append([f"指标体系 {fw.source.name}", fw.sha256])
    hashes = Table(["文件", "SHA-256"], files, caption="附表 4  数据文件校验值", widths=["auto", "1fr"], font_size="7pt")
    near = fmt_percent(fw.near_threshold, 0)
    method = say("appendix_method_single", near=near) if single_unit(results) else \
        say("appendix_method", n=len(members(results)), near=near)
    items = [Paragraph(method), defs]
    if condensed:
        items.append(Paragraph(say("appendix_raw_condensed")))
    items += [raw, rules, hashes]
    confirmed = [c for c in results.dataset.confirmed if unit_code in (c.confirmation.unit, units.city.code)]
    if confirmed:
        items.append(Paragraph(say("appendix_confirmed", values="；".join(
            say("appendix_confirmed_item", what=c.problem.what, file=c.problem.file, cell=c.problem.cell or "",
                reason=c.confirmation.reason) for c in confirmed))))
    items.append(Paragraph(say("appendix_footer", version=__version__, framework=fw.id)))
    return Elements(items)


# --- the city overview -------------------------------------------------------------------------------

def status_table(results: Results, year: int, table: pd.DataFrame | None = None) -> Table:
    """Districts × indicators, each cell coloured by status and showing the completion (growth rates:
    the gap in percentage points, as ``+0.2`` / ``-3.2``)."""
    t = results.year_table(year) if table is None else table
    d = t[t["unit_code"].isin(member_codes(results))].set_index(["unit_code", "indicator"])
    fw = results.framework
    body = []
    for unit in members(results):
        row = [cn(unit.name)]
        for ind in fw.indicators:
            r = d.loc[(unit.code, ind.id)] if (unit.code, ind.id) in d.index else None
            if r is None or is_missing(r["value"]):
                row.append(status_cell("no_data", MISSING))
                continue
            if ind.is_growth:
                p = ind.precision
                if is_missing(r["target"]):
                    text = MISSING
                else:
                    diff = float(fmt_number(r["value"], p, False)) - float(fmt_number(r["target"], p, False))
                    text = ("+" if diff > 0 else "") + fmt_number(diff, p)
            else:
                text = fmt_completion(r["value"], r["target"], ind.higher_is_better)
            row.append(status_cell(r["status"], text))
        body.append(row)
    header = ["县（市、区）", *[cn(ind.short_name or ind.name) for ind in fw.indicators]]
    return Table(header, body, caption=say("status_table_caption", year=year),
                 widths=["auto", *["1fr"] * len(fw.indicators)], align=["left", *["center"] * len(fw.indicators)],
                 font_size="7pt")


def city_ranking(results: Results, year: int) -> Table:
    """Districts ranked by their assessment score, with each indicator's place by value."""
    t = results.year_table(year)
    d = t[t["unit_code"].isin(member_codes(results))]
    table = assessment_table(results, year)
    ranks = d.pivot(index="unit_code", columns="indicator", values="rank")
    met = d[d["status"] == "met"].groupby("unit_code").size()
    fw = results.framework
    body = []
    for code, r in table.iterrows():
        body.append([str(int(r["assessment_rank"])), unit_name(results, code), fmt_number(r["assessment_score"], 2),
                     r["grade"], str(int(met.get(code, 0))),
                     *[rank_text(ranks.loc[code, i.id], len(members(results))).split("/")[0] for i in fw.indicators]])
    return Table(["名次", "县（市、区）", "考核总分", "等次", "达标项数", *[str(i) for i in range(1, len(fw.indicators) + 1)]],
                 body, caption=say("ranking_caption", n=len(fw.indicators)),
                 align=["center", "left", "right", "center", "center", *["center"] * len(fw.indicators)], font_size="8pt")


def _bar_sentence(results: Results, ind, rows: pd.DataFrame, city_row, year: int) -> str:
    """One sentence under a cross-district chart: how many met, who leads (relative to target for totals)."""
    met = int((rows["status"] == "met").sum())
    behind = int(rows["status"].isin(["near", "behind"]).sum())
    code, name, _, _ = _best(rows, ind).get(year, (None, None, None, None))
    if code is None:
        leader = say("bar_leader_value", name=MISSING, value=MISSING, measure="")
    else:
        b = rows[rows["unit_code"] == code].iloc[0]
        if ind.formula.kind == "field":
            leader = say("bar_leader_completion", name=name,
                         completion=fmt_completion(b["value"], b["target"], ind.higher_is_better))
        else:
            leader = say("bar_leader_value", name=name, value=fmt_number(b["value"], ind.precision), measure=ind.unit)
    s = shown(ind, city_row)
    return say("bar_sentence", year=year, met=met, behind=behind, indicator=cn(ind.name), leader=leader, city=s.value,
               target=s.target, about=s.about, measure=ind.unit)


def city_overview(results: Results, year: int) -> Elements:
    """The city report body: scorecard and summary, the districts × indicators status table and ranking, the
    city against its target path, and one chart per indicator across districts with targets and a sentence.
    A plan of one unit (no districts) gets the unit report's body instead, with no empty comparisons."""
    city = results.units.city.code
    if is_large(results):
        return city_overview_large(results, year)
    if single_unit(results):
        return Elements([Heading(say("heading_summary"), 2), summary(results, city, year), Raw("#pagebreak()\n", ""),
                         Heading(say("heading_sections"), 2), indicator_sections(results, city, year)])
    t = results.year_table(year)
    fw = results.framework
    d = t[t["unit_code"].isin(member_codes(results))]
    city_rows = t[t["unit_code"] == city].set_index("indicator")
    own = results.unit_table(city)
    trajectories = _trajectories(results, city)
    figure = 1
    items = [Heading(say("heading_city_summary"), 2), summary(results, city, year),
             Heading(say("heading_city_districts"), 2), status_table(results, year, t), city_ranking(results, year),
             Raw("#pagebreak()\n", ""), Heading(say("heading_city_path"), 2),
             target_paths(fw, own, trajectories, caption=say("path_caption", number=figure)),
             Heading(say("heading_city_indicators"), 2)]
    names = [cn(u.name) for u in members(results)]
    for ind in fw.indicators:
        figure += 1
        rows = d[d["indicator"] == ind.id]
        items.append(district_bars(rows, ind, names, year, caption=say("bar_caption", number=figure, indicator=cn(ind.name),
                                                                         year=year, measure=ind.unit)))
        items.append(Paragraph(_bar_sentence(results, ind, rows, city_rows.loc[ind.id], year)))
    return Elements(items)
