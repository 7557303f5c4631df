"""The modules a batch worker or kernel imports before it watches its parent stay light (import circles:
``tests/test_layout.py``)."""

from __future__ import annotations

import ast
import subprocess
import sys

from sti_monitor.paths import PACKAGE_DIR

LOADED = """
import sys
before = set(sys.modules)
import {module}
print(" ".join(sorted(m for m in set(sys.modules) - before if m.split(".")[0] not in sys.stdlib_module_names)))
"""


def _loaded_by(module: str) -> set[str]:
    """The modules outside the standard library that importing ``module`` adds, in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", LOADED.format(module=module)], capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_lifeline_loads_the_standard_library_psutil_and_nothing_else():
    """A kernel runs ``python -m sti_monitor.batch.lifeline``: it watches its parent before any heavy import."""
    loaded = _loaded_by("sti_monitor.batch.lifeline")
    assert {m.split(".")[0] for m in loaded} == {"psutil", "sti_monitor"}
    assert {m for m in loaded if m.startswith("sti_monitor.batch")} == {
        "sti_monitor.batch",
        "sti_monitor.batch.lifeline",
    }
    assert not {m for m in loaded if m.count(".") and m.split(".")[1] in ("ingest", "measure", "report", "publish")}


def test_a_pool_worker_starts_without_heavy_imports():
    """A spawned worker imports ``worker`` (its initializer's module) before it can watch its parent."""
    loaded = _loaded_by("sti_monitor.batch.worker")
    assert {m.split(".")[0] for m in loaded} == {"psutil", "sti_monitor"}  # no jupyter_client, papermill or pandas
    assert "sti_monitor.batch.engine" not in loaded


def test_processes_imports_only_the_standard_library_and_psutil():
    tree = ast.parse((PACKAGE_DIR / "processes.py").read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported - set(sys.stdlib_module_names) == {"psutil"}


def test_an_unchanged_render_imports_neither_pandas_nor_the_readers_nor_yaml():
    """``render`` checks the batch key before it reads a workbook: that check, the manifest and the lock
    need the standard library (and psutil for the pool) only."""
    loaded = _loaded_by("sti_monitor.batch.run") - {"__mp_main__"}  # multiprocessing's alias of the main module
    assert {m.split(".")[0] for m in loaded} == {"psutil", "sti_monitor"}
    assert not {m for m in loaded if m.count(".") and m.split(".")[1] in ("ingest", "measure", "report", "publish")}
