"""``index.md`` lists the units in the units file's order, not in the order their reports finished."""

import pytest

from conftest import edit_cells
from sti_monitor.batch import render_batch
from sti_monitor.tools.synth import make_synthetic

pytestmark = pytest.mark.slow


def index_rows(folder):
    """(code, name, status, reason) of each unit row of index.md."""
    lines = (folder / "index.md").read_text(encoding="utf-8").splitlines()
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines if line.startswith("| 9")]
    return [(r[0], r[1], r[4], r[5]) for r in rows]


def test_index_follows_the_units_file_in_two_runs(tmp_path):
    data = make_synthetic(3, tmp_path / "data")
    out = tmp_path / "reports"
    # one worker renders the city first (the longest report), so finishing order differs from the file's
    render_batch(data, 2023, out=out, workers=1, progress=False)
    assert index_rows(out / "2023") == [
        ("900001", "合成县0001", "已生成", "首次生成"),
        ("900002", "合成县0002", "已生成", "首次生成"),
        ("900003", "合成县0003", "已生成", "首次生成"),
        ("900000", "合成市", "已生成", "首次生成"),
    ]
    # a note in one district's file: the two reports listing that file are rendered after the skipped ones
    path = data / "900001_合成县0001.xlsx"
    edit_cells(path, A30="注：补充说明")
    render_batch(data, 2023, out=out, workers=1, progress=False)
    resaved = "文件已重新保存，数值未变（900001_合成县0001.xlsx；报告只更新附录中的文件校验值）"
    assert index_rows(out / "2023") == [
        ("900001", "合成县0001", "已生成", resaved),
        ("900002", "合成县0002", "未变化（沿用）", "输入未变化，沿用已有报告"),
        ("900003", "合成县0003", "未变化（沿用）", "输入未变化，沿用已有报告"),
        ("900000", "合成市", "已生成", resaved),
    ]
