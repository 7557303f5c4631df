"""One run per data folder: a second 生成报告 while one runs (from any page of any panel) is refused, naming
who started the first and when.

The lock is an advisory ``flock`` on a file named after the data folder, in a folder of this user's
temporary directory: it is released when its process ends, however it ends (a closed tab's kernel,
a crash), so a stale lock never blocks anyone.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import StiMonitorError
from ..report.wording import say

#: Set by the panel's server in each page's kernel: who opened the page (address and browser).
ENV_CLIENT = "STI_APP_CLIENT"


class RunBusy(StiMonitorError):
    """Raised when the data folder is already being rendered; the message names who started it and when."""


def lock_path(data_dir: Path) -> Path:
    folder = Path(tempfile.gettempdir()) / f"sti-monitor-runs-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / (hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32] + ".lock")


def who_am_i() -> str:
    """This process as the busy message names it: the page's address and browser, or the command line."""
    client = os.environ.get(ENV_CLIENT)
    return say("app_who_page", client=client) if client else say("app_who_process", pid=os.getpid())


@contextmanager
def run_lock(data_dir: Path, who: str | None = None):
    """Hold the data folder's run lock for the ``with`` block; :class:`RunBusy` if another holds it."""
    with open(lock_path(data_dir), "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            try:
                holder = json.loads(handle.read() or "{}")
            except ValueError:
                holder = {}
            raise RunBusy(say("app_run_busy", path=data_dir, who=holder.get("who") or say("app_who_unknown"),
                              since=holder.get("since") or "—")) from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"who": who or who_am_i(), "since": time.strftime("%Y-%m-%d %H:%M:%S"),
                                 "pid": os.getpid()}, ensure_ascii=False))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
