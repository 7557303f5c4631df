"""What an official compares a unit with: its assessment rank and composite index over every year with data,
and its place among its peers (the units the plan's units file groups with it under ``peer_groups``; without
such a group the peers are the compared units of the same kind, and the overall standing gives that place)."""

from __future__ import annotations

import pandas as pd

from ..config import load_yaml
from ..errors import ConfigError
from ..ingest import load_fields
from ..measure import Results
from ..measure.precision import round_half_up
from ..missing import is_missing
from .elements import Table
from .formatting import MISSING, cn, fmt_number
from .units import is_member, member_codes, unit_name
from .wording import say


def _score_rows(results: Results, unit_code: str) -> pd.DataFrame:
    scores = results.scores
    if scores is None or scores.empty:
        return pd.DataFrame()
    by_unit = results.cached(
        "report_scores_by_unit",
        lambda: {str(code): rows.sort_values("year") for code, rows in scores.groupby("unit_code", sort=False)},
    )
    rows = by_unit.get(unit_code, scores.iloc[0:0])
    has = rows["assessment_score"].notna() | rows["index"].notna()
    return rows[has]


def _group_size(results: Results, year: int, column: str) -> int:
    """How many compared units have ``column`` in ``year``: the same for every unit, so counted once per batch."""

    def build():
        scores = results.scores
        rows = scores[(scores["year"] == year) & scores["unit_code"].isin(member_codes(results))]
        return int(rows[column].notna().sum())

    return results.cached(("report_group_size", year, column), build)


def trend_table(results: Results, unit_code: str, upto: int) -> Table | None:
    """The unit's assessment place and composite index (and its group) in every year with data up to ``upto``,
    a column per year; only the lines the plan has (no assessment score anywhere: no such line). None for a
    unit that is not compared with others, or with fewer than two years."""
    if not is_member(results, unit_code):
        return None
    rows = _score_rows(results, unit_code)
    rows = rows[rows["year"] <= upto]
    if len(rows) < 2:
        return None

    def place(column, size_column):
        return [
            MISSING
            if is_missing(r[column])
            else f"{int(r[column])}/{_group_size(results, int(r['year']), size_column)}"
            for _, r in rows.iterrows()
        ]

    lines = []
    if rows["assessment_rank"].notna().any():
        lines.append([say("trend_rank"), *place("assessment_rank", "assessment_rank")])
        lines.append([say("trend_score"), *[fmt_number(r["assessment_score"], 2) for _, r in rows.iterrows()]])
    if rows["index"].notna().any():
        lines.append([say("trend_index"), *[fmt_number(r["index"], 1) for _, r in rows.iterrows()]])
        lines.append([say("trend_index_rank"), *place("index_rank", "index")])
        lines.append([say("trend_group"), *[r["group"] if r["group"] else MISSING for _, r in rows.iterrows()]])
    if not lines:
        return None
    years = [say("trend_year", year=int(y)) for y in rows["year"]]
    whole = unit_name(results, results.units.city.code)
    return Table(
        [say("trend_column"), *years],
        lines,
        caption=say("trend_caption", whole=whole),
        widths=["auto", *["1fr"] * len(years)],
        align=["left", *["center"] * len(years)],
        font_size="8pt",
    )


def peer_groups(results: Results) -> dict[str, list[str]]:
    """The plan's peer groups by name (``peer_groups:`` in its units file: a list of unit codes or names per
    group), as unit codes; {} when the file sets none. A name that is no unit of the file is an error naming it."""

    def build():
        source = results.units.source
        spec = (load_yaml(source).get("peer_groups") or {}) if source is not None else {}
        if not isinstance(spec, dict):
            raise ConfigError(source, "peer_groups 应为“组名: [单位代码或名称, …]”")
        out = {}
        for name, listed in spec.items():
            codes = []
            for u in listed or []:
                unit = results.units.get(str(u)) or results.units.by_name(str(u))
                if unit is None:
                    raise ConfigError(source, f"peer_groups 的“{name}”中，“{u}”不是本文件中的单位")
                codes.append(unit.code)
            out[str(name)] = codes
        return out

    return results.cached("peer_groups", build)


def peers(results: Results, unit_code: str) -> tuple[str, list[str]] | None:
    """The unit's peer group from ``peer_groups``: (its name, the codes in it); None when the plan sets none for
    it or it has fewer than three units. Without one, the peers are the compared units of the same kind, whose
    place the overall standing already gives."""
    for name, codes in peer_groups(results).items():
        if unit_code in codes:
            return (name, codes) if len(codes) >= 3 else None
    return None


def peer_place(results: Results, unit_code: str, year: int) -> str:
    """A sentence on the unit's place in its configured peer group by assessment score (else by composite
    index); "" without a peer group or a measure to place it by."""
    found = peers(results, unit_code)
    if found is None or results.scores is None:
        return ""
    name, codes = found
    scores = results.scores
    rows = scores[(scores["year"] == year) & scores["unit_code"].isin(codes)].set_index("unit_code")
    for column, key in (("assessment_score", "peer_place_score"), ("index", "peer_place_index")):
        digits = 2 if column == "assessment_score" else 1
        known = rows[column].dropna().map(lambda v, d=digits: float(round_half_up(v, d)))  # placed as shown
        if unit_code in known.index and len(known) >= 2:
            place = int((known > known[unit_code]).sum()) + 1
            best = known.idxmax()
            key += "_first" if place == 1 else ""
            level = [c for c in codes if c in known.index and c != unit_code and known[c] == known[unit_code]]
            tie = say("peer_tie", names="、".join(unit_name(results, c) for c in level)) if level else ""
            return say(
                key,
                group=cn(name),
                n=len(known),
                place=place,
                tie=tie,
                best=unit_name(results, best),
                value=fmt_number(known[best], digits),
                members="、".join(unit_name(results, c) for c in codes),
            )
    return ""


STRUCTURE_FIELDS = ("gdp", "resident_population")  # size of the economy and of the population


def _field_value(results: Results, unit_code: str, field: str, year: int, members: list[str]):
    """A raw field of the unit in ``year``: its own value, or for the city or an aggregate the sum over its
    ``members`` (none when one of them lacks it)."""

    def build():  # every unit's value of the field in the year: once per batch, not once per unit
        panel = results.dataset.panel
        return panel[(panel["year"] == year) & (panel["field"] == field)].set_index("unit_code")["value"]

    rows = results.cached(("report_field_values", year, field), build)
    if unit_code in rows.index:
        return float(rows[unit_code])
    if members and all(m in rows.index for m in members):
        return float(rows[members].sum())
    return None


def structure_sentence(results: Results, unit_code: str, year: int) -> str:
    """The unit's size as an official compares it: GDP (and its share of the city's for a member), resident
    population and GDP per head, where the data has these fields; "" when it has none."""
    fields = load_fields()
    city = results.units.city.code
    members = member_codes(results) if unit_code == city else results.units[unit_code].members  # an aggregate's own
    gdp, people = (_field_value(results, unit_code, f, year, sorted(members)) for f in STRUCTURE_FIELDS)
    parts = []
    if gdp is not None:
        share = ""
        if is_member(results, unit_code):
            total = _field_value(results, city, "gdp", year, sorted(member_codes(results)))
            share = (
                say("structure_share", whole=unit_name(results, city), share=fmt_number(gdp / total * 100, 1))
                if total
                else ""
            )
        parts.append(
            say(
                "structure_gdp",
                name=fields["gdp"].name,
                value=fmt_number(gdp, 2),
                measure=fields["gdp"].unit,
                share=share,
            )
        )
    if people is not None:
        f = fields["resident_population"]
        parts.append(say("structure_people", name=f.name, value=fmt_number(people, 2), measure=f.unit))
        if gdp is not None and people > 0 and (fields["gdp"].unit, f.unit) == ("亿元", "万人"):
            parts.append(say("structure_per_head", value=fmt_number(gdp / people, 2)))  # 亿元 ÷ 万人 = 万元/人
    return say("structure", year=year, parts="，".join(parts)) if parts else ""
