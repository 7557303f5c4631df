"""The yearly round from the command line: templates for every unit, the default report folder, missing extras."""

import openpyxl
import pytest

from conftest import run_cli
from sti_monitor.cli import default_reports_folder, require_extra
from sti_monitor.errors import StiMonitorError
from sti_monitor.paths import REPORTS_DIR, SAMPLE_DATA_DIR


def run(*args):
    proc = run_cli(*args)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def test_template_all_writes_every_district_and_zone(tmp_path):
    folder = tmp_path / "wenzhou" / "2024"
    proc = run("template", "--all", folder, "--year", 2024)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in folder.iterdir())
    # wenzhou-2027: 12 districts and 2 zones report; the city is their sum
    assert len(names) == 14
    assert names[0] == "330302_鹿城区_2024.xlsx" and "330372_温州高新区(经开区)_2024.xlsx" in names
    ws = openpyxl.load_workbook(folder / "330328_文成县_2024.xlsx")["数据"]
    assert ws["B2"].value == "330328" and ws["D4"].value == "2024年"
    again = run("template", "--all", folder, "--year", 2024)
    assert again.returncode == 1 and "已存在" in again.stderr


def test_template_year_follows_the_data_directory(tmp_path):
    proc = run("template", "--all", tmp_path / "out", "--data-dir", SAMPLE_DATA_DIR)
    assert proc.returncode == 0, proc.stderr
    assert "2024 年" in proc.stdout  # the sample's latest folder is 2023
    assert (tmp_path / "out" / "330302_鹿城区_2024.xlsx").is_file()


def test_template_without_a_year_says_how_to_give_one(tmp_path):
    proc = run("template", tmp_path / "t.xlsx")
    assert proc.returncode == 1 and "--year" in proc.stderr
    assert not (tmp_path / "t.xlsx").exists()


def test_a_one_unit_plan_gets_its_own_template(tmp_path):
    proc = run("template", "--all", tmp_path, "--year", 2026, "--framework", "xinchang-2025")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["330624_新昌县_2026.xlsx", "规划.yaml"]  # the plan remembered


def test_an_unknown_unit_code_says_where_the_codes_are(tmp_path):
    proc = run("template", tmp_path / "t.xlsx", "--unit", "999999", "--year", 2024)
    assert proc.returncode == 1 and "params/units/wenzhou.yaml" in proc.stderr


def test_reports_go_to_a_folder_named_after_the_data_directory(tmp_path):
    assert default_reports_folder(SAMPLE_DATA_DIR) == REPORTS_DIR / "sample"
    assert default_reports_folder(tmp_path / "温州" / ".." / "温州") == REPORTS_DIR / "温州"


def test_a_missing_extra_names_the_install_command():
    with pytest.raises(StiMonitorError, match=r"pip install 'sti-monitor\[app\]'"):
        require_extra("no_such_module_for_sti_monitor", "app")
    require_extra("yaml", "app")  # present: no error
