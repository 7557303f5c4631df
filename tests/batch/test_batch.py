"""Incremental, parallel and distributed batches on small synthetic data, with real renders."""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from functools import partial

import openpyxl
import pytest
from polling import wait_for

from conftest import edit_cells, marked_processes
from sti_monitor.batch import render_batch
from sti_monitor.tools.synth import make_synthetic

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return make_synthetic(4, tmp_path_factory.mktemp("synth") / "data")


def _render_command(data, out) -> list[str]:
    """The command line of a forced render of ``data`` into ``out`` with 2 workers, run as a process of its own."""
    return [
        sys.executable,
        "-m",
        "sti_monitor",
        "render",
        str(data),
        "--out",
        str(out),
        "--workers",
        "2",
        "--force",
        "-q",
    ]


def statuses(summary):
    return {u.unit_code: (u.status, u.reason) for u in summary.units}


def test_incremental_rerenders_exactly_what_depends_on_a_change(data, tmp_path):
    out = tmp_path / "reports"
    first = render_batch(data, 2023, out=out, workers=1, progress=False)
    assert first.ok and first.count("rendered") == 5  # 4 districts and the city
    again = render_batch(data, 2023, out=out, workers=1, progress=False)
    assert again.count("skipped") == 5 and again.count("rendered") == 0

    # a value of one district changes: its report (own data), and every report that shows it
    # through the city total, ranks or comparisons
    gdp = openpyxl.load_workbook(data / "900002_合成县0002.xlsx")["数据"]["F5"].value
    edit_cells(data / "900002_合成县0002.xlsx", F5=round(gdp * 1.1, 2))  # gdp 2023, a plausible revision
    changed = statuses(render_batch(data, 2023, out=out, workers=1, progress=False))
    assert changed["900002"] == (
        "rendered",
        "本单位数据变化（900002_合成县0002.xlsx）；全市数据变化（排名与对比随之变化）",
    )
    assert changed["900001"] == ("rendered", "全市或其他县（市、区）数据变化：合成县0002（排名与对比随之变化）")
    assert changed["900000"] == (
        "rendered",
        "合成县0002的数据变化（900002_合成县0002.xlsx）；"
        "全市或其他县（市、区）数据变化：合成县0002（排名与对比随之变化）",
    )

    # the file changes but none of its numbers do (a note row): only the reports whose appendix
    # lists that file's SHA-256 change, the district's own and the city's, and they say so
    edit_cells(data / "900003_合成县0003.xlsx", A30="注：补充说明")
    only = statuses(render_batch(data, 2023, out=out, workers=1, progress=False))
    resaved = "文件已重新保存，数值未变（900003_合成县0003.xlsx；报告只更新附录中的文件校验值）"
    assert only["900003"] == ("rendered", resaved) and only["900000"] == ("rendered", resaved)
    assert {k: only[k][0] for k in ("900001", "900002", "900004")} == dict.fromkeys(
        ["900001", "900002", "900004"], "skipped"
    )

    # a deleted output is re-rendered; --force renders everything
    (out / "2023" / "900004_合成县0004.pdf").unlink()
    assert statuses(render_batch(data, 2023, out=out, workers=1, progress=False))["900004"] == (
        "rendered",
        "输出文件缺失",
    )
    forced = render_batch(data, 2023, out=out, workers=1, progress=False, force=True)
    assert forced.count("rendered") == 5


def test_parallel_workers(data, tmp_path):
    summary = render_batch(data, 2023, out=tmp_path, workers=2, progress=False)
    assert summary.ok and summary.count("rendered") == 5
    assert len(list((tmp_path / "2023").glob("*.pdf"))) == 5


def test_dask_local_cluster(data, tmp_path):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = render_batch(
            data,
            2023,
            codes=["900001", "900000"],
            out=tmp_path,
            executor="dask",
            scheduler=cluster.scheduler_address,
            progress=False,
        )
        with Client(cluster) as client:  # the workers' kernels were stopped at the end of the batch
            assert all(
                v is None
                for v in client.run(lambda: __import__("sti_monitor.batch.engine").batch.engine._Warm.km).values()
            )
    assert summary.ok and summary.count("rendered") == 2
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "2023" / "900001_合成县0001.pdf").pages)
    assert "合成县0001" in text


def test_ctrl_c_leaves_no_process_and_no_half_written_file(tmp_path):
    data = make_synthetic(12, tmp_path / "data")  # enough work left when the interrupt comes
    mark = uuid.uuid4().hex
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "STI_TEST_MARK": mark, "TMPDIR": str(tmpdir)}
    out = tmp_path / "r"
    proc = subprocess.Popen(
        _render_command(data, out),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    folder = out / "2023"
    wait_for(lambda: list(folder.glob("*.pdf")), timeout=120, interval=0.2)
    assert list(folder.glob("*.pdf")), "nothing rendered in time"
    # the interrupt comes mid-way: the run goes on, with workers, and reports are left to render
    assert proc.poll() is None and len(list(folder.glob("*.pdf"))) < 13, "the run ended before the interrupt"
    assert [p for p in marked_processes(mark) if p.pid != proc.pid], "no worker was running at the interrupt"
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    wait_for(
        lambda: marked_processes(mark) == [], timeout=10, interval=0.2
    )  # kernels whose parent is gone notice within a second
    assert marked_processes(mark) == []
    assert list(tmpdir.iterdir()) == []  # no kernel folder, notebook run or results copy of a worker
    assert not [p for p in folder.iterdir() if ".tmp" in p.name]
    from pypdf import PdfReader

    for pdf in folder.glob("*.pdf"):
        assert len(PdfReader(pdf).pages) > 1  # every report left behind is complete


def _role(process):
    cmd = " ".join(process.cmdline())
    return "kernel" if "lifeline" in cmd or "ipykernel" in cmd else "worker" if "spawn_main" in cmd else "other"


# (moment, extra delay in seconds): each round kills the parent at one moment of a run; the delays
# move the kill across the start-up of a worker or a kernel, where a watcher may not run yet
KILL_ROUNDS = [("worker", 0.0), ("worker", 0.3), ("kernel", 0.0), ("kernel", 0.3), ("pdf", 0.0)]


def _reached(moment, out, mark, parent) -> bool:
    """Whether the run has come to ``moment``: a first PDF, or a process of the role ``moment``."""
    if moment == "pdf":
        return bool(list((out / "2023").glob("*.pdf")))
    return any(_role(p) == moment for p in marked_processes(mark) if p.pid != parent)


def _all_gone(mark) -> bool:
    return not marked_processes(mark)


def test_killed_parent_leaves_no_worker_or_kernel(data, tmp_path):
    """A parent killed outright (no chance to clean up) at any moment: its workers and kernels notice and stop."""
    for i, (moment, delay) in enumerate(KILL_ROUNDS):
        mark = uuid.uuid4().hex
        out = tmp_path / f"r{i}"
        proc = subprocess.Popen(
            _render_command(data, out),
            env={**os.environ, "STI_TEST_MARK": mark},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for(partial(_reached, moment, out, mark, proc.pid), timeout=120, interval=0.05):
            pytest.fail(f"round {i}: no {moment} in time")
        time.sleep(delay)  # not a wait: where in the start-up the kill falls is this round's parameter
        assert proc.poll() is None, f"round {i}: the run ended before it was killed"
        proc.kill()
        proc.wait()
        wait_for(partial(_all_gone, mark), timeout=5, interval=0.2)
        left = [(p.pid, _role(p)) for p in marked_processes(mark)]
        for p in marked_processes(mark):  # do not let one failed round disturb the next
            p.kill()
        assert left == [], f"round {i} (killed after the first {moment} + {delay} s): left {left}"


KILL_MY_WORKER = """
import os, pathlib, time
_once = pathlib.Path(os.environ["STI_TEST_FLAGS"]) / "900002-died"
if unit_code == "900002" and not _once.exists():  # dies on its first try only
    _once.write_text("died")
    os.kill(os.getppid(), 9)  # the kernel's parent: the pool worker running this unit
if unit_code == "900001":  # dies on every try; on the first, only after 900002 died (no race)
    for _ in range(600):
        if _once.exists():
            break
        time.sleep(0.1)
    os.kill(os.getppid(), 9)
"""


def test_dead_worker_is_replaced_and_its_units_retried_once(data, tmp_path, monkeypatch):
    """900002's worker dies once (its retry renders), 900001's dies every time (failed after one retry)."""
    from nbformat import read, write
    from nbformat.v4 import new_code_cell

    from sti_monitor.batch.job import template_for

    nb = read(template_for("district"), as_version=4)
    nb.cells.insert(2, new_code_cell(KILL_MY_WORKER))
    write(nb, tmp_path / "killer.ipynb")
    monkeypatch.setenv("STI_TEST_FLAGS", str(tmp_path))
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))  # the workers'
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))  # this process's
    summary = render_batch(
        data,
        2023,
        codes=["900001", "900002", "900003"],
        out=tmp_path / "r",
        workers=2,
        progress=False,
        force=True,
        templates={"district": tmp_path / "killer.ipynb"},
    )
    assert (tmp_path / "900002-died").exists(), "no worker was killed"  # the fault really happened
    got = {u.unit_code: u.status for u in summary.units}
    assert got == {"900001": "failed", "900002": "rendered", "900003": "rendered"}
    # the units running when a worker died were retried (900003 too, if it ran beside one of them)
    retried = {u.unit_code for u in summary.units if u.retried}
    assert {"900001", "900002"} <= retried
    assert "重试" in statuses(summary)["900002"][1] and "重试" in statuses(summary)["900001"][1]
    assert sorted(p.name for p in (tmp_path / "r" / "2023").glob("*.pdf")) == [
        "900002_合成县0002.pdf",
        "900003_合成县0003.pdf",
    ]
    assert list(tmpdir.iterdir()) == []  # nothing of the workers killed outright either


def test_workers_warmed_while_reading_are_stopped_when_reading_fails(tmp_path, monkeypatch):
    """The workers start (and warm their kernels) while the parent reads; data it cannot use stops them."""
    import psutil

    from sti_monitor.batch.pools import Prewarmed
    from sti_monitor.errors import StiMonitorError

    running_at_stop = []  # the warm workers alive when the failed run stopped them: the precondition
    shutdown = Prewarmed.shutdown

    def recording_shutdown(warm):
        running_at_stop.extend(
            p.pid
            for ex in (warm.shared, warm.alone)
            if ex is not None
            for p in getattr(ex, "_processes", {}).values()
            if p.is_alive()
        )
        shutdown(warm)

    monkeypatch.setattr(Prewarmed, "shutdown", recording_shutdown)
    data = make_synthetic(2, tmp_path / "data")
    for book in data.glob("*.xlsx"):
        book.unlink()  # nothing to read: the run fails after the workers were started
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with pytest.raises(StiMonitorError):
        render_batch(data, 2023, out=tmp_path / "out", workers=2, progress=False)
    assert running_at_stop, "no warm worker was running when the reading failed"

    def leftover():
        return [
            p
            for p in psutil.Process().children(recursive=True)
            if p.pid not in before
            and p.status() != psutil.STATUS_ZOMBIE
            and "resource_tracker" not in " ".join(p.cmdline())
        ]

    wait_for(lambda: not leftover(), timeout=5)
    left = leftover()
    assert left == []


def test_a_warm_pool_serves_a_batch_with_a_single_job(data, tmp_path):
    """Two units asked, one left to render after an earlier run: rendered here, the warmed workers stopped."""
    import psutil

    out = tmp_path / "reports"
    render_batch(data, 2023, out=out, workers=1, progress=False, codes=["900001", "900002"])
    (out / "2023" / "900002_合成县0002.pdf").unlink()
    summary = render_batch(data, 2023, out=out, workers=2, progress=False, codes=["900001", "900002"])
    assert summary.ok and {c: s for c, (s, _) in statuses(summary).items()} == {
        "900001": "skipped",
        "900002": "rendered",
    }
    workers = [
        p
        for p in psutil.Process().children(recursive=True)
        if p.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(p.cmdline())
    ]
    assert workers == []  # this process's own kernel rendered the unit; no pool worker is left
