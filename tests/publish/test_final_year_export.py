"""summary.xlsx in a plan's final year says what the reports say: 已完成 / 未完成, never 接近 (daluoshan-2022's 2022:
瓯海片区 has 178 高新技术企业 against a target of 180, a 接近 of 98.9% that is 未完成 at the deadline); its notes say
so, and how the whole and the zone are summed without contradicting themselves (wenzhou-zcq-2022)."""

import openpyxl
import pytest

from sti_monitor.publish import write_results


def _workbook(tmp_path, results, year):
    return openpyxl.load_workbook(write_results(results, year, tmp_path / "s.xlsx"))


def _rows(ws):
    head = [c.value for c in ws[1]]
    return [dict(zip(head, values)) for values in ws.iter_rows(min_row=2, values_only=True)]


def _notes(wb):
    return [row[0] for row in wb["指标定义"].iter_rows(values_only=True) if isinstance(row[0], str)]


def test_the_final_year_reads_completed_or_not_and_never_near(tmp_path, evaluated_plan):
    wb = _workbook(tmp_path, evaluated_plan("daluoshan-2022"), 2022)
    rows = _rows(wb["指标监测"])
    [row] = [r for r in rows if r["单位代码"] == "DLS02" and r["指标名称"] == "有效高新技术企业数"]
    assert (row["实际值"], row["目标值"], row["状态"]) == (178, 180, "未完成")
    cell = wb["指标监测"].cell(rows.index(row) + 2, list(row).index("状态") + 1)
    assert cell.fill.fgColor.rgb.upper().endswith("C62828")  # the colour of 未完成 (未达标's), not 接近's amber
    assert {r["状态"] for r in rows} == {"已完成", "未完成", "无目标"}
    notes = _notes(wb)
    assert (
        "2022年为规划期末：各目标只判“已完成”或“未完成”。已完成：按显示的数值比较（按量级显示，至少三位有效数字），"
        "显示的实际值达到显示的目标值且显示的完成率不低于 100.0%；否则为未完成。"
    ) in notes
    assert not [n for n in notes if "接近" in n]  # the final year defines no 接近


def test_an_aspiration_reached_in_the_final_year_is_not_completed_but_reached(tmp_path, evaluated_plan):
    statuses = {r["状态"] for r in _rows(_workbook(tmp_path, evaluated_plan("xinchang-2025"), 2025)["指标监测"])}
    assert statuses == {"已完成", "未完成", "已实现力争目标", "未达力争目标"}


@pytest.mark.parametrize(
    ("plan", "year", "expected"),
    [
        (
            "wenzhou-zcq-2022",
            2022,
            [
                "全市数值由各县（市、区）的分子、分母分别加总后计算，园区与自创区不计入全市。",
                "温州国家自主创新示范区的数值由其6个组成单位（温州国家高新区(浙南科技城)、浙南产业集聚区核心区、"
                "瓯江口产业集聚区核心区、温州高教园区、乐清智能电气高新园区、瑞安智能装备高新园区）的分子、分母分别加总后计算。",
            ],
        ),
        ("daluoshan-2022", 2022, ["走廊数值由各片区的分子、分母分别加总后计算。"]),
        ("xinchang-2025", 2025, []),  # one unit: nothing is summed
    ],
)
def test_the_notes_say_how_the_whole_and_the_zone_are_summed(tmp_path, evaluated_plan, plan, year, expected):
    notes = [n for n in _notes(_workbook(tmp_path, evaluated_plan(plan), year)) if "加总" in n]
    assert notes == expected


def test_a_plan_of_one_unit_has_no_rank_no_index_and_no_decomposition(tmp_path, evaluated_plan):
    """xinchang-2025 is one county: no 乡镇排名 (there are no townships to rank it among), no index or rank
    interval against nobody, no 目标分解 column (目标分解 与全县相同 said nothing)."""
    wb = _workbook(tmp_path, evaluated_plan("xinchang-2025"), 2025)
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert [t for t in texts if "乡镇" in t or "排名" in t or "目标分解" in t] == []
    assert [c.value for c in wb["考核与综合指数"][1]] == [
        "单位代码",
        "单位名称",
        "单位类型",
        "年份",
        "考核总分",
        "考核等次",
        "否决规则",
        "缺数据计0分的指标",
        "说明",
    ]


def test_an_indicator_that_does_not_apply_is_not_ranked(tmp_path, evaluated_plan):
    """wenzhou-zcq-2022: 每万人发明专利 does not apply to the districts (a goal of the zone); 鹿城区's row read 6 in
    县（市、区）排名 beside 不适用. The header says what the rank is by."""
    rows = _rows(_workbook(tmp_path, evaluated_plan("wenzhou-zcq-2022"), 2022)["指标监测"])
    [row] = [r for r in rows if r["单位代码"] == "330302" and r["指标名称"] == "每万人发明专利拥有量"]
    assert (row["状态"], row["县（市、区）排名（按数值）"]) == ("不适用", None)
    [met] = [r for r in rows if r["单位代码"] == "330302" and r["指标名称"] == "高新技术企业数"]
    assert met["县（市、区）排名（按数值）"] == 4  # 422 家, fourth of the 12 (as its report's 表1 says: 4/12)
