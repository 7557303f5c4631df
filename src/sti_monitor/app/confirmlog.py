"""Confirmations a supervisor can trust: who confirmed which value, when and why, with every change kept.

``确认.yaml`` keeps the ``confirmations`` list the reader uses (unit, field, year, reason: see
:mod:`sti_monitor.ingest.confirmations`), each entry with ``value``, ``who`` and ``when`` beside, and a
``history`` list the reader ignores: every confirmation, replacement and undo, never rewritten. Entries
and keys written by hand are kept as they are.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..atomic import write_bytes
from ..errors import DataDirError
from ..ingest.confirmations import confirmations_path
from ..ingest.fields import load_fields
from ..report.wording import say

#: A value this many times beyond its plausible range needs a second, explicit tick.
FAR_OUTSIDE_FACTOR = 10


@dataclass
class Doubt:
    """One doubtful cell, however many checks doubted it: its value, plausible range and last year's value."""

    unit_code: str
    field: str
    year: int
    where: str
    whats: list[str]
    value: float | None = None
    last_year: float | None = None
    unit_kind: str | None = None  # "reference" for the province: its ranges are scaled as validate scales them

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.unit_code, self.field, self.year)

    @property
    def plausible(self) -> tuple[float, float] | None:
        """The range validate checked the value against: a reference unit's scaled by ``reference_scale``."""
        fields = load_fields()
        if self.field not in fields.fields:
            return None
        return fields[self.field].plausible_for(self.unit_kind, fields.reference_scale)

    @property
    def unit(self) -> str:
        return load_fields()[self.field].unit if self.field in load_fields().fields else ""

    @property
    def far_outside(self) -> bool:
        """Whether the value lies beyond its plausible range by more than :data:`FAR_OUTSIDE_FACTOR` times."""
        if self.value is None or self.plausible is None:
            return False
        low, high = self.plausible
        return self.value > high * FAR_OUTSIDE_FACTOR or (low > 0 and self.value < low / FAR_OUTSIDE_FACTOR)


def _value(dataset, unit: str, field: str, year: int) -> float | None:
    for book in dataset.workbooks:
        for record in book.records:
            if record.field == field and record.year == year and book.unit_of(record) == unit:
                return record.value
    return None


def _kind(dataset, unit: str) -> str | None:
    owner = dataset.units.get(unit)
    return owner.kind if owner else None


def doubts(dataset) -> list[Doubt]:
    """The doubtful cells of a check, one per unit, field and year (two checks doubting one cell: one row)."""
    found: dict[tuple, Doubt] = {}
    for p in dataset.problems:
        if not getattr(p, "confirmable", False) or not p.unit_code or not p.field or p.year is None:
            continue
        key = (p.unit_code, p.field, int(p.year))
        if key in found:
            found[key].whats.append(p.what)
            continue
        found[key] = Doubt(
            p.unit_code,
            p.field,
            int(p.year),
            p.where,
            [p.what],
            _value(dataset, *key),
            _value(dataset, p.unit_code, p.field, int(p.year) - 1),
            _kind(dataset, p.unit_code),
        )
    return list(found.values())


def read_log(data_dir: Path) -> dict:
    """``确认.yaml`` as written: ``confirmations`` and ``history`` (both lists, maybe empty)."""
    path = confirmations_path(data_dir)
    if not path.is_file():
        return {"confirmations": [], "history": []}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataDirError(say("app_confirm_file_broken", path=path, error=exc)) from None
    if not isinstance(data, dict):
        raise DataDirError(say("app_confirm_file_broken", path=path, error=say("app_confirm_file_not_mapping")))
    return {**data, "confirmations": list(data.get("confirmations") or []), "history": list(data.get("history") or [])}


def _key(entry: dict) -> tuple[str, str, int] | None:
    try:
        return (str(entry["unit"]).strip(), str(entry["field"]).strip(), int(entry["year"]))
    except (KeyError, TypeError, ValueError):
        return None


def _write(data_dir: Path, log: dict) -> Path:
    text = (
        say("app_confirm_file_header") + "\n" + yaml.safe_dump(log, allow_unicode=True, sort_keys=False, width=10_000)
    )
    path = confirmations_path(data_dir)
    write_bytes(path, text.encode("utf-8"))
    return path


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


def confirm(data_dir: Path, doubt: Doubt, reason: str, who: str) -> Path:
    """Record ``doubt``'s value as genuine; a confirmation of the same value is replaced, and both are in the history."""
    log = read_log(data_dir)
    entry = {
        "unit": doubt.unit_code,
        "field": doubt.field,
        "year": doubt.year,
        "reason": reason.strip(),
        "value": None if doubt.value is None else float(doubt.value),
        "who": who.strip(),
        "when": _now(),
    }
    replaced = [e for e in log["confirmations"] if _key(e) == doubt.key]
    log["confirmations"] = [e for e in log["confirmations"] if _key(e) != doubt.key] + [entry]
    log["history"].append(
        {
            "action": say("app_history_replaced") if replaced else say("app_history_confirmed"),
            **entry,
            **({"before": replaced[0]} if replaced else {}),
        }
    )
    return _write(data_dir, log)


def undo(data_dir: Path, key: tuple[str, str, int], who: str) -> Path:
    """Withdraw the confirmation of ``key`` (unit, field, year); the history keeps it and who withdrew it."""
    log = read_log(data_dir)
    gone = [e for e in log["confirmations"] if _key(e) == key]
    log["confirmations"] = [e for e in log["confirmations"] if _key(e) != key]
    log["history"].append(
        {
            "action": say("app_history_undone"),
            "unit": key[0],
            "field": key[1],
            "year": key[2],
            "who": who.strip(),
            "when": _now(),
            **({"before": gone[0]} if gone else {}),
        }
    )
    return _write(data_dir, log)
