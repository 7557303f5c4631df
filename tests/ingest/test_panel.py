"""Whole data directories: cross-file checks, and broken files skipped while the others are used."""

from conftest import clean_rows, write_book
from sti_monitor.measure import load_dataset
from sti_monitor.measure.framework import load_framework

FW = load_framework("wenzhou-2027")


def test_two_files_for_the_same_unit_and_year(tmp_path):
    write_book(tmp_path / "a.xlsx", clean_rows())
    write_book(tmp_path / "b" / "c.xlsx", clean_rows())
    ds = load_dataset(tmp_path, FW)
    dup = [p for p in ds.problems if "多个文件" in p.what]
    assert {p.file for p in dup} == {"a.xlsx", "b/c.xlsx"}
    assert all("a.xlsx" in p.what and "b/c.xlsx" in p.what for p in dup)
    assert ds.panel.empty


def test_zero_denominator(tmp_path):
    # a zero GDP is outside its plausible range, so the zero denominator is shown on industrial value added
    write_book(tmp_path / "a.xlsx", clean_rows({"ind_value_added": 0, "hitech_value_added": 0}))
    ds = load_dataset(tmp_path, FW)
    [p] = ds.errors
    assert p.cell == "D14" and "分母" in p.what and "为 0" in p.what


def test_implausible_rd_share_is_flagged(tmp_path):
    write_book(tmp_path / "a.xlsx", clean_rows({"rd_expenditure": 150.0}))  # 150/500 = 30 %
    ds = load_dataset(tmp_path, FW)
    [p] = ds.problems
    assert p.severity == "warning" and "30.00%" in p.what and "超出合理范围" in p.what and "万元" in p.fix
    assert p.cell == "D6"  # rd_expenditure is the second row


def test_broken_file_is_skipped_and_others_are_used(tmp_path):
    write_book(tmp_path / "good.xlsx", clean_rows())
    write_book(tmp_path / "bad.xlsx", clean_rows({"gdp": "五百"}), code="330303", name="龙湾区")
    ds = load_dataset(tmp_path, FW)
    assert set(ds.panel["unit_code"]) == {"330302"}
    assert [b.name for b in ds.skipped_files()] == ["bad.xlsx"]


def test_excel_lock_files_are_ignored(tmp_path):
    write_book(tmp_path / "good.xlsx", clean_rows())
    (tmp_path / "~$good.xlsx").write_bytes(b"lock")
    assert load_dataset(tmp_path, FW).problems == []


def test_units_file_in_data_directory_replaces_default(tmp_path):
    (tmp_path / "units.yaml").write_text(
        "id: t\ncity: {code: '100000', name: 测试市}\ndistricts:\n  - {code: '100001', name: 甲县}\n", encoding="utf-8"
    )
    write_book(tmp_path / "a.xlsx", clean_rows(), code="100001", name="甲县")
    ds = load_dataset(tmp_path, FW)
    assert ds.problems == [] and set(ds.panel["unit_code"]) == {"100001"}
