"""The run summary's reasons name what changed: the file (and whether a value did), whose data,
which parameter or wording file. Real fingerprints of the sample before and after an edit, no PDF."""

import shutil

import openpyxl
import pytest

from conftest import edit_cells
from sti_monitor.batch import fingerprint
from sti_monitor.batch.fingerprint import table_digests, unit_fingerprints
from sti_monitor.batch.job import NOTEBOOK_FOR_KIND
from sti_monitor.batch.reasons import explain, why
from sti_monitor.measure.results import evaluate
from sti_monitor.paths import PARAMS_DIR

NOTEBOOKS = dict.fromkeys(NOTEBOOK_FOR_KIND, "{}")
CODES = ["330302", "330303", "330300"]  # 鹿城区, 龙湾区, the city


def prints(data):
    results = evaluate(data, "wenzhou-2027")
    names = {u.code: u.name for u in results.units.all()}
    return unit_fingerprints(results, CODES, 2023, NOTEBOOKS), table_digests(results), names


def reasons(before, after):
    (old, old_tables, names), (new, new_tables, _) = before, after
    return {
        code: explain(why(old[code], new[code]), old[code], new[code], code, names, (old_tables, new_tables), "330300")
        for code in CODES
    }


def test_a_file_saved_again_with_the_same_values_says_so_and_names_it(sample_copy):
    before = prints(sample_copy)
    path = sample_copy / "2023" / "330303_龙湾区.xlsx"
    edit_cells(path, A40="注：复核无误")  # the file's bytes change, none of its numbers
    assert reasons(before, prints(sample_copy)) == {
        "330302": "",
        "330303": "文件已重新保存，数值未变（2023/330303_龙湾区.xlsx；报告只更新附录中的文件校验值）",
        "330300": "文件已重新保存，数值未变（2023/330303_龙湾区.xlsx；报告只更新附录中的文件校验值）",
    }


def test_a_changed_value_names_the_file_and_for_the_city_the_district(sample_copy):
    before = prints(sample_copy)
    path = sample_copy / "2023" / "330303_龙湾区.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb["数据"]["B11"].value == "高新技术企业数"
    wb["数据"]["D11"] = 529  # 528 before
    wb.save(path)
    assert reasons(before, prints(sample_copy)) == {
        "330302": "全市或其他县（市、区）数据变化：龙湾区（排名与对比随之变化）",
        "330303": "本单位数据变化（2023/330303_龙湾区.xlsx）；全市数据变化（排名与对比随之变化）",
        "330300": "龙湾区的数据变化（2023/330303_龙湾区.xlsx）；全市或其他县（市、区）数据变化：龙湾区（排名与对比随之变化）",
    }


def test_a_wording_edit_names_the_wording_file_not_the_framework(sample_copy, tmp_path, monkeypatch):
    params = tmp_path / "params"
    shutil.copytree(PARAMS_DIR, params)
    monkeypatch.setattr(fingerprint, "PARAMS_DIR", params)
    before = prints(sample_copy)
    wording = params / "wording" / "report.yaml"
    with open(wording, "a", encoding="utf-8") as f:
        f.write("\n# 只加一行注释\n")
    assert reasons(before, prints(sample_copy)) == dict.fromkeys(CODES, "")  # nothing a report shows
    with open(wording, "a", encoding="utf-8") as f:
        f.write("\nzz_new_sentence: 新增的一句\n")
    assert reasons(before, prints(sample_copy)) == dict.fromkeys(CODES, "报告措辞变化（wording/report.yaml）")


def test_a_settings_edit_names_the_settings_file():
    old = {"params": {"settings.yaml": "aaaa", "wording/report.yaml": "bbbb"}}
    new = {"params": {"settings.yaml": "cccc", "wording/report.yaml": "dddd"}}
    assert why(old, new) == ["params"]
    assert (
        explain(["params"], old, new, "330302", {})
        == "指标体系或参数变化（settings.yaml）；报告措辞变化（wording/report.yaml）"
    )


def test_many_changed_units_are_counted_after_three_names():
    names = {"1": "甲", "2": "乙", "3": "丙", "4": "丁", "5": "戊", "9": "市"}
    before = dict.fromkeys(names, "x")
    now = {**dict.fromkeys(names, "y"), "1": "x"}
    text = explain(["context"], {}, {}, "1", names, (before, now), "9")
    assert text == "全市或其他县（市、区）数据变化：乙、丙、丁等 4 个单位（排名与对比随之变化）"


@pytest.mark.parametrize("old", [None, {}])
def test_a_first_run_is_new(old):
    assert why(old, {"own": "x"}) == ["new"]


def test_a_corridors_reasons_name_its_corridor_and_areas():
    from sti_monitor.ingest import load_units
    from sti_monitor.ingest.units import plan_words_of
    from sti_monitor.paths import UNITS_DIR

    words = plan_words_of(load_units(UNITS_DIR / "daluoshan.yaml"))
    names = {"DLS01": "龙湾片区", "DLS02": "瓯海片区", "DLS00": "环大罗山科创走廊"}
    before, now = dict.fromkeys(names, "x"), {**dict.fromkeys(names, "x"), "DLS02": "y"}
    assert (
        explain(["context"], {}, {}, "DLS01", names, (before, now), "DLS00", words)
        == "走廊或其他片区数据变化：瓯海片区（排名与对比随之变化）"
    )
    assert (
        explain(["context"], {}, {}, "DLS01", names, ({}, {}), "DLS00", words)
        == "走廊或其他片区数据变化（排名与对比随之变化）"
    )
