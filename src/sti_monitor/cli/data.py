"""Commands on the data: validate, indicators, scores, template, sample, frameworks, synth."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from ..errors import StiMonitorError
from ..plan import record_plan
from .output import _dataset_problems, checked_sentence, escape_control, other_plan_line, print_problems, skipped_lines

logger = logging.getLogger(__name__)


def cmd_validate(args) -> int:
    from ..measure import load_dataset, load_framework
    from ..publish import write_problems

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
            print(
                escape_control(
                    f"  {c.unit} {c.field} {c.year}年（{item.problem.file} {item.problem.cell}）：{c.reason}"
                )
            )
    if args.out:
        dataset.problems = problems
        print(f"问题清单已写出 {write_problems(dataset, Path(args.out))}")
    if not problems:
        print("数据检查通过。")
    return 1 if problems else 0


def cmd_indicators(args) -> int:
    from ..atomic import ensure_writable_dir
    from ..errors import OutputError
    from ..measure import evaluate
    from ..publish import write_results

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
        for line in [] if hint else skipped_lines(results.dataset.rejected()):
            print(escape_control(line), file=sys.stderr)
    year = args.year if args.year is not None else results.latest_year
    path = write_results(results, year, out)
    table = results.year_table(year)
    counts = table["status"].value_counts()
    print(
        f"已写出 {path}：{year}年 {table['unit_code'].nunique()} 个单位 × {len(results.framework.indicators)} 项指标；"
        f"达标 {counts.get('met', 0)}，接近 {counts.get('near', 0)}，未达标 {counts.get('behind', 0)}，"
        f"无目标 {counts.get('no_target', 0)}，无数据 {counts.get('no_data', 0)}"
        + (f"，不适用 {counts['not_applicable']}" if counts.get("not_applicable") else "")
        + "。"
    )
    return 0


def cmd_scores(args) -> int:
    from ..measure import evaluate
    from ..publish import write_scores

    results = evaluate(Path(args.data_dir), args.framework, until=args.year)  # the data as they stood for that year
    if results.dataset.problems:
        print(
            f"注意：数据有 {len(results.dataset.problems)} 个问题，有错误的工作簿已跳过（运行 sti-monitor validate 查看详情）。",
            file=sys.stderr,
        )
    year = args.year if args.year is not None else results.latest_year
    path = write_scores(results, year, Path(args.out))
    table = results.scores[results.scores["year"] == year]
    grades = table["grade"].value_counts()
    print(
        f"已写出 {path}：{year}年 {len(table)} 个单位的考核得分、等次、综合指数与排名区间；"
        + ("，".join(f"{g} {grades.get(g, 0)}" for g in results.framework.assessment.grade_names) or "不评等次")
        + "。"
    )
    return 0


def _template_year(args) -> int:
    """``--year``, or the year after the data directory's latest year folder."""
    if args.year is not None:
        return args.year
    folders = (
        [int(p.name) for p in Path(args.data_dir).iterdir() if p.is_dir() and re.fullmatch(r"(19|20)\d\d", p.name)]
        if args.data_dir and Path(args.data_dir).is_dir()
        else []
    )
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
    from ..ingest import units_for
    from ..measure import load_framework
    from ..publish import district_workbook, save_new, task_table_workbook, wide_workbook

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
            raise StiMonitorError(
                f"单位代码 {args.unit} 不在单位清单中（单位代码见 params/units/{framework.units}.yaml，"
                f"或数据目录中的 units.yaml）"
            )
        save_new(district_workbook(unit, [year], framework.fields), Path(args.out), overwrite=args.force)
    print(f"已写出 {year} 年模板 {args.out}")
    return 0


def cmd_sample(args) -> int:
    from ..tools.synth import make_plan_sample

    out = make_plan_sample(args.framework, Path(args.out) if args.out else None)
    print(f"已生成 {args.framework} 的示例数据（示意数据，非官方统计）：{out}")
    return 0


def cmd_frameworks(args) -> int:
    from ..ingest import units_for
    from ..measure import list_frameworks

    print("指标体系\t规划\t规划期\t单位清单\t指标数")
    for fw in list_frameworks():
        units = units_for(None, fw.units)
        print(
            f"{fw.id}\t{fw.name}\t基期{fw.baseline_year}年，目标{fw.final_year}年\t"
            f"{fw.units}（{units.city.name}等{len(units.all())}个单位）\t{len(fw.indicators)}"
        )
    return 0


def cmd_synth(args) -> int:
    from ..tools.synth import make_synthetic

    print(f"已生成 {args.units} 个合成单位 {make_synthetic(args.units, Path(args.out), seed=args.seed)}")
    return 0
