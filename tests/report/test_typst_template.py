"""The Typst layouts of the page frame: filled by name, every placeholder given and nothing else."""

import datetime as dt

import pytest

from sti_monitor import __version__
from sti_monitor.errors import ConfigError
from sti_monitor.report.frame import cover, document
from sti_monitor.report.typst_template import fill


def test_a_template_is_filled_and_refuses_a_missing_or_unknown_field():
    assert (
        fill("status_boxes", columns="1fr, 1fr", boxes="a, b")
        == "#grid(columns: (1fr, 1fr), gutter: 10pt, a, b)\n#v(6pt)"
    )
    with pytest.raises(ConfigError, match="boxes"):
        fill("status_boxes", columns="1fr")
    with pytest.raises(ConfigError, match="colour"):
        fill("status_boxes", columns="1fr", boxes="a", colour="#fff")


@pytest.fixture(scope="module")
def results(evaluated_sample):
    return evaluated_sample


def test_cover_and_page_frame_of_a_district(results):
    typst = cover(results, "330328", 2023, generated=dt.date(2024, 3, 5)).typst()
    assert '#text(size: 24pt, font: sans-font, fill: rgb("#1f4e9c"), "文成县科技创新主要指标监测报告")' in typst
    assert '#text(size: 16pt, font: sans-font, "（2023年度）")' in typst
    assert '#text(size: 12pt, "生成日期：2024年3月5日")' in typst
    assert f'"由 sti-monitor {__version__} 根据本县（市、区）统计报表自动生成"' in typst
    page = document(results, "330328", 2023).typst()
    assert page.startswith(
        '#set document(title: "文成县科技创新主要指标监测报告（2023年度）", author: "sti-monitor")\n'
    )
    assert 'align(left, "文成县 · 2023年度"), align(right, "科技创新主要指标监测报告")' in page
    assert "align(center)[第 #counter(page).display() 页 共 #counter(page).final().first() 页] } })\n" in page
