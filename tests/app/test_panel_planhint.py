"""A folder of another plan's units, checked against the chosen plan, gets one sentence naming that plan."""

from __future__ import annotations

import subprocess

import pytest

pytest.importorskip("ipywidgets", reason="the control panel needs the app extra: pip install -e '.[app]'")


def test_a_folder_of_another_plan_names_that_plan(tmp_path):
    from serving import BIN, server_env

    from sti_monitor.app import ControlPanel

    subprocess.run(
        [str(BIN), "sample", "--framework", "jinzhou-2020", "--out", str(tmp_path / "jinzhou")],
        env=server_env(),
        capture_output=True,
        timeout=300,
        check=True,
    )
    panel = ControlPanel([tmp_path / "jinzhou"], tmp_path / "reports")
    assert panel.framework.value == "jinzhou-2020"  # the plan the sample recorded (规划.yaml)
    assert panel.year.options == (2015, 2016, 2017, 2018, 2019, 2020)
    panel.framework.value = "wenzhou-2027"  # chosen against it
    panel.validate().join(120)
    assert "个单位代码不在所选指标体系的单位清单中，它们属于“" in panel.result.value
    assert "锦州" in panel.result.value.split("请在上方")[0]


def test_the_samples_own_plan_gets_no_hint(sample_copy, tmp_path):
    from sti_monitor.app import ControlPanel

    panel = ControlPanel([sample_copy], tmp_path / "reports")
    panel.validate().join(60)
    assert "不在所选指标体系" not in panel.result.value
