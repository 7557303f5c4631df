"""The summarised city report of a large set of districts: its figures, and its length at 400 districts."""

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from sti_monitor.measure.results import evaluate
from sti_monitor.report.appendices import appendix_large
from sti_monitor.report.overview_large import city_overview_large, ranking_extremes, status_table
from sti_monitor.report.units import is_large

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    from sti_monitor.tools.synth import make_synthetic

    data = make_synthetic(400, tmp_path_factory.mktemp("large") / "data")
    return data, evaluate(data)


def districts_frame(results, rows):
    """A hand-made district table: (unit index, indicator, value, status, achievement score)."""
    units = results.units.districts
    return pd.DataFrame(
        [
            {
                "unit_code": units[i].code,
                "unit_name": units[i].name,
                "unit_kind": "district",
                "indicator": ind,
                "value": v,
                "status": s,
                "achievement_score": sc,
            }
            for i, ind, v, s, sc in rows
        ]
    )


def test_status_table_counts_and_quartiles(large):
    _, results = large
    rows = [
        (0, "rd_gdp_ratio", 1.0, "behind", 50),
        (1, "rd_gdp_ratio", 2.0, "near", 60),
        (2, "rd_gdp_ratio", 3.0, "met", 100),
        (3, "rd_gdp_ratio", 4.0, "met", 100),
        (4, "rd_gdp_ratio", 5.0, "met", 100),
        (5, "rd_gdp_ratio", float("nan"), "no_data", float("nan")),
    ]
    table = status_table(districts_frame(results, rows), results, 2023)
    first = table.rows[0]
    # met, near, behind, no data; median 3, quartiles 2–4 (linear), min 1, max 5, at two decimals
    assert first[2:] == ["3", "1", "1", "1", "3.00", "2.00–4.00", "1.00", "5.00"]


def test_top_and_bottom_ten_by_assessment_score(large):
    _, results = large
    # 23 districts with assessment scores 1..23, 9 and 19 tied at 50: the unit list's order breaks the tie
    scores = {i: float(i + 1) for i in range(23)}
    scores[8] = scores[18] = 50.0
    rows = [(i, "rd_gdp_ratio", 1.0, "met" if s >= 20 else "behind", s) for i, s in scores.items()]
    by_code = {results.units.districts[i].code: s for i, s in scores.items()}
    table = results.scores.copy()
    this_year = table["year"] == 2023
    table.loc[this_year, "assessment_score"] = table.loc[this_year, "unit_code"].map(by_code)
    results = dataclasses.replace(results, scores=table)
    body = ranking_extremes(districts_frame(results, rows), results, 2023).rows
    names = [r[1] for r in body]
    units = results.units.districts
    assert names[:3] == [units[8].name, units[18].name, units[22].name]
    assert body[0][0] == "1" and body[2][2] == "23.00" and body[2][3] == "1"
    assert "其余3个" in names[10]
    assert [r[0] for r in body[11:]] == [str(p) for p in range(14, 24)]
    assert names[-1] == units[0].name and body[-1][2] == "1.00"


def test_four_hundred_districts_fit_in_thirty_pages(large, tmp_path):
    from sti_monitor.batch import render_batch

    data, results = large
    assert is_large(results) and len(results.units.districts) == 400
    body, appendix = city_overview_large(results, 2023), appendix_large(results, 2023)
    assert "summary.xlsx" in body.html() and "summary.xlsx" in appendix.html()
    # the shipped city notebook: city_overview and appendix choose the summarised form at this size
    summary = render_batch(
        data, 2023, codes=[results.units.city.code], out=tmp_path / "out", workers=1, progress=False, results=results
    )
    assert [u.status for u in summary.units] == ["rendered"], summary.units
    pdf = next(Path(tmp_path / "out" / "2023").glob("*.pdf"))
    pages = PdfReader(pdf).pages
    assert 6 <= len(pages) <= 30
    text = "".join(p.extract_text() for p in pages).replace(" ", "").replace("\n", "")
    assert "前10名与后10名" in text and "summary.xlsx" in text and "其余380个" in text
