"""What each report depends on, hashed, so a re-run renders only the units whose inputs changed.

A unit's fingerprint has parts, compared one by one to say why a unit is re-rendered:
``own`` (its values, and the source cells and files of its values, or of its members' values for
the city or an aggregate), ``context`` (the city and every unit summed into it, whatever their
kind: each report shows their ranks, median and best), ``notebook`` (the template), ``params``
(framework, fields, settings, units) and ``code`` (the package source).
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import __version__
from ..paths import PACKAGE_DIR, PARAMS_DIR

REASONS = {
    "new": "首次生成", "missing": "输出文件缺失", "force": "--force 强制重新生成", "own": "本单位数据变化",
    "context": "全市或其他县（市、区）数据变化（排名与对比随之变化）", "notebook": "报告笔记本模板变化",
    "params": "指标体系或参数变化", "code": "软件版本变化",
}


def _digest(*chunks) -> str:
    h = hashlib.sha256()
    for c in chunks:
        # file names from the file system may carry undecodable bytes as surrogates
        h.update(c if isinstance(c, bytes) else str(c).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _frame_digest(frame: pd.DataFrame, row_hashes: pd.Series | None = None) -> str:
    """A digest of a frame's columns and values (exact bits of floats), not of its index.
    ``row_hashes``: the row hashes of a larger frame that ``frame`` is a selection of (same
    columns, same index labels), computed once, so a selection costs no hashing of its own."""
    if row_hashes is None:
        rows = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    else:
        rows = row_hashes.to_numpy()[row_hashes.index.get_indexer(frame.index)]
    return _digest(",".join(map(str, frame.columns)), rows.tobytes())


@lru_cache(maxsize=None)
def code_digest() -> str:
    """The package's version and source files."""
    files = sorted(PACKAGE_DIR.rglob("*.py"))
    return _digest(__version__, *(f"{p.relative_to(PACKAGE_DIR)}:{p.read_bytes()!r}" for p in files))


def params_digest(results) -> str:
    paths = [results.framework.source, PARAMS_DIR / "fields.yaml", PARAMS_DIR / "settings.yaml", results.units.source,
             *sorted((PARAMS_DIR / "wording").glob("*.yaml"))]  # a reworded report is a changed report
    return _digest(*(Path(p).read_bytes() for p in paths if p))


def unit_fingerprints(results, codes: list[str], year: int, notebooks: dict[str, str]) -> dict[str, dict[str, str]]:
    """For each unit code, its fingerprint parts (see the module docstring)."""
    table, units, panel = results.table, results.units, results.dataset.panel
    # what each unit sums: the city its members (the kinds the plan's city_sums names), an aggregate its own
    sums = units.members(results.framework.city_sums)
    # every report shows the city and the members it is compared and ranked with (median, best, rank)
    context = _frame_digest(table[table["unit_code"].isin([*sums[units.city.code], units.city.code])])
    shas = {b.name: b.sha256 for b in results.dataset.workbooks}
    code, params = code_digest(), params_digest(results)
    # every row hashed once; a unit's digest then only gathers its rows' hashes (linear overall)
    table_hashes = pd.util.hash_pandas_object(table, index=False)
    panel_hashes = pd.util.hash_pandas_object(panel, index=False)
    out = {}
    for unit_code in codes:  # each unit's rows come from Results' indexes
        unit = units[unit_code]
        # every raw value of the unit (its members' for the city or an aggregate) this year and last: a superset
        # of results.trace(), selected without its per-indicator filtering, which is slow for 1,000 units
        sources = panel[panel["unit_code"].isin(sums[unit_code])] if sums.get(unit_code) else results.panel_rows(unit_code)
        sources = sources[sources["year"].isin([year, year - 1])]
        own_tasks = results.task_rows(unit_code)
        own = _digest(_frame_digest(results.unit_table(unit_code), table_hashes), _frame_digest(sources, panel_hashes),
                      json.dumps(sorted((f, shas.get(f, "")) for f in set(sources["file"]))),
                      _frame_digest(own_tasks) if not own_tasks.empty else "", year)
        out[unit_code] = {"own": own, "context": context, "notebook": _digest(notebooks[unit.kind]),
                          "params": params, "code": code}
    return out


def batch_key(data_dir: Path, framework_id: str, year, codes, notebooks: dict[str, str]) -> str:
    """A digest of everything a whole batch reads: every input file's bytes, the parameters,
    the notebooks, the code and the request. Equal keys mean nothing can have changed."""
    from ..ingest.panel import input_files
    from ..measure import load_framework

    framework = load_framework(framework_id)
    params = sorted(PARAMS_DIR.rglob("*.yaml")) + ([framework.source] if framework.source else [])
    return _digest(code_digest(), framework_id, year, ",".join(codes or []), *notebooks.values(),
                   *(f"{name}:{sha}" for name, sha in input_files(Path(data_dir)).items()),
                   *(hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in params))


def why(old: dict | None, new: dict[str, str]) -> list[str]:
    """The parts that changed (keys of ``REASONS``); empty when nothing did."""
    if not old:
        return ["new"]
    return [k for k in ("own", "context", "notebook", "params", "code") if old.get(k) != new.get(k)]
