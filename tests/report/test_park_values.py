"""A park the plan asks for nothing shows the values its summary promises (issue 23b): the zcq's 温州国家高新区
(浙南科技城) has values for 10 of the 15 indicators in 2022 and a table lists them, with unit and year and no
target or status; the 5 it has none for are named; the brief points to the body only when there is something."""

from sti_monitor.measure import Results
from sti_monitor.report.appendices import appendix
from sti_monitor.report.brief_one_page import brief_page
from sti_monitor.report.elements import Heading, Paragraph, Table
from sti_monitor.report.sections import indicator_part

PARK = "3303Z1"


def test_the_park_gets_a_table_of_its_values(evaluated_plan, words):
    words("wenzhou-zcq")
    items = indicator_part(evaluated_plan("wenzhou-zcq-2022"), PARK, 2022).items
    assert isinstance(items[0], Heading) and items[0].text == "二、分项指标"
    table, note = items[1], items[2]
    assert isinstance(table, Table) and table.header == ["指标", "2022年数值", "单位"]
    assert table.caption == (
        "温州国家高新区（浙南科技城）2022年各项指标数值（规划未对本单位设定目标，只列数值，不评价完成情况）"
    )
    assert table.rows == [
        ["研发投入强度", "4.36", "%"],
        ["每万人发明专利拥有量", "56.6", "件/万人"],
        ["高新技术产业增加值占比", "64.8", "%"],
        ["技术合同交易额年均增速", "21.9", "%"],
        ["智能装备领域高新技术企业数", "164", "家"],
        ["生命健康领域高新技术企业数", "43", "家"],
        ["智能装备领域省科技型中小企业数", "662", "家"],
        ["生命健康领域省科技型中小企业数", "134", "家"],
        ["智能装备产业工业总产值", "201.0", "亿元"],
        ["生命健康产业工业总产值", "62.6", "亿元"],
    ]
    assert isinstance(note, Paragraph) and note.text == (
        "2022年无数据的指标：研发人员数、科技型中小企业数、高新技术企业数、累计引进高层次人才、科技创投资金累计规模。"
    )
    assert len(items) == 3


def test_the_park_brief_points_to_the_values_it_has(evaluated_plan, words):
    words("wenzhou-zcq")
    texts = [i.text for i in brief_page(evaluated_plan("wenzhou-zcq-2022"), PARK, 2022).items if hasattr(i, "text")]
    assert (
        "2022年没有适用于温州国家高新区（浙南科技城）并有数据可评价的目标，因此不列任务清单；各项指标的数值见正文。"
        in texts
    )


def test_a_park_without_any_value_gets_no_table_and_no_pointer_to_one(evaluated_plan, words):
    words("wenzhou-zcq")
    shared = evaluated_plan("wenzhou-zcq-2022")
    table = shared.table.assign(value=shared.table["value"].mask(shared.table["unit_code"] == PARK))  # a copy
    results = Results(shared.framework, shared.units, shared.dataset, table, shared.scores)  # indexes of its own
    assert indicator_part(results, PARK, 2017).items == []
    texts = [i.text for i in brief_page(results, PARK, 2017).items if hasattr(i, "text")]
    assert (
        "2017年没有适用于温州国家高新区（浙南科技城）并有数据可评价的目标，因此不列任务清单；"
        "温州国家高新区（浙南科技城）2017年各项指标均无数据。"
    ) in texts


def test_the_park_appendix_traces_the_fields_it_reports(evaluated_plan, words):
    words("wenzhou-zcq")
    tables = [i for i in appendix(evaluated_plan("wenzhou-zcq-2022"), PARK, 2022).items if isinstance(i, Table)]
    raw = [[getattr(c, "text", c) for c in row] for row in tables[1].rows]
    assert [
        "智能装备领域高新技术企业数",
        "智能装备领域高新技术企业数",
        "温州国家高新区（浙南科技城）",
        "2022",
        "164",
        "家",
        "〔2〕数据!D12",
    ] in raw
    assert len(raw) == 14
