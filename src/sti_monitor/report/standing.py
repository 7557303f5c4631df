"""What a rank or a grade on an assessment page means, said beside it: a shared rank and the tie rule, the
composite-index rank with the Monte-Carlo interval drawn around it, and why no member has the best grade."""

from __future__ import annotations

import pandas as pd

from ..measure import Results
from ..measure.assessment import grade_misses, scored_standing
from ..missing import is_missing
from .formatting import fmt_number
from .rules_appendix import condition_text
from .wording import say


def tie_text(scores: pd.DataFrame, unit_code: str) -> str:
    """ "（与另外k个并列）" when the unit's assessment rank (by the score as shown) is shared with k other members of
    ``scores`` (one year's rows by unit code), else ""."""
    rank = scores.loc[unit_code, "assessment_rank"] if unit_code in scores.index else None
    if is_missing(rank):
        return ""
    others = int((scores["assessment_rank"] == rank).sum()) - 1
    return say("assessment_tie", k=others) if others > 0 else ""


def index_place(s) -> str:
    """A member's composite-index rank with the Monte-Carlo interval around it, "6（5—9）" (what the chart draws);
    "—" for a unit not ranked."""
    rank = "—" if pd.isna(s["index_rank"]) else str(int(s["index_rank"]))
    return rank if pd.isna(s["rank_median"]) else f"{rank}（{int(s['rank_p05'])}—{int(s['rank_p95'])}）"


def no_best_grade(results: Results, districts: pd.DataFrame, year: int) -> str:
    """Why no member has the best grade, each requirement missed counted over the members scored (a page where
    every member is 良好 must not read as a bug); "" when one has it or the plan sets no grades. ``districts``:
    the members' scores of ``year`` by unit code."""
    rules = results.framework.assessment
    scored = districts[districts["assessment_score"].notna()]
    if not rules.grades or scored.empty or (scored["grade"] == rules.grades[0][0]).any():
        return ""
    best, lowest = rules.grades[0]
    c = rules.condition(best)
    table = results.year_table(year)
    standing = scored_standing(table[table["unit_code"].isin(scored.index)]).droplevel("year")
    counts = dict.fromkeys(("score", "behind", "met_share", "veto"), 0)
    for code, s in scored.iterrows():
        behind, share = standing.loc[code] if code in standing.index else (0, 0.0)
        for miss in grade_misses(s["assessment_score"], best, rules, int(behind), float(share)) or ("veto",):
            counts[miss] += 1
    reasons = [
        say(
            f"no_best_grade_{miss}" if miss != "behind" or c.max_behind else "no_best_grade_any_behind",
            n=n,
            lowest=f"{lowest:g}",
            max_behind=c.max_behind,
            share=f"{c.min_met_share or 0:.0%}",
        )
        for miss, n in counts.items()
        if n
    ]
    return say(
        "assessment_no_best_grade",
        year=year,
        grade=best,
        lowest=f"{lowest:g}",
        condition=condition_text(c),
        n=len(scored),
        reasons="，".join(reasons),
        overlap=say("no_best_grade_overlap") if sum(counts.values()) > len(scored) else "",
    )


def rank_rule(districts: pd.DataFrame, draws: int) -> str:
    """How the city table's two ranks are made, what a tie does and which members share a rank this year (where
    ties are shown, the tie rule is said). ``districts``: the members' scores of the year by unit code."""
    ranks = districts["assessment_rank"].dropna()
    groups = []
    for rank in sorted(set(ranks[ranks.duplicated(keep=False)])):
        tied = districts[districts["assessment_rank"] == rank]
        score = fmt_number(tied["assessment_score"].iloc[0], 2)
        groups.append(say("assessment_tie_group", count=len(tied), rank=int(rank), score=score))
    return say(
        "assessment_rank_rule",
        ties=say("assessment_ties", groups="；".join(groups)) if groups else "",
        interval=say("assessment_rank_rule_interval", draws=draws) if districts["rank_median"].notna().any() else "",
    )
