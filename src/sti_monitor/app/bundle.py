"""All of a run's reports in one zip, for a statistician to download and send on."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..atomic import write_bytes
from ..report.wording import say


def bundle_name(year) -> str:
    """The zip's file name in the year's output folder: ``2023年报告.zip``."""
    return say("app_zip_file", year=year)


def write_bundle(folder: Path, year: int, files: list[Path]) -> Path | None:
    """``folder/<bundle_name(year)>`` holding ``files`` (those that exist) by name; ``None`` when none exists.
    Written whole or not at all (PDFs are compressed already: stored, not deflated)."""
    present = [f for f in files if f.is_file()]
    if not present:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in present:
            archive.write(path, path.name)
    target = folder / bundle_name(year)
    write_bytes(target, buffer.getvalue())
    return target
