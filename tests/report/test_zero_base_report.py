"""A member with no target because its baseline is 0 (基期为0，不分解目标) reads so on the city's page: its bar grey and
named 无目标, never 达标, and the sentence under the chart counts it neither as met nor as missed (daluoshan-2022's
corridor, figure 8: 浙南 and 瓯江口 had no 产业创新服务综合体 in 2019, were coloured 达标 and counted among 3个达到)."""

import math
from types import SimpleNamespace

import pandas as pd

from sti_monitor.ingest.units import load_units
from sti_monitor.measure import STATUS_COLOURS, load_framework
from sti_monitor.paths import UNITS_DIR
from sti_monitor.report.charts import district_bars
from sti_monitor.report.overview import _bar_sentence
from sti_monitor.report.wording import speak_for

NAN = math.nan
COMPLEXES = next(i for i in load_framework("daluoshan-2022").indicators if i.id == "innovation_service_complexes")
NAMES = ["龙湾片区", "瓯海片区", "浙南产业集聚区片区", "瓯江口产业集聚区片区"]


def areas(targets, statuses, rules) -> pd.DataFrame:
    values = [3.0, 1.0, 1.0, 1.0]
    return pd.DataFrame(
        {
            "year": 2022,
            "unit_code": ["DLS01", "DLS02", "DLS05", "DLS06"],
            "unit_name": NAMES,
            "value": values,
            "target": targets,
            "achievement": [v / t * 100 if t == t else NAN for v, t in zip(values, targets, strict=True)],
            "status": statuses,
            "target_rule": rules,
            "note": "",
        }
    )


ZERO_BASE = areas(
    [3.0, 2.0, NAN, NAN], ["met", "behind", "no_target", "no_target"], ["proportional"] * 2 + ["zero_base"] * 2
)
CORRIDOR = pd.Series(
    {"unit_code": "DLS00", "year": 2022, "value": 10.0, "target": 10.0, "status": "met", "stretch_target": NAN}
)
PLAN = (
    SimpleNamespace(  # the corridor; 2022 read as a year before the plan's last (the final year: the sample test below)
        units=SimpleNamespace(city=SimpleNamespace(name="环大罗山科创走廊")), is_final=lambda year: False
    )
)


def test_the_sentence_counts_them_neither_met_nor_missed_and_names_them():
    speak_for(load_units(UNITS_DIR / "daluoshan.yaml"))
    try:
        text = _bar_sentence(PLAN, COMPLEXES, ZERO_BASE, CORRIDOR, 2022)
    finally:
        speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))
    assert text == (
        "2022年，1个片区创建（培育）产业创新服务综合体数达到目标，1个未达到；浙南产业集聚区片区、瓯江口产业集聚区片区"
        "基期为0，不分解目标，不计入达到或未达到；完成本地目标比例最高的是龙湾片区（100.0%）；走廊为10家，目标10家。"
    )


def test_their_bars_are_grey_and_the_legend_says_no_target():
    svg = district_bars(ZERO_BASE, COMPLEXES, NAMES, 2022).svg
    grey, green = STATUS_COLOURS["no_target"].lstrip("#"), STATUS_COLOURS["met"].lstrip("#")
    assert svg.lower().count(f"fill: #{grey}") == 2 + 1  # two bars and the legend's patch
    assert svg.lower().count(f"fill: #{green}") == 1 + 1  # 龙湾片区 alone is 达标, and its legend patch
    assert "无目标" in svg and "达标" in svg
    # no member with a target: every bar grey, no legend to name them (the caption and sentence say so)
    none = areas([NAN] * 4, ["no_target"] * 4, ["not_decomposed"] * 4)
    assert "无目标" not in district_bars(none, COMPLEXES, NAMES, 2022).svg


def test_the_daluoshan_sample_reads_so_in_the_corridors_and_the_areas_reports(evaluated_plan):
    from sti_monitor.report.brief import scorecard
    from sti_monitor.report.overview import _district_charts
    from sti_monitor.report.sections import indicator_sections

    results = evaluated_plan("daluoshan-2022")
    speak_for(results.units)
    try:
        # the sample's workbooks: 2019 complexes 1, 1, 1, 1, 0, 0 (corridor 4); the corridor's 2022 target 10, so each
        # of the four areas 1 × 10 ÷ 4 = 2.5 → 3 (a count, up); 2022: 龙湾 3 met, 瓯海 2, 乐清 2, 瑞安 1 not
        texts = [i.text for i in _district_charts(results, 2022, results.year_table(2022)) if hasattr(i, "text")]
        assert (
            "2022年为规划期末，1个片区创建（培育）产业创新服务综合体数已完成目标，3个未完成；浙南产业集聚区片区、"
            "瓯江口产业集聚区片区基期为0，不分解目标，不计入已完成或未完成；完成本地目标比例最高的是龙湾片区（100.0%）；"
            "走廊为10家，目标10家。"
        ) in texts
        card = scorecard(results, "DLS05", 2022)
        row = next(r for r in card.rows if "产业创新服务综合体" in r[0])
        cells = [getattr(c, "text", c) for c in row]
        assert cells[3:6] == ["—", "—", "基期为0，不分解目标"]  # no target nor completion, said why, never 达标
        section = indicator_sections(results, "DLS05", 2022).html()
        assert "基期为0，不分解目标：本地2019年基期值为0" in section
    finally:
        speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))
