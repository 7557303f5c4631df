"""The panel's status table in a plan's final year says what the reports say: 已完成 / 未完成, never 接近
(daluoshan-2022's 2022; 瓯海片区's 178 高新技术企业 against 180 is 未完成)."""

from sti_monitor.app.views import status_table_html


def test_the_final_year_table_reads_completed_or_not(evaluated_plan):
    results = evaluated_plan("daluoshan-2022")
    table = status_table_html(results, 2022)
    assert table.startswith("<h4>2022年（规划期末）各单位目标完成情况</h4>")
    assert "接近" not in table and "达标" not in table
    row = table[table.index("<tr><td>瓯海片区</td>") :].split("</tr>")[0]
    assert '<td style="background:#c62828;color:white;text-align:center">未完成</td>' in row
    assert '<td style="background:#2e7d32;color:white;text-align:center">已完成</td>' in table
    # the year before keeps 接近 (2021 is not the final year)
    assert "接近" in status_table_html(results, 2021)
