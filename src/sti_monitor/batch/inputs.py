"""What the jobs of a run share and record: the pickled results cached beside the outputs, each unit's input
files with their SHA-256, and the framework as a re-executed notebook loads it."""

from __future__ import annotations

from pathlib import Path

from ..atomic import write_bytes

CACHE_DIR = ".sti-cache"  # the results the notebooks of the latest run loaded, kept for re-execution


def cache_results(folder: Path, key: str, blob: bytes) -> Path:
    """The batch's results, beside its outputs (one file, the latest), for the notebooks to load."""
    cache = folder / CACHE_DIR / f"results-{key[:16]}.pkl"
    if not cache.exists():
        write_bytes(cache, blob)
    for old in cache.parent.glob("results-*.pkl"):
        if old != cache:
            old.unlink(missing_ok=True)
    return cache


def unit_inputs(results, digests: dict[str, str]) -> dict[str, dict]:
    """Unit code -> what its notebook records of the inputs: one SHA-256 over every input file, and
    each file its own numbers come from (its members' for the city or an aggregate; units.yaml,
    确认.yaml and task tables for all) with its SHA-256. A district's record stays small however
    many districts the batch has; any change to any file still shows in the first digest."""
    from ..ingest.panel import files_of_units, inputs_digest  # heavy: imported by a run, not by importing this module

    everything = inputs_digest(digests)
    owned = files_of_units(results.dataset, digests)
    members = results.units.members(results.framework.city_sums)
    out = {}
    for unit in results.units.all():
        names = set(owned.get("", ()))
        for code in members.get(unit.code) or [unit.code]:
            names |= owned.get(code, set())
        out[unit.code] = {"all": everything, "files": {n: digests[n] for n in sorted(names) if n in digests}}
    return out


def framework_arg(framework: str, results) -> str:
    """The framework as a re-executed notebook can load it anywhere: its id, or a file's absolute path."""
    path = Path(framework)
    return str(path.resolve()) if path.suffix.lower() in (".yaml", ".yml") and path.exists() else results.framework.id
