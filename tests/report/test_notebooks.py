"""The committed notebooks: no outputs, no logic, a parameters cell that runs as it is."""

import ast
import shutil

import nbformat
import papermill as pm
import pytest

from sti_monitor.paths import NOTEBOOKS_DIR, SAMPLE_DATA_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_the_notebooks_exist():
    assert {p.name for p in NOTEBOOKS} == {"county_report.ipynb", "city_overview.ipynb", "explore.ipynb", "app.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear outputs (nbstripout)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_functions_or_classes_in_notebooks(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))], (
                path.name
            )


@pytest.mark.parametrize("name", ["county_report.ipynb", "city_overview.ipynb", "explore.ipynb"])
def test_parameters_cell_is_plain(name):
    nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    [params] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    for node in ast.parse(params.source).body:  # plain literals only, nothing computed
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)


@pytest.mark.slow  # papermill runs the notebook in a kernel
@pytest.mark.parametrize("name", ["county_report.ipynb", "city_overview.ipynb", "explore.ipynb"])
def test_notebook_runs_with_its_parameters_as_they_are(name, tmp_path):
    executed = pm.execute_notebook(
        str(NOTEBOOKS_DIR / name), str(tmp_path / name), progress_bar=False, engine_name="sti_warm"
    )
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert any("text/x-typst" in o.get("data", {}) for o in outputs)
    assert not [o for o in outputs if o.output_type == "error"]


@pytest.mark.slow
def test_explore_notebook_runs_on_the_data_and_year_given(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA_DIR, data)
    executed = pm.execute_notebook(
        str(NOTEBOOKS_DIR / "explore.ipynb"),
        str(tmp_path / "e.ipynb"),
        progress_bar=False,
        engine_name="sti_warm",
        parameters={"data_dir": str(data), "year": 2022},
    )
    assert not [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    html = [
        o["data"]["text/html"]
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "text/html" in o.get("data", {})
    ]
    # the headlines as a list of sentences (not a Python list's repr), for the year given
    assert any(h.startswith("<ul><li>2022年，鹿城区9项主要指标中，") for h in html)
