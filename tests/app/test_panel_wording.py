"""Every sentence the panel can show exists in ``params/wording/app.yaml``: no 缺少文字模板 in the page."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets", reason="the control panel needs the app extra: pip install -e '.[app]'")

from sti_monitor.app.views import status_label, unit_line
from sti_monitor.batch.run import UnitReport
from sti_monitor.report.wording import say, templates

SRC = Path(__file__).resolve().parents[2] / "src" / "sti_monitor"


def _literal_statuses() -> set[str]:
    """Every status written as a literal where the batch builds a unit's report or outcome
    (``UnitReport(code, name, slug, status, …)``, ``Outcome(code, name, status, …)``)."""
    position = {"UnitReport": 3, "Outcome": 2}
    found = set()
    for path in (SRC / "batch").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in position):
                continue
            args = node.args[position[node.func.id] : position[node.func.id] + 1]
            args += [k.value for k in node.keywords if k.arg == "status"]
            found |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def test_the_walk_finds_the_batch_statuses():
    # the five the batch documents; the walk must see at least these, or it proves nothing
    assert {"rendered", "skipped", "failed", "rejected", "held"} <= _literal_statuses()


@pytest.mark.parametrize("status", sorted(_literal_statuses()))
def test_every_batch_status_has_its_words_and_a_line(status, tmp_path):
    assert f"app_status_{status}" in templates()
    line = unit_line(
        UnitReport("330302", "鹿城区", "330302_鹿城区", status, "原因（运行 sti-monitor validate 查看全部问题）", 1.0)
    )
    assert f"{status_label(status)} 330302 鹿城区：" in line
    assert "sti-monitor" not in line  # the page offers buttons, not commands
    forced = unit_line(UnitReport("330302", "鹿城区", "330302_鹿城区", status, "--force 强制重新生成", 1.0))
    assert "--" not in forced


def test_a_status_without_words_still_shows_a_chinese_line():
    assert status_label("brand_new") == "状态 brand_new"


def test_every_key_the_app_names_exists_with_the_fields_it_passes():
    """Each ``say("app_…", field=…)`` in src/sti_monitor/app/ names a template with exactly those fields."""
    calls = 0
    for path in (SRC / "app").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say"):
                continue
            key = node.args[0]
            fields = {k.arg: 1.0 for k in node.keywords}
            if isinstance(key, ast.Constant):
                say(key.value, **fields)  # raises on a missing key or field
                calls += 1
    assert calls > 40


@pytest.mark.parametrize(
    "key",
    [
        "app_task_validate",
        "app_task_render",
        "app_col_sheet",
        "app_col_cell",
        "app_col_level",
        "app_col_what",
        "app_col_fix",
        "app_render_rejected",
        "app_render_held",
    ],
)
def test_keys_built_from_a_name_exist(key):
    assert key in templates()
