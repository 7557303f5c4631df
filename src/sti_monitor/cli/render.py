"""Commands that render or serve: render, bench and the control panel (app)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from ..errors import StiMonitorError
from .output import NAMED_FILES, other_plan_line, print_problems

logger = logging.getLogger(__name__)


def cmd_bench(args) -> int:
    import json

    require_extra("pypdf", "dev")

    from ..tools.bench import bench, scale, scale_table, stress, table
    from ..tools.profile import profile_table, profile_unit

    if args.stress:
        figures = stress(args.units or 1000, args.workers or 4, Path(args.out) / "stress")
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0 if figures["failures"] == 0 and figures["leftover_processes"] == 0 and figures["exit_code"] == 0 else 1
    try:
        sizes = [int(n) for n in args.scale.split(",") if n.strip()] if args.scale else []
    except ValueError:
        raise StiMonitorError(f"--scale 应为逗号分隔的单位数，如 100,400,1000（收到：{args.scale}）") from None
    if not args.only_scale:
        figures = bench(args.units or 100, args.naive_units, args.workers or 2, Path(args.out))
        print(table(figures))
        print(f"\n(figures in {Path(args.out) / 'results.json'})")
    if sizes:
        print("\n" + scale_table(scale(sizes, args.workers or 2, Path(args.out) / "scale")))
    if args.profile:
        print("\n" + profile_table(profile_unit(args.profile, 5, Path(args.out) / "profile")))
    return 0


RENDER_LABELS = {
    "rendered": "已生成",
    "skipped": "已跳过",
    "failed": "失败",
    "rejected": "数据有误",
    "held": "未生成",
    "unreported": "未报送",
    "stray": "未采用",
}


def cmd_render(args) -> int:
    from ..batch import render_batch

    codes = [c.strip() for c in args.units.split(",") if c.strip()] if args.units else None
    year = args.year  # without --year the latest year is found by reading the data
    templates = dict.fromkeys(("district", "zone", "area", "aggregate"), Path(args.notebook)) if args.notebook else None
    executor = "dask" if args.scheduler else args.executor  # a scheduler address means Dask
    if executor == "dask":
        require_extra("distributed", "dask")
    out = Path(args.out) if args.out else default_reports_folder(Path(args.data_dir))
    summary = render_batch(
        Path(args.data_dir),
        year,
        args.framework,
        codes,
        out,
        args.workers,
        args.force,
        executor,
        args.scheduler,
        progress=not args.quiet,
        templates=templates,
        allow_partial=args.allow_partial,
    )
    unreported = [p for p in summary.problems if "未报送：没有" in p.what]
    hint, shown = other_plan_line(summary.problems, Path(args.data_dir), args.framework, unreported)
    if hint:
        print(f"错误：{hint}")
    if shown:
        print_problems(shown)
    _print_summary(summary, hint)
    if args.json:
        _write_summary_json(summary, Path(args.json))
    if summary.interrupted:
        print("已中断：已完成的报告均已保存，未完成的没有留下半成品。", file=sys.stderr)
        return 130
    return 0 if summary.ok else 1


def _print_summary(summary, hint: str | None) -> None:
    """A line per unit (the held ones in one line), then the counts and the time."""
    print(f"\n{summary.year}年报告 → {summary.folder}")
    held = [u for u in summary.units if u.status == "held"]
    for u in summary.units:
        if u.status == "held" or (hint and u.status in ("stray", "unreported")):
            continue  # held: one reason for them all, said once below; stray and unreported: the hint says it
        print(
            f"  {RENDER_LABELS[u.status]:<4} {u.unit_code or '—'} {u.unit_name}：{u.reason}"
            + (f"（{u.seconds:.1f} 秒）" if u.status == "rendered" else "")
        )
    if held:
        names = [f"{u.unit_code} {u.unit_name}" for u in held]
        listed = (
            "、".join(names) if len(names) <= NAMED_FILES else f"{'、'.join(names[:NAMED_FILES])}等 {len(names)} 个单位"
        )
        print(f"  {RENDER_LABELS['held']:<4} {listed}：{held[0].reason}")
    strays = summary.count("stray")  # files of no unit of the plan
    print(
        f"共 {len(summary.units) - strays} 个单位：生成 {summary.count('rendered')}，跳过 {summary.count('skipped')}，"
        f"失败 {summary.count('failed')}"
        + (f"（重试 {summary.retried} 个）" if summary.retried else "")
        + (f"，数据有误 {summary.count('rejected')}" if summary.count("rejected") else "")
        + (f"，未生成 {len(held)}" if held else "")
        + (f"，未报送 {summary.count('unreported')}" if summary.count("unreported") else "")
        + (f"；另有 {strays} 个文件未采用" if strays else "")
        + f"；用时 {summary.seconds:.1f} 秒。"
    )


def _write_summary_json(summary, path: Path) -> None:
    """``--json``: the year, the time, whether it was interrupted and every unit's outcome."""
    import json

    from ..atomic import write_bytes

    data = {
        "year": summary.year,
        "seconds": summary.seconds,
        "interrupted": summary.interrupted,
        "units": [u.__dict__ for u in summary.units],
    }
    write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def default_reports_folder(data_dir: Path) -> Path:
    """``reports/<data folder name>``: the panel's layout, so that two data folders never share reports."""
    from ..paths import REPORTS_DIR

    return REPORTS_DIR / (data_dir.resolve().name or "data")


def add_render_commands(sub, framework_arg) -> None:
    p = sub.add_parser("render", help="为每个单位生成 PDF 报告（及执行后的笔记本、summary.xlsx、index.md）")
    p.add_argument("data_dir", help="数据目录：各县（市、区）报表所在的文件夹（可含按年份分的子文件夹，只读不改）")
    p.add_argument("--year", type=int, help="年份（默认：数据中的最新年份）")
    framework_arg(p)
    p.add_argument("--units", help="只生成这些单位，逗号分隔的代码")
    p.add_argument(
        "--out",
        help="输出目录（默认 reports/数据目录名/，报告写在其下的 年份/ 文件夹，"
        "与控制面板相同；不同数据目录的报告互不覆盖）",
    )
    p.add_argument("--workers", type=int, help="并行进程数（默认：CPU 核数）")
    p.add_argument("--force", action="store_true", help="全部重新生成，不论输入是否变化")
    p.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="执行方式：local 为本机多进程（默认）；dask 为 Dask 集群（不加 --scheduler 时在本机启动集群）",
    )
    p.add_argument("--scheduler", help="Dask 调度器地址，如 tcp://10.0.0.1:8786")
    p.add_argument("--notebook", help="县（市、区）报告所用的笔记本模板（默认 notebooks/county_report.ipynb）")
    p.add_argument("--json", help="把运行摘要（每个单位的状态、原因、用时）写入该 JSON 文件")
    p.add_argument(
        "--allow-partial",
        action="store_true",
        help="有县（市、区）的工作簿有错误或未报送时，仍生成其余单位的报告（默认：一份也不生成，退出码 1）",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(func=cmd_render)


def require_extra(module: str, extra: str) -> None:
    """Stop with the ``pip install`` that brings ``module`` when the extra ``extra`` was not installed."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise StiMonitorError(
            f"该命令需要 {module}，当前环境没有安装。请运行：pip install 'sti-monitor[{extra}]'"
            f"（在项目目录中为 .venv/bin/pip install -e '.[{extra}]'，或直接 make install）"
        )


def cmd_app(args) -> int:
    require_extra("voila", "app")
    require_extra("ipywidgets", "app")
    from ..app import serve
    from ..app.access import read_token
    from ..paths import SAMPLE_DATA_DIR

    token, generated = read_token(args.token, args.token_file)
    serve(
        args.data or [SAMPLE_DATA_DIR],
        Path(args.out),
        args.host,
        args.port,
        token,
        open_browser=args.open,
        allow_hosts=args.allow_host or (),
        generated=generated,
    )
    return 0


def add_app_command(sub) -> None:
    from ..paths import REPORTS_DIR

    p = sub.add_parser("app", help="在浏览器中打开控制面板：检查数据、确认存疑数值、生成报告")
    p.add_argument("--data", action="append", help="可选用的数据目录（及其下级文件夹），可写多次（默认：示例数据）")
    p.add_argument("--out", default=str(REPORTS_DIR), help="报告与问题清单的输出目录（默认 reports/）")
    p.add_argument("--port", type=int, default=8866, help="端口（默认 8866）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只允许本机访问）")
    p.add_argument(
        "--token",
        nargs="?",
        const="",
        help="只写 --token：自动生成访问令牌并显示一次。令牌不要写在命令行上：用环境变量 STI_APP_TOKEN "
        "或 --token-file。监听其他地址时必须设置令牌",
    )
    p.add_argument("--token-file", help="从该文件读取访问令牌（文件只需一行）")
    p.add_argument(
        "--allow-host",
        action="append",
        help="另外允许的主机名（浏览器地址栏中的名字，如 stats.example.local），可写多次；默认只允许本机名称和监听地址",
    )
    p.add_argument("--open", action="store_true", help="启动后自动打开浏览器")
    p.set_defaults(func=cmd_app)
