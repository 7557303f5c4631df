"""Confirming a doubtful value: the inputs step's ``add_confirmation``, or a stand-in writing the same file."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..atomic import write_bytes

CONFIRMATIONS_FILE = "确认.yaml"

try:
    from ..ingest.confirmations import add_confirmation
except ImportError:  # the inputs step does not provide it yet: the same file, written the same way

    def add_confirmation(data_dir, unit_code, field, year, reason) -> Path:
        """Record in ``确认.yaml`` at the root of ``data_dir`` that the value is genuine (replacing an entry
        for the same unit, field and year); return that file's path."""
        path = Path(data_dir) / CONFIRMATIONS_FILE
        existing = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        entries = (existing or {}).get("confirmations", [])
        key = (str(unit_code), str(field), int(year))
        entries = [e for e in entries if (str(e["unit"]), str(e["field"]), int(e["year"])) != key]
        entries.append({"unit": key[0], "field": key[1], "year": key[2], "reason": reason})
        write_bytes(path, yaml.safe_dump({"confirmations": entries}, allow_unicode=True, sort_keys=False).encode("utf-8"))
        return path

__all__ = ["CONFIRMATIONS_FILE", "add_confirmation"]
