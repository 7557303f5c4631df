"""Edge cases of results.py that its mutation run showed untested: the error of a year without data, the accessors'
frames, district ranks, the 未报送 and 数据有误 notes; expected values worked out by hand."""

from __future__ import annotations

import dataclasses
import math
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from test_results import tiny

from sti_monitor.errors import StiMonitorError
from sti_monitor.ingest.units import Unit, UnitRegistry
from sti_monitor.ingest.years import Missing
from sti_monitor.measure.results import (
    OUTPUT_COLUMNS,
    Results,
    evaluate,
    mark_rejected,
    mark_unreported,
    rank_districts,
)


@pytest.fixture(scope="module")
def sample(evaluated_sample):
    return evaluated_sample


def with_missing(results: Results, units, year=2024) -> Results:
    """``results`` whose dataset says ``units`` sent nothing for ``year``, read from the folder /数据."""
    missing = [Missing(u, year, Path("/数据") / str(year)) for u in units]
    dataset = dataclasses.replace(results.dataset, data_dir=Path("/数据"), missing=missing)
    return Results(results.framework, results.units, dataset, results.table)


def test_a_year_without_data_says_which_years_there_are(sample):
    # the tiny table holds 2022 and 2023; nobody is missing in 2030, so the error only lists the years
    with pytest.raises(StiMonitorError) as err:
        tiny(sample).year_table(2030)
    assert str(err.value) == "数据中没有 2030 年的数据（已有年份：2022、2023）"


def test_a_year_without_data_names_the_units_that_sent_nothing(sample):
    # two units missing in 2024: both named, no count, and the folder the files go to
    r = with_missing(tiny(sample), [Unit("330302", "鹿城区", "district"), Unit("330303", "龙湾区", "district")])
    with pytest.raises(StiMonitorError) as err:
        r.year_table(2024)
    assert str(err.value) == (
        "2024 年没有可用的数据：鹿城区、龙湾区未报送（已有年份：2022、2023）。"
        "请把 2024 年的工作簿放入 /数据/2024，运行 sti-monitor validate 检查后再生成报告"
    )


def test_ten_missing_units_are_named_and_the_eleventh_only_counted(sample):
    ten = [Unit(f"9000{i:02d}", f"单位{i}", "district") for i in range(1, 11)]
    names = "、".join(f"单位{i}" for i in range(1, 11))
    with pytest.raises(StiMonitorError, match=f"^2024 年没有可用的数据：{names}未报送（"):  # 10: all named, no count
        with_missing(tiny(sample), ten).year_table(2024)
    eleven = [*ten, Unit("900011", "单位11", "district")]
    with pytest.raises(StiMonitorError, match=f"^2024 年没有可用的数据：{names}等 11 个单位未报送（"):
        with_missing(tiny(sample), eleven).year_table(2024)


def test_results_without_any_year(sample):
    # every workbook skipped: no years, and the latest year is an error saying how to see why
    r = Results(sample.framework, sample.units, sample.dataset, tiny(sample).table.iloc[0:0])
    assert r.years == []
    with pytest.raises(StiMonitorError) as err:
        _ = r.latest_year
    assert str(err.value) == "没有可用的数据：全部工作簿都有错误被跳过（运行 sti-monitor validate 查看）"
    with pytest.raises(StiMonitorError) as err:
        r.year_table(2023)
    assert str(err.value) == "数据中没有 2023 年的数据（已有年份：无）"


def test_year_table_has_the_output_columns_and_an_index_from_0(sample):
    r = tiny(sample)
    assert r.latest_year == 2023
    year = r.year_table(2023)  # rows 4..10 of the tiny table
    assert list(year.columns) == OUTPUT_COLUMNS and list(year.index) == [0, 1, 2, 3, 4, 5, 6]
    assert list(year["value"].iloc[:4]) == [3.1, 3.1, 9.9, 3.0]


def test_member_rows_are_the_districts_only(sample):
    # the sample's city sums its districts: 鹿城区 and 龙湾区 of the tiny table, not the zone nor the city
    r = tiny(sample)
    rows = r.member_rows()
    assert list(rows.index) == [0, 1, 4, 5, 8, 9]
    assert set(rows["unit_code"]) == {"330302", "330303"}
    assert r.member_codes[:2] == ["330302", "330303"] and len(r.member_codes) == 12
    assert "330371" not in r.member_codes and "330300" not in r.member_codes


def test_only_the_plans_final_year_is_final(sample):
    # wenzhou-2027's final year is 2027
    assert sample.is_final(2027) is True
    assert sample.is_final(2026) is False


def test_results_pickled_without_indexes_still_build_them(sample):
    # a Results pickled before it kept indexes has no ``_index`` in its state: unpickling gives it an empty one
    r = tiny(sample)
    state = {k: v for k, v in r.__dict__.items() if k != "_index"}
    again = Results.__new__(Results)
    again.__setstate__(state)
    assert again._index == {}
    assert again.years == [2022, 2023]


def test_unit_table_of_a_year_has_the_output_columns(sample):
    rows = tiny(sample).unit_table("330303", 2022)  # row 1 of the tiny table, alone
    assert list(rows.columns) == OUTPUT_COLUMNS and list(rows.index) == [0]
    assert rows["value"].iloc[0] == 2.5


def test_series_of_a_unit_not_in_the_table_is_empty(sample):
    # the first row of the table is 鹿城区's 2022 rd_gdp_ratio (2.0): an unknown unit must not borrow it
    r = tiny(sample)
    assert r.series("999999", "rd_gdp_ratio").empty
    empty = r.series("330302", "no_such_indicator")
    assert empty.name == "value" and empty.index.name == "year" and str(empty.index.dtype) == "int64"
    assert str(empty.dtype) == "float64"


def test_a_districts_target_path_is_scaled_by_the_citys_own_baseline_value(sample):
    # 鹿城区's 技术合同成交额 2027: its 2022 value 26.57 × the city's final target 560 ÷ the city's 2022 value
    # in the data, 256.01 (the plan's 256.00 would give 58.121875): 14879.2 ÷ 256.01 = 58.119605
    assert sample.target_paths("330302").loc[2027, "tech_transactions"] == pytest.approx(58.119605, abs=1e-6)


def test_the_citys_target_path_is_its_own(sample):
    # the plan's 330 (2023), 500 (2025) and 560 (2027), geometric between: √(330 × 500) = 406.20192,
    # √(500 × 560) = 529.15026
    path = sample.target_paths("330300")["tech_transactions"]
    assert list(path.index) == [2023, 2024, 2025, 2026, 2027]
    assert path.to_numpy() == pytest.approx([330.0, 406.20192, 500.0, 529.15026, 560.0], abs=1e-5)


def test_a_dataset_without_a_task_table(sample):
    dataset = dataclasses.replace(sample.dataset, task_targets=pd.DataFrame())
    r = Results(sample.framework, sample.units, dataset, sample.table)
    assert r.task_rows("330302").empty


def test_trace_of_a_unit_without_cells_is_empty(sample):
    trace = sample.trace("999999", 2023)
    assert trace.empty
    assert list(trace.columns) == ["indicator", "field", "unit_code", "year", "value", "file", "sheet", "cell"]


def test_task_rows_are_the_units_own(sample):
    # 指标任务表_2023.xlsx: 鹿城区's 高新技术企业 457 (F7) and 科技型中小企业 1771 (F8)
    rows = sample.task_rows("330302")
    assert set(rows["unit_code"]) == {"330302"}
    assert rows.set_index("indicator").loc[["hitech_enterprises", "tech_smes"], "target"].tolist() == [457.0, 1771.0]
    assert sample.task_rows("330300").empty  # the city has no row of its own in the task table


def test_panel_rows_are_the_units_own(sample):
    rows = sample.panel_rows("330302")
    assert set(rows["unit_code"]) == {"330302"}
    assert rows.iloc[0][["year", "field", "value", "cell"]].tolist() == [2021, "gdp", 1076.59, "D5"]  # 2021 workbook
    none = sample.panel_rows("999999")
    assert none.empty and list(none.columns) == ["unit_code", "year", "field", "value", "file", "sheet", "cell"]


def test_a_view_shares_everything_but_what_a_notebook_may_replace(sample):
    dataset = dataclasses.replace(sample.dataset, panel=sample.dataset.panel.copy())  # the sample's stays whole
    r = Results(sample.framework, sample.units, dataset, sample.table, sample.scores)
    view = r.view()
    assert view.framework is r.framework and view.units is r.units and view.scores is r.scores
    assert view._index is r._index and view.dataset.panel.equals(r.dataset.panel)
    first = r.dataset.panel["value"].iloc[0]
    view.dataset.panel["value"] = -1.0  # one unit's notebook replaces a column of its panel
    assert r.dataset.panel["value"].iloc[0] == first == 73500.0  # the province's 2021 GDP, D5


def ranked(units_of):
    """District ranks of a hand-made table: three districts, a zone and the city; a higher-is-better and a
    lower-is-better indicator; two years; an index that does not start at 0."""
    framework = SimpleNamespace(
        city_sums=("district",),
        indicators=[
            SimpleNamespace(id="up", higher_is_better=True),
            SimpleNamespace(id="down", higher_is_better=False),
        ],
    )
    rows = [  # unit, year, indicator, value
        ("D1", 2023, "up", 5.0),
        ("D2", 2023, "up", 7.0),
        ("D3", 2023, "up", 7.0),
        ("Z", 2023, "up", 99.0),  # a zone is not ranked among the districts
        ("C", 2023, "up", 19.0),  # nor the city
        ("D1", 2023, "down", 5.0),
        ("D2", 2023, "down", 7.0),
        ("D3", 2023, "down", math.nan),  # no value, no rank
        ("D1", 2024, "up", 1.0),
        ("D2", 2024, "up", 2.0),
    ]
    table = pd.DataFrame(rows, columns=["unit_code", "year", "indicator", "value"], index=range(10, 20))
    return rank_districts(table, framework, units_of(["D1", "D2", "D3"], zones=["Z"]))


def test_district_ranks_by_hand(units_of):
    rank = ranked(units_of)
    assert list(rank.index) == list(range(10, 20)) and str(rank.dtype) == "float64"
    # up 2023: 7, 7 share rank 1, 5 is 3rd; down 2023: 5 is best; up 2024 apart from 2023: 2 is 1st, 1 is 2nd
    expected = [3.0, 1.0, 1.0, math.nan, math.nan, 1.0, 2.0, math.nan, 2.0, 1.0]
    assert rank.tolist() == pytest.approx(expected, nan_ok=True)


def test_unreported_notes_by_hand(units_of):
    # 区D1 sent nothing for 2023, 区D2 nothing for 2022, both nothing for 2024
    units = units_of(["D1", "D2", "D3"])
    d1, d2 = units["D1"], units["D2"]
    missing = [Missing(d1, 2023, Path("2023")), Missing(d2, 2022, Path("2022"))]
    missing += [Missing(d1, 2024, Path("2024")), Missing(d2, 2024, Path("2024"))]
    dataset = SimpleNamespace(missing=missing, missing_units=lambda y: [m.unit for m in missing if m.year == y])
    both = "缺少区D1、区D2的数据，无法汇总全市"
    rows = [  # unit, year, value, note
        ("D1", 2023, math.nan, ""),
        ("D1", 2023, 5.0, ""),  # a value: nothing to say
        ("D1", 2022, math.nan, ""),  # 2022 was sent (its value was missing for another reason)
        ("C", 2023, math.nan, "缺少区D1、区D3的数据，无法汇总全市"),
        ("C", 2023, math.nan, "缺少区D1、区D3的数据，无法汇总全市"),  # the same note on another indicator
        ("C", 2023, math.nan, "缺少区D3的数据，无法汇总全市"),  # 区D3 sent its workbook
        ("C", 2023, math.nan, "区D1无数据"),  # not a sum lacking members
        ("D2", 2022, math.nan, ""),
        ("C", 2022, math.nan, both),
        ("C", 2024, math.nan, both),
        ("D1", 2024, math.nan, "已有说明"),  # a unit's own row: replaced whatever it said
    ]
    table = pd.DataFrame(rows, columns=["unit_code", "year", "value", "note"])
    mark_unreported(table, dataset)
    assert table["note"].tolist() == [
        "未报送（没有2023年的工作簿）",
        "",
        "",
        "缺少区D1、区D3的数据，无法汇总全市（区D1未报送）",
        "缺少区D1、区D3的数据，无法汇总全市（区D1未报送）",
        "缺少区D3的数据，无法汇总全市",
        "区D1无数据",
        "未报送（没有2022年的工作簿）",
        both + "（区D2未报送）",
        both + "（区D1、区D2未报送）",
        "未报送（没有2024年的工作簿）",
    ]


def test_rejected_notes_by_hand():
    # 高新区(经开区)'s 2023 workbook, 二区's workbook of no year folder (its name names the unit) and 三区's
    # (no code in the file, its identity says 三区) were rejected; two stray files name no unit
    units = UnitRegistry(
        "t",
        Unit("C", "全市", "city"),
        [Unit("D1", "高新区(经开区)", "district"), Unit("D2", "二区", "district"), Unit("D3", "三区", "district")],
        [],
    )

    def book(name, unit_code, folder_year):
        return SimpleNamespace(name=name, unit_code=unit_code, path=Path(name), folder_year=folder_year)

    rejected = [
        ("D1", book("2023/D1_高新区(经开区).xlsx", "D1", 2023), None),
        ("", book("二区的表.xlsx", None, None), None),
        ("", book("杂项.xlsx", None, None), None),  # skipped, and the files after it still marked
        ("", book("2023/报表.xlsx", "D3", 2023), None),
        ("ZZ", book("ZZ_别处.xlsx", None, None), None),
    ]
    dataset = SimpleNamespace(units=units, rejected=lambda: rejected)
    lacks_d1 = "缺少高新区(经开区)的数据，无法汇总全市"
    rows = [  # unit, year, value, status, note
        ("D1", 2023, math.nan, "no_data", ""),
        ("D1", 2023, math.nan, "not_applicable", "不适用"),  # not applicable: never 数据有误
        ("D1", 2022, math.nan, "no_data", ""),  # the rejected workbook is 2023's
        ("D1", 2023, 4.0, "met", ""),
        ("C", 2023, math.nan, "no_data", lacks_d1),
        ("C", 2023, math.nan, "no_data", lacks_d1 + "（高新区(经开区)数据有误）"),  # said already
        ("C", 2023, math.nan, "no_data", "高新区(经开区)无数据"),  # not a sum lacking members
        ("C", 2023, math.nan, "no_data", "缺少三区的数据，无法汇总全市"),
        ("D2", 2021, math.nan, "no_data", ""),
        ("C", 2022, math.nan, "no_data", "缺少二区的数据，无法汇总全市"),
        ("C", 2022, math.nan, "no_data", lacks_d1),  # 2022: 高新区(经开区)'s workbook of that year was used
        ("C", 2023, math.nan, "not_applicable", lacks_d1),
        ("D3", 2023, math.nan, "no_data", ""),
    ]
    table = pd.DataFrame(rows, columns=["unit_code", "year", "value", "status", "note"])
    mark_rejected(table, dataset)
    assert table["note"].tolist() == [
        "数据有误（2023/D1_高新区(经开区).xlsx未采用，见问题清单）",
        "不适用",
        "",
        "",
        lacks_d1 + "（高新区(经开区)数据有误）",
        lacks_d1 + "（高新区(经开区)数据有误）",
        "高新区(经开区)无数据",
        "缺少三区的数据，无法汇总全市（三区数据有误）",
        "数据有误（二区的表.xlsx未采用，见问题清单）",
        "缺少二区的数据，无法汇总全市（二区数据有误）",
        lacks_d1,
        lacks_d1,
        "数据有误（2023/报表.xlsx未采用，见问题清单）",
    ]


def test_evaluate_takes_a_framework_and_units_already_loaded(sample):
    # the sample's plan as an object, not an id; its units without the two zones (their workbooks are then
    # errors); ``until=2022`` leaves the 2023 folder out
    u = sample.units
    no_zones = UnitRegistry(u.id, u.city, u.districts, [], references=u.references)
    r = evaluate(sample.dataset.data_dir, sample.framework, no_zones, until=2022)
    assert r.years == [2021, 2022]
    assert sorted(set(r.table["unit_code"])) == ["330300", *[d.code for d in u.districts]]


def test_one_row_of_the_sample_as_evaluate_leaves_it(sample):
    # 鹿城区 2023 高新技术企业累计数: 429 in its workbook, 457 in the task table (F7); 429 ÷ 457 = 0.93873;
    # the plan's unit 家, its name, and the district among the districts
    t = sample.table
    row = t[(t["unit_code"] == "330302") & (t["year"] == 2023) & (t["indicator"] == "hitech_enterprises")].iloc[0]
    assert row[["unit_name", "unit_kind", "indicator_name", "measure"]].tolist() == [
        "鹿城区",
        "district",
        "高新技术企业累计数",
        "家",
    ]
    assert row[["value", "target", "target_rule", "target_note", "note"]].tolist() == [
        429.0,
        457.0,
        "task_table",
        "取自指标任务表",
        "",
    ]
    assert row["achievement"] == pytest.approx(0.938731, abs=1e-6)
    # four districts have more in 2023 (龙湾区 528, 瓯海区 486, 瑞安市 755, 乐清市 1004; zones are not ranked)
    assert row["rank"] == 5.0
    # nine indicators of equal weight: 93.873085 ÷ 9 points
    assert row["points"] == pytest.approx(10.430343, abs=1e-6)
    # geometric path 404 (2022) → 710 (2027): (429 ÷ 404 − 1) ÷ ((710 ÷ 404)^(1/5) − 1) = 0.061881 ÷ 0.119375,
    # under 0.6 of the pace needed
    assert row["pace_ratio"] == pytest.approx(0.51838, abs=1e-5) and row["outlook"] == "limited"
    # a growth rate in the first year of data has no last year to grow from
    first = t[(t["unit_code"] == "330302") & (t["year"] == 2021) & (t["indicator"] == "hitech_investment_growth")]
    assert first["note"].tolist() == ["无数据（未报送或报表有错误被跳过）"]
    assert list(t.columns) == OUTPUT_COLUMNS and "330000" not in set(t["unit_code"])  # the province has no row
    # the scores: a row per unit that gets a report (12 districts, 2 zones, the city) and year (2021-2023)
    assert len(sample.scores) == 15 * 3 and set(sample.scores["unit_code"]) == {u.code for u in sample.units.all()}
    # the province's own value (a workbook marked 示例数值) is said to be illustrative where it sets a target
    rd = t[(t["unit_code"] == "330302") & (t["year"] == 2023) & (t["indicator"] == "rd_gdp_ratio")].iloc[0]
    assert rd["target_note"].endswith("浙江省（示例数值，非官方统计）2023年同期值3.2")


def test_a_unit_that_sent_nothing_is_unreported_in_its_rows_and_the_citys(sample_copy):
    (sample_copy / "2023" / "330303_龙湾区.xlsx").unlink()
    table = evaluate(sample_copy, "wenzhou-2027", until=2023).table
    own = table[(table["unit_code"] == "330303") & (table["year"] == 2023)]
    assert set(own["note"]) == {"未报送（没有2023年的工作簿）"}
    city = table[(table["unit_code"] == "330300") & (table["year"] == 2023)]
    assert set(city["note"]) == {"缺少龙湾区的数据，无法汇总温州市（龙湾区未报送）"}


def test_a_row_that_does_not_apply_says_nothing_even_when_its_workbook_was_rejected(plan_sample, tmp_path):
    # jinzhou-2020: 科技进步贡献率 applies to the city only; 义县's rejected 2020 workbook leaves its other rows
    # 数据有误, and that one empty: neither 数据有误 nor 无数据, nor a missing note
    data = tmp_path / "data"
    shutil.copytree(plan_sample("jinzhou-2020"), data)
    next((data / "2020").glob("210727*.xlsx")).write_bytes(b"not a workbook")
    t = evaluate(data, "jinzhou-2020").table
    rows = t[(t["unit_code"] == "210727") & (t["year"] == 2020)].set_index("indicator")
    assert rows.loc["tech_progress_contribution", ["status", "note"]].tolist() == ["not_applicable", ""]
    assert rows.loc["rd_gdp_ratio", "note"] == "数据有误（2020/210727_义县.xlsx未采用，见问题清单）"


def test_a_city_path_without_a_baseline_in_the_plan_starts_from_the_citys_data(evaluated_plan):
    # jinzhou-2020 年专利申请量: the plan gives 1200 for 2020 and no baseline; the city's 2015 data say 900:
    # linear, 60 a year
    path = evaluated_plan("jinzhou-2020").target_paths("210700")["patent_applications"]
    assert path.to_dict() == {2016: 960.0, 2017: 1020.0, 2018: 1080.0, 2019: 1140.0, 2020: 1200.0}
