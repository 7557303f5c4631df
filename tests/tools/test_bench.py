"""The benchmark's figure that holds across machines: per-unit core-seconds over the Typst floor."""

import sys

import nbformat
import pytest

from sti_monitor.report.elements import TYPST_MIME
from sti_monitor.tools.bench import scale_table
from sti_monitor.tools.measuring import floor_ratio, run_measured, typst_floor


def test_floor_ratio_is_core_seconds_per_report_over_the_floor():
    # 2 workers × 50 s wall = 100 core-seconds over 400 reports = 0.25 s each; ÷ 0.1 s floor = 2.5
    assert floor_ratio(50.0, 400, 2, 0.1) == pytest.approx(2.5)
    # one worker: 12 s over 100 reports = 0.12 s; ÷ 0.08 s = 1.5
    assert floor_ratio(12.0, 100, 1, 0.08) == pytest.approx(1.5)


def _row(units, cold_s, s_per_unit, floor_s, floor_mean_s, over_floor, cpu_over_floor=None):
    return {
        "units": units,
        "rendered": units + 1,
        "failed": 0,
        "cold_s": cold_s,
        "s_per_unit": s_per_unit,
        "peak_mb": 900.0,
        "aggregate_pages": 13,
        "aggregate_s": 1.5,
        "unchanged_s": 0.5,
        "floor_s": floor_s,
        "floor_mean_s": floor_mean_s,
        "over_floor": over_floor,
        "cpu_over_floor": cpu_over_floor,
    }


def test_scale_table_prints_the_floor_and_the_ratio_per_size():
    text = scale_table(
        {
            "workers": 2,
            "machine": "test machine",
            "rows": [_row(100, 20.2, 0.2, 0.08, 0.0825, 5.0, 4.5), _row(400, 40.1, 0.1, 0.1, None, 2.0)],
        }
    )
    lines = [line for line in text.splitlines() if line.startswith("| 100 ") or line.startswith("| 400 ")]
    assert lines[0].endswith("| 0.50 | 80 / 82 | 5.00 | 4.50 |")
    assert lines[1].endswith("| 0.50 | 100 / — | 2.00 | — |")
    assert "| 0.100 | 0.50 |" in lines[1]  # per unit and × smallest (0.1 ÷ 0.2)


def _notebook(path, text):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={TYPST_MIME: f"= {text}\n\n#lorem(50)\n"})]
    nb.cells = [cell]
    nbformat.write(nb, path)


@pytest.mark.slow
def test_typst_floor_compiles_distinct_units_but_not_the_city(tmp_path):
    year = tmp_path / "2023"
    year.mkdir()
    for code in ("900000", "100001", "100002", "100003", "100004"):
        _notebook(year / f"{code}_单位.ipynb", code)
    floor = typst_floor(tmp_path, count=3)
    # five notebooks, the city left out: one warm-up and the three counted
    assert floor["units"] == 3
    assert 0 < floor["median_s"] < 10 and 0 < floor["mean_s"] < 10 and 0 < floor["cpu_median_s"] < 10
    assert typst_floor(tmp_path / "2023", count=3, skip="1")["units"] == 0  # only the city left: one is not enough


def test_run_measured_counts_the_cpu_of_the_process_and_its_children():
    # a parent that waits for a child burning about 0.3 s of CPU, then burns about 0.3 s itself
    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n"
    code = f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {burn!r}])\n{burn}"
    seconds, _, result = run_measured([sys.executable, "-c", code])
    assert result.returncode == 0
    assert 0.6 <= result.cpu_s < 0.6 + 2.0  # both burns, plus two interpreters' start-up
    assert seconds > 0
