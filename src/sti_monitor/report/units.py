"""Which unit a report is about, and the units the city's report compares and ranks."""

from __future__ import annotations

from ..config import settings
from ..errors import StiMonitorError
from ..measure import Results
from .formatting import cn
from .wording import speak_for


def unit_key(results: Results, unit_code) -> str:
    """The unit code as the results hold it (papermill may pass 330302 as a number); None: the city. Every
    part of a report starts here, so from here on its sentences use the words of the results' plan."""
    speak_for(results.units)
    if unit_code is None:
        return results.units.city.code
    code = str(int(unit_code)) if isinstance(unit_code, float) else str(unit_code).strip()
    if code not in results.units:
        raise StiMonitorError(f"单位代码 {code} 不在单位清单中")
    return code


def unit_name(results: Results, unit_code: str) -> str:
    """The unit's name as Chinese text shows it (full-width brackets)."""
    return cn(results.units[unit_code].name)


def members(results: Results) -> list:
    """The units the city's report compares and ranks (its districts, or the areas a corridor sums): the one
    place that says so."""
    speak_for(results.units)
    return results.members


def _member_set(results: Results) -> frozenset[str]:
    return results.cached("member_codes", lambda: frozenset(u.code for u in members(results)))


def member_codes(results: Results) -> set[str]:
    return set(_member_set(results))


def is_member(results: Results, unit_code: str) -> bool:
    """Whether the unit is one of those compared and ranked (and part of the city total)."""
    return unit_code in _member_set(results)


def single_unit(results: Results) -> bool:
    """A plan of one unit (a county's own plan): no districts to compare with."""
    return not members(results)


def heading_variant(results: Results, year: int | None) -> str:
    """The suffix of a heading's wording key: ``_single`` in a plan of one unit (no 综合指数 to speak of),
    ``_final`` in the plan's final year (完成情况, not 进展), both, or none."""
    return ("_single" if single_unit(results) else "") + ("_final" if year == results.framework.final_year else "")


def is_large(results: Results) -> bool:
    """Whether the city report should be the summarised one (more members than ``large_overview_districts``)."""
    return len(results.member_codes) > int(settings().get("large_overview_districts", 30))


def large_extremes() -> int:
    """How many districts the summarised city report names at each end (``large_overview_extremes``)."""
    return int(settings().get("large_overview_extremes", 10))


def outside_units(results: Results) -> list:
    """The units with reports of their own that the city does not sum (zones, parks, the zone they make up)."""
    inside = member_codes(results) | {results.units.city.code}
    return [u for u in results.units.all() if u.code not in inside]


def outside_shown(results: Results, year: int) -> list:
    """The outside units the city report's table shows: those with an indicator that applies to them."""
    t = results.year_table(year)
    units = outside_units(results)
    rows = t[t["unit_code"].isin({u.code for u in units})]
    applying = set(rows.loc[rows["status"] != "not_applicable", "unit_code"])
    return [u for u in units if u.code in applying]


def goals_elsewhere(results: Results, unit_code: str, year: int) -> dict[str, tuple[str, str]]:
    """For the whole's report: the indicators that do not apply to the whole but to a unit beside it (the zone's
    own goals in wenzhou-zcq), indicator id -> (the unit's shortest name, as the plan's targets call it: 自创区;
    its name). Empty for any other unit."""
    if unit_code != results.units.city.code:
        return {}

    def build():
        t = results.year_table(year)
        beside = {u.code: u for u in outside_units(results)}
        applying = t[t["unit_code"].isin(beside.keys()) & (t["status"] != "not_applicable")]
        whole = t[(t["unit_code"] == unit_code) & (t["status"] == "not_applicable")]
        out = {}
        for indicator in whole["indicator"]:
            owners = list(dict.fromkeys(applying.loc[applying["indicator"] == indicator, "unit_code"]))
            if owners:  # aggregates come after their parts in the units list: the zone before a park
                unit = next((beside[c] for c in owners if beside[c].members), beside[owners[0]])
                out[indicator] = (cn(min((unit.name, *unit.aliases), key=len)), cn(unit.name))
        return out

    return results.cached(("report_goals_elsewhere", year), build)


def charted_indicators(results: Results, year: int) -> list:
    """The indicators the city report charts across its members (图 2 on): those a member has a value of."""
    t = results.year_table(year)
    d = t[t["unit_code"].isin(member_codes(results))]
    return [ind for ind in results.framework.indicators if d.loc[d["indicator"] == ind.id, "value"].notna().any()]
