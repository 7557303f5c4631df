"""One run per data folder: a second render is refused naming the first; a lock never outlives its process."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from sti_monitor.app.runlock import RunBusy, lock_path, run_lock


def test_a_second_run_on_the_same_folder_is_refused_naming_the_first(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with run_lock(tmp_path / "a", who="控制面板页面（来自 10.0.0.7，Firefox）"):
        busy = r"正在生成报告：由控制面板页面（来自 10\.0\.0\.7，Firefox）于 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d 开始"
        with (
            pytest.raises(RunBusy, match=busy),
            run_lock(tmp_path / "a" / ".." / "a"),
        ):  # the same folder, spelled differently
            pass
        with run_lock(tmp_path / "b"):  # another folder is free
            pass
    with run_lock(tmp_path / "a"):  # released at the end of the block
        pass


def test_a_lock_ends_with_its_process_however_it_ends(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time\n"
                "from sti_monitor.app.runlock import run_lock\n"
                f"with run_lock({str(tmp_path)!r}, who='命令行'):\n"
                "    print('held', flush=True)\n"
                "    time.sleep(60)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(RunBusy, match="由命令行于"), run_lock(tmp_path):
            pass
    finally:
        holder.kill()
        holder.wait(10)
    with run_lock(tmp_path):  # a killed holder leaves no stale lock
        pass
    assert lock_path(tmp_path).parent.stat().st_mode & 0o077 == 0  # the folder is this user's only


def test_the_panel_refuses_to_render_a_folder_already_rendering(sample_copy, tmp_path):
    pytest.importorskip("ipywidgets")
    from sti_monitor.app import ControlPanel

    panel = ControlPanel([sample_copy], tmp_path / "reports", workers=1)
    panel.units.value = ("330302",)
    started = time.monotonic()
    with run_lock(sample_copy, who="进程 4242"):
        panel.render().join(60)
    assert time.monotonic() - started < 30
    assert f"{sample_copy} 正在生成报告：由进程 4242于" in panel.message.value
    assert not list((tmp_path / "reports").rglob("*.pdf"))


def test_run_locks_live_in_the_users_cache_not_the_shared_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert lock_path(tmp_path / "data").parent == tmp_path / "cache" / "sti-monitor" / "runs"
    with run_lock(tmp_path / "data"):
        pass
    assert list((tmp_path / "cache" / "sti-monitor" / "runs").iterdir()) == []  # no lock file left behind
