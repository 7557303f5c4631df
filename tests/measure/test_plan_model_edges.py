"""Edges of measure/plan_model.py that mutation testing (mutmut) found unpinned: a formula in words (what the
definitions sheet and the report appendix print), the aspiration toward a reference unit by year, a unit's own
targets, an indicator looked up by id (expected values by hand)."""

import pytest

from sti_monitor.ingest import load_fields
from sti_monitor.measure.plan_model import Formula, Framework, Indicator, Target

FIELDS = load_fields()


def ind(formula=None, targets=(), unit_targets=None, id="x") -> Indicator:
    return Indicator(
        id, "指标", "%", 2, "higher", formula or Formula("field", ("hitech_enterprises",)), "linear", "proportional",
        None, tuple(targets), unit_targets=unit_targets or {},
    )  # fmt: skip


@pytest.mark.parametrize(
    "formula, text",
    [
        (Formula("field", ("hitech_enterprises",)), "高新技术企业数（家）"),
        (Formula("field", ("gdp", "rd_expenditure")), "地区生产总值（亿元） + R&D经费支出（亿元）"),
        (Formula("ratio", ("rd_expenditure",), ("gdp",)), "R&D经费支出（亿元） ÷ 地区生产总值（亿元）"),
        (Formula("ratio", ("rd_expenditure",), ("gdp",), 100.0), "R&D经费支出（亿元） ÷ 地区生产总值（亿元） × 100"),
        (
            Formula("ratio", ("rd_expenditure",), ("gdp",), 10000.0),
            "R&D经费支出（亿元） ÷ 地区生产总值（亿元） × 10000",
        ),
        (Formula("ratio", ("rd_expenditure",), ("gdp",), 0.5), "R&D经费支出（亿元） ÷ 地区生产总值（亿元） × 0.5"),
        (
            Formula("average_growth", ("hitech_investment",), since=2020),
            "（（本年高新技术产业投资额（亿元） ÷ 2020年）^（1 ÷ 间隔年数）− 1）× 100，即2020年以来的年均增速",
        ),
        (Formula("cumulative", ("hitech_enterprises",), since=2021), "2021年起逐年高新技术企业数（家）的累计合计"),
        (Formula("growth", ("hitech_investment",)), "（本年高新技术产业投资额（亿元） ÷ 上年 − 1）× 100"),
        (
            Formula("growth", ("hitech_investment",), reported="hitech_investment_growth"),
            "报送的高新技术产业投资增速；未报送时为（本年高新技术产业投资额（亿元） ÷ 上年 − 1）× 100",
        ),
    ],
)
def test_a_formula_in_words(formula, text):
    assert ind(formula).formula_text(FIELDS) == text


# 2023: 力争超全省 (reference, margin 0); 2024: a plain value; 2025: 确保…力争… with a level of its own;
# 2027: 力争超全省 + 0.5
T23 = Target(2023, 2.0, "dual", stretch=0.0, stretch_reference="330000")
T24 = Target(2024, 2.2)
T25 = Target(2025, 2.5, "dual", stretch=2.8)
T27 = Target(2027, 3.0, "dual", stretch=0.5, stretch_reference="330000")


@pytest.mark.parametrize(
    "targets, year, expected",
    [
        ((T23, T24, T25, T27), 2022, T23),  # before the first target: the first's reference
        ((T23, T24, T25, T27), 2023, T23),  # its own year counts as ahead
        ((T23, T24, T25, T27), 2024, T27),  # 2024's plain target has no 力争 level: the first reference ahead shows
        ((T24, T27), 2024, T27),
        ((T23, T24, T25, T27), 2025, None),  # 2025's own 力争 level shows instead
        ((T23, T24, T25, T27), 2026, T27),
        ((T23, T24, T25, T27), 2027, T27),
        ((T23, T24, T25, T27), 2028, None),  # past every target
        ((T24, T25), 2023, None),  # no reference at all
    ],
)
def test_the_reference_aspiration_of_a_year(targets, year, expected):
    assert ind(targets=targets).reference_aspiration(year) == expected


def test_a_units_own_targets():
    own = (Target(2025, 9.0, stretch=0.1, stretch_reference="330000"),)
    x = ind(targets=(T24,), unit_targets={"A1": own})
    assert x.targets_for("A1") == own
    assert x.targets_for("A2") == (T24,) and x.targets_for() == (T24,) and x.targets_for(None) == (T24,)
    assert x.reference_aspiration(2024, "A1") == own[0]
    assert x.reference_aspiration(2024) is None


def test_an_indicator_by_id():
    x, y = ind(id="x"), ind(id="y")
    fw = Framework("f", "测试", "wenzhou", 2022, 2027, (x, y), 0.95)
    assert fw.indicator("y") is y and fw.indicator("x") is x
    with pytest.raises(KeyError) as info:
        fw.indicator("w")
    assert info.value.args == ("w",)
