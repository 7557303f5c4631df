"""The panel's rules, without a browser: which folders, which hosts, the problem workbook, confirmations."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets", reason="the control panel needs the app extra: pip install -e '.[app]'")

from sti_monitor.app.access import (
    AccessError,
    candidate_dirs,
    check_roots,
    listen_token,
    output_folder,
    resolve_data_dir,
)


@pytest.fixture
def roots(tmp_path) -> list[Path]:
    (tmp_path / "data" / "2024" / "east").mkdir(parents=True)
    (tmp_path / "data" / "2024" / "east" / "330302_鹿城区.xlsx").write_bytes(b"x")
    (tmp_path / "other").mkdir()
    (tmp_path / "secret").mkdir()
    return check_roots([tmp_path / "data", tmp_path / "other"])


def test_a_root_and_folders_below_it_are_accepted(roots):
    data = roots[0]
    assert resolve_data_dir(str(data), roots) == data
    assert resolve_data_dir(str(data / "2024" / "east"), roots) == data / "2024" / "east"
    assert resolve_data_dir("2024/east", roots) == data / "2024" / "east"  # relative: below the first root
    assert resolve_data_dir(str(roots[1]), roots) == roots[1]


@pytest.mark.parametrize(
    "text, says",
    [
        ("../secret", "“..”"),
        ("2024/../../secret", "“..”"),
        ("/etc", "不在允许的范围内"),
        ("", "请先选择"),
        ("2025", "不存在"),
        ("2024/east/330302_鹿城区.xlsx", "不是文件夹"),
    ],
)
def test_other_folders_are_refused_in_chinese(roots, text, says):
    with pytest.raises(AccessError, match=says):
        resolve_data_dir(text, roots)


def test_a_sibling_whose_name_starts_like_a_root_is_outside(roots, tmp_path):
    (tmp_path / "data-private").mkdir()
    with pytest.raises(AccessError, match="不在允许的范围内"):
        resolve_data_dir(str(tmp_path / "data-private"), roots)


def test_a_symbolic_link_leading_out_of_the_roots_is_refused(roots, tmp_path):
    os.symlink(tmp_path / "secret", roots[0] / "link")
    with pytest.raises(AccessError, match="不在允许的范围内"):
        resolve_data_dir("link", roots)


def test_a_missing_root_is_refused(tmp_path):
    with pytest.raises(AccessError, match="不存在"):
        check_roots([tmp_path / "nowhere"])


def test_the_list_offers_each_root_and_the_folders_holding_workbooks(roots):
    assert candidate_dirs(roots) == [roots[0], roots[0] / "2024" / "east", roots[1]]


def test_each_data_folder_writes_to_its_own_output_folder(roots, tmp_path):
    out = tmp_path / "reports"
    assert output_folder(roots[0] / "2024" / "east", roots, out) == out / "data" / "2024" / "east"
    assert output_folder(roots[1], roots, out) == out / "other"


def test_only_this_computer_may_connect_without_a_token():
    assert listen_token("127.0.0.1", None) is None
    assert listen_token("localhost", None) is None
    assert listen_token("0.0.0.0", "s3cret") == "s3cret"
    with pytest.raises(AccessError, match="必须设置访问令牌"):
        listen_token("0.0.0.0", None)
    with pytest.raises(AccessError, match="--token"):
        listen_token("192.168.1.20", None)
    generated = listen_token("0.0.0.0", "")
    assert len(generated) >= 24 and generated != listen_token("0.0.0.0", "")


def test_the_panel_checks_the_sample_in_the_background(sample_copy, tmp_path):
    from sti_monitor.app import ControlPanel

    panel = ControlPanel([sample_copy], tmp_path / "reports")
    assert panel.year.options == (2021, 2022, 2023) and panel.year.value == 2023
    assert ("330302 鹿城区", "330302") in panel.units.options and len(panel.units.options) == 15
    panel.validate().join(30)
    assert "数据检查通过：45 个工作簿" in panel.result.value
    assert (tmp_path / "reports" / "sample" / "问题清单.xlsx").exists()


def test_a_typed_folder_outside_the_roots_is_refused_in_the_page(sample_copy, tmp_path):
    from sti_monitor.app import ControlPanel

    panel = ControlPanel([sample_copy], tmp_path / "reports")
    panel.data_dir.value = str(tmp_path)
    assert "不在允许的范围内" in panel.message.value and panel.year.options == ()
    assert panel.validate() is None and panel.render() is None
    assert not (tmp_path / "reports").exists()


def test_a_year_gone_from_the_data_is_said_in_the_page(sample_copy, tmp_path):
    import shutil

    from sti_monitor.app import ControlPanel

    panel = ControlPanel([sample_copy], tmp_path / "reports")
    assert panel.year.value == 2023
    shutil.rmtree(sample_copy / "2023")  # the statistician moved the year's files away after opening the panel
    panel.render().join(60)
    assert "生成报告失败：数据中没有 2023 年的数据（已有年份：2021、2022）" in panel.message.value
    assert "Traceback" not in panel.message.value
    panel.data_dir.value = str(sample_copy / "2023")
    assert "不存在" in panel.message.value


def test_a_failed_unit_is_a_red_line_with_its_reason():
    from sti_monitor.app.views import unit_line
    from sti_monitor.batch.run import UnitReport

    line = unit_line(UnitReport("330328", "文成县", "330328_文成县", "failed", "AssertionError: 报表有问题", 1.5))
    assert "失败 330328 文成县：AssertionError: 报表有问题" in line and "#c62828" in line and "秒" not in line
    line = unit_line(UnitReport("330302", "鹿城区", "330302_鹿城区", "rendered", "首次生成", 4.04))
    assert "已生成 330302 鹿城区：首次生成（4.0 秒）" in line


def test_choosing_another_folder_clears_what_the_page_said_of_the_previous_one(sample_copy, tmp_path):
    from sti_monitor.app import ControlPanel

    broken = sample_copy / "2023"
    (broken / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")
    panel = ControlPanel([sample_copy], tmp_path / "reports")
    panel.data_dir.value = str(broken)
    panel.validate().join(60)
    assert "330303_龙湾区.xlsx（" in panel.result.value
    panel.data_dir.value = str(sample_copy / "2022")
    assert panel.result.value == "" and panel.confirmations.children == () and panel.live.value == ""
