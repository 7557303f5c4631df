"""The panel's check names a district that sent nothing, and its render shares the command line's lock on
the output folder."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("ipywidgets", reason="the control panel needs the app extra: pip install -e '.[app]'")

from sti_monitor.app import ControlPanel
from sti_monitor.batch.lock import render_lock


def test_the_check_names_a_district_that_sent_nothing(sample_copy, tmp_path):
    (sample_copy / "2023" / "330305_洞头区.xlsx").unlink()
    panel = ControlPanel([sample_copy], tmp_path / "reports")
    panel.validate().join(120)
    assert "没有发现问题" not in panel.result.value
    assert "检查了 44 个工作簿：1 个错误、0 个提醒，涉及 1 个文件。" in panel.result.value
    assert "洞头区（330305）未报送：没有 2023 年的工作簿" in panel.result.value
    assert "（如 2023/330305_洞头区.xlsx；可在本页“上传各县（市、区）报表”处上传）" in panel.result.value
    assert "sti-monitor" not in panel.result.value  # no command line for a statistician


def test_who_has_not_sent_is_listed_before_any_other_problem(sample_copy, tmp_path):
    (sample_copy / "2023" / "330328_文成县.xlsx").unlink()
    (sample_copy / "2023" / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")
    panel = ControlPanel([sample_copy], tmp_path / "reports")
    panel.validate().join(120)
    page = panel.result.value
    assert "文成县（330328）未报送" in page and "330303_龙湾区.xlsx（" in page
    assert page.index("文成县（330328）未报送") < page.index("330303_龙湾区.xlsx（")


def test_the_panel_stops_when_the_command_line_renders_into_its_folder(sample_copy, tmp_path):
    panel = ControlPanel([sample_copy], tmp_path / "reports", workers=1)
    panel.units.value = ("330302",)
    folder = tmp_path / "reports" / "sample"
    folder.mkdir(parents=True)
    started = time.monotonic()
    with render_lock(folder, who="进程 4242"):
        panel.render().join(120)
    assert time.monotonic() - started < 60
    assert f"{folder} 正在生成报告：由进程 4242于 20" in panel.message.value
    assert not list(folder.rglob("*.pdf"))


def test_the_status_table_says_once_that_a_district_has_not_sent(sample_copy):
    from sti_monitor.app.views import status_table_html
    from sti_monitor.measure import evaluate

    (sample_copy / "2023" / "330328_文成县.xlsx").unlink()
    table = status_table_html(evaluate(sample_copy, "wenzhou-2027", until=2023), 2023)
    assert (
        '<tr><td>文成县</td><td colspan="9" style="background:#9e9e9e;color:white;text-align:center">未报送</td></tr>'
        in table
    )
    # the city, a sum lacking it, says so once too, rather than 无数据 in every column
    assert (
        '<tr><td>温州市</td><td colspan="9" style="background:#9e9e9e;color:white;text-align:center">'
        "缺少文成县的数据，无法汇总温州市（文成县未报送）</td></tr>" in table
    )
    assert table.count("未报送") == 2 and "无数据" not in table
    assert "<tr><td>鹿城区</td><td style=" in table  # a district that sent keeps its statuses


def test_the_status_table_names_a_rejected_workbook_and_the_sum_lacking_it(sample_copy):
    from sti_monitor.app.views import status_table_html
    from sti_monitor.measure import evaluate

    (sample_copy / "2023" / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")
    table = status_table_html(evaluate(sample_copy, "wenzhou-2027", until=2023), 2023)
    cell = '<td colspan="9" style="background:#9e9e9e;color:white;text-align:center">'
    assert f"<tr><td>龙湾区</td>{cell}数据有误（2023/330303_龙湾区.xlsx未采用，见问题清单）</td></tr>" in table
    assert f"<tr><td>温州市</td>{cell}缺少龙湾区的数据，无法汇总温州市（龙湾区数据有误）</td></tr>" in table
    assert "无数据" not in table  # never a quiet 无数据 for a unit whose data were rejected
    assert "<tr><td>瓯海区</td><td style=" in table  # the others keep their statuses


def test_the_districts_that_sent_nothing_are_headed_by_their_year(sample_copy, tmp_path):
    for name in ("330305_洞头区.xlsx", "330328_文成县.xlsx"):
        (sample_copy / "2023" / name).unlink()
    (sample_copy / "2023" / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")
    panel = ControlPanel([sample_copy], tmp_path / "reports")
    panel.validate().join(120)
    page = panel.result.value
    assert '<h4 class="sti-file">2023 年未报送（2 个单位）</h4>' in page
    assert '<h4 class="sti-file">2023/330303_龙湾区.xlsx（1 个问题）</h4>' in page  # a file keeps its name
    assert "2023/（" not in page
