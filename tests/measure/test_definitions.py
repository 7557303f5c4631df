"""The indicator definitions table that the report appendix and the workbook's 指标定义 sheet both show."""

from sti_monitor.ingest import load_fields
from sti_monitor.measure import load_framework
from sti_monitor.measure.definitions import DEFINITION_HEADERS, definitions


def test_one_row_per_indicator_with_its_labels():
    table = definitions(load_framework("wenzhou-2027"), load_fields())
    assert list(table.columns) == [
        "indicator",
        "name",
        "unit",
        "formula",
        "definition",
        "interpolation",
        "decomposition",
        "method",
    ]
    assert len(table) == 9
    first = table.iloc[0]
    assert (first["indicator"], first["name"], first["unit"]) == ("rd_gdp_ratio", "R&D经费占地区生产总值的比重", "%")
    assert (first["interpolation"], first["decomposition"], first["method"]) == (
        "线性",
        "按基期比例",
        "线性 / 按基期比例",
    )
    firms = table.set_index("indicator").loc["hitech_enterprises"]
    assert (firms["interpolation"], firms["method"]) == ("几何", "几何 / 按基期比例")
    growth = table.set_index("indicator").loc["hitech_investment_growth"]
    assert growth["decomposition"] == "与全市相同"  # an average growth rate is the city's own target everywhere


def test_headers_are_the_reports():
    assert [DEFINITION_HEADERS[c] for c in ("name", "unit", "formula", "method")] == [
        "指标",
        "单位",
        "计算方法",
        "目标插值 / 分解",
    ]
