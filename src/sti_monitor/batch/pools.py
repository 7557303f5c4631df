"""Run a batch's jobs on this machine: inline for one worker, else in pools of spawned processes.

A worker that dies takes its pool down: a new pool continues, and the units that were running
then are retried once, each alone at the end, so a second death names its unit for certain. The
city report (the largest memory) runs in a process of its own that ends with the job.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from ..processes import kill_children
from .job import Job, Outcome, execute_job
from .lifeline import sweep_private_tmp
from .worker import warm_worker, worker_init

logger = logging.getLogger(__name__)

FAILED_TWICE = "工作进程两次在生成该报告时异常退出（已重试一次）：{exc}"


def _executor(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` spawned processes that watch this one (see ``worker.worker_init``)."""
    # the jobs name the results cache beside the outputs: no copy of the results per worker
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker_init,
        initargs=(os.getpid(),),
    )


@dataclass
class Prewarmed:
    """Worker processes started while the parent still reads and computes: ``shared`` holds
    ``workers - 1`` warming workers, ``alone`` one more for the job that runs alone (the city)."""

    shared: ProcessPoolExecutor
    alone: ProcessPoolExecutor | None

    @classmethod
    def start(cls, workers: int) -> Prewarmed:
        shared, alone = _executor(workers), _executor(1)
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


def run_local(jobs, blob, workers, on_done, alone=frozenset(), warm: Prewarmed | None = None) -> None:
    """Run ``jobs`` inline (one worker) or in a pool of spawned processes (see the module docstring);
    ``on_done(job, outcome)`` as each ends. Jobs whose slug is in ``alone`` run in a process of their
    own, so its memory is returned at once."""
    if workers <= 1 or len(jobs) <= 1:
        if warm is not None:
            warm.shutdown()
        for job in jobs:
            on_done(job, execute_job(job, blob))
        return
    try:
        suspects = _PoolRun(jobs, min(workers, len(jobs)), on_done, alone=alone, warm=warm).run()
        if suspects:
            logger.warning("retrying %d unit(s) whose worker died", len(suspects))
            _PoolRun(suspects, 1, on_done, last_try=True).run()
    finally:
        sweep_private_tmp()  # what workers killed outright could not remove


class _PoolRun:
    """Run ``jobs`` with at most ``workers`` in flight (so every job in flight is running). A job whose
    slug is in ``alone`` runs in a one-process pool of its own, shut down when it is done; while it
    runs, the shared pool runs one job fewer, so no more than ``workers`` processes are ever busy."""

    def __init__(self, jobs, workers, on_done, last_try=False, alone=frozenset(), warm: Prewarmed | None = None):
        self.workers, self.on_done, self.last_try, self.warm = workers, on_done, last_try, warm
        self.solos = deque(job for job in jobs if job.slug in alone)
        self.queue = deque(job for job in jobs if job.slug not in alone)
        self.suspects: list[Job] = []
        self.pool, self.running, self.solo = None, {}, None  # solo: (executor, future, job) of the job running alone
        if warm is not None:
            self.pool = warm.shared
            if not self.solos and warm.alone is not None:
                warm.take_alone().shutdown(wait=True)  # nothing runs alone: its process is not needed

    def run(self) -> list[Job]:
        """Run every job; return the jobs in flight when a worker died (on the last try, they are
        reported failed instead)."""
        try:
            while self.queue or self.running or self.solos or self.solo:
                self._submit()
                done, _ = wait(
                    set(self.running) | ({self.solo[1]} if self.solo else set()), return_when=FIRST_COMPLETED
                )
                self._settle(done)
            if self.pool is not None:
                self.pool.shutdown(wait=True)
        except BaseException:
            taken = self.warm.take_alone() if self.warm is not None else None
            for executor in (self.pool, self.solo[0] if self.solo else None, taken):
                if executor is not None:
                    executor.shutdown(wait=False, cancel_futures=True)
            kill_children(grace=3)
            raise
        return self.suspects

    def _submit(self) -> None:
        """Start the next job to run alone when none does, and fill the shared pool up to its limit."""
        if self.solo is None and self.solos:
            job = self.solos.popleft()
            own = (self.warm.take_alone() if self.warm is not None else None) or _executor(1)
            self.solo = (own, own.submit(execute_job, job), job)
        limit = max(1, self.workers - 1) if self.solo else self.workers
        if self.queue and self.pool is None:
            self.pool = _executor(self.workers)
        while self.queue and len(self.running) < limit:
            job = self.queue.popleft()
            self.running[self.pool.submit(execute_job, job)] = job

    def _settle(self, done) -> None:
        """Hand each finished job's outcome on; after a worker died, retire its pool and its jobs."""
        broken = None
        for fut in done:
            if self.solo and fut is self.solo[1]:
                self._settle_solo(fut)
                continue
            try:
                outcome = fut.result()
            except BrokenProcessPool as exc:
                broken = exc
                continue
            self._done(self.running.pop(fut), outcome)
        if broken is not None:  # every job still in flight on the shared pool was on the pool that broke
            for job in self.running.values():
                self._lost(job, broken)
            self.running = {}
            self.pool.shutdown(wait=True)
            self.pool = None

    def _settle_solo(self, fut) -> None:
        own, _, job = self.solo
        self.solo = None
        try:
            outcome = fut.result()
        except BrokenProcessPool as exc:
            own.shutdown(wait=True)
            self._lost(job, exc)
            return
        own.shutdown(wait=True)  # the process exits: its memory (and its kernel) is returned now
        self._done(job, outcome)

    def _done(self, job: Job, outcome: Outcome) -> None:
        outcome.retried = self.last_try
        self.on_done(job, outcome)

    def _lost(self, job: Job, exc: BaseException) -> None:
        if self.last_try:
            self.on_done(
                job, Outcome(job.unit_code, job.unit_name, "failed", FAILED_TWICE.format(exc=exc), retried=True)
            )
        else:
            self.suspects.append(job)
