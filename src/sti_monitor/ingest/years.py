"""Which file holds which unit's year: the folder's year against the header's, the same year in two
files (a revision when a later year's folder carries it, else a conflict), and the units that sent nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, fmt_value
from .records import Record, Workbook
from .units import Unit, UnitRegistry

_YEAR_FOLDER = re.compile(r"^((?:19|20)\d{2})(年|年度)?$")
#: The kinds of unit that send workbooks of their own (the city and aggregates are sums; references optional).
SENDING_KINDS = ("district", "zone", "area")


def folder_year(path: Path, root: Path) -> int | None:
    """The year of the nearest folder between ``root`` and ``path`` named as a year (``2023``, ``2023年``)."""
    for part in reversed(Path(path).relative_to(root).parts[:-1]):
        if m := _YEAR_FOLDER.match(part):
            return int(m.group(1))
    return None


@dataclass(frozen=True)
class Revision:
    """A value of an earlier year that a later year's workbook carries with another number: the later is used."""

    unit_code: str
    field: str
    year: int
    old: float
    old_where: str  # file, sheet and cell
    new: float
    new_where: str
    field_name: str = ""

    def __str__(self) -> str:
        return (
            f"{self.unit_code} {self.field_name or self.field} {self.year}年：{fmt_value(self.old)}（{self.old_where}）"
            f"修订为 {fmt_value(self.new)}（{self.new_where}）"
        )


@dataclass(frozen=True)
class Missing:
    """A unit that sent no workbook for ``year``; ``folder`` is where it belongs."""

    unit: Unit
    year: int
    folder: Path
    unread: tuple[str, ...] = ()  # files not read whose names name the unit (hidden, links…)

    def problem(self, data_dir: Path) -> Problem:
        where = self.folder.relative_to(data_dir).as_posix() if self.folder != data_dir else ""
        target = f"{where}/{self.unit.slug}.xlsx" if where else f"{self.unit.slug}.xlsx"
        unread = f"（未读取的 {'、'.join(self.unread)} 可能就是它，见其说明）" if self.unread else ""
        return Problem(
            f"{where or data_dir.name}/",
            f"{self.unit.name}（{self.unit.code}）未报送：没有 {self.year} 年的工作簿{unread}",
            f"请 {self.unit.name} 报送 {self.year} 年数据，文件放在 {self.folder}（如 {target}；模板：sti-monitor template "
            f"{self.unit.slug}.xlsx --unit {self.unit.code} --year {self.year}）",
            unit_code=self.unit.code,
            year=self.year,
        )


def _where(book: Workbook, rec: Record) -> str:
    return f"{book.name} 工作表“{rec.sheet}”{rec.cell}"


def check_folder_years(books: list[Workbook]) -> set[int]:
    """A workbook in a year's folder without that year (its header says another): an error at the header
    cell saying which year the folder expects. Returns the ids of those workbooks."""
    wrong = set()
    for book in books:
        if book.folder_year is None or not book.records or book.folder_year in book.years:
            continue
        wrong.add(id(book))
        years = sorted(book.years)
        sheet, cell = book.year_cells.get(years[0], (None, None))
        shown = "、".join(f"{y}年" for y in years)
        book.problems.append(
            Problem(
                book.name,
                f"文件在 {book.folder_year} 年的文件夹中，但表头的年份是 {shown}，没有 {book.folder_year} 年的数据",
                f"如这是 {book.folder_year} 年的数据，把表头改为“{book.folder_year}年”；如确是 {shown}的数据，"
                f"把文件移到 {years[-1]} 年的文件夹（其他年份的文件不要删除）",
                sheet=sheet,
                cell=cell,
                unit_code=book.unit_code,
            )
        )
    return wrong


def settle_repeats(books: list[Workbook], skip: set[int], fields=None) -> list[Revision]:
    """One workbook per unit and year. When workbooks of different years' folders carry the same unit and
    year, the latest folder's values are used and the earlier ones dropped (a :class:`Revision` for each value
    that differs; identical values are no problem). Within one folder it is an error in each file."""
    owners = defaultdict(list)
    for book in books:
        if id(book) in skip:
            continue
        for code, year in sorted({(book.unit_of(r), r.year) for r in book.records if book.unit_of(r)}):
            owners[(code, year)].append(book)
    revisions = []
    for (code, year), group in sorted(owners.items()):
        if len(group) < 2:
            continue
        folders = [b.folder_year for b in group]
        latest = max(group, key=lambda b: b.folder_year or 0)
        if None in folders or folders.count(latest.folder_year) > 1:
            _conflict(code, year, group)
            continue
        new = {r.field: r for r in latest.records if (latest.unit_of(r), r.year) == (code, year)}
        for book in group:
            if book is latest:
                continue
            kept = []
            for r in book.records:
                if (book.unit_of(r), r.year) != (code, year) or r.field not in new:
                    kept.append(r)
                elif r.value != new[r.field].value:
                    name = fields[r.field].name if fields is not None and r.field in fields.fields else ""
                    revisions.append(
                        Revision(
                            code,
                            r.field,
                            year,
                            r.value,
                            _where(book, r),
                            new[r.field].value,
                            _where(latest, new[r.field]),
                            name,
                        )
                    )
            book.records = kept
    return revisions


def _conflict(code: str, year: int, group: list[Workbook]) -> None:
    names = "、".join(b.name for b in group)
    for book in group:
        others = {r.year for r in book.records if book.unit_of(r) == code} - {year}
        fix = (
            f"核对哪一处的 {year} 年数据正确，在其余文件中删去 {year} 年的数据（这些文件还有其他年份的数据，不要整个删除）"
            if others
            else "核对后只保留正确的一个文件（移出数据目录其余文件），或改正其中一个文件的单位代码"
        )
        book.problems.append(
            Problem(book.name, f"单位 {code} 的 {year} 年数据出现在多个文件中：{names}", fix, unit_code=code)
        )


def year_folders(data_dir: Path, until: int | None = None) -> dict[int, Path]:
    """The folders of ``data_dir`` named as a year (``2024``, ``2024年``), up to ``until``: empty ones too, since
    a folder made for a year says that year is being collected. Hidden folders and links are not read."""
    out = {}
    for path in Path(data_dir).iterdir():
        m = _YEAR_FOLDER.match(path.name)
        if m and path.is_dir() and not path.is_symlink() and (until is None or int(m.group(1)) <= until):
            out.setdefault(int(m.group(1)), path)
    return out


def find_missing(
    books: list[Workbook], units: UnitRegistry, data_dir: Path, unread=(), folders: dict[int, Path] | None = None
) -> list[Missing]:
    """Every unit of the kinds that send workbooks with no workbook for a year the data directory is for: the
    year of each year folder (``folders``, from :func:`year_folders`, and those of the workbooks), and the
    latest year of each workbook outside one (earlier columns are history, not a year every unit must send).
    A workbook counts as sent when it names the unit, even if unusable."""
    folders = dict(folders or {})
    years = (
        set(folders)
        | {b.folder_year for b in books if b.folder_year}
        | {max(b.years) for b in books if b.records and not b.folder_year}
    )
    sent = set()
    for book in books:
        owner = book.unit_code or unit_in_name(book.path.name, units)
        for r in book.records:
            if code := book.unit_of(r):
                sent.add((code, r.year))
        book_years = [book.folder_year] if book.folder_year else years
        if owner:
            sent.update((owner, y) for y in book_years)
        for problem in book.problems:  # a unit whose row or values were rejected did send (it is rejected instead)
            if problem.unit_code and problem.severity == "error":
                sent.update((problem.unit_code, y) for y in book_years)
    folders.update({b.folder_year: b.path.parent for b in books if b.folder_year})
    # a plan of one unit (a county with no members listed) has only its whole to send
    expected = [u for u in units.all() if u.kind in SENDING_KINDS] or [units.city]
    named = defaultdict(list)  # unit code -> files not read that name it
    for name in unread:
        if code := unit_in_name(Path(name).name.lstrip(".~$"), units):
            named[code].append(name)
    return [
        Missing(u, y, folders.get(y, data_dir), tuple(named[u.code]))
        for y in sorted(years)
        for u in expected
        if (u.code, y) not in sent
    ]


def unit_in_name(name: str, units: UnitRegistry) -> str | None:
    """The unit a file name names (code in front, or a unit's name in it), for files that could not be read."""
    for unit in units.all():
        if name.startswith(unit.code) or unit.name in name:
            return unit.code
    return None
