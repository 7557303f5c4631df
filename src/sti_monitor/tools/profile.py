"""``sti-monitor bench --profile``: the milliseconds of each stage of one warm district report (the kernel reset,
each notebook cell as papermill timed it, the rest of papermill's work, the Typst export and compile, the
writes), medians over several runs in this process with its warm kernel."""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from .bench import machine


def _profile_once(template, parameters: dict) -> tuple:
    """One warm report of ``parameters`` in a temporary folder: the executed notebook, the PDF and the
    ``perf_counter`` times before the kernel reset, after it, after papermill, the Typst export, the compile
    and the writes."""
    import nbformat
    import papermill as pm

    from ..atomic import write_bytes
    from ..batch.engine import reset_warm_kernel
    from ..typeset.exporter import notebook_to_typst
    from ..typeset.pdf import compile_pdf

    with tempfile.TemporaryDirectory(prefix="sti-profile-") as tmp:
        t0 = time.perf_counter()
        reset_warm_kernel()
        t1 = time.perf_counter()
        executed = pm.execute_notebook(
            template,
            os.path.join(tmp, "executed.ipynb"),
            engine_name="sti_warm",
            parameters=parameters,
            kernel_name="sti-monitor-here",
            progress_bar=False,
            cwd=tmp,
            request_save_on_cell_execute=False,
        )
        t2 = time.perf_counter()
        inputs: dict[str, str] = {}
        source, assets = notebook_to_typst(executed, inputs)
        t3 = time.perf_counter()
        pdf = compile_pdf(source, assets, inputs)
        t4 = time.perf_counter()
        write_bytes(Path(tmp) / "unit.ipynb", nbformat.writes(executed).encode("utf-8"))
        write_bytes(Path(tmp) / "unit.pdf", pdf)
        t5 = time.perf_counter()
    return executed, pdf, (t0, t1, t2, t3, t4, t5)


def _stages(executed, times) -> list[tuple[str, float]]:
    """(stage, seconds) of one profiled run, in order: the kernel reset, each code cell as papermill timed it,
    the rest of papermill's work, the export, the compile, the writes and the total."""
    t0, t1, t2, t3, t4, t5 = times
    stages = [("kernel reset", t1 - t0)]
    in_cells = 0.0
    for i, cell in enumerate([c for c in executed.cells if c.cell_type == "code"], start=1):
        seconds = cell.metadata.get("papermill", {}).get("duration") or 0.0
        in_cells += seconds
        first = next((line for line in cell.source.splitlines() if line.strip()), "")[:40]
        stages.append((f"cell {i}: {first}", seconds))
    # papermill resets the kernel again inside execute_notebook (timed above, counted once)
    stages.append(("papermill, rest (parameters, client, messages)", (t2 - t1) - in_cells - (t1 - t0)))
    stages.append(("export: notebook → Typst source", t3 - t2))
    stages.append(("Typst compile", t4 - t3))
    stages.append(("writes (ipynb + pdf)", t5 - t4))
    stages.append(("total", t5 - t1))
    return stages


def profile_unit(units: int = 50, repeats: int = 5, out: Path = Path("bench/profile")) -> dict:
    """Per-stage milliseconds of one warm district report among ``units`` synthetic units: the
    kernel reset, each notebook cell (as papermill timed it), the rest of papermill's work, the
    Typst source export, the Typst compile and the writes; medians over ``repeats`` runs after
    one warm-up run. Runs in this process, with this process's warm kernel."""
    import nbformat

    from ..batch.engine import shutdown_warm_kernel, warm_kernel
    from ..batch.job import pickle_results, results_file, template_for
    from ..measure import evaluate
    from .synth import make_synthetic

    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    data = make_synthetic(units, out / "data")
    results = evaluate(data)
    code = results.units.districts[0].code
    key, blob = pickle_results(results)
    parameters = {
        "data_dir": None,
        "year": results.latest_year,
        "unit_code": code,
        "framework": results.framework.id,
        "results_path": results_file(key, blob),
    }
    template = nbformat.read(template_for("district"), as_version=4)
    stages: dict[str, list[float]] = {}
    try:
        warm_kernel()
        for run in range(repeats + 1):
            executed, pdf, times = _profile_once(template, parameters)
            if run == 0:
                continue
            for name, seconds in _stages(executed, times):
                stages.setdefault(name, []).append(seconds * 1000)
    finally:
        shutdown_warm_kernel()
    return {
        "machine": machine(),
        "units": units,
        "repeats": repeats,
        "unit": code,
        "output_bytes": {"ipynb": len(nbformat.writes(executed).encode("utf-8")), "pdf": len(pdf)},
        "ms": {name: statistics.median(v) for name, v in stages.items()},
    }


def profile_table(f: dict) -> str:
    """The per-stage profile as a Markdown table."""
    lines = [
        f"Per-stage profile of one warm district report ({f['units']} synthetic units, median of {f['repeats']} runs; "
        f"executed notebook {f['output_bytes']['ipynb'] / 1024:.0f} KiB, PDF {f['output_bytes']['pdf'] / 1024:.0f} KiB):",
        "",
        "| stage | ms |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {ms:.1f} |" for name, ms in f["ms"].items()]
    return "\n".join(lines)
