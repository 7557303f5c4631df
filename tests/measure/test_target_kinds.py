"""The richer target kinds and regions, each against values computed by hand."""

import math

import pandas as pd
import pytest
import yaml

from sti_monitor.errors import ConfigError
from sti_monitor.ingest.units import Unit, UnitRegistry, load_units
from sti_monitor.measure.compliance import achievement_score, assess, status
from sti_monitor.measure.framework import load_framework_file
from sti_monitor.measure.indicators import compute_indicators
from sti_monitor.measure.targets import assign_targets, plan_target

CITY, A, B = "100", "101", "102"
PARK1, PARK2, ZONE, PROVINCE = "P1", "P2", "Z0", "900"


def units(city_members=True):
    districts = [Unit(A, "甲县", "district"), Unit(B, "乙县", "district")] if city_members else []
    return UnitRegistry(
        "t",
        Unit(CITY, "市", "city"),
        districts,
        [],
        areas=[Unit(PARK1, "一园", "area"), Unit(PARK2, "二园", "area")],
        aggregates=[Unit(ZONE, "示范区", "aggregate", members=(PARK1, PARK2))],
        references=[Unit(PROVINCE, "省", "reference")],
    )


# R&D intensity, the ratio most tests here give targets of their own
RD = {
    "id": "rd",
    "name": "R&D经费投入强度",
    "unit": "%",
    "precision": 2,
    "formula": {"kind": "ratio", "numerator": "rd_expenditure", "denominator": "gdp", "scale": 100},
}


def framework(tmp_path, indicators, **top):
    spec = {
        "id": "t",
        "name": "测试",
        "units": "t",
        "baseline_year": 2017,
        "final_year": 2022,
        **top,
        "indicators": indicators,
    }
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return load_framework_file(path)


def panel(rows):
    """rows: (unit, year, field, value)."""
    frame = pd.DataFrame(rows, columns=["unit_code", "year", "field", "value"])
    return frame.assign(file="t.xlsx", sheet="数据", cell="D5")


def evaluate(fw, reg, rows):
    values = compute_indicators(panel(rows), fw, reg)
    table = assess(values, assign_targets(values, fw, reg), fw)
    return table.set_index(["unit_code", "year", "indicator"])


GROWTH = {
    "id": "contracts",
    "name": "技术合同交易额年均增速",
    "unit": "%",
    "precision": 1,
    "formula": {"kind": "average_growth", "field": "tech_transactions", "since": 2017},
    "targets": {2022: {"at_least": 20, "label": "年均增长20%以上"}},
}


def test_average_growth_is_compound_since_the_start_and_judged_every_year(tmp_path):
    fw = framework(tmp_path, [GROWTH])
    t = evaluate(
        fw,
        units(),
        [
            (A, 2017, "tech_transactions", 100),
            (A, 2019, "tech_transactions", 144),
            (B, 2017, "tech_transactions", 50),
            (B, 2019, "tech_transactions", 50),
        ],
    )
    assert t.loc[(A, 2019, "contracts"), "value"] == pytest.approx(20.0)  # (144/100)^(1/2) − 1
    assert t.loc[(B, 2019, "contracts"), "value"] == pytest.approx(0.0)
    city = t.loc[(CITY, 2019, "contracts")]
    assert city["value"] == pytest.approx(13.7248, abs=1e-4)  # (194/150)^(1/2) − 1, sums first
    assert city["target"] == 20  # the yearly rate holds every year
    assert city["status"] == "behind"  # 13.7 / 20 = 0.69
    assert t.loc[(A, 2019, "contracts"), "status"] == "met"  # districts: the same rate
    assert math.isnan(t.loc[(A, 2017, "contracts"), "value"])  # no growth in the start year


CUMULATIVE = {
    "id": "talents",
    "name": "累计引进高层次人才",
    "unit": "名",
    "precision": 0,
    "formula": {"kind": "cumulative", "field": "high_level_talents_new", "since": 2018},
    "targets": {2022: {"at_least": 2000}},
}


def test_cumulative_is_a_running_total_with_a_linear_path_from_zero(tmp_path):
    fw = framework(tmp_path, [CUMULATIVE])
    rows = [
        (A, 2018, "high_level_talents_new", 100),
        (A, 2019, "high_level_talents_new", 150),
        (A, 2020, "high_level_talents_new", 200),
        (B, 2018, "high_level_talents_new", 40),
        (B, 2020, "high_level_talents_new", 60),
    ]  # B lacks 2019: no running total after it
    t = evaluate(fw, units(), rows)
    assert t.loc[(A, 2020, "talents"), "value"] == 450  # 100 + 150 + 200
    assert t.loc[(B, 2018, "talents"), "value"] == 40
    assert math.isnan(t.loc[(B, 2020, "talents"), "value"])
    assert t.loc[(CITY, 2018, "talents"), "value"] == 140
    assert t.loc[(CITY, 2018, "talents"), "target"] == pytest.approx(400)  # 2000 × 1/5 (counting from 2018)
    assert plan_target(fw.indicator("talents"), 2020, 2017).value == pytest.approx(1200)  # 2000 × 3/5
    assert "乙县" in t.loc[(CITY, 2020, "talents"), "note"]


def test_a_running_total_counted_after_the_baseline_gets_no_district_target_and_says_so(tmp_path):
    # counting from 2018 with the baseline 2017: every unit's baseline running total is 0, so no baseline share
    fw = framework(tmp_path, [CUMULATIVE])
    rows = [(A, y, "high_level_talents_new", 100) for y in (2017, 2018, 2019)]
    rows += [(B, y, "high_level_talents_new", 300) for y in (2017, 2018, 2019)]
    t = evaluate(fw, units(), rows)
    assert t.loc[(CITY, 2019, "talents"), "target"] == pytest.approx(800)  # 2000 × 2/5, the city's own path
    district = t.loc[(A, 2019, "talents")]
    assert district["value"] == 200 and math.isnan(district["target"]) and math.isnan(district["final_target"])
    assert (district["target_rule"], district["status"]) == ("not_decomposed", "no_target")
    assert district["target_note"] == (
        "不设分县（市、区）目标：规划只设全市累计目标（2019年800名），累计数自2018年起算、2017年基期为0，"
        "无法按基期比例分解；不计分，只列数值"
    )
    assert math.isnan(district["achievement_score"])  # never scored against a target it does not have


def test_a_running_total_counted_from_the_baseline_is_decomposed_by_baseline_share(tmp_path):
    # counting from 2017 = the baseline year: the baseline running totals are A 100, B 300 (city 400)
    fw = framework(tmp_path, [{**CUMULATIVE, "formula": {**CUMULATIVE["formula"], "since": 2017}}])
    rows = [(A, y, "high_level_talents_new", 100) for y in (2017, 2018, 2019)]
    rows += [(B, y, "high_level_talents_new", 300) for y in (2017, 2018, 2019)]
    t = evaluate(fw, units(), rows)
    # the city's path rises from 0 in 2016 to 2000 in 2022: 2019 is 2000 × 3/6 = 1000; A's share 100/400 → 250
    assert t.loc[(CITY, 2019, "talents"), "target"] == pytest.approx(1000)
    assert t.loc[(A, 2019, "talents"), "target"] == 250 and t.loc[(A, 2019, "talents"), "target_rule"] == "proportional"
    assert t.loc[(B, 2019, "talents"), "target"] == 750  # 1000 × 300/400


def test_about_target_is_met_within_its_tolerance():
    assert status(4.8, 5.0, 1, kind="about", tolerance=0.3) == "met"
    assert status(4.7, 5.0, 1, kind="about", tolerance=0.3) == "met"  # exactly the tolerance
    assert status(4.6, 5.0, 1, kind="about", tolerance=0.3) == "behind"  # 4.6 / 5 = 0.92 < 0.95
    assert status(4.6, 5.0, 1, kind="value") == "behind"
    assert status(5.6, 5.0, 1, kind="about", tolerance=0.3) == "met"  # more is better: over is fine


def test_aspiration_is_shown_but_never_failed(tmp_path):
    fw = framework(
        tmp_path,
        [
            {
                "id": "hte",
                "name": "高新技术企业数",
                "unit": "家",
                "precision": 0,
                "baseline": 220,
                "formula": {"kind": "field", "field": "hitech_enterprises"},
                "interpolation": "geometric",
                "targets": {2022: {"aspiration": {"multiple": 2}, "label": "力争倍增"}},
            }
        ],
    )
    t = evaluate(
        fw,
        units(),
        [
            (A, 2022, "hitech_enterprises", 200),
            (B, 2022, "hitech_enterprises", 100),
            (A, 2017, "hitech_enterprises", 150),
            (B, 2017, "hitech_enterprises", 70),
        ],
    )
    city = t.loc[(CITY, 2022, "hte")]
    assert (city["target"], city["target_kind"]) == (440, "aspiration")  # 2 × 220
    assert city["status"] == "aspiration" and math.isnan(city["achievement_score"])  # 300 < 440, not failed
    assert t.loc[(A, 2022, "hte"), "target"] == pytest.approx(440 * 150 / 220)  # 300 at 2017 in the data: 150/220
    assert status(450, 440, 0, kind="aspiration") == "met"
    assert achievement_score(None, "aspiration") is None


def test_reference_target_is_the_reference_units_value_in_the_same_year(tmp_path):
    fw = framework(
        tmp_path,
        [
            {
                **RD,
                "targets": {2022: {"reference": PROVINCE, "label": "高于全省平均"}},
            }
        ],
    )
    rows = [
        (A, 2021, "rd_expenditure", 12),
        (A, 2021, "gdp", 500),
        (B, 2021, "rd_expenditure", 12),
        (B, 2021, "gdp", 500),
        (PROVINCE, 2021, "rd_expenditure", 200),
        (PROVINCE, 2021, "gdp", 8000),
    ]
    t = evaluate(fw, units(), rows)
    city = t.loc[(CITY, 2021, "rd")]
    assert city["value"] == pytest.approx(2.4)  # 24 / 1000
    assert city["target"] == pytest.approx(2.5)  # 200 / 8000, the province
    assert city["status"] == "near" and city["target_rule"] == "reference"  # 2.4 / 2.5 = 0.96
    assert t.loc[(A, 2021, "rd"), "target"] == pytest.approx(2.5)  # every unit against the province
    missing = evaluate(fw, units(), rows[:4])
    assert math.isnan(missing.loc[(CITY, 2021, "rd"), "target"])
    assert "省" in missing.loc[(CITY, 2021, "rd"), "target_note"]


RATIO = {
    **RD,
    "targets": {2022: 2.6},
    "unit_targets": {ZONE: {2022: {"at_least": 3.5}}},
}
REGION_ROWS = [
    (A, 2022, "rd_expenditure", 10),
    (A, 2022, "gdp", 400),
    (B, 2022, "rd_expenditure", 20),
    (B, 2022, "gdp", 600),
    (PARK1, 2022, "rd_expenditure", 3),
    (PARK1, 2022, "gdp", 50),
    (PARK2, 2022, "rd_expenditure", 1),
    (PARK2, 2022, "gdp", 50),
]


def test_an_aggregate_sums_its_parks_and_has_its_own_targets_while_the_city_ignores_areas(tmp_path):
    t = evaluate(framework(tmp_path, [RATIO]), units(), REGION_ROWS)
    assert t.loc[(CITY, 2022, "rd"), "value"] == pytest.approx(3.0)  # 30 / 1000: parks not added
    assert t.loc[(ZONE, 2022, "rd"), "value"] == pytest.approx(4.0)  # 4 / 100
    assert (t.loc[(ZONE, 2022, "rd"), "target"], t.loc[(ZONE, 2022, "rd"), "status"]) == (3.5, "met")
    assert t.loc[(CITY, 2022, "rd"), "target"] == 2.6
    assert t.loc[(PARK1, 2022, "rd"), "target_rule"] == "none"  # areas get no decomposed target
    districts_only = evaluate(framework(tmp_path, [RATIO]), units(), REGION_ROWS[:4])
    assert districts_only.loc[(ZONE, 2022, "rd"), "note"] == "示范区的各组成单位均无此项数据"


def test_the_framework_may_sum_areas_into_the_city(tmp_path):
    fw = framework(tmp_path, [RATIO], city_sums=["area"])
    parks = REGION_ROWS[4:]
    t = evaluate(fw, units(city_members=False), parks + [(u, 2017, f, v) for u, _, f, v in parks])
    assert t.loc[(CITY, 2022, "rd"), "value"] == pytest.approx(4.0)  # the two parks only
    # then the city's target is decomposed to the parks by their 2017 share: 2.6 × 6% ÷ 4%
    assert t.loc[(PARK1, 2022, "rd"), "target"] == pytest.approx(3.9)
    assert t.loc[(PARK1, 2022, "rd"), "target_rule"] == "proportional"


def test_groups_are_read_and_weight_the_assessment_by_group(tmp_path):
    fw = framework(
        tmp_path, [{**RATIO, "group": "创新投入", "subgroup": "研发经费"}], assessment={"weights": {"创新投入": 2}}
    )
    assert (fw.indicator("rd").group, fw.indicator("rd").subgroup) == ("创新投入", "研发经费")
    assert dict(fw.assessment.weights)["rd"] == 2.0


@pytest.mark.parametrize(
    "change, words",
    [
        ({"targets": {2022: {"about": 5}}}, "tolerance"),
        ({"targets": {2022: {"at_least": 5, "tolarence": 1}}}, "tolarence"),
        ({"targets": {2022: {"at_least": 5, "at_most": 6}}}, "恰好"),
        ({"targets": {2030: 5}}, "2030"),
        ({"formula": {"kind": "cumulative", "field": "gdp"}}, "since"),
        (
            {"formula": {"kind": "average_growth", "field": "gdp", "since": 2017}, "decomposition": "proportional"},
            "same",
        ),
        ({"grup": "x"}, "grup"),
    ],
)
def test_bad_framework_names_file_and_key(tmp_path, change, words):
    with pytest.raises(ConfigError) as err:
        framework(tmp_path, [{**RATIO, **change}])
    assert "t.yaml" in str(err.value) and words in str(err.value)


def test_unknown_top_level_key_is_rejected(tmp_path):
    with pytest.raises(ConfigError, match="cty_sums"):
        framework(tmp_path, [RATIO], cty_sums=["area"])


def test_units_file_aggregate_members_must_exist(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text(
        "city: {code: '1', name: 市}\nareas: [{code: A1, name: 园}]\n"
        "aggregates: [{code: Z, name: 区, members: [A1, A9]}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="A9"):
        load_units(path)


def test_aspiration_relative_to_the_province_is_shown_beside_the_binding_target(tmp_path):
    # 确保2.3%，力争超全省平均 (by 2022): the binding 2.3 is judged; the province's value is the stretch, never scored
    fw = framework(
        tmp_path,
        [
            {
                **RD,
                "targets": {
                    2022: {"guaranteed": 2.3, "stretch": {"reference": PROVINCE}, "label": "2.3%，力争超全省平均"}
                },
            }
        ],
    )
    rows = [
        (A, 2017, "rd_expenditure", 10),
        (A, 2017, "gdp", 500),
        (B, 2017, "rd_expenditure", 10),
        (B, 2017, "gdp", 500),
    ]
    for year in (2021, 2022):
        rows += [
            (A, year, "rd_expenditure", 12),
            (A, year, "gdp", 500),
            (B, year, "rd_expenditure", 12),
            (B, year, "gdp", 500),
            (PROVINCE, year, "rd_expenditure", 200 if year == 2022 else 180),
            (PROVINCE, year, "gdp", 8000),
        ]
    t = evaluate(fw, units(), rows)
    city = t.loc[(CITY, 2022, "rd")]
    assert city["target"] == pytest.approx(2.3) and city["status"] == "met"  # 24 / 1000 = 2.4
    # the province's 2022 value 200 / 8000 = 2.5; 2.4 falls short of it, and that costs nothing
    assert city["stretch_target"] == pytest.approx(2.5) and not city["stretch_met"]
    assert city["achievement_score"] == 100.0 and "省2022年同期值2.5" in city["target_note"]
    # a district: its binding target is decomposed (2.0 ÷ 2.0 × 2.3), the stretch is the province's value itself
    district = t.loc[(A, 2022, "rd")]
    assert district["target"] == pytest.approx(2.3) and district["stretch_target"] == pytest.approx(2.5)
    # 2021 is on the path to 2.3 (2.0 + 0.3 × 4/5 = 2.24); the aspiration to exceed the province by 2022 is shown
    # beside it against the province's own 2021 value, never interpolated: 180 / 8000 = 2.25, and 2.40 exceeds it
    before = t.loc[(CITY, 2021, "rd")]
    assert before["target"] == pytest.approx(2.24) and before["stretch_target"] == pytest.approx(2.25)
    assert before["stretch_met"] and before["achievement_score"] == 100.0
    assert "力争2022年超过省：省2021年同期值2.25" in before["target_note"]
    # equal as shown is not beyond (超过 is strict): 2.40 against a province at 2.40
    even = evaluate(fw, units(), [*rows[:-2], (PROVINCE, 2022, "rd_expenditure", 192), (PROVINCE, 2022, "gdp", 8000)])
    assert not even.loc[(CITY, 2022, "rd"), "stretch_met"]
    with pytest.raises(ConfigError, match="stretch 参照目标"):
        framework(
            tmp_path,
            [
                {
                    "id": "rd",
                    "name": "R",
                    "unit": "%",
                    "formula": {"kind": "field", "field": "gdp"},
                    "targets": {2022: {"guaranteed": 2.3, "stretch": {"reference": PROVINCE, "above": 1}}},
                }
            ],
        )
