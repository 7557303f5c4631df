"""Every rendered PDF of the sample data, of a small synthetic set and of a one-unit plan, read back as text:
none of the patterns that mislead a reader, and every 达标 row shows a completion of at least 100.0%."""
import re

import pytest
from pypdf import PdfReader

from sti_monitor.batch import render_batch
from sti_monitor.paths import SAMPLE_DATA_DIR
from sti_monitor.tools.synth import make_single_unit, make_synthetic

pytestmark = pytest.mark.slow

BAD = {
    "negative rise": re.compile(r"(提高|增长|提升|降低|年均)\s*-\s*\d"),
    "negative completion": re.compile(r"完成(率|目标的)?\s*-\s*\d"),
    "scientific notation": re.compile(r"(?<![0-9A-Za-z.])\d+(\.\d+)?[eE][+-]?\d+(?![0-9A-Za-z])"),
    "None": re.compile(r"\bNone\b"),
    "nan": re.compile(r"(?<![A-Za-z])nan(?![A-Za-z])", re.IGNORECASE),
    # (file names stay as they are on disk: 温州高新区(经开区).xlsx)
    "half-width bracket in Chinese": re.compile(r"[\u4e00-\u9fff]\([\u4e00-\u9fff]+\)(?!\.xlsx)"),
    "template gap": re.compile(r"目标规划目标值|，，|。。"),
}
# a scorecard row: value, target, completion, status (growth rates show a gap in percentage points instead)
# (an "about" target, 左右, is met within its tolerance: its row shows the target as "5.00左右")
ROW = re.compile(r"(?P<about>左右\s+(?:[—\d.,]+\s+)?)?(?<![\d.,])(?P<completion>-?[\d,]+\.\d)%\s+(?P<status>达标|接近|未达标)")
SENTENCE = re.compile(r"(?P<about>左右[^，。]{0,80}?，\s*)?完成率\s*(?P<completion>-?[\d,]+\.\d)%\s*，\s*(?P<status>已达标|接近目标|未达标)")


def problems(text: str) -> list[str]:
    """What a reader would stumble over in ``text`` (a PDF's text, line breaks kept)."""
    found = [f"{name}: {m.group()}" for name, pattern in BAD.items() for m in pattern.finditer(text)]
    for m in [*ROW.finditer(text), *SENTENCE.finditer(text)]:
        completion, met = float(m["completion"].replace(",", "")), m["status"] in ("达标", "已达标")
        if met != (completion >= 100.0) and not (met and m["about"]):
            found.append(f"status contradicts completion: {m.group()}")
    return found


def test_the_checker_catches_what_the_issue_reported():
    reported = ["要实现2027年目标，需年均提高-0.03万平方米", "完成率-16.3%", "全市基期值（1.47e+04）",
                "技术交易额 亿元 1.7 1.7 99.3% 达标", "完成率97.0%，已达标", "数值 None", "nan",
                "全市目标规划目标值", "年新增孵化器(众创空间)", "规上 102.9% 未达标"]
    for text in reported:
        assert problems(text), text
    fine = "技术交易额 亿元 1.69 1.70 99.3% 接近 11/12\n高新技术企业 家 38 37 102.7% 达标\n" \
           "完成率106.6%，已达标；已达到2027年目标，保持即可。SHA-256 3e30b62afc715f75 1e41dbdfff7"
    assert problems(fine) == []


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Every unit of the sample (2023), of four synthetic districts and their city, and of xinchang-2025."""
    root = tmp_path_factory.mktemp("text")
    synthetic = make_synthetic(4, root / "synthetic-data")
    single = make_single_unit(root / "xinchang-data")
    runs = [(SAMPLE_DATA_DIR, "wenzhou-2027", "sample"), (synthetic, "wenzhou-2027", "synthetic"),
            (single, "xinchang-2025", "single")]
    found = {}
    for data, framework, name in runs:
        summary = render_batch(data, 2023, framework, out=root / name, workers=2, progress=False)
        assert summary.ok, [(u.unit_code, u.reason) for u in summary.units if u.status == "failed"]
        for pdf in sorted((root / name / "2023").glob("*.pdf")):
            found[f"{name}/{pdf.name}"] = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert len(found) == 15 + 5 + 1
    return found


def test_no_rendered_report_misleads(pdfs):
    bad = {name: problems(text) for name, text in pdfs.items()}
    assert {name: p for name, p in bad.items() if p} == {}


def test_every_met_row_shows_full_completion(pdfs):
    rows = [m for text in pdfs.values() for m in ROW.finditer(text) if m["status"] == "达标" and not m["about"]]
    assert len(rows) > 50  # the check read the scorecards
    assert all(float(m["completion"].replace(",", "")) >= 100.0 for m in rows)


def test_a_one_unit_plan_has_no_empty_comparisons_and_shows_stretch_targets(pdfs):
    text = re.sub(r"\s+", "", pdfs["single/330624_新昌县.pdf"])
    assert "新昌县科技创新主要指标监测报告" in text
    for absent in ("全市总体情况", "各县（市、区）对比", "排名", "位次"):
        assert absent not in text, absent
    assert "目标值（确保）力争目标" in text and "力争目标为" in text


def test_the_city_overview_shows_paths_status_table_and_sentences(pdfs):
    text = re.sub(r"\s+", "", pdfs["sample/330300_温州市.pdf"])
    assert "全市各项指标历年数值与目标路径" in text
    assert "各县（市、区）2023年指标达成情况" in text
    assert text.count("个县（市、区）") >= 9 and "短横线为各自目标" in text
    assert "全市合计所用的原始数据" in text and "summary.xlsx" in text
    # growth rates in percentage points, never as a completion ratio
    assert "低于目标6.1个百分点" in text
