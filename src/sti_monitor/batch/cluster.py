"""Run a batch's jobs on a Dask cluster (``--executor dask``): a scheduler given by its address, a
client given as it is, or a LocalCluster started for the batch and closed after it."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from ..errors import StiMonitorError
from .job import Outcome, execute_job
from .worker import finish_dask_worker

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler


def _distributed():
    """The ``distributed`` module, or a Chinese error saying how to install it (an optional extra)."""
    try:
        import distributed
    except ImportError:
        raise StiMonitorError(
            "使用 --executor dask 需要安装 dask[distributed]：pip install 'sti-monitor[dask]'"
        ) from None
    return distributed


def dask_client(scheduler, workers: int, scratch: Path):
    """A client of the scheduler at ``scheduler``, or of a new LocalCluster when it is None; and a
    function that closes what was opened here."""
    distributed = _distributed()
    if scheduler is None:
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            local_directory=str(scratch),
            silence_logs=logging.ERROR,
        )
        client = distributed.Client(cluster)

        def close():
            client.close()
            cluster.close()
            shutil.rmtree(scratch, ignore_errors=True)

        return client, close
    if not isinstance(scheduler, str):
        return scheduler, lambda: None
    try:
        client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
    except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address
        raise StiMonitorError(
            f"无法连接 Dask 调度器 {scheduler}（{type(exc).__name__}）：请检查地址和端口，"
            f"确认调度器已启动（dask scheduler）；不加 --scheduler 则在本机启动集群"
        ) from None
    return client, client.close


def run_dask(jobs, blob, scheduler, workers, scratch, on_done) -> None:
    """Run ``jobs`` on the cluster, ``blob`` (the pickled results) sent once to every worker;
    ``on_done(job, outcome)`` as each ends. A task whose workers died is reported failed."""
    client, close = dask_client(scheduler, workers, scratch)
    try:
        blob_future = client.scatter(blob, broadcast=True, hash=False)
        futures = {
            client.submit(execute_job, job, blob_future, pure=False, key=f"sti-{job.unit_code}-{time.time_ns()}"): job
            for job in jobs
        }
        for fut in _distributed().as_completed(futures):
            job = futures[fut]
            try:
                outcome = fut.result()
            except Exception as exc:  # the task itself never raises: its workers died (KilledWorker)
                outcome = Outcome(job.unit_code, job.unit_name, "failed", f"Dask 任务失败：{type(exc).__name__}: {exc}")
            on_done(job, outcome)
    finally:
        try:  # workers keep warm kernels between units; none should outlive the batch
            client.run(finish_dask_worker)
        except Exception:
            logger.debug("could not stop kernels on Dask workers", exc_info=True)
        close()
