"""A rejected workbook holds the whole run; the page names each unit and renders the rest only when asked."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets", reason="the control panel needs the app extra: pip install -e '.[app]'")


@pytest.fixture
def held_panel(sample_copy, tmp_path):
    from sti_monitor.app import ControlPanel

    (sample_copy / "2023" / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")
    panel = ControlPanel([sample_copy], tmp_path / "reports", "/sti-files", workers=1)
    panel.units.value = ("330302", "330303")
    panel.render().join(120)
    return panel


def test_a_rejected_workbook_holds_the_run_with_a_line_per_unit(held_panel, tmp_path):
    assert "缺少文字模板" not in held_panel.message.value + held_panel.live.value
    assert "生成 0，沿用 0，失败 0" in held_panel.message.value
    assert "数据有误 1 个单位。因此未生成 1 个单位。" in held_panel.message.value
    assert "未生成 330302 鹿城区：有单位的数据有误或未报送，本次未生成任何报告" in held_panel.live.value
    assert "数据有误 330303 龙湾区：2023/330303_龙湾区.xlsx 有错误" in held_panel.live.value
    assert "sti-monitor" not in held_panel.live.value
    assert not list((tmp_path / "reports").rglob("*.pdf"))
    assert held_panel.progress.layout.visibility == "hidden"  # nothing ran: no full bar
    _, button, ask = held_panel.partial.children
    assert button.description == "生成其余单位"
    assert ask.layout.display == "none"


def test_the_rest_is_rendered_only_after_a_confirmation_naming_what_is_missing(held_panel, tmp_path):
    _, button, ask = held_panel.partial.children
    button.click()
    question, (_, no) = ask.children[0], ask.children[1].children
    assert ask.layout.display is None
    assert "将生成其余 1 个单位的报告。以下单位不会有报告：330303 龙湾区" in question.value
    no.click()
    assert ask.layout.display == "none" and held_panel.thread is not None and not held_panel.thread.is_alive()
    assert not list((tmp_path / "reports").rglob("*.pdf"))


@pytest.mark.slow
def test_generating_the_rest_renders_the_accepted_units(held_panel, tmp_path):
    _, button, ask = held_panel.partial.children
    button.click()
    ask.children[1].children[0].click()  # 确定，生成其余单位
    held_panel.thread.join(300)
    assert "生成 1，沿用 0，失败 0" in held_panel.message.value and "sti-ok" in held_panel.message.value
    assert "已生成 330302 鹿城区" in held_panel.live.value
    assert [p.name for p in (tmp_path / "reports").rglob("*.pdf")] == ["330302_鹿城区.pdf"]
    assert "330302 鹿城区.pdf" in held_panel.result.value and "330303 龙湾区.pdf" not in held_panel.result.value
    assert held_panel.partial.children == ()


@pytest.mark.slow
def test_an_unchanged_report_is_kept_unless_all_are_asked_again(sample_copy, tmp_path):
    from sti_monitor.app import ControlPanel

    panel = ControlPanel([sample_copy], tmp_path / "reports", "/sti-files", workers=1)
    panel.units.value = ("330302",)
    panel.render().join(300)
    assert "生成 1，沿用 0" in panel.message.value
    panel.render().join(300)
    assert "生成 0，沿用 1" in panel.message.value
    panel.force.value = True  # 全部重新生成
    panel.render().join(300)
    assert (
        "生成 1，沿用 0" in panel.message.value
        and "已生成 330302 鹿城区：按“全部重新生成”强制重新生成" in panel.live.value
    )
