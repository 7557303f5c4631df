"""No worker or kernel outlives the process that started it, whenever that process dies.

A process killed outright (SIGKILL) cannot clean up, so each process of a batch watches its
own parent instead: pool workers and Dask workers' kernels compare ``os.getppid()`` with the
parent's pid they were *given* (not the one they found at start, which may already be a
reaper's when the parent died during their start-up), and on a change stop their children
and exit. The kernel is started as ``python -m sti_monitor.batch.lifeline PARENT_PID
ipykernel-arguments...``; ipykernel's own parent poller is not enough, because it forgets its
parent when that parent is gone before the poller starts.

Standard library only, and ``sti_monitor.processes`` (itself the standard library and psutil),
so the check runs before any heavy import; a pool worker's start is in ``worker``.
"""

from __future__ import annotations

import atexit
import glob
import os
import runpy
import shutil
import signal
import sys
import tempfile
import threading
import time

from ..processes import kill_children

INTERVAL = 0.2  # seconds between checks


def _stop_descendants() -> None:
    try:  # psutil is imported with this module: the watcher thread never imports
        kill_children(grace=0)  # at once: this process exits next
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
    if not _private:
        folder = own(tempfile.mkdtemp(prefix=_private_prefix(parent)))
        tempfile.tempdir = os.environ["TMPDIR"] = folder
        _private.append(folder)
        atexit.register(release, folder)
    return _private[0]


def sweep_private_tmp() -> None:
    """Remove the private folders of this process's workers, once none of them runs any more."""
    for folder in glob.glob(os.path.join(glob.escape(tempfile.gettempdir()), _private_prefix(os.getpid()) + "*")):
        shutil.rmtree(folder, ignore_errors=True)


KERNEL_PREFIX = "sti-kernel-"


def kernel_folder() -> str:
    """A private folder for a kernel's connection files, owned by this process. Its name carries this
    process's pid, so that a later process removes it when this one and its kernel were killed
    outright, SIGKILL leaving no chance to clean up (see ``sweep_kernel_folders``)."""
    sweep_kernel_folders()
    return own(tempfile.mkdtemp(prefix=f"{KERNEL_PREFIX}{os.getpid()}-"))


def sweep_kernel_folders() -> None:
    """Remove the kernel folders whose creating process is gone: its kernel went with it (the
    kernel leaves when its parent does), so nothing uses them any more."""
    for folder in glob.glob(os.path.join(glob.escape(tempfile.gettempdir()), KERNEL_PREFIX + "*")):
        pid = os.path.basename(folder)[len(KERNEL_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


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


def kernel_argv(parent: int) -> list[str]:
    """The command line of a kernel that exits when process ``parent`` is gone."""
    return [
        sys.executable,
        "-m",
        "sti_monitor.batch.lifeline",
        str(parent),
        "-f",
        "{connection_file}",
        "--HistoryManager.enabled=False",
    ]


def main() -> None:
    parent, argv = int(sys.argv[1]), sys.argv[2:]
    folder = os.path.dirname(argv[argv.index("-f") + 1]) if "-f" in argv else ""
    if os.path.basename(folder).startswith(KERNEL_PREFIX):
        own(folder)  # the kernel's private connection folder, removed if it leaves alone
    # stopped (a server's or a pool's shutdown terminates its descendants): leave its folder behind
    # no more than when its parent dies
    signal.signal(signal.SIGTERM, leave)
    watch_parent(parent)
    sys.argv = ["ipykernel_launcher", *argv]
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
