"""Confirming a doubtful value: the inputs step's ``add_confirmation``, or a stand-in writing the same file."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from ..atomic import write_bytes

CONFIRMATIONS_FILE = "确认.yaml"

try:
    from ..ingest.confirmations import add_confirmation
except ImportError:  # the inputs step does not provide it yet: the same file, written the same way

    def add_confirmation(data_dir, unit_code, field, year, reason) -> Path:
        """Append one confirmation to ``确认.yaml`` at the root of ``data_dir``; return that file's path."""
        path = Path(data_dir) / CONFIRMATIONS_FILE
        existing = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        entries = (existing or {}).get("confirmations", [])
        entries.append({"unit_code": str(unit_code), "field": field, "year": int(year), "reason": reason,
                        "confirmed_on": dt.date.today().isoformat()})
        write_bytes(path, yaml.safe_dump({"confirmations": entries}, allow_unicode=True, sort_keys=False).encode("utf-8"))
        return path

__all__ = ["CONFIRMATIONS_FILE", "add_confirmation"]
