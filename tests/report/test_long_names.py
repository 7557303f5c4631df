"""A unit name far longer than any real one (90 characters) never breaks the members' bar chart: the name is
cut with … under its bar and the margins stay inside the figure (it raised "bottom cannot be >= top")."""

from types import SimpleNamespace

import pandas as pd

from sti_monitor.report.charts import AXIS_NAME_CHARS, district_bars

LONG = "温州市" * 30


def test_a_ninety_character_name_is_cut_under_its_bar():
    indicator = SimpleNamespace(
        id="x", name="研发人员", unit="人年", precision=0, higher_is_better=True, is_growth=False
    )
    rows = pd.DataFrame(
        {
            "unit_name": [LONG, "合成县0002"],
            "value": [190.0, 73.0],
            "target": [160.0, 65.0],
            "status": ["met", "met"],
        }
    )
    svg = district_bars(rows, indicator, [LONG, "合成县0002"], 2023).svg
    assert AXIS_NAME_CHARS == 16
    assert "温州市温州市温州市温州市温州市…" in svg  # its first 15 characters and …
    assert LONG not in svg and "合成县0002" in svg
