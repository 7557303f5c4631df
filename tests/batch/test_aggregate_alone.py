"""With several workers, the city report runs in a process of its own, which ends when it is done."""

import psutil
import pytest
from nbformat import writes
from nbformat.v4 import new_code_cell, new_notebook

from sti_monitor.batch import render_batch
from sti_monitor.tools.synth import make_synthetic

pytestmark = pytest.mark.slow

RECORD = """
import os
from sti_monitor.report.elements import Paragraph
open(os.path.join(os.environ["STI_TEST_PIDS"], str(unit_code)), "w").write(str(os.getppid()))  # the worker's pid
Paragraph("测试")
"""


def test_city_report_runs_alone_and_its_process_ends(tmp_path, monkeypatch):
    data = make_synthetic(5, tmp_path / "data")
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv("STI_TEST_PIDS", str(pids))  # workers and their kernels inherit it
    nb = new_notebook(
        cells=[
            new_code_cell(
                "unit_code = None\nyear = None\ndata_dir = None\nframework = None\nresults_path = None",
                metadata={"tags": ["parameters"]},
            ),
            new_code_cell(RECORD),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    template = tmp_path / "record.ipynb"
    template.write_text(writes(nb), encoding="utf-8")
    summary = render_batch(
        data, 2023, out=tmp_path / "out", workers=2, progress=False, templates={"district": template, "city": template}
    )
    assert summary.ok and summary.count("rendered") == 6, summary.units
    worker = {p.name: int(p.read_text()) for p in pids.iterdir()}
    city = worker.pop("900000")
    assert city not in worker.values()  # no district shared the city's process
    assert len(set(worker.values())) <= 2  # the districts ran in at most two workers
    assert not psutil.pid_exists(city) or psutil.Process(city).status() == psutil.STATUS_ZOMBIE
