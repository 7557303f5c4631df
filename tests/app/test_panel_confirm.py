"""Confirmations a supervisor can trust: one per cell with its value, range and last year; a second tick far
outside the range; who, when and why listed; an undo; every change kept in 确认.yaml's history."""

from __future__ import annotations

import openpyxl
import pytest
import yaml

pytest.importorskip("ipywidgets", reason="the control panel needs the app extra: pip install -e '.[app]'")

from sti_monitor.app import ControlPanel


def _set_gdp(path, value) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["数据"]
    row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "gdp")
    sheet.cell(row, 4).value = value
    book.save(path)


@pytest.fixture
def checked(sample_copy, tmp_path):
    """The sample with 鹿城区's 2023 GDP typed in 万元 (1189090 for 1189.09 亿元): far outside 5～50000 亿元,
    and more than 3 times last year's (two checks doubt one cell)."""
    _set_gdp(sample_copy / "2023" / "330302_鹿城区.xlsx", 1189090)
    panel = ControlPanel([sample_copy], tmp_path / "reports")
    panel.validate().join(60)
    return panel


def test_a_cell_doubted_twice_is_one_row_with_its_value_range_and_last_year(checked):
    view = checked.confirm_list
    assert [(d.unit_code, d.field, d.year) for d in view.doubts] == [("330302", "gdp", 2023)]
    doubt = view.doubts[0]
    assert len(doubt.whats) == 2 and doubt.value == 1189090 and doubt.far_outside
    row = view.widget.children[2].children[0].value
    assert "数值 1,189,090亿元；合理范围 5～50000亿元；上年 1120亿元" in row
    assert "超出合理范围 10 倍以上" in row


def test_far_outside_its_range_a_value_needs_a_name_a_reason_and_the_tick(checked, sample_copy):
    view = checked.confirm_list
    doubt = view.doubts[0]
    note = view.widget.children[2].children[2]
    assert view.confirm(doubt, "经核实", True, note) is None and "请先填写确认人姓名" in note.value
    view.who.value = "王统计"
    assert view.confirm(doubt, " ", True, note) is None and "请先填写确认理由" in note.value
    assert view.confirm(doubt, "经核实", False, note) is None and "请勾选“值已核实，确认无误”" in note.value
    assert not (sample_copy / "确认.yaml").exists()
    path = view.confirm(doubt, "经核实，万元误作亿元前已更正", True, note)
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    [entry] = entries["confirmations"]
    assert (entry["unit"], entry["field"], entry["year"], entry["value"]) == ("330302", "gdp", 2023, 1189090.0)
    assert entry["who"].startswith("王统计（") and entry["when"][:2] == "20"
    assert [h["action"] for h in entries["history"]] == ["确认"]


def test_the_reader_still_reads_the_file_and_the_listing_offers_an_undo_kept_in_history(checked, sample_copy):
    from sti_monitor.ingest import load_confirmations

    view = checked.confirm_list
    view.who.value = "王统计"
    note = view.widget.children[2].children[2]
    view.confirm(view.doubts[0], "第一次", True, note)
    view.confirm(view.doubts[0], "第二次", True, note)  # the same cell again: replaced, both in the history
    assert [(c.unit, c.field, c.year, c.reason) for c in load_confirmations(sample_copy)] == [
        ("330302", "gdp", 2023, "第二次")
    ]
    listing = [w for w in view.listing.children[1].children]
    assert "330302 鹿城区 地区生产总值 2023年 = 1,189,090亿元：第二次（王统计（" in listing[0].value
    listing[1].click()  # 撤销
    assert load_confirmations(sample_copy) == []
    history = yaml.safe_load((sample_copy / "确认.yaml").read_text(encoding="utf-8"))["history"]
    assert [h["action"] for h in history] == ["确认", "替换", "撤销"]
    assert history[1]["before"]["reason"] == "第一次" and history[2]["before"]["reason"] == "第二次"
    assert "已撤销 330302 鹿城区 地区生产总值 2023 年的确认" in view.listing.children[0].value


def test_after_a_recheck_the_confirmed_value_is_listed(checked, sample_copy):
    view = checked.confirm_list
    view.who.value = "王统计"
    view.confirm(view.doubts[0], "经核实", True, view.widget.children[2].children[2])
    checked.validate().join(60)
    again = checked.confirm_list
    assert again.doubts == []  # confirmed: no longer doubtful
    assert "330302 鹿城区 地区生产总值 2023年 = 1,189,090亿元：经核实" in again.listing.children[1].children[0].value


def test_the_advice_beside_a_doubt_points_to_the_button_not_the_yaml_file(checked):
    assert "确认.yaml 中登记确认" not in checked.result.value
    assert "确属实情，在本页下方填写确认人和理由后点“确认”" in checked.result.value


def test_the_province_is_checked_against_its_own_scaled_range_for_the_second_tick(sample_copy, tmp_path):
    """浙江省's GDP of 600000 亿元 is beyond the reference range 5～500000 (50000 × reference_scale 10) but not 10
    times beyond it: one tick, as validate measures it; 825530000 (its 82553 亿元 typed in 万元) needs the second."""
    province = sample_copy / "2023" / "330000_浙江省.xlsx"
    _set_gdp(province, 600000)
    panel = ControlPanel([sample_copy], tmp_path / "reports")
    panel.validate().join(60)
    [doubt] = panel.confirm_list.doubts
    assert (doubt.unit_code, doubt.field, doubt.year, doubt.value) == ("330000", "gdp", 2023, 600000)
    assert doubt.plausible == (5, 500000) and not doubt.far_outside
    row = panel.confirm_list.widget.children[2].children[0].value
    assert "合理范围 5～500000亿元" in row and "超出合理范围 10 倍以上" not in row
    _set_gdp(province, 825530000)
    panel.validate().join(60)
    [doubt] = panel.confirm_list.doubts
    assert doubt.far_outside and "超出合理范围 10 倍以上" in panel.confirm_list.widget.children[2].children[0].value
