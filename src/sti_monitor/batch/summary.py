"""What a batch run reports: one line per unit, and the run as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class UnitReport:
    """One line of the run summary."""

    unit_code: str
    unit_name: str
    slug: str
    status: str  # rendered, skipped, failed, rejected (its workbook has errors), held (another's has),
    # unreported (no workbook for the year), stray (a file of no unit of the plan: no unit code)
    reason: str
    seconds: float = 0.0
    retried: bool = False  # its worker died once and it ran again


@dataclass
class BatchSummary:
    year: int
    folder: Path
    units: list[UnitReport] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    problems: list = field(default_factory=list)  # of the data read, as ``validate`` lists them
    allow_partial: bool = False

    def count(self, status: str) -> int:
        return sum(u.status == status for u in self.units)

    def sort(self, codes: list[str]) -> None:
        """Put the units in the order of ``codes`` (the units file's), as they finished otherwise;
        a rejected file that names no unit first, where it is seen."""
        order = {code: i for i, code in enumerate(codes)}
        self.units.sort(key=lambda u: order.get(u.unit_code, -1))

    @property
    def retried(self) -> int:
        return sum(u.retried for u in self.units)

    @property
    def ok(self) -> bool:
        accepted = (
            ("rendered", "skipped", "stray", "rejected", "unreported")
            if self.allow_partial
            else ("rendered", "skipped", "stray")
        )
        return not self.interrupted and all(u.status in accepted for u in self.units)
