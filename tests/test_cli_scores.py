"""``sti-monitor scores`` and the assessment columns of ``sti-monitor indicators``, on real files and processes."""

import json

import openpyxl
import pandas as pd
import pytest

from conftest import clean_rows, write_book
from sti_monitor.measure import evaluate
from sti_monitor.paths import SAMPLE_DATA_DIR
from sti_monitor.publish import write_results
from test_cli import run

REQUIRED = [
    "unit_code",
    "unit_name",
    "year",
    "assessment_score",
    "assessment_rank",
    "grade",
    "index",
    "index_change",
    "group",
    "rank_p05",
    "rank_median",
    "rank_p95",
]


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx"])
def test_scores_outputs(tmp_path, suffix):
    out = tmp_path / f"s{suffix}"
    proc = run("scores", SAMPLE_DATA_DIR, "--year", 2023, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "2023年 15 个单位" in proc.stdout
    if suffix == ".csv":
        t = pd.read_csv(out, dtype={"unit_code": str}).set_index("unit_code")
    elif suffix == ".json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert any("考核总分" in rule for rule in data["meta"]["rules"])
        t = pd.DataFrame(data["rows"]).set_index("unit_code")
    else:
        ws = openpyxl.load_workbook(out)["考核与综合指数"]
        headers = [c.value for c in ws[1]]
        assert headers[:4] == ["单位代码", "单位名称", "单位类型", "年份"] and "考核等次" in headers
        t = pd.DataFrame([[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=16)], columns=headers)
        t = t.rename(
            columns={
                "单位代码": "unit_code",
                "综合指数（全市=100）": "index",
                "考核排名（按考核总分，并列取最高名次）": "assessment_rank",
                "综合指数名次区间下限（模拟第5百分位）": "rank_p05",
                "综合指数名次中位数（模拟）": "rank_median",
                "综合指数名次区间上限（模拟第95百分位）": "rank_p95",
                "发展梯队": "group",
            }
        ).set_index("unit_code")
    if suffix != ".xlsx":
        assert set(REQUIRED) <= {*t.columns, "unit_code"}
    assert len(t) == 15
    assert t.loc["330300", "index"] == pytest.approx(100.0)
    districts = [c for c in t.index if c.startswith("3303") and c not in ("330300", "330371", "330372")]
    assert sorted(t.loc[districts, "assessment_rank"].astype(int)) == list(range(1, 13))  # no ties in the sample
    assert (t.loc[districts, "rank_p05"] <= t.loc[districts, "rank_median"]).all()
    assert (t.loc[districts, "rank_median"] <= t.loc[districts, "rank_p95"]).all()
    assert pd.isna(t.loc["330371", "rank_median"])  # zones are not ranked among districts


def test_indicator_points_add_up_to_the_score(tmp_path):
    assert run("indicators", SAMPLE_DATA_DIR, "--year", 2023, "--out", tmp_path / "i.csv").returncode == 0
    assert run("scores", SAMPLE_DATA_DIR, "--year", 2023, "--out", tmp_path / "s.csv").returncode == 0
    rows = pd.read_csv(tmp_path / "i.csv", dtype={"unit_code": str})
    scores = pd.read_csv(tmp_path / "s.csv", dtype={"unit_code": str}).set_index("unit_code")
    assert {"points", "outlook"} <= set(rows.columns)
    assert set(rows["outlook"]) <= {
        "achieved",
        "on_track",
        "acceleration_needed",
        "limited",
        "deteriorating",
        "unable",
    }
    summed = rows.groupby("unit_code")["points"].sum()
    assert summed.to_dict() == pytest.approx(scores["assessment_score"].to_dict())


def test_a_skipped_district_is_not_graded_and_the_table_says_why(sample_copy, tmp_path):
    bad = sample_copy / "2023" / "330303_龙湾区.xlsx"
    bad.write_bytes(b"garbage")
    out = tmp_path / "s.csv"
    proc = run("scores", sample_copy, "--year", 2023, "--out", out)
    assert proc.returncode == 0, proc.stderr
    t = pd.read_csv(out, dtype={"unit_code": str}, keep_default_na=False).set_index("unit_code")
    assert t.loc["330303", "grade"] == "" and "不评等次" in t.loc["330303", "note"]
    assert "全市综合指数无法计算" in t.loc["330302", "note"]  # the city cannot be summed without 龙湾区
    assert t.loc["330302", "grade"] != ""
    assert bad.read_bytes() == b"garbage"


def test_one_district_city(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    (data / "units.yaml").write_text(
        "id: t\ncity: {code: '100000', name: 甲市}\ndistricts:\n  - {code: '100001', name: 甲县}\n", encoding="utf-8"
    )
    write_book(data / "a.xlsx", clean_rows(year_count=2), code="100001", name="甲县", years=(2022, 2023))
    out = tmp_path / "s.csv"
    assert run("scores", data, "--out", out).returncode == 0
    t = pd.read_csv(out, dtype={"unit_code": str}).set_index("unit_code")
    assert t.loc["100001", "assessment_rank"] == 1 and t.loc["100001", "rank_p95"] == 1


def test_bad_extension_and_year_are_clear_errors(tmp_path):
    proc = run("scores", SAMPLE_DATA_DIR, "--out", tmp_path / "s.txt")
    assert proc.returncode == 1 and "请用 .csv、.json 或 .xlsx" in proc.stderr
    proc = run("scores", SAMPLE_DATA_DIR, "--year", 2019, "--out", tmp_path / "s.csv")
    assert proc.returncode == 1 and "没有 2019 年的数据" in proc.stderr
    assert not list(tmp_path.iterdir())


def test_summary_workbook_has_the_assessment_sheet(tmp_path):
    path = write_results(evaluate(SAMPLE_DATA_DIR), 2023, tmp_path / "summary.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["指标监测", "考核与综合指数"]
    ws = wb["考核与综合指数"]
    assert ws.cell(1, 7).value == "考核等次" and ws.max_row > 15
