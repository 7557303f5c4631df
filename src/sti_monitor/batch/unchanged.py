"""The batch key: one digest of everything a whole batch reads, so that a re-run with nothing changed
stops before reading any workbook. Standard library only: an unchanged run imports neither pandas
nor the readers, and parses no YAML (the files' bytes are hashed, not their content)."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from .. import __version__
from ..paths import FRAMEWORKS_DIR, PACKAGE_DIR, PARAMS_DIR

# the suffixes of the spreadsheets and task tables a run reads (ingest.formats.SPREADSHEET_SUFFIXES)
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".et", ".ods", ".csv")
OWN_FILES = ("units.yaml", "确认.yaml")  # read from the data folder's top


def digest(*chunks) -> str:
    """SHA-256 of the chunks, each followed by a NUL (bytes as they are, anything else as UTF-8 text)."""
    h = hashlib.sha256()
    for c in chunks:
        # file names from the file system may carry undecodable bytes as surrogates
        h.update(c if isinstance(c, bytes) else str(c).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


@cache
def code_digest() -> str:
    """The package's version and source files."""
    files = sorted(PACKAGE_DIR.rglob("*.py"))
    return digest(__version__, *(f"{p.relative_to(PACKAGE_DIR)}:{p.read_bytes()!r}" for p in files))


def _file_sha(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return "unreadable"


def input_shas(data_dir: Path) -> list[str]:
    """``name:SHA-256`` of every file under ``data_dir`` a run may read: each spreadsheet by its suffix
    (also the lock and hidden files reading skips: a superset, so a change is never missed) and the
    top's units.yaml and 确认.yaml. Links are not followed, as reading follows none."""
    root = str(data_dir)
    found = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            found.append((os.path.relpath(folder, root), "unreadable folder"))
            continue
        for entry in entries:
            if entry.is_symlink():
                found.append((os.path.relpath(entry.path, root), "link"))
            elif entry.is_dir():
                stack.append(entry.path)
            elif os.path.splitext(entry.name)[1].lower() in SPREADSHEET_SUFFIXES or (
                folder == root and entry.name in OWN_FILES
            ):
                found.append((os.path.relpath(entry.path, root), _file_sha(entry.path)))
    return [f"{name}:{sha}" for name, sha in sorted(found)]


def framework_file(framework_id: str) -> Path | None:
    """The framework's file as :func:`~..measure.load_framework` finds it; ``None`` when there is none."""
    candidate = Path(framework_id)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return candidate
    path = FRAMEWORKS_DIR / f"{framework_id}.yaml"
    return path if path.is_file() else None


def batch_key(data_dir: Path, framework_id: str, year, codes, notebooks: dict[str, str]) -> str | None:
    """A digest of everything a whole batch reads: every input file's bytes, the parameters,
    the notebooks, the code and the request. Equal keys mean nothing can have changed.
    ``None`` when the framework has no file (the run then says so)."""
    framework = framework_file(framework_id)
    if framework is None:
        return None
    params = [*sorted(PARAMS_DIR.rglob("*.yaml")), framework]
    return digest(
        code_digest(),
        framework_id,
        year,
        ",".join(codes or []),
        *notebooks.values(),
        *input_shas(Path(data_dir)),
        *(hashlib.sha256(p.read_bytes()).hexdigest() for p in params),
    )
