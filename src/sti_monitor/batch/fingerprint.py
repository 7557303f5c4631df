"""What each report depends on, hashed, so a re-run renders only the units whose inputs changed.

A unit's fingerprint has parts, compared one by one to say why a unit is re-rendered
(:mod:`.reasons` puts it in words): ``own`` (its values and the source cells of its values, or of its
members' values for the city or an aggregate), ``files`` (each file those values and its targets come
from, with its SHA-256: the report's appendix lists them), ``values`` (each summed unit's raw values,
to name whose changed), ``context`` (the city and every unit summed into it, whatever their kind: each
report shows their ranks, median and best), ``notebook`` (the template), ``params`` (each file of the
framework, fields, settings, units and wording) and ``code`` (the package source).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml

from ..paths import PARAMS_DIR
from .unchanged import code_digest
from .unchanged import digest as _digest

SHORT = 16  # hex digits kept of a part's per-file or per-unit digests: enough to tell a change, small in the manifest


def _frame_digest(frame: pd.DataFrame, row_hashes: pd.Series | None = None) -> str:
    """A digest of a frame's columns and values (exact bits of floats), not of its index.
    ``row_hashes``: the row hashes of a larger frame that ``frame`` is a selection of (same
    columns, same index labels), computed once, so a selection costs no hashing of its own."""
    if row_hashes is None:
        rows = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    else:
        rows = row_hashes.to_numpy()[row_hashes.index.get_indexer(frame.index)]
    return _digest(",".join(map(str, frame.columns)), rows.tobytes())


def _group_digests(frame: pd.DataFrame, row_hashes: pd.Series, column: str) -> dict[str, str]:
    """Each value of ``column`` -> a short digest of its rows (their hashes, in the frame's order)."""
    rows = pd.Series(row_hashes.to_numpy(), index=frame[column].to_numpy())
    return {key: _digest(group.to_numpy().tobytes())[:SHORT] for key, group in rows.groupby(level=0, sort=False)}


def _params_label(path: Path) -> str:
    """A params file as a person finds it: relative to params/ (``wording/county.yaml``), else its name."""
    try:
        return Path(path).resolve().relative_to(PARAMS_DIR.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def params_digest(results) -> dict[str, str]:
    """Each parameter file a report reads (framework, fields, settings, units, wording) -> a short digest
    of its content as read (a comment or a re-indented line changes no report)."""
    paths = [
        results.framework.source,
        PARAMS_DIR / "fields.yaml",
        PARAMS_DIR / "settings.yaml",
        results.units.source,
        *sorted((PARAMS_DIR / "wording").glob("*.yaml")),
    ]  # a reworded report is a changed report
    read = {_params_label(p): yaml.safe_load(Path(p).read_bytes()) for p in paths if p}
    return {
        label: _digest(json.dumps(content, sort_keys=True, ensure_ascii=False, default=str))[:SHORT]
        for label, content in read.items()
    }


def table_digests(results) -> dict[str, str]:
    """Unit code -> a short digest of its rows of the results table: the manifest keeps the last run's,
    to name the units whose numbers changed when a report's context did."""
    return _group_digests(results.table, pd.util.hash_pandas_object(results.table, index=False), "unit_code")


def unit_fingerprints(results, codes: list[str], year: int, notebooks: dict[str, str]) -> dict[str, dict[str, str]]:
    """For each unit code, its fingerprint parts (see the module docstring)."""
    table, units, panel = results.table, results.units, results.dataset.panel
    # what each unit sums: the city its members (the kinds the plan's city_sums names), an aggregate its own
    sums = units.members(results.framework.city_sums)
    # every report shows the city and the members it is compared and ranked with (median, best, rank)
    context = _frame_digest(table[table["unit_code"].isin([*sums[units.city.code], units.city.code])])
    shas = {**results.dataset.task_files, **{b.name: b.sha256 for b in results.dataset.workbooks}}
    code, params = code_digest(), params_digest(results)
    # every row hashed once; a unit's digest then only gathers its rows' hashes (linear overall)
    table_hashes = pd.util.hash_pandas_object(table, index=False)
    panel_hashes = pd.util.hash_pandas_object(panel, index=False)
    recent = panel["year"].isin([year, year - 1]).to_numpy()
    values = _group_digests(panel[recent], panel_hashes[recent], "unit_code")
    out = {}
    for unit_code in codes:  # each unit's rows come from Results' indexes
        unit = units[unit_code]
        # every raw value of the unit (its members' and its own for the city or an aggregate) this year and last:
        # a superset of results.trace(), selected without its per-indicator filtering, slow for 1,000 units
        sources = (
            panel[panel["unit_code"].isin([*sums[unit_code], unit_code])]
            if sums.get(unit_code)
            else results.panel_rows(unit_code)
        )
        sources = sources[sources["year"].isin([year, year - 1])]
        own_tasks = results.task_rows(unit_code)
        own = _digest(
            _frame_digest(results.unit_table(unit_code), table_hashes),
            _frame_digest(sources, panel_hashes),
            _frame_digest(own_tasks) if not own_tasks.empty else "",
            year,
        )
        files = set(sources["file"]) | (set(own_tasks["file"]) if not own_tasks.empty else set())
        out[unit_code] = {
            "own": own,
            "files": {f: shas.get(f, "")[:SHORT] for f in sorted(files)},
            "values": {m: values.get(m, "") for m in sums.get(unit_code) or [unit_code]},
            "context": context,
            "notebook": _digest(notebooks[unit.kind]),
            "params": params,
            "code": code,
        }
    return out
