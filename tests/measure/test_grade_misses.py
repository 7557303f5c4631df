"""Why a unit misses the best grade, requirement by requirement, as grade_for checks them (wenzhou-2027: 优秀 needs
90 points as shown, no scored target 未达标 and at least half met), against cases worked by hand."""

import math

import pandas as pd
import pytest

from sti_monitor.measure.assessment import grade_for, grade_misses, scored_standing
from sti_monitor.measure.framework import load_framework

RULES = load_framework("wenzhou-2027").assessment


@pytest.mark.parametrize(
    "score, behind, share, misses",
    [
        (97.86, 2, 5 / 9, ("behind",)),  # 文成县 2023: high score, two targets 未达标
        (89.995, 0, 0.5, ()),  # 90.00 as shown, none behind, exactly half met: 优秀
        (89.994, 0, 1.0, ("score",)),  # 89.99 as shown
        (85.0, 1, 0.4, ("score", "behind", "met_share")),
        (95.0, 0, 0.4, ("met_share",)),  # nothing 未达标 but only 2 of 5 met (the rest 接近)
        (math.nan, 0, 1.0, ("score",)),
    ],
)
def test_grade_misses_names_each_requirement_missed(score, behind, share, misses):
    assert grade_misses(score, "优秀", RULES, behind, share) == misses
    # never at odds with the grade given: no miss is exactly 优秀
    assert (grade_for(score, RULES, behind, share) == "优秀") == (misses == ())


def test_scored_standing_counts_what_the_conditions_look_at():
    table = pd.DataFrame(
        [
            ("A", 2023, "met", 10.0),
            ("A", 2023, "behind", 5.0),
            ("A", 2023, "no_data", 0.0),  # no data counts as 未达标
            ("A", 2023, "near", 8.0),
            ("A", 2023, "aspiration", math.nan),  # never scored
            ("A", 2023, "no_target", math.nan),
            ("B", 2023, "met", 50.0),
            ("B", 2023, "met", 50.0),
        ],
        columns=["unit_code", "year", "status", "points"],
    )
    standing = scored_standing(table)
    assert standing.loc[("A", 2023)].tolist() == [2, 0.25]  # behind: behind + no data; met: 1 of 4 scored
    assert standing.loc[("B", 2023)].tolist() == [0, 1.0]


def test_scored_standing_counts_only_scored_targets():
    import numpy as np
    import pandas as pd

    from sti_monitor.measure.assessment import scored_standing

    nan = np.nan
    # unit A: four scored targets (met, behind, no data, near) and three rows that carry no points (an aspiration,
    # and a behind and a met row left unscored): behind = 2 (behind + no data), met share = 1 of 4 = 0.25;
    # unit B: two scored targets, both met: behind 0, met share 1.0
    table = pd.DataFrame(
        {
            "unit_code": ["A"] * 7 + ["B"] * 2,
            "year": [2023] * 9,
            "status": ["met", "behind", "no_data", "near", "aspiration", "behind", "met", "met", "met"],
            "points": [11.11, 5.0, 0.0, 9.5, nan, nan, nan, 11.11, 11.11],
        }
    )
    standing = scored_standing(table)
    assert list(standing.columns) == ["behind", "met_share"]
    assert standing.index.tolist() == [("A", 2023), ("B", 2023)]
    assert standing["behind"].tolist() == [2, 0] and standing["behind"].dtype.kind == "i"
    assert standing["met_share"].tolist() == [0.25, 1.0]
