"""The ``sti-monitor`` parser with every subcommand and its examples, and the entry point."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from .. import __version__
from ..errors import StiMonitorError
from ..paths import DEFAULT_FRAMEWORK
from ..plan import PLAN_FILE, chosen_plan
from .data import (
    _plan_dir,
    cmd_frameworks,
    cmd_indicators,
    cmd_sample,
    cmd_scores,
    cmd_synth,
    cmd_template,
    cmd_validate,
)
from .parsing import ChineseArgumentParser
from .render import add_app_command, add_render_commands, cmd_bench

logger = logging.getLogger(__name__)


EXAMPLES = {
    "validate": [
        "sti-monitor validate data/wenzhou                      # 逐项列出问题，有错误时退出码为 1",
        "sti-monitor validate data/wenzhou --out 问题清单.xlsx   # 写出问题清单，发回各县（市、区）修改",
    ],
    "indicators": [
        "sti-monitor indicators data/sample --year 2023 --out 指标2023.xlsx",
        "sti-monitor indicators data/sample --year 2023 --out 指标2023.csv",
    ],
    "scores": ["sti-monitor scores data/sample --year 2023 --out 考核2023.xlsx"],
    "template": [
        "sti-monitor template --all data/wenzhou/2024 --year 2024   # 每个填报单位一份，放进 2024 年文件夹",
        "sti-monitor template 鹿城区_2024.xlsx --unit 330302 --year 2024",
        "sti-monitor template 指标任务表_2024.xlsx --task-table --year 2024",
        "sti-monitor template 全市汇总_2024.xlsx --wide --year 2024",
    ],
    "sample": [
        "sti-monitor sample --framework wenzhou-2027 --out data/sample",
        "sti-monitor sample --framework jinzhou-2020 --out /tmp/jinzhou",
    ],
    "frameworks": ["sti-monitor frameworks"],
    "synth": ["sti-monitor synth --units 100 --out /tmp/synth100"],
    "bench": [
        "sti-monitor bench --units 100 --workers 2 --out bench",
        "sti-monitor bench --only-scale --scale 100,400 --out bench",
    ],
    "render": [
        "sti-monitor render data/sample --year 2023                     # 全部单位 → reports/sample/2023/",
        "sti-monitor render data/sample --year 2023 --units 330328      # 只生成文成县",
        "sti-monitor render data/wenzhou --year 2024 --allow-partial    # 有报表被拒收时仍生成其余单位",
        "sti-monitor render data/wenzhou --year 2024 --scheduler tcp://10.0.0.1:8786   # 在 Dask 集群上生成",
        "sti-monitor render data/wenzhou --year 2024 --executor dask    # 在本机启动 Dask 集群生成",
    ],
    "app": [
        "sti-monitor app --data data                                   # 打开 http://127.0.0.1:8866/",
        "sti-monitor app --data /srv/统计数据 --host 0.0.0.0 --token     # 供局域网访问，自动生成访问令牌",
        "STI_APP_TOKEN=令牌 sti-monitor app --data /srv/统计数据 --host 0.0.0.0 --allow-host stats.example.local",
    ],
}


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="sti-monitor",
        description="科技创新主要指标监测：校验区县报表、计算指标与目标达成、生成报告。",
        epilog="每个子命令的用法与示例：sti-monitor 子命令 -h（如 sti-monitor render -h）",
    )
    parser.add_argument("--version", action="version", version=f"sti-monitor {__version__}", help="显示版本号并退出")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试信息")
    sub = parser.add_subparsers(dest="command", required=True, title="子命令", metavar="命令")

    def framework_arg(p):
        p.add_argument(
            "--framework",
            help=f"指标体系 id（params/frameworks 下的文件名）或 YAML 路径（默认：数据目录的 "
            f"{PLAN_FILE} 所记的指标体系，没有时为 {DEFAULT_FRAMEWORK}）",
        )

    add_check_commands(sub, framework_arg)
    add_template_commands(sub, framework_arg)
    add_bench_command(sub)
    add_render_commands(sub, framework_arg)
    add_app_command(sub)
    for name, command in sub.choices.items():
        command.description = command.description or next(a.help for a in sub._choices_actions if a.dest == name)
        if name in EXAMPLES:
            command.epilog = "示例：\n" + "\n".join(f"  {line}" for line in EXAMPLES[name])
    return parser


DATA_DIR_HELP = "数据目录：各县（市、区）报表所在的文件夹（可含按年份分的子文件夹，只读不改）"


def _table_command(sub, name: str, help: str, func, framework_arg) -> None:
    """A command writing a table of one year of a data directory: data_dir, --year, --out, --framework."""
    p = sub.add_parser(name, help=help)
    p.add_argument("data_dir", help=DATA_DIR_HELP)
    p.add_argument("--year", type=int, help="年份（默认：数据中的最新年份）")
    p.add_argument("--out", required=True, help="输出文件，扩展名决定格式：.csv .json .xlsx")
    framework_arg(p)
    p.set_defaults(func=func)


def add_check_commands(sub, framework_arg) -> None:
    """validate, indicators and scores."""
    p = sub.add_parser("validate", help="检查数据目录中的全部工作簿，逐项列出问题")
    p.add_argument("data_dir", help=DATA_DIR_HELP)
    p.add_argument("--out", help="把问题清单写成 .xlsx（每个县（市、区）一个工作表，可发回各地修改）")
    framework_arg(p)
    p.set_defaults(func=cmd_validate)
    _table_command(sub, "indicators", "计算指标与目标达成情况，写出 CSV / JSON / XLSX", cmd_indicators, framework_arg)
    _table_command(
        sub,
        "scores",
        "考核得分与等次、综合指数与发展梯队、排名区间，写出 CSV / JSON / XLSX",
        cmd_scores,
        framework_arg,
    )


def add_template_commands(sub, framework_arg) -> None:
    """template, sample, frameworks and synth."""
    from ..paths import SAMPLE_DATA_DIR

    p = sub.add_parser("template", help="写出空白的区县填报模板（或 --task-table 指标任务表模板）")
    p.add_argument("out", nargs="?", help="要写出的模板文件（.xlsx）；用 --all 时不需要")
    p.add_argument(
        "--year",
        type=int,
        help="模板的填报年份（默认：--data-dir 数据目录中最新年份的下一年；没有 --data-dir 时必须给出）",
    )
    p.add_argument("--unit", help="预填的单位代码（单位代码见 params/units/ 下本指标体系的单位清单）")
    p.add_argument(
        "--all", metavar="文件夹", help="为本指标体系每个填报单位各写一份模板到该文件夹（文件名：代码_名称_年份.xlsx）"
    )
    p.add_argument("--task-table", action="store_true", help="写出指标任务表模板")
    p.add_argument("--wide", action="store_true", help="写出全市汇总表模板（每行一个县（市、区），每列一个指标）")
    p.add_argument("--data-dir", help="使用该数据目录中的 units.yaml")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    framework_arg(p)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("sample", help="生成某一指标体系的示例数据（示意数据，非官方统计）")
    p.add_argument(
        "--out", help=f"输出目录（默认：{DEFAULT_FRAMEWORK} 为 {SAMPLE_DATA_DIR}，其他为 data/sample-指标体系id）"
    )
    framework_arg(p)
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("frameworks", help="列出全部指标体系：规划名称、规划期、单位清单、指标数")
    p.set_defaults(func=cmd_frameworks)

    p = sub.add_parser("synth", help="生成 N 个合成单位的工作簿（用于性能测试）")
    p.add_argument("--units", type=int, required=True, help="合成的县级单位个数（另加一个市）")
    p.add_argument("--out", required=True, help="输出目录（写出工作簿与 units.yaml）")
    p.add_argument("--seed", type=int, default=7, help="随机种子（默认 7，相同种子生成相同数据）")
    p.set_defaults(func=cmd_synth)


def add_bench_command(sub) -> None:
    p = sub.add_parser("bench", help="性能基准：朴素循环对比 sti-monitor render（冷启动、无变化、单个区县变化）")
    p.add_argument("--units", type=int, help="合成单位数（默认 100；--stress 时 1000）")
    p.add_argument("--naive-units", type=int, default=5, help="朴素循环运行的单位数（默认 5，按单位取中位数比较）")
    p.add_argument("--workers", type=int, help="并行进程数（默认 2；--stress 时 4）")
    p.add_argument("--out", default="bench", help="工作目录（默认 bench/，会被清空）")
    p.add_argument("--stress", action="store_true", help="压力测试：1000 个单位、4 个进程，报告失败数与残留进程")
    p.add_argument(
        "--scale", help="规模测试的单位数，逗号分隔（如 100,400,1000）：每种规模冷启动生成一次、无变化重跑一次"
    )
    p.add_argument("--only-scale", action="store_true", help="只做规模测试（及 --profile），不做朴素循环对比")
    p.add_argument(
        "--profile",
        type=int,
        metavar="N",
        help="在 N 个合成单位中，分阶段计时一个已预热单位的报告（重置、各单元格、导出、Typst、写文件，毫秒）",
    )
    p.set_defaults(func=cmd_bench)


def _terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    signal.signal(signal.SIGTERM, _terminate)  # stopped by a scheduler or kill: clean up as for Ctrl-C
    try:
        if "framework" in args:  # --framework, or the plan the data directory records (sample: its own)
            args.framework = (
                (args.framework or DEFAULT_FRAMEWORK)
                if args.command == "sample"
                else chosen_plan(_plan_dir(args), args.framework)
            )
        return args.func(args)
    except StiMonitorError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
