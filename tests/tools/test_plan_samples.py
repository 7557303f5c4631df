"""Every seed plan end to end: its framework loads, its illustrative sample is clean and covers the
plan's years, the milestone year carries the plan's own numbers, and a report renders."""

import re

import pandas as pd
import pytest
from pypdf import PdfReader

from conftest import run_cli
from sti_monitor.batch import render_batch
from sti_monitor.measure.compliance import round_half_up
from sti_monitor.measure.framework import list_frameworks
from sti_monitor.tools.synth import make_plan_sample

# plan id -> (years of the sample, milestone year, unit judged, {indicator: the plan's number for that unit})
PLANS = {
    "xinchang-2025": (
        range(2020, 2026),
        2025,
        "330624",
        {
            "rd_gdp_ratio": 5,
            "hitech_enterprises": 440,
            "high_value_patents_per_10k": 30,
            "hitech_va_share": 90,
            "talent_total": 14,
        },
    ),
    "wenzhou-zcq-2022": (
        range(2017, 2023),
        2022,
        "330300",
        {
            "rd_gdp_ratio": 2.6,
            "rd_personnel": 50000,
            "tech_smes": 10000,
            "hitech_enterprises": 2000,
            "high_level_talents_cumulative": 10000,
            "tech_capital_cumulative": 500,
        },
    ),
    "daluoshan-2022": (
        range(2019, 2023),
        2022,
        "DLS00",
        {
            "hitech_enterprises": 900,
            "tech_smes": 3600,
            "tech_transactions_growth": 30,
            "high_level_platforms_cumulative": 20,
            "prov_enterprise_institutes_cumulative": 35,
            "high_level_talents_cumulative": 2000,
            "innovation_service_complexes": 10,
            "future_communities": 4,
            "incubator_area_total": 110,
        },
    ),
    "jinzhou-2020": (
        range(2015, 2021),
        2020,
        "210700",
        {
            "rd_gdp_ratio": 2,
            "hitech_enterprises": 100,
            "patent_applications": 1200,
            "invention_patents_avg_growth": 10,
            "invention_patents_per_10k": 2,
            "hitech_va_gdp_share": 20,
            "tech_progress_contribution": 60,
            "tech_transactions": 20,
            "rd_institutions": 100,
            "incubator_area_total": 10,
            "leading_talents_cumulative": 100,
        },
    ),
}
ZONE_2022 = {
    "rd_gdp_ratio": 3.5,
    "invention_patents_per_10k": 50,
    "hitech_va_share": 50,
    "tech_contracts_avg_growth": 20,
    "hitech_enterprises_smart_equipment": 500,
    "hitech_enterprises_life_health": 150,
    "tech_smes_smart_equipment": 2000,
    "tech_smes_life_health": 400,
    "smart_equipment_output": 600,
    "life_health_output": 200,
}


@pytest.fixture(scope="module")
def samples(plan_sample):
    return {plan: plan_sample(plan) for plan in PLANS}


def test_every_seed_plan_has_a_framework():
    assert {f.id for f in list_frameworks()} >= {"wenzhou-2027", *PLANS}


@pytest.mark.parametrize("plan", PLANS)
def test_sample_is_clean_and_the_milestone_carries_the_plans_numbers(samples, evaluated_plan, plan):
    years, milestone, unit, expected = PLANS[plan]
    results = evaluated_plan(plan)
    assert [str(p) for p in results.dataset.errors] == []
    assert results.years == list(years)
    table = results.year_table(milestone)
    rows = table[table["unit_code"] == unit].set_index("indicator")
    assert {i: rows.loc[i, "target"] for i in expected} == pytest.approx(expected)
    assert "示意数据" in (samples[plan] / "README.md").read_text(encoding="utf-8")


def test_zone_has_its_own_targets_and_parks_are_not_in_the_city(evaluated_plan):
    results = evaluated_plan("wenzhou-zcq-2022")
    t = results.year_table(2022).set_index(["unit_code", "indicator"])
    assert {i: t.loc[("3303Z0", i), "target"] for i in ZONE_2022} == pytest.approx(ZONE_2022)
    parks = [f"3303Z{i}" for i in range(1, 7)]
    # the zone is the ratio of its parks' sums; the city the ratio of its districts' sums
    zone = t.loc[parks].xs("rd_gdp_ratio", level=1)
    assert t.loc[("3303Z0", "rd_gdp_ratio"), "value"] == pytest.approx(
        zone["numerator"].sum() / zone["denominator"].sum() * 100
    )
    assert t.loc[("330300", "rd_gdp_ratio"), "numerator"] == pytest.approx(
        t.loc[[(c, "rd_gdp_ratio") for c in results.member_codes], "numerator"].sum()
    )
    assert not set(parks) & set(results.member_codes)


def test_xinchang_2020_equals_the_plans_2020_column(evaluated_plan):
    seed_2020 = {
        "rd_gdp_ratio": 4.38,
        "ind_rd_revenue_ratio": 4.14,
        "hitech_enterprises": 220,
        "tech_smes": 683,
        "new_product_output_ratio": 51.9,
        "tech_transactions": 6.4,
        "tech_service_revenue_share": 29.0,
        "labour_productivity": 17.6,
        "high_value_patents_per_10k": 20,
        "digital_core_value_added": 29.86,
        "hitech_va_share": 90.79,
        "rd_personnel_per_10k": 230.06,
        "talent_total": 9.9,
    }
    results = evaluated_plan("xinchang-2025")
    rows = results.year_table(2020).set_index("indicator")
    for ind, value in seed_2020.items():
        precision = results.framework.indicator(ind).precision
        assert round_half_up(rows.loc[ind, "value"], precision) == round_half_up(value, precision), ind


def test_cli_frameworks_and_sample(tmp_path):
    def run(*args):
        proc = run_cli(*args)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        return proc.stdout

    listing = run("frameworks")
    assert re.search(r"jinzhou-2020\t锦州市[^\t]*\t基期2015年，目标2020年\tjinzhou（锦州市等8个单位）\t11", listing)
    run("sample", "--framework", "jinzhou-2020", "--out", tmp_path / "jz")
    run("indicators", tmp_path / "jz", "--framework", "jinzhou-2020", "--year", 2020, "--out", tmp_path / "x.csv")
    table = pd.read_csv(tmp_path / "x.csv", dtype={"unit_code": str}).query("unit_code == '210700'")
    assert table.set_index("indicator").loc["patent_applications", "target"] == 1200
    proc = run_cli("sample", "--framework", "nowhere-2030", "--out", tmp_path / "n")
    assert proc.returncode == 1 and "nowhere-2030" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "n").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "plan, unit, words",
    [
        ("jinzhou-2020", "210700", "锦州市科技创新主要指标终期评估报告"),
        ("wenzhou-zcq-2022", "3303Z0", "温州国家自主创新示范区科技创新主要指标终期评估报告"),
        ("daluoshan-2022", "DLS00", "龙湾片区"),  # the corridor compares its areas
        ("xinchang-2025", "330624", "新昌县科技创新主要指标终期评估报告"),
    ],
)
def test_one_report_per_plan_renders(samples, tmp_path, plan, unit, words):
    milestone = PLANS[plan][1]
    summary = render_batch(samples[plan], milestone, plan, [unit], tmp_path, workers=1, progress=False)
    assert summary.ok, [u.reason for u in summary.units]
    pdf = next((tmp_path / str(milestone)).glob(f"{unit}_*.pdf"))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert words in text


def test_sample_never_writes_over_a_directory_that_is_not_a_sample(tmp_path):
    real = tmp_path / "raw"
    (real / "2020").mkdir(parents=True)
    (real / "2020" / "210702_古塔区.xlsx").write_bytes(b"real data")
    proc = run_cli("sample", "--framework", "jinzhou-2020", "--out", real)
    assert proc.returncode == 1 and "新目录" in proc.stderr and "Traceback" not in proc.stderr
    assert (real / "2020" / "210702_古塔区.xlsx").read_bytes() == b"real data"
    assert sorted(p.name for p in real.iterdir()) == ["2020"]


def test_sample_again_replaces_the_earlier_sample(tmp_path):
    folder = make_plan_sample("daluoshan-2022", tmp_path / "daluoshan-2022")  # its own: the shared one is read only
    stray = folder / "2019" / "stray.xlsx"
    stray.write_bytes(b"x")
    make_plan_sample("daluoshan-2022", folder)
    assert not stray.exists() and len(list((folder / "2019").glob("*.xlsx"))) == 6
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]
