"""On each of the five seed plans' samples, a fingerprint covers every unit its report compares with,
sums or ranks against (the units the plan's city sums, whatever their kind; an aggregate's members):
after an edit, exactly the reports showing a changed number would re-render, the others are skipped.
The expected sets are written by hand from the plans' unit lists (``params/units/``)."""

import shutil

import openpyxl
import pytest

from sti_monitor.batch.fingerprint import unit_fingerprints
from sti_monitor.batch.job import NOTEBOOK_FOR_KIND
from sti_monitor.batch.reasons import why
from sti_monitor.measure.results import evaluate
from sti_monitor.tools.synth import make_plan_sample

pytestmark = pytest.mark.slow  # no PDF, but two evaluations of a sample per case

PLANS = ["wenzhou-2027", "xinchang-2025", "wenzhou-zcq-2022", "daluoshan-2022", "jinzhou-2020"]
YEAR = {
    "wenzhou-2027": 2023,
    "xinchang-2025": 2025,
    "wenzhou-zcq-2022": 2022,
    "daluoshan-2022": 2022,
    "jinzhou-2020": 2020,
}
WENZHOU = {
    "330300",
    "330302",
    "330303",
    "330304",
    "330305",
    "330324",
    "330326",
    "330327",
    "330328",
    "330329",
    "330381",
    "330382",
    "330383",
}  # the city and its 12 districts
ZCQ_AREAS = {"3303Z1", "3303Z2", "3303Z3", "3303Z4", "3303Z5", "3303Z6"}  # the corridor's areas, summed into 3303Z0
DALUOSHAN = {"DLS00", "DLS01", "DLS02", "DLS03", "DLS04", "DLS05", "DLS06"}  # the plan's city sums its areas
JINZHOU = {"210700", "210702", "210703", "210711", "210726", "210727", "210781", "210782"}


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    root = tmp_path_factory.mktemp("plans")
    return {plan: make_plan_sample(plan, root / plan) for plan in PLANS}


def _book(data, year, code):
    (path,) = (data / str(year)).glob(f"{code}_*.xlsx")
    return path


def _cell(sheet, field):
    """The value cell of ``field`` in a district workbook's 数据 sheet (codes in column A, the year in D)."""
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == field)
    return sheet.cell(row, 4)


def _swap(data, year, a, b, field):
    """Exchange ``field``'s values of units ``a`` and ``b``: every sum stays, their ranks change."""
    books = {code: openpyxl.load_workbook(_book(data, year, code)) for code in (a, b)}
    cells = {code: _cell(wb["数据"], field) for code, wb in books.items()}
    assert cells[a].value != cells[b].value, "the precondition: two different values to swap"
    cells[a].value, cells[b].value = cells[b].value, cells[a].value
    for code, wb in books.items():
        wb.save(_book(data, year, code))


def _note(data, year, code):
    """A note below the table: the file changes, none of its numbers do."""
    path = _book(data, year, code)
    wb = openpyxl.load_workbook(path)
    wb["数据"].cell(wb["数据"].max_row + 3, 1).value = "注：补充说明"
    wb.save(path)


def _rerendered(plan, before, after) -> set[str]:
    """The units whose fingerprint changed from ``before`` (a data folder) to ``after``."""
    notebooks = dict.fromkeys(NOTEBOOK_FOR_KIND, "{}")
    prints = []
    for data in (before, after):
        results = evaluate(data, plan)
        prints.append(unit_fingerprints(results, [u.code for u in results.units.all()], YEAR[plan], notebooks))
    assert prints[0].keys() == prints[1].keys()
    return {code for code in prints[1] if why(prints[0][code], prints[1][code])}


# plan, edit (note: a member's file touched; swap: two members' values exchanged, field), the reports to re-render
CASES = [
    ("wenzhou-2027", ("note", "330302"), {"330302", "330300"}),  # its own, and the city's that lists its file
    ("wenzhou-2027", ("swap", "330302", "330303", "gdp"), WENZHOU | {"330371", "330372"}),  # every report ranks them
    ("xinchang-2025", ("note", "330624"), {"330624"}),  # a plan of one unit
    ("wenzhou-zcq-2022", ("note", "3303Z1"), {"3303Z1", "3303Z0"}),  # the aggregate lists its members' files
    ("wenzhou-zcq-2022", ("swap", "3303Z1", "3303Z2", "gdp"), {"3303Z1", "3303Z2", "3303Z0"}),  # not summed by the city
    ("daluoshan-2022", ("note", "DLS01"), {"DLS01", "DLS00"}),  # the city's members are areas here
    ("daluoshan-2022", ("swap", "DLS01", "DLS02", "hitech_enterprises"), DALUOSHAN),  # the city total stays; ranks move
    ("jinzhou-2020", ("note", "210702"), {"210702", "210700"}),
    ("jinzhou-2020", ("swap", "210702", "210703", "hitech_enterprises"), JINZHOU),
]


@pytest.mark.parametrize("plan, edit, expected", CASES, ids=[f"{p}-{e[0]}" for p, e, _ in CASES])
def test_an_edit_rerenders_exactly_the_reports_showing_it(samples, tmp_path, plan, edit, expected):
    data = tmp_path / "data"
    shutil.copytree(samples[plan], data)
    if edit[0] == "note":
        _note(data, YEAR[plan], edit[1])
    else:
        _swap(data, YEAR[plan], *edit[1:])
    assert _rerendered(plan, samples[plan], data) == expected
