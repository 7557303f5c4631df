"""Problems found in input files, worded for the statistician who has to fix them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from openpyxl.utils import get_column_letter


def file_label(name) -> str:
    """A file name from the file system as text that prints, hashes and goes into a workbook
    anywhere: bytes that were not UTF-8 (a GBK name from a Windows zip, which Python keeps as
    surrogates) and control characters become ``\\xNN``."""
    text = str(name)
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # lone surrogates that are not escaped bytes
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 32 or ord(c) == 127 else c for c in text)


def cell_ref(row: int, col: int) -> str:
    """Excel reference of a 0-based (row, col) position, e.g. (0, 0) -> 'A1'."""
    return f"{get_column_letter(col + 1)}{row + 1}"


def fmt_value(value: float) -> str:
    """A number as a message shows it: ``8,453,900`` rather than ``8.4539e+06``, ``12.5`` rather than ``12.500000``."""
    if abs(value) >= 1e6:
        return f"{value:,.0f}"
    return f"{value:.6g}"


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, sheet, cell), what is wrong and how to fix it.

    ``severity`` is ``error`` (the unit's values in the file are not used) or ``warning`` (used, but look).
    ``field``/``year`` name the value a doubtful-value error is about; ``confirmable`` errors are cleared
    by an entry in the data directory's confirmation file (see :mod:`.confirmations`).
    """

    file: str
    what: str
    fix: str
    sheet: str | None = None
    cell: str | None = None
    severity: str = "error"
    unit_code: str | None = None
    field: str | None = None
    year: int | None = None
    confirmable: bool = False

    @property
    def location(self) -> str:
        """Sheet and cell, e.g. 工作表“数据”，单元格 D5 (empty when the problem is the whole file)."""
        parts = ([f"工作表“{self.sheet}”"] if self.sheet else []) + ([f"单元格 {self.cell}"] if self.cell else [])
        return "，".join(parts)

    @property
    def where(self) -> str:
        return "，".join(x for x in (self.file, self.location) if x)

    def __str__(self) -> str:
        level = "错误" if self.severity == "error" else "提醒"
        return f"[{level}] {self.where}：{self.what}。处理方法：{self.fix}"

    def to_dict(self) -> dict:
        return asdict(self)
