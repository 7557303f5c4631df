"""The sample's province (an illustrative reference unit) end to end: validate accepts it, it is never summed into
the city, never scored, and the plan's 力争R&D强度超全省平均 shows both numbers and 超过 / 未超过."""

import shutil

import pandas as pd
import pytest

from sti_monitor.measure import evaluate
from sti_monitor.paths import SAMPLE_DATA_DIR
from sti_monitor.report.brief import summary
from sti_monitor.report.references import reference_notes, reference_sentence
from sti_monitor.report.rows import unit_rows

CITY, LONGWAN, OUHAI, PROVINCE = "330300", "330303", "330304", "330000"


@pytest.fixture(scope="module")
def results(evaluated_sample):
    return evaluated_sample


@pytest.fixture(scope="module")
def without_province(tmp_path_factory):
    data = tmp_path_factory.mktemp("plain") / "sample"
    shutil.copytree(SAMPLE_DATA_DIR, data)
    for path in data.glob("*/330000_*.xlsx"):
        path.unlink()
    return evaluate(data)


def _row(results, code, year=2023, indicator="rd_gdp_ratio"):
    t = results.table
    return t[(t["unit_code"] == code) & (t["year"] == year) & (t["indicator"] == indicator)].iloc[0]


def test_validate_accepts_the_province_and_knows_it_is_illustrative(results):
    assert [str(p) for p in results.dataset.problems] == []
    assert {(PROVINCE, 2021), (PROVINCE, 2022), (PROVINCE, 2023)} <= results.dataset.illustrative()
    assert {code for code, _ in results.dataset.illustrative()} == {PROVINCE}  # the districts' books say nothing


def test_the_province_is_never_summed_scored_nor_given_a_row(results, without_province):
    assert PROVINCE not in set(results.table["unit_code"]) and PROVINCE not in set(results.scores["unit_code"])
    # every value, target, status, score and rank is the same as without the province's workbooks
    cols = ["unit_code", "year", "indicator", "value", "target", "status", "points", "rank", "outlook"]
    pd.testing.assert_frame_equal(results.table[cols], without_province.table[cols])
    pd.testing.assert_frame_equal(results.scores, without_province.scores)


def test_the_aspiration_is_the_provinces_value_in_the_same_year_never_scored(results):
    city = _row(results, CITY)
    # the province's 2023 R&D intensity: 2,641.6 ÷ 82,550 × 100 = 3.20 (its workbook, illustrative)
    assert city["stretch_target"] == pytest.approx(3.2)
    assert city["target"] == pytest.approx(2.7) and city["status"] == "met"  # the binding 2.70 of 2023 is judged
    assert city["stretch_met"] == False  # noqa: E712  the city's 2.72 does not exceed 3.20
    assert "力争2027年超过浙江省：浙江省（示例数值，非官方统计）2023年同期值3.2" in city["target_note"]
    assert _row(results, LONGWAN)["stretch_met"] == True  # noqa: E712  龙湾 3.54 > 3.20
    # 2022 is the baseline year (no target), 2021 before it: no aspiration either
    assert pd.isna(_row(results, CITY, 2022)["stretch_target"]) and pd.isna(_row(results, CITY, 2021)["stretch_target"])


def test_the_report_prints_both_numbers_marked_illustrative_and_the_verdict(results):
    fw = results.framework.indicator("rd_gdp_ratio")
    assert reference_sentence(results, fw, _row(results, CITY), "温州市") == (
        "力争到2027年超过全省平均：浙江省2023年为3.20%（示例数值，非官方统计），温州市为2.72%，未超过全省平均"
    )
    assert reference_sentence(results, fw, _row(results, LONGWAN), "龙湾区") == (
        "力争到2027年超过全省平均：浙江省2023年为3.20%（示例数值，非官方统计），龙湾区为3.54%，超过全省平均"
    )
    # an indicator without a reference aspiration has no such sentence
    assert (
        reference_sentence(
            results, results.framework.indicator("tech_smes"), _row(results, CITY, 2023, "tech_smes"), "温州市"
        )
        == ""
    )
    note = reference_notes(results, unit_rows(results, OUHAI, 2023), 2023)
    assert note == (
        "注：R&D经费占地区生产总值的比重的力争目标为浙江省2023年同期值（示例数值，非官方统计）（力争到2027年超过全省平均）。"
    )
    text = summary(results, OUHAI, 2023).html()
    assert "示例数值，非官方统计" in text


def test_every_report_showing_the_provinces_value_is_rendered_again_when_it_changes(tmp_path):
    import openpyxl

    from sti_monitor.batch.fingerprint import unit_fingerprints

    data = tmp_path / "sample"
    shutil.copytree(SAMPLE_DATA_DIR, data)
    codes = [CITY, LONGWAN, "330371"]
    notebooks = {"city": "c", "district": "d", "zone": "z"}
    before = unit_fingerprints(evaluate(data), codes, 2023, notebooks)
    path = data / "2023" / "330000_浙江省.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb["数据"]["A6"].value == "rd_expenditure" and wb["数据"]["D6"].value == 2641.6
    wb["数据"]["D6"].value = 2724.15  # 3.30% of 82,550
    wb.save(path)
    after_results = evaluate(data)
    assert _row(after_results, CITY)["stretch_target"] == pytest.approx(3.3)
    after = unit_fingerprints(after_results, codes, 2023, notebooks)
    assert all(before[c]["own"] != after[c]["own"] for c in codes)


def test_the_province_is_drawn_where_it_is_compared_and_marked_illustrative(results):
    from sti_monitor.report.references import reference_line
    from sti_monitor.report.sections import indicator_section

    rd = results.framework.indicator("rd_gdp_ratio")
    label, values = reference_line(results, rd, _row(results, LONGWAN))
    # 2023 is the first year compared (2022 is the baseline, without a target): the province's 3.20 of its workbook
    assert label == "浙江省（示例数值）" and values.to_dict() == pytest.approx({2023: 3.2})
    chart = indicator_section(results, LONGWAN, 2023, 1, rd).items[1]
    assert "浙江省（示例数值）" in chart.svg and "力争目标" not in chart.svg  # named, not an unnamed 力争 point
    assert reference_line(results, rd, _row(results, LONGWAN, 2022)) is None  # nothing compared in the baseline year
    tech = results.framework.indicator("tech_smes")
    assert reference_line(results, tech, _row(results, CITY, 2023, "tech_smes")) is None


def test_the_citys_bar_chart_draws_the_province_as_a_line(results):
    from sti_monitor.report.overview import _district_charts

    charts = _district_charts(results, 2023, results.year_table(2023))
    rd, tech = charts[0], charts[2]  # R&D intensity, then its sentence, then the next indicator's chart
    assert "浙江省（示例数值）" in rd.svg and "浙江省" not in tech.svg


def test_csv_and_json_say_which_aspiration_is_an_illustrative_value(results, tmp_path):
    import csv
    import json

    from sti_monitor.publish import write_results

    with write_results(results, 2023, tmp_path / "i.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    noted = {(r["unit_code"], r["indicator"]) for r in rows if r["stretch_note"]}
    # every unit's R&D intensity of 2023 stands against the province's illustrative 3.20, nothing else does
    assert noted == {(r["unit_code"], "rd_gdp_ratio") for r in rows}
    city = next(r for r in rows if (r["unit_code"], r["indicator"]) == (CITY, "rd_gdp_ratio"))
    assert city["stretch_note"] == "浙江省2023年值（示例数值，非官方统计），仅作演示，不能当作官方统计数字引用"
    data = json.loads(write_results(results, 2023, tmp_path / "i.json").read_text(encoding="utf-8"))
    assert "示例数值，非官方统计" in data["meta"]["illustrative"]
    assert {r["stretch_note"] for r in data["rows"] if r["indicator"] == "tech_smes"} == {""}
