"""What the command line prints: problems grouped by file, count sentences, one line per rejected file."""

from __future__ import annotations

import logging
import sys
import unicodedata
from collections import defaultdict

from ..plan import PLAN_FILE

logger = logging.getLogger(__name__)


PROBLEMS_PER_FILE = 20


NAMED_FILES = 3  # files (or units) named in a one-line count before "等 N 个"

# argparse's own messages (Python 3.11–3.13), as they reach ``error()``


def escape_control(text) -> str:
    """Text safe for a terminal: control and format characters (escape sequences, bidi overrides) shown as ``\\x1b``."""
    return "".join(
        c if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf") else c.encode("unicode_escape").decode()
        for c in str(text)
    )


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
            print(
                escape_control(f"  [{level}] {p.location + '：' if p.location else ''}{p.what}。")
                + "\n"
                + escape_control(f"         处理方法：{p.fix}"),
                file=stream,
            )
        if len(items) > limit:
            print(
                f"  ……还有 {len(items) - limit} 个同类问题（完整清单：sti-monitor validate 数据目录 --out 问题清单.xlsx）",
                file=stream,
            )


def _dataset_problems(dataset, framework, missing=None) -> list:
    from ..measure import check_baseline, check_unreported

    baseline = check_baseline(dataset, framework)
    missing = dataset.missing_problems() if missing is None else missing
    return [*dataset.problems, *missing, *([baseline] if baseline else []), *check_unreported(dataset, framework)]


def other_plan_line(problems, data_dir, framework_id: str, missing=()) -> tuple[str | None, list]:
    """When most unknown unit codes of ``problems`` belong to another shipped plan: the one line naming it,
    and the problems without those codes' lines and without the chosen plan's 未报送 (``missing``);
    else ``None`` and ``problems`` as they are."""
    if not problems:  # an unchanged render has none: it imports no measure (nor pandas) for this
        return None, problems
    from ..measure.plans import UNKNOWN_UNIT, plan_of_codes, unknown_codes

    codes = unknown_codes(problems)
    plan = plan_of_codes(codes, data_dir, framework_id)
    if plan is None:
        return None, problems
    dropped = {id(p) for p in missing}
    kept = [p for p in problems if id(p) not in dropped and not UNKNOWN_UNIT.search(p.what)]
    return (
        f"{len(codes)} 个单位代码不在指标体系 {framework_id} 的单位清单中，它们属于“{plan.name}”：请加 --framework "
        f"{plan.id} 再运行（或在数据目录的 {PLAN_FILE} 中写明 framework: {plan.id}）"
    ), kept


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
        text += (
            "错误："
            + "、".join(files[:NAMED_FILES])
            + more
            + (f"，共 {sum(errors.values())} 个" if len(files) > 1 else "")
            + "。"
        )
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
        whose = (
            "整个文件"
            if not named
            else "、".join(named)
            if len(named) <= NAMED_FILES
            else f"{'、'.join(named[:NAMED_FILES])}等 {len(named)} 个单位"
        )
        lines.append(f"  跳过 {name}（{whose}）：{first.what}" + ("等" if len(named) > 1 else ""))
    return lines
