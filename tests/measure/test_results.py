"""Results' cached indexes and the per-process results cache: same answers as the table, built once."""

import math
import os
import pickle

import pandas as pd
import pytest

from sti_monitor.measure.results import OUTPUT_COLUMNS, Results, load_results_file


@pytest.fixture(scope="module")
def sample(evaluated_sample):
    return evaluated_sample


def tiny(sample) -> Results:
    """The sample's framework and units with a hand-made table: two indicators, two years, two districts,
    a zone and the city."""
    rows = [  # unit, name, kind, year, indicator, value
        ("330302", "鹿城区", "district", 2022, "rd_gdp_ratio", 2.0),
        ("330303", "龙湾区", "district", 2022, "rd_gdp_ratio", 2.5),
        ("330371", "温州海经区", "zone", 2022, "rd_gdp_ratio", 9.0),  # a zone is never the best district
        ("330300", "温州市", "city", 2022, "rd_gdp_ratio", 2.2),
        ("330302", "鹿城区", "district", 2023, "rd_gdp_ratio", 3.1),
        ("330303", "龙湾区", "district", 2023, "rd_gdp_ratio", 3.1),  # a tie: the first in table order wins
        ("330371", "温州海经区", "zone", 2023, "rd_gdp_ratio", 9.9),
        ("330300", "温州市", "city", 2023, "rd_gdp_ratio", 3.0),
        ("330302", "鹿城区", "district", 2023, "tech_smes", float("nan")),
        ("330303", "龙湾区", "district", 2023, "tech_smes", 40.0),
        ("330300", "温州市", "city", 2023, "tech_smes", 500.0),
    ]
    table = pd.DataFrame(rows, columns=["unit_code", "unit_name", "unit_kind", "year", "indicator", "value"])
    table = table.reindex(columns=OUTPUT_COLUMNS)
    return Results(sample.framework, sample.units, sample.dataset, table)


def test_unit_series_and_year_tables(sample):
    r = tiny(sample)
    assert r.series("330300", "rd_gdp_ratio").to_dict() == {2022: 2.2, 2023: 3.0}
    assert r.series("330303", "tech_smes").to_dict() == {2023: 40.0}
    assert r.series("330302", "no_such_indicator").empty
    rows = r.unit_table("330302", 2023)
    assert list(rows.index) == [0, 1] and list(rows["indicator"]) == ["rd_gdp_ratio", "tech_smes"]
    assert rows["value"].iloc[0] == 3.1 and math.isnan(rows["value"].iloc[1])
    assert len(r.unit_table("330302")) == 3 and r.unit_table("999999").empty
    assert sorted(r.year_table(2022)["unit_code"]) == ["330300", "330302", "330303", "330371"]
    assert r.years == [2022, 2023]


def test_accessors_hand_out_frames_of_their_own(sample):
    r = tiny(sample)
    rows, year, series = r.unit_table("330302", 2023), r.year_table(2023), r.series("330300", "rd_gdp_ratio")
    rows["value"] = -1.0
    year.loc[0, "value"] = -1.0
    series.loc[2022] = -1.0
    assert rows["value"].iloc[0] == year["value"].iloc[0] == series[2022] == -1.0
    assert r.unit_table("330302", 2023)["value"].iloc[0] == 3.1
    assert r.year_table(2023)["value"].iloc[0] == 3.1
    assert r.series("330300", "rd_gdp_ratio")[2022] == 2.2


def test_target_paths_and_trace_from_the_unit_index(sample):
    # 鹿城区's 2023 target for 高新技术企业 comes from the task table (指标任务表_2023.xlsx, F7: 457)
    assert sample.target_paths("330302").loc[2023, "hitech_enterprises"] == 457.0
    trace = sample.trace("330302", 2023)
    assert set(trace["unit_code"]) == {"330302"} and len(trace) > 0
    city = sample.trace("330300", 2023)
    assert set(city["unit_code"]) == {u.code for u in sample.units.districts}


def test_indexes_are_not_pickled(sample):
    sample.unit_table("330302", 2023), sample.series("330302", "rd_gdp_ratio")
    assert sample._index
    again = pickle.loads(pickle.dumps(sample))
    assert again._index == {}
    assert again.series("330302", "rd_gdp_ratio").to_dict() == sample.series("330302", "rd_gdp_ratio").to_dict()


def test_results_file_is_read_once_per_process_until_it_changes(tmp_path, sample):
    path = tmp_path / "results.pkl"
    path.write_bytes(pickle.dumps(tiny(sample)))
    first = load_results_file(path)
    first.series("330302", "rd_gdp_ratio")
    second = load_results_file(path)
    assert second._index is first._index  # the same unpickled results behind both
    first.table["value"] = -1.0  # what one unit's notebook does to its copy does not reach the next
    first.table.loc[0, "unit_name"] = "改过"
    assert second.table["value"].iloc[0] == 2.0 and second.table["unit_name"].iloc[0] == "鹿城区"
    assert load_results_file(path).unit_table("330302", 2022)["value"].iloc[0] == 2.0

    changed = tiny(sample)
    changed.table.loc[0, "value"] = 7.5
    path.write_bytes(pickle.dumps(changed))
    os.utime(path, ns=(1, 1))  # a different modification time, whatever the clock's resolution
    third = load_results_file(path)
    assert third._index is not first._index
    assert third.unit_table("330302", 2022)["value"].iloc[0] == 7.5


def test_per_unit_indexes_keep_only_the_latest_units(sample, monkeypatch):
    from sti_monitor.measure.results import _Recent

    monkeypatch.setattr(_Recent, "SIZE", 10)
    results = Results(sample.framework, sample.units, sample.dataset, sample.table, sample.scores)  # fresh indexes
    codes = [u.code for u in results.units.all()]
    for code in codes:  # 15 units x 3 years: more (unit, year) tables than the index keeps
        for year in results.years:
            results.unit_table(code, year)
    kept = results._index["unit_year"]
    assert isinstance(kept, _Recent) and len(kept) == _Recent.SIZE
    last = (codes[-1], results.years[-1])
    assert last in kept and results.unit_table(*last).equals(kept[last])


def test_a_later_step_keeps_its_own_index_with_the_results(sample):
    results = Results(sample.framework, sample.units, sample.dataset, sample.table, sample.scores)  # fresh indexes
    built = []
    first = results.cached("mine", lambda: built.append(1) or {"n": 1})
    again = results.view().cached("mine", lambda: built.append(2) or {"n": 2})  # views share the indexes
    assert first is again and built == [1]
    assert "mine" not in str(pickle.loads(pickle.dumps(results))._index)  # never pickled
