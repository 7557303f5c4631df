"""Read a data directory into a validated tidy panel of raw fields.

A panel row is one raw value: ``unit_code, year, field, value, file, sheet, cell``.
Files with errors are reported and left out; the other files are still used.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataDirError
from .checks import check_consistency, check_year_on_year
from .confirmations import Confirmation, load_confirmations
from .fields import load_fields
from .inventory import Skipped, scan
from .problems import Problem, file_label
from .read import Workbook, read_workbook
from .task_table import is_task_table, named_as_task_table, read_task_table
from .units import Unit, UnitRegistry, units_for
from .years import (
    Missing,
    Revision,
    check_folder_years,
    find_missing,
    folder_year,
    settle_repeats,
    year_folders,
)

logger = logging.getLogger(__name__)

PANEL_COLUMNS = ["unit_code", "year", "field", "value", "file", "sheet", "cell"]


@dataclass(frozen=True)
class Confirmed:
    """A value used although a check doubted it, because the statistician confirmed it; ``problem`` is the doubt."""

    confirmation: Confirmation
    problem: Problem


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
    confirmed: list[Confirmed] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # files and folders not read, with why
    revisions: list[Revision] = field(default_factory=list)  # earlier years' values a later workbook revised
    missing: list[Missing] = field(default_factory=list)  # (unit, year) with no workbook

    def illustrative(self) -> set[tuple[str, int]]:
        """(unit code, year) of every accepted value read from a workbook that calls itself illustrative
        (示例数值: the sample's province), so that a report printing the value marks it so."""
        return {(unit, r.year) for book in self.workbooks if book.illustrative for unit, r in book.accepted_records()}

    def missing_units(self, year: int) -> list[Unit]:
        """The units that sent no workbook for ``year`` (reports that would use them say 未报送)."""
        return [m.unit for m in self.missing if m.year == year]

    def missing_problems(self) -> list[Problem]:
        """An error per unit and year with no workbook (未报送), saying where its file goes."""
        return [m.problem(self.data_dir) for m in self.missing]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.panel["year"].unique())

    def skipped_files(self) -> list[Workbook]:
        return [b for b in self.workbooks if not b.ok]

    def rejected(self) -> list[tuple[str, Workbook, Problem]]:
        """(unit code, workbook, first error) for every unit whose values in a workbook are not used."""
        out = []
        for book in self.workbooks:
            for unit in sorted(u or "" for u in book.rejected_units()):
                first = next(p for p in book.problems if p.severity == "error" and (p.unit_code or "") == unit)
                out.append((unit or book.unit_code or "", book, first))
        return out

    def sources(self) -> pd.DataFrame:
        """One row per workbook: file, sha256, unit_code, years, accepted."""
        return pd.DataFrame(
            [
                {
                    "file": b.name,
                    "sha256": b.sha256,
                    "unit_code": b.unit_code,
                    "years": ",".join(map(str, sorted(b.years))),
                    "accepted": b.ok,
                }
                for b in self.workbooks
            ]
        )


def list_workbooks(data_dir: Path) -> list[Path]:
    """Spreadsheets (any accepted format) and task tables under ``data_dir`` (recursively), as read: no lock
    or hidden file, no link (see :func:`.inventory.scan`, which also says why the others are not read)."""
    return scan(data_dir)[0]


def input_files(data_dir: Path) -> dict[str, str]:
    """Every file a run reads from ``data_dir`` (spreadsheets, task tables, units.yaml, 确认.yaml), as
    relative name -> SHA-256 of its bytes ("unreadable" when it cannot be read: that is a problem
    of its district, reported by reading, never a crash here). Names keep undecodable bytes
    escaped (surrogates), as the file system gave them."""
    data_dir = Path(data_dir)
    files = {
        *list_workbooks(data_dir),
        *(p for p in data_dir.glob("units.yaml") if p.is_file()),
        *(p for p in data_dir.glob("确认.yaml") if p.is_file()),
    }
    digests = {}
    for path in sorted(files):
        digests[file_label(path.relative_to(data_dir).as_posix())] = _digest(path)
    return digests


def inputs_digest(digests: dict[str, str]) -> str:
    """One SHA-256 over every input file's name and SHA-256 (as :func:`input_files` gives them):
    it changes when any input is changed, added or removed."""
    h = hashlib.sha256()
    for name in sorted(digests):
        h.update(f"{name}\0{digests[name]}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def files_of_units(dataset: Dataset, digests: dict[str, str]) -> dict[str, set[str]]:
    """Unit code -> the input files holding its values (a wide table: every unit it lists). Files of no
    unit (units.yaml, 确认.yaml, task tables, unreadable files) are under ``""``."""
    owned: dict[str, set[str]] = defaultdict(set)
    for book in dataset.workbooks:
        codes = {book.unit_of(r) for r in book.records} | ({book.unit_code} if book.unit_code else set())
        for code in codes - {None}:
            owned[code].add(book.name)
    named = set().union(*owned.values()) if owned else set()
    owned[""] = {name for name in digests if name not in named}
    return dict(owned)


# path -> ((size, mtime, inode, ctime), SHA-256): a file is hashed again only when its status changed,
# so a warm kernel checking a batch's inputs for every unit reads each file once, not once per unit
_digests: dict[str, tuple[tuple, str]] = {}


def _digest(path: Path) -> str:
    try:
        st = path.stat()
        stamp = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
        known = _digests.get(str(path))
        if known is not None and known[0] == stamp:
            return known[1]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"
    _digests[str(path)] = (stamp, digest)
    return digest


def _apply_confirmations(books: list[Workbook], confirmations: list[Confirmation], source: str):
    """Clear the doubtful-value errors a confirmation covers; return (confirmed, problems for unused entries)."""
    by_key = {c.key: c for c in confirmations}
    used, confirmed = set(), []
    for book in books:
        kept = []
        for p in book.problems:
            c = by_key.get((p.unit_code, p.field, p.year)) if p.confirmable else None
            if c is None:
                kept.append(p)
            else:
                used.add(c.key)
                confirmed.append(Confirmed(c, p))
        book.problems = kept
    unused = [
        Problem(
            source,
            f"确认条目 {c.unit} {c.field} {c.year}年 没有对应的疑似错误",
            "核对单位代码、字段代码和年份，或删除该条目",
            severity="warning",
            unit_code=c.unit,
        )
        for c in confirmations
        if c.key not in used
    ]
    return confirmed, unused


def _workbook_paths(data_dir: Path, until: int | None) -> tuple[list[Path], list[Path], list]:
    """The district workbooks and task tables under ``data_dir`` (none of a year after ``until``), and the files
    skipped; :class:`DataDirError` when there is no workbook."""
    paths, skipped = scan(data_dir)
    later = set()
    if until is not None:
        later = {p for p in paths if (year := folder_year(p, data_dir.parent)) is not None and year > until}
        paths = [p for p in paths if p not in later]
    task_paths = [p for p in paths if named_as_task_table(p) and is_task_table(p)]
    district_paths = [p for p in paths if p not in task_paths]
    if not district_paths and until is not None and later:
        raise DataDirError(f"数据目录 {data_dir} 没有 {until} 年的数据（{until} 年及以前的年份文件夹中没有工作簿）")
    if not district_paths:
        listed = "".join(f"\n  {s.name}：{s.why}" for s in skipped[:20])
        raise DataDirError(f"数据目录 {data_dir} 中没有工作簿（.xlsx、.xls、.et、.ods 或 .csv）" + listed)
    return district_paths, task_paths, skipped


def _task_tables(task_paths, units, indicators, framework_id: str, data_dir: Path) -> tuple[pd.DataFrame, dict, list]:
    """The targets of every task table (指标任务表), the tables' SHA-256 by file label, and their problems."""
    frames, files, problems = [], {}, []
    for p in sorted(task_paths):
        frame, task_problems = read_task_table(p, units, indicators, framework_id, root=data_dir)
        frames.append(frame)
        files[file_label(p.relative_to(data_dir))] = frame.attrs.get("sha256", "")
        problems.extend(task_problems)
    tasks = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["unit_code", "indicator", "year", "target", "file", "sheet", "cell"])
    )
    return tasks, files, problems


def _panel(books) -> pd.DataFrame:
    """The accepted records of every workbook as the tidy panel (``PANEL_COLUMNS``)."""
    rows = [
        (unit, r.year, r.field, r.value, book.name, r.sheet, r.cell)
        for book in books
        for unit, r in book.accepted_records()
    ]
    panel = pd.DataFrame(rows, columns=PANEL_COLUMNS)
    panel["year"] = panel["year"].astype(int)
    panel["value"] = panel["value"].astype(float)
    return panel


def read_dataset(
    data_dir,
    units_name: str,
    indicators=(),
    framework_id: str = "",
    units: UnitRegistry | None = None,
    check: Callable[[Workbook], None] | None = None,
    until: int | None = None,
) -> Dataset:
    """Read and validate every workbook under ``data_dir``; raise :class:`DataDirError` if there are none.

    ``units_name`` names the default units file (``params/units/NAME.yaml``); ``indicators`` (anything with
    ``id``, ``name``, ``short_name``) and ``framework_id`` resolve task tables; ``check`` is called on each
    workbook that read without errors, before its values join the panel, and may add problems to it.
    ``until`` reads the data as it stood for that year's reports: the folders of later years are left out
    (with the revisions they carry), so adding a later year never changes an earlier year's figures.
    """
    data_dir = Path(data_dir).resolve()  # reports run elsewhere (a kernel's own folder, a Dask worker)
    if not data_dir.is_dir():
        raise DataDirError(f"数据目录不存在：{data_dir}")
    units = units or units_for(data_dir, units_name)
    fields = load_fields()
    district_paths, task_paths, skipped = _workbook_paths(data_dir, until)
    confirmations = load_confirmations(data_dir)
    books = [read_workbook(p, fields, units, root=data_dir) for p in district_paths]
    moved = [b for b in books if b.headerless and is_task_table(b.path)]  # a task table by another name
    task_paths += [b.path for b in moved]
    books = [b for b in books if b not in moved]
    for book in books:
        book.folder_year = folder_year(book.path, data_dir.parent)
    problems = [s.problem() for s in skipped if s.severity]
    revisions = settle_repeats(books, check_folder_years(books), fields)
    check_consistency(books, fields)
    check_year_on_year(books, fields)
    confirmed, unused = _apply_confirmations(books, confirmations, "确认.yaml")
    problems.extend(unused)
    if check is not None:
        for book in books:
            if book.accepted_records():
                check(book)
    tasks, task_files, task_problems = _task_tables(task_paths, units, indicators, framework_id, data_dir)
    problems.extend(task_problems)
    for book in books:
        problems.extend(book.problems)
    unread = [s.name for s in skipped if s.severity]
    missing = find_missing(books, units, data_dir, unread, year_folders(data_dir, until))
    return Dataset(
        data_dir, units, _panel(books), books, problems, tasks, task_files, confirmed, skipped, revisions, missing
    )
