"""Issue 21 item 10: a cell comment 暂估 on a value is the same 提醒, at the same cell, in every format.

``tests/fixtures/lucheng_2023_provisional_comment.xls`` is a real BIFF8 file, since xlwt cannot write
comments: the sample's ``2023/330302_鹿城区.xlsx`` with the comment "技术交易额为暂估数" (author 统计员)
added to 数据!D15 with openpyxl, then converted by LibreOffice 7.4:
``soffice --headless --convert-to xls lucheng_2023_provisional_comment.xlsx``.
WPS saves .et as the same BIFF8 bytes, so the .et case is that file under another name.
"""

import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from xlsb_writer import write_xlsb

from conftest import run_cli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lucheng_2023_provisional_comment.xls"
LUCHENG = "2023/330302_鹿城区"
EXPECTED = [
    "  [提醒] 工作表“数据”，单元格 D15：单元格批注写明“暂估”：技术交易额为暂估数。",
    "         处理方法：该数值照常采用；定稿后请改为正式数并删除批注",
]


def _as_xlsx(data_dir: Path) -> Path:
    path = data_dir / f"{LUCHENG}.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["数据"]["D15"].comment = Comment("技术交易额为暂估数", "统计员")
    wb.save(path)
    return path


def _as_xlsb(data_dir: Path) -> Path:
    source = data_dir / f"{LUCHENG}.xlsx"
    rows = [list(r) for r in openpyxl.load_workbook(source)["数据"].iter_rows(values_only=True)]
    source.unlink()
    return write_xlsb(data_dir / f"{LUCHENG}.xlsb", rows, comments={(14, 3): "技术交易额为暂估数"})


def _as_biff(suffix):
    def make(data_dir: Path) -> Path:
        (data_dir / f"{LUCHENG}.xlsx").unlink()
        return shutil.copy(FIXTURE, data_dir / f"{LUCHENG}{suffix}")

    return make


@pytest.mark.parametrize(
    "make", [_as_xlsx, _as_xlsb, _as_biff(".xls"), _as_biff(".et")], ids=["xlsx", "xlsb", "xls", "et"]
)
def test_validate_names_a_provisional_comment_alike_in_every_format(sample_copy, make):
    path = make(sample_copy)
    proc = run_cli("validate", sample_copy)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    lines = proc.stdout.splitlines()
    at = lines.index(f"{LUCHENG}{path.suffix}")
    assert lines[at + 1 : at + 3] == EXPECTED
    assert "45 个可以采用，0 个有错误" in proc.stdout and "提醒 1 个" in proc.stdout
