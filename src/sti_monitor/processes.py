"""The one way this package stops the processes a process started (pool workers, kernels, Voilà's).

Standard library and psutil only: ``batch/lifeline.py`` imports it in processes that must watch
their parent before any heavy import.
"""

from __future__ import annotations

import psutil


def kill_children(grace: float = 3.0) -> None:
    """Stop every descendant of this process: each is asked to end (SIGTERM) and given ``grace``
    seconds, then killed (SIGKILL); with ``grace=0`` all are killed at once, without waiting.
    A descendant already gone is skipped."""
    children = psutil.Process().children(recursive=True)
    if grace > 0:
        for child in children:
            try:
                child.terminate()
            except psutil.Error:
                pass
        _, children = psutil.wait_procs(children, timeout=grace)
    for child in children:
        try:
            child.kill()
        except psutil.Error:
            pass
