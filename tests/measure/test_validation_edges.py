"""validation.py edges found by mutation testing: the zero-denominator error, the implausible-value warning and the
missing baseline year, with their words worked out by hand from wenzhou-2027 and params/fields.yaml."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from sti_monitor.ingest import Problem, load_fields
from sti_monitor.measure import load_framework
from sti_monitor.measure.validation import check_baseline, check_indicators

FW = load_framework("wenzhou-2027")  # rd_gdp_ratio: R&D经费支出 ÷ 地区生产总值 × 100, plausible 0～20 %


def book_of(records):
    """A stand-in for a read workbook: its name, its (unit, record) pairs and the problems found so far."""
    recs = [(u, SimpleNamespace(year=y, field=f, value=v, sheet="数据", cell=c)) for u, y, f, v, c in records]
    return SimpleNamespace(name="2023/101_甲.xlsx", problems=[], accepted_records=lambda: recs)


def test_a_zero_denominator_is_an_error_and_an_implausible_ratio_a_warning():
    book = book_of(
        [
            ("101", 2023, "rd_expenditure", 30, "D6"),  # 30 ÷ 100 × 100 = 30 %, above 20
            ("101", 2023, "gdp", 100, "D5"),
            ("101", 2022, "rd_expenditure", 4, "D6"),  # GDP 0: no ratio
            ("101", 2022, "gdp", 0, "D5"),
            ("101", 2021, "rd_expenditure", 20, "D6"),  # exactly 20 %: plausible
            ("101", 2021, "gdp", 100, "D5"),
            ("101", 2020, "rd_expenditure", 4, "D6"),  # no GDP that year: nothing to check
        ]
    )
    check_indicators(book, FW, load_fields())
    assert book.problems == [
        Problem(
            "2023/101_甲.xlsx",
            "2022年R&D经费占地区生产总值的比重的分母地区生产总值为 0，无法计算比重",
            "填写地区生产总值的实际数值",
            sheet="数据",
            cell="D5",
            unit_code="101",
        ),
        Problem(
            "2023/101_甲.xlsx",
            "2023年R&D经费占地区生产总值的比重算得 30.00%，超出合理范围 0～20%",
            "核对R&D经费支出（D6）和地区生产总值（D5）的数值与单位（常见原因：万元误作亿元）",
            sheet="数据",
            cell="D6",
            severity="warning",
            unit_code="101",
        ),
    ]


def test_a_missing_baseline_year_says_where_its_folder_goes():
    # wenzhou-2027's baseline is 2022; the data hold 2023 only
    def dataset(folder):
        return SimpleNamespace(panel=pd.DataFrame({"year": [2023]}), years=[2023], data_dir=Path(folder))

    what = "缺少基期 2022 年的数据（温州市科技创新九大重点指标（2023—2027年）以 2022 年为基期，区县目标按基期值分解）"
    assert check_baseline(dataset("/数据/温州"), FW) == Problem(
        "温州", what, "把 2022 年的工作簿放在 /数据/温州/2022（每年一个文件夹）"
    )
    # run on a year folder: the baseline's folder goes beside it
    assert check_baseline(dataset("/数据/温州/2023"), FW) == Problem(
        "2023", what, "把 2022 年的工作簿放在 /数据/温州/2022，并对上一级目录 /数据/温州 运行（各年文件夹并列）"
    )
    assert check_baseline(dataset("/数据/3023"), FW).fix == "把 2022 年的工作簿放在 /数据/3023/2022（每年一个文件夹）"
    with_baseline = SimpleNamespace(panel=pd.DataFrame({"year": [2022]}), years=[2022], data_dir=Path("/数据"))
    assert check_baseline(with_baseline, FW) is None
    empty = SimpleNamespace(panel=pd.DataFrame({"year": []}), years=[], data_dir=Path("/数据"))
    assert check_baseline(empty, FW) is None  # nothing read: other errors say why
