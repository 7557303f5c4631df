"""Recompute the judgements of a plan's data independently of `sti_monitor.measure`.

Starts from the indicator values, targets and statuses that `sti-monitor indicators DIR --year Y`
writes (independently confirmed against the workbooks on all 3,063 sample rows) and the rules as
README.md ("How the judgements are made"), docs/frameworks.md and params/*.yaml state them; derives
per unit and year the points of each indicator (and its weighted share), the assessment score, the
grade, the rank among the ranked units, the outlook class and pace ratio, the composite index, its
change since the baseline year, its group and the index rank, the Monte-Carlo rank intervals (rank_p05,
rank_median, rank_p95: tools/recompute_intervals.py, from the documented draws, seed and perturbations), a
member's target rule where it gets no share of the whole's target (a running total counted after the baseline:
不设分县目标; a baseline of 0: 基期为0，不分解目标) and whether a value is beyond a reference unit's
(力争超全省平均, strictly as shown); compares them with `sti-monitor scores` and the indicators output, and
prints every disagreement (plan, unit, year, what, expected, got), then the rank intervals' count and the
total. The CLI runs in subprocesses; nothing here imports `sti_monitor`.

    python tools/recompute.py DATA_DIR [--framework ID]

Every year folder of DATA_DIR is checked (the index of a year normalises over the years since the
baseline, so all of them are read). Exit status 1 when anything disagrees.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the index part beside this script
from recompute_index import composite, number  # noqa: E402
from recompute_intervals import QUANTILES, rank_intervals  # noqa: E402

INTERVAL_COLUMNS = {column for _, column in QUANTILES}

ROOT = Path(__file__).resolve().parents[1]
JUDGED = {"met", "near", "behind"}
GROWTH_KINDS = {"growth", "average_growth"}
TOLERANCE = 1e-6


def load_rules(framework_id: str) -> dict:
    """The framework's YAML with params/settings.yaml's defaults merged into its assessment block."""
    settings = yaml.safe_load((ROOT / "params" / "settings.yaml").read_text(encoding="utf-8"))
    framework = yaml.safe_load((ROOT / "params" / "frameworks" / f"{framework_id}.yaml").read_text(encoding="utf-8"))
    assessment = dict(settings["assessment"])
    assessment.update(framework.get("assessment") or {})
    composite_rules = dict(settings["composite"])
    composite_rules.update(framework.get("composite") or {})
    return {
        "framework": framework,
        "assessment": assessment,
        "outlook": settings["outlook"],
        "composite": composite_rules,
    }


def run_cli(data_dir: Path, command: str, year: int, out: Path) -> list[dict]:
    """Rows of `sti-monitor COMMAND DATA_DIR --year YEAR --out OUT` (a subprocess: no import of measure)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cli = [sys.executable, "-c", "import sys; from sti_monitor.cli import main; sys.exit(main())"]
    subprocess.run(
        [*cli, command, str(data_dir), "--year", str(year), "--out", str(out)], check=True, capture_output=True, env=env
    )
    with out.open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def weights(framework: dict, assessment: dict) -> dict[str, float]:
    """Assessment weight per indicator: its own `weight`, or `assessment.weights` by id, group or
    subgroup (a group's weight shared equally by its indicators); default 1."""
    indicators = framework["indicators"]
    named = assessment.get("weights") or {}
    result = {}
    for ind in indicators:
        w = ind.get("weight")
        if w is None and ind["id"] in named:
            w = named[ind["id"]]
        for key in ("subgroup", "group"):
            if w is None and ind.get(key) in named:
                members = [i for i in indicators if i.get(key) == ind[key]]
                w = named[ind[key]] / len(members)
        result[ind["id"]] = 1.0 if w is None else float(w)
    return result


def indicator_points(row: dict, ind: dict, assessment: dict) -> float | None:
    """0–100 points of one row, or None when it is not scored (不适用, no binding target, aspiration)."""
    if row["target_kind"] == "aspiration" or row["status"] in ("aspiration", "not_applicable"):
        return None
    target = number(row["target"])
    if target is None:
        return None
    value = number(row["value"])
    if value is None or row["status"] == "no_data":
        return 0.0
    met = row["status"] == "met"
    lower = ind.get("direction") == "lower"
    if ind["formula"]["kind"] in GROWTH_KINDS and target <= 0:  # never divided by: points per point short
        short = max(value - target if lower else target - value, 0.0)
        return 100.0 if met else max(0.0, 100.0 - assessment["points_per_point"] * short)
    divisor = value if lower else target
    ratio = ((target if lower else value) / divisor) if divisor > 0 else 0.0
    points = 100.0 * min(max(ratio, 0.0), assessment["cap"])
    return max(points, 100.0) if met else points  # at least 100 when met (more only with a cap above 1)


def grade(score: float, statuses: list[str], assessment: dict) -> str:
    """The best grade whose lowest score the rounded score reaches and whose conditions hold."""
    bands = assessment.get("grades")
    if not bands:
        return ""
    behind = sum(s in ("behind", "no_data") for s in statuses)
    met_share = sum(s == "met" for s in statuses) / len(statuses) if statuses else 0.0
    for name, lowest in bands.items():
        cond = (assessment.get("conditions") or {}).get(name, {})
        if (
            round(score, 2) >= lowest
            and behind <= cond.get("max_behind", math.inf)
            and met_share >= cond.get("min_met_share", 0.0)
        ):
            return name
    return assessment["fail_grade"]


def outlook(row: dict, ind: dict, year: int, framework: dict, thresholds: dict) -> tuple[str, float | None]:
    """Outlook class (and pace ratio R) of one row toward the plan's final target."""
    status, kind = row["status"], row["target_kind"]
    if status == "not_applicable":
        return "not_applicable", None
    if kind == "aspiration" or status == "aspiration":
        return "aspiration", None
    if status not in JUDGED:
        return "unable", None
    if year == framework["final_year"]:
        return ("completed" if status == "met" else "not_completed"), None
    value, final = number(row["value"]), number(row["final_target"])
    if final is None or value is None:
        return "unable", None
    lower = ind.get("direction") == "lower"
    formula = ind["formula"]
    growth = formula["kind"] in GROWTH_KINDS
    if kind == "about":  # a 左右 target reaches F within its tolerance
        reaches = abs(value - final) <= number(row["tolerance"]) + 1e-9
    else:  # compared as shown: at display precision (a growth rate in percentage points)
        digits = ind.get("precision", 2)
        shown_v, shown_f = round(value, digits), round(final, digits)
        reaches = shown_v <= shown_f if lower else shown_v >= shown_f
        if not growth and final > 0 and value > 0:  # … and the completion the row shows is at least 100.0%
            reaches = reaches and round(100 * (final / value if lower else value / final), 1) >= 100
    if status == "met" and reaches:
        return "achieved", None
    start, end = framework["baseline_year"], framework["final_year"]
    base = number(row["baseline"])
    if formula["kind"] == "cumulative":  # the plan's path rises from 0 in the year before counting starts
        start, base = formula["since"] - 1, 0.0
    n, total = year - start, end - start
    if n <= 0 or total <= 0:
        return "unable", None
    if growth:
        divisor = value if lower else final
        pace = ((final if lower else value) / divisor) if divisor > 0 else None
    else:
        if base is None:
            return "unable", None
        if not (final < base if lower else final > base):  # F asks for no improvement: the status decides
            if status == "near":
                return "acceleration_needed", None
            if status == "behind":
                return ("limited" if reaches else "deteriorating"), None
            return ("on_track" if reaches else "deteriorating"), None
        if ind.get("interpolation") == "geometric" and min(value, base, final) > 0:
            pace = ((value / base) ** (1 / n) - 1) / ((final / base) ** (1 / total) - 1)
        else:
            pace = ((value - base) / n) / ((final - base) / total)
    if pace is None:
        return "unable", None
    pace_shown = round(pace, 9)  # a ratio of exactly 0.95 is on track despite floating-point noise
    if pace_shown >= thresholds["on_track"]:
        return "on_track", pace
    if pace_shown >= thresholds["acceleration_needed"]:
        return "acceleration_needed", pace
    return ("limited" if pace_shown >= 0 else "deteriorating"), pace


def member_target_rule(row: dict, ind: dict, framework: dict, city_base: float | None = None) -> str | None:
    """A member's target rule where it gets no share of the whole's target, unless a 指标任务表 sets one: a running
    total counted from after the baseline year (its baseline is 0 for every unit) says ``not_decomposed``
    (不设分县（市、区）目标); a member whose own baseline is 0 while the whole's (``city_base``) is not says
    ``zero_base`` (基期为0，不分解目标: its share, a target of 0, would be met by any value). ``None`` where
    neither applies."""
    formula, members = ind["formula"], {*(framework.get("city_sums") or ["district"]), "zone"}
    if row["unit_kind"] not in members or row["status"] == "not_applicable" or row["target_rule"] == "task_table":
        return None
    if str(row["unit_code"]) in (ind.get("unit_targets") or {}) or not ind.get("targets"):
        return None
    year, last = int(row["year"]), max(int(y) for y in ind["targets"])
    if year <= framework["baseline_year"]:
        return None
    if formula["kind"] == "cumulative" and formula["since"] > framework["baseline_year"]:
        return "not_decomposed"
    same = ind.get("decomposition", "same" if formula["kind"] == "average_growth" else "proportional") == "same"
    if same or year > last or number(row["baseline"]) != 0 or not city_base:
        return None
    return "zero_base"


def beyond_reference(row: dict, ind: dict, year: int, framework: dict) -> bool | None:
    """For an aspiration relative to a reference unit (力争超全省平均, shown in every year up to its own): whether
    the value is strictly beyond the reference value as both are shown, at the indicator's precision."""
    targets = ind.get("targets") or {}
    ahead = [targets[y] for y in sorted(targets) if int(y) >= year]
    spec = ahead[0] if ahead else None
    own_stretch = isinstance(spec, dict) and "stretch" in spec and not isinstance(spec["stretch"], dict)
    own_stretch = own_stretch or (
        isinstance(spec, dict) and isinstance(spec.get("stretch"), dict) and "reference" not in spec["stretch"]
    )
    relative = any(
        isinstance(t, dict) and isinstance(t.get("stretch"), dict) and "reference" in t["stretch"] for t in ahead
    )
    value, stretch = number(row["value"]), number(row["stretch_target"])
    if own_stretch or not relative or value is None or stretch is None:
        return None
    digits = ind.get("precision", 2)
    shown_v, shown_s = half_up(value, digits), half_up(stretch, digits)
    return shown_v < shown_s if ind.get("direction") == "lower" else shown_v > shown_s


def half_up(x: float, digits: int) -> float:
    """``x`` rounded half up to ``digits`` decimals (as every report shows it)."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def differs(expected, got) -> bool:
    if isinstance(expected, float) or isinstance(got, float):
        e, g = number(expected) if isinstance(expected, str) else expected, number(got) if isinstance(got, str) else got
        if e is None or g is None:
            return (e is None) != (g is None)
        return abs(e - g) > TOLERANCE * max(1.0, abs(e))
    return str(expected or "") != str(got or "")


def check_row(compare, row: dict, ind: dict, year: int, rules: dict, city_base: float | None = None) -> float | None:
    """Compare (``compare(unit, what, expected, got)``) one indicator row's points, target rule (``city_base``: the
    whole's baseline-year value of the indicator), 超过参照单位, outlook and pace ratio; its expected 0–100 points
    (None when it is not scored)."""
    framework, assessment = rules["framework"], rules["assessment"]
    pts = indicator_points(row, ind, assessment)
    unit = row["unit_name"]
    compare(
        unit,
        f"{row['indicator']} points",
        pts,
        number(row["achievement_score"])
        if row["achievement_score"]
        else (0.0 if row["status"] == "no_data" and pts is not None else None),
    )
    rule = member_target_rule(row, ind, framework, city_base)
    if rule is not None or row["target_rule"] in ("not_decomposed", "zero_base"):
        compare(unit, f"{row['indicator']} target rule", rule or "", row["target_rule"])
    beyond = beyond_reference(row, ind, year, framework)
    if beyond is not None:
        compare(unit, f"{row['indicator']} 超过参照单位", beyond, row["stretch_met"] == "True")
    expected_class, pace = outlook(row, ind, year, framework, rules["outlook"])
    compare(unit, f"{row['indicator']} outlook", expected_class, row["outlook"])
    if pace is not None:
        compare(unit, f"{row['indicator']} pace ratio", pace, number(row["pace_ratio"]))
    return pts


def city_baselines(rows_by_year: dict[int, list[dict]], framework: dict) -> dict[str, float | None]:
    """Indicator -> the whole's baseline-year value that members' targets are shared from: the whole's value in the
    data, else the plan's baseline."""
    rows = rows_by_year.get(framework["baseline_year"], [])
    found = {r["indicator"]: number(r["value"]) for r in rows if r["unit_kind"] == "city"}
    return {
        ind["id"]: found[ind["id"]] if found.get(ind["id"]) is not None else ind.get("baseline")
        for ind in framework["indicators"]
    }


def check_year(
    indicators: list[dict], scores: list[dict], year: int, rules: dict, rows_by_year: dict[int, list[dict]]
) -> tuple[list[tuple], dict[str, int]]:
    """Disagreements (unit, year, what, expected, got) of one year and how many values were compared: ``all``, and
    ``intervals`` of them the Monte-Carlo rank-interval bounds."""
    framework, assessment = rules["framework"], rules["assessment"]
    defs = {ind["id"]: ind for ind in framework["indicators"]}
    w = weights(framework, assessment)
    city_base = city_baselines(rows_by_year, framework)
    out, compared = [], {"all": 0, "intervals": 0}

    def compare(unit, what, expected, got):
        compared["all"] += 1
        compared["intervals"] += what in INTERVAL_COLUMNS
        if differs(expected, got):
            out.append((unit, year, what, expected, got))

    per_unit: dict[str, list] = {}
    for row in indicators:
        pts = check_row(compare, row, defs[row["indicator"]], year, rules, city_base.get(row["indicator"]))
        if pts is not None:
            per_unit.setdefault(row["unit_name"], []).append((row["indicator"], pts, row["status"]))
    expected_scores = {}
    for unit, items in per_unit.items():
        total = sum(w[i] for i, _, _ in items)
        expected_scores[unit] = sum(w[i] * p for i, p, _ in items) / total
        for i, p, _ in items:
            row = next(r for r in indicators if r["unit_name"] == unit and r["indicator"] == i)
            compare(unit, f"{i} weighted points", w[i] * p / total, number(row["points"]))
    kinds = {r["unit_name"]: r["unit_kind"] for r in scores}
    ranked_kind = "district" if "district" in kinds.values() else "area"
    # ranked by the score as the page shows it (2 decimals), so two units shown alike share a rank
    ranked_units = {u for u, k in kinds.items() if k == ranked_kind}
    ranked = {u: round(s, 2) for u, s in expected_scores.items() if u in ranked_units}
    for row in scores:
        unit = row["unit_name"]
        score = expected_scores.get(unit)
        compare(unit, "score", score, number(row["assessment_score"]))
        statuses = [s for _, _, s in per_unit.get(unit, [])]
        compare(unit, "grade", grade(score, statuses, assessment) if score is not None else "", row["grade"])
        rank = 1 + sum(s > ranked[unit] for s in ranked.values()) if unit in ranked else None
        compare(unit, "rank", rank, number(row["assessment_rank"]))
    check_index(compare, scores, year, rules, rows_by_year, ranked_units)
    return out, compared


def check_index(compare, scores: list[dict], year: int, rules: dict, rows_by_year: dict, ranked_units: set) -> None:
    """Compare (``compare(unit, what, expected, got)``) each unit's index, its change, group and index rank."""
    city = next(r["unit_name"] for r in scores if r["unit_kind"] == "city")
    indexed = composite(rows_by_year, year, rules, sorted(ranked_units), city)
    shown_index = {u: round(i, 1) for u, (i, _, _) in indexed.items() if i is not None and u in ranked_units}
    for row in scores:
        unit = row["unit_name"]
        index, change, group = indexed.get(unit, (None, None, ""))
        compare(unit, "index", index, number(row["index"]))
        compare(unit, "index change", change, number(row["index_change"]))
        compare(unit, "group", group, row["group"])
        rank = 1 + sum(i > shown_index[unit] for i in shown_index.values()) if unit in shown_index else None
        compare(unit, "index rank", rank, number(row["index_rank"]))
    intervals = rank_intervals(rows_by_year, year, rules, sorted(ranked_units), city)
    for row in scores:
        expected = intervals.get(row["unit_name"], {})
        if not expected and not any(row[column] for _, column in QUANTILES):
            continue  # a unit not ranked (the city, a zone): no interval either way
        for _, column in QUANTILES:
            compare(row["unit_name"], column, expected.get(column), number(row[column]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--framework", help="framework id (default: the data directory's 规划.yaml)")
    args = parser.parse_args(argv)
    framework_id = (
        args.framework or yaml.safe_load((args.data_dir / "规划.yaml").read_text(encoding="utf-8"))["framework"]
    )
    rules = load_rules(framework_id)
    years = sorted(int(p.name) for p in args.data_dir.iterdir() if p.is_dir() and p.name.isdigit())
    problems, compared, intervals = [], 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        rows_by_year = {year: run_cli(args.data_dir, "indicators", year, Path(tmp) / f"i{year}.csv") for year in years}
        for year in years:
            scores = run_cli(args.data_dir, "scores", year, Path(tmp) / f"s{year}.csv")
            found, counts = check_year(rows_by_year[year], scores, year, rules, rows_by_year)
            problems += found
            compared += counts["all"]
            intervals += counts["intervals"]
    for unit, year, what, expected, got in problems:
        print(f"{framework_id}\t{unit}\t{year}\t{what}\texpected {expected}\tgot {got}")
    wrong = sum(what in INTERVAL_COLUMNS for _, _, what, _, _ in problems)
    print(f"{framework_id}: rank intervals (p05, median, p95): {intervals} values compared, {wrong} disagreements")
    print(f"{framework_id}: {compared} values compared over {len(years)} years, {len(problems)} disagreements")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
