"""Inputs that must not pass in silence through ``render`` and the other commands: a district that sent
nothing (未报送), a stray code, revisions in the appendix, a busy output folder and the plan a data
directory records (规划.yaml). Real files, real CLI processes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import openpyxl
import pytest

from conftest import run_cli
from sti_monitor.batch.lock import RENDER_LOCK, RunBusy, render_lock
from sti_monitor.measure import evaluate
from sti_monitor.report.appendices import appendix


def run(*args):
    proc = run_cli(*args)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def test_render_is_held_back_by_a_district_that_sent_nothing(sample_copy, tmp_path):
    (sample_copy / "2023" / "330305_洞头区.xlsx").unlink()
    proc = run("render", sample_copy, "--year", 2023, "--out", tmp_path / "out", "-q")
    assert proc.returncode == 1
    assert "[错误] 洞头区（330305）未报送：没有 2023 年的工作簿。" in proc.stdout
    assert f"文件放在 {sample_copy / '2023'}（如 2023/330305_洞头区.xlsx；" in proc.stdout
    assert "  未报送  330305 洞头区：洞头区（330305）未报送：没有 2023 年的工作簿；" in proc.stdout
    assert "共 15 个单位：生成 0，跳过 0，失败 0，未生成 14，未报送 1；" in proc.stdout
    assert not list((tmp_path / "out").rglob("*.pdf"))
    assert not (tmp_path / "out" / RENDER_LOCK).exists()  # the lock file goes with the run


def test_the_city_says_which_district_sent_nothing(sample_copy):
    (sample_copy / "2023" / "330305_洞头区.xlsx").unlink()
    results = evaluate(sample_copy, "wenzhou-2027", until=2023)
    table = results.table
    own = table[(table["unit_code"] == "330305") & (table["year"] == 2023)]
    assert set(own["note"]) == {"未报送（没有2023年的工作簿）"}
    city = table[(table["unit_code"] == "330300") & (table["year"] == 2023)]
    assert set(city["note"]) == {"缺少洞头区的数据，无法汇总温州市（洞头区未报送）"}


@pytest.mark.slow  # renders 洞头区's PDF
def test_a_stray_code_is_named_alone_and_holds_back_nothing(sample_copy, tmp_path):
    stray = sample_copy / "2023" / "330399_某新区.xlsx"
    shutil.copy(sample_copy / "2023" / "330305_洞头区.xlsx", stray)
    wb = openpyxl.load_workbook(stray)
    wb["数据"]["B2"], wb["数据"]["D2"] = "330399", "某新区"
    wb.save(stray)
    proc = run(
        "render",
        sample_copy,
        "--year",
        2023,
        "--units",
        "330305",
        "--out",
        tmp_path / "out",
        "-q",
        "--json",
        tmp_path / "run.json",
    )
    assert proc.returncode == 0, proc.stdout
    units = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["units"]
    assert [(u["unit_code"], u["unit_name"], u["status"]) for u in units] == [
        ("", "2023/330399_某新区.xlsx", "stray"),
        ("330305", "洞头区", "rendered"),
    ]
    assert units[0]["unit_name"] == "2023/330399_某新区.xlsx"  # the file named once, as the unit of its line
    assert units[0]["reason"].startswith("不属于本指标体系的任何单位，未采用：")
    assert "单位代码“330399”不在单位清单中" in units[0]["reason"]
    index = (tmp_path / "out" / "2023" / "index.md").read_text(encoding="utf-8")
    assert "|  | 2023/330399_某新区.xlsx | — | — | 文件未采用 |" in index


def _with_revised_2022(data_dir, rd_2022: float) -> None:
    """鹿城区's 2023 workbook also carries 2022 (a column before 2023), its R&D expenditure revised."""
    path = data_dir / "2023" / "330302_鹿城区.xlsx"
    old = openpyxl.load_workbook(data_dir / "2022" / "330302_鹿城区.xlsx")["数据"]
    wb = openpyxl.load_workbook(path)
    ws = wb["数据"]
    ws.insert_cols(4)
    for row in range(4, 19):
        ws.cell(row, 4, old.cell(row, 4).value)
    ws["D6"] = rd_2022
    wb.save(path)


def test_a_revision_is_listed_in_the_appendix_of_every_report_using_it(sample_copy):
    _with_revised_2022(sample_copy, 23.5)
    results = evaluate(sample_copy, "wenzhou-2027", until=2023)
    expected = (
        "鹿城区R&D经费支出2022年由 22.89亿元（2022/330302_鹿城区.xlsx 工作表“数据”D6）"
        "修订为 23.5亿元（2023/330302_鹿城区.xlsx 工作表“数据”D6）"
    )
    for unit in ("330302", "330300"):  # the district, and the city that sums it
        text = [str(getattr(e, "text", "")) for e in appendix(results, unit, 2023).items]
        revised = [t for t in text if t.startswith("修订数据")]
        assert len(revised) == 1 and expected in revised[0], (unit, text)
    other = [str(getattr(e, "text", "")) for e in appendix(results, "330303", 2023).items]
    assert not [t for t in other if t.startswith("修订数据")]  # 龙湾区 uses no revised value
    # the 2022 reports are made from the data as it stood for 2022: no revision
    assert evaluate(sample_copy, "wenzhou-2027", until=2022).dataset.revisions == []


def test_a_second_render_into_the_same_folder_stops_naming_the_first(sample_copy, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import time\n"
                "from sti_monitor.batch.lock import render_lock\n"
                f"with render_lock({str(out)!r}, who='进程 4242'):\n"
                "    print('held', flush=True)\n"
                "    time.sleep(60)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        proc = run("render", sample_copy, "--year", 2023, "--out", out, "-q")
        assert time.monotonic() - started < 30
        assert proc.returncode == 1
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"错误：{out} 正在生成报告：由进程 4242于 20")
        assert lines[0].endswith("开始；请等它完成后再运行（或用 --out 写到另一个文件夹）")
    finally:
        holder.kill()
        holder.wait(10)
    assert (out / RENDER_LOCK).exists()  # left by the killed process: stale, taken over
    with render_lock(out, who="测试"):
        assert json.loads((out / RENDER_LOCK).read_text(encoding="utf-8"))["who"] == "测试"
        with pytest.raises(RunBusy, match="由测试于"), render_lock(out):
            pass
    assert not (out / RENDER_LOCK).exists()


def test_a_waiting_process_locks_a_new_file_once_the_holder_removed_it(tmp_path):
    """Between a holder's removal of the lock file and a new holder's lock, no two runs hold the folder."""
    with render_lock(tmp_path, who="第一个"):
        handle = open(tmp_path / RENDER_LOCK, encoding="utf-8")  # a second process opened it already
    # the holder removed the file; the next one to come locks a new file
    with render_lock(tmp_path, who="第二个"):
        assert (tmp_path / RENDER_LOCK).exists()
        with pytest.raises(RunBusy, match="由第二个于"), render_lock(tmp_path):
            pass
    handle.close()


def test_the_plan_is_remembered_by_sample_and_every_command(tmp_path):
    data = tmp_path / "jz"
    assert run("sample", "--framework", "jinzhou-2020", "--out", data).returncode == 0
    assert (data / "规划.yaml").read_text(encoding="utf-8").endswith("framework: jinzhou-2020\n")
    proc = run("validate", data)
    assert proc.returncode == 0 and "数据检查通过" in proc.stdout and "规划.yaml" not in proc.stdout
    proc = run("indicators", data, "--year", 2020, "--out", tmp_path / "x.csv")
    assert proc.returncode == 0 and "已写出" in proc.stdout
    assert "210700" in (tmp_path / "x.csv").read_text(encoding="utf-8")
    proc = run("scores", data, "--year", 2020, "--out", tmp_path / "s.csv")
    assert proc.returncode == 0
    proc = run("template", "--all", data / "2021", "--year", 2021)
    assert proc.returncode == 0 and (data / "2021" / "210702_古塔区_2021.xlsx").exists()
    proc = run("validate", data, "--framework", "wenzhou-2027")
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"错误：数据目录 {data} 的 规划.yaml 写明所用指标体系为 jinzhou-2020，与 --framework "
        "wenzhou-2027 不符：去掉 --framework 即按 jinzhou-2020；确要改用 wenzhou-2027 时请改正 规划.yaml"
    )


def test_another_plans_codes_get_one_line(tmp_path):
    data = tmp_path / "jz"
    assert run("sample", "--framework", "jinzhou-2020", "--out", data).returncode == 0
    (data / "规划.yaml").unlink()  # forgotten: the default plan is used
    proc = run("validate", data)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == (
        "错误：8 个单位代码不在指标体系 wenzhou-2027 的单位清单中，它们属于“锦州市创新驱动发展主要目标（2016—2020年）”："
        "请加 --framework jinzhou-2020 再运行（或在数据目录的 规划.yaml 中写明 framework: jinzhou-2020）"
    )
    assert "不在单位清单中" not in proc.stdout.split("\n", 1)[1] and "未报送" not in proc.stdout


def test_template_all_records_the_plan_in_the_data_directory(tmp_path):
    proc = run("template", "--all", tmp_path / "xc" / "2026", "--year", 2026, "--framework", "xinchang-2025")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "xc" / "规划.yaml").read_text(encoding="utf-8").endswith("framework: xinchang-2025\n")
    assert f"已在 {tmp_path / 'xc' / '规划.yaml'} 记下所用指标体系 xinchang-2025" in proc.stdout
    proc = run("template", "--all", tmp_path / "xc" / "2027", "--year", 2027)  # no --framework: the recorded plan
    assert proc.returncode == 0
    assert sorted(p.name for p in (tmp_path / "xc" / "2027").iterdir()) == sorted(
        p.name.replace("2026", "2027") for p in (tmp_path / "xc" / "2026").iterdir()
    )


@pytest.mark.slow  # renders two PDFs
def test_the_progress_counts_the_reports_rendered_not_the_district_that_sent_nothing(sample_copy, tmp_path):
    """The panel's bar read "3 / 2" when 鹿城区 and 温州市 were rendered without 文成县 (未报送): the unit that sent
    nothing was counted as done. It counts the two reports: 1 / 2, then 2 / 2."""
    from sti_monitor.batch import render_batch

    (sample_copy / "2023" / "330328_文成县.xlsx").unlink()
    told = []
    summary = render_batch(
        sample_copy,
        2023,
        codes=["330302", "330300"],
        out=tmp_path / "out",
        workers=1,
        progress=False,
        allow_partial=True,
        on_unit=lambda unit, done, total: told.append((unit.unit_code, done, total)),
    )
    assert sorted(u.status for u in summary.units) == ["rendered", "rendered", "unreported"]
    assert [(done, total) for _, done, total in told] == [(1, 2), (2, 2)]
    assert {code for code, _, _ in told} == {"330302", "330300"}
