"""Measuring a run for ``sti-monitor bench``: the peak resident memory and CPU seconds of a process tree,
the typesetting floor (the warm Typst compile of one unit) and a render's ratio to it, and the machine."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import threading
import time
from pathlib import Path

import psutil


def _tree_rss(proc: psutil.Process | None) -> int:
    if proc is None:
        return 0
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in members:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished and waited-for descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run ``cmd``; return wall seconds, peak resident memory of its process tree (bytes), and the result,
    whose ``cpu_s`` is the CPU seconds of the process and its descendants (what a loaded machine does not
    inflate as it does wall seconds)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        ps = psutil.Process(proc.pid)
    except psutil.Error:  # already finished
        ps = None
    peak, done = [0], threading.Event()

    def sample():  # every 0.1 s: often enough for a plateau, and the sampling itself stays cheap
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(ps))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    result.cpu_s = _children_cpu() - cpu
    return seconds, peak[0], result


FLOOR_UNITS = 20  # distinct units whose Typst sources are compiled to measure the floor


def floor_ratio(total_s: float, reports: int, workers: int, floor_s: float) -> float:
    """Per-unit core-seconds of a render (``workers`` × ``total_s`` wall seconds ÷ ``reports``)
    over ``floor_s``, the warm Typst compile of one unit (seconds): how many typesetting floors a
    unit costs, which holds across machines where absolute seconds do not."""
    return workers * total_s / reports / floor_s


def typst_floor(reports: Path, count: int = FLOOR_UNITS, skip: str = "900000") -> dict:
    """The warm Typst compile of one unit: the Typst sources of ``count`` distinct units' executed
    notebooks under ``reports`` (not the city, ``skip``), compiled one after another in this process
    with one reused compiler and the report fonts (what a worker does), after one warm-up compile
    of another unit that loads the fonts. Seconds per compile: median and mean."""
    import nbformat

    from ..typeset.exporter import notebook_to_typst
    from ..typeset.pdf import compile_pdf

    notebooks = sorted(p for p in Path(reports).rglob("*.ipynb") if not p.name.startswith(skip))[: count + 1]
    if len(notebooks) < 2:
        return {"units": 0, "median_s": None, "mean_s": None, "cpu_median_s": None}
    sources = []
    for path in notebooks:
        inputs: dict[str, str] = {}
        source, assets = notebook_to_typst(nbformat.read(path, as_version=4), inputs)
        sources.append((source, assets, inputs))
    os.environ.setdefault("RAYON_NUM_THREADS", "1")  # one thread, as in a worker (batch.worker)
    compile_pdf(*sources[0])  # warm-up: the compiler loads the fonts once, as a worker's first unit does
    times, cpu = [], []
    for source in sources[1:]:
        start, start_cpu = time.perf_counter(), time.process_time()
        compile_pdf(*source)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {
        "units": len(times),
        "median_s": statistics.median(times),
        "mean_s": statistics.mean(times),
        "cpu_median_s": statistics.median(cpu),
    }


def machine() -> str:
    mem = psutil.virtual_memory().total / 2**30
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} {platform.release()}, Python {platform.python_version()}"
