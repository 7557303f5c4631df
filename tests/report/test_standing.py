"""Every rank on an assessment page says what it ranks, a shared rank says so with the tie rule, and a page where
no member is 优秀 says why (zcq 温州市 2022: six counties 第1位 at 100.00 points beside rank intervals of 2–3 to
8–8, which rank the composite index; wenzhou-2027: all twelve counties 良好)."""

import math
from types import SimpleNamespace

import pandas as pd

from sti_monitor.ingest.units import load_units
from sti_monitor.measure import load_framework
from sti_monitor.paths import UNITS_DIR
from sti_monitor.report.standing import index_place, no_best_grade, rank_rule, tie_text
from sti_monitor.report.wording import speak_for

NAN = math.nan
FW = load_framework("wenzhou-2027")


def setup_module():
    speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))  # 全市, 县（市、区）


def scores(rows) -> pd.DataFrame:
    """(code, score, rank, grade, index rank, p05, median, p95) -> one year's scores by unit code."""
    columns = ["unit_code", "assessment_score", "assessment_rank", "grade", "index_rank", "rank_p05"]
    columns += ["rank_median", "rank_p95"]
    return pd.DataFrame(rows, columns=columns).set_index("unit_code")


SIX_TIED = scores(
    [(c, 100.0, 1, "", 2, 2, 2, 3) for c in "ABCDEF"] + [("G", 97.5, 7, "", 1, 1, 1, 2), ("H", 90.0, 8, "", 8, 8, 8, 8)]
)


def test_a_shared_rank_says_with_how_many():
    assert tie_text(SIX_TIED, "A") == "（与另外5个县（市、区）总分相同，并列）"
    assert tie_text(SIX_TIED, "G") == ""  # 7th alone, after six sharing 1st


def test_the_index_rank_stands_beside_the_interval_drawn_around_it():
    assert index_place(SIX_TIED.loc["H"]) == "8（8—8）"
    assert index_place(SIX_TIED.loc["G"]) == "1（1—2）"
    no_city_index = pd.Series({"index_rank": NAN, "rank_p05": 3, "rank_median": 4, "rank_p95": 5})
    assert index_place(no_city_index) == "—（3—5）"
    zone = pd.Series({"index_rank": NAN, "rank_p05": NAN, "rank_median": NAN, "rank_p95": NAN})
    assert index_place(zone) == "—"


def test_the_tie_rule_is_said_where_ties_are_shown():
    assert rank_rule(SIX_TIED, 1000) == (
        "表中“考核名次”按考核总分（保留两位小数）从高到低排列，总分相同的并列同一名次，其后名次顺延"
        "（本年6个县（市、区）均为100.00分，并列第1位）；“综合指数名次”按综合指数（保留一位小数）排列，"
        "括号内为1000次随机改变指标权重与标准化方法的模拟中90%落入的名次区间，与考核名次衡量的不是同一件事。"
    )
    alone = scores([("A", 91.0, 1, "", NAN, NAN, NAN, NAN), ("B", 90.0, 2, "", NAN, NAN, NAN, NAN)])
    assert rank_rule(alone, 1000) == (
        "表中“考核名次”按考核总分（保留两位小数）从高到低排列，总分相同的并列同一名次，其后名次顺延；"
        "“综合指数名次”按综合指数（保留一位小数）排列。"
    )


def results_of(statuses: dict[str, list[str]]):
    """A stand-in for Results: the plan's rules and one year's rows, every row scored."""
    rows = [(code, 2023, s, 1.0) for code, states in statuses.items() for s in states]
    table = pd.DataFrame(rows, columns=["unit_code", "year", "status", "points"])
    return SimpleNamespace(framework=FW, year_table=lambda year: table)


def test_no_county_excellent_says_which_requirement_each_missed():
    statuses = {
        "A": ["met"] * 5 + ["behind"] * 2 + ["near"] * 2,  # 97.86: two 未达标
        "B": ["met"] * 3,  # 85.00: all met, the score short
        "C": ["met"] * 2 + ["near"] * 3,  # 92.00: none 未达标, but 2 of 5 met
    }
    districts = scores([("A", 97.86, 1, "良好", 1, 1, 1, 2), ("B", 85.0, 3, "良好", 2, 1, 2, 3)])
    districts = pd.concat([districts, scores([("C", 92.0, 2, "良好", 3, 2, 3, 3)])])
    assert no_best_grade(results_of(statuses), districts, 2023) == (
        "2023年没有县（市、区）评为“优秀”：“优秀”需考核总分不低于90分，且无未达标指标（无数据的指标按未达标计）、"
        "达标指标不少于计分指标的50%；3个县（市、区）中，考核总分低于90分的1个，有未达标指标的1个，"
        "达标指标不足计分指标50%的1个。"
    )
    statuses["B"] = ["met", "behind", "behind"]  # 85.00 and two 未达标: one county counted twice
    assert no_best_grade(results_of(statuses), districts, 2023).endswith(
        "考核总分低于90分的1个，有未达标指标的2个，达标指标不足计分指标50%的2个（同一县（市、区）可能同时属于几种情况）。"
    )


def test_nothing_to_explain_when_one_is_excellent():
    districts = scores([("A", 97.86, 1, "优秀", 1, 1, 1, 2), ("B", 85.0, 2, "良好", 2, 1, 2, 3)])
    assert no_best_grade(results_of({"A": ["met"], "B": ["met"]}), districts, 2023) == ""
