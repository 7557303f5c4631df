"""Read a data directory into a validated tidy panel of raw fields.

A panel row is one raw value: ``unit_code, year, field, value, file, sheet, cell``.
Files with errors are reported and left out; the other files are still used.
"""
from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from ..errors import DataDirError
from .fields import load_fields
from .problems import Problem, file_label
from .read import Workbook, read_workbook
from .task_table import is_task_table, read_task_table
from .units import UnitRegistry, units_for

logger = logging.getLogger(__name__)

PANEL_COLUMNS = ["unit_code", "year", "field", "value", "file", "sheet", "cell"]
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Dataset:
    """A data directory, read: the panel of accepted values, every workbook and every problem."""

    data_dir: Path
    units: UnitRegistry
    panel: pd.DataFrame
    workbooks: list[Workbook]
    problems: list[Problem]
    task_targets: pd.DataFrame = field(default_factory=lambda: pd.DataFrame())
    task_files: dict[str, str] = field(default_factory=dict)  # task table file -> SHA-256

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.panel["year"].unique())

    def skipped_files(self) -> list[Workbook]:
        return [b for b in self.workbooks if not b.ok]

    def sources(self) -> pd.DataFrame:
        """One row per workbook: file, sha256, unit_code, years, accepted."""
        return pd.DataFrame(
            [{"file": b.name, "sha256": b.sha256, "unit_code": b.unit_code,
              "years": ",".join(map(str, sorted(b.years))), "accepted": b.ok} for b in self.workbooks]
        )


def list_workbooks(data_dir: Path) -> list[Path]:
    """District workbooks and task tables under ``data_dir`` (recursively), skipping Excel lock files."""
    return sorted(
        p for p in Path(data_dir).rglob("*")
        if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(("~$", "."))
    )


def input_files(data_dir: Path) -> dict[str, str]:
    """Every file a run reads from ``data_dir`` (workbooks, task tables, old .xls, units.yaml), as
    relative name -> SHA-256 of its bytes ("unreadable" when it cannot be read: that is a problem
    of its district, reported by reading, never a crash here). Names keep undecodable bytes
    escaped (surrogates), as the file system gave them."""
    data_dir = Path(data_dir)
    files = {*list_workbooks(data_dir), *(p for p in data_dir.rglob("*.xls") if p.is_file()),
             *(p for p in data_dir.glob("units.yaml") if p.is_file())}
    digests = {}
    for path in sorted(files):
        try:
            digests[file_label(path.relative_to(data_dir).as_posix())] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digests[file_label(path.relative_to(data_dir).as_posix())] = "unreadable"
    return digests


def _check_duplicates(books: list[Workbook]):
    owners = defaultdict(list)
    for book in books:
        if book.unit_code:
            for year in book.years:
                owners[(book.unit_code, year)].append(book)
    for (code, year), group in sorted(owners.items()):
        if len(group) > 1:
            names = "、".join(b.name for b in group)
            for book in group:
                book.problems.append(Problem(
                    book.name, f"单位 {code} 的 {year} 年数据出现在多个文件中：{names}",
                    "只保留一个文件（删除或移出数据目录其余文件），或改正其中一个文件的单位代码", unit_code=code))


def read_dataset(data_dir, units_name: str, indicators=(), framework_id: str = "",
                 units: UnitRegistry | None = None, check: Callable[[Workbook], None] | None = None) -> Dataset:
    """Read and validate every workbook under ``data_dir``; raise :class:`DataDirError` if there are none.

    ``units_name`` names the default units file (``params/units/NAME.yaml``); ``indicators`` (anything with
    ``id``, ``name``, ``short_name``) and ``framework_id`` resolve task tables; ``check`` is called on each
    workbook that read without errors, before its values join the panel, and may add problems to it.
    """
    data_dir = Path(data_dir).resolve()  # reports run elsewhere (a kernel's own folder, a Dask worker)
    if not data_dir.is_dir():
        raise DataDirError(f"数据目录不存在：{data_dir}")
    units = units or units_for(data_dir, units_name)
    fields = load_fields()
    paths = list_workbooks(data_dir)
    old_excel = sorted(p for p in data_dir.rglob("*.xls") if not p.name.startswith(("~$", ".")))
    district_paths = [p for p in paths if not is_task_table(p)]
    if not district_paths and not old_excel:
        raise DataDirError(f"数据目录 {data_dir} 中没有 .xlsx 工作簿")
    books = [read_workbook(p, fields, units, root=data_dir) for p in district_paths]
    problems = [Problem(file_label(p.relative_to(data_dir)), "是旧版 .xls 格式，无法读取", "用 Excel 或 WPS 打开后另存为 .xlsx")
                for p in old_excel]
    _check_duplicates(books)
    if check is not None:
        for book in books:
            if book.ok:
                check(book)
    task_frames, task_files = [], {}
    for p in paths:
        if is_task_table(p):
            frame, task_problems = read_task_table(p, units, indicators, framework_id, root=data_dir)
            task_frames.append(frame)
            task_files[file_label(p.relative_to(data_dir))] = frame.attrs.get("sha256", "")
            problems.extend(task_problems)
    for book in books:
        problems.extend(book.problems)
    rows = [
        (book.unit_code, r.year, r.field, r.value, book.name, r.sheet, r.cell)
        for book in books if book.ok for r in book.records
    ]
    panel = pd.DataFrame(rows, columns=PANEL_COLUMNS)
    panel["year"] = panel["year"].astype(int)
    panel["value"] = panel["value"].astype(float)
    tasks = pd.concat(task_frames, ignore_index=True) if task_frames else pd.DataFrame(
        columns=["unit_code", "indicator", "year", "target", "file", "sheet", "cell"])
    return Dataset(data_dir, units, panel, books, problems, tasks, task_files)
