"""The manifest beside a year's outputs (``.sti-manifest.json``): each rendered unit's fingerprint,
and the key of the last complete run, so a re-run renders only what changed, or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from ..atomic import write_bytes
from .summary import BatchSummary, UnitReport

MANIFEST = ".sti-manifest.json"
BATCH_KEY = "__batch__"
TABLES_KEY = "__tables__"  # unit code -> digest of its results, as of the last run (see fingerprint.table_digests)
UNCHANGED = "输入未变化，沿用已有报告"


def load_manifest(folder: Path) -> dict:
    """Slug -> fingerprint of its last rendered report (and ``BATCH_KEY``); empty when unreadable."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_manifest(folder: Path, manifest: dict) -> None:
    write_bytes(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def unchanged_batch(folder: Path, key: str) -> BatchSummary | None:
    """The summary of a run with nothing to do, when ``key`` matches the last complete run
    and every output is still there; else ``None``."""
    entry = load_manifest(folder).get(BATCH_KEY)
    if not entry or entry.get("key") != key:
        return None
    names = ["summary.xlsx", "index.md"] + [
        f"{slug}{ext}" for _, _, slug in entry["units"] for ext in (".pdf", ".ipynb")
    ]
    if not all((folder / n).exists() for n in names):
        return None
    summary = BatchSummary(int(folder.name), folder)
    summary.units = [UnitReport(code, name, slug, "skipped", UNCHANGED) for code, name, slug in entry["units"]]
    return summary


def record_complete_run(manifest: dict, key: str, units) -> None:
    """Mark the run of ``units`` (all rendered or skipped) as complete under the batch ``key``."""
    manifest[BATCH_KEY] = {"key": key, "units": [[u.code, u.name, u.slug] for u in units]}
