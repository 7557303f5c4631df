"""The embedded sample: clean, and calibrated to the plan's 2022 column."""

import pytest

from sti_monitor.measure.compliance import round_half_up

# the seed plan's 2022 column (九大重点科技创新指标)
SEED_2022 = {
    "rd_gdp_ratio": 2.6,
    "rd_personnel_per_10k": 110,
    "ind_rd_revenue_ratio": 3.32,
    "hitech_enterprises": 3700,
    "tech_smes": 14700,
    "hitech_va_share": 66.8,
    "tech_transactions": 256,
    "incubator_area_new": 152,
    "hitech_investment_growth": 9.6,
}


@pytest.fixture(scope="module")
def results(evaluated_sample):
    return evaluated_sample


def test_sample_is_clean(results):
    assert [str(p) for p in results.dataset.problems] == []
    assert len(results.dataset.workbooks) == 45  # 12 districts, 2 zones and the province a year
    assert results.years == [2021, 2022, 2023]


@pytest.mark.parametrize("indicator, expected", SEED_2022.items())
def test_city_2022_equals_the_plan_at_display_precision(results, indicator, expected):
    ind = results.framework.indicator(indicator)
    row = results.year_table(2022).query("unit_code == '330300' and indicator == @indicator").iloc[0]
    assert round_half_up(row["value"], ind.precision) == round_half_up(expected, ind.precision)


def test_sample_is_plausible(results):
    t = results.year_table(2023).set_index(["unit_code", "indicator"])["value"]
    strong, small = ["330303", "330382", "330381"], ["330328", "330329"]
    for ind in ("rd_gdp_ratio", "hitech_enterprises"):
        assert min(t[(c, ind)] for c in strong) > max(t[(c, ind)] for c in small)


def test_sample_task_table_is_used(results):
    t = results.year_table(2023)
    rules = t[t.unit_kind == "district"].groupby("indicator")["target_rule"].unique()
    assert list(rules["hitech_enterprises"]) == ["task_table"]
    assert list(rules["rd_gdp_ratio"]) == ["proportional"]
    assert list(rules["hitech_investment_growth"]) == ["same_as_city"]
