"""Issue 21 item 10: files named for what they are, YAML errors in Chinese with their line, task tables by
content, unknown rows and stray units as 提醒."""

import codecs
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from conftest import clean_rows, write_book
from sti_monitor.errors import ConfigError, DataDirError
from sti_monitor.ingest import load_confirmations
from sti_monitor.ingest.fields import load_fields
from sti_monitor.ingest.read import read_workbook
from sti_monitor.ingest.units import load_units, units_for
from sti_monitor.measure import load_dataset
from sti_monitor.measure.framework import load_framework
from sti_monitor.paths import UNITS_DIR

FIELDS = load_fields()
UNITS = load_units(UNITS_DIR / "wenzhou.yaml")
FW = load_framework("wenzhou-2027")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def read(path):
    return read_workbook(path, FIELDS, UNITS, root=path.parent)


def test_password_protected_xlsx_is_named(tmp_path):
    # made with msoffcrypto-tool (password 1234): an encrypted .xlsx is an OLE2 file, not a damaged .xls
    path = shutil.copy(FIXTURES / "password_1234.xlsx", tmp_path / "330302_鹿城区.xlsx")
    [p] = read(Path(path)).problems
    assert p.what == "无法打开，不是有效的 Excel 工作簿：文件内容是有密码保护的工作簿" and "取消密码" in p.fix


@pytest.mark.parametrize("name", ["d.xlsx", "d.csv"])
def test_empty_file_is_named(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    [p] = read(tmp_path / name).problems
    assert p.what == "无法打开，不是有效的 Excel 工作簿：文件内容是空文件（0 字节）" and "空的" in p.fix


def _district_text(sep="\t"):
    rows = [
        ["行政区划代码", "330302"],
        ["字段代码", "指标名称", "单位", "2023年"],
        ["gdp", "地区生产总值", "亿元", "500.5"],
    ]
    return "\r\n".join(sep.join(r) for r in rows) + "\r\n"


def test_utf16_text_saved_as_xls_is_named(tmp_path):
    (tmp_path / "d.xls").write_bytes(codecs.BOM_UTF16_LE + _district_text().encode("utf-16-le"))
    [p] = read(tmp_path / "d.xls").problems
    assert "UTF-16 编码的文本文件" in p.what and "另存为” .xlsx" in p.fix


@pytest.mark.parametrize("bom", [True, False])
def test_utf16_csv_is_read(tmp_path, bom):
    # Excel's "Unicode text": UTF-16 little-endian, tab-separated
    data = _district_text().encode("utf-16-le")
    (tmp_path / "d.csv").write_bytes((codecs.BOM_UTF16_LE if bom else b"") + data)
    book = read(tmp_path / "d.csv")
    assert book.problems == [] and [(r.field, r.value, r.cell) for r in book.records] == [("gdp", 500.5, "D3")]


def test_year_header_as_a_date_is_named_at_its_cell(tmp_path):
    import datetime as dt

    path = write_book(tmp_path / "d.xlsx", [("gdp", "地区生产总值", "亿元", 500)])
    wb = openpyxl.load_workbook(path)
    wb.active["D4"] = dt.datetime(2023, 1, 1)
    wb.save(path)
    [p] = read(path).problems
    assert (
        (p.sheet, p.cell) == ("数据", "D4") and "年份列的表头是日期（2023-01-01" in p.what and "文本“2023年”" in p.fix
    )


def test_year_header_in_chinese_numerals_is_read(tmp_path):
    path = write_book(tmp_path / "d.xlsx", [("gdp", "地区生产总值", "亿元", 500)])
    wb = openpyxl.load_workbook(path)
    wb.active["D4"] = "二〇二三年"
    wb.save(path)
    book = read(path)
    assert book.problems == [] and [(r.field, r.year) for r in book.records] == [("gdp", 2023)]


def test_yaml_error_in_units_file_is_chinese_with_its_line(tmp_path):
    (tmp_path / "units.yaml").write_text(
        "id: x\ncity: {code: '330300', name: 温州市}\ndistricts:\n  - code: 1\n   name: 甲\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as exc:
        units_for(tmp_path, "wenzhou")
    assert (
        str(exc.value)
        == f"{tmp_path / 'units.yaml'}: YAML 格式错误，第 5 行第 4 列附近：缩进不一致：同一层的项目应对齐"
    )


def test_units_file_not_in_utf8_is_named(tmp_path):
    (tmp_path / "units.yaml").write_bytes("city: {code: '1', name: 温州市}\n".encode("gbk"))
    with pytest.raises(ConfigError, match="不是 UTF-8 编码"):
        units_for(tmp_path, "wenzhou")


def test_yaml_error_in_confirmations_is_chinese_with_its_line(tmp_path):
    (tmp_path / "确认.yaml").write_text(
        "confirmations:\n  - {unit: '330302', field: gdp, year: 2023\n", encoding="utf-8"
    )
    with pytest.raises(DataDirError) as exc:
        load_confirmations(tmp_path)
    assert "确认.yaml YAML 格式错误，第 3 行第 1 列附近：" in str(exc.value) and "Error" not in str(exc.value)


def test_bare_list_of_confirmations_is_read(tmp_path):
    (tmp_path / "确认.yaml").write_text("- {unit: '330302', field: gdp, year: 2023, reason: 核实}\n", encoding="utf-8")
    assert [(c.unit, c.field, c.year, c.reason) for c in load_confirmations(tmp_path)] == [
        ("330302", "gdp", 2023, "核实")
    ]


def test_confirmations_without_a_list_are_refused(tmp_path):
    (tmp_path / "确认.yaml").write_text("unit: '330302'\nfield: gdp\n", encoding="utf-8")
    with pytest.raises(DataDirError, match="没有确认条目列表"):
        load_confirmations(tmp_path)


def test_district_file_named_like_a_task_table_is_read_as_a_district(sample_copy):
    (sample_copy / "2023" / "330302_鹿城区.xlsx").rename(sample_copy / "2023" / "330302_鹿城区指标任务表.xlsx")
    ds = load_dataset(sample_copy, FW)
    assert ds.errors == [] and "2023/330302_鹿城区指标任务表.xlsx" in set(ds.panel.file)
    assert set(ds.task_files) == {"指标任务表_2023.xlsx"}


def test_task_table_under_another_name_is_read_as_a_task_table(sample_copy):
    (sample_copy / "指标任务表_2023.xlsx").rename(sample_copy / "2023年分解.xlsx")
    ds = load_dataset(sample_copy, FW)
    assert ds.errors == [] and set(ds.task_files) == {"2023年分解.xlsx"} and len(ds.task_targets) > 0


def test_unknown_extra_row_in_a_long_csv_is_a_reminder_and_the_rest_is_used(tmp_path):
    rows = [["单位代码", "单位名称", "字段代码", "年份", "数值"]]
    rows += [[code, "", "gdp", 2023, 500] for code in ("330302", "330303")]
    rows += [["330302", "", "gdp_per_capita", 2023, 9.1], ["330399", "", "gdp", 2023, 7]]
    pd.DataFrame(rows).to_csv(tmp_path / "全市.csv", header=False, index=False)
    book = read(tmp_path / "全市.csv")
    assert sorted((r.unit_code, r.value) for r in book.records) == [("330302", 500.0), ("330303", 500.0)]
    assert [(p.severity, p.cell) for p in book.problems] == [("warning", "C4"), ("warning", "A5")]
    assert "未知的字段代码“gdp_per_capita”，该行未读取" in book.problems[0].what
    assert book.problems[1].what == "单位“330399”不在单位清单中，该行未读取" and book.rejected_units() == set()


def test_workbook_without_values_is_still_an_error(tmp_path):
    book = read(write_book(tmp_path / "d.xlsx", clean_rows({c: None for c in FIELDS.fields})))
    assert [p.what for p in book.problems if p.severity == "error"] == ["表中没有任何数值"]


def test_percent_formatted_target_of_a_percent_indicator_reads_as_shown(tmp_path):
    from sti_monitor.ingest.task_table import read_task_table

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位代码", "单位名称", "指标代码", "指标名称", "年份", "目标值"])
    ws.append(["330302", "鹿城区", "rd_gdp_ratio", "", 2023, 0.034])
    ws.append(["330302", "鹿城区", "hitech_enterprises", "", 2023, 450])
    ws["F2"].number_format = "0.0%"
    ws["F3"].number_format = "0%"  # a count formatted as a percent by mistake is left as it is
    wb.save(tmp_path / "任务.xlsx")
    frame, problems = read_task_table(tmp_path / "任务.xlsx", UNITS, FW.indicators, FW.id)
    assert problems == []
    assert frame.set_index("indicator")["target"].to_dict() == {
        "rd_gdp_ratio": pytest.approx(3.4),
        "hitech_enterprises": 450,
    }


def test_a_file_whose_reading_fails_is_named(tmp_path):
    # /proc/self/mem cannot be read from its start, even by root (EIO)
    book = read_workbook(Path("/proc/self/mem"), FIELDS, UNITS)
    [p] = book.problems
    assert p.what.startswith("无法读取文件（") and "权限" in p.fix
