"""A kernel's private connection folder never outlives it: removed when the kernel is terminated,
and swept by a later process when its creator and the kernel were killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile

import pytest
from polling import wait_for

from sti_monitor.batch import lifeline


@pytest.fixture
def tmpdir_here(tmp_path, monkeypatch):
    """The temporary folder of this test only, for tempfile and for the processes it starts."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    return tmp_path


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_folders_of_a_dead_creator_are_swept_the_living_ones_kept(tmpdir_here):
    dead = tmpdir_here / f"sti-kernel-{_dead_pid()}-abc123"
    living = tmpdir_here / f"sti-kernel-{os.getpid()}-def456"
    unnamed = tmpdir_here / "sti-kernel-xyz"  # an older name without a pid: not ours to judge
    other = tmpdir_here / "something-else"
    for folder in (dead, living, unnamed, other):
        folder.mkdir()
        (folder / "kernel.json").write_text("{}")

    lifeline.sweep_kernel_folders()

    assert not dead.exists()
    assert living.exists() and unnamed.exists() and other.exists()


def test_a_new_kernel_folder_carries_its_creator_and_sweeps_the_dead(tmpdir_here):
    dead = tmpdir_here / f"sti-kernel-{_dead_pid()}-abc123"
    dead.mkdir()
    folder = lifeline.kernel_folder()
    try:
        assert os.path.basename(folder).startswith(f"sti-kernel-{os.getpid()}-")
        assert os.path.dirname(folder) == str(tmpdir_here)
        assert not dead.exists()
    finally:
        lifeline.release(folder)
    assert not os.path.exists(folder)


@pytest.mark.slow  # starts a real kernel
def test_a_terminated_kernel_removes_its_folder(tmpdir_here):
    folder = tmpdir_here / f"sti-kernel-{os.getpid()}-run"
    folder.mkdir()
    connection = folder / "kernel.json"
    kernel = subprocess.Popen(
        [*lifeline.kernel_argv(os.getpid())[:4], "-f", str(connection), "--HistoryManager.enabled=False"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(connection.exists, timeout=120), "the kernel never wrote its connection file"
        assert kernel.poll() is None  # the precondition: a running kernel whose folder exists
        kernel.send_signal(signal.SIGTERM)
        kernel.wait(timeout=60)
        assert not folder.exists()
    finally:
        if kernel.poll() is None:
            kernel.kill()
            kernel.wait()
