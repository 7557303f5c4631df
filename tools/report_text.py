"""Render the sample reports of every shipped plan and keep their PDF text, to compare.

A check for changes that must not change what a report says (a refactoring): run it
before, keep the folder, run it after, compare.

    python tools/report_text.py /tmp/report-baseline --data /tmp/report-data   # the five plans and synth-40
    python tools/report_text.py /tmp/report-after --data /tmp/report-data      # the same sample files
    python tools/report_text.py --compare /tmp/report-baseline /tmp/report-after

The text folder holds one file per PDF, ``{plan}/{year}/{code}_{name}.txt``, pages
separated by a form feed. ``--compare`` prints a unified diff of every file that differs,
is missing or is extra, and exits 1 when there is any; 0 when the folders match. Both runs must
read the same sample files (``--data``) on the same day (the cover shows the date of generation).

The package is run as ``python -m sti_monitor`` with this interpreter and environment, so
``PYTHONPATH=src`` picks the working tree's code.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# name -> (framework, where its data comes from, year): the repository's data/sample, the plan's
# `sample` (year None: the latest year folder), or `synth` (40 synthetic districts of wenzhou-2027,
# 2021-2023 in one workbook each: the summarised city report, which no shipped sample is large
# enough to get)
PLANS = {
    "wenzhou-2027": ("wenzhou-2027", "data/sample", None),
    "xinchang-2025": ("xinchang-2025", "sample", None),
    "wenzhou-zcq-2022": ("wenzhou-zcq-2022", "sample", None),
    "daluoshan-2022": ("daluoshan-2022", "sample", None),
    "jinzhou-2020": ("jinzhou-2020", "sample", None),
    "synth-40": ("wenzhou-2027", "synth", 2023),
}


def run_cli(*args: str) -> None:
    """Run ``sti-monitor ARGS`` with this interpreter; raise when it fails."""
    command = [sys.executable, "-m", "sti_monitor", *args]
    print("$", " ".join(command[1:]), flush=True)
    subprocess.run(command, check=True, env=os.environ.copy())


def latest_year(data_dir: Path) -> int:
    """The largest year among the data folder's year folders (``2023/``)."""
    years = [int(p.name) for p in data_dir.iterdir() if p.is_dir() and p.name.isdigit()]
    if not years:
        raise SystemExit(f"no year folder in {data_dir}")
    return max(years)


def pdf_text(pdf: Path) -> str:
    """Every page's extracted text, pages separated by a form feed."""
    from pypdf import PdfReader

    pages = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    return "\n\f\n".join(pages) + "\n"


def render_plan(plan: str, work: Path, data: Path, text_dir: Path, workers: int) -> int:
    """Render one plan's sample (latest year) into WORK and write its PDFs' text; the count. Generated
    sample data is kept in DATA and reused: the same values are written to different bytes at each
    generation (the workbooks' time stamps), which the appendix's SHA-256 would show."""
    framework, source, year = PLANS[plan]
    data_dir = ROOT / source if source == "data/sample" else data / plan
    if source == "sample" and not data_dir.exists():
        run_cli("sample", "--framework", framework, "--out", str(data_dir))
    elif source == "synth" and not data_dir.exists():
        run_cli("synth", "--units", "40", "--seed", "7", "--out", str(data_dir))
    year = year or latest_year(data_dir)
    out = work / "reports" / plan
    run_cli(
        "render",
        str(data_dir),
        "--framework",
        framework,
        "--year",
        str(year),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--force",
        "--quiet",
    )
    pdfs = sorted((out / str(year)).glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"{plan}: no PDF in {out / str(year)}")
    target = text_dir / plan / str(year)
    target.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        (target / f"{pdf.stem}.txt").write_text(pdf_text(pdf), encoding="utf-8")
    print(f"{plan} {year}: {len(pdfs)} reports -> {target}", flush=True)
    return len(pdfs)


def compare(a: Path, b: Path) -> int:
    """Print the differences between two text folders; 1 if any, else 0."""
    files_a = {p.relative_to(a) for p in a.rglob("*.txt")}
    files_b = {p.relative_to(b) for p in b.rglob("*.txt")}
    differences = 0
    for rel in sorted(files_a - files_b):
        print(f"only in {a}: {rel}")
        differences += 1
    for rel in sorted(files_b - files_a):
        print(f"only in {b}: {rel}")
        differences += 1
    identical = 0
    for rel in sorted(files_a & files_b):
        text_a = (a / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        text_b = (b / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        if text_a == text_b:
            identical += 1
            continue
        differences += 1
        sys.stdout.writelines(difflib.unified_diff(text_a, text_b, f"{a / rel}", f"{b / rel}"))
    print(f"{len(files_a | files_b)} reports, {identical} identical, {differences} differing or missing")
    return 1 if differences or not files_a else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, help="folder for the text files")
    parser.add_argument(
        "--compare", nargs=2, type=Path, metavar=("A", "B"), help="compare two text folders instead of rendering"
    )
    parser.add_argument(
        "--plans", default=",".join(PLANS), help="comma-separated names (default: the five plans and synth-40)"
    )
    parser.add_argument("--workers", type=int, default=1, help="render workers (default 1)")
    parser.add_argument("--work", type=Path, help="folder for the PDFs (default: a temporary one)")
    parser.add_argument(
        "--data",
        type=Path,
        help="folder of the generated sample data, reused when there (default: in --work); "
        "pass the baseline's to compare",
    )
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("give a folder for the text files, or --compare A B")
    plans = [p for p in args.plans.split(",") if p]
    unknown = [p for p in plans if p not in PLANS]
    if unknown:
        parser.error(f"unknown plan(s): {', '.join(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="report-text-") as tmp:
        work = args.work or Path(tmp)
        data = args.data or work / "data"
        total = sum(render_plan(plan, work, data, args.out, args.workers) for plan in plans)
    print(f"{total} reports' text in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
