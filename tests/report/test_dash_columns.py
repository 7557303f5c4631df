"""A column of the city's status table in which every cell would read — is left out, and a note under the table
names it and says why (issue 23b): an indicator whose target the plan does not decompose to the members has no
completion to show in any row."""

from sti_monitor.report.elements import Paragraph, Table
from sti_monitor.report.overview import city_overview, status_part


def _texts(table: Table) -> list[list[str]]:
    return [[getattr(c, "text", c) for c in row] for row in table.rows]


def test_jinzhou_status_table_leaves_out_the_undecomposed_talents(evaluated_plan, words):
    words("jinzhou")
    table, note = status_part(evaluated_plan("jinzhou-2020"), 2020)
    assert "累计引进领军人才" not in table.header
    assert table.header[:5] == ["县（市、区）", "R&D经费投入强度", "研发机构数", "孵化面积", "高新技术企业数"]
    assert len(table.header) == 10 and len(table.widths) == 10 and len(table.align) == 10
    assert _texts(table)[0][:6] == ["古塔区", "91.1%", "105.0%", "108.9%", "95.0%", "104.0%"]
    assert note.text == "上表未列累计引进领军人才：规划未将其目标分解到表中各单位，没有完成率可列。"


def test_zcq_city_status_table_leaves_out_its_two_running_totals(evaluated_plan, words):
    words("wenzhou-zcq")
    table, note = status_part(evaluated_plan("wenzhou-zcq-2022"), 2022)
    assert table.header == ["县（市、区）", "研发投入强度", "研发人员数", "科技型中小企业数", "高新技术企业数"]
    assert _texts(table)[0] == ["鹿城区", "102.6%", "105.4%", "145.8%", "179.6%"]
    assert note.text == (
        "上表未列累计引进高层次人才、科技创投资金累计规模：规划未将其目标分解到表中各单位，没有完成率可列。"
    )


def test_daluoshan_corridor_status_table_keeps_a_column_with_some_completions(evaluated_plan, words):
    words("daluoshan")
    results = evaluated_plan("daluoshan-2022")
    table, note = status_part(results, 2022)
    assert table.header == [
        "片区",
        "高新技术企业数",
        "省科技型中小企业数",
        "技术交易额增速",
        "产业创新服务综合体",
        "创业孵化面积",
    ]
    rows = _texts(table)
    assert rows[0] == ["龙湾片区", "102.6%", "100.2%", "+2.3", "100.0%", "95.7%"]
    assert rows[4][4] == "—"  # 浙南产业集聚区片区 has no target of its own there, the others have: kept
    assert note.text == (
        "上表未列累计新增高能级创新平台、累计新增省级企业研究院、累计引育海内外高层次人才、创建未来社区数："
        "规划未将其目标分解到表中各单位，没有完成率可列。"
    )
    body = city_overview(results, 2022).items
    at = body.index(table)  # the note stands right under its table
    assert isinstance(body[at + 1], Paragraph) and body[at + 1].text == note.text
