"""The sentence under a city report's chart of its members: no zero counts where the plan sets the members no
target (daluoshan's areas have no target of their own for 累计新增高能级创新平台), and a plain 均达到 when all
met; the words are the plan's."""

import math
from types import SimpleNamespace

import pandas as pd

from sti_monitor.ingest.units import load_units
from sti_monitor.measure import load_framework
from sti_monitor.paths import UNITS_DIR
from sti_monitor.report.overview import _bar_sentence
from sti_monitor.report.wording import speak_for

NAN = math.nan
PLATFORMS = next(i for i in load_framework("daluoshan-2022").indicators if i.id == "high_level_platforms_cumulative")


def areas(values, targets, statuses) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": 2022,
            "unit_code": ["DLS01", "DLS02"],
            "unit_name": ["龙湾片区", "瓯海片区"],
            "value": values,
            "target": targets,
            "achievement": [v / t * 100 if t == t else NAN for v, t in zip(values, targets, strict=True)],
            "status": statuses,
            "note": "",  # results rows carry a note: why a value is missing (数据有误, 未报送)
        }
    )


CORRIDOR = pd.Series(
    {"unit_code": "DLS00", "year": 2022, "value": 21.0, "target": 20.0, "status": "met", "stretch_target": NAN}
)
PLAN = SimpleNamespace(  # the corridor's name; 2022 read as a year before the plan's last (see test_final_year_words)
    units=SimpleNamespace(city=SimpleNamespace(name="环大罗山科创走廊")), is_final=lambda year: False
)


def test_no_zero_counts_where_no_area_has_a_target_and_all_met_reads_plainly():
    speak_for(load_units(UNITS_DIR / "daluoshan.yaml"))
    try:
        none = _bar_sentence(PLAN, PLATFORMS, areas([6.0, 4.0], [NAN, NAN], ["not_applicable"] * 2), CORRIDOR, 2022)
        assert none.startswith("2022年，规划未对各片区设定累计新增高能级创新平台的目标；")
        assert "0个" not in none and none.endswith("走廊为21家，目标20家。")
        met = _bar_sentence(PLAN, PLATFORMS, areas([6.0, 4.0], [5.0, 4.0], ["met", "met"]), CORRIDOR, 2022)
        assert met.startswith("2022年，2个片区累计新增高能级创新平台均达到目标；")
        mixed = _bar_sentence(PLAN, PLATFORMS, areas([6.0, 3.0], [5.0, 4.0], ["met", "behind"]), CORRIDOR, 2022)
        assert mixed.startswith("2022年，1个片区累计新增高能级创新平台达到目标，1个未达到；")
    finally:
        speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))
