"""applicability.py edges found by mutation testing, by hand."""

from __future__ import annotations

import pandas as pd

from sti_monitor.measure.applicability import applicable_mask


def test_a_unit_or_column_the_plan_does_not_know_applies_to_nothing(tiny_framework, units_of):
    # x applies to districts (the tiny plan sets city targets); "extra" is no indicator of the plan, and "XX" is no
    # unit of it: both False, as booleans
    fw = tiny_framework()
    index = pd.MultiIndex.from_tuples([("D1", 2023), ("XX", 2023)])
    mask = applicable_mask(index, ["x", "extra"], fw, units_of(["D1"]))
    assert mask["x"].tolist() == [True, False] and mask["extra"].tolist() == [False, False]
    assert [str(t) for t in mask.dtypes] == ["bool", "bool"]
