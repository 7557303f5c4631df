"""Which indicators apply to which units (适用范围).

An indicator applies to the unit kinds its framework lists in ``applies_to``; without that list, to
the kinds that get a target for it: the city and the kinds its targets are decomposed to (zones and
the kinds summed into the city, ``city_sums``) when the plan sets city ``targets``, and the kind of
every unit named in ``unit_targets``. A unit is scored, indexed, ranked and given an outlook only
on the indicators that apply to it; the others are 不适用 (never 0), as the OECD-JRC handbook treats
indicators not collected at a level.
"""

from __future__ import annotations

import pandas as pd

from ..ingest import UnitRegistry
from .framework import Framework, Indicator


def applicable_kinds(ind: Indicator, framework: Framework, units: UnitRegistry) -> frozenset[str]:
    """The unit kinds ``ind`` applies to (see the module docstring)."""
    if ind.applies_to:
        return frozenset(ind.applies_to)
    kinds = set()
    if ind.targets:
        kinds |= {"city", "zone", *framework.city_sums}
    for code in ind.unit_targets:
        unit = units.get(code)
        if unit is not None:
            kinds.add(unit.kind)
    return frozenset(kinds)


def applicability(framework: Framework, units: UnitRegistry) -> dict[tuple[str, str], bool]:
    """(unit code, indicator id) -> whether the indicator applies to the unit, for every unit that gets
    a report (reference units are not judged: they apply to nothing)."""
    kinds = {ind.id: applicable_kinds(ind, framework, units) for ind in framework.indicators}
    return {(u.code, ind_id): u.kind in k for u in units.all() for ind_id, k in kinds.items()}


def exists_in(ind: Indicator, year: int) -> bool:
    """Whether ``ind`` can have a value in ``year``: a running total from the year it starts counting, an
    average growth from the year after its start; any other indicator always."""
    if ind.formula.kind == "cumulative":
        return year >= ind.formula.since
    if ind.formula.kind == "average_growth":
        return year > ind.formula.since
    return True


def applicable_mask(index: pd.MultiIndex, columns, framework: Framework, units: UnitRegistry) -> pd.DataFrame:
    """A boolean frame over (unit_code, year) rows and indicator columns: True where the indicator applies
    to the unit and can have a value in the year (:func:`exists_in`), what the index's coverage counts."""
    applies = applicability(framework, units)
    codes, years = index.get_level_values(0), index.get_level_values(1)
    by_id = {ind.id: ind for ind in framework.indicators}
    return pd.DataFrame(
        {
            c: [
                applies.get((code, c), False) and (c not in by_id or exists_in(by_id[c], int(year)))
                for code, year in zip(codes, years)
            ]
            for c in columns
        },
        index=index,
    )
