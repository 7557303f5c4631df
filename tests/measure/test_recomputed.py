"""Rules that tools/recompute.py found applied but not stated; expected values by hand."""

import pandas as pd
import pytest

from sti_monitor.measure.assessment import assess_units, indicator_points


def test_ranks_follow_the_score_as_shown(tiny_framework, units_of):
    # wenzhou-zcq-2022's sample, 2021: 洞头区 99.894 and 龙港市 99.891 both read 99.89 and share rank 5.
    # Here: D1 (99.894 + 100 + 100) / 3 = 99.9647 → 99.96; D2 (99.886 + 100 + 100) / 3 = 99.962 → 99.96;
    # D3 (99.85 + 100 + 100) / 3 = 99.95 → 99.95.
    table_rows = []
    for unit, a in (("D1", 0.99894), ("D2", 0.99886), ("D3", 0.9985)):
        for ind, (ach, status) in {"x": (a, "behind"), "y": (1.0, "met"), "z": (1.0, "met")}.items():
            table_rows.append(
                {"unit_code": unit, "year": 2021, "indicator": ind, "achievement": ach, "status": status, "value": 1.0}
            )
    table = pd.DataFrame(table_rows)
    table["points"] = indicator_points(table, tiny_framework())
    scores = assess_units(table, tiny_framework(), units_of(["D1", "D2", "D3"])).set_index("unit_code")
    assert scores["assessment_score"].to_dict() == pytest.approx({"D1": 99.964667, "D2": 99.962, "D3": 99.95})
    assert scores["assessment_rank"].to_dict() == {"D1": 1.0, "D2": 1.0, "D3": 3.0}
