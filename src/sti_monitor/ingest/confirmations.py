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
from ..config import yaml_error_text
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
    example = '按 confirmations: - {unit: "330302", field: gdp, year: 2023, reason: 经核实为真实数据} 的格式填写'
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError:
        raise DataDirError(f"{path} 不是 UTF-8 编码：请“另存为” UTF-8 编码") from None
    except yaml.YAMLError as exc:
        raise DataDirError(f"{path} {yaml_error_text(exc)}。{example}") from None
    # a bare list of entries is taken as it is; a mapping must hold them under confirmations
    entries = data if isinstance(data, list) else (data.get("confirmations") or []) if isinstance(data, dict) else None
    if not isinstance(entries, list) or (isinstance(data, dict) and data and "confirmations" not in data):
        raise DataDirError(f"{path} 中没有确认条目列表：{example}")
    out = []
    for i, entry in enumerate(entries, 1):
        try:
            out.append(
                Confirmation(
                    str(entry["unit"]).strip(),
                    str(entry["field"]).strip(),
                    int(entry["year"]),
                    str(entry.get("reason") or "").strip(),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise DataDirError(
                f"{path} 第 {i} 条确认不完整：需要 unit（单位代码）、field（字段代码）、year（年份）和 reason（理由）"
                f"，现为 {entry!r}"
            ) from None
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
        lines.append(
            "  - "
            + yaml.safe_dump(item, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10_000).strip()
        )
    path = confirmations_path(data_dir)
    write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path
