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

INTERVAL = 0.2  # seconds between checks


def _stop_descendants() -> None:
    try:
        import psutil

        for child in psutil.Process().children(recursive=True):
            try:
                child.kill()
            except psutil.Error:
                pass
    except Exception:  # nothing may stop the exit that follows
        pass


def parent_gone(parent: int) -> bool:
    return os.getppid() != parent


def watch_parent(parent: int, folders=lambda: ()) -> None:
    """Exit as soon as ``parent`` is no longer this process's parent, killing this process's
    children and removing ``folders()`` first. Checked once now, then every ``INTERVAL`` seconds."""

    def leave():
        try:
            _stop_descendants()
            for folder in folders():
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(1)

    if parent_gone(parent):
        leave()

    def watch():
        while not parent_gone(parent):
            time.sleep(INTERVAL)
        leave()

    threading.Thread(target=watch, daemon=True, name="sti-parent-watch").start()


def _kernel_folders() -> list[str]:
    engine = sys.modules.get("sti_monitor.batch.engine")  # never an import in the watcher thread
    return list(engine._Warm.folders) if engine else []


def worker_init(parent: int, blob: bytes, key: str) -> None:
    """A pool worker's start: watch the parent before any heavy import, then hold the batch's results."""
    watch_parent(parent, _kernel_folders)  # a parent killed outright: stop this worker's kernel and leave
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt does
    from .job import results_file

    results_file(key, blob)


def kernel_argv(parent: int) -> list[str]:
    """The command line of a kernel that exits when process ``parent`` is gone."""
    return [sys.executable, "-m", "sti_monitor.batch.lifeline", str(parent), "-f", "{connection_file}",
            "--HistoryManager.enabled=False"]


def _kernel_folder(argv: list[str]) -> list[str]:
    """The kernel's private connection folder (``sti-kernel-*``), removed when it leaves alone."""
    if "-f" in argv:
        folder = os.path.dirname(argv[argv.index("-f") + 1])
        if os.path.basename(folder).startswith("sti-kernel-"):
            return [folder]
    return []


def main() -> None:
    parent, argv = int(sys.argv[1]), sys.argv[2:]
    watch_parent(parent, lambda: _kernel_folder(argv))
    import runpy

    sys.argv = ["ipykernel_launcher", *argv]
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
