"""The command line's help speaks to every plan (a corridor's areas are not 县（市、区）), and the city bureau's
summary template is titled with the plan's word for its members."""

import argparse

from sti_monitor.cli.main import build_parser
from sti_monitor.ingest.units import load_units
from sti_monitor.paths import UNITS_DIR
from sti_monitor.publish.templates import wide_workbook


def every_help() -> dict[str, str]:
    parser = build_parser()
    helps = {"sti-monitor": parser.format_help()}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps.update({name: sub.format_help() for name, sub in action.choices.items()})
    return helps


def test_no_command_help_names_one_plans_members():
    helps = every_help()
    assert {"validate", "render", "template"} <= set(helps)
    assert [name for name, text in helps.items() if "县（市、区）" in text or "区县" in text] == []
    assert "数据目录：各报送单位报表所在的文件夹" in helps["render"].replace("\n", "").replace(" ", "")


def test_the_summary_template_is_titled_with_the_plans_members():
    corridor = wide_workbook(load_units(UNITS_DIR / "daluoshan.yaml"), 2022, [])
    assert corridor.active["A1"].value == "环大罗山科创走廊2022年各片区科技创新统计汇总表"
    city = wide_workbook(load_units(UNITS_DIR / "wenzhou.yaml"), 2024, [])
    assert city.active["A1"].value == "温州市2024年各县（市、区）科技创新统计汇总表"
