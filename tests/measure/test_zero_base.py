"""A member whose baseline is 0 gets no share of the whole's target (基期为0，不分解目标): a target of 0 would be met
by any value, so it is no target everywhere (status, points, outlook), never 达标 (daluoshan-2022's corridor
report, figure 8: two areas with no 产业创新服务综合体 in 2019 were coloured 达标 and counted as meeting)."""

import math

import pandas as pd
import pytest

from sti_monitor.ingest.units import Unit, UnitRegistry
from sti_monitor.measure.assessment import indicator_points
from sti_monitor.measure.compliance import assess
from sti_monitor.measure.framework import load_framework
from sti_monitor.measure.outlook import outlooks
from sti_monitor.measure.targets import RULE_LABELS, assign_targets

FW = load_framework("wenzhou-2027")  # 高新技术企业数: 2023 target 4,300, 2027 target 6,500, a count
UNITS = UnitRegistry("t", Unit("100", "市", "city"), [Unit("101", "甲", "district"), Unit("102", "乙", "district")], [])
IND = "hitech_enterprises"


def values(rows):
    return pd.DataFrame([(u, y, IND, v) for u, y, v in rows], columns=["unit_code", "year", "indicator", "value"])


def judged(rows, tasks=None):
    v = values(rows)
    table = assess(v, assign_targets(v, FW, UNITS, tasks), FW)
    table["points"] = indicator_points(table, FW)
    table[["outlook", "pace_ratio"]] = outlooks(table, FW)
    return table.set_index(["unit_code", "year"])


DATA = [
    ("100", 2022, 40.0),
    ("101", 2022, 0.0),  # 甲 had none in the baseline year
    ("102", 2022, 40.0),
    ("100", 2023, 50.0),
    ("101", 2023, 3.0),
    ("102", 2023, 47.0),
]


def test_a_zero_baseline_gets_no_target_and_says_why():
    t = judged(DATA)
    zero = t.loc[("101", 2023)]
    assert zero["target_rule"] == "zero_base" and RULE_LABELS["zero_base"] == "基期为0，不分解目标"
    assert math.isnan(zero["target"]) and math.isnan(zero["final_target"]) and math.isnan(zero["stretch_target"])
    assert zero["target_note"].startswith("基期为0，不分解目标：本地2022年基期值为0")
    # the other district's share: 40 × 4,300 ÷ 40 = 4,300; its final target 40 × 6,500 ÷ 40 = 6,500
    other = t.loc[("102", 2023)]
    assert (other["target_rule"], other["target"], other["final_target"]) == ("proportional", 4300, 6500)
    # what each row says of its target: the share's working (the city's 2022 base 40) and its kind; none for the zero
    assert other["target_note"] == "本地2022年基期值 × 全市目标 ÷ 全市基期值（40）；全市目标：规划目标值"
    assert (other["target_kind"], zero["target_kind"]) == ("value", "")


def test_no_target_everywhere_never_met():
    t = judged(DATA)
    zero = t.loc[("101", 2023)]
    assert zero["status"] == "no_target"  # 3 against a target of 0 would have read 达标
    assert math.isnan(zero["achievement_score"]) and math.isnan(zero["points"])  # not scored, not 0 either
    assert zero["outlook"] == "unable" and math.isnan(zero["pace_ratio"])
    # 乙 is the only scored indicator of its own: 47 ÷ 4,300 = 1.09% of its target, all its points
    assert t.loc[("102", 2023), "status"] == "behind"
    assert t.loc[("102", 2023), "points"] == pytest.approx(100 * 47 / 4300)


def test_a_task_table_target_still_wins():
    tasks = pd.DataFrame(
        [("101", IND, 2023, 2.0, "t.xlsx", "s", "F4")],
        columns=["unit_code", "indicator", "year", "target", "file", "sheet", "cell"],
    )
    zero = judged(DATA, tasks).loc[("101", 2023)]
    assert (zero["target_rule"], zero["target"], zero["status"]) == ("task_table", 2.0, "met")  # 3 ≥ 2


def test_a_zero_city_baseline_is_still_its_own_case():
    t = judged([("100", 2022, 0.0), ("101", 2022, 0.0), ("101", 2023, 3.0), ("100", 2023, 3.0)])
    row = t.loc[("101", 2023)]
    assert row["target_rule"] == "none" and "全市2022年基期值为0" in row["target_note"]


def test_a_baseline_above_zero_however_small_is_shared_and_whole():
    # 1 × 4,300 ÷ 40 = 107.5 institutions, a count: up to 108
    t = judged([("100", 2022, 40.0), ("101", 2022, 1.0), ("101", 2023, 3.0), ("100", 2023, 50.0)])
    row = t.loc[("101", 2023)]
    assert (row["target_rule"], row["target"]) == ("proportional", 108)
