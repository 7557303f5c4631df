"""A rejected workbook is named once, whatever number of units it holds; counts that cannot read
as contradictions. Real CLI runs on a copy of the sample whose 2023 is one wide table."""

import openpyxl
import pytest

from test_cli import run


@pytest.fixture
def wide(sample_copy):
    """The sample with its 2023 district workbooks replaced by one blank wide table."""
    for path in (sample_copy / "2023").glob("33*.xlsx"):
        path.unlink()
    wide = sample_copy / "2023" / "全市汇总_2023.xlsx"
    assert run("template", wide, "--wide", "--year", 2023).returncode == 0
    return sample_copy, wide


def test_a_wide_table_with_an_error_in_every_row_is_one_line(wide, tmp_path):
    data, path = wide
    wb = openpyxl.load_workbook(path)
    sheet = wb.active
    assert sheet["D3"].value == "地区生产总值（亿元）" and sheet["A17"].value == "330372"  # the precondition: 14 rows
    for row in range(4, 18):
        sheet.cell(row, 4).value = "待核实"
    wb.save(path)
    proc = run("indicators", data, "--out", tmp_path / "x.csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("跳过") == 1
    assert (
        "  跳过 2023/全市汇总_2023.xlsx（330302、330303、330304等 14 个单位）：地区生产总值（2023年）的值“待核实”不是数字等\n"
        in proc.stderr
    )
    proc = run("validate", data)
    # the 14 rejected rows are errors of the wide table alone: their units did send (not 未报送); 31 workbooks:
    # 14 a year for 2021 and 2022, the province's of 2021 and 2022, and the wide table
    assert (
        "\n检查了 31 个工作簿：30 个可以采用，1 个有错误（有错误的单位不采用）。错误：2023/全市汇总_2023.xlsx 14 个。\n"
    ) in proc.stdout
    assert "未报送" not in proc.stdout


def test_render_names_a_rejected_file_once_and_the_held_units_in_one_line(sample_copy, tmp_path):
    # 鹿城区's workbook is not a workbook: it is rejected, and every other report is held (the city would lack it)
    (sample_copy / "2023" / "330302_鹿城区.xlsx").write_bytes(b"not a workbook")
    proc = run("render", sample_copy, "--out", tmp_path / "out", "-q", "--workers", 1)
    assert proc.returncode == 1
    report = proc.stdout.split("2023年报告 → ")[1]
    assert report.count("330302_鹿城区.xlsx") == 1
    assert report.splitlines()[1:] == [
        "  数据有误 330302 鹿城区：2023/330302_鹿城区.xlsx 有错误，未生成报告：无法打开，不是有效的 Excel 工作簿："
        "文件内容是纯文本（运行 sti-monitor validate 查看全部问题）",
        "  未生成  330303 龙湾区、330304 瓯海区、330305 洞头区等 14 个单位：有县（市、区）的数据被拒绝或未报送，"
        "本次未生成任何报告；改正或补报后重试，或加 --allow-partial 生成其余报告",
        report.splitlines()[-1],
    ]
    assert report.splitlines()[-1].startswith("共 15 个单位：生成 0，跳过 0，失败 0，数据有误 1，未生成 14；用时 ")


@pytest.mark.slow  # renders all 15 PDFs
def test_a_rejected_file_of_no_unit_is_named_once_and_holds_nothing_back(sample_copy, tmp_path):
    # a blank wide table beside the district workbooks: rejected as a whole file that says whose data it holds
    # nowhere; every unit sent its own workbook, so every report is rendered and the file is named once
    assert run("template", sample_copy / "2023" / "全市汇总_2023.xlsx", "--wide", "--year", 2023).returncode == 0
    proc = run("render", sample_copy, "--out", tmp_path / "out", "-q", "--workers", 1)
    assert proc.returncode == 0, proc.stdout
    report = proc.stdout.split("2023年报告 → ")[1]
    assert report.count("全市汇总_2023.xlsx") == 1
    assert report.splitlines()[1] == (
        "  未采用  — 2023/全市汇总_2023.xlsx：有错误，且没有写明是哪个单位的数据，未采用：工作表“2023年”，单元格 A3："
        "表中没有任何数值（不影响其他单位的报告；如含有本应采用的数据，请改正后重新生成）"
    )
    assert report.splitlines()[-1].startswith("共 15 个单位：生成 15，跳过 0，失败 0；另有 1 个文件未采用；用时 ")


def test_checked_sentence_lists_each_file_s_errors():
    from types import SimpleNamespace as P

    from sti_monitor.cli import checked_sentence

    problems = [
        P(file="a.xlsx", severity="error"),
        P(file="b.xlsx", severity="error"),
        P(file="a.xlsx", severity="error"),
        P(file="c.xlsx", severity="warning"),
    ]
    assert checked_sentence(15, 2, problems) == (
        "检查了 15 个工作簿：13 个可以采用，2 个有错误（有错误的单位不采用）。"
        "错误：a.xlsx 2 个、b.xlsx 1 个，共 3 个。提醒 1 个（不影响采用）。"
    )


def test_checked_sentence_names_three_files_then_counts():
    from types import SimpleNamespace as P

    from sti_monitor.cli import checked_sentence

    problems = [P(file=f"{name}.xlsx", severity="error") for name in "abcde"]
    assert checked_sentence(5, 5, problems) == (
        "检查了 5 个工作簿：0 个可以采用，5 个有错误（有错误的单位不采用）。"
        "错误：a.xlsx 1 个、b.xlsx 1 个、c.xlsx 1 个等 5 个文件，共 5 个。"
    )


def test_render_of_an_empty_year_folder_names_who_sent_nothing(sample_copy, tmp_path):
    # the statistician made the 2024 folder but no workbook has arrived yet
    (sample_copy / "2024").mkdir()
    proc = run("render", sample_copy, "--year", 2024, "--out", tmp_path / "out", "-q", "--workers", 1)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "错误：2024 年没有可用的数据：鹿城区、龙湾区、瓯海区、洞头区、永嘉县、平阳县、苍南县、文成县、泰顺县、瑞安市"
        "等 14 个单位未报送（已有年份：2021、2022、2023）。"
        f"请把 2024 年的工作簿放入 {sample_copy / '2024'}，运行 sti-monitor validate 检查后再生成报告"
    )
    assert "Traceback" not in proc.stderr and not (tmp_path / "out" / "2024").exists()
