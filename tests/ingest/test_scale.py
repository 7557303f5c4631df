"""``validate --out`` on a 200,000-row long CSV: every problem found, in bounded memory (its time is a
benchmark figure, not asserted here: see the README)."""

import subprocess
import sys

import pytest
import yaml

FIELDS = {
    "gdp": 500,
    "rd_expenditure": 15,
    "rd_personnel_fte": 4000,
    "employed_persons": 40,
    "ind_rd_expense": 20,
    "ind_revenue": 800,
    "hitech_enterprises": 200,
    "tech_smes": 900,
    "hitech_value_added": 120,
    "ind_value_added": 160,
    "tech_transactions": 12.5,
    "incubator_area_new": 8,
    "hitech_investment": 44,
    "hitech_investment_growth": 5,
}


@pytest.mark.slow
def test_validate_out_on_a_200000_row_long_csv(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    units = [{"code": f"8{i:05d}", "name": f"单位{i}"} for i in range(1000)]
    (data / "units.yaml").write_text(
        yaml.safe_dump(
            {"id": "big", "city": {"code": "900000", "name": "大市"}, "districts": units}, allow_unicode=True
        ),
        encoding="utf-8",
    )
    lines = ["单位代码,单位名称,字段代码,年份,数值"]
    for year in range(2010, 2025):
        for u in units:
            for code, v in FIELDS.items():
                lines.append(f"{u['code']},{u['name']},{code},{year},{v * (1 + 0.02 * (year - 2010)):.2f}")
    del lines[200_001:]
    (data / "全市.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # a wrapper process of its own, so that the peak memory is validate's alone (not the test run's other children)
    wrapper = (
        "import resource, subprocess, sys, time; t = time.monotonic(); "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr); "
        "print(f'@@ {time.monotonic() - t:.1f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}')"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            wrapper,
            sys.executable,
            "-m",
            "sti_monitor",
            "validate",
            data,
            "--out",
            tmp_path / "问题.xlsx",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds, peak_mb = map(float, proc.stdout.rsplit("@@ ", 1)[1].split())
    assert "问题清单已写出" in proc.stdout, proc.stderr
    # the last year is cut short: units 286–999 (714) did not send 2024, and unit 285's 2024 rows stop after
    # 10 of its 14 fields: tech_transactions, incubator_area_new and hitech_investment are missing (the growth
    # rate may be left out: it is computed from hitech_investment) -> 714 + 3 errors
    assert "单位286（800286）未报送：没有 2024 年的工作簿" in proc.stdout  # the first 20 of each file are printed
    assert "错误：data/ 714 个、全市.csv 3 个，共 717 个。" in proc.stdout
    print(f"validate --out, 200,000 rows: {seconds:.1f} s, {peak_mb:.0f} MB")
    assert peak_mb < 400, peak_mb
