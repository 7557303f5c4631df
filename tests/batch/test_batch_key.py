"""The batch key of an unchanged run (``batch.unchanged``): any change to what a batch reads changes it."""

from __future__ import annotations

from pathlib import Path

from sti_monitor.batch.unchanged import batch_key

NOTEBOOKS = {"district": "{}"}


def _key(data: Path, **kw) -> str:
    args = {"framework_id": "wenzhou-2027", "year": 2023, "codes": None, "notebooks": NOTEBOOKS, **kw}
    return batch_key(data, **args)


def _folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "2022").mkdir(parents=True)
    (data / "330302_鹿城区.xlsx").write_bytes(b"book one")
    (data / "2022" / "330302_鹿城区.xlsx").write_bytes(b"book of 2022")
    (data / "units.yaml").write_text("units: []\n", encoding="utf-8")
    return data


def test_the_key_is_stable_and_changes_with_every_file_a_run_reads(tmp_path):
    data = _folder(tmp_path)
    first = _key(data)
    assert len(first) == 64 and _key(data) == first
    (data / "2022" / "330302_鹿城区.xlsx").write_bytes(b"book of 2022, edited")  # same size or not: bytes count
    edited = _key(data)
    assert edited != first
    (data / "units.yaml").write_text("units: [1]\n", encoding="utf-8")
    assert _key(data) != edited
    renamed = _key(data)
    (data / "330302_鹿城区.xlsx").rename(data / "330302_鹿城区.XLSX")
    assert _key(data) != renamed
    added = _key(data)
    (data / "确认.yaml").write_text("[]\n", encoding="utf-8")
    assert _key(data) != added


def test_files_no_run_reads_leave_the_key_alone(tmp_path):
    data = _folder(tmp_path)
    first = _key(data)
    (data / "说明.docx").write_bytes(b"notes")
    (data / "2022" / "units.yaml").write_text("not read below the top\n", encoding="utf-8")
    assert _key(data) == first


def test_the_request_is_part_of_the_key(tmp_path):
    data = _folder(tmp_path)
    first = _key(data)
    assert _key(data, year=2022) != first
    assert _key(data, codes=["330302"]) != first
    assert _key(data, notebooks={"district": "{ }"}) != first


def test_a_framework_without_a_file_has_no_key(tmp_path):
    assert _key(_folder(tmp_path), framework_id="no_such_plan") is None
