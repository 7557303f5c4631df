"""What a batch's worker processes do besides their jobs: start (watching their parent), warm up
while the parent still reads the workbooks, and, on a Dask worker, clean up at the end of a batch.

A spawned pool worker imports this module before its initializer runs, so it imports only light
modules at the top (``lifeline``, ``job``): the parent is watched before any heavy import. The
kernel, papermill and Typst are imported by the functions that use them, when they run.
"""

from __future__ import annotations

import os
import signal
import sys

from . import lifeline
from .job import drop_results_files


def worker_init(parent: int) -> None:
    """A pool worker's start: watch the parent (pid ``parent``) before any heavy import."""
    lifeline.watch_parent(parent)  # a parent killed outright: stop this worker's kernel and leave
    signal.signal(signal.SIGTERM, lifeline.leave)  # terminated by the parent (Ctrl-C, a broken pool): the same
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt does
    lifeline.private_tmp(parent)
    # Typst lays out and exports with a thread per core; the pool already keeps every core busy with
    # one worker (and its kernel) each, so more threads only contend: one per worker, unless set
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    # nbformat imports jsonschema, which builds an IRI grammar with lark on import (~1 s of CPU per
    # worker) for a format notebooks never use; without the module, jsonschema skips that check
    sys.modules.setdefault("rfc3987_syntax", None)


def warm_worker() -> None:
    """A pool worker's first task, while the parent still reads the workbooks: the imports, the warm
    kernel and the Typst fonts that every unit needs."""
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    from ..typeset.pdf import compile_pdf
    from .engine import warm_kernel

    warm_kernel()
    compile_pdf('#set text(font: "Noto Sans CJK SC")\n预热')


def finish_dask_worker() -> None:
    """On each Dask worker at the end of a batch: no kernel or results copy outlives it."""
    from .engine import shutdown_warm_kernel

    shutdown_warm_kernel()
    drop_results_files()
