"""definitions.py, by hand: every column of a row, from the plan's file and params/fields.yaml."""

from __future__ import annotations

from sti_monitor.ingest import load_fields
from sti_monitor.measure import load_framework
from sti_monitor.measure.definitions import definitions


def test_the_first_row_whole():
    # wenzhou-2027's rd_gdp_ratio: R&D经费支出 and 地区生产总值 in 亿元 (fields.yaml), × 100; its definition as written
    row = definitions(load_framework("wenzhou-2027"), load_fields()).iloc[0].to_dict()
    assert row == {
        "indicator": "rd_gdp_ratio",
        "name": "R&D经费占地区生产总值的比重",
        "unit": "%",
        "formula": "R&D经费支出（亿元） ÷ 地区生产总值（亿元） × 100",
        "definition": "全社会R&D经费支出除以地区生产总值，乘以100。",
        "interpolation": "线性",
        "decomposition": "按基期比例",
        "method": "线性 / 按基期比例",
    }


def test_rows_follow_the_plans_order():
    table = definitions(load_framework("wenzhou-2027"), load_fields())
    assert table["indicator"].tolist()[:3] == ["rd_gdp_ratio", "rd_personnel_per_10k", "ind_rd_revenue_ratio"]
    assert list(table.index) == list(range(9))
