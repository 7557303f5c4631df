"""The warm-kernel papermill engine: one kernel per process, and nothing leaks between units."""

import os

import nbformat
import papermill as pm
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from sti_monitor.batch.engine import shutdown_warm_kernel

pytestmark = pytest.mark.slow

FIRST = """
import os, sys, warnings
import matplotlib, pandas as pd
from sti_monitor import report
leaked = 42
matplotlib.rcParams["lines.linewidth"] = 9
pd.set_option("display.max_rows", 3)
warnings.simplefilter("error")
sys.path.append("/leak")
results = report.load(None, "wenzhou-2027", results_path)
results.table["value"] = -1.0          # mutate a loaded frame
os.chdir("/")
open(pid_file, "w").write(str(os.getpid()))
"""
SECOND = """
import os, sys, warnings
import matplotlib, pandas as pd
from sti_monitor import report
from sti_monitor.report.fonts import chart_rc
assert "leaked" not in globals(), "a variable leaked"
assert "results" not in globals(), "a variable leaked"
assert matplotlib.rcParams["lines.linewidth"] == matplotlib.rcParamsDefault["lines.linewidth"], "rcParams leaked"
assert matplotlib.rcParams["font.sans-serif"][0] == chart_rc()["font.sans-serif"][0]
assert pd.get_option("display.max_rows") == 60, "pandas option leaked"
assert not any(f[0] == "error" for f in warnings.filters), "warnings filter leaked"
assert "/leak" not in sys.path, "sys.path leaked"
assert os.getcwd() == expected_cwd, os.getcwd()
assert report.load(None, "wenzhou-2027", results_path).table["value"].max() > 0, "a cached frame leaked"
same_kernel = open(pid_file).read() == str(os.getpid())
print("same kernel:", same_kernel)
assert same_kernel, "the kernel was not reused"
"""


def notebook(source):
    nb = new_notebook(
        cells=[
            new_code_cell(
                "results_path = None\npid_file = None\nexpected_cwd = None", metadata={"tags": ["parameters"]}
            ),
            new_code_cell(source),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_nothing_leaks_from_one_unit_to_the_next(tmp_path):
    from sti_monitor.batch.job import pickle_results, results_file
    from sti_monitor.measure.results import evaluate
    from sti_monitor.paths import SAMPLE_DATA_DIR

    key, blob = pickle_results(evaluate(SAMPLE_DATA_DIR))
    params = {"results_path": results_file(key, blob), "pid_file": str(tmp_path / "pid"), "expected_cwd": str(tmp_path)}
    try:
        for i, source in enumerate([FIRST, SECOND]):
            src = tmp_path / f"nb{i}.ipynb"
            nbformat.write(notebook(source), src)
            pm.execute_notebook(
                str(src),
                str(tmp_path / f"out{i}.ipynb"),
                parameters=params,
                engine_name="sti_warm",
                progress_bar=False,
                cwd=str(tmp_path),
            )
    finally:
        shutdown_warm_kernel()
    out = nbformat.read(tmp_path / "out1.ipynb", as_version=4)
    assert [c.execution_count for c in out.cells if c.cell_type == "code"] == [1, 2, 3]  # counters restart per unit
    assert "same kernel: True" in "".join(o.get("text", "") for c in out.cells for o in c.get("outputs", []))


def test_kernel_uses_ipc_transport():
    from sti_monitor.batch.engine import warm_kernel

    try:
        km = warm_kernel()
        assert km.transport == "ipc" and os.path.exists(km.connection_file)
        folder = os.path.dirname(km.connection_file)
    finally:
        shutdown_warm_kernel()
    assert not os.path.exists(folder)


BEFORE_RESET = """
import gc
gc.collect()  # generations 0 and 1 start empty: no automatic full collection can fall in the reset
open(stats_file, "w").write(str(gc.get_stats()[2]["collections"]))
"""
AFTER_RESET = """
import gc
full_collections = gc.get_stats()[2]["collections"] - int(open(stats_file).read())
print("full collections during the reset:", full_collections, "frozen:", gc.get_freeze_count())
assert full_collections == 0, "the reset ran a full garbage collection"
assert gc.get_freeze_count() > 10_000, "the warm-up did not freeze the imported libraries"
"""


def test_reset_runs_no_full_collection(tmp_path):
    params = {"stats_file": str(tmp_path / "gc"), "results_path": None}
    try:
        for i, source in enumerate([BEFORE_RESET, AFTER_RESET]):
            nb = new_notebook(
                cells=[
                    new_code_cell("stats_file = None\nresults_path = None", metadata={"tags": ["parameters"]}),
                    new_code_cell(source),
                ]
            )
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            nbformat.write(nb, tmp_path / f"gc{i}.ipynb")
            pm.execute_notebook(
                str(tmp_path / f"gc{i}.ipynb"),
                str(tmp_path / f"gc-out{i}.ipynb"),
                parameters=params,
                engine_name="sti_warm",
                progress_bar=False,
                cwd=str(tmp_path),
            )
    finally:
        shutdown_warm_kernel()
    out = nbformat.read(tmp_path / "gc-out1.ipynb", as_version=4)
    assert "full collections during the reset: 0" in "".join(
        o.get("text", "") for c in out.cells for o in c.get("outputs", [])
    )


def test_deep_tmpdir_falls_back_to_tcp(tmp_path, monkeypatch):
    """A socket path longer than the system allows would hang the kernel's start."""
    import tempfile

    from sti_monitor.batch.engine import warm_kernel

    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    try:
        km = warm_kernel()
        assert km.transport == "tcp" and km.is_alive()
    finally:
        shutdown_warm_kernel()
    assert list(deep.iterdir()) == []
