"""Report wording and rows: what still has to happen, gaps in percentage points, a row formatted once."""

import pandas as pd
import pytest

from sti_monitor.measure import load_framework
from sti_monitor.report.formatting import cn, fmt_number
from sti_monitor.report.rows import gap_text, shown, status_label, status_phrase, still_needed, target_label
from sti_monitor.report.svgchart import tick_format, y_ticks

FW = load_framework("wenzhou-2027")


def row(**kw):
    base = {
        "value": float("nan"),
        "target": float("nan"),
        "stretch_target": float("nan"),
        "final_target": float("nan"),
        "required_growth": float("nan"),
        "required_growth_unit": "",
        "status": "behind",
    }
    return pd.Series({**base, **kw})


def test_a_final_target_already_reached_is_kept_not_risen_to():
    area = FW.indicator("incubator_area_new")  # 万平方米, linear
    # 1.20 now, this year's target 1.29, final 1.08: 1.08 is below this year's target -> keep above it
    r = row(
        value=1.2, target=1.29, final_target=1.08, required_growth=(1.08 - 1.2) / 4, required_growth_unit="万平方米"
    )
    assert still_needed(area, r, 2027) == "保持在1.08万平方米以上即可达到2027年目标"
    # 15.0 now, final 14.4, this year's target 14.0: reached, and the final asks more than this year
    r = row(value=15.0, target=14.0, final_target=14.4, required_growth=-0.15, required_growth_unit="万平方米")
    assert still_needed(area, r, 2027) == "已达到2027年目标，保持即可"


def test_the_rise_still_needed_is_positive_and_shown_as_precisely_as_the_target():
    area = FW.indicator("incubator_area_new")
    r = row(value=1.2, target=1.29, final_target=1.5, required_growth=0.0751, required_growth_unit="万平方米")
    assert still_needed(area, r, 2027) == "要实现2027年目标（1.50万平方米），今后需年均提高0.08万平方米"
    # a rise smaller than the last shown digit reads as that digit, never as 0.00
    r = row(value=1.2, target=1.29, final_target=1.5, required_growth=0.00895, required_growth_unit="万平方米")
    assert still_needed(area, r, 2027).endswith("今后需年均提高0.01万平方米")
    deals = FW.indicator("tech_transactions")  # geometric: compound growth, (2.89 / 1.69) ** (1/4) - 1 = 14.355%
    r = row(value=1.69, target=1.7, final_target=2.89, required_growth=14.355, required_growth_unit="%")
    assert still_needed(deals, r, 2027) == "要实现2027年目标（2.89亿元），今后需年均增长14.4%"


def test_growth_rates_are_written_in_percentage_points():
    growth = FW.indicator("hitech_investment_growth")
    assert gap_text(15.2, 15.0, 1) == "高于目标0.2个百分点"
    assert gap_text(11.8, 15.0, 1) == "低于目标3.2个百分点"
    assert gap_text(14.96, 15.0, 1) == "与目标持平"  # both show 15.0
    s = shown(growth, row(value=-3.04, target=15.0, status="behind"))
    assert (s.value, s.target, s.completion) == ("-3.0", "15.0", "低于目标18.0个百分点")
    assert still_needed(growth, row(value=8.9, target=15.0, final_target=15.0), 2027) == "2027年目标为增长15.0%"


def test_a_row_shows_value_target_and_completion_at_one_precision():
    deals = FW.indicator("tech_transactions")
    s = shown(deals, row(value=1.688, target=1.7, status="near"))
    assert (s.value, s.target, s.completion) == ("1.69", "1.70", "99.3%")


def test_an_unknown_status_shows_as_itself():
    assert status_label("aspiration") == "未达力争目标"  # a known status speaks Chinese
    assert status_label("unheard_of") == "unheard_of"
    assert status_phrase("met") == "已达标" and status_phrase("unheard_of") == "unheard_of"


def test_numbers_and_names_as_chinese_text_shows_them():
    assert cn("温州高新区(经开区)") == "温州高新区（经开区）"
    assert cn("1,234 与 5,6") == "1,234 与 5,6"
    assert fmt_number(14700.0, 0) == "14,700" and fmt_number(-0.001, 2) == "0.00"


@pytest.mark.parametrize("values, first", [([38, 4230], 0.0), ([1.06, 1.38], 1.0), ([-3.0, 15.0], -10.0)])
def test_axis_never_goes_below_zero_for_non_negative_values(values, first):
    ticks = y_ticks(values, non_negative=True)
    assert ticks[0] == pytest.approx(first)


def test_tick_labels_write_each_tick_exactly():
    assert [tick_format([20, 22.5, 25])(t) for t in (20, 22.5, 25)] == ["20.0", "22.5", "25.0"]
    assert tick_format([0, 1000, 2000])(1000) == "1,000"


def test_elements_add_up_into_one_output():
    from sti_monitor.report.elements import Elements, Heading, Paragraph

    both = Heading("标题") + Elements([Paragraph("一"), Paragraph("二")]) + Paragraph("三")
    assert isinstance(both, Elements) and [type(i).__name__ for i in both] == [
        "Heading",
        "Paragraph",
        "Paragraph",
        "Paragraph",
    ]
    assert both.typst().index("标题") < both.typst().index("一") < both.typst().index("三")
    with pytest.raises(TypeError):
        Heading("标题") + "文字"


def test_the_final_year_says_completed_or_not_and_gives_no_advice():
    area = FW.indicator("incubator_area_new")
    missed = row(
        year=2027, value=1.2, target=1.5, final_target=1.5, required_growth=0.3, required_growth_unit="万平方米"
    )
    assert still_needed(area, missed, 2027) == "未完成2027年目标（1.50万平方米）"
    done = row(year=2027, value=1.6, target=1.5, final_target=1.5, status="met")
    assert still_needed(area, done, 2027) == "已完成2027年目标（1.50万平方米）"
    wish = row(year=2027, value=1.2, target=2.0, final_target=2.0, status="aspiration", target_kind="aspiration")
    assert still_needed(area, wish, 2027) == "未实现2027年力争目标（2.00万平方米），力争目标不计未完成"
    assert still_needed(area, row(year=2027, status="no_data", final_target=1.5), 2027) == ""


def test_targets_are_marked_as_the_plan_words_them():
    ratio = FW.indicator("rd_gdp_ratio")
    about = shown(ratio, row(value=4.95, target=5.0, target_kind="about", tolerance=0.1, status="met"))
    assert about.target_cell == "5.00左右（±0.10）"
    wish = shown(ratio, row(value=4.0, target=5.0, target_kind="aspiration", status="aspiration"))
    assert wish.target_cell == "5.00（力争）"
    assert target_label(row(target_kind="value"), False) == "目标"
    assert target_label(row(target_kind="dual"), True) == "目标（确保）"
    assert target_label(row(target_kind="aspiration"), False) == "力争目标"


def test_a_nearly_flat_series_is_drawn_on_an_axis_from_zero():
    assert y_ticks([24.98, 24.99, 25.0], non_negative=True)[0] == 0
    ticks = y_ticks([-0.51, -0.5], non_negative=False)  # a growth rate: a span of at least a tenth of its size
    assert ticks[-1] - ticks[0] >= 0.05
