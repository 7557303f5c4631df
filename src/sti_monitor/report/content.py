"""Report content: the cover, summary, indicator sections and appendix of a unit's report, and
the city overview. Notebooks call these and display what they return (see ``notebooks/``)."""
from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pandas as pd

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
from ..paths import SAMPLE_DATA_DIR
from .charts import small_multiples, status_heatmap, trajectory
from .elements import Bullets, Cell, Elements, Heading, Paragraph, Raw, Table, typst_str
from .formatting import fmt_number, fmt_percent, missing


INPUTS_CHANGED = "注意：本报告生成后输入数据已变化（{files}），以下内容按 {data_dir} 中的现有数据重新计算。"


def load(data_dir=None, framework: str = "wenzhou-2027", results_path=None, inputs=None) -> Results:
    """The results to report on. A batch passes ``results_path`` (the results it computed once) and
    records ``data_dir`` and ``inputs`` ({input file: SHA-256}). Re-executed later, the notebook
    loads that cache while it exists and the inputs are unchanged; else it recomputes from
    ``data_dir``, first printing which files changed. ``data_dir`` None: the embedded sample data."""
    if data_dir and inputs:
        from ..ingest.panel import input_files

        now = input_files(Path(data_dir)) if Path(data_dir).is_dir() else {}
        changed = sorted(name for name in {*inputs, *now} if inputs.get(name) != now.get(name))
        if changed:
            print(INPUTS_CHANGED.format(files="、".join(changed), data_dir=data_dir))
            return evaluate(Path(data_dir), framework)
    if results_path and Path(results_path).is_file():
        with open(results_path, "rb") as fh:
            return pickle.load(fh)
    return evaluate(Path(data_dir) if data_dir else SAMPLE_DATA_DIR, framework)


def unit_key(results: Results, unit_code) -> str:
    """The unit code as the results hold it (papermill may pass 330302 as a number); None: the city."""
    if unit_code is None:
        return results.units.city.code
    code = str(int(unit_code)) if isinstance(unit_code, float) else str(unit_code).strip()
    if code not in results.units:
        from ..errors import StiMonitorError
        raise StiMonitorError(f"单位代码 {code} 不在单位清单中")
    return code


def report_title(unit_name: str, year: int) -> str:
    return f"{unit_name}科技创新主要指标监测报告（{year}年度）"


def document(results: Results, unit_code: str, year: int) -> Raw:
    """Page settings of the PDF: A4, running header with the unit and year, 第 X 页 共 Y 页."""
    unit_code = unit_key(results, unit_code)
    unit = results.units[unit_code]
    title = report_title(unit.name, year)
    header = f"{unit.name} · {year}年度"
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
    unit = results.units[unit_code]
    generated = generated or dt.date.today()
    date = f"{generated.year}年{generated.month}月{generated.day}日"
    title = report_title(unit.name, year)
    typst = f"""#page(header: none, footer: none)[
  #v(5cm)
  #align(center)[
    #text(size: {24 if len(unit.name) <= 6 else 19}pt, font: sans-font, fill: rgb("#1f4e9c"), {typst_str(f"{unit.name}科技创新主要指标监测报告")})
    #v(0.6cm)
    #text(size: 16pt, font: sans-font, {typst_str(f"（{year}年度）")})
    #v(2.5cm)
    #text(size: 12pt, {typst_str("指标体系：" + results.framework.name)})
    #v(0.3cm)
    #text(size: 12pt, {typst_str("生成日期：" + date)})
  ]
  #v(1fr)
  #align(center, text(size: 9pt, fill: luma(100), {typst_str(f"由 sti-monitor {__version__} 根据各县（市、区）统计报表自动生成")}))
]
"""
    html = f"<h1>{title}</h1><p>指标体系：{results.framework.name}<br>生成日期：{date}</p>"
    return Elements([Raw(typst, html)])


def front_matter(results: Results, unit_code: str | None, year: int) -> Elements:
    """Page settings and the cover (``unit_code`` None: the city)."""
    unit_code = unit_key(results, unit_code)
    return Elements([document(results, unit_code, year), *cover(results, unit_code, year)])


def _row(results: Results, unit_code: str, year: int) -> pd.DataFrame:
    return results.unit_table(unit_code, year).set_index("indicator")


def status_cell(status: str) -> Cell:
    return Cell(STATUS_LABELS[status], STATUS_COLOURS[status], "center")


def rank_text(rank, n: int) -> str:
    return "—" if missing(rank) else f"{int(rank)}/{n}"


def scorecard(results: Results, unit_code: str, year: int) -> Table:
    """Indicator, unit, value, target, achievement, status (colour and word), rank among districts."""
    unit_code = unit_key(results, unit_code)
    rows = _row(results, unit_code, year)
    n = len(results.units.districts)
    body = []
    for i, ind in enumerate(results.framework.indicators, start=1):
        r = rows.loc[ind.id]
        body.append([f"{i}. {ind.name}", ind.unit, fmt_number(r["value"], ind.precision),
                     fmt_number(r["target"], ind.precision), fmt_percent(r["achievement"]), status_cell(r["status"]),
                     rank_text(r["rank"], n)])
    return Table(["指标", "单位", "实际值", "目标值", "完成率", "状态", "排名"], body,
                 caption=f"表 1  {year}年主要指标达成情况", widths=["1fr", "auto", "auto", "auto", "auto", "auto", "auto"],
                 align=["left", "center", "right", "right", "right", "center", "center"])


def _change(ind, now, before):
    """A comparable size of change from last year: relative for levels, relative for ratios too."""
    if missing(now) or missing(before) or before == 0:
        return None
    if ind.is_growth:
        return (now - before) / 100
    return now / before - 1


def headlines(results: Results, unit_code: str, year: int) -> list[str]:
    """Three or four plain sentences on what stands out: counts, strongest, weakest, biggest change."""
    unit_code = unit_key(results, unit_code)
    fw, unit = results.framework, results.units[unit_code]
    rows = _row(results, unit_code, year)
    counts = rows["status"].value_counts()
    n = len(fw.indicators)
    scored = rows["score"].dropna()
    sentences = [
        f"{year}年，{unit.name}{n}项主要指标中，达标{counts.get('met', 0)}项、接近目标{counts.get('near', 0)}项、"
        f"未达标{counts.get('behind', 0)}项" + (f"，平均得分{fmt_number(scored.mean(), 1)}分（满分100分）。" if len(scored) else "。")
    ]
    ach = rows["achievement"].dropna()
    if len(ach):
        best = fw.indicator(ach.idxmax())
        r = rows.loc[best.id]
        rank = f"，在{len(results.units.districts)}个县（市、区）中居第{int(r['rank'])}位" if not missing(r["rank"]) else ""
        sentences.append(f"表现最突出的是{best.name}，为{fmt_number(r['value'], best.precision)}{best.unit}，"
                         f"完成目标的{fmt_percent(r['achievement'])}{rank}。")
        worst = fw.indicator(ach.idxmin())
        if worst.id != best.id:
            r = rows.loc[worst.id]
            need = ""
            if not missing(r["required_growth"]):
                need = f"；要实现{fw.final_year}年目标，需年均提高{fmt_number(r['required_growth'], 2)}{r['required_growth_unit']}"
            sentences.append(f"差距最大的是{worst.name}，为{fmt_number(r['value'], worst.precision)}{worst.unit}，"
                             f"目标为{fmt_number(r['target'], worst.precision)}{worst.unit}，完成率{fmt_percent(r['achievement'])}{need}。")
    if year - 1 in results.years:
        before = _row(results, unit_code, year - 1)
        changes = {i.id: _change(i, rows.loc[i.id, "value"], before.loc[i.id, "value"]) for i in fw.indicators}
        changes = {k: v for k, v in changes.items() if v is not None}
        if changes:
            k = max(changes, key=lambda k: abs(changes[k]))
            ind = fw.indicator(k)
            a, b = before.loc[k, "value"], rows.loc[k, "value"]
            verb = "上升" if b > a else "下降"
            sentences.append(f"与上年相比变化最大的是{ind.name}，由{fmt_number(a, ind.precision)}{ind.unit}"
                             f"{verb}至{fmt_number(b, ind.precision)}{ind.unit}。")
    return sentences


def summary(results: Results, unit_code: str, year: int) -> Elements:
    """The one-page summary: counts of met / near / behind, the scorecard, and the headlines."""
    unit_code = unit_key(results, unit_code)
    rows = _row(results, unit_code, year)
    counts = rows["status"].value_counts()
    boxes = []
    for status in ("met", "near", "behind"):
        boxes.append(f"box(fill: rgb(\"{STATUS_COLOURS[status]}\"), inset: 8pt, radius: 3pt, width: 100%, "
                     f"align(center, text(fill: white, font: sans-font)[#text(size: 20pt, \"{counts.get(status, 0)}\") \\ "
                     f"#{typst_str(STATUS_LABELS[status] + '（项）')}]))")
    typst = "#grid(columns: (1fr, 1fr, 1fr), gutter: 10pt, " + ", ".join(boxes) + ")\n#v(6pt)\n"
    html = " ".join(f"<span style='background:{STATUS_COLOURS[s]};color:white;padding:4px 10px;margin-right:6px'>"
                    f"{STATUS_LABELS[s]} {counts.get(s, 0)} 项</span>" for s in ("met", "near", "behind"))
    notes = [r["note"] for _, r in rows.iterrows() if r["note"]]
    items = [Raw(typst, f"<p>{html}</p>"), scorecard(results, unit_code, year), Heading("主要发现", 3),
             Bullets(headlines(results, unit_code, year))]
    if notes:
        items.append(Paragraph("数据说明：" + "；".join(dict.fromkeys(notes)) + "。"))
    return Elements(items)


def _series(results: Results, unit_code: str, indicator: str) -> pd.Series:
    t = results.table
    sel = t[(t["unit_code"] == unit_code) & (t["indicator"] == indicator)]
    return sel.set_index("year")["value"].sort_index()


def _best_district(results: Results, indicator, year: int):
    t = results.table
    sel = t[(t["year"] == year) & (t["indicator"] == indicator.id) & (t["unit_kind"] == "district")].dropna(subset=["value"])
    if sel.empty:
        return None, None
    best = sel.loc[sel["value"].idxmax() if indicator.higher_is_better else sel["value"].idxmin()]
    return best["unit_code"], best["unit_name"]


def _trajectories(results: Results, unit_code: str) -> pd.DataFrame:
    return target_trajectories(results.table, results.framework, results.units, results.dataset.task_targets, unit_code)


def indicator_section(results: Results, unit_code: str, year: int, number: int, indicator,
                      trajectories: pd.DataFrame | None = None) -> Elements:
    """One indicator: chart of values and target trajectory with city and best district, and a paragraph.
    ``trajectories`` (year × indicator targets) may be passed when drawing several sections."""
    unit_code = unit_key(results, unit_code)
    fw, unit = results.framework, results.units[unit_code]
    r = _row(results, unit_code, year).loc[indicator.id]
    history = _series(results, unit_code, indicator.id)
    if trajectories is None:
        trajectories = _trajectories(results, unit_code)
    targets = trajectories[indicator.id] if indicator.id in trajectories else pd.Series(dtype=float)
    city = _series(results, results.units.city.code, indicator.id) if unit_code != results.units.city.code else None
    best_code, best_name = _best_district(results, indicator, year)
    best = _series(results, best_code, indicator.id) if best_code and best_code != unit_code else None
    chart = trajectory(unit.name, indicator, history, targets, city, best, best_name or "",
                       caption=f"图 {number}  {indicator.name}（{indicator.unit}）：历年数值与目标路径")
    p = indicator.precision
    text = [f"{year}年{unit.name}{indicator.name}为{fmt_number(r['value'], p)}{indicator.unit}"]
    if not missing(r["target"]):
        text.append(f"目标为{fmt_number(r['target'], p)}{indicator.unit}（{RULE_LABELS[r['target_rule']]}），"
                    f"完成率{fmt_percent(r['achievement'])}，{STATUS_LABELS[r['status']]}")
    if city is not None and year in city.index and not missing(city[year]):
        text.append(f"全市为{fmt_number(city[year], p)}{indicator.unit}")
    if best_name and best_code != unit_code and best is not None and year in best.index:
        text.append(f"最优的{best_name}为{fmt_number(best[year], p)}{indicator.unit}")
    if not missing(r["final_target"]):
        tail = f"{fw.final_year}年目标为{fmt_number(r['final_target'], p)}{indicator.unit}"
        if not missing(r["required_growth"]):
            tail += f"，今后需年均提高{fmt_number(r['required_growth'], 2)}{r['required_growth_unit']}"
        text.append(tail)
    if not missing(r["stretch_target"]):
        text.append(f"力争目标{fmt_number(r['stretch_target'], p)}{indicator.unit}，{'已' if r['stretch_met'] else '尚未'}达到")
    items = [Heading(f"{number}. {indicator.name}", 3), chart, Paragraph("，".join(text) + "。")]
    return Elements(items)


def indicator_sections(results: Results, unit_code: str, year: int) -> Elements:
    """A section per indicator."""
    unit_code = unit_key(results, unit_code)
    trajectories = _trajectories(results, unit_code)
    return Elements([indicator_section(results, unit_code, year, i, ind, trajectories)
                     for i, ind in enumerate(results.framework.indicators, start=1)])


def appendix(results: Results, unit_code: str, year: int) -> Elements:
    """Definitions and formulas, raw values with source cells, target rules, file SHA-256 and version."""
    unit_code = unit_key(results, unit_code)
    fw, units, fields = results.framework, results.units, load_fields()
    defs = Table(["指标", "单位", "计算方法", "目标插值 / 分解"],
                 [[ind.name, ind.unit, ind.formula_text(fields),
                   ("线性" if ind.interpolation == "linear" else "几何") + " / " +
                   ("按基期比例" if ind.decomposition == "proportional" else "与全市相同")] for ind in fw.indicators],
                 caption="附表 1  指标定义与计算公式", widths=["1.3fr", "auto", "2fr", "auto"], font_size="8pt")
    trace = results.trace(unit_code, year)
    names = {u.code: u.name for u in units.all()}
    raw_rows = []
    for rec in trace.itertuples(index=False):
        fld = fields[rec.field]
        raw_rows.append([fw.indicator(rec.indicator).short_name, fld.name, names.get(rec.unit_code, rec.unit_code),
                         str(rec.year), f"{rec.value:,.4g}" if abs(rec.value) < 1e4 else f"{rec.value:,.0f}", fld.unit,
                         f"{rec.file} {rec.sheet}!{rec.cell}"])
    raw = Table(["指标", "原始字段", "单位名称", "年份", "数值", "计量单位", "来源（文件 工作表!单元格）"], raw_rows,
                caption="附表 2  计算所用原始数据及其来源", widths=["auto", "auto", "auto", "auto", "auto", "auto", "1fr"],
                align=["left", "left", "left", "center", "right", "center", "left"], font_size="7pt")
    rows = _row(results, unit_code, year)
    rules = Table(["指标", "目标值", "目标来源", "说明"],
                  [[ind.name, fmt_number(rows.loc[ind.id, "target"], ind.precision), RULE_LABELS[rows.loc[ind.id, "target_rule"]],
                    rows.loc[ind.id, "target_note"]] for ind in fw.indicators],
                  caption="附表 3  目标来源", widths=["1.2fr", "auto", "auto", "2fr"], font_size="8pt")
    used = set(trace["file"])
    books = [b for b in results.dataset.workbooks if b.name in used]
    files = [[b.name, b.sha256] for b in sorted(books, key=lambda b: b.name)]
    tasks = results.dataset.task_targets
    if not tasks.empty and (tasks["unit_code"] == unit_code).any():
        for name in sorted(set(tasks.loc[tasks["unit_code"] == unit_code, "file"])):
            files.append([name, results.dataset.task_files.get(name, "")])
    if fw.source:
        files.append([f"指标体系 {fw.source.name}", fw.sha256])
    hashes = Table(["文件", "SHA-256"], files, caption="附表 4  数据文件校验值", widths=["auto", "1fr"], font_size="7pt")
    return Elements([
        Paragraph(f"口径说明：全市数值由{len(units.districts)}个县（市、区）的分子、分母分别加总后计算，功能区不计入全市；"
                  f"达标指实际值按显示精度四舍五入后不低于目标值，接近指完成率不低于{fw.near_threshold:.0%}。"),
        defs, raw, rules, hashes,
        Paragraph(f"本报告由 sti-monitor {__version__} 生成，指标体系 {fw.id}。"),
    ])


def city_ranking(results: Results, year: int) -> Table:
    """Districts ranked by their average score, with each indicator's rank."""
    t = results.year_table(year)
    d = t[t["unit_kind"] == "district"]
    score = d.groupby("unit_code")["score"].mean().sort_values(ascending=False)
    ranks = d.pivot(index="unit_code", columns="indicator", values="rank")
    met = d[d["status"] == "met"].groupby("unit_code").size()
    fw = results.framework
    body = []
    for pos, (code, s) in enumerate(score.items(), start=1):
        body.append([str(pos), results.units[code].name, fmt_number(s, 1), str(int(met.get(code, 0))),
                     *[rank_text(ranks.loc[code, i.id], len(results.units.districts)).split("/")[0] for i in fw.indicators]])
    return Table(["名次", "县（市、区）", "平均得分", "达标项数", *[str(i) for i in range(1, len(fw.indicators) + 1)]], body,
                 caption=f"表 2  各县（市、区）综合排名（右侧为第 1—{len(fw.indicators)} 项指标的单项排名）",
                 align=["center", "left", "right", "center", *["center"] * len(fw.indicators)], font_size="8pt")


def city_overview(results: Results, year: int) -> Elements:
    """The city report body: scorecard, heatmap of districts × indicators, ranking, small multiples."""
    city = results.units.city.code
    t = results.year_table(year)
    names = [u.name for u in results.units.districts]
    d = t[t["unit_kind"] == "district"]
    city_values = t[t["unit_code"] == city].set_index("indicator")["value"].to_dict()
    items = [summary(results, city, year), Raw("#pagebreak()\n", ""), Heading("二、各县（市、区）对比", 2),
             *status_heatmap(d, results.framework, names, year), city_ranking(results, year),
             Raw("#pagebreak()\n", ""), Heading("三、分项指标", 2)]
    items += small_multiples(d, results.framework, names, city_values, year)
    return Elements(items)
