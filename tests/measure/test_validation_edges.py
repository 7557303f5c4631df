"""Edges of the plan's checks on each workbook (``measure/validation.py``), found by mutation testing: each
problem compared whole (file, the Chinese message and fix, sheet, cell, unit), expected values by hand."""

from pathlib import Path

import openpyxl
import pandas as pd

from conftest import clean_rows, write_book
from sti_monitor.ingest import Dataset, UnitRegistry, load_fields
from sti_monitor.ingest.problems import Problem
from sti_monitor.ingest.records import Record, Workbook
from sti_monitor.ingest.units import Unit, units_for
from sti_monitor.measure import check_baseline, check_unreported, load_dataset
from sti_monitor.measure.framework import load_framework
from sti_monitor.measure.validation import check_indicators

FW = load_framework("wenzhou-2027")


def book_of(*records, unit="330302", name="2023/a.xlsx") -> Workbook:
    return Workbook(Path(name), name, unit_code=unit, records=list(records))


def test_a_zero_denominator_is_an_error_and_the_next_indicator_is_still_checked():
    # gdp 0: R&D经费占地区生产总值的比重 cannot be computed (the error sits on the denominator's cell, sheet 乙);
    # the next indicator, 4000 人年 ÷ 1 万人 × 1 = 4000.00, is over its plausible 1500 (a warning on the numerator)
    book = book_of(
        Record("gdp", 2023, 0.0, "乙", "D5"),
        Record("rd_expenditure", 2023, 15.0, "甲", "D6"),
        Record("rd_personnel_fte", 2023, 4000.0, "丙", "D7"),
        Record("employed_persons", 2023, 1.0, "丁", "D8"),
    )
    check_indicators(book, FW, load_fields())
    assert book.problems == [
        Problem(
            "2023/a.xlsx",
            "2023年R&D经费占地区生产总值的比重的分母地区生产总值为 0，无法计算比重",
            "填写地区生产总值的实际数值",
            sheet="乙",
            cell="D5",
            unit_code="330302",
        ),
        Problem(
            "2023/a.xlsx",
            "2023年每万名就业人员中研发人员算得 4000.00人年，超出合理范围 0～1500人年",
            "核对R&D人员全时当量（D7）和全社会就业人员（D8）的数值与单位（常见原因：万元误作亿元）",
            sheet="丙",
            cell="D7",
            severity="warning",
            unit_code="330302",
        ),
    ]


def test_a_value_on_either_bound_of_its_plausible_range_is_no_problem():
    # 0 ÷ 500 × 100 = 0 % (the lower bound of 0～20) and 1500 ÷ 1 × 1 = 1500 人年 (the upper bound of 0～1500)
    book = book_of(
        Record("gdp", 2023, 500.0, "数据", "D5"),
        Record("rd_expenditure", 2023, 0.0, "数据", "D6"),
        Record("rd_personnel_fte", 2023, 1500.0, "数据", "D7"),
        Record("employed_persons", 2023, 1.0, "数据", "D8"),
    )
    check_indicators(book, FW, load_fields())
    assert book.problems == []


def test_a_missing_baseline_year_beside_a_folder_that_is_no_year(tmp_path):
    # the data directory is data/wenzhou (not a year): the baseline year's folder goes inside it
    write_book(tmp_path / "wenzhou" / "2024" / "a.xlsx", clean_rows(), years=(2024,))
    assert check_baseline(load_dataset(tmp_path / "wenzhou", FW), FW) == Problem(
        "wenzhou",
        "缺少基期 2022 年的数据（温州市科技创新九大重点指标（2023—2027年）以 2022 年为基期，区县目标按基期值分解）",
        f"把 2022 年的工作簿放在 {tmp_path / 'wenzhou' / '2022'}（每年一个文件夹）",
    )


def test_a_missing_baseline_year_when_the_data_directory_is_a_year_folder(tmp_path):
    write_book(tmp_path / "wenzhou" / "2024" / "a.xlsx", clean_rows(), years=(2024,))
    assert check_baseline(load_dataset(tmp_path / "wenzhou" / "2024", FW), FW) == Problem(
        "2024",
        "缺少基期 2022 年的数据（温州市科技创新九大重点指标（2023—2027年）以 2022 年为基期，区县目标按基期值分解）",
        f"把 2022 年的工作簿放在 {tmp_path / 'wenzhou' / '2022'}，并对上一级目录 {tmp_path / 'wenzhou'} 运行（各年文件夹并列）",
    )


def unreported(code, unit, field, name, short, field_unit, file="2023/a.xlsx") -> Problem:
    return Problem(
        file,
        f"未报送：{unit}2023年缺少{name}（{short}需要，缺报按0分计）",
        f"在该工作簿中补填{name}（字段代码 {field}，单位 {field_unit}）；确实不可得的，请与市科技局确认",
        unit_code=code,
        field=field,
        year=2023,
    )


def dataset_of(units, *books) -> Dataset:
    return Dataset(Path("data"), units, pd.DataFrame(), list(books), [])


def gdp_only(unit) -> Workbook:
    return book_of(Record("gdp", 2023, 500.0, "数据", "D5"), unit=unit, name=f"2023/{unit}.xlsx")


def test_unreported_of_summed_units_is_their_rate_alone_and_a_reference_unit_is_never_asked(tiny_framework):
    # X (rd_expenditure ÷ gdp), Y (a reported rate, 科技进步贡献率) and Z (growth of hitech_investment) apply to the
    # city, the district and an aggregate. Each sent gdp only. The aggregate and the city (it has a member) are
    # sums of their members except a rate: only Y's field is asked of them. The district is asked X's, Y's and
    # Z's fields. The reference unit (its code sorts first) is asked nothing, and the units after it are checked.
    kinds = {"applies_to": ["city", "district", "aggregate"]}
    fw = tiny_framework(
        {"x": kinds, "y": {**kinds, "formula": {"kind": "field", "field": "tech_progress_contribution"}}, "z": kinds}
    )
    units = UnitRegistry(
        "t",
        Unit("300000", "测试市", "city"),
        [Unit("300001", "甲县", "district")],
        [],
        aggregates=[Unit("200000", "乙园区", "aggregate", members=("300001",))],
        references=[Unit("100000", "全省", "reference")],
    )
    books = [gdp_only(u) for u in ("300001", "300000", "200000", "100000")]
    assert check_unreported(dataset_of(units, *books), fw) == [
        unreported("200000", "乙园区", "tech_progress_contribution", "科技进步贡献率", "Y", "%", "2023/200000.xlsx"),
        unreported("300000", "测试市", "tech_progress_contribution", "科技进步贡献率", "Y", "%", "2023/300000.xlsx"),
        unreported("300001", "甲县", "rd_expenditure", "R&D经费支出", "X", "亿元", "2023/300001.xlsx"),
        unreported("300001", "甲县", "tech_progress_contribution", "科技进步贡献率", "Y", "%", "2023/300001.xlsx"),
        unreported("300001", "甲县", "hitech_investment", "高新技术产业投资额", "Z", "亿元", "2023/300001.xlsx"),
    ]


def test_unreported_field_of_two_indicators_names_both_after_one_that_does_not_apply(tiny_framework):
    # X and Z (hitech_investment ÷ gdp) apply to districts, Y (between them) to the city only: 鹿城区, which sent
    # rd_expenditure alone, lacks gdp for X and Z (named together, 、) and hitech_investment for Z
    fw = tiny_framework(
        {
            "x": {"applies_to": ["district"]},
            "y": {"applies_to": ["city"]},
            "z": {
                "applies_to": ["district"],
                "formula": {"kind": "ratio", "numerator": "hitech_investment", "denominator": "gdp", "scale": 100},
            },
        }
    )
    book = book_of(Record("rd_expenditure", 2023, 15.0, "数据", "D6"))
    assert check_unreported(dataset_of(units_for(None, "wenzhou"), book), fw) == [
        unreported("330302", "鹿城区", "gdp", "地区生产总值", "X、Z", "亿元"),
        unreported("330302", "鹿城区", "hitech_investment", "高新技术产业投资额", "Z", "亿元"),
    ]


def test_load_dataset_reads_with_the_units_given(tmp_path):
    # 100001 is in no shipped units list: read with the registry given, it is accepted
    units = UnitRegistry("t", Unit("100000", "测试市", "city"), [Unit("100001", "甲县", "district")], [])
    write_book(tmp_path / "a.xlsx", clean_rows(), code="100001", name="甲县")
    ds = load_dataset(tmp_path, FW, units)
    assert ds.units is units and ds.problems == [] and set(ds.panel["unit_code"]) == {"100001"}


def test_load_dataset_until_a_year_leaves_the_later_folders_out(tmp_path):
    write_book(tmp_path / "2022" / "a.xlsx", clean_rows(), years=(2022,))
    write_book(tmp_path / "2023" / "a.xlsx", clean_rows(), years=(2023,))
    assert load_dataset(tmp_path, FW, until=2022).years == [2022]
    assert load_dataset(tmp_path, FW).years == [2022, 2023]


def test_load_dataset_reads_a_task_table_against_the_plans_indicators(tmp_path):
    # one target of the plan's indicator is read; an indicator the plan lacks is refused, naming the plan's id
    write_book(tmp_path / "a.xlsx", clean_rows())
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位代码", "单位名称", "指标代码", "指标名称", "年份", "目标值"])
    ws.append(["330302", "鹿城区", "rd_gdp_ratio", "", 2023, 3.4])
    ws.append(["330302", "鹿城区", "no_such_indicator", "", 2023, 5])
    wb.save(tmp_path / "指标任务表_2023.xlsx")
    ds = load_dataset(tmp_path, FW)
    assert ds.task_targets[["unit_code", "indicator", "year", "target"]].values.tolist() == [
        ["330302", "rd_gdp_ratio", 2023, 3.4]
    ]
    assert [p.what for p in ds.problems] == ["指标“no_such_indicator”不在指标体系 wenzhou-2027 中"]
