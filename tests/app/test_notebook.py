"""``notebooks/app.ipynb`` opened by hand (JupyterLab): the same panel, on the sample data."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets", reason="the control panel needs the app extra: pip install -e '.[app]'")


@pytest.mark.slow
def test_the_app_notebook_shows_the_panel_in_a_kernel(tmp_path, monkeypatch):
    import papermill as pm

    from sti_monitor.app.panel import ENV_FILES_URL, ENV_OUT, ENV_ROOTS
    from sti_monitor.paths import NOTEBOOKS_DIR

    for name in (ENV_ROOTS, ENV_FILES_URL):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(ENV_OUT, str(tmp_path / "reports"))  # not the project's reports/
    executed = pm.execute_notebook(str(NOTEBOOKS_DIR / "app.ipynb"), str(tmp_path / "app.ipynb"), progress_bar=False)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
