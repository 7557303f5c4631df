"""A year's reports are made from the folders up to that year: adding the next year's folder changes none
of them, and rendering that year again skips every unit (the PDFs stay byte for byte)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from conftest import run_cli

pytestmark = pytest.mark.slow


def run(*args):
    proc = run_cli(*args)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def _add_2024(data_dir) -> None:
    """2024's folder: 2023's workbooks headed 2024, GDP 5% higher (a plausible next year)."""
    (data_dir / "2024").mkdir()
    for path in sorted((data_dir / "2023").glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        ws = wb["数据"]
        assert ws["D4"].value == "2023年"
        ws["A1"] = ws["A1"].value.replace("2023", "2024")
        ws["D4"] = "2024年"
        if isinstance(ws["D5"].value, (int, float)):  # GDP, typed as a number (乐清市's is text: kept)
            ws["D5"] = round(ws["D5"].value * 1.05, 2)
        wb.save(data_dir / "2024" / path.name)


def test_adding_a_later_year_changes_no_report_of_an_earlier_one(sample_copy, tmp_path):
    out = tmp_path / "reports"
    first = run(
        "render", sample_copy, "--year", 2023, "--out", out, "--workers", 2, "-q", "--json", tmp_path / "1.json"
    )
    assert first.returncode == 0, first.stdout + first.stderr
    pdfs = {p.name: p.read_bytes() for p in (out / "2023").glob("*.pdf")}
    assert len(pdfs) == 15
    _add_2024(sample_copy)
    assert run("validate", sample_copy).returncode == 0  # the new folder is clean: no revision, nothing missing
    again = run(
        "render", sample_copy, "--year", 2023, "--out", out, "--workers", 2, "-q", "--json", tmp_path / "2.json"
    )
    assert again.returncode == 0, again.stdout
    units = json.loads((tmp_path / "2.json").read_text(encoding="utf-8"))["units"]
    assert len(units) == 15 and {u["status"] for u in units} == {"skipped"}
    assert {u["reason"] for u in units} == {"输入未变化，沿用已有报告"}
    assert {p.name: p.read_bytes() for p in (out / "2023").glob("*.pdf")} == pdfs


def test_with_allow_partial_the_city_report_says_who_sent_nothing(sample_copy, tmp_path):
    from pypdf import PdfReader

    (sample_copy / "2023" / "330305_洞头区.xlsx").unlink()
    out = tmp_path / "reports"
    proc = run(
        "render",
        sample_copy,
        "--year",
        2023,
        "--units",
        "330300",
        "--out",
        out,
        "-q",
        "--allow-partial",
        "--json",
        tmp_path / "run.json",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    units = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["units"]
    assert [(u["unit_code"], u["status"]) for u in units] == [("330305", "unreported"), ("330300", "rendered")]
    assert units[1]["reason"] == "首次生成；洞头区未报送，报告中按未报送列出"
    index = (out / "2023" / "index.md").read_text(encoding="utf-8")
    assert "| 330305 | 洞头区 | — | — | 未报送 | 洞头区（330305）未报送：没有 2023 年的工作簿；" in index
    assert "已生成 | 首次生成；洞头区未报送" in index
    text = "".join(page.extract_text() for page in PdfReader(out / "2023" / "330300_温州市.pdf").pages)
    assert "缺少洞头区的数据，无法汇总温州市（洞头区未报送）" in "".join(text.split())
