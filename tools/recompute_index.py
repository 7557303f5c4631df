"""The composite index of tools/recompute.py, recomputed from the indicator values by the rules of
docs/frameworks.md and params/settings.yaml: the size fields, the transformed and normalised values, the
index, its change since the baseline year and its group. Nothing here imports `sti_monitor`."""

from __future__ import annotations

import math


def number(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def exists_in(ind: dict, year: int) -> bool:
    """A running total has values from the year it starts counting, an average growth from the year after."""
    formula = ind["formula"]
    if formula["kind"] == "cumulative":
        return year >= formula["since"]
    if formula["kind"] == "average_growth":
        return year > formula["since"]
    return True


def size_fields(rows: list[dict], framework: dict) -> dict[tuple[str, int, str], float]:
    """(unit, year, field) -> a size field's value, read off the rows whose ratio divides by (or into) it."""
    found = {}
    for ind in framework["indicators"]:
        formula = ind["formula"]
        for role in ("numerator", "denominator"):
            if formula["kind"] == "ratio" and formula.get(role):
                for row in rows:
                    if row["indicator"] == ind["id"] and row[role]:
                        found[(row["unit_name"], int(row["year"]), formula[role])] = float(row[role])
    return found


def transformed(rows: list[dict], defs: dict, transforms: dict, sizes: dict) -> tuple[dict, dict]:
    """(unit, year, indicator) -> the value as the index uses it (per size, scaled, square root), and whether the
    indicator applies to the unit that year."""
    value, applies = {}, {}
    for r in rows:
        key = (r["unit_name"], int(r["year"]), r["indicator"])
        applies[key] = r["status"] != "not_applicable" and exists_in(defs[r["indicator"]], int(r["year"]))
        x = number(r["value"])
        t = transforms.get(r["indicator"], {})
        if x is not None and t.get("per"):
            size = sizes.get((r["unit_name"], int(r["year"]), t["per"]))
            x = x / size * t.get("scale", 1) if size and size > 0 else None
        elif x is not None:
            x *= t.get("scale", 1)
        if x is not None and t.get("sqrt"):
            x = math.copysign(math.sqrt(abs(x)), x)
        value[key] = x
    return value, applies


def window_values(value: dict, ind_id: str, members: list[str], window) -> list[float]:
    """The members' values of one indicator over the ``window`` years (those with a value)."""
    return [value[(m, y, ind_id)] for m in members for y in window if value.get((m, y, ind_id)) is not None]


def mean_sd(xs: list[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (n − 1; 0 for one value)."""
    mean = sum(xs) / len(xs)
    return mean, (math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0.0)


def bounds(xs: list[float], outlier_sd: float) -> tuple[float, float]:
    """(min, max) of ``xs`` without the values beyond mean ± ``outlier_sd`` sample SDs."""
    mean, sd = mean_sd(xs)
    if sd > 0:
        xs = [x for x in xs if abs(x - mean) <= outlier_sd * sd]
    return min(xs), max(xs)


def normalised(value: dict, defs: dict, members: list[str], window, outlier_sd: float) -> dict:
    """Min-max of every value over the members and the ``window`` years (outliers beyond mean ± ``outlier_sd``
    sample SDs do not set the bounds), clipped to 0..1, inverted when lower is better, 0.5 when all equal."""
    norm = {}
    for ind_id, ind in defs.items():
        xs = window_values(value, ind_id, members, window)
        if not xs:
            continue
        low, high = bounds(xs, outlier_sd)
        for (u, y, i), x in value.items():
            if i == ind_id and x is not None:
                n = min(max((x - low) / (high - low), 0.0), 1.0) if high > low else 0.5
                norm[(u, y, i)] = n if ind.get("direction", "higher") == "higher" else 1 - n
    return norm


def index_inputs(rows_by_year: dict[int, list[dict]], year: int, rules: dict, members: list[str], city: str) -> dict:
    """What the index of ``year`` is made from: ``defs`` (indicator id -> its YAML), the ``window`` years, the
    transformed ``value`` and whether it ``applies`` by (unit, year, indicator), the normalised values ``norm`` and
    ``raw(unit, year)``, the unweighted mean over what applies and has data (None under the coverage needed)."""
    framework = rules["framework"]
    settings = rules["composite"]
    transforms = settings.get("transforms") or {}
    defs = {ind["id"]: ind for ind in framework["indicators"]}
    window = range(min(framework["baseline_year"], year), year + 1)
    rows = [r for y in window if y in rows_by_year for r in rows_by_year[y]]
    sizes = size_fields(rows, framework)
    for y in window:  # the city's size: the sum over the members, none unless every member has it
        for field in {t["per"] for t in transforms.values() if t.get("per")}:
            parts = [sizes.get((m, y, field)) for m in members]
            sizes[(city, y, field)] = sum(parts) if all(v is not None for v in parts) else None
    value, applies = transformed(rows, defs, transforms, sizes)
    norm = normalised(value, defs, members, window, settings["outlier_sd"])

    def raw(unit, y):
        apply = [i for i in defs if applies.get((unit, y, i))]
        have = [norm[(unit, y, i)] for i in apply if (unit, y, i) in norm]
        if not apply or len(have) / len(apply) < settings["min_coverage"] - 1e-12:
            return None
        return sum(have) / len(have)

    return {"defs": defs, "window": window, "value": value, "applies": applies, "norm": norm, "raw": raw}


def composite(rows_by_year: dict[int, list[dict]], year: int, rules: dict, members: list[str], city: str) -> dict:
    """unit -> (index, index_change, group) of ``year``, by the rules of README/docs (min-max over the members
    and the years baseline…year, outliers beyond mean ± outlier_sd sample SDs do not set the bounds, clipped,
    inverted when lower is better, 0.5 when all equal; unweighted mean over what applies and has data)."""
    framework, settings = rules["framework"], rules["composite"]
    made = index_inputs(rows_by_year, year, rules, members, city)
    defs, applies, norm, raw = made["defs"], made["applies"], made["norm"], made["raw"]
    units = {r["unit_name"] for r in rows_by_year[year]}
    city_now, base_year = raw(city, year), framework["baseline_year"]
    out = {}
    for unit in units:
        now = raw(unit, year)
        index = 100 * now / city_now if now is not None and city_now else None
        change = None
        if now is not None and year >= base_year:
            common = [
                i
                for i in defs
                if applies.get((unit, year, i))
                and all((u, y, i) in norm for u, y in ((unit, year), (unit, base_year), (city, base_year)))
            ]
            if common:
                reference = sum(norm[(city, base_year, i)] for i in common) / len(common)
                if reference > 0:
                    change = (
                        100
                        * (sum(norm[(unit, year, i)] - norm[(unit, base_year, i)] for i in common) / len(common))
                        / reference
                    )
        group = ""
        if index is not None and unit != city:
            shown = math.floor(index * 10 + 0.5) / 10  # rounded half up to 1 decimal
            group = next((g for g, lowest in settings["groups"].items() if shown >= lowest), settings["lowest_group"])
        out[unit] = (index, change, group)
    return out
