"""tools/recompute.py: the independent recomputation agrees with the code on two plans' samples."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "recompute.py"


def run(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd)


def assert_agrees(stdout, years):
    """The summary line: some hundreds of values compared over every year, none disagreeing."""
    summary = stdout.strip().splitlines()[-1]
    compared = int(summary.split(": ")[1].split(" values")[0])
    assert compared > 100 * years, summary
    assert summary.endswith(f"over {years} years, 0 disagreements"), stdout


@pytest.mark.slow
def test_wenzhou_2027_sample_agrees():
    done = run(TOOL, ROOT / "data" / "sample")
    assert done.returncode == 0, done.stdout + done.stderr
    assert_agrees(done.stdout, years=3)
    # the Monte-Carlo intervals too: 12 districts × 3 years × 3 bounds (p05, median, p95)
    assert "rank intervals (p05, median, p95): 108 values compared, 0 disagreements" in done.stdout


@pytest.mark.slow
def test_daluoshan_2022_sample_agrees(tmp_path):
    made = run(
        "-c",
        "import sys; from sti_monitor.cli import main; sys.exit(main())",
        "sample",
        "--framework",
        "daluoshan-2022",
        "--out",
        tmp_path / "dls",
    )
    assert made.returncode == 0, made.stderr
    done = run(TOOL, tmp_path / "dls")
    assert done.returncode == 0, done.stdout + done.stderr
    assert_agrees(done.stdout, years=4)
    assert "rank intervals (p05, median, p95): 72 values compared, 0 disagreements" in done.stdout  # 6 areas × 4 × 3
