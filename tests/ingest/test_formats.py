"""Every accepted file format, written by real libraries in the test, read to the same values and cells."""

import shutil

import pandas as pd
import pytest

from conftest import CLEAN, clean_rows, write_book
from sti_monitor.ingest.fields import load_fields
from sti_monitor.ingest.read import read_workbook
from sti_monitor.ingest.units import load_units
from sti_monitor.measure import load_dataset
from sti_monitor.measure.framework import load_framework
from sti_monitor.paths import UNITS_DIR

FIELDS = load_fields()
UNITS = load_units(UNITS_DIR / "wenzhou.yaml")
FW = load_framework("wenzhou-2027")


def district_rows(gdp="5,000,000", gdp_unit="万元"):
    """A district sheet as plain cells: title, identity, header, three fields (GDP in 万元)."""
    rows = [
        ["鹿城区科技统计年报"],
        ["行政区划代码", "330302", "单位名称", "鹿城区"],
        [],
        ["字段代码", "指标名称", "单位", "2022年", "2023年"],
        ["gdp", "地区生产总值", gdp_unit, gdp, "5,200,000"],
        ["", "研究与试验发展经费支出", "亿元", "15.5", "16.2"],
        ["hitech_enterprises", "高新技术企业数", "家", "123", "130"],
    ]
    return [row + [""] * (5 - len(row)) for row in rows]


def read(path):
    return read_workbook(path, FIELDS, UNITS, root=path.parent)


def check_values(book):
    assert [str(p) for p in book.problems] == []
    assert book.unit_code == "330302"
    v = {(r.field, r.year): r.value for r in book.records}
    assert v == {
        ("gdp", 2022): pytest.approx(500.0),
        ("gdp", 2023): pytest.approx(520.0),
        ("rd_expenditure", 2022): 15.5,
        ("rd_expenditure", 2023): 16.2,
        ("hitech_enterprises", 2022): 123.0,
        ("hitech_enterprises", 2023): 130.0,
    }
    gdp = next(r for r in book.records if (r.field, r.year) == ("gdp", 2023))
    assert gdp.cell == "E5"


def write_xls(path, rows, sheet="数据"):
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the real .xls files these tests read")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.save(str(path))
    return path


def test_xls(tmp_path):
    book = read(write_xls(tmp_path / "d.xls", district_rows()))
    assert book.format == "xls"
    check_values(book)


def test_wps_et_is_read_by_content(tmp_path):
    (tmp_path / "sub").mkdir()
    tmp_path = tmp_path / "sub"
    et = tmp_path / "鹿城区.et"  # WPS saves .et as a BIFF (xls) compound file
    shutil.copy(write_xls(tmp_path / "d.xls", district_rows()), et)
    check_values(read(et))


def test_xlsx_with_an_xls_extension_is_read_by_content(tmp_path):
    path = write_book(tmp_path / "d.xlsx", clean_rows())
    wrong = tmp_path / "d.xls"
    path.rename(wrong)
    book = read(wrong)
    assert book.format == "xlsx" and book.ok and len(book.records) == len(CLEAN)


def test_ods(tmp_path):
    pytest.importorskip("odf", reason="odfpy writes the real .ods files these tests read")
    path = tmp_path / "d.ods"
    pd.DataFrame(district_rows()).to_excel(path, engine="odf", header=False, index=False, sheet_name="数据")
    book = read(path)
    assert book.format == "ods"
    check_values(book)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "330302_鹿城区.csv"
    pd.DataFrame(district_rows()).to_csv(path, header=False, index=False, encoding=encoding)
    if encoding == "gbk":
        assert path.read_bytes().decode("gbk") and not path.read_bytes().startswith(b"\xef\xbb\xbf")
    book = read(path)
    assert book.format == "csv"
    check_values(book)


def test_html_saved_as_xls_is_named(tmp_path):
    path = tmp_path / "d.xls"
    path.write_text("<html><body><table><tr><td>地区生产总值</td></tr></table></body></html>", encoding="utf-8")
    [p] = read(path).problems
    assert "网页（HTML）" in p.what and "另存为” .xlsx" in p.fix


def test_pdf_saved_as_xlsx_is_named(tmp_path):
    path = tmp_path / "d.xlsx"
    path.write_bytes(b"%PDF-1.4\n...")
    [p] = read(path).problems
    assert "PDF" in p.what and p.severity == "error"


def test_formats_in_one_directory_and_lock_files_ignored(tmp_path):
    write_xls(tmp_path / "330302_鹿城区.xls", district_rows())
    rows = district_rows()
    rows[1] = ["行政区划代码", "330303", "单位名称", "龙湾区", ""]
    pd.DataFrame(rows).to_csv(tmp_path / "330303_龙湾区.csv", header=False, index=False, encoding="gbk")
    (tmp_path / "~$330302_鹿城区.xls").write_bytes(b"owner")
    (tmp_path / ".~lock.330303_龙湾区.csv#").write_text("owner")
    ds = load_dataset(tmp_path, FW)
    assert [str(p) for p in ds.problems] == []
    gdp = ds.panel[(ds.panel.field == "gdp") & (ds.panel.year == 2023)].set_index("unit_code")
    assert gdp["value"].to_dict() == {"330302": pytest.approx(520.0), "330303": pytest.approx(520.0)}
    assert gdp.loc["330303", "file"] == "330303_龙湾区.csv" and gdp.loc["330303", "cell"] == "E5"


def test_input_files_are_not_modified(tmp_path):
    path = write_xls(tmp_path / "d.xls", district_rows())
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    read(path)
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_xls_error_value_is_named(tmp_path):
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the real .xls files these tests read")
    path = write_xls(tmp_path / "d.xls", district_rows())
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("数据")
    for r, row in enumerate(district_rows()):
        for c, v in enumerate(row):
            if (r, c) == (5, 4):
                ws.row(r).set_cell_error(c, "#DIV/0!")  # E6: R&D expenditure 2023
            else:
                ws.write(r, c, v)
    wb.save(str(path))
    [p] = read(path).problems
    assert (p.sheet, p.cell) == ("数据", "E6") and "#DIV/0!" in p.what
