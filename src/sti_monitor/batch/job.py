"""Render reports in batch: compute once, execute each unit's notebook with papermill, export
through the ``sti_pdf`` nbconvert exporter, and write PDFs and executed notebooks atomically.

Workers receive everything as values (job, results bytes) and return the PDF and the executed
notebook as bytes, so the same job runs in this process, in local worker processes, or on a
Dask cluster without a shared filesystem.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_bytes
from ..errors import StiMonitorError
from ..paths import NOTEBOOKS_DIR
from . import lifeline

logger = logging.getLogger(__name__)

NOTEBOOK_FOR_KIND = {
    "district": "county_report.ipynb",
    "zone": "county_report.ipynb",
    "area": "county_report.ipynb",
    "aggregate": "county_report.ipynb",
    "city": "city_overview.ipynb",
}


@dataclass(frozen=True)
class Job:
    """One unit's render: what the worker needs, as plain values."""

    unit_code: str
    unit_name: str
    slug: str
    year: int
    framework: str
    notebook: str  # the template notebook's JSON
    results_key: str  # SHA-256 of the pickled results
    results_path: str = ""  # the batch's results cache, beside the outputs (absolute)
    data_dir: str = ""  # absolute; recorded in the executed notebook, which recomputes from it
    inputs: dict = field(default_factory=dict)  # {"all": SHA-256 of every input, "files": {own file: SHA-256}}
    engine: str = "sti_warm"
    timeout: int = 600


@dataclass
class Outcome:
    """What came back for one unit: ``rendered`` or ``failed`` (with a reason), and the bytes."""

    unit_code: str
    unit_name: str
    status: str
    reason: str = ""
    seconds: float = 0.0
    retried: bool = False  # its first worker died; this is the second try
    pdf: bytes | None = field(default=None, repr=False)
    notebook: bytes | None = field(default=None, repr=False)
    failed_notebook: bytes | None = field(default=None, repr=False)


_results_files: dict[str, str] = {}


def results_file(key: str, blob: bytes | None, shared: str = "") -> str:
    """A file holding the pickled results: the batch's cache ``shared`` when this process sees it
    (same machine or shared drive), else a private copy written once per worker process and
    removed at its exit (a Dask worker on another machine)."""
    if shared and os.path.isfile(shared):
        return shared
    path = _results_files.get(key)
    if path is None or not os.path.exists(path):
        if blob is None:
            raise StiMonitorError("worker has no results for this batch")
        folder = lifeline.own(tempfile.mkdtemp(prefix="sti-results-"))
        path = os.path.join(folder, f"results-{key[:16]}.pkl")
        with open(path, "wb") as fh:
            fh.write(blob)
        _results_files[key] = path
    return path


def drop_results_files() -> None:
    """Remove this process's private copies of results (at exit, and at the end of a Dask batch)."""
    while _results_files:
        _, path = _results_files.popitem()
        lifeline.release(os.path.dirname(path))


atexit.register(drop_results_files)


def _error_reason(exc: Exception) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return f"笔记本第 {exc.exec_count} 个单元格出错：{exc.ename}: {exc.evalue}"
    if isinstance(exc, StiMonitorError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _parameters(job: Job, results_path: str) -> dict:
    """What the report was made from, as plain literals: re-executed later, elsewhere, it recomputes from
    ``data_dir`` when the cache at ``results_path`` is gone and says so when the inputs changed."""
    return {
        "data_dir": job.data_dir or None,
        "year": job.year,
        "unit_code": job.unit_code,
        "framework": job.framework,
        "results_path": results_path,
        # JSON text, not a dict literal: one string for the kernel to parse, at any number of files
        "inputs": json.dumps(job.inputs, ensure_ascii=False, sort_keys=True) if job.inputs else None,
    }


def execute_job(job: Job, results_blob: bytes | None = None) -> Outcome:
    """Execute one unit's notebook through papermill and typeset it; never raises."""
    import nbformat  # imported here: it costs ~2 s at start-up, which an unchanged re-run never needs
    import papermill as pm

    from ..typeset import TypstPDFExporter

    start = time.perf_counter()
    executed = None
    try:
        params = _parameters(job, results_file(job.results_key, results_blob, job.results_path))
        tmp = lifeline.own(tempfile.mkdtemp(prefix="sti-run-"))
        # papermill reads the template from a file and writes the executed notebook once: its
        # bytes are what the batch keeps (no second serialisation and validation of the notebook)
        in_path, out_path = os.path.join(tmp, "template.ipynb"), os.path.join(tmp, "executed.ipynb")
        try:
            with open(in_path, "w", encoding="utf-8") as fh:
                fh.write(job.notebook)
            executed = pm.execute_notebook(
                in_path,
                out_path,
                parameters=params,
                engine_name=job.engine,
                kernel_name="sti-monitor-here" if job.engine == "sti_warm" else None,
                progress_bar=False,
                execution_timeout=job.timeout,
                cwd=tmp,
                request_save_on_cell_execute=False,
            )
            with open(out_path, "rb") as fh:
                notebook = fh.read()
        except Exception:
            if os.path.exists(out_path):
                executed = nbformat.read(out_path, as_version=4)
            raise
        finally:
            lifeline.release(tmp)
        pdf, _ = TypstPDFExporter().from_notebook_node(executed)
        return Outcome(
            job.unit_code, job.unit_name, "rendered", seconds=time.perf_counter() - start, pdf=pdf, notebook=notebook
        )
    except Exception as exc:  # one unit's failure is reported, never fatal to the batch
        logger.debug("unit %s failed", job.unit_code, exc_info=True)
        failed = nbformat.writes(executed).encode("utf-8") if executed is not None else None
        return Outcome(
            job.unit_code,
            job.unit_name,
            "failed",
            _error_reason(exc),
            time.perf_counter() - start,
            failed_notebook=failed,
        )


def pickle_results(results) -> tuple[str, bytes]:
    blob = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha256(blob).hexdigest(), blob


def template_for(kind: str) -> Path:
    return NOTEBOOKS_DIR / NOTEBOOK_FOR_KIND[kind]


def save_outcome(outcome: Outcome, folder: Path, slug: str) -> None:
    """Write the PDF and executed notebook atomically; a failure leaves earlier complete reports as they were."""
    if outcome.status == "rendered":
        write_bytes(folder / f"{slug}.ipynb", outcome.notebook)
        write_bytes(folder / f"{slug}.pdf", outcome.pdf)
        stale = folder / f"{slug}.failed.ipynb"
        if stale.exists():
            stale.unlink()
    elif outcome.failed_notebook:
        write_bytes(folder / f"{slug}.failed.ipynb", outcome.failed_notebook)
