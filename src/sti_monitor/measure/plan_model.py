"""A plan as Python objects: its indicators, their formulas and targets, and the plan itself; read from
``params/frameworks/*.yaml`` by :mod:`.framework` (the YAML forms are checked in :mod:`.plan_yaml`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..ingest import KIND_LABELS, FieldRegistry

if TYPE_CHECKING:
    from .rules import Assessment, Composite

FORMULA_KINDS = ("field", "ratio", "growth", "average_growth", "cumulative")
INTERPOLATIONS = ("linear", "geometric")
DECOMPOSITIONS = ("proportional", "same")
UNIT_KINDS_SUMMED = ("district", "area", "zone")
UNIT_KINDS = tuple(k for k in KIND_LABELS if k != "reference")  # the kinds an indicator may apply to
TARGET_KIND_LABELS = {
    "value": "目标值",
    "multiple": "基期倍数",
    "floor": "底线（不低于）",
    "ceiling": "上限（不高于）",
    "dual": "确保值（另有力争值）",
    "about": "左右（允许偏差内达标）",
    "aspiration": "力争目标（不计未达标）",
    "reference": "参照单位同期值",
}


@dataclass(frozen=True)
class Formula:
    """How an indicator is computed from raw fields.

    ``field``: the field's value (levels sum over districts);
    ``ratio``: sum(numerator fields) ÷ sum(denominator fields) × scale;
    ``growth``: the reported growth field if given, else (field ÷ previous year's field − 1) × 100;
    ``average_growth``: compound average annual growth (%) of the field from the year ``since``:
    ((field ÷ field in ``since``) ^ (1 ÷ years since) − 1) × 100;
    ``cumulative``: the running total of a yearly field from ``since`` (inclusive) to the year.
    """

    kind: str
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    scale: float = 1.0
    reported: str | None = None
    since: int | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        extra = (self.reported,) if self.reported else ()
        return (*self.numerator, *self.denominator, *extra)


@dataclass(frozen=True)
class Target:
    """A target for one year. ``kind``:

    - ``value``, ``multiple`` (of the baseline), ``floor`` (at least), ``ceiling`` (at most);
    - ``dual``: ``value`` is the guaranteed level, ``stretch`` the stretch level (确保…力争…), or with
      ``stretch_reference`` the reference unit's value in the same year plus ``stretch`` (力争超全省平均);
    - ``about``: 左右 — met within ``tolerance`` (indicator units) short of ``value``;
    - ``aspiration``: 力争 without a guaranteed level — reported, never counted as failed;
    - ``reference``: at least the same indicator of the unit ``reference`` in the same year,
      plus ``value`` (a margin, usually 0); the reference unit's data is in the data directory.

    ``label`` is the plan's wording.
    """

    year: int
    value: float
    kind: str = "value"
    label: str = ""
    stretch: float | None = None
    tolerance: float = 0.0
    reference: str | None = None
    stretch_reference: str | None = None


@dataclass(frozen=True)
class Indicator:
    """One indicator of a framework; ``unit`` is its display unit, ``precision`` its decimals."""

    id: str
    name: str
    unit: str
    precision: int
    direction: str
    formula: Formula
    interpolation: str
    decomposition: str
    baseline: float | None
    targets: tuple[Target, ...]
    short_name: str = ""
    definition: str = ""
    plausible: tuple[float, float] | None = None
    group: str | None = None  # 一级 heading (also the assessment weight group)
    subgroup: str | None = None  # 二级 heading
    unit_targets: dict[str, tuple[Target, ...]] = field(default_factory=dict, compare=False)  # by unit code
    applies_to: tuple[str, ...] = ()  # unit kinds it applies to; () = the kinds that get a target (see .applicability)
    weight: float | None = None  # assessment weight (default 1) when the framework's assessment.weights does not set it
    whole: bool = False  # a count (家, 个, 件, 人…): a derived target is rounded to a whole number

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"

    @property
    def is_growth(self) -> bool:
        """A yearly rate: its target is itself a rate, districts get the city's."""
        return self.formula.kind in ("growth", "average_growth")

    @property
    def is_cumulative(self) -> bool:
        return self.formula.kind == "cumulative"

    def targets_for(self, unit_code: str | None = None) -> tuple[Target, ...]:
        """The plan's own targets for ``unit_code`` (an aggregate or area named in ``unit_targets``), or the city's."""
        if unit_code is not None and unit_code in self.unit_targets:
            return self.unit_targets[unit_code]
        return self.targets

    def reference_aspiration(self, year: int, unit_code: str | None = None) -> Target | None:
        """The aspiration relative to a reference unit (力争超全省平均) that ``year`` works toward: the first
        target from ``year`` on whose stretch is a reference unit's value, shown in every year up to it; ``None``
        when there is none, or when the target of ``year`` (or the one it is interpolated toward) has a 力争 level
        of its own, which is shown instead."""
        ahead = [t for t in self.targets_for(unit_code) if t.year >= year]
        if ahead and ahead[0].stretch is not None and ahead[0].stretch_reference is None:
            return None
        return next((t for t in ahead if t.stretch_reference is not None), None)

    def formula_text(self, fields: FieldRegistry) -> str:
        """The formula in words, for the definitions sheet and the report appendix."""
        f = self.formula
        name = lambda codes: " + ".join(f"{fields[c].name}（{fields[c].unit}）" for c in codes)  # noqa: E731
        if f.kind == "field":
            return name(f.numerator)
        if f.kind == "ratio":
            scale = "" if f.scale == 1 else f" × {f.scale:g}"
            return f"{name(f.numerator)} ÷ {name(f.denominator)}{scale}"
        if f.kind == "average_growth":
            return (
                f"（（本年{name(f.numerator)} ÷ {f.since}年）^（1 ÷ 间隔年数）− 1）× 100，即{f.since}年以来的年均增速"
            )
        if f.kind == "cumulative":
            return f"{f.since}年起逐年{name(f.numerator)}的累计合计"
        computed = f"（本年{name(f.numerator)} ÷ 上年 − 1）× 100"
        return f"报送的{fields[f.reported].name}；未报送时为{computed}" if f.reported else computed


@dataclass(frozen=True)
class Framework:
    """A plan: its indicators, baseline year, final year and default units file."""

    id: str
    name: str
    units: str
    baseline_year: int
    final_year: int
    indicators: tuple[Indicator, ...]
    near_threshold: float
    city_sums: tuple[str, ...] = ("district",)  # unit kinds added into the city
    assessment: Assessment | None = None
    composite: Composite | None = None
    source: Path | None = field(default=None, compare=False)
    sha256: str = field(default="", compare=False)  # of the source file, for report appendices

    def indicator(self, id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == id:
                return ind
        raise KeyError(id)

    @property
    def fields(self) -> tuple[str, ...]:
        """Raw fields the framework uses, in first-use order."""
        seen = dict.fromkeys(code for ind in self.indicators for code in ind.formula.fields)
        return tuple(seen)
