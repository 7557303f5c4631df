"""Targets: the plan's milestones, interpolated between them, and decomposed to districts.

Rules (the ``target_rule`` column):
- ``plan``: the city, and any aggregate or area the framework gives its own targets (``unit_targets``),
  is judged against the framework's targets;
- ``reference``: the same indicator of a reference unit (the province) in the same year, plus a margin;
- ``task_table``: a district's target from the data directory's 指标任务表;
- ``proportional``: district baseline × city target ÷ city baseline;
- ``same_as_city``: the city target (growth rates);
- ``not_decomposed``: a running total (累计) counted from after the baseline year, whose city target the plan
  sets for the city alone: its baseline is 0 for every unit, so no share of it can be taken; the district is
  told so (不设分县（市、区）目标), unless a 指标任务表 gives its target;
- ``zero_base``: a district whose own baseline is 0 while the city's is not: its share of the city's target is 0,
  a target any value meets, so it gets none (基期为0，不分解目标) and is treated as having no target everywhere
  (status 无目标, no points, no outlook, never counted as met), unless a 指标任务表 gives its target;
- ``none``: no target could be set (the note says why); areas and aggregates without targets of
  their own get none unless the framework sums them into the city.

Targets of counts (家, 个, 件, 人…: a field of kind ``count``) derived by decomposition or interpolation
are rounded to whole numbers, up when higher is better (:func:`whole_target`).

Each row also carries the target's ``target_kind`` (see :class:`~.framework.Target`) and, for
about-targets, its ``tolerance``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..ingest import UnitRegistry
from ..missing import is_missing
from .applicability import applicability
from .framework import Framework, Indicator, Target

RULE_LABELS = {
    "plan": "规划目标",
    "reference": "参照单位同期值",
    "task_table": "指标任务表",
    "proportional": "按基期比例分解",
    "same_as_city": "与全市目标相同",
    "not_decomposed": "不设分县（市、区）目标",
    "zero_base": "基期为0，不分解目标",
    "none": "无目标",
}
NO_SHARE_RULES = ("not_decomposed", "zero_base")  # a member given no share of the whole's target (said why)
ILLUSTRATIVE_MARK = "（示例数值，非官方统计）"
NOT_APPLICABLE_NOTE = "该指标不适用于此类单位（规划未对此类单位设定目标），不计分、不排名"
TARGET_COLUMNS = [
    "unit_code",
    "year",
    "indicator",
    "target",
    "stretch_target",
    "target_rule",
    "target_note",
    "baseline",
    "final_target",
    "target_kind",
    "tolerance",
    "applicable",
]


@dataclass(frozen=True)
class PlanTarget:
    """The plan's target for one year: ``value`` (and ``stretch``), with how it was obtained."""

    value: float
    stretch: float | None
    kind: str
    note: str
    tolerance: float = 0.0
    reference: str | None = None
    stretch_reference: str | None = None  # the stretch is this unit's value in the same year plus ``stretch``
    stretch_year: int | None = (
        None  # the year of that aspiration (力争到2027年超全省平均), shown in every year up to it
    )


def _between(a: float, b: float, share: float, how: str) -> float:
    if how == "geometric" and a > 0 and b > 0:
        return a * (b / a) ** share
    return a + (b - a) * share


def plan_target(
    ind: Indicator, year: int, baseline_year: int, unit_code: str | None = None, baseline: float | None = None
) -> PlanTarget | None:
    """The plan's target for ``year`` (the city's, or ``unit_code``'s own when the framework gives it
    ``unit_targets``): a milestone, or interpolated between two milestones (from the baseline to the
    first target, then target to target), linearly or geometrically as the indicator says.

    A floor, ceiling or reference target applies unchanged before its milestone, except for a running
    total (``cumulative``), whose path rises linearly from 0 in the year before it starts counting.
    A reference target's ``value`` is its margin; the reference unit's value is added by
    :func:`assign_targets`. The path starts from ``baseline`` when given, else the indicator's.
    An aspiration relative to a reference unit (力争到2027年超全省平均) is beside every year's target up to
    its year, against the reference unit's value in the same year (never interpolated, never scored).
    ``None`` outside (baseline year, last target year].
    """
    found = _plan_target(ind, year, baseline_year, unit_code, baseline)
    aspiration = ind.reference_aspiration(year, unit_code) if found is not None else None
    if aspiration is None or found.stretch is not None or found.stretch_reference is not None:
        return found
    if found.kind == "reference":  # judged against the reference unit already: the aspiration adds nothing
        return found
    return replace(
        found, stretch=aspiration.stretch, stretch_reference=aspiration.stretch_reference, stretch_year=aspiration.year
    )


def _plan_target(
    ind: Indicator, year: int, baseline_year: int, unit_code: str | None, baseline: float | None
) -> PlanTarget | None:
    baseline = ind.baseline if baseline is None or is_missing(baseline) else baseline
    targets = ind.targets_for(unit_code)
    by_year = {t.year: t for t in targets}
    if year in by_year:
        t = by_year[year]
        return PlanTarget(
            t.value,
            t.stretch,
            t.kind,
            t.label or "规划目标值",
            t.tolerance,
            t.reference,
            t.stretch_reference,
            t.year if t.stretch_reference is not None else None,
        )
    later = [t for t in targets if t.year > year]
    if year <= baseline_year or not later:
        return None
    nxt: Target = later[0]
    holds = nxt.kind == "reference" or (nxt.kind in ("floor", "ceiling") and not ind.is_cumulative)
    if holds:
        return PlanTarget(
            nxt.value, None, nxt.kind, f"{nxt.label or '底线目标'}（{nxt.year}年）", nxt.tolerance, nxt.reference
        )
    earlier = [t for t in targets if t.year < year]
    if earlier:
        start_year, start, start_stretch = earlier[-1].year, earlier[-1].value, earlier[-1].stretch or earlier[-1].value
    elif ind.is_cumulative:
        start_year, start, start_stretch = ind.formula.since - 1, 0.0, 0.0
        if year <= start_year:
            return None
    elif baseline is not None:
        start_year, start, start_stretch = baseline_year, baseline, baseline
    else:
        return None
    share = (year - start_year) / (nxt.year - start_year)
    how = "线性" if ind.interpolation == "linear" or ind.is_cumulative else "几何（等比）"
    interpolation = "linear" if ind.is_cumulative else ind.interpolation
    value = _between(start, nxt.value, share, interpolation)
    stretch = _between(start_stretch, nxt.stretch, share, interpolation) if nxt.stretch is not None else None
    if nxt.stretch_reference is not None:  # relative to the reference unit: never interpolated (plan_target adds it)
        stretch = None
    return PlanTarget(value, stretch, nxt.kind, f"由{start_year}年与{nxt.year}年目标{how}插值", nxt.tolerance)


@dataclass(frozen=True)
class _Lookup:
    """What the target of every row needs: the values by (unit, year, indicator), the task table's
    targets, the units' names and the plan's years."""

    values: dict  # (unit_code, year, indicator) -> value; a dict, not a MultiIndex Series: ~100 times faster
    tasks: dict  # (unit_code, year, indicator) -> target of the 指标任务表
    names: dict  # unit_code -> name, references included
    city: str
    base_year: int
    final_year: int
    illustrative: frozenset = field(default_factory=frozenset)  # (unit, year) of illustrative values (示例数值)

    def value(self, code: str, year: int, ind_id: str) -> float:
        return self.values.get((code, year, ind_id), np.nan)

    def named(self, code: str, year: int) -> str:
        """A unit's name, marked when its value of ``year`` is illustrative."""
        return self.names.get(code, code) + (ILLUSTRATIVE_MARK if (code, year) in self.illustrative else "")


def _lookup(
    values: pd.DataFrame, framework: Framework, units: UnitRegistry, task_targets, illustrative=frozenset()
) -> _Lookup:
    tasks = {}
    if task_targets is not None and not task_targets.empty:
        tasks = {(r.unit_code, int(r.year), r.indicator): float(r.target) for r in task_targets.itertuples()}
    return _Lookup(
        values=dict(zip(zip(values["unit_code"], values["year"], values["indicator"]), values["value"])),
        tasks=tasks,
        names={u.code: u.name for u in [*units.all(), *units.references]},
        city=units.city.code,
        base_year=framework.baseline_year,
        final_year=framework.final_year,
        illustrative=frozenset(illustrative),
    )


def _resolve(look: _Lookup, ind: Indicator, p: PlanTarget | None, year: int, has_targets: bool) -> tuple:
    """(target, stretch, kind, note, tolerance) of a plan target, with a reference unit's value filled in;
    ``has_targets``: the plan gives the unit targets of this indicator (for the note when ``p`` is none)."""
    if p is None:
        return np.nan, np.nan, "", "规划未对该单位设定此项目标" if not has_targets else "该年份不在规划期内", np.nan
    stretch = p.stretch if p.stretch is not None else np.nan
    if p.stretch_reference is not None:  # an aspiration relative to the reference unit, never scored
        ref = look.value(p.stretch_reference, year, ind.id)
        name = look.names.get(p.stretch_reference, p.stretch_reference)
        stretch = ref + p.stretch if not is_missing(ref) else np.nan
        goal = f"力争{p.stretch_year}年" if p.stretch_year is not None and p.stretch_year != year else "力争目标"
        aside = (
            f"{goal}超过{name}：{look.named(p.stretch_reference, year)}{year}年同期值{_plain(ref)}"
            if not is_missing(ref)
            else f"{goal}超过{name}，缺少其{year}年的数据（请把其报表放入数据目录）"
        )
        return p.value, stretch, p.kind, f"{p.note}；{aside}", np.nan
    if p.kind != "reference":
        return p.value, stretch, p.kind, p.note, p.tolerance if p.kind == "about" else np.nan
    ref = look.value(p.reference, year, ind.id)
    who = look.named(p.reference, year)
    if is_missing(ref):
        return np.nan, np.nan, "reference", f"缺少参照单位{who}{year}年的数据（请把其报表放入数据目录）", np.nan
    margin = f"加{p.value:g}" if p.value else ""
    return ref + p.value, np.nan, "reference", f"{p.note}：{who}{year}年同期值{_plain(ref)}{margin}", np.nan


def _no_target_row(code: str, year: int, ind_id: str, note: str, base: float, applicable: bool = True) -> tuple:
    """A row of ``TARGET_COLUMNS`` without a target (rule ``none``)."""
    return code, year, ind_id, np.nan, np.nan, "none", note, base, np.nan, "", np.nan, applicable


def _plan_row(look: _Lookup, ind: Indicator, code: str, year: int) -> tuple:
    """The row of the city, or of a unit the framework gives targets of its own: the plan's targets."""
    # the plan's baseline, or where the plan gives none (a zone) the unit's own baseline-year value
    if code == look.city and ind.baseline is not None:
        own_base = ind.baseline
    else:
        own_base = look.value(code, look.base_year, ind.id)
    has_targets = bool(ind.targets_for(code))  # the city's code is in no unit_targets: its own targets
    plan = plan_target(ind, year, look.base_year, code, own_base)
    target, stretch, kind, note, tolerance = _resolve(look, ind, plan, year, has_targets)
    final_plan = plan_target(ind, look.final_year, look.base_year, code, own_base)
    final = _resolve(look, ind, final_plan, look.final_year, has_targets)[0]
    rule = "none" if plan is None else ("reference" if kind == "reference" else "plan")
    return code, year, ind.id, target, stretch, rule, note, own_base, final, kind, tolerance, True


def _decompose(
    look: _Lookup, ind: Indicator, code: str, year: int, p: PlanTarget | None, own_base: float, city_base: float
) -> tuple:
    """(target, stretch, rule, note, kind, tolerance) of a district (or zone) in ``year``: from the task
    table, else the city's plan target ``p`` decomposed."""
    if (code, year, ind.id) in look.tasks:
        return look.tasks[(code, year, ind.id)], np.nan, "task_table", "取自指标任务表", "value", np.nan
    if p is None:
        note = "该年份不在规划期内" if ind.targets else "规划未对全市设定此项目标，无从分解"
        return np.nan, np.nan, "none", note, "", np.nan
    target, stretch, kind, note, tolerance = _resolve(look, ind, p, year, True)
    if kind == "reference":
        return target, stretch, "reference", note, kind, tolerance
    if ind.decomposition == "same":
        return target, stretch, "same_as_city", "与全市目标相同", kind, tolerance
    if ind.is_cumulative and ind.formula.since > look.base_year:  # every unit's baseline is 0: no share
        note = (
            f"不设分县（市、区）目标：规划只设全市累计目标（{year}年{_plain(target)}{ind.unit}），累计数自"
            f"{ind.formula.since}年起算、{look.base_year}年基期为0，无法按基期比例分解；不计分，只列数值"
        )
        return np.nan, np.nan, "not_decomposed", note, "", np.nan
    if is_missing(own_base) or is_missing(city_base):
        return np.nan, np.nan, "none", f"缺少{look.base_year}年基期数据，无法按比例分解目标", kind, np.nan
    if city_base == 0:  # a baseline of zero is a value, not a gap in the data
        return np.nan, np.nan, "none", f"全市{look.base_year}年基期值为0，无法按基期比例分解目标", kind, np.nan
    if own_base == 0:  # a share of 0 is a target of 0, which any value meets: no target, and why
        return np.nan, np.nan, "zero_base", zero_base_note(look.base_year), "", np.nan
    k = own_base / city_base
    if p.stretch_reference is None:  # else each unit against the reference unit itself: the stretch unscaled
        stretch = stretch * k
    note = f"本地{look.base_year}年基期值 × 全市目标 ÷ 全市基期值（{_plain(city_base)}）；全市目标：{note}"
    return target * k, stretch, "proportional", note, kind, tolerance * k


def zero_base_note(base_year: int) -> str:
    """Why a member whose baseline is 0 gets no share of the whole's target (rule ``zero_base``)."""
    return (
        f"基期为0，不分解目标：本地{base_year}年基期值为0，按基期比例分解所得的目标为0，不能据以评价；不计分，只列数值"
    )


def _decomposed_row(look: _Lookup, ind: Indicator, code: str, year: int, plan_base: float, city_base: float) -> tuple:
    """The row of a unit whose targets are decomposed from the city's (path from ``plan_base``)."""
    own_base = look.value(code, look.base_year, ind.id)
    plan = plan_target(ind, year, look.base_year, None, plan_base)
    target, stretch, rule, note, kind, tolerance = _decompose(look, ind, code, year, plan, own_base, city_base)
    final_plan = plan_target(ind, look.final_year, look.base_year, None, plan_base)
    final, _, final_rule, *_ = _decompose(look, ind, code, look.final_year, final_plan, own_base, city_base)
    if final_rule != "task_table":  # a final target decomposed beside this year's from the task table: whole too
        final = whole_target(ind, final)
    return code, year, ind.id, target, stretch, rule, note, own_base, final, kind, tolerance, True


def _whole_numbers(out: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Derived targets of counts as whole numbers; a task table's own numbers stay as the city set them."""
    whole = {ind.id: ind for ind in framework.indicators if ind.whole}
    if whole:
        rows_whole = out["indicator"].isin(list(whole)) & (out["target_rule"] != "task_table")
        for col in ("target", "stretch_target", "final_target"):
            out.loc[rows_whole, col] = [
                whole_target(whole[i], x) for i, x in zip(out.loc[rows_whole, "indicator"], out.loc[rows_whole, col])
            ]
    return out


def assign_targets(
    values: pd.DataFrame,
    framework: Framework,
    units: UnitRegistry,
    task_targets: pd.DataFrame | None = None,
    illustrative=frozenset(),
) -> pd.DataFrame:
    """Target, stretch target, rule and note for every row of ``values`` (unit, year, indicator),
    plus the unit's own ``baseline`` and ``final_target`` used for progress, the target's kind and
    tolerance, and whether the indicator ``applicable`` to the unit (:mod:`.applicability`; where it is
    not, no target). Columns ``TARGET_COLUMNS``. A reference unit's value from a workbook that calls itself
    illustrative (``illustrative``: (unit code, year), :meth:`~sti_monitor.ingest.Dataset.illustrative`) is
    marked so in the note."""
    look = _lookup(values, framework, units, task_targets, illustrative)
    city, base_year = look.city, look.base_year
    applies = applicability(framework, units)
    decomposed = {u.code for u in units.zones} | {
        u.code for u in [*units.districts, *units.areas] if u.kind in framework.city_sums
    }
    rows_of: dict[str, list] = {}  # indicator -> its (unit, year) keys in table order (no frame per indicator)
    for code, year, ind_id in zip(values["unit_code"], values["year"], values["indicator"]):
        rows_of.setdefault(ind_id, []).append((code, year))
    rows = []
    for ind in framework.indicators:
        city_base_data = look.value(city, base_year, ind.id)
        city_base = city_base_data if not is_missing(city_base_data) else ind.baseline
        plan_base = ind.baseline if ind.baseline is not None else city_base  # where the city's path starts
        for code, year in rows_of.get(ind.id, ()):
            year = int(year)
            if not applies.get((code, ind.id), False):
                base = look.value(code, base_year, ind.id)
                rows.append(_no_target_row(code, year, ind.id, NOT_APPLICABLE_NOTE, base, applicable=False))
            elif code == city or code in ind.unit_targets:
                rows.append(_plan_row(look, ind, code, year))
            elif code not in decomposed:
                base = look.value(code, base_year, ind.id)
                rows.append(_no_target_row(code, year, ind.id, "规划未对该单位设定目标", base))
            else:
                rows.append(_decomposed_row(look, ind, code, year, plan_base, city_base))
    return _whole_numbers(pd.DataFrame(rows, columns=TARGET_COLUMNS), framework)


def whole_target(ind: Indicator, x: float) -> float:
    """A count's target as a whole number: up when higher is better (4.29 institutions → 5), down when lower
    is better; other indicators' targets unchanged. The number judged, scored and shown."""
    if not ind.whole or is_missing(x):
        return x
    return float(math.ceil(x - 1e-9) if ind.higher_is_better else math.floor(x + 1e-9))


def _plain(x: float) -> str:
    """A number for a note: thousands separators, up to four decimals, never scientific notation."""
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def target_paths(
    results_table: pd.DataFrame,
    framework: Framework,
    units: UnitRegistry,
    task_targets: pd.DataFrame | None,
    unit_code: str,
    column: str = "target",
) -> pd.DataFrame:
    """Targets (``column`` "stretch_target": stretch targets) of one unit for every year from the first
    target year to the plan's final year (rows) and every indicator (columns), by the same rules as
    :func:`assign_targets`."""
    keep = results_table["unit_code"].isin([unit_code, units.city.code])
    known = results_table.loc[keep, ["unit_code", "year", "indicator", "value"]]
    years = range(framework.baseline_year + 1, framework.final_year + 1)
    have = set(
        zip(known.loc[known["unit_code"] == unit_code, "year"], known.loc[known["unit_code"] == unit_code, "indicator"])
    )
    extra = pd.DataFrame(
        [(unit_code, y, ind.id, np.nan) for y in years for ind in framework.indicators if (y, ind.id) not in have],
        columns=["unit_code", "year", "indicator", "value"],
    )
    targets = assign_targets(pd.concat([known, extra], ignore_index=True), framework, units, task_targets)
    mine = targets[(targets["unit_code"] == unit_code) & targets["year"].isin(years)]
    return mine.pivot(index="year", columns="indicator", values=column).sort_index()
