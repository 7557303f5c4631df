"""Why a unit's report is rendered again, in words a statistician can act on: which input file
changed (and whether any of its values did), whose data, which parameter or wording file.

:func:`why` compares two fingerprints (:mod:`.fingerprint`) part by part; :func:`explain` names
what changed within each part.
"""

from __future__ import annotations

from ..ingest.units import plan_word_defaults

REASONS = {
    "new": "首次生成",
    "missing": "输出文件缺失",
    "force": "--force 强制重新生成",
    "own": "本单位数据变化",
    "results": "本单位指标结果变化（排名、目标或参数）",
    "resaved": "文件已重新保存，数值未变",
    "resaved_note": "报告只更新附录中的文件校验值",
    "context": "{whole}或其他{member}数据变化（排名与对比随之变化）",
    "notebook": "报告笔记本模板变化",
    "params": "指标体系或参数变化",
    "wording": "报告措辞变化",
    "code": "软件版本变化",
}
PARTS = ("own", "context", "notebook", "params", "code")
NAMED = 3  # names listed before "等 N 个"


def why(old: dict | None, new: dict) -> list[str]:
    """The parts that changed (keys of ``REASONS``); empty when nothing did. ``resaved``: the files
    the unit's numbers come from changed, its numbers did not."""
    if not old:
        return ["new"]
    changed = [k for k in PARTS if old.get(k) != new.get(k)]
    if "own" not in changed and old.get("files") != new.get("files"):
        changed.insert(0, "resaved")
    return changed


def explain(
    changed: list[str],
    old: dict | None,
    new: dict,
    unit_code: str,
    names: dict[str, str],
    tables: tuple[dict, dict] = ({}, {}),
    city: str = "",
    words: dict[str, str] | None = None,
) -> str:
    """``changed`` (from :func:`why`) as one Chinese sentence, each part naming what changed in it.

    ``names``: unit code -> name; ``tables``: the last run's and this run's digest of each unit's
    results (:func:`.fingerprint.table_digests`), to name the units behind a changed context;
    ``city``: its code (its numbers change with any member's, so it is named only when alone); ``words``: the
    plan's words ({whole}, {member}: :func:`~sti_monitor.ingest.units.plan_words_of`; default a city's)."""
    old = old or {}
    words = words or plan_word_defaults()
    parts = []
    for key in changed:
        if key == "own":
            parts.append(_own(old, new, unit_code, names))
        elif key == "resaved":
            files = _listed(_changed_keys(old.get("files"), new.get("files")), "个文件")
            parts.append(f"{REASONS['resaved']}（{files + '；' if files else ''}{REASONS['resaved_note']}）")
        elif key == "context":
            parts.append(_context(unit_code, names, *tables, city).format(**words))
        elif key == "params":
            parts.extend(_params(old.get("params"), new.get("params")))
        else:
            parts.append(REASONS[key])
    return "；".join(parts)


def _changed_keys(old, new) -> list[str]:
    """The keys whose values differ between two dicts (added and removed ones too), in ``new``'s order."""
    old, new = old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {}
    return [k for k in [*new, *(k for k in old if k not in new)] if old.get(k) != new.get(k)]


def _listed(items: list[str], noun: str) -> str:
    """``a、b、c等 5 个文件`` (empty when there is nothing to list)."""
    shown = "、".join(items[:NAMED])
    return f"{shown}等 {len(items)} {noun}" if len(items) > NAMED else shown


def _own(old: dict, new: dict, unit_code: str, names: dict[str, str]) -> str:
    files = _changed_keys(old.get("files"), new.get("files"))
    where = f"（{_listed(files, '个文件')}）" if files else ""
    whose = _changed_keys(old.get("values"), new.get("values"))
    if not whose and not files:  # no value read changed: its results did (a rank, a target)
        return REASONS["results"]
    if not whose or whose == [unit_code]:
        return REASONS["own"] + where
    return f"{_listed([names.get(c, c) for c in whose], '个单位')}的数据变化{where}"


def _context(unit_code: str, names: dict[str, str], before: dict, now: dict, city: str) -> str:
    changed = [c for c in _changed_keys(before, now) if c != unit_code and c in names] if before else []
    others = [c for c in changed if c != city] or changed
    if not others:
        return REASONS["context"]
    if others == [city]:
        return "{whole}数据变化（排名与对比随之变化）"
    listed = _listed([names[c] for c in others], "个单位").replace("{", "{{").replace("}", "}}")
    return "{whole}或其他{member}数据变化：" + listed + "（排名与对比随之变化）"


def _params(old, new) -> list[str]:
    if not isinstance(old, dict) or not isinstance(new, dict):  # a manifest from before files were told apart
        return [REASONS["params"]]
    files = _changed_keys(old, new)
    wording = [f for f in files if f.startswith("wording/")]
    rest = [f for f in files if f not in wording]
    return ([f"{REASONS['params']}（{'、'.join(rest)}）"] if rest else []) + (
        [f"{REASONS['wording']}（{'、'.join(wording)}）"] if wording else []
    )
