"""Dask: a LocalCluster when no scheduler is given, a one-line error when it cannot be reached, and a
batch that completes, leaving no kernel, when a worker of a real ``dask scheduler``/``dask worker``
cluster is killed."""

import os
import shutil
import signal
import subprocess
import sys
import uuid

import psutil
import pytest
from polling import wait_for

from conftest import marked_processes
from sti_monitor.batch import render_batch
from sti_monitor.errors import StiMonitorError
from sti_monitor.tools.synth import make_synthetic

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return make_synthetic(2, tmp_path_factory.mktemp("synth") / "data")


def test_dask_without_scheduler_starts_a_local_cluster(data, tmp_path):
    summary = render_batch(data, 2023, codes=["900001"], out=tmp_path, executor="dask", workers=1, progress=False)
    assert summary.ok and [(u.unit_code, u.status) for u in summary.units] == [("900001", "rendered")]
    assert sorted(p.name for p in (tmp_path / "2023").iterdir() if not p.name.startswith(".")) == [
        "900001_合成县0001.ipynb",
        "900001_合成县0001.pdf",
        "index.md",
        "summary.xlsx",
    ]
    assert not (tmp_path / "2023" / ".sti-dask").exists()  # the cluster's scratch folder went with it


def test_unreachable_scheduler_is_a_one_line_error(data, tmp_path, monkeypatch):
    from sti_monitor.batch import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(StiMonitorError) as info:
        render_batch(
            data, 2023, out=tmp_path, executor="dask", scheduler="tcp://127.0.0.1:9", progress=False, force=True
        )
    assert str(info.value).startswith("无法连接 Dask 调度器 tcp://127.0.0.1:9（") and "\n" not in str(info.value)


def _kernels(mark):
    return [p for p in marked_processes(mark) if "sti_monitor.batch.lifeline" in " ".join(p.cmdline())]


def _ended(process):
    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.skipif(
    shutil.which("dask", path=os.path.dirname(sys.executable)) is None, reason="the dask command is not installed"
)
def test_killed_dask_worker_leaves_no_kernel_and_the_batch_completes(data, tmp_path):
    mark = uuid.uuid4().hex
    # the cluster's own temporary folder: a worker killed outright cannot remove its run folder, and the
    # cluster (the scheduler's and workers' machines) is not this process's TMPDIR to keep clean
    (tmp_path / "cluster-tmp").mkdir()
    env = {**os.environ, "STI_TEST_MARK": mark, "TMPDIR": str(tmp_path / "cluster-tmp")}
    dask = os.path.join(os.path.dirname(sys.executable), "dask")
    scheduler_file = tmp_path / "scheduler.json"
    started = [
        subprocess.Popen(
            [dask, "scheduler", "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        assert wait_for(scheduler_file.exists, timeout=60), "the scheduler did not start"
        import json

        address = json.loads(scheduler_file.read_text())["address"]
        started.append(
            subprocess.Popen(
                [dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        render = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sti_monitor",
                "render",
                str(data),
                "--out",
                str(tmp_path / "out"),
                "--scheduler",
                address,
                "-q",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert wait_for(lambda: _kernels(mark), timeout=120), "no unit started on the cluster in time"
        kernel = _kernels(mark)[0]
        worker = kernel.parent()  # the Dask worker process running a unit
        # the precondition: the batch is running, and the process killed is one of the cluster's workers
        assert render.poll() is None, "the batch ended before a worker was killed"
        assert worker.pid in {p.pid for p in psutil.Process(started[1].pid).children(recursive=True)}
        worker.kill()
        stdout, stderr = render.communicate(timeout=300)
        assert render.returncode == 0, stdout + stderr
        assert len(list((tmp_path / "out" / "2023").glob("[0-9]*.pdf"))) == 3
        wait_for(lambda: _ended(kernel), timeout=5)
        assert not kernel.is_running() or kernel.status() == psutil.STATUS_ZOMBIE
        assert _kernels(mark) == []  # the other workers' kernels were stopped at the end of the batch
    finally:
        for proc in reversed(started):
            proc.send_signal(signal.SIGTERM)
        for proc in reversed(started):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for p in marked_processes(mark):
            p.kill()
