"""Peer groups of the plans with several members of a kind (jinzhou's counties, daluoshan's areas): a unit's brief
places it in its group; a group of two places no one. Scores checked against the plans' sample city reports
(jinzhou 2020: 凌海市 97.77, 义县 96.85, 黑山县 95.72, 北镇市 95.02; daluoshan 2022: 龙湾片区 99.13, 瓯海片区
92.51, 乐清片区 91.11, 瑞安片区 84.58)."""

import pytest

from sti_monitor.ingest.units import load_units
from sti_monitor.paths import UNITS_DIR
from sti_monitor.report.context import peer_place, peers
from sti_monitor.report.wording import speak_for


@pytest.fixture(scope="module")
def plans(evaluated_plan):
    return {plan: evaluated_plan(plan) for plan in ("jinzhou-2020", "daluoshan-2022")}


def test_a_county_is_placed_among_the_counties_and_county_level_cities(plans):
    speak_for(load_units(UNITS_DIR / "jinzhou.yaml"))
    try:
        assert peer_place(plans["jinzhou-2020"], "210727", 2020) == (
            "在县和县级市（黑山县、义县、凌海市、北镇市）中，按考核总分居第2位（共4个），最高为凌海市（97.77分）。"
        )
        assert peer_place(plans["jinzhou-2020"], "210711", 2020) == (
            "在市区（古塔区、凌河区、太和区）中，按考核总分居第1位（共3个）。"
        )
    finally:
        speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))


def test_an_area_is_placed_among_the_district_areas_and_a_group_of_two_places_no_one(plans):
    results = plans["daluoshan-2022"]
    speak_for(load_units(UNITS_DIR / "daluoshan.yaml"))
    try:
        assert peer_place(results, "DLS02", 2022) == (
            "在行政区片区（龙湾片区、瓯海片区、乐清片区、瑞安片区）中，按考核总分居第2位（共4个），"
            "最高为龙湾片区（99.13分）。"
        )
        assert peers(results, "DLS05") is None and peer_place(results, "DLS05", 2022) == ""
    finally:
        speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))


def test_a_place_shared_as_shown_names_who_shares_it(evaluated_plan, words):
    """鹿城区, 龙湾区 and 瓯海区 (wenzhou-zcq-2022's 市区) each scored 100.00 in 2022: 鹿城区's brief said 居第1位
    alone."""
    words("wenzhou-zcq")
    assert peer_place(evaluated_plan("wenzhou-zcq-2022"), "330302", 2022) == (
        "在市区（鹿城区、龙湾区、瓯海区、洞头区）中，按考核总分居第1位（共4个，与龙湾区、瓯海区并列）。"
    )
