"""Values a statistician confirmed as genuine although a check doubted them: ``确认.yaml`` in the data directory.

Format::

    confirmations:
      - {unit: "330302", field: gdp, year: 2023, reason: 经核实为真实数据}

A confirmation clears the doubtful-value errors (``Problem.confirmable``) for that unit, field and year;
the value is then used and listed as confirmed in the outputs.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..atomic import write_bytes
from ..errors import DataDirError

CONFIRMATIONS_FILE = "确认.yaml"


@dataclass(frozen=True)
class Confirmation:
    """One confirmed value: unit code, raw field code, year and the statistician's reason."""

    unit: str
    field: str
    year: int
    reason: str

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.unit, self.field, self.year)


def confirmations_path(data_dir) -> Path:
    return Path(data_dir) / CONFIRMATIONS_FILE


def load_confirmations(data_dir) -> list[Confirmation]:
    """The confirmations of ``data_dir`` (empty when it has no ``确认.yaml``); a malformed file raises
    :class:`DataDirError` saying which entry is wrong."""
    path = confirmations_path(data_dir)
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataDirError(f"{path} 无法解析（{exc}）：按 confirmations: - {{unit: \"330302\", field: gdp, year: 2023, "
                           f"reason: 经核实为真实数据}} 的格式填写") from None
    out = []
    for i, entry in enumerate((data.get("confirmations") if isinstance(data, dict) else None) or [], 1):
        try:
            out.append(Confirmation(str(entry["unit"]).strip(), str(entry["field"]).strip(), int(entry["year"]),
                                    str(entry.get("reason") or "").strip()))
        except (KeyError, TypeError, ValueError):
            raise DataDirError(f"{path} 第 {i} 条确认不完整：需要 unit（单位代码）、field（字段代码）、year（年份）和 reason（理由）") from None
    return out


def add_confirmation(data_dir, unit_code: str, field: str, year: int, reason: str) -> Path:
    """Record that ``unit_code``'s ``field`` in ``year`` is genuine; replaces an entry for the same value.

    The file is written atomically; other entries (and their order) are kept. Returns the file's path.
    """
    new = Confirmation(str(unit_code), str(field), int(year), str(reason))
    entries = [c for c in load_confirmations(data_dir) if c.key != new.key] + [new]
    lines = ["# 经统计人员核实为真实的数据（sti-monitor 不再把它们作为疑似错误）", "confirmations:"]
    for c in entries:
        item = {"unit": c.unit, "field": c.field, "year": c.year, "reason": c.reason}
        lines.append("  - " + yaml.safe_dump(item, allow_unicode=True, default_flow_style=True, sort_keys=False,
                                             width=10_000).strip())
    path = confirmations_path(data_dir)
    write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path
