"""``sti-monitor render``: every unit's report for one year, incremental and in parallel.

Inline for one worker, local processes for several, or a Dask cluster (``--executor dask``).
Outputs: ``{out}/{year}/{code}_{name}.pdf`` with the executed notebook beside it,
``summary.xlsx`` and ``index.md``.
"""
from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import sys
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import ensure_writable_dir, write_bytes
from ..errors import StiMonitorError
from ..paths import DEFAULT_FRAMEWORK
from .fingerprint import REASONS, batch_key, unit_fingerprints, why
from .job import NOTEBOOK_FOR_KIND, Job, Outcome, execute_job, pickle_results, save_outcome, template_for
from .lifeline import sweep_private_tmp, worker_init

logger = logging.getLogger(__name__)

MANIFEST = ".sti-manifest.json"
CACHE_DIR = ".sti-cache"  # the results the notebooks of the latest run loaded, kept for re-execution
CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler


@dataclass
class UnitReport:
    """One line of the run summary."""

    unit_code: str
    unit_name: str
    slug: str
    status: str  # rendered, skipped, failed, rejected (its workbook has errors), held (another's has)
    reason: str
    seconds: float = 0.0
    retried: bool = False  # its worker died once and it ran again


@dataclass
class BatchSummary:
    year: int
    folder: Path
    units: list[UnitReport] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    problems: list = field(default_factory=list)  # of the data read, as ``validate`` lists them
    allow_partial: bool = False

    def count(self, status: str) -> int:
        return sum(u.status == status for u in self.units)

    @property
    def retried(self) -> int:
        return sum(u.retried for u in self.units)

    @property
    def ok(self) -> bool:
        accepted = ("rendered", "skipped", "rejected") if self.allow_partial else ("rendered", "skipped")
        return not self.interrupted and all(u.status in accepted for u in self.units)


def _load_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_manifest(folder: Path, manifest: dict) -> None:
    write_bytes(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


BATCH_KEY = "__batch__"


def _unchanged_batch(folder: Path, key: str) -> BatchSummary | None:
    """The summary of a run with nothing to do, when ``key`` matches the last complete run
    and every output is still there; else ``None``."""
    entry = _load_manifest(folder).get(BATCH_KEY)
    if not entry or entry.get("key") != key:
        return None
    names = ["summary.xlsx", "index.md"] + [f"{slug}{ext}" for _, _, slug in entry["units"] for ext in (".pdf", ".ipynb")]
    if not all((folder / n).exists() for n in names):
        return None
    summary = BatchSummary(int(folder.name), folder)
    summary.units = [UnitReport(code, name, slug, "skipped", "输入未变化，沿用已有报告") for code, name, slug in entry["units"]]
    return summary


def select_units(results, codes: list[str] | None):
    units = results.units.all()
    if not codes:
        return units
    unknown = [c for c in codes if c not in results.units]
    if unknown:
        raise StiMonitorError(f"单位代码不在单位清单中：{'、'.join(unknown)}")
    return [u for u in units if u.code in codes]


def _kill_children() -> None:
    """Terminate every process this one started (workers and their kernels)."""
    import psutil

    me = psutil.Process()
    children = me.children(recursive=True)
    for child in children:
        try:
            child.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(children, timeout=3)
    for child in alive:
        try:
            child.kill()
        except psutil.Error:
            pass


RETRIED = "工作进程异常退出，已重试"
FAILED_TWICE = "工作进程两次在生成该报告时异常退出（已重试一次）：{exc}"


@dataclass
class Prewarmed:
    """Worker processes started while the parent still reads and computes: ``shared`` holds
    ``workers - 1`` warming workers, ``alone`` one more for the job that runs alone (the city)."""

    shared: ProcessPoolExecutor
    alone: ProcessPoolExecutor | None

    @classmethod
    def start(cls, workers: int) -> "Prewarmed":
        from .job import warm_worker

        ctx = multiprocessing.get_context("spawn")
        shared = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init, initargs=(os.getpid(),))
        alone = ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=worker_init, initargs=(os.getpid(),))
        for executor in [shared] * (workers - 1) + [alone]:
            executor.submit(warm_worker)  # each spawns a process: no worker is idle yet to take a second one
        return cls(shared, alone)

    def take_alone(self) -> ProcessPoolExecutor | None:
        alone, self.alone = self.alone, None
        return alone

    def shutdown(self) -> None:
        """Stop the warming workers at once (they stop their kernels as they go; see lifeline)."""
        for executor in (self.shared, self.alone):
            if executor is None:
                continue
            for process in list(getattr(executor, "_processes", {}).values()):
                if process.is_alive():
                    process.terminate()
            executor.shutdown(wait=True, cancel_futures=True)


def _run_local(jobs, blob, workers, on_done, alone=frozenset(), warm: Prewarmed | None = None):
    """Run ``jobs`` inline (one worker) or in a pool of spawned processes. A worker that dies takes
    down the pool: a new pool continues, and the units that were running then are retried once,
    each alone at the end, so a second death names its unit for certain. Jobs whose slug is in
    ``alone`` (the city report: the largest memory) run in a process of their own that ends with
    the job, so its memory is returned at once."""
    if workers <= 1 or len(jobs) <= 1:
        if warm is not None:
            warm.shutdown()
        for job in jobs:
            on_done(job, execute_job(job, blob))
        return
    try:
        suspects = _run_pool(jobs, blob, min(workers, len(jobs)), on_done, alone=alone, warm=warm)
        if suspects:
            logger.warning("retrying %d unit(s) whose worker died", len(suspects))
            _run_pool(suspects, blob, 1, on_done, last_try=True)
    finally:
        sweep_private_tmp()  # what workers killed outright could not remove


def _run_pool(jobs, blob, workers, on_done, last_try=False, alone=frozenset(), warm: Prewarmed | None = None) -> list[Job]:
    """Run ``jobs`` with at most ``workers`` in flight (so every job in flight is running); return the
    jobs in flight when a worker died (on the last try, report them failed instead). A job whose slug
    is in ``alone`` runs in a one-process pool of its own, shut down when it is done; while it runs,
    the shared pool runs one job fewer, so no more than ``workers`` processes are ever busy."""
    ctx = multiprocessing.get_context("spawn")
    initargs = (os.getpid(),)  # the jobs name the results cache beside the outputs: no copy per worker
    solos = deque(job for job in jobs if job.slug in alone)
    queue = deque(job for job in jobs if job.slug not in alone)
    suspects: list[Job] = []
    pool, running, solo = None, {}, None  # solo: (executor, future, job) of the job running alone
    if warm is not None:
        pool = warm.shared
        if not solos and warm.alone is not None:
            warm.take_alone().shutdown(wait=True)  # nothing runs alone: its process is not needed

    def lost(job, exc):
        if last_try:
            on_done(job, Outcome(job.unit_code, job.unit_name, "failed", FAILED_TWICE.format(exc=exc), retried=True))
        else:
            suspects.append(job)

    try:
        while queue or running or solos or solo:
            if solo is None and solos:
                job = solos.popleft()
                own = (warm.take_alone() if warm is not None else None) or \
                    ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=worker_init, initargs=initargs)
                solo = (own, own.submit(execute_job, job), job)
            limit = max(1, workers - 1) if solo else workers
            if queue and pool is None:
                pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init, initargs=initargs)
            while queue and len(running) < limit:
                job = queue.popleft()
                running[pool.submit(execute_job, job)] = job
            done, _ = wait(set(running) | ({solo[1]} if solo else set()), return_when=FIRST_COMPLETED)
            broken = None
            for fut in done:
                if solo and fut is solo[1]:
                    own, _, job = solo
                    solo = None
                    try:
                        outcome = fut.result()
                    except BrokenProcessPool as exc:
                        own.shutdown(wait=True)
                        lost(job, exc)
                        continue
                    own.shutdown(wait=True)  # the process exits: its memory (and its kernel) is returned now
                    outcome.retried = last_try
                    on_done(job, outcome)
                    continue
                try:
                    outcome = fut.result()
                except BrokenProcessPool as exc:
                    broken = exc
                    continue
                job = running.pop(fut)
                outcome.retried = last_try
                on_done(job, outcome)
            if broken is not None:  # every job still in flight on the shared pool was on the pool that broke
                for job in running.values():
                    lost(job, broken)
                running = {}
                pool.shutdown(wait=True)
                pool = None
        if pool is not None:
            pool.shutdown(wait=True)
    except BaseException:
        for executor in (pool, solo[0] if solo else None, warm.take_alone() if warm is not None else None):
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
        _kill_children()
        raise
    return suspects


def _finish_remote() -> None:
    """On each Dask worker at the end of a batch: no kernel or results copy outlives it."""
    from .engine import shutdown_warm_kernel
    from .job import drop_results_files

    shutdown_warm_kernel()
    drop_results_files()


def _dask_client(scheduler, workers: int, scratch: Path):
    """A client of the scheduler at ``scheduler``, or of a new LocalCluster when it is None; and a
    function that closes what was opened here."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise StiMonitorError("使用 --executor dask 需要安装 dask[distributed]：pip install 'sti-monitor[dask]'") from None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               local_directory=str(scratch), silence_logs=logging.ERROR)
        client = Client(cluster)

        def close():
            client.close()
            cluster.close()
            shutil.rmtree(scratch, ignore_errors=True)
        return client, close
    if not isinstance(scheduler, str):
        return scheduler, lambda: None
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address
        raise StiMonitorError(f"无法连接 Dask 调度器 {scheduler}（{type(exc).__name__}）：请检查地址和端口，"
                              f"确认调度器已启动（dask scheduler）；不加 --scheduler 则在本机启动集群") from None
    return client, client.close


def _run_dask(jobs, blob, scheduler, workers, scratch, on_done):
    from distributed import as_completed

    client, close = _dask_client(scheduler, workers, scratch)
    try:
        blob_future = client.scatter(blob, broadcast=True, hash=False)
        futures = {client.submit(execute_job, job, blob_future, pure=False, key=f"sti-{job.unit_code}-{time.time_ns()}"): job
                   for job in jobs}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                outcome = fut.result()
            except Exception as exc:  # the task itself never raises: its workers died (KilledWorker)
                outcome = Outcome(job.unit_code, job.unit_name, "failed", f"Dask 任务失败：{type(exc).__name__}: {exc}")
            on_done(job, outcome)
    finally:
        try:  # workers keep warm kernels between units; none should outlive the batch
            client.run(_finish_remote)
        except Exception:
            logger.debug("could not stop kernels on Dask workers", exc_info=True)
        close()


REJECTED = "{file} 有错误，未生成报告：{what}（运行 sti-monitor validate 查看全部问题）"
HELD = "有县（市、区）的数据被拒绝，本次未生成任何报告；改正后重试，或加 --allow-partial 生成其余报告"


def _rejected_units(results, codes: set[str]) -> dict[str, str]:
    """Unit code (or file name, when the file names no known unit) -> why its workbook was rejected."""
    out = {}
    for book in results.dataset.skipped_files():
        code = book.unit_code or next((c for c in codes if Path(book.name).name.startswith(c)), None) or book.name
        errors = [p for p in book.problems if p.severity == "error"]
        what = (errors[0].where + "：" if errors and errors[0].location else "") + (errors[0].what if errors else "")
        out.setdefault(code, REJECTED.format(file=book.name, what=what))
    return out


def _cache_results(folder: Path, key: str, blob: bytes) -> Path:
    """The batch's results, beside its outputs (one file, the latest), for the notebooks to load."""
    cache = folder / CACHE_DIR / f"results-{key[:16]}.pkl"
    if not cache.exists():
        write_bytes(cache, blob)
    for old in cache.parent.glob("results-*.pkl"):
        if old != cache:
            old.unlink(missing_ok=True)
    return cache


def _unit_inputs(results, digests: dict[str, str]) -> dict[str, dict]:
    """Unit code -> what its notebook records of the inputs: one SHA-256 over every input file, and
    each file its own numbers come from (its members' for the city or an aggregate; units.yaml,
    确认.yaml and task tables for all) with its SHA-256. A district's record stays small however
    many districts the batch has; any change to any file still shows in the first digest."""
    from ..ingest.panel import files_of_units, inputs_digest

    everything = inputs_digest(digests)
    owned = files_of_units(results.dataset, digests)
    members = results.units.members(results.framework.city_sums)
    out = {}
    for unit in results.units.all():
        names = set(owned.get("", ()))
        for code in members.get(unit.code) or [unit.code]:
            names |= owned.get(code, set())
        out[unit.code] = {"all": everything, "files": {n: digests[n] for n in sorted(names) if n in digests}}
    return out


def _framework_arg(framework: str, results) -> str:
    """The framework as a re-executed notebook can load it anywhere: its id, or a file's absolute path."""
    path = Path(framework)
    return str(path.resolve()) if path.suffix.lower() in (".yaml", ".yml") and path.exists() else results.framework.id


def render_batch(data_dir, year: int | None = None, framework: str = DEFAULT_FRAMEWORK, codes: list[str] | None = None,
                 out: Path | None = None, workers: int | None = None, force: bool = False, executor: str = "local",
                 scheduler=None, engine: str = "sti_warm", progress: bool = True, results=None,
                 templates: dict[str, Path] | None = None, allow_partial: bool = False, on_unit=None) -> BatchSummary:
    """Render every selected unit's report for ``year``; see the module docstring.

    ``templates`` maps a unit kind (district, zone, city) to a notebook replacing the default one.
    A district whose workbook has errors is not rendered; then no report is, unless ``allow_partial``.
    ``on_unit(report, done, total)`` is called as each unit to render is settled (a live line per unit).
    """
    from ..paths import REPORTS_DIR

    started = time.perf_counter()
    templates = {**{kind: template_for(kind) for kind in NOTEBOOK_FOR_KIND}, **(templates or {})}
    notebooks = {kind: Path(path).read_text(encoding="utf-8") for kind, path in templates.items()}
    root = Path(out or REPORTS_DIR)
    ensure_writable_dir(root)  # before computing anything
    data_dir = Path(data_dir).resolve()
    key = None
    if year is not None and not force and results is None:
        # nothing read has changed since the last complete run: no workbook needs parsing
        key = batch_key(data_dir, framework, year, codes, notebooks)
        unchanged = _unchanged_batch(root / str(year), key)
        if unchanged is not None:
            unchanged.seconds = time.perf_counter() - started
            return unchanged
    n_workers = workers or os.cpu_count() or 1
    # workers start (imports, kernel, fonts) while this process reads and computes, unless the
    # results are given or a single unit is asked for (rendered here, without workers)
    warm = Prewarmed.start(n_workers) if executor == "local" and n_workers > 1 and results is None \
        and not (codes and len(codes) == 1) else None
    try:
        return _render(data_dir, year, framework, codes, root, force, executor, scheduler, n_workers, engine, progress,
                       results, notebooks, allow_partial, on_unit, key, started, warm)
    except BaseException:
        if warm is not None:
            warm.shutdown()
        raise


def _render(data_dir, year, framework, codes, root, force, executor, scheduler, n_workers, engine, progress, results,
            notebooks, allow_partial, on_unit, key, started, warm) -> BatchSummary:
    from ..ingest.panel import input_files
    from ..measure import evaluate
    from ..publish import write_results

    results = results or evaluate(data_dir, framework)
    year = year if year is not None else results.latest_year
    results.year_table(year)  # a readable error if the year has no data
    folder = root / str(year)
    ensure_writable_dir(folder)
    units = select_units(results, codes)
    prints = unit_fingerprints(results, [u.code for u in units], year, notebooks)
    manifest = _load_manifest(folder)
    manifest.pop(BATCH_KEY, None)
    summary = BatchSummary(year, folder, problems=list(results.dataset.problems), allow_partial=allow_partial)
    rejected = _rejected_units(results, {u.code for u in results.units.all()})
    selected = {u.code for u in units}
    for code, reason in rejected.items():
        if code in selected or code not in results.units:
            unit = results.units[code] if code in results.units else None
            summary.units.append(UnitReport(code if unit else "", unit.name if unit else code,
                                            unit.slug if unit else "", "rejected", reason))
            if unit:
                manifest.pop(unit.slug, None)
    hold = summary.count("rejected") and not allow_partial
    todo = []
    for unit in (u for u in units if u.code not in rejected):
        if hold:
            summary.units.append(UnitReport(unit.code, unit.name, unit.slug, "held", HELD))
            continue
        entry = manifest.get(unit.slug)
        outputs_exist = (folder / f"{unit.slug}.pdf").exists() and (folder / f"{unit.slug}.ipynb").exists()
        changed = ["force"] if force else why(entry, prints[unit.code])
        if not changed and not outputs_exist:
            changed = ["missing"]
        if changed:
            todo.append((unit, "；".join(REASONS[c] for c in changed)))
        else:
            summary.units.append(UnitReport(unit.code, unit.name, unit.slug, "skipped", "输入未变化，沿用已有报告"))
    todo.sort(key=lambda item: item[0].kind != "city")  # the longest report first, so no worker idles at the end
    results_key, blob = pickle_results(results) if todo else ("", b"")
    cache = str(_cache_results(folder, results_key, blob).resolve()) if todo else ""
    inputs = _unit_inputs(results, input_files(data_dir)) if todo else {}
    framework_arg = _framework_arg(framework, results)
    jobs = [Job(u.code, u.name, u.slug, year, framework_arg, notebooks[u.kind], results_key, cache, str(data_dir),
                inputs[u.code], engine) for u, _ in todo]
    reasons = {u.code: r for u, r in todo}
    bar = None
    if progress and jobs:
        from tqdm import tqdm
        bar = tqdm(total=len(jobs), desc=f"生成 {year} 年报告", unit="份", file=sys.stderr)
    last_save = [time.monotonic()]

    def on_done(job: Job, outcome: Outcome):
        save_outcome(outcome, folder, job.slug)
        if outcome.status == "rendered":
            manifest[job.slug] = prints[job.unit_code]
            reason = reasons[job.unit_code] + (f"；{RETRIED}" if outcome.retried else "")
            summary.units.append(UnitReport(job.unit_code, job.unit_name, job.slug, "rendered", reason, outcome.seconds,
                                            outcome.retried))
        else:
            manifest.pop(job.slug, None)
            summary.units.append(UnitReport(job.unit_code, job.unit_name, job.slug, "failed", outcome.reason,
                                            outcome.seconds, outcome.retried))
        if time.monotonic() - last_save[0] > 2:
            _save_manifest(folder, manifest)
            last_save[0] = time.monotonic()
        if bar:
            bar.update(1)
        if on_unit:
            on_unit(summary.units[-1], len(summary.units) - (len(units) - len(jobs)), len(jobs))

    # summary.xlsx is written while the reports render (the parent process is idle meanwhile), not after
    wrote = (folder / "summary.xlsx").exists()
    wait_summary = _in_background(write_results, results, year, folder / "summary.xlsx") if jobs or not wrote else None
    try:
        if executor == "dask":
            _run_dask(jobs, blob, scheduler, n_workers, folder / ".sti-dask", on_done)
        else:
            _run_local(jobs, blob, n_workers, on_done, {u.slug for u, _ in todo if u.kind == "city"}, warm)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        if wait_summary is not None:
            wait_summary(raise_error=False)  # whatever happened, no half-written summary.xlsx is left behind
        if bar:
            bar.close()
        if key and not summary.interrupted and all(u.status in ("rendered", "skipped") for u in summary.units):
            manifest[BATCH_KEY] = {"key": key, "units": [[u.code, u.name, u.slug] for u in units]}
        _save_manifest(folder, manifest)
    if wait_summary is not None:
        wait_summary(raise_error=not summary.interrupted)
    if not summary.interrupted and (jobs or wait_summary is not None or not (folder / "index.md").exists()):
        write_index(summary, results)
    summary.seconds = time.perf_counter() - started
    order = {u.code: i for i, u in enumerate(units)}
    summary.units.sort(key=lambda u: order.get(u.unit_code, -1))
    return summary


def _in_background(fn, *args):
    """Start ``fn(*args)`` in a thread; return ``wait(raise_error)``, which waits for it to end (a
    write is never cut off half-way) and re-raises its error when asked."""
    failed: list[BaseException] = []

    def run():
        try:
            fn(*args)
        except BaseException as exc:  # handed to the caller by wait()
            failed.append(exc)

    thread = threading.Thread(target=run, name="sti-summary", daemon=True)
    thread.start()

    def wait(raise_error: bool = True) -> None:
        thread.join()
        if failed and raise_error:
            raise failed[0]
    return wait


def write_index(summary: BatchSummary, results) -> None:
    """``index.md``: every unit's report, with its status."""
    labels = {"rendered": "已生成", "skipped": "未变化（沿用）", "failed": "失败", "rejected": "数据有误，未生成",
              "held": "未生成"}
    lines = [f"# {summary.year}年科技创新主要指标监测报告", "", f"指标体系：{results.framework.name}", "",
             "| 单位代码 | 单位 | 报告 | 执行记录 | 状态 | 说明 |", "|---|---|---|---|---|---|"]
    for u in summary.units:
        pdf = f"[{u.slug}.pdf]({u.slug}.pdf)" if (summary.folder / f"{u.slug}.pdf").exists() else "—"
        nb = f"[ipynb]({u.slug}.ipynb)" if (summary.folder / f"{u.slug}.ipynb").exists() else "—"
        lines.append(f"| {u.unit_code} | {u.unit_name} | {pdf} | {nb} | {labels[u.status]} | {u.reason} |")
    lines += ["", "汇总表：[summary.xlsx](summary.xlsx)", ""]
    write_bytes(summary.folder / "index.md", "\n".join(lines).encode("utf-8"))
