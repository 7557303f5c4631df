"""The districts' workbooks, uploaded in the browser, saved into a year's folder of the data directory.

Only spreadsheets (by name and by content) are kept; a file of the same name is never overwritten
without its previous version kept beside it, renamed with the time (and a suffix the reader ignores,
so the old version is not read as a second workbook of the district).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_bytes
from ..ingest.formats import SPREADSHEET_SUFFIXES, is_lock_file, sniff
from ..report.wording import say

#: The largest workbook accepted (a district's workbook is well under a megabyte).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: What the sniffed content of each accepted suffix may be.
CONTENT_FOR_SUFFIX = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xlsb": "xlsx",
    ".xls": "xls",
    ".et": "xls",
    ".ods": "ods",
    ".csv": "csv",
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


@dataclass
class Saved:
    """What became of one uploaded file: ``saved``, ``replaced`` (``kept`` names the previous version),
    ``same`` (identical to the file already there) or ``refused`` (``why`` says why)."""

    name: str
    outcome: str
    kept: str = ""
    why: str = ""

    def line(self) -> str:
        return say(f"app_upload_{self.outcome}", name=self.name, kept=self.kept, why=self.why)


def year_folder(data_dir: Path, year: int) -> Path:
    """``data_dir/<year>``; refuses a data folder that is itself a year's folder (the upload would nest years)."""
    if re.fullmatch(r"(19|20)\d\d", data_dir.name):
        raise ValueError(say("app_upload_in_year_folder", path=data_dir))
    return data_dir / str(int(year))


def previous_name(name: str, when: float) -> str:
    """Where a replaced file's previous version is kept: ``330302_鹿城区.xlsx.20241130-153000.替换前``."""
    return f"{name}.{time.strftime('%Y%m%d-%H%M%S', time.localtime(when))}.{say('app_upload_previous_suffix')}"


def save_upload(folder: Path, name: str, data: bytes, when: float | None = None) -> Saved:
    """Save one uploaded file as ``folder/name``; see the module docstring."""
    name = Path(str(name).replace("\\", "/")).name.strip()  # a browser may send a path
    suffix = Path(name).suffix.lower()
    if not name or _UNSAFE.search(name) or is_lock_file(name):
        return Saved(name or "—", "refused", why=say("app_upload_bad_name"))
    if suffix not in CONTENT_FOR_SUFFIX:
        return Saved(
            name, "refused", why=say("app_upload_not_spreadsheet_name", suffixes="、".join(SPREADSHEET_SUFFIXES))
        )
    if len(data) > MAX_UPLOAD_BYTES:
        return Saved(name, "refused", why=say("app_upload_too_large", mb=MAX_UPLOAD_BYTES // 2**20))
    content = sniff(data)
    if content != CONTENT_FOR_SUFFIX[suffix]:
        return Saved(name, "refused", why=say("app_upload_not_spreadsheet", what=content))
    target = folder / name
    if target.is_file() and target.read_bytes() == data:
        return Saved(name, "same")
    kept = ""
    if target.exists():
        kept = previous_name(name, time.time() if when is None else when)
        target.rename(folder / kept)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        write_bytes(target, data)
    except Exception:
        if kept:  # the upload failed: the district's file is back as it was
            (folder / kept).rename(target)
        raise
    return Saved(name, "replaced" if kept else "saved", kept=kept)
