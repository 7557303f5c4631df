"""Edges of the indicator definitions table (``measure/definitions.py``), found by mutation testing; expected
values by hand from params/frameworks/wenzhou-2027.yaml and params/fields.yaml."""

from types import SimpleNamespace

from sti_monitor.ingest import load_fields
from sti_monitor.measure import load_framework
from sti_monitor.measure.definitions import definitions

COLUMNS = ["indicator", "name", "unit", "formula", "definition", "interpolation", "decomposition", "method"]


def test_the_first_row_whole_with_its_formula_in_words_and_its_definition():
    # the formula's columns are read by name (附表1 and the 指标定义 sheet): a ratio × 100 with each field's unit
    table = definitions(load_framework("wenzhou-2027"), load_fields())
    assert table.iloc[0].to_dict() == {
        "indicator": "rd_gdp_ratio",
        "name": "R&D经费占地区生产总值的比重",
        "unit": "%",
        "formula": "R&D经费支出（亿元） ÷ 地区生产总值（亿元） × 100",
        "definition": "全社会R&D经费支出除以地区生产总值，乘以100。",
        "interpolation": "线性",
        "decomposition": "按基期比例",
        "method": "线性 / 按基期比例",
    }


def test_a_plan_without_indicators_still_has_every_column():
    # the sheet and the appendix select columns by name, so an empty table keeps them
    table = definitions(SimpleNamespace(indicators=()), load_fields())
    assert table.empty and list(table.columns) == COLUMNS
