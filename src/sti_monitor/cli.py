"""The ``sti-monitor`` command line."""
from __future__ import annotations

import argparse
import logging
import re
import signal
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from . import __version__
from .errors import StiMonitorError
from .paths import DEFAULT_FRAMEWORK
from .plan import PLAN_FILE, chosen_plan, record_plan

logger = logging.getLogger(__name__)


PROBLEMS_PER_FILE = 20
NAMED_FILES = 3  # files (or units) named in a one-line count before "等 N 个"

# argparse's own messages (Python 3.11–3.13), as they reach ``error()``
_ERRORS = [
    (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)", "参数 {0} 的取值 {1} 无效（可选：{2}）"),
    (r"argument (.*?): invalid (\w+) value: (.*)", "参数 {0} 的取值 {2} 无效（应为{1}）"),
    (r"argument (.*?): expected one argument", "参数 {0} 需要一个值"),
    (r"argument (.*?): not allowed with argument (.*)", "参数 {0} 不能与 {1} 同时使用"),
    (r"ambiguous option: (.*?) could match (.*)", "选项 {0} 有歧义，可能是：{1}"),
]
_TYPES = {"int": "整数", "float": "数字"}


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help with 用法 instead of usage, keeping the examples' line breaks."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def format_help(self):
        # section titles end with a full-width colon, as Chinese text does
        return re.sub(r"^(\S[^\n]*?):\n", "\\1：\n", super().format_help(), flags=re.M)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose every word a user sees is Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message):
        for pattern, text in _ERRORS:
            m = re.fullmatch(pattern, message)
            if m:
                message = text.format(*(_TYPES.get(g, g) for g in m.groups()))
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")



def escape_control(text) -> str:
    """Text safe for a terminal: control and format characters (escape sequences, bidi overrides) shown as ``\\x1b``."""
    return "".join(c if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf") else c.encode("unicode_escape").decode()
                   for c in str(text))


def print_problems(problems, stream=None, limit: int = PROBLEMS_PER_FILE) -> None:
    """Print problems grouped by file, at most ``limit`` per file then a count of the rest, cell text escaped.

    The one problem list ``validate``, ``indicators`` and ``render`` show."""
    stream = stream or sys.stdout
    by_file = defaultdict(list)
    for p in problems:
        by_file[p.file].append(p)
    for file, items in by_file.items():
        print(f"\n{escape_control(file)}", file=stream)
        for p in items[:limit]:
            level = "错误" if p.severity == "error" else "提醒"
            print(escape_control(f"  [{level}] {p.location + '：' if p.location else ''}{p.what}。") + "\n"
                  + escape_control(f"         处理方法：{p.fix}"), file=stream)
        if len(items) > limit:
            print(f"  ……还有 {len(items) - limit} 个同类问题（完整清单：sti-monitor validate 数据目录 --out 问题清单.xlsx）",
                  file=stream)


def _dataset_problems(dataset, framework, missing=None) -> list:
    from .measure import check_baseline, check_unreported

    baseline = check_baseline(dataset, framework)
    missing = dataset.missing_problems() if missing is None else missing
    return [*dataset.problems, *missing, *([baseline] if baseline else []),
            *check_unreported(dataset, framework)]


def other_plan_line(problems, data_dir, framework_id: str, missing=()) -> tuple[str | None, list]:
    """When most unknown unit codes of ``problems`` belong to another shipped plan: the one line naming it,
    and the problems without those codes' lines and without the chosen plan's 未报送 (``missing``);
    else ``None`` and ``problems`` as they are."""
    from .measure.plans import UNKNOWN_UNIT, plan_of_codes, unknown_codes

    codes = unknown_codes(problems)
    plan = plan_of_codes(codes, data_dir, framework_id)
    if plan is None:
        return None, problems
    dropped = {id(p) for p in missing}
    kept = [p for p in problems if id(p) not in dropped and not UNKNOWN_UNIT.search(p.what)]
    return (f"{len(codes)} 个单位代码不在指标体系 {framework_id} 的单位清单中，它们属于“{plan.name}”：请加 --framework "
            f"{plan.id} 再运行（或在数据目录的 {PLAN_FILE} 中写明 framework: {plan.id}）"), kept


def cmd_validate(args) -> int:
    from .measure import load_dataset, load_framework
    from .publish import write_problems

    framework = load_framework(args.framework)
    dataset = load_dataset(Path(args.data_dir), framework)
    books = dataset.workbooks
    missing = dataset.missing_problems()
    problems = _dataset_problems(dataset, framework, missing)
    hint, shown = other_plan_line(problems, dataset.data_dir, framework.id, missing)
    if hint:
        print(f"错误：{hint}")
    if shown:
        print_problems(shown)
    skipped = dataset.skipped_files()
    print("\n" + checked_sentence(len(books), len(skipped), problems))
    listed = [s for s in dataset.skipped if not s.severity]
    if listed:
        print(f"未读取 {len(listed)} 个文件或文件夹（无需处理）：")
        for item in listed:
            print(escape_control(f"  {item.name}：{item.why}"))
    if dataset.revisions:
        print(f"修订 {len(dataset.revisions)} 项（较新年份文件中的数值取代较早文件中的，照常采用）：")
        for revision in dataset.revisions:
            print(escape_control(f"  修订 {revision}"))
    if dataset.confirmed:
        print(f"已确认 {len(dataset.confirmed)} 项疑似错误为真实数据（{dataset.data_dir.name}/确认.yaml），照常采用：")
        for item in dataset.confirmed:
            c = item.confirmation
            print(escape_control(f"  {c.unit} {c.field} {c.year}年（{item.problem.file} {item.problem.cell}）：{c.reason}"))
    if args.out:
        dataset.problems = problems
        print(f"问题清单已写出 {write_problems(dataset, Path(args.out))}")
    if not problems:
        print("数据检查通过。")
    return 1 if problems else 0


def cmd_indicators(args) -> int:
    from .atomic import ensure_writable_dir
    from .errors import OutputError
    from .measure import evaluate
    from .publish import write_results

    out = Path(args.out)
    if out.is_dir():
        raise OutputError(f"--out 指向的是文件夹 {out}：请给出文件名，扩展名决定格式（如 {out / '指标.xlsx'}）")
    ensure_writable_dir(out.parent)  # before computing anything
    results = evaluate(Path(args.data_dir), args.framework, until=args.year)  # the data as they stood for that year
    missing = results.dataset.missing_problems()
    problems = _dataset_problems(results.dataset, results.framework, missing)
    hint, shown = other_plan_line(problems, results.dataset.data_dir, results.framework.id, missing)
    if hint:
        print(f"错误：{hint}", file=sys.stderr)
    if problems:
        print_problems(shown, stream=sys.stderr)
        print(f"\n注意：数据有 {len(problems)} 个问题；有错误的单位未采用，在结果中为无数据：", file=sys.stderr)
        for line in ([] if hint else skipped_lines(results.dataset.rejected())):
            print(escape_control(line), file=sys.stderr)
    year = args.year if args.year is not None else results.latest_year
    path = write_results(results, year, out)
    table = results.year_table(year)
    counts = table["status"].value_counts()
    print(f"已写出 {path}：{year}年 {table['unit_code'].nunique()} 个单位 × {len(results.framework.indicators)} 项指标；"
          f"达标 {counts.get('met', 0)}，接近 {counts.get('near', 0)}，未达标 {counts.get('behind', 0)}，"
          f"无目标 {counts.get('no_target', 0)}，无数据 {counts.get('no_data', 0)}"
          + (f"，不适用 {counts['not_applicable']}" if counts.get("not_applicable") else "") + "。")
    return 0


def checked_sentence(books: int, rejected: int, problems) -> str:
    """``validate``'s last word: workbooks usable and not, then the errors of each file, so that
    no two counts can read as a contradiction."""
    errors = defaultdict(int)
    for p in problems:
        if p.severity == "error":
            errors[p.file] += 1
    text = f"检查了 {books} 个工作簿：{books - rejected} 个可以采用，{rejected} 个有错误（有错误的单位不采用）。"
    if errors:
        files = [f"{file} {n} 个" for file, n in errors.items()]
        more = f"等 {len(files)} 个文件" if len(files) > NAMED_FILES else ""
        text += "错误：" + "、".join(files[:NAMED_FILES]) + more + (f"，共 {sum(errors.values())} 个" if len(files) > 1 else "") + "。"
    warnings = len(problems) - sum(errors.values())
    return text + (f"提醒 {warnings} 个（不影响采用）。" if warnings else "")


def skipped_lines(rejected) -> list[str]:
    """One line per rejected workbook (a wide table holds many units): its units, and its first error."""
    by_file = {}
    for unit, book, first in rejected:
        by_file.setdefault(book.name, ([], first))[0].append(unit)
    lines = []
    for name, (units, first) in by_file.items():
        named = [u for u in units if u]
        whose = "整个文件" if not named else "、".join(named) if len(named) <= NAMED_FILES else \
            f"{'、'.join(named[:NAMED_FILES])}等 {len(named)} 个单位"
        lines.append(f"  跳过 {name}（{whose}）：{first.what}" + ("等" if len(named) > 1 else ""))
    return lines


def cmd_scores(args) -> int:
    from .measure import evaluate
    from .publish import write_scores

    results = evaluate(Path(args.data_dir), args.framework, until=args.year)  # the data as they stood for that year
    if results.dataset.problems:
        print(f"注意：数据有 {len(results.dataset.problems)} 个问题，有错误的工作簿已跳过（运行 sti-monitor validate 查看详情）。",
              file=sys.stderr)
    year = args.year if args.year is not None else results.latest_year
    path = write_scores(results, year, Path(args.out))
    table = results.scores[results.scores["year"] == year]
    grades = table["grade"].value_counts()
    print(f"已写出 {path}：{year}年 {len(table)} 个单位的考核得分、等次、综合指数与排名区间；"
          + ("，".join(f"{g} {grades.get(g, 0)}" for g in results.framework.assessment.grade_names) or "不评等次") + "。")
    return 0


def _template_year(args) -> int:
    """``--year``, or the year after the data directory's latest year folder."""
    if args.year is not None:
        return args.year
    folders = [int(p.name) for p in Path(args.data_dir).iterdir()
               if p.is_dir() and re.fullmatch(r"(19|20)\d\d", p.name)] if args.data_dir and Path(args.data_dir).is_dir() else []
    if not folders:
        raise StiMonitorError("请用 --year 指定填报年份（或用 --data-dir 指定数据目录，取其中最新年份的下一年）")
    return max(folders) + 1


def _reporting_units(units) -> list:
    """The units that send their own workbook: districts, zones and areas, and the city when nothing sums into it."""
    own = [*units.districts, *units.zones, *units.areas]
    return own if own else [units.city]


def data_dir_of(folder: Path) -> Path:
    """The data directory a folder belongs to: its parent when it is a year's folder (``data/wenzhou/2024``)."""
    return folder.parent if re.fullmatch(r"(19|20)\d\d(年|年度)?", folder.name) else folder


def _plan_dir(args) -> Path | None:
    """The data directory whose recorded plan (规划.yaml) a command uses, if any."""
    if args.command == "template":
        return Path(args.data_dir) if args.data_dir else data_dir_of(Path(args.all)) if args.all else None
    return Path(args.data_dir) if getattr(args, "data_dir", None) else None


def cmd_template(args) -> int:
    from .ingest import units_for
    from .measure import load_framework
    from .publish import district_workbook, save_new, task_table_workbook, wide_workbook

    framework = load_framework(args.framework)
    units = units_for(Path(args.data_dir) if args.data_dir else None, framework.units)
    year = _template_year(args)
    if args.all:
        folder = Path(args.all)
        written = []
        for unit in _reporting_units(units):
            path = folder / f"{unit.slug}_{year}.xlsx"
            save_new(district_workbook(unit, [year], framework.fields), path, overwrite=args.force)
            written.append(path)
        print(f"已写出 {len(written)} 个单位的 {year} 年填报模板到 {folder}（{written[0].name} 等）")
        recorded = record_plan(Path(args.data_dir) if args.data_dir else data_dir_of(folder), framework.id)
        if recorded:
            print(f"已在 {recorded} 记下所用指标体系 {framework.id}：该数据目录以后不加 --framework 即按它处理")
        return 0
    if not args.out:
        raise StiMonitorError("请给出要写出的模板文件名，或用 --all 文件夹 为每个单位各写一份")
    if args.task_table:
        save_new(task_table_workbook(framework, units, year), Path(args.out), overwrite=args.force)
    elif args.wide:
        save_new(wide_workbook(units, year, framework.fields), Path(args.out), overwrite=args.force)
    else:
        unit = units.get(args.unit) if args.unit else None
        if args.unit and unit is None:
            raise StiMonitorError(f"单位代码 {args.unit} 不在单位清单中（单位代码见 params/units/{framework.units}.yaml，"
                                  f"或数据目录中的 units.yaml）")
        save_new(district_workbook(unit, [year], framework.fields), Path(args.out), overwrite=args.force)
    print(f"已写出 {year} 年模板 {args.out}")
    return 0


def cmd_sample(args) -> int:
    from .tools.synth import make_plan_sample

    out = make_plan_sample(args.framework, Path(args.out) if args.out else None)
    print(f"已生成 {args.framework} 的示例数据（示意数据，非官方统计）：{out}")
    return 0


def cmd_frameworks(args) -> int:
    from .ingest import units_for
    from .measure import list_frameworks

    print("指标体系\t规划\t规划期\t单位清单\t指标数")
    for fw in list_frameworks():
        units = units_for(None, fw.units)
        print(f"{fw.id}\t{fw.name}\t基期{fw.baseline_year}年，目标{fw.final_year}年\t"
              f"{fw.units}（{units.city.name}等{len(units.all())}个单位）\t{len(fw.indicators)}")
    return 0


def cmd_synth(args) -> int:
    from .tools.synth import make_synthetic

    print(f"已生成 {args.units} 个合成单位 {make_synthetic(args.units, Path(args.out), seed=args.seed)}")
    return 0


def cmd_bench(args) -> int:
    import json

    require_extra("pypdf", "dev")

    from .tools.bench import bench, profile_table, profile_unit, scale, scale_table, stress, table

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


RENDER_LABELS = {"rendered": "已生成", "skipped": "已跳过", "failed": "失败", "rejected": "数据有误", "held": "未生成",
                 "unreported": "未报送", "stray": "未采用"}


def cmd_render(args) -> int:
    from .batch import render_batch

    codes = [c.strip() for c in args.units.split(",") if c.strip()] if args.units else None
    year = args.year  # without --year the latest year is found by reading the data
    templates = dict.fromkeys(("district", "zone", "area", "aggregate"), Path(args.notebook)) if args.notebook else None
    executor = "dask" if args.scheduler else args.executor  # a scheduler address means Dask
    if executor == "dask":
        require_extra("distributed", "dask")
    out = Path(args.out) if args.out else default_reports_folder(Path(args.data_dir))
    summary = render_batch(Path(args.data_dir), year, args.framework, codes, out, args.workers,
                           args.force, executor, args.scheduler, progress=not args.quiet, templates=templates,
                           allow_partial=args.allow_partial)
    unreported = [p for p in summary.problems if "未报送：没有" in p.what]
    hint, shown = other_plan_line(summary.problems, Path(args.data_dir), args.framework, unreported)
    if hint:
        print(f"错误：{hint}")
    if shown:
        print_problems(shown)
    print(f"\n{summary.year}年报告 → {summary.folder}")
    held = [u for u in summary.units if u.status == "held"]
    for u in summary.units:
        if u.status == "held" or (hint and u.status in ("stray", "unreported")):
            continue  # held: one reason for them all, said once below; stray and unreported: the hint says it
        print(f"  {RENDER_LABELS[u.status]:<4} {u.unit_code or '—'} {u.unit_name}：{u.reason}"
              + (f"（{u.seconds:.1f} 秒）" if u.status == "rendered" else ""))
    if held:
        names = [f"{u.unit_code} {u.unit_name}" for u in held]
        listed = "、".join(names) if len(names) <= NAMED_FILES else f"{'、'.join(names[:NAMED_FILES])}等 {len(names)} 个单位"
        print(f"  {RENDER_LABELS['held']:<4} {listed}：{held[0].reason}")
    strays = summary.count("stray")  # files of no unit of the plan
    print(f"共 {len(summary.units) - strays} 个单位：生成 {summary.count('rendered')}，跳过 {summary.count('skipped')}，"
          f"失败 {summary.count('failed')}" + (f"（重试 {summary.retried} 个）" if summary.retried else "")
          + (f"，数据有误 {summary.count('rejected')}" if summary.count("rejected") else "")
          + (f"，未生成 {len(held)}" if held else "")
          + (f"，未报送 {summary.count('unreported')}" if summary.count("unreported") else "")
          + (f"；另有 {strays} 个文件未采用" if strays else "") + f"；用时 {summary.seconds:.1f} 秒。")
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


def default_reports_folder(data_dir: Path) -> Path:
    """``reports/<data folder name>``: the panel's layout, so that two data folders never share reports."""
    from .paths import REPORTS_DIR

    return REPORTS_DIR / (data_dir.resolve().name or "data")


def add_render_commands(sub, framework_arg) -> None:
    p = sub.add_parser("render", help="为每个单位生成 PDF 报告（及执行后的笔记本、summary.xlsx、index.md）")
    p.add_argument("data_dir", help="数据目录：各县（市、区）报表所在的文件夹（可含按年份分的子文件夹，只读不改）")
    p.add_argument("--year", type=int, help="年份（默认：数据中的最新年份）")
    framework_arg(p)
    p.add_argument("--units", help="只生成这些单位，逗号分隔的代码")
    p.add_argument("--out", help="输出目录（默认 reports/数据目录名/，报告写在其下的 年份/ 文件夹，"
                                 "与控制面板相同；不同数据目录的报告互不覆盖）")
    p.add_argument("--workers", type=int, help="并行进程数（默认：CPU 核数）")
    p.add_argument("--force", action="store_true", help="全部重新生成，不论输入是否变化")
    p.add_argument("--executor", choices=["local", "dask"], default="local",
                   help="执行方式：local 为本机多进程（默认）；dask 为 Dask 集群（不加 --scheduler 时在本机启动集群）")
    p.add_argument("--scheduler", help="Dask 调度器地址，如 tcp://10.0.0.1:8786")
    p.add_argument("--notebook", help="县（市、区）报告所用的笔记本模板（默认 notebooks/county_report.ipynb）")
    p.add_argument("--json", help="把运行摘要（每个单位的状态、原因、用时）写入该 JSON 文件")
    p.add_argument("--allow-partial", action="store_true",
                   help="有县（市、区）的工作簿有错误或未报送时，仍生成其余单位的报告（默认：一份也不生成，退出码 1）")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(func=cmd_render)


def require_extra(module: str, extra: str) -> None:
    """Stop with the ``pip install`` that brings ``module`` when the extra ``extra`` was not installed."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise StiMonitorError(f"该命令需要 {module}，当前环境没有安装。请运行：pip install 'sti-monitor[{extra}]'"
                              f"（在项目目录中为 .venv/bin/pip install -e '.[{extra}]'，或直接 make install）")


def cmd_app(args) -> int:
    require_extra("voila", "app")
    require_extra("ipywidgets", "app")
    from .app import serve
    from .app.access import read_token
    from .paths import SAMPLE_DATA_DIR

    token, generated = read_token(args.token, args.token_file)
    serve(args.data or [SAMPLE_DATA_DIR], Path(args.out), args.host, args.port, token, open_browser=args.open,
          allow_hosts=args.allow_host or (), generated=generated)
    return 0


def add_app_command(sub) -> None:
    from .paths import REPORTS_DIR

    p = sub.add_parser("app", help="在浏览器中打开控制面板：检查数据、确认存疑数值、生成报告")
    p.add_argument("--data", action="append", help="可选用的数据目录（及其下级文件夹），可写多次（默认：示例数据）")
    p.add_argument("--out", default=str(REPORTS_DIR), help="报告与问题清单的输出目录（默认 reports/）")
    p.add_argument("--port", type=int, default=8866, help="端口（默认 8866）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只允许本机访问）")
    p.add_argument("--token", nargs="?", const="",
                   help="只写 --token：自动生成访问令牌并显示一次。令牌不要写在命令行上：用环境变量 STI_APP_TOKEN "
                        "或 --token-file。监听其他地址时必须设置令牌")
    p.add_argument("--token-file", help="从该文件读取访问令牌（文件只需一行）")
    p.add_argument("--allow-host", action="append",
                   help="另外允许的主机名（浏览器地址栏中的名字，如 stats.example.local），可写多次；"
                        "默认只允许本机名称和监听地址")
    p.add_argument("--open", action="store_true", help="启动后自动打开浏览器")
    p.set_defaults(func=cmd_app)


EXAMPLES = {
    "validate": ["sti-monitor validate data/wenzhou                      # 逐项列出问题，有错误时退出码为 1",
                 "sti-monitor validate data/wenzhou --out 问题清单.xlsx   # 写出问题清单，发回各县（市、区）修改"],
    "indicators": ["sti-monitor indicators data/sample --year 2023 --out 指标2023.xlsx",
                   "sti-monitor indicators data/sample --year 2023 --out 指标2023.csv"],
    "scores": ["sti-monitor scores data/sample --year 2023 --out 考核2023.xlsx"],
    "template": ["sti-monitor template --all data/wenzhou/2024 --year 2024   # 每个填报单位一份，放进 2024 年文件夹",
                 "sti-monitor template 鹿城区_2024.xlsx --unit 330302 --year 2024",
                 "sti-monitor template 指标任务表_2024.xlsx --task-table --year 2024",
                 "sti-monitor template 全市汇总_2024.xlsx --wide --year 2024"],
    "sample": ["sti-monitor sample --framework wenzhou-2027 --out data/sample",
               "sti-monitor sample --framework jinzhou-2020 --out /tmp/jinzhou"],
    "frameworks": ["sti-monitor frameworks"],
    "synth": ["sti-monitor synth --units 100 --out /tmp/synth100"],
    "bench": ["sti-monitor bench --units 100 --workers 2 --out bench",
              "sti-monitor bench --only-scale --scale 100,400 --out bench"],
    "render": ["sti-monitor render data/sample --year 2023                     # 全部单位 → reports/sample/2023/",
               "sti-monitor render data/sample --year 2023 --units 330328      # 只生成文成县",
               "sti-monitor render data/wenzhou --year 2024 --allow-partial    # 有报表被拒收时仍生成其余单位",
               "sti-monitor render data/wenzhou --year 2024 --scheduler tcp://10.0.0.1:8786   # 在 Dask 集群上生成",
               "sti-monitor render data/wenzhou --year 2024 --executor dask    # 在本机启动 Dask 集群生成"],
    "app": ["sti-monitor app --data data                                   # 打开 http://127.0.0.1:8866/",
            "sti-monitor app --data /srv/统计数据 --host 0.0.0.0 --token     # 供局域网访问，自动生成访问令牌",
            "STI_APP_TOKEN=令牌 sti-monitor app --data /srv/统计数据 --host 0.0.0.0 --allow-host stats.example.local"],
}


def build_parser() -> argparse.ArgumentParser:
    from .paths import SAMPLE_DATA_DIR

    parser = ChineseArgumentParser(prog="sti-monitor", description="科技创新主要指标监测：校验区县报表、计算指标与目标达成、生成报告。",
                                   epilog="每个子命令的用法与示例：sti-monitor 子命令 -h（如 sti-monitor render -h）")
    parser.add_argument("--version", action="version", version=f"sti-monitor {__version__}", help="显示版本号并退出")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试信息")
    sub = parser.add_subparsers(dest="command", required=True, title="子命令", metavar="命令")

    def framework_arg(p):
        p.add_argument("--framework", help=f"指标体系 id（params/frameworks 下的文件名）或 YAML 路径（默认：数据目录的 "
                                           f"{PLAN_FILE} 所记的指标体系，没有时为 {DEFAULT_FRAMEWORK}）")

    p = sub.add_parser("validate", help="检查数据目录中的全部工作簿，逐项列出问题")
    p.add_argument("data_dir", help="数据目录：各县（市、区）报表所在的文件夹（可含按年份分的子文件夹，只读不改）")
    p.add_argument("--out", help="把问题清单写成 .xlsx（每个县（市、区）一个工作表，可发回各地修改）")
    framework_arg(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("indicators", help="计算指标与目标达成情况，写出 CSV / JSON / XLSX")
    p.add_argument("data_dir", help="数据目录：各县（市、区）报表所在的文件夹（可含按年份分的子文件夹，只读不改）")
    p.add_argument("--year", type=int, help="年份（默认：数据中的最新年份）")
    p.add_argument("--out", required=True, help="输出文件，扩展名决定格式：.csv .json .xlsx")
    framework_arg(p)
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("scores", help="考核得分与等次、综合指数与发展梯队、排名区间，写出 CSV / JSON / XLSX")
    p.add_argument("data_dir", help="数据目录：各县（市、区）报表所在的文件夹（可含按年份分的子文件夹，只读不改）")
    p.add_argument("--year", type=int, help="年份（默认：数据中的最新年份）")
    p.add_argument("--out", required=True, help="输出文件，扩展名决定格式：.csv .json .xlsx")
    framework_arg(p)
    p.set_defaults(func=cmd_scores)

    p = sub.add_parser("template", help="写出空白的区县填报模板（或 --task-table 指标任务表模板）")
    p.add_argument("out", nargs="?", help="要写出的模板文件（.xlsx）；用 --all 时不需要")
    p.add_argument("--year", type=int,
                   help="模板的填报年份（默认：--data-dir 数据目录中最新年份的下一年；没有 --data-dir 时必须给出）")
    p.add_argument("--unit", help="预填的单位代码（单位代码见 params/units/ 下本指标体系的单位清单）")
    p.add_argument("--all", metavar="文件夹",
                   help="为本指标体系每个填报单位各写一份模板到该文件夹（文件名：代码_名称_年份.xlsx）")
    p.add_argument("--task-table", action="store_true", help="写出指标任务表模板")
    p.add_argument("--wide", action="store_true", help="写出全市汇总表模板（每行一个县（市、区），每列一个指标）")
    p.add_argument("--data-dir", help="使用该数据目录中的 units.yaml")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    framework_arg(p)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("sample", help="生成某一指标体系的示例数据（示意数据，非官方统计）")
    p.add_argument("--out", help=f"输出目录（默认：{DEFAULT_FRAMEWORK} 为 {SAMPLE_DATA_DIR}，其他为 data/sample-指标体系id）")
    framework_arg(p)
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("frameworks", help="列出全部指标体系：规划名称、规划期、单位清单、指标数")
    p.set_defaults(func=cmd_frameworks)

    p = sub.add_parser("synth", help="生成 N 个合成单位的工作簿（用于性能测试）")
    p.add_argument("--units", type=int, required=True, help="合成的县级单位个数（另加一个市）")
    p.add_argument("--out", required=True, help="输出目录（写出工作簿与 units.yaml）")
    p.add_argument("--seed", type=int, default=7, help="随机种子（默认 7，相同种子生成相同数据）")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("bench", help="性能基准：朴素循环对比 sti-monitor render（冷启动、无变化、单个区县变化）")
    p.add_argument("--units", type=int, help="合成单位数（默认 100；--stress 时 1000）")
    p.add_argument("--naive-units", type=int, default=5, help="朴素循环运行的单位数（默认 5，按单位取中位数比较）")
    p.add_argument("--workers", type=int, help="并行进程数（默认 2；--stress 时 4）")
    p.add_argument("--out", default="bench", help="工作目录（默认 bench/，会被清空）")
    p.add_argument("--stress", action="store_true", help="压力测试：1000 个单位、4 个进程，报告失败数与残留进程")
    p.add_argument("--scale", help="规模测试的单位数，逗号分隔（如 100,400,1000）：每种规模冷启动生成一次、无变化重跑一次")
    p.add_argument("--only-scale", action="store_true", help="只做规模测试（及 --profile），不做朴素循环对比")
    p.add_argument("--profile", type=int, metavar="N",
                   help="在 N 个合成单位中，分阶段计时一个已预热单位的报告（重置、各单元格、导出、Typst、写文件，毫秒）")
    p.set_defaults(func=cmd_bench)

    add_render_commands(sub, framework_arg)
    add_app_command(sub)
    for name, command in sub.choices.items():
        command.description = command.description or next(a.help for a in sub._choices_actions if a.dest == name)
        if name in EXAMPLES:
            command.epilog = "示例：\n" + "\n".join(f"  {line}" for line in EXAMPLES[name])
    return parser


def _terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _terminate)  # stopped by a scheduler or kill: clean up as for Ctrl-C
    try:
        if "framework" in args:  # --framework, or the plan the data directory records (sample: its own)
            args.framework = (args.framework or DEFAULT_FRAMEWORK) if args.command == "sample" \
                else chosen_plan(_plan_dir(args), args.framework)
        return args.func(args)
    except StiMonitorError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
