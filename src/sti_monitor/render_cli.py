"""The ``render`` command (and, with it, the batch options)."""
from __future__ import annotations

import sys
from pathlib import Path

LABELS = {"rendered": "已生成", "skipped": "已跳过", "failed": "失败"}


def cmd_render(args) -> int:
    from .batch import render_batch

    codes = [c.strip() for c in args.units.split(",") if c.strip()] if args.units else None
    year = args.year  # without --year the latest year is found by reading the data
    templates = {"district": Path(args.notebook), "zone": Path(args.notebook)} if args.notebook else None
    summary = render_batch(Path(args.data_dir), year, args.framework, codes, Path(args.out), args.workers,
                           args.force, args.executor, args.scheduler, progress=not args.quiet, templates=templates)
    print(f"\n{summary.year}年报告 → {summary.folder}")
    for u in summary.units:
        print(f"  {LABELS[u.status]:<4} {u.unit_code} {u.unit_name}：{u.reason}"
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
