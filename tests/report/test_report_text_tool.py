"""tools/report_text.py --compare: two folders of report text are the same, or the script says where not."""

import subprocess
import sys
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "report_text.py"


def _folder(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _compare(a: Path, b: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), "--compare", str(a), str(b)], capture_output=True, text=True)


def test_the_same_text_compares_equal(tmp_path):
    files = {"plan/2023/330302_鹿城区.txt": "鹿城区\n达标 5 项\n", "plan/2023/330300_温州市.txt": "温州市\n"}
    proc = _compare(_folder(tmp_path / "a", files), _folder(tmp_path / "b", files))
    assert proc.returncode == 0 and proc.stdout.strip() == "2 reports, 2 identical, 0 differing or missing"


def test_a_changed_line_and_a_missing_report_are_shown(tmp_path):
    a = _folder(tmp_path / "a", {"p/2023/x.txt": "甲\n达标 5 项\n", "p/2023/y.txt": "乙\n"})
    b = _folder(tmp_path / "b", {"p/2023/x.txt": "甲\n达标 4 项\n"})
    proc = _compare(a, b)
    assert proc.returncode == 1
    assert "-达标 5 项\n+达标 4 项" in proc.stdout
    assert f"only in {a}: p/2023/y.txt" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "2 reports, 0 identical, 2 differing or missing"
