"""No worker or kernel outlives the process that started it, whenever that process dies.

A process killed outright (SIGKILL) cannot clean up, so each process of a batch watches its
own parent instead: pool workers and Dask workers' kernels compare ``os.getppid()`` with the
parent's pid they were *given* (not the one they found at start, which may already be a
reaper's when the parent died during their start-up), and on a change stop their children
and exit. The kernel is started as ``python -m sti_monitor.batch.lifeline PARENT_PID
ipykernel-arguments...``; ipykernel's own parent poller is not enough, because it forgets its
parent when that parent is gone before the poller starts.

Standard library only (and psutil), so the check runs before any heavy import.
"""
from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time

import psutil

INTERVAL = 0.2  # seconds between checks


def _stop_descendants() -> None:
    try:  # psutil is imported with this module: the watcher thread never imports
        for child in psutil.Process().children(recursive=True):
            try:
                child.kill()
            except psutil.Error:
                pass
    except Exception:  # nothing may stop the exit that follows
        pass


def parent_gone(parent: int) -> bool:
    return os.getppid() != parent


# this process's temporary folders (kernel connections, results copies, notebook runs): removed
# when it leaves abruptly, so TMPDIR keeps nothing of a run
_owned: set[str] = set()


def own(folder: str) -> str:
    _owned.add(folder)
    return folder


def release(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    _owned.discard(folder)


def leave(*_) -> None:
    """Kill this process's children, remove its temporary folders and exit at once."""
    try:
        _stop_descendants()
        for folder in list(_owned):
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(1)


_private: list[str] = []


def _private_prefix(parent: int) -> str:
    return f"sti-worker-{parent}-"


def private_tmp(parent: int) -> str:
    """Point this process's (and its kernels') temporary files into one folder of its own, removed
    at exit or when it leaves abruptly: the notebook runs, typesetting and kernel connections of a
    worker that dies leave nothing in TMPDIR. Its name carries the ``parent``'s pid, so that the
    parent removes it after a worker killed outright (see ``sweep_private_tmp``)."""
    import atexit
    import tempfile

    if not _private:
        folder = own(tempfile.mkdtemp(prefix=_private_prefix(parent)))
        tempfile.tempdir = os.environ["TMPDIR"] = folder
        _private.append(folder)
        atexit.register(release, folder)
    return _private[0]


def sweep_private_tmp() -> None:
    """Remove the private folders of this process's workers, once none of them runs any more."""
    import glob
    import tempfile

    for folder in glob.glob(os.path.join(glob.escape(tempfile.gettempdir()), _private_prefix(os.getpid()) + "*")):
        shutil.rmtree(folder, ignore_errors=True)


def watch_parent(parent: int) -> None:
    """``leave()`` as soon as ``parent`` is no longer this process's parent. Checked once now,
    then every ``INTERVAL`` seconds."""
    if parent_gone(parent):
        leave()

    def watch():
        while not parent_gone(parent):
            time.sleep(INTERVAL)
        leave()

    threading.Thread(target=watch, daemon=True, name="sti-parent-watch").start()


def worker_init(parent: int, blob: bytes | None = None, key: str = "", shared: str = "") -> None:
    """A pool worker's start: watch the parent before any heavy import, then hold the batch's results
    when given them (a local pool is not: its jobs name the results cache beside the outputs)."""
    watch_parent(parent)  # a parent killed outright: stop this worker's kernel and leave
    signal.signal(signal.SIGTERM, leave)  # terminated by the parent (Ctrl-C, a broken pool): the same
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt does
    private_tmp(parent)
    # Typst lays out and exports with a thread per core; the pool already keeps every core busy with
    # one worker (and its kernel) each, so more threads only contend: one per worker, unless set
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    # nbformat imports jsonschema, which builds an IRI grammar with lark on import (~1 s of CPU per
    # worker) for a format notebooks never use; without the module, jsonschema skips that check
    sys.modules.setdefault("rfc3987_syntax", None)
    if key:
        from .job import results_file

        results_file(key, blob, shared)


def kernel_argv(parent: int) -> list[str]:
    """The command line of a kernel that exits when process ``parent`` is gone."""
    return [sys.executable, "-m", "sti_monitor.batch.lifeline", str(parent), "-f", "{connection_file}",
            "--HistoryManager.enabled=False"]


def main() -> None:
    parent, argv = int(sys.argv[1]), sys.argv[2:]
    folder = os.path.dirname(argv[argv.index("-f") + 1]) if "-f" in argv else ""
    if os.path.basename(folder).startswith("sti-kernel-"):
        own(folder)  # the kernel's private connection folder, removed if it leaves alone
    watch_parent(parent)
    import runpy

    sys.argv = ["ipykernel_launcher", *argv]
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
