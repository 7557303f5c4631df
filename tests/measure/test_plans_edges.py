"""Edges of finding the shipped plan a data folder's unit codes belong to (``measure/plans.py``), found by mutation
testing; the plans' unit codes read by hand from params/units/*.yaml."""

from sti_monitor.ingest.problems import Problem
from sti_monitor.measure.plans import plan_of_codes, unknown_codes

JINZHOU = ["210702", "210703", "210711", "210726", "210727", "210781", "210782"]  # 锦州's districts


def plan_id(codes, framework_id="wenzhou-2027", data_dir=None):
    plan = plan_of_codes(set(codes), data_dir, framework_id)
    return plan.id if plan else None


def test_unknown_codes_are_those_of_the_readers_error_anywhere_in_its_message():
    problems = [
        Problem("a.xlsx", "单位代码“210727”不在单位清单中", "改正单位代码"),
        Problem("b.xlsx", "工作表“数据”：单位代码“210781”不在单位清单中（第3行）", "改正单位代码"),
        Problem("c.xlsx", "单位代码“210782”不在单位清单中", "改正单位代码", severity="warning"),  # not an error
        Problem("d.xlsx", "单位“210702”不在单位清单中，该行未读取", "改正单位代码"),  # another message
        Problem("e.xlsx", "单位代码“21070”不在单位清单中", "改正单位代码"),  # five digits: no code
    ]
    assert unknown_codes(problems) == {"210727", "210781"}
    assert unknown_codes([]) == set()


def test_two_codes_are_enough_one_is_not():
    assert plan_id(JINZHOU[:1]) is None
    assert plan_id(JINZHOU[:2]) == "jinzhou-2020"


def test_a_plan_must_hold_more_than_half_of_the_codes():
    # 3 of 5 is more than half; 2 of 4 is not
    assert plan_id([*JINZHOU[:3], "999991", "999992"]) == "jinzhou-2020"
    assert plan_id([*JINZHOU[:2], "999991", "999992"]) is None


def test_the_chosen_plan_is_never_named():
    assert plan_id(JINZHOU[:3], framework_id="jinzhou-2020") is None
    # 温州's districts are in both 温州 plans: checked against one, the other is named
    assert plan_id(["330302", "330303"], framework_id="wenzhou-2027") == "wenzhou-zcq-2022"


def test_the_plan_holding_most_codes_and_the_first_on_a_tie():
    # 3303Z1 (an area of the 自创区) is in wenzhou-zcq only: 3 codes there, 2 in wenzhou-2027
    assert plan_id(["330302", "330303", "3303Z1"], framework_id="jinzhou-2020") == "wenzhou-zcq-2022"
    # 330371 (a zone) is in wenzhou-2027 only
    assert plan_id(["330302", "330303", "330371"], framework_id="jinzhou-2020") == "wenzhou-2027"
    # two codes in both: the first plan by file name keeps it
    assert plan_id(["330302", "330303"], framework_id="jinzhou-2020") == "wenzhou-2027"


def test_a_units_file_in_the_data_directory_is_every_plans_units(tmp_path):
    # the folder's own units.yaml replaces each plan's units list: the first plan by file name after the chosen
    # daluoshan-2022 (jinzhou-2020) holds both codes
    (tmp_path / "units.yaml").write_text(
        "id: t\ncity: {code: '100000', name: 测试市}\n"
        "districts:\n  - {code: '100001', name: 甲县}\n  - {code: '100002', name: 乙县}\n",
        encoding="utf-8",
    )
    assert plan_id(["100001", "100002"], framework_id="daluoshan-2022", data_dir=tmp_path) == "jinzhou-2020"
    assert plan_id(["100001", "100002"], framework_id="daluoshan-2022") is None
