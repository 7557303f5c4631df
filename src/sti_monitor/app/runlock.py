"""One run per data folder: a second 生成报告 while one runs (from any page of any panel) is refused, naming
who started the first and when.

The lock is an advisory ``flock`` on a file named after the data folder, in a folder only this user can
read (``$XDG_RUNTIME_DIR/sti-monitor-runs``, else ``~/.cache/sti-monitor/runs``, else the temporary directory
when the home is not writable): it is released when its process ends, however it ends (a closed tab's kernel,
a crash), so a stale lock never blocks anyone.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ..batch.lock import ENV_CLIENT, RunBusy, hold, who_am_i
from ..report.wording import say

__all__ = ["ENV_CLIENT", "RunBusy", "lock_path", "run_lock", "who_am_i"]


def _lock_folder() -> Path:
    """This user's folder of run locks: the runtime directory, the cache, or (neither writable) the temporary one."""
    runtime, cache = os.environ.get("XDG_RUNTIME_DIR"), os.environ.get("XDG_CACHE_HOME")
    places = [Path(runtime) / "sti-monitor-runs"] if runtime else []
    places.append((Path(cache) if cache else Path.home() / ".cache") / "sti-monitor" / "runs")
    for folder in places:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    folder = Path(tempfile.gettempdir()) / f"sti-monitor-runs-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def lock_path(data_dir: Path) -> Path:
    folder = _lock_folder()
    return folder / (
        hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32] + ".lock"
    )


def run_lock(data_dir: Path, who: str | None = None):
    """Hold the data folder's run lock for the ``with`` block; :class:`RunBusy` if another holds it."""
    busy = say("app_run_busy", path="{path}", who="{who}", since="{since}")
    return hold(lock_path(data_dir), data_dir, busy, who, remove=True)  # no lock file left behind
