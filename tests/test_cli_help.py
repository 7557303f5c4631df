"""The command line speaks Chinese: usage, section titles, every argument's help, examples, errors."""

import re
import subprocess
import sys

import pytest

from conftest import run_cli
from sti_monitor.cli import EXAMPLES, build_parser

ENGLISH = re.compile(
    r"usage:|options:|positional arguments|show this help|show program's version|"
    r"the following arguments|invalid choice|unrecognized arguments|error:"
)


def _help(*argv) -> str:
    proc = run_cli(*argv, "--help")  # in this process; the errors below are a real `python -m sti_monitor`
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _commands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return parser, sub.choices


def test_every_help_reads_in_chinese_with_examples():
    parser, commands = _commands()
    top = _help()
    assert top.startswith("用法：sti-monitor") and "子命令" in top and "选项" in top
    assert not ENGLISH.search(top)
    for name in commands:
        text = _help(name)
        assert text.startswith(f"用法：sti-monitor {name}"), name
        assert not ENGLISH.search(text), (name, ENGLISH.search(text))
        assert "示例：" in text and f"sti-monitor {name}" in text.split("示例：")[1], name


def test_no_argument_is_left_without_help():
    parser, commands = _commands()
    empty = [
        f"{name} {a.dest}"
        for name, p in [("", parser), *commands.items()]
        for a in p._actions
        if not a.help and a.dest != "command"
    ]
    assert empty == []
    assert set(EXAMPLES) == set(commands)


def test_render_help_shows_one_district_and_a_dask_cluster():
    text = _help("render")
    assert "--units 330328" in text and "--scheduler tcp://" in text


def test_errors_and_version_in_chinese():
    proc = subprocess.run([sys.executable, "-m", "sti_monitor", "indicators"], capture_output=True, text=True)
    assert proc.returncode == 2 and "错误：缺少必需的参数：data_dir, --out" in proc.stderr
    assert not ENGLISH.search(proc.stderr.replace("sti-monitor indicators：错误", ""))
    proc = subprocess.run(
        [sys.executable, "-m", "sti_monitor", "render", "x", "--executor", "spark"], capture_output=True, text=True
    )
    assert "参数 --executor 的取值 'spark' 无效" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "sti_monitor", "--version"], capture_output=True, text=True)
    assert re.fullmatch(r"sti-monitor \S+\n", proc.stdout)


@pytest.mark.parametrize("argv", [["nonsense"], ["validate", "a", "--bogus"]])
def test_unknown_words_are_named_in_chinese(argv):
    proc = subprocess.run([sys.executable, "-m", "sti_monitor", *argv], capture_output=True, text=True)
    assert proc.returncode == 2 and "错误：" in proc.stderr and not ENGLISH.search(proc.stderr.replace("：错误：", ""))
