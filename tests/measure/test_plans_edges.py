"""plans.py, by hand: the unit codes a data folder's errors say are unknown, and the shipped plan they belong to."""

from __future__ import annotations

import shutil

from sti_monitor.ingest import Problem
from sti_monitor.measure.plans import plan_of_codes, unknown_codes
from sti_monitor.paths import UNITS_DIR

JINZHOU = {"210727", "210702"}  # 义县, 古塔区 (params/units/jinzhou.yaml)


def test_unknown_codes_are_read_from_errors_only():
    problems = [
        Problem("a.xlsx", "单位代码“210727”不在单位清单中", "改正"),
        Problem("b.xlsx", "单位代码“210702”不在单位清单中", "改正", severity="warning"),  # a warning: not counted
        Problem("c.xlsx", "第 3 行：单位代码“330302”不在单位清单中，请核对", "改正"),  # found inside a longer message
        Problem("d.xlsx", "单位代码“33030”不在单位清单中", "改正"),  # five digits: not a unit code
        Problem("e.xlsx", "数值为空", "改正"),
    ]
    assert unknown_codes(problems) == {"210727", "330302"}


def test_two_codes_of_another_plan_name_it(tmp_path):
    assert plan_of_codes(JINZHOU, tmp_path, "wenzhou-2027").id == "jinzhou-2020"
    assert plan_of_codes(JINZHOU, tmp_path, "jinzhou-2020") is None  # the chosen plan itself is never named
    assert plan_of_codes({"210727"}, tmp_path, "wenzhou-2027") is None  # one code is not enough


def test_more_than_half_of_the_codes_must_be_the_plans(tmp_path):
    assert plan_of_codes(JINZHOU | {"999999"}, tmp_path, "wenzhou-2027").id == "jinzhou-2020"  # 2 of 3
    assert plan_of_codes(JINZHOU | {"999998", "999999"}, tmp_path, "wenzhou-2027") is None  # 2 of 4: only half


def test_the_plan_holding_most_codes_and_the_first_of_equals(tmp_path):
    # 鹿城区 and 龙湾区 are in both Wenzhou plans' units: the first in file order, wenzhou-2027, is named
    assert plan_of_codes({"330302", "330303"}, tmp_path, "jinzhou-2020").id == "wenzhou-2027"
    # three districts and a park (3303Z1, 温州国家高新区): wenzhou-2027 holds 3 of the 4, wenzhou-zcq-2022 all 4
    codes = {"330302", "330303", "330304", "3303Z1"}
    assert plan_of_codes(codes, tmp_path, "jinzhou-2020").id == "wenzhou-zcq-2022"


def test_a_folder_with_its_own_units_file_belongs_to_every_plan_alike(tmp_path):
    # the folder's units.yaml (温州's) holds the codes for every plan: the first plan in file order but the chosen one
    shutil.copy(UNITS_DIR / "wenzhou.yaml", tmp_path / "units.yaml")
    assert plan_of_codes({"330302", "330303"}, tmp_path, "wenzhou-2027").id == "daluoshan-2022"
