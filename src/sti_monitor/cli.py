"""The ``sti-monitor`` command line."""
from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections import defaultdict
from pathlib import Path

from . import __version__
from .errors import StiMonitorError

logger = logging.getLogger(__name__)


def _print_problems(problems, stream=sys.stdout) -> None:
    by_file = defaultdict(list)
    for p in problems:
        by_file[p.file].append(p)
    for file, items in by_file.items():
        print(f"\n{file}", file=stream)
        for p in items:
            level = "错误" if p.severity == "error" else "提醒"
            print(f"  [{level}] {p.location + '：' if p.location else ''}{p.what}。\n         处理方法：{p.fix}", file=stream)


def cmd_validate(args) -> int:
    from .measure import load_dataset, load_framework

    framework = load_framework(args.framework)
    dataset = load_dataset(Path(args.data_dir), framework)
    books = dataset.workbooks
    if dataset.problems:
        _print_problems(dataset.problems)
    errors, warnings = len(dataset.errors), len(dataset.problems) - len(dataset.errors)
    skipped = dataset.skipped_files()
    print(f"\n检查了 {len(books)} 个工作簿：{len(books) - len(skipped)} 个通过，{len(skipped)} 个有错误将被跳过；"
          f"共 {errors} 个错误、{warnings} 个提醒。")
    if not dataset.problems:
        print("数据检查通过。")
    return 1 if dataset.problems else 0


def cmd_indicators(args) -> int:
    from .measure import evaluate
    from .publish import write_results

    results = evaluate(Path(args.data_dir), args.framework)
    if results.dataset.problems:
        print(f"注意：数据有 {len(results.dataset.problems)} 个问题，有错误的工作簿已跳过（运行 sti-monitor validate 查看详情）：",
              file=sys.stderr)
        for book in results.dataset.skipped_files():
            print(f"  跳过 {book.name}：{book.problems[0].what}", file=sys.stderr)
    year = args.year if args.year is not None else results.latest_year
    path = write_results(results, year, Path(args.out))
    table = results.year_table(year)
    counts = table["status"].value_counts()
    print(f"已写出 {path}：{year}年 {table['unit_code'].nunique()} 个单位 × {len(results.framework.indicators)} 项指标；"
          f"达标 {counts.get('met', 0)}，接近 {counts.get('near', 0)}，未达标 {counts.get('behind', 0)}，"
          f"无目标 {counts.get('no_target', 0)}，无数据 {counts.get('no_data', 0)}。")
    return 0


def cmd_scores(args) -> int:
    from .measure import evaluate
    from .publish import write_scores

    results = evaluate(Path(args.data_dir), args.framework)
    if results.dataset.problems:
        print(f"注意：数据有 {len(results.dataset.problems)} 个问题，有错误的工作簿已跳过（运行 sti-monitor validate 查看详情）。",
              file=sys.stderr)
    year = args.year if args.year is not None else results.latest_year
    path = write_scores(results, year, Path(args.out))
    table = results.scores[results.scores["year"] == year]
    grades = table["grade"].value_counts()
    print(f"已写出 {path}：{year}年 {len(table)} 个单位的考核得分、等次、综合指数与排名区间；"
          + "，".join(f"{g} {grades.get(g, 0)}" for g in results.framework.assessment.grade_names) + "。")
    return 0


def cmd_template(args) -> int:
    from .ingest import units_for
    from .measure import load_framework
    from .publish import district_workbook, save_new, task_table_workbook

    framework = load_framework(args.framework)
    units = units_for(Path(args.data_dir) if args.data_dir else None, framework.units)
    year = args.year
    if args.task_table:
        save_new(task_table_workbook(framework, units, year), Path(args.out), overwrite=args.force)
    else:
        unit = units.get(args.unit) if args.unit else None
        if args.unit and unit is None:
            raise StiMonitorError(f"单位代码 {args.unit} 不在单位清单中")
        save_new(district_workbook(unit, [year], framework.fields), Path(args.out), overwrite=args.force)
    print(f"已写出模板 {args.out}")
    return 0


def cmd_sample(args) -> int:
    from .tools.synth import make_sample

    print(f"已生成示例数据 {make_sample(Path(args.out))}")
    return 0


def cmd_synth(args) -> int:
    from .tools.synth import make_synthetic

    print(f"已生成 {args.units} 个合成单位 {make_synthetic(args.units, Path(args.out), seed=args.seed)}")
    return 0


def cmd_bench(args) -> int:
    import json

    from .tools.bench import bench, stress, table

    if args.stress:
        figures = stress(args.units or 1000, args.workers or 4, Path(args.out) / "stress")
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0 if figures["failures"] == 0 and figures["leftover_processes"] == 0 and figures["exit_code"] == 0 else 1
    figures = bench(args.units or 100, args.naive_units, args.workers or 2, Path(args.out))
    print(table(figures))
    print(f"\n(figures in {Path(args.out) / 'results.json'})")
    return 0


RENDER_LABELS = {"rendered": "已生成", "skipped": "已跳过", "failed": "失败"}


def cmd_render(args) -> int:
    from .batch import render_batch

    codes = [c.strip() for c in args.units.split(",") if c.strip()] if args.units else None
    year = args.year  # without --year the latest year is found by reading the data
    templates = {"district": Path(args.notebook), "zone": Path(args.notebook)} if args.notebook else None
    summary = render_batch(Path(args.data_dir), year, args.framework, codes, Path(args.out), args.workers,
                           args.force, args.executor, args.scheduler, progress=not args.quiet, templates=templates)
    print(f"\n{summary.year}年报告 → {summary.folder}")
    for u in summary.units:
        print(f"  {RENDER_LABELS[u.status]:<4} {u.unit_code} {u.unit_name}：{u.reason}"
              + (f"（{u.seconds:.1f} 秒）" if u.status == "rendered" else ""))
    print(f"共 {len(summary.units)} 个单位：生成 {summary.count('rendered')}，跳过 {summary.count('skipped')}，"
          f"失败 {summary.count('failed')}；用时 {summary.seconds:.1f} 秒。")
    if args.json:
        import json

        from .atomic import write_bytes
        data = {"year": summary.year, "seconds": summary.seconds, "interrupted": summary.interrupted,
                "units": [u.__dict__ for u in summary.units]}
        write_bytes(Path(args.json), json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    if summary.interrupted:
        print("已中断：已完成的报告均已保存，未完成的没有留下半成品。", file=sys.stderr)
        return 130
    return 0 if summary.ok else 1


def add_render_commands(sub, framework_arg) -> None:
    from .paths import REPORTS_DIR

    p = sub.add_parser("render", help="为每个单位生成 PDF 报告（及执行后的笔记本、summary.xlsx、index.md）")
    p.add_argument("data_dir")
    p.add_argument("--year", type=int, help="年份（默认：数据中的最新年份）")
    framework_arg(p)
    p.add_argument("--units", help="只生成这些单位，逗号分隔的代码")
    p.add_argument("--out", default=str(REPORTS_DIR), help="输出目录（默认 reports/）")
    p.add_argument("--workers", type=int, help="并行进程数（默认：CPU 核数）")
    p.add_argument("--force", action="store_true", help="全部重新生成，不论输入是否变化")
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", help="Dask 调度器地址，如 tcp://10.0.0.1:8786")
    p.add_argument("--notebook", help="县（市、区）报告所用的笔记本模板（默认 notebooks/county_report.ipynb）")
    p.add_argument("--json", help="把运行摘要（每个单位的状态、原因、用时）写入该 JSON 文件")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(func=cmd_render)


def build_parser() -> argparse.ArgumentParser:
    from .paths import SAMPLE_DATA_DIR

    parser = argparse.ArgumentParser(prog="sti-monitor", description="科技创新主要指标监测：校验区县报表、计算指标与目标达成、生成报告。")
    parser.add_argument("--version", action="version", version=f"sti-monitor {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试信息")
    sub = parser.add_subparsers(dest="command", required=True)

    def framework_arg(p):
        p.add_argument("--framework", default="wenzhou-2027", help="指标体系 id（params/frameworks 下的文件名）或 YAML 路径")

    p = sub.add_parser("validate", help="检查数据目录中的全部工作簿，逐项列出问题")
    p.add_argument("data_dir")
    framework_arg(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("indicators", help="计算指标与目标达成情况，写出 CSV / JSON / XLSX")
    p.add_argument("data_dir")
    p.add_argument("--year", type=int, help="年份（默认：数据中的最新年份）")
    p.add_argument("--out", required=True, help="输出文件，扩展名决定格式：.csv .json .xlsx")
    framework_arg(p)
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("scores", help="考核得分与等次、综合指数与发展梯队、排名区间，写出 CSV / JSON / XLSX")
    p.add_argument("data_dir")
    p.add_argument("--year", type=int, help="年份（默认：数据中的最新年份）")
    p.add_argument("--out", required=True, help="输出文件，扩展名决定格式：.csv .json .xlsx")
    framework_arg(p)
    p.set_defaults(func=cmd_scores)

    p = sub.add_parser("template", help="写出空白的区县填报模板（或 --task-table 指标任务表模板）")
    p.add_argument("out")
    p.add_argument("--year", type=int, default=2023)
    p.add_argument("--unit", help="预填的单位代码")
    p.add_argument("--task-table", action="store_true", help="写出指标任务表模板")
    p.add_argument("--data-dir", help="使用该数据目录中的 units.yaml")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    framework_arg(p)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("sample", help="重新生成内置示例数据（示意数据，非官方统计）")
    p.add_argument("--out", default=str(SAMPLE_DATA_DIR))
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("synth", help="生成 N 个合成单位的工作簿（用于性能测试）")
    p.add_argument("--units", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("bench", help="性能基准：朴素循环对比 sti-monitor render（冷启动、无变化、单个区县变化）")
    p.add_argument("--units", type=int, help="合成单位数（默认 100；--stress 时 1000）")
    p.add_argument("--naive-units", type=int, default=5, help="朴素循环运行的单位数（默认 5，按单位取中位数比较）")
    p.add_argument("--workers", type=int, help="并行进程数（默认 2；--stress 时 4）")
    p.add_argument("--out", default="bench", help="工作目录（默认 bench/，会被清空）")
    p.add_argument("--stress", action="store_true", help="压力测试：1000 个单位、4 个进程，报告失败数与残留进程")
    p.set_defaults(func=cmd_bench)

    add_render_commands(sub, framework_arg)
    return parser


def _terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _terminate)  # stopped by a scheduler or kill: clean up as for Ctrl-C
    try:
        return args.func(args)
    except StiMonitorError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
