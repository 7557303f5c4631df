"""Uploading the districts' workbooks into a year's folder: spreadsheets only, nothing overwritten without a copy."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest

from sti_monitor.app.bundle import write_bundle
from sti_monitor.app.upload import save_upload, year_folder


def _xlsx(value) -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_new_workbook_is_saved_and_an_identical_one_left_alone(tmp_path):
    data = _xlsx(1)
    saved = save_upload(tmp_path / "2024", "330302_鹿城区.xlsx", data)
    assert (saved.outcome, saved.line()) == ("saved", "330302_鹿城区.xlsx：已保存")
    assert (tmp_path / "2024" / "330302_鹿城区.xlsx").read_bytes() == data
    assert save_upload(tmp_path / "2024", "330302_鹿城区.xlsx", data).outcome == "same"
    assert sorted(p.name for p in (tmp_path / "2024").iterdir()) == ["330302_鹿城区.xlsx"]


def test_a_changed_workbook_keeps_the_previous_version_beside_it_named_with_the_time(tmp_path):
    import time

    old, new = _xlsx(1), _xlsx(2)
    save_upload(tmp_path, "330302_鹿城区.xlsx", old)
    when = time.mktime((2024, 11, 30, 15, 30, 0, 0, 0, -1))
    saved = save_upload(tmp_path, "330302_鹿城区.xlsx", new, when=when)
    assert saved.outcome == "replaced" and saved.kept == "330302_鹿城区.xlsx.20241130-153000.替换前"
    assert (tmp_path / "330302_鹿城区.xlsx").read_bytes() == new
    assert (tmp_path / saved.kept).read_bytes() == old
    assert "原文件改名保留为 330302_鹿城区.xlsx.20241130-153000.替换前" in saved.line()


def test_the_kept_version_is_not_read_as_a_second_workbook(tmp_path):
    from sti_monitor.ingest import list_workbooks

    save_upload(tmp_path, "330302_鹿城区.xlsx", _xlsx(1))
    save_upload(tmp_path, "330302_鹿城区.xlsx", _xlsx(2))
    assert [p.name for p in list_workbooks(tmp_path)] == ["330302_鹿城区.xlsx"]


@pytest.mark.parametrize(
    "name, data, why",
    [
        ("报告.pdf", b"%PDF-1.7", "只接受报表文件"),
        ("330302.xlsx", b"%PDF-1.7 renamed", "而是PDF 文件"),
        ("330302.xls", b"<html><table></table></html>", "而是网页（HTML）文件"),
        ("~$330302.xlsx", b"x", "文件名不可用"),
        (".hidden.xlsx", b"x", "文件名不可用"),
        ("a:b.xlsx", b"x", "文件名不可用"),
        ("", b"x", "文件名不可用"),
    ],
)
def test_anything_but_a_spreadsheet_is_refused(tmp_path, name, data, why):
    saved = save_upload(tmp_path, name, data)
    assert saved.outcome == "refused" and why in saved.line()
    assert list(tmp_path.iterdir()) == []


def test_a_path_in_the_name_stays_in_the_folder(tmp_path):
    saved = save_upload(tmp_path / "2024", "../../evil/330302.xlsx", _xlsx(1))
    assert saved.name == "330302.xlsx" and (tmp_path / "2024" / "330302.xlsx").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["2024", "330302.xlsx"]


def test_uploads_go_into_a_year_below_the_data_folder_not_below_a_year(tmp_path):
    assert year_folder(tmp_path / "wenzhou", 2024) == tmp_path / "wenzhou" / "2024"
    with pytest.raises(ValueError, match="某一年度的文件夹"):
        year_folder(tmp_path / "wenzhou" / "2023", 2024)


def test_the_zip_holds_the_reports_given_by_name(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF a")
    (tmp_path / "summary.xlsx").write_bytes(b"PK s")
    path = write_bundle(tmp_path, 2023, [tmp_path / "a.pdf", tmp_path / "gone.pdf", tmp_path / "summary.xlsx"])
    assert path == tmp_path / "2023年报告.zip"
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["a.pdf", "summary.xlsx"] and archive.read("a.pdf") == b"%PDF a"
    assert write_bundle(tmp_path / "empty", 2023, [tmp_path / "gone.pdf"]) is None


def test_the_panel_uploads_into_the_chosen_year_and_offers_it(sample_copy, tmp_path):
    pytest.importorskip("ipywidgets")
    from sti_monitor.app import ControlPanel

    panel = ControlPanel([sample_copy], tmp_path / "reports")
    assert panel.upload_year.value == 2024  # the year after the latest in the data
    book = (sample_copy / "2023" / "330302_鹿城区.xlsx").read_bytes()
    panel.upload_files.value = (
        {
            "name": "330302_鹿城区.xlsx",
            "type": "",
            "size": len(book),
            "content": memoryview(book),
            "last_modified": datetime.datetime(2024, 11, 30),
        },
        {
            "name": "说明.docx",
            "type": "",
            "size": 3,
            "content": memoryview(b"PK!"),
            "last_modified": datetime.datetime(2024, 11, 30),
        },
    )
    saved = panel.upload()
    assert [s.outcome for s in saved] == ["saved", "refused"]
    assert (sample_copy / "2024" / "330302_鹿城区.xlsx").read_bytes() == book
    assert "已上传到" in panel.upload_note.value and "说明.docx：未保存" in panel.upload_note.value
    assert panel.upload_files.value == ()
