"""One run at a time: an advisory ``flock`` on a lock file, naming who holds it and since when.

Used by ``render`` for its output folder (``.sti-render.lock`` in it, removed when the run ends) and by
the control panel for a data folder. The kernel releases a ``flock`` when its process ends, however it
ends (a crash, a kill, a closed tab's kernel), so a lock file left by a dead process is simply taken over.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import StiMonitorError

#: Set by the panel's server in each page's kernel: who opened the page (address and browser).
ENV_CLIENT = "STI_APP_CLIENT"
#: The lock file of a render, in its output folder.
RENDER_LOCK = ".sti-render.lock"
RENDER_BUSY = "{path} 正在生成报告：由{who}于 {since} 开始；请等它完成后再运行（或用 --out 写到另一个文件夹）"


class RunBusy(StiMonitorError):
    """Raised when another process holds the lock; ``who`` and ``since`` name it, ``path`` what it locks."""

    def __init__(self, message: str, path: Path, who: str, since: str):
        super().__init__(message)
        self.path, self.who, self.since = path, who, since


def _say(key: str, **fields) -> str:
    from ..report.wording import say  # imported when used: importing this module stays light

    return say(key, **fields)


def who_am_i() -> str:
    """This process as the busy message names it: the page's address and browser, or the process id."""
    client = os.environ.get(ENV_CLIENT)
    return _say("app_who_page", client=client) if client else _say("app_who_process", pid=os.getpid())


def _who_of(holder: dict) -> str:
    """The holder named as :func:`who_am_i` would have named it, from the page or process it wrote."""
    if holder.get("client"):
        return _say("app_who_page", client=holder["client"])
    if holder.get("pid"):
        return _say("app_who_process", pid=holder["pid"])
    return _say("app_who_unknown")


def _holder(handle) -> dict:
    handle.seek(0)
    try:
        holder = json.loads(handle.read() or "{}")
    except ValueError:
        holder = {}
    return holder if isinstance(holder, dict) else {}


@contextmanager
def hold(lock_file: Path, what: Path, busy: str = RENDER_BUSY, who: str | None = None, remove: bool = False):
    """Hold ``lock_file`` for the ``with`` block; :class:`RunBusy` (``busy`` filled with ``path`` = ``what``,
    ``who``, ``since``) when another process holds it. ``remove``: the file goes at the end of the block."""
    lock_file = Path(lock_file)
    while True:
        handle = open(lock_file, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            handle.close()
            who_, since = holder.get("who") or _who_of(holder), holder.get("since") or "—"
            raise RunBusy(busy.format(path=what, who=who_, since=since), Path(what), who_, since) from None
        try:  # the file may have been removed by its last holder between our open and our lock: lock the new one
            same = os.path.samestat(os.fstat(handle.fileno()), os.stat(lock_file))
        except FileNotFoundError:
            same = False
        if same:
            break
        handle.close()
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                # who, unless given, is put in words by the process that finds the lock held: taking a
                # lock reads no wording (an unchanged run reads nothing it does not need)
                {
                    "who": who,
                    "client": os.environ.get(ENV_CLIENT),
                    "since": time.strftime("%Y-%m-%d %H:%M:%S"),
                    "pid": os.getpid(),
                },
                ensure_ascii=False,
            )
        )
        handle.flush()
        yield
    finally:
        if remove:
            lock_file.unlink(missing_ok=True)  # still holding it: a waiting process then locks a new file
        else:
            handle.seek(0)
            handle.truncate()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def render_lock(folder: Path, who: str | None = None):
    """Hold the output folder ``folder`` for one render (its ``.sti-render.lock``, removed at the end)."""
    folder = Path(folder)
    return hold(folder / RENDER_LOCK, folder, RENDER_BUSY, who, remove=True)
