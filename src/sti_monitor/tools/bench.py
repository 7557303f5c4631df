"""``sti-monitor bench`` and ``sti-monitor bench --stress``: measured figures, not timed tests.

Benchmark, on the same synthetic units in one run:
(a) the naive loop: the ``papermill`` command then ``jupyter nbconvert --to pdf`` per unit,
    sequentially, with a LaTeX template loading xeCJK when ``xelatex`` is installed (else
    ``--to html`` as a generous stand-in); run on the first ``naive_units`` units;
(b) ``sti-monitor render`` cold; (c) a re-run with nothing changed; (d) a re-run after one
district's value changed, and (d') after one district's file changed without any value changing.
Every phase runs as a fresh process; peak memory is the largest sum of resident memory over
that process and all its descendants (workers, kernels), sampled every 100 ms.

Also: :func:`scale`, the same cold and unchanged renders at several sizes (100, 400 and 1,000
units by default); :func:`~.profile.profile_unit` gives the milliseconds of each stage of one warm unit.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil

from ..paths import NOTEBOOKS_DIR

BIN = Path(sys.executable).parent


def _tree_rss(proc: psutil.Process | None) -> int:
    if proc is None:
        return 0
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in members:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run ``cmd``; return wall seconds, peak resident memory of its process tree (bytes), and the result."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        ps = psutil.Process(proc.pid)
    except psutil.Error:  # already finished
        ps = None
    peak, done = [0], threading.Event()

    def sample():  # every 0.1 s: often enough for a plateau, and the sampling itself stays cheap
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(ps))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    return time.perf_counter() - start, peak[0], subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _xecjk_template(folder: Path) -> Path:
    from ..report import SANS, SERIF, font_files

    files = font_files()
    serif = files.get(SERIF, files[SANS])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.json").write_text(
        '{"base_template": "latex", "mimetypes": {"text/latex": true, "application/pdf": true}}'
    )
    (folder / "index.tex.j2").write_text(
        "((* extends 'latex/index.tex.j2' *))\n((* block packages *))\n((( super() )))\n\\usepackage{xeCJK}\n"
        f"\\setCJKmainfont[Path={serif.parent}/]{{{serif.name}}}\n"
        f"\\setCJKsansfont[Path={files[SANS].parent}/]{{{files[SANS].name}}}\n((* endblock packages *))\n"
    )
    return folder / "index.tex.j2"


def naive_loop(data: Path, codes: list[str], year: int, work: Path) -> dict:
    """(a): papermill, then nbconvert, per unit, one after the other."""
    import pypandoc

    env = {**os.environ, "PATH": f"{Path(pypandoc.get_pandoc_path()).parent}{os.pathsep}{os.environ['PATH']}"}
    latex = shutil.which("xelatex") is not None
    template = _xecjk_template(work / "xecjk") if latex else None
    times, peak = [], 0
    for code in codes:
        out = work / f"{code}.ipynb"
        t1, m1, r1 = run_measured(
            [
                str(BIN / "papermill"),
                str(NOTEBOOKS_DIR / "county_report.ipynb"),
                str(out),
                "-p",
                "data_dir",
                str(data),
                "-p",
                "year",
                str(year),
                "-p",
                "unit_code",
                code,
                "-k",
                "python3",
                "--no-progress-bar",
            ],
            env,
        )
        if r1.returncode:
            raise RuntimeError(f"naive papermill failed for {code}: {r1.stderr.decode()[-500:]}")
        if latex:
            # LaTeX cannot take the notebook's SVG outputs without Inkscape, so this typesets its
            # text only: less work than a full report, a generous stand-in for the naive PDF path
            cmd = [
                str(BIN / "jupyter"),
                "nbconvert",
                "--to",
                "pdf",
                "--template-file",
                str(template),
                "--TemplateExporter.exclude_output=True",
                str(out),
            ]
        else:
            cmd = [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)]
        t2, m2, r2 = run_measured(cmd, env)
        if r2.returncode:
            raise RuntimeError(f"naive nbconvert failed for {code}: {r2.stderr.decode()[-500:]}")
        times.append(t1 + t2)
        peak = max(peak, m1, m2)
    return {
        "units": len(codes),
        "total_s": sum(times),
        "per_unit_median_s": statistics.median(times),
        "per_unit_s": times,
        "peak_mb": peak / 2**20,
        "converter": "nbconvert --to pdf (xelatex + xeCJK)" if latex else "nbconvert --to html (no xelatex here)",
    }


def _render(data: Path, out: Path, year: int, workers: int, extra=()) -> dict:
    report = out / f".run-{uuid.uuid4().hex[:8]}.json"
    cmd = [
        str(BIN / "sti-monitor"),
        "render",
        str(data),
        "--year",
        str(year),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "-q",
        "--json",
        str(report),
        *extra,
    ]
    seconds, peak, result = run_measured(cmd)
    summary = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {"units": []}
    report.unlink(missing_ok=True)
    rendered = [u for u in summary["units"] if u["status"] == "rendered"]
    seconds_of = {u["unit_code"]: u["seconds"] for u in rendered}
    failed = [u for u in summary["units"] if u["status"] == "failed"]
    return {
        "exit_code": result.returncode,
        "total_s": seconds,
        "units": len(summary["units"]),
        "rendered": len(rendered),
        "skipped": sum(u["status"] == "skipped" for u in summary["units"]),
        "failed": len(failed),
        "failures": [f"{u['unit_code']}: {u['reason']}" for u in failed][:20],
        "per_unit_median_s": statistics.median([u["seconds"] for u in rendered]) if rendered else None,
        "amortized_s_per_unit": seconds / len(rendered) if rendered else None,
        "peak_mb": peak / 2**20,
        "reasons": sorted({u["reason"] for u in summary["units"]}),
        "unit_seconds": seconds_of,
    }


def _edit(path: Path, ref: str, value) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["数据"][ref] = value
    wb.save(path)


def _scale(path: Path, ref: str, factor: float) -> None:
    """Multiply a numeric cell by ``factor`` (a plausible revision: a value no check rejects)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["数据"][ref] = round(wb["数据"][ref].value * factor, 2)
    wb.save(path)


def machine() -> str:
    mem = psutil.virtual_memory().total / 2**30
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def bench(units: int = 100, naive_units: int = 5, workers: int = 2, out: Path = Path("bench")) -> dict:
    """Run (a)–(d) and return the figures; also written to ``out/results.json``."""
    from .synth import make_synthetic

    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    data = make_synthetic(units, out / "data")
    codes = sorted(p.name.split("_")[0] for p in data.glob("*.xlsx"))
    year = 2023
    figures = {"machine": machine(), "units": units, "workers": workers}
    with tempfile.TemporaryDirectory(prefix="sti-naive-") as tmp:
        figures["a_naive"] = naive_loop(data, codes[:naive_units], year, Path(tmp))
    reports = out / "reports"
    figures["b_cold"] = _render(data, reports, year, workers)
    figures["c_unchanged"] = _render(data, reports, year, workers)
    _scale(data / next(p.name for p in data.glob(f"{codes[0]}_*.xlsx")), "F5", 1.05)  # a 2023 GDP value, revised by 5%
    figures["d_one_value_changed"] = _render(data, reports, year, workers)
    _edit(data / next(p.name for p in data.glob(f"{codes[1]}_*.xlsx")), "A40", "注：文件有改动，数值未变")
    figures["d_one_file_touched"] = _render(data, reports, year, workers)
    a, b = figures["a_naive"], figures["b_cold"]
    figures["naive_over_cold_per_unit"] = a["per_unit_median_s"] / b["amortized_s_per_unit"]
    (out / "results.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return figures


def scale(sizes=(100, 400, 1000), workers: int = 2, out: Path = Path("bench/scale")) -> dict:
    """For each number of synthetic units: a cold render (s per unit amortized, peak memory of the
    process tree), the city report's pages and seconds, and an unchanged re-run."""
    from pypdf import PdfReader

    from .synth import make_synthetic

    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    rows = []
    for n in sizes:
        data = make_synthetic(n, out / str(n) / "data")
        reports = out / str(n) / "reports"
        cold = _render(data, reports, 2023, workers)
        unchanged = _render(data, reports, 2023, workers)
        city = next((reports / "2023").glob("900000_*.pdf"), None)  # the synthetic city's code
        rows.append(
            {
                "units": n,
                "rendered": cold["rendered"],
                "failed": cold["failed"],
                "cold_s": cold["total_s"],
                "s_per_unit": cold["amortized_s_per_unit"],
                "peak_mb": cold["peak_mb"],
                "aggregate_pages": len(PdfReader(city).pages) if city else None,
                "aggregate_s": cold["unit_seconds"].get("900000"),
                "unchanged_s": unchanged["total_s"],
            }
        )
        shutil.rmtree(out / str(n) / "data")  # the next size's workbooks replace these: disk stays small
    figures = {"machine": machine(), "workers": workers, "rows": rows}
    (out / "results.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return figures


def scale_table(f: dict) -> str:
    """The scale figures as a Markdown table; per-unit time relative to the smallest size."""
    rows = f["rows"]
    first = rows[0]["s_per_unit"] if rows and rows[0]["s_per_unit"] else None
    fmt = lambda x, d=2: "—" if x is None else f"{x:.{d}f}"  # noqa: E731
    lines = [
        f"Scale (cold render, {f['workers']} workers; machine: {f['machine']}):",
        "",
        "| units + city | cold total s | s per unit (amortized) | × smallest | peak memory MB | "
        "city report pages | city report s | unchanged re-run s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = r["s_per_unit"] / first if first and r["s_per_unit"] else None
        lines.append(
            f"| {r['units']} | {r['cold_s']:.1f} | {fmt(r['s_per_unit'], 3)} | {fmt(ratio)} | {r['peak_mb']:.0f} | "
            f"{r['aggregate_pages'] if r['aggregate_pages'] is not None else '—'} | {fmt(r['aggregate_s'], 1)} | "
            f"{r['unchanged_s']:.2f} |" + (f" ({r['failed']} failed)" if r["failed"] else "")
        )
    return "\n".join(lines)


def table(f: dict) -> str:
    """The figures as a Markdown table."""
    rows = [
        (
            "(a) naive loop, " + f["a_naive"]["converter"] + f", {f['a_naive']['units']} units",
            f["a_naive"]["units"],
            f["a_naive"]["total_s"],
            f["a_naive"]["per_unit_median_s"],
            f["a_naive"]["per_unit_median_s"],
            f["a_naive"]["peak_mb"],
        )
    ]
    for key, label in [
        ("b_cold", "(b) sti-monitor render, cold"),
        ("c_unchanged", "(c) re-run, nothing changed"),
        ("d_one_value_changed", "(d) re-run, one district's value changed"),
        ("d_one_file_touched", "(d') re-run, one district's file changed, no value"),
    ]:
        r = f[key]
        rows.append(
            (label, r["rendered"], r["total_s"], r["amortized_s_per_unit"], r["per_unit_median_s"], r["peak_mb"])
        )
    lines = [
        f"Machine: {f['machine']}; {f['units']} synthetic units + city; {f['workers']} workers.",
        "",
        "| phase | reports rendered | total s | s per unit (amortized) | per-unit median s | peak memory MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    fmt = lambda x: "—" if x is None else f"{x:.2f}"  # noqa: E731
    for label, n, total, amort, med, mem in rows:
        lines.append(f"| {label} | {n} | {total:.1f} | {fmt(amort)} | {fmt(med)} | {mem:.0f} |")
    lines.append("")
    lines.append(f"Naive (a) per unit ÷ cold (b) per unit: **{f['naive_over_cold_per_unit']:.0f}×**.")
    return "\n".join(lines)


def _leftovers(mark: str) -> list[int]:
    pids = []
    for p in psutil.process_iter(["pid"]):
        try:
            if p.environ().get("STI_STRESS_MARK") == mark:
                pids.append(p.pid)
        except (psutil.Error, OSError):
            pass
    return pids


def stress(units: int = 1000, workers: int = 4, out: Path = Path("bench/stress")) -> dict:
    """Render ``units`` synthetic units with ``workers`` workers; count failures and leftover processes."""
    from .synth import make_synthetic

    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    data = make_synthetic(units, out / "data")
    mark = uuid.uuid4().hex
    report = out / "run.json"
    cmd = [
        str(BIN / "sti-monitor"),
        "render",
        str(data),
        "--year",
        "2023",
        "--out",
        str(out / "reports"),
        "--workers",
        str(workers),
        "-q",
        "--json",
        str(report),
    ]
    seconds, peak, result = run_measured(cmd, {**os.environ, "STI_STRESS_MARK": mark})
    time.sleep(2)
    summary = json.loads(report.read_text(encoding="utf-8"))
    failed = [u for u in summary["units"] if u["status"] == "failed"]
    return {
        "machine": machine(),
        "units": len(summary["units"]),
        "workers": workers,
        "total_s": seconds,
        "failures": len(failed),
        "failed": [f"{u['unit_code']}: {u['reason']}" for u in failed][:20],
        "leftover_processes": len(_leftovers(mark)),
        "peak_mb": peak / 2**20,
        "exit_code": result.returncode,
    }
