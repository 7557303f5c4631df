"""``sti-monitor render``: every unit's report for one year, incremental and in parallel.

Inline for one worker, local processes for several (``pools``), or a Dask cluster (``cluster``,
``--executor dask``). Outputs: ``{out}/{year}/{code}_{name}.pdf`` with the executed notebook
beside it, ``summary.xlsx`` and ``index.md``; the manifest beside them says what is up to date.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .. import paths
from ..atomic import ensure_writable_dir
from ..errors import StiMonitorError
from ..paths import DEFAULT_FRAMEWORK
from .cluster import run_dask
from .index import write_index
from .inputs import cache_results, framework_arg, unit_inputs
from .job import NOTEBOOK_FOR_KIND, Job, Outcome, pickle_results, save_outcome, template_for
from .lock import render_lock
from .manifest import (
    BATCH_KEY,
    TABLES_KEY,
    UNCHANGED,
    load_manifest,
    record_complete_run,
    save_manifest,
    unchanged_batch,
)
from .pools import Prewarmed, run_local
from .rejections import rejected_units
from .summary import BatchSummary, UnitReport
from .unchanged import batch_key

__all__ = ["render_batch", "RenderRequest", "BatchSummary", "UnitReport", "select_units", "write_index"]

RETRIED = "工作进程异常退出，已重试"
HELD = "有{member}的数据被拒绝或未报送，本次未生成任何报告；改正或补报后重试，或加 --allow-partial 生成其余报告"
WITH_UNREPORTED = "；{names}未报送，报告中按未报送列出"


@dataclass(frozen=True)
class RenderRequest:
    """One call of :func:`render_batch`, resolved: what to render, from what, where and how."""

    data_dir: Path  # absolute
    year: int | None  # None: the latest year with data
    framework: str  # an id, or a YAML file's path
    codes: list[str] | None  # None: every unit
    root: Path  # the output folder; the year's outputs go to root/year
    workers: int
    force: bool
    executor: str  # "local" or "dask"
    scheduler: object  # a Dask scheduler's address, a Dask client, or None
    engine: str  # papermill engine
    progress: bool  # a progress bar on stderr
    results: object  # Results already computed, or None: computed from data_dir
    notebooks: dict  # unit kind -> its template notebook's JSON text
    allow_partial: bool
    on_unit: Callable | None  # on_unit(report, done, total) as each unit to render is settled
    started: float  # time.perf_counter() at the call
    key: str | None = None  # batch_key of an incremental run, None when not checked


def render_batch(
    data_dir,
    year: int | None = None,
    framework: str = DEFAULT_FRAMEWORK,
    codes: list[str] | None = None,
    out: Path | None = None,
    workers: int | None = None,
    force: bool = False,
    executor: str = "local",
    scheduler=None,
    engine: str = "sti_warm",
    progress: bool = True,
    results=None,
    templates: dict[str, Path] | None = None,
    allow_partial: bool = False,
    on_unit=None,
) -> BatchSummary:
    """Render every selected unit's report for ``year``; see the module docstring.

    ``templates`` maps a unit kind (district, zone, city) to a notebook replacing the default one.
    A district whose workbook has errors is not rendered, nor one that sent nothing for the year (未报送);
    then no report is, unless ``allow_partial``. The year's reports use the year folders up to ``year``.
    A second render into the same ``out`` while one runs raises :class:`~.lock.RunBusy`.
    ``on_unit(report, done, total)`` is called as each unit to render is settled (a live line per unit).
    """
    started = time.perf_counter()
    templates = {**{kind: template_for(kind) for kind in NOTEBOOK_FOR_KIND}, **(templates or {})}
    root = Path(out or paths.REPORTS_DIR)  # read at the call: REPORTS_DIR may be pointed elsewhere
    request = RenderRequest(
        data_dir=Path(data_dir).resolve(),
        year=year,
        framework=framework,
        codes=codes,
        root=root,
        workers=workers or os.cpu_count() or 1,
        force=force,
        executor=executor,
        scheduler=scheduler,
        engine=engine,
        progress=progress,
        results=results,
        allow_partial=allow_partial,
        on_unit=on_unit,
        started=started,
        notebooks={kind: Path(path).read_text(encoding="utf-8") for kind, path in templates.items()},
    )
    ensure_writable_dir(root)  # before computing anything
    with render_lock(root):  # one render per output folder: a second one stops naming the first
        return _run(request)


def _run(request: RenderRequest) -> BatchSummary:
    """The render of ``request``, its output folder locked: nothing when nothing read has changed."""
    if request.year is not None and not request.force and request.results is None:
        # nothing read has changed since the last complete run: no workbook needs parsing
        request = replace(
            request, key=batch_key(request.data_dir, request.framework, request.year, request.codes, request.notebooks)
        )
        unchanged = unchanged_batch(request.root / str(request.year), request.key) if request.key else None
        if unchanged is not None:
            unchanged.seconds = time.perf_counter() - request.started
            return unchanged
    # workers start (imports, kernel, fonts) while this process reads and computes, unless the
    # results are given or a single unit is asked for (rendered here, without workers)
    warm = (
        Prewarmed.start(request.workers)
        if request.executor == "local"
        and request.workers > 1
        and request.results is None
        and not (request.codes and len(request.codes) == 1)
        else None
    )
    try:
        return _render(request, warm)
    except BaseException:
        if warm is not None:
            warm.shutdown()
        raise


def _render(request: RenderRequest, warm: Prewarmed | None) -> BatchSummary:
    """Compute (unless given), decide what to render, render it and write what goes with it."""
    from ..measure import evaluate  # heavy (~0.6 s): imported by a run, not by importing this module

    # a year's reports use the folders up to that year only: a later year's folder changes none of them
    results = request.results or evaluate(request.data_dir, request.framework, until=request.year)
    batch = _Batch(request, results)
    todo = batch.plan()
    jobs, blob = batch.prepare(todo)
    batch.execute(jobs, blob, {u.slug for u, _ in todo if u.kind == "city"}, warm)
    return batch.finish()


def select_units(results, codes: list[str] | None):
    units = results.units.all()
    if not codes:
        return units
    unknown = [c for c in codes if c not in results.units]
    if unknown:
        raise StiMonitorError(f"单位代码不在单位清单中：{'、'.join(unknown)}")
    return [u for u in units if u.code in codes]


class _Batch:
    """One year's run past the unchanged check: the results, and the summary and manifest it builds."""

    def __init__(self, request: RenderRequest, results):
        self.request, self.results = request, results
        self.year = request.year if request.year is not None else results.latest_year
        results.year_table(self.year)  # a readable error if the year has no data
        self.folder = request.root / str(self.year)
        ensure_writable_dir(self.folder)
        from .fingerprint import table_digests, unit_fingerprints  # pandas: not imported by an unchanged run

        self.units = select_units(results, request.codes)
        self.prints = unit_fingerprints(results, [u.code for u in self.units], self.year, request.notebooks)
        self.manifest = load_manifest(self.folder)
        self.manifest.pop(BATCH_KEY, None)
        # the last run's numbers of each unit, to name whose changed; this run's are kept for the next
        self.tables = (self.manifest.pop(TABLES_KEY, {}), table_digests(results))
        self.manifest[TABLES_KEY] = self.tables[1]
        # a unit the plan expects that sent nothing for the year is named where its file goes
        unreported = [p for p in results.dataset.missing_problems() if p.year == self.year]
        self.summary = BatchSummary(
            self.year,
            self.folder,
            problems=[*results.dataset.problems, *unreported],
            allow_partial=request.allow_partial,
        )
        self.reasons: dict[str, str] = {}  # unit code -> why it is rendered
        self.jobs: list[Job] = []
        self.settled = 0  # jobs ended: the progress told to on_unit (units skipped or left out are not jobs)
        self.bar = None
        self.last_save = time.monotonic()

    def _left_out(self) -> tuple[dict[str, str], dict[str, str]]:
        """The units whose data were rejected and those that sent nothing for the year (unit code -> why), the
        ones that matter to the selected units' reports named in the summary; strays are named there too."""
        results, summary, manifest = self.results, self.summary, self.manifest
        rejected, strays = rejected_units(results)
        unreported = {
            m.unit.code: f"{p.what}；{p.fix}"
            for m in results.dataset.missing
            if m.year == self.year
            for p in [m.problem(results.dataset.data_dir)]
        }
        members = results.units.members(results.framework.city_sums)
        # a unit's data matter to the selected units' reports: its own, and the city's or an aggregate's it is summed into
        relevant = {u.code for u in self.units} | {m for u in self.units for m in members.get(u.code, ())}
        unreported = {c: r for c, r in unreported.items() if c not in rejected}
        summary.units += strays  # named alone: a file of no unit of the plan holds back no report
        for unit in (results.units[c] for c in rejected if c in relevant):
            summary.units.append(UnitReport(unit.code, unit.name, unit.slug, "rejected", rejected[unit.code]))
            manifest.pop(unit.slug, None)
        for unit in (results.units[c] for c in unreported if c in relevant):
            summary.units.append(UnitReport(unit.code, unit.name, unit.slug, "unreported", unreported[unit.code]))
            manifest.pop(unit.slug, None)
        return rejected, unreported

    def plan(self) -> list[tuple]:
        """The units to render, each with why (in Chinese), the longest report first; the others
        go into the summary as rejected, unreported (no workbook for the year), held (another unit's data
        were rejected or not sent), stray (a file of no unit of the plan) or skipped."""
        from ..ingest.units import plan_words_of
        from .reasons import explain, why

        results, summary, manifest = self.results, self.summary, self.manifest
        rejected, unreported = self._left_out()
        members = results.units.members(results.framework.city_sums)
        hold = (summary.count("rejected") or summary.count("unreported")) and not self.request.allow_partial
        todo = []
        names = {u.code: u.name for u in results.units.all()}
        words = plan_words_of(results.units)  # the plan's whole and members (全市 / 走廊, 县（市、区） / 片区)
        for unit in (u for u in self.units if u.code not in rejected and u.code not in unreported):
            if hold:
                summary.units.append(UnitReport(unit.code, unit.name, unit.slug, "held", HELD.format(**words)))
                continue
            outputs_exist = (self.folder / f"{unit.slug}.pdf").exists() and (
                self.folder / f"{unit.slug}.ipynb"
            ).exists()
            old = manifest.get(unit.slug)
            changed = ["force"] if self.request.force else why(old, self.prints[unit.code])
            if not changed and not outputs_exist:
                changed = ["missing"]
            # the city (or an aggregate) that would sum a unit that sent nothing says so on its line
            gone = "、".join(results.units[c].name for c in unreported if c in members.get(unit.code, ()))
            lacks = WITH_UNREPORTED.format(names=gone) if gone else ""
            if changed:
                todo.append(
                    (
                        unit,
                        explain(
                            changed,
                            old,
                            self.prints[unit.code],
                            unit.code,
                            names,
                            self.tables,
                            results.units.city.code,
                            words,
                        )
                        + lacks,
                    )
                )
            else:
                summary.units.append(UnitReport(unit.code, unit.name, unit.slug, "skipped", UNCHANGED + lacks))
        todo.sort(key=lambda item: item[0].kind != "city")  # the longest report first, so no worker idles at the end
        return todo

    def prepare(self, todo: list[tuple]) -> tuple[list[Job], bytes]:
        """The jobs of the units in ``todo``, and the pickled results they share (cached beside the outputs)."""
        from ..ingest.panel import input_files  # heavy: imported by a run, not by importing this module

        request, results = self.request, self.results
        results_key, blob = pickle_results(results) if todo else ("", b"")
        cache = str(cache_results(self.folder, results_key, blob).resolve()) if todo else ""
        inputs = unit_inputs(results, input_files(request.data_dir)) if todo else {}
        framework = framework_arg(request.framework, results)
        self.jobs = [
            Job(
                u.code,
                u.name,
                u.slug,
                self.year,
                framework,
                request.notebooks[u.kind],
                results_key,
                cache,
                str(request.data_dir),
                inputs[u.code],
                request.engine,
            )
            for u, _ in todo
        ]
        self.reasons = {u.code: r for u, r in todo}
        return self.jobs, blob

    def on_done(self, job: Job, outcome: Outcome) -> None:
        """One unit has ended: its outputs written, its line in the summary, the manifest saved at
        most every 2 seconds, the progress bar and ``on_unit`` told."""
        save_outcome(outcome, self.folder, job.slug)
        if outcome.status == "rendered":
            self.manifest[job.slug] = self.prints[job.unit_code]
            reason = self.reasons[job.unit_code] + (f"；{RETRIED}" if outcome.retried else "")
            self.summary.units.append(
                UnitReport(job.unit_code, job.unit_name, job.slug, "rendered", reason, outcome.seconds, outcome.retried)
            )
        else:
            self.manifest.pop(job.slug, None)
            self.summary.units.append(
                UnitReport(
                    job.unit_code, job.unit_name, job.slug, "failed", outcome.reason, outcome.seconds, outcome.retried
                )
            )
        if time.monotonic() - self.last_save > 2:
            save_manifest(self.folder, self.manifest)
            self.last_save = time.monotonic()
        self.settled += 1
        if self.bar:
            self.bar.update(1)
        if self.request.on_unit:
            self.request.on_unit(self.summary.units[-1], self.settled, len(self.jobs))

    def execute(self, jobs: list[Job], blob: bytes, alone: set[str], warm: Prewarmed | None) -> None:
        """Run the jobs (a Ctrl-C ends the run, marked interrupted) while summary.xlsx is written
        (the parent process is idle meanwhile), then save the manifest and write index.md."""
        from ..publish import write_results  # heavy: imported by a run with work to do, not by an unchanged one

        request, summary, folder = self.request, self.summary, self.folder
        if request.progress and jobs:
            from tqdm import tqdm  # only a run that shows a bar needs it

            self.bar = tqdm(total=len(jobs), desc=f"生成 {self.year} 年报告", unit="份", file=sys.stderr)
        self.last_save = time.monotonic()
        wrote = (folder / "summary.xlsx").exists()
        wait_summary = (
            _in_background(write_results, self.results, self.year, folder / "summary.xlsx")
            if jobs or not wrote
            else None
        )
        try:
            if request.executor == "dask":
                run_dask(jobs, blob, request.scheduler, request.workers, folder / ".sti-dask", self.on_done)
            else:
                run_local(jobs, blob, request.workers, self.on_done, alone, warm)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            if wait_summary is not None:
                wait_summary(raise_error=False)  # whatever happened, no half-written summary.xlsx is left behind
            if self.bar:
                self.bar.close()
            if (
                request.key
                and not summary.interrupted
                and all(u.status in ("rendered", "skipped") for u in summary.units)
            ):
                record_complete_run(self.manifest, request.key, self.units)
            save_manifest(folder, self.manifest)
        if wait_summary is not None:
            wait_summary(raise_error=not summary.interrupted)
        if not summary.interrupted and (jobs or wait_summary is not None or not (folder / "index.md").exists()):
            write_index(summary, self.results)

    def finish(self) -> BatchSummary:
        """The summary, timed, its units in the order of the unit list."""
        self.summary.seconds = time.perf_counter() - self.request.started
        self.summary.sort([u.code for u in self.units])
        return self.summary


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
