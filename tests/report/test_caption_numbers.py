"""The ranking table's caption names the indicator numbers its columns carry (issue 23b): Jinzhou's tenth indicator
(科技进步贡献率) is the city's alone and ranks no county, so the columns are 1—9 and 11, never "1—10"."""

from sti_monitor.report.formatting import number_runs
from sti_monitor.report.overview import city_ranking


def test_number_runs_names_ranges_of_three_or_more_and_the_rest_one_by_one():
    assert number_runs([1, 2, 3, 4, 5, 6, 7, 8, 9, 11]) == "1—9、11"
    assert number_runs([1, 2, 4]) == "1、2、4"
    assert number_runs([3, 1, 2]) == "1—3"
    assert number_runs([5]) == "5"


def test_jinzhou_ranking_caption_names_the_columns_it_shows(evaluated_plan, words):
    words("jinzhou")
    table = city_ranking(evaluated_plan("jinzhou-2020"), 2020)
    assert table.header[-10:] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "11"]
    assert table.caption == (
        "各县（市、区）考核总分排名（总分相同的并列同一名次；各项按目标完成程度计分，满分100分；"
        "右侧为第 1—9、11 项指标按数值的位次）"
    )


def test_zcq_ranking_caption_with_consecutive_columns(evaluated_plan, words):
    words("wenzhou-zcq")
    table = city_ranking(evaluated_plan("wenzhou-zcq-2022"), 2022)
    numbers = table.header[4:]
    assert numbers == ["1", "2", "3", "4", "5", "6"]
    assert "右侧为第 1—6 项指标按数值的位次）" in table.caption
