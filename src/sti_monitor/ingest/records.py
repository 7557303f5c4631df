"""What reading a workbook yields: raw-field records with their cells, and the workbook they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem


@dataclass(frozen=True)
class Record:
    """One raw value, in the field's canonical unit, with the cell it came from.

    ``unit_code`` is set for multi-unit sheets (wide and long shapes); ``None`` means the workbook's unit.
    """

    field: str
    year: int
    value: float
    sheet: str
    cell: str
    raw: object = None
    unit_code: str | None = None
    unit_label: str = ""  # the unit the workbook states for the value (normalized; "" when left blank)
    unit_cell: str | None = None  # where it states it (a unit column's cell, or a wide table's header cell)


@dataclass
class Workbook:
    """What was read from one file: identity, records and problems."""

    path: Path
    name: str  # path relative to the data directory, as shown to users
    sha256: str = ""
    unit_code: str | None = None
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    format: str = ""
    headerless: bool = False  # no sheet had a header row (perhaps a task table under another name)
    folder_year: int | None = None  # the year of the folder it sits in (data/2023/…), if any
    year_cells: dict[int, tuple[str, str | None]] = field(default_factory=dict)  # year -> (sheet, header cell)
    illustrative: bool = False  # a visible cell says its values are illustrative (示例数值, params/ingest.yaml)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def years(self) -> set[int]:
        return {r.year for r in self.records}

    def unit_of(self, record: Record) -> str | None:
        return record.unit_code or self.unit_code

    def rejected_units(self) -> set[str | None]:
        """Units with an error; ``None`` in the set means an error about the whole file (nothing is used)."""
        return {p.unit_code for p in self.problems if p.severity == "error"}

    def accepted_records(self) -> list[tuple[str, Record]]:
        """(unit code, record) for every value that may be used: its unit and the file have no error."""
        rejected = self.rejected_units()
        if None in rejected:
            return []
        return [(u, r) for r in self.records if (u := self.unit_of(r)) and u not in rejected]
