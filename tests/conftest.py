"""Shared fixtures: tiny workbooks written with openpyxl directly, so tests do not trust the project's writer."""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import signal
import subprocess
import sys
import traceback
from pathlib import Path

import openpyxl
import psutil
import pytest
import yaml

from sti_monitor.cli.main import main as cli_main
from sti_monitor.ingest import UnitRegistry
from sti_monitor.ingest.units import Unit
from sti_monitor.measure.framework import load_framework_file
from sti_monitor.paths import SAMPLE_DATA_DIR

ROOT = Path(__file__).resolve().parents[1]

# A full, clean set of raw values for one district and one year (canonical units).
CLEAN = {
    "gdp": 500.0,
    "rd_expenditure": 15.0,
    "rd_personnel_fte": 4000.0,
    "employed_persons": 40.0,
    "ind_rd_expense": 20.0,
    "ind_revenue": 800.0,
    "hitech_enterprises": 200.0,
    "tech_smes": 900.0,
    "hitech_value_added": 120.0,
    "ind_value_added": 160.0,
    "tech_transactions": 12.5,
    "incubator_area_new": 8.0,
    "hitech_investment": 44.0,
}


def write_book(
    path: Path,
    rows,
    *,
    code="330302",
    name="鹿城区",
    years=(2023,),
    title="科技统计报表",
    header=("字段代码", "指标名称", "单位"),
    notes=("注：本表为测试数据。",),
    merge_title=True,
    identity_rows=None,
) -> Path:
    """Write a district workbook. ``rows`` are (code, name, unit, value per year...) tuples."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append([title])
    if merge_title:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3 + len(years))
    if identity_rows is None:
        identity_rows = [["行政区划代码", code, "单位名称", name]] if code or name else [[]]
    for r in identity_rows:
        ws.append(r)
    ws.append([])
    ws.append([*header, *[f"{y}年" for y in years]])
    for row in rows:
        ws.append(list(row))
    ws.append([])
    for note in notes:
        ws.append([note])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def clean_rows(values=None, year_count=1):
    values = {**CLEAN, **(values or {})}
    from sti_monitor.ingest.fields import load_fields

    fields = load_fields()
    return [(code, fields[code].name, fields[code].unit, *([v] * year_count)) for code, v in values.items()]


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A private copy of the sample data directory, safe to break."""
    dest = tmp_path / "sample"
    shutil.copytree(SAMPLE_DATA_DIR, dest)
    return dest


# A tiny framework file for the assessment, composite and outlook tests.
TINY_FRAMEWORK = {
    "id": "tiny",
    "name": "测试体系",
    "units": "wenzhou",
    "baseline_year": 2022,
    "final_year": 2027,
    "indicators": [
        {
            "id": "x",
            "name": "指标X",
            "short_name": "X",
            "unit": "%",
            "precision": 2,
            "group": "投入",
            "formula": {"kind": "ratio", "numerator": "rd_expenditure", "denominator": "gdp", "scale": 100},
            "targets": {2027: 3},
        },
        {
            "id": "y",
            "name": "指标Y",
            "short_name": "Y",
            "unit": "家",
            "precision": 0,
            "direction": "lower",
            "group": "投入",
            "formula": {"kind": "field", "field": "hitech_enterprises"},
            "targets": {2027: 3},
        },
        {
            "id": "z",
            "name": "指标Z",
            "short_name": "Z",
            "unit": "%",
            "precision": 1,
            "formula": {"kind": "growth", "field": "hitech_investment"},
            "targets": {2027: 15},
        },
    ],
}


TINY_GRADES = {"grades": {"优秀": 90, "良好": 80, "合格": 60}, "fail_grade": "不合格"}


@pytest.fixture
def tiny_framework(tmp_path):
    """``tiny_framework(assessment=..., composite=..., changes={"x": {...}})``: the framework file written and loaded."""

    def make(changes=None, **blocks):
        indicators = [{**spec, **(changes or {}).get(spec["id"], {})} for spec in TINY_FRAMEWORK["indicators"]]
        # the tiny plan grades (a framework's own setting); ``assessment={"grades": None}`` for none
        blocks["assessment"] = {
            k: v for k, v in {**TINY_GRADES, **(blocks.get("assessment") or {})}.items() if v is not None
        }
        path = tmp_path / "tiny.yaml"
        path.write_text(
            yaml.safe_dump({**TINY_FRAMEWORK, "indicators": indicators, **blocks}, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        return load_framework_file(path)

    return make


@pytest.fixture
def units_of():
    """``units_of(["D1", "D2"], zones=["Z"])``: city C with those districts and zones."""

    def make(districts, zones=()) -> UnitRegistry:
        return UnitRegistry(
            "t",
            Unit("C", "全市", "city"),
            [Unit(c, f"区{c}", "district") for c in districts],
            [Unit(c, f"园{c}", "zone") for c in zones],
        )

    return make


def marked_processes(mark: str) -> list:
    """Processes whose environment carries ``STI_TEST_MARK=mark`` (a run started by a test, and its children)."""
    found = []
    for p in psutil.process_iter():
        try:
            if p.environ().get("STI_TEST_MARK") == mark:
                found.append(p)
        except (psutil.Error, OSError):
            pass
    return found


def write_units(data_dir: Path, *codes: str) -> Path:
    """A ``units.yaml`` in ``data_dir`` listing only these Wenzhou districts (and the city), for a data
    directory that is complete with one or two districts: every unit not listed would be 未报送."""
    wenzhou = yaml.safe_load((ROOT / "params" / "units" / "wenzhou.yaml").read_text(encoding="utf-8"))
    spec = {"id": "test", "city": wenzhou["city"], "districts": [d for d in wenzhou["districts"] if d["code"] in codes]}
    path = Path(data_dir) / "units.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def edit_cells(path: Path, sheet: str = "数据", **cells) -> Path:
    """Set cells (``C6="万元"``) of one sheet of a copied workbook, as a statistician editing it in Excel would."""
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)
    return path


# Evaluated once per test run and shared (the fast loop evaluated the same samples in a dozen modules). Read only:
# a test that changes data or results makes its own copy.
@pytest.fixture(scope="session")
def evaluated_sample():
    """``data/sample`` evaluated."""
    from sti_monitor.measure.results import evaluate

    return evaluate(SAMPLE_DATA_DIR)


@pytest.fixture(scope="session")
def plan_sample(tmp_path_factory):
    """``plan_sample("jinzhou-2020")``: that plan's illustrative data directory (``sti-monitor sample``)."""
    from sti_monitor.tools.synth import make_plan_sample

    made = {}

    def get(plan: str) -> Path:
        if plan not in made:
            made[plan] = make_plan_sample(plan, tmp_path_factory.mktemp("plan") / plan)
        return made[plan]

    return get


@pytest.fixture(scope="session")
def evaluated_plan(plan_sample):
    """``evaluated_plan("daluoshan-2022")``: that plan's illustrative sample evaluated with its framework."""
    from sti_monitor.measure.results import evaluate

    done = {}

    def get(plan: str):
        if plan not in done:
            done[plan] = evaluate(plan_sample(plan), plan)
        return done[plan]

    return get


@pytest.fixture
def words():
    """``words("jinzhou")``: the reports speak that units file's plan words; Wenzhou's again after the test."""
    from sti_monitor.ingest.units import load_units
    from sti_monitor.paths import UNITS_DIR
    from sti_monitor.report.wording import speak_for

    def speak(units_id):
        speak_for(load_units(UNITS_DIR / f"{units_id}.yaml"))

    yield speak
    speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))


def run_cli(*args) -> subprocess.CompletedProcess:
    """``sti-monitor ARGS`` as the console script runs it (``main(argv)``), in this process: a subprocess would
    spend about a second importing pandas for every call. Its stdout and stderr are captured, an exception that
    escapes ``main`` is printed as a traceback with exit code 1 (as Python would), and argparse's exit is the
    exit code. ``render`` (kernels, fingerprints of the state it runs in), the errors of ``tests/test_cli_help.py``
    and the fault tests start real processes.
    """
    argv = [str(a) for a in args]
    if argv[:1] == ["render"]:  # a render starts kernels and reads its fingerprints: a fresh process, as a user's
        return subprocess.run([sys.executable, "-m", "sti_monitor", *argv], capture_output=True, text=True)
    out, err = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers = []  # main's logging.basicConfig then writes to the captured stderr, as in a fresh process
    term, interrupt = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_main(argv)
        except SystemExit as exc:  # argparse: usage errors (2) and --version (0)
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except Exception:
            traceback.print_exc()
            code = 1
        finally:
            signal.signal(signal.SIGTERM, term)  # and SIGINT: a child started later inherits an ignored one
            signal.signal(signal.SIGINT, interrupt)
            root.handlers, root.level = handlers, level
    return subprocess.CompletedProcess(["sti-monitor", *argv], code or 0, out.getvalue(), err.getvalue())
