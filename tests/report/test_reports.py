"""Real renders: papermill runs, the Typst exporter, PDFs read back as text."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from sti_monitor.batch import render_batch
from sti_monitor.measure.results import evaluate
from sti_monitor.paths import NOTEBOOKS_DIR, SAMPLE_DATA_DIR

pytestmark = pytest.mark.slow
UNITS = ["330381", "330328"]


@pytest.fixture(scope="module")
def results():
    return evaluate(SAMPLE_DATA_DIR)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, results):
    out = tmp_path_factory.mktemp("reports")
    summary = render_batch(SAMPLE_DATA_DIR, 2023, codes=UNITS, out=out, workers=1, progress=False, results=results)
    return out / "2023", summary


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(path).pages))


def test_two_units_render_with_notebook_beside(rendered):
    folder, summary = rendered
    assert summary.ok and [u.status for u in summary.units] == ["rendered", "rendered"]
    for name in ("330381_瑞安市", "330328_文成县"):
        assert (folder / f"{name}.pdf").stat().st_size > 10_000
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected and "unit_code" in injected[0].source
    assert (folder / "summary.xlsx").exists()
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "330381_瑞安市.pdf" in index and "已生成" in index
    assert not list(folder.glob("*.tmp*")) and not list(folder.glob(".*.tmp*"))


# 文成县's scorecard of 2023 as the PDF shows it (indicators by their short names, as in every table). Values by hand from data/sample/2023/330328_文成县.xlsx:
# R&D 1.69 / GDP 159.34 = 1.06%; 785 人年 / 15.03 万人 = 52.2; 1.11 / 79.54 = 1.40%; 38 and 129 firms against
# the task table's 37 and 121 (102.7%, 106.6%); 9.51 / 17.14 = 55.5%; transactions 1.69 against
# 1.32 (2022) × 330 / 256 (the city's target over its baseline) = 1.70 (99.3%); investment 6.56 / 5.63 - 1 = 16.5%
# against the city's 15.0%. The 力争 column (力争超全省平均): data/sample/2023/330000_浙江省.xlsx's R&D 2,641.6 /
# GDP 82,550 = 3.20% for R&D intensity; no other indicator has a 力争 target (—).
WENCHENG_SCORECARD = [
    "1. R&D经费投入强度 % 1.06 1.09 3.20 97.0% 接近 11/12",
    "2. 万名就业人员研发人员 人年 52.2 55.5 — 94.0% 未达标 11/12",
    "3. 规上工业研发经费占营收比重 % 1.40 1.36 — 102.9% 达标 11/12",
    "4. 高新技术企业数 家 38 37 — 102.7% 达标 10/12",
    "5. 省科技型中小企业数 家 129 121 — 106.6% 达标 10/12",
    "6. 高新技术产业增加值占比 % 55.5 56.9 — 97.5% 接近 11/12",
    "7. 技术交易额 亿元 1.69 1.70 — 99.3% 接近 11/12",
    "8. 新增孵化场地面积 万平方米 1.20 1.29 — 93.0% 未达标 11/12",
    "9. 高新技术产业投资增速 % 16.5 15.0 — 高于目标 1.5 个百分点 达标 2/12",
]


def test_pdf_text_agrees_with_indicators(rendered):
    folder, _ = rendered
    text = pdf_text(folder / "330328_文成县.pdf")
    assert "文成县科技创新主要指标监测报告" in text  # the cover, in Chinese: fonts embedded
    assert "第1页共" not in text[:200] and "第2页共" in text  # page numbers, not on the cover
    scorecard = text[text.index("表1") : text.index("主要发现")]
    for line in WENCHENG_SCORECARD:
        assert re.sub(r"\s+", "", line) in scorecard, line
    assert "与上年相比变化最大的是技术交易额，由1.32亿元上升至1.69亿元。" in text  # 1.32 in 2022's workbook


def test_pdf_embeds_cjk_fonts(rendered):
    folder, _ = rendered
    reader = PdfReader(folder / "330381_瑞安市.pdf")
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc = descendants[0].get_object() if descendants else font
            fd = desc.get("/FontDescriptor")
            if fd is not None and any(k in fd.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                fonts.add(str(font["/BaseFont"]))
    assert any("CJK" in f for f in fonts), fonts


def test_pdf_has_charts_labelled_in_chinese(rendered):
    text = pdf_text(rendered[0] / "330381_瑞安市.pdf")
    assert "图1" in text and "历年数值与目标路径" in text
    assert "2027年" in text and "全市" in text and "目标" in text  # chart axis and legend text


def test_nothing_changed_skips_and_says_why(rendered, results):
    folder, _ = rendered
    again = render_batch(
        SAMPLE_DATA_DIR, 2023, codes=UNITS, out=folder.parent, workers=1, progress=False, results=results
    )
    assert [u.status for u in again.units] == ["skipped", "skipped"]
    assert "未变化" in again.units[0].reason


def test_failing_unit_gives_clear_error_and_no_pdf(tmp_path, results):
    nb = nbformat.read(NOTEBOOKS_DIR / "county_report.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell('assert str(unit_code) != "330328", "文成县的报表有问题"'))
    bad = tmp_path / "bad.ipynb"
    nbformat.write(nb, bad)
    summary = render_batch(
        SAMPLE_DATA_DIR,
        2023,
        codes=UNITS,
        out=tmp_path / "out",
        workers=1,
        progress=False,
        results=results,
        templates={"district": bad},
    )
    by = {u.unit_code: u for u in summary.units}
    assert by["330381"].status == "rendered" and by["330328"].status == "failed"
    assert "AssertionError" in by["330328"].reason and "文成县的报表有问题" in by["330328"].reason
    folder = tmp_path / "out" / "2023"
    assert (folder / "330381_瑞安市.pdf").exists() and not (folder / "330328_文成县.pdf").exists()
    assert (folder / "330328_文成县.failed.ipynb").exists()
    assert not summary.ok


def test_render_command_exit_code_and_summary(tmp_path):
    # a relative data directory, as `make reports` passes it: notebooks run in their own folder
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sti_monitor",
            "render",
            "data/sample",
            "--units",
            "330300,330302",
            "--out",
            str(tmp_path),
            "--workers",
            "1",
            "-q",
        ],
        capture_output=True,
        text=True,
        cwd=SAMPLE_DATA_DIR.parents[1],
    )
    assert proc.returncode == 0, proc.stderr
    assert "已生成" in proc.stdout and "330300 温州市" in proc.stdout and "失败 0" in proc.stdout
    text = pdf_text(tmp_path / "2023" / "330300_温州市.pdf")
    assert "各县（市、区）对比" in text and "考核总分排名" in text
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "sti_monitor",
            "render",
            str(SAMPLE_DATA_DIR),
            "--units",
            "999999",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "999999" in bad.stderr and "Traceback" not in bad.stderr


def test_nbconvert_exporter_is_registered(rendered, tmp_path):
    src = rendered[0] / "330328_文成县.ipynb"
    proc = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "sti_pdf", str(src), "--output-dir", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    text = pdf_text(tmp_path / "330328_文成县.pdf")
    assert "文成县科技创新主要指标监测报告" in text
    assert "report.load" not in text and "results_path" not in text  # no code, no parameters


def test_pdf_states_the_assessment(rendered):
    folder, _ = rendered
    text = pdf_text(folder / "330328_文成县.pdf")
    # 100/9 × (0.970 + 0.940 + 1 + 1 + 1 + 0.975 + 0.993 + 0.930 + 1) ≈ 97.9 (the completions above, unrounded: 97.86)
    # 良好, not 优秀: 97.86 >= 90 but two targets are 未达标, and 优秀 needs none (see test_assessment_report)
    assert "2023年，文成县考核总分97.86分，等次为良好，按考核总分在12个县（市、区）中排第1位。" in text
    assert "期末目标进展" in text and "考核、综合指数与期末目标进展的计算规则" in text
