"""Every key of a framework, units or fields file is honoured or refused (a load error naming the file and
the key); a reference unit loads, is never scored nor summed, and its value sets a reference target."""

import pandas as pd
import pytest
import yaml
from tests.conftest import write_book

from sti_monitor.errors import ConfigError
from sti_monitor.ingest.fields import load_fields
from sti_monitor.ingest.units import load_units
from sti_monitor.measure.assessment import assess_units, indicator_points
from sti_monitor.measure.results import evaluate
from sti_monitor.paths import FRAMEWORKS_DIR, UNITS_DIR
from sti_monitor.tools.synth import make_plan_sample

NAN = float("nan")
ONE = [("x", 0.8, "behind"), ("y", 1.0, "met"), ("z", NAN, "no_data")]


def score_of(fw, units_of):
    table = pd.DataFrame(
        [
            {"unit_code": "D1", "year": 2023, "indicator": i, "achievement": a, "status": s, "value": 1.0}
            for i, a, s in ONE
        ]
    )
    table["points"] = indicator_points(table, fw)
    return assess_units(table, fw, units_of(["D1"])).set_index("unit_code").loc["D1", "assessment_score"]


def test_per_indicator_weight_is_honoured(tiny_framework, units_of):
    fw = tiny_framework(changes={"x": {"weight": 3}})
    assert dict(fw.assessment.weights) == {"x": 3.0, "y": 1.0, "z": 1.0}
    assert score_of(fw, units_of) == pytest.approx(68.0)  # (3 × 80 + 100 + 0) ÷ 5


def test_weight_set_twice_is_an_error(tiny_framework):
    with pytest.raises(ConfigError, match="重复设置"):
        tiny_framework(changes={"x": {"weight": 3}}, assessment={"weights": {"投入": 2}})


def test_subgroup_weight_is_shared_by_its_indicators(tiny_framework, units_of):
    fw = tiny_framework(
        changes={"y": {"subgroup": "主体"}, "z": {"subgroup": "主体"}}, assessment={"weights": {"主体": 4}}
    )
    assert dict(fw.assessment.weights) == {"x": 1.0, "y": 2.0, "z": 2.0}
    assert score_of(fw, units_of) == pytest.approx(56.0)  # (80 + 2 × 100 + 2 × 0) ÷ 5


@pytest.mark.parametrize(
    "changes, blocks, words",
    [
        ({"x": {"assessment": {}}}, {}, "未知的键 assessment"),
        ({"x": {"weight": -1}}, {}, "weight"),
        (
            {},
            {"assessment": {"veto": [{"indicator": "x", "when": "fell", "best_grade": "良好", "note": "?"}]}},
            "未知的键 note",
        ),
    ],
)
def test_unknown_or_bad_framework_keys_name_file_and_key(tiny_framework, changes, blocks, words):
    with pytest.raises(ConfigError) as info:
        tiny_framework(changes=changes, **blocks)
    assert "tiny.yaml" in str(info.value) and words in str(info.value)


def test_unknown_key_of_a_unit_is_an_error(tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text(
        yaml.safe_dump(
            {"city": {"code": "1", "name": "市"}, "districts": [{"code": "2", "name": "县", "colour": "red"}]},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_units(path)
    assert "units.yaml" in str(info.value) and "未知的键 colour" in str(info.value)


@pytest.mark.parametrize(
    "data, words",
    [
        (
            {"fields": {"gdp": {"name": "地区生产总值", "unit": "亿元", "optional": True}}},
            "字段 gdp：未知的键 optional",
        ),
        ({"fields": {}, "consistent": []}, "未知的键 consistent"),
        (
            {
                "fields": {"a": {"name": "A", "unit": "个"}, "b": {"name": "B", "unit": "个"}},
                "consistency": [{"field": "a", "not_above": "b", "strict": True}],
            },
            "应恰好含 field 和 not_above",
        ),
    ],
)
def test_unknown_key_of_a_fields_file_is_an_error(tmp_path, data, words):
    path = tmp_path / "fields.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_fields(path)
    assert "fields.yaml" in str(info.value) and words in str(info.value)


def test_shipped_files_load():
    assert len(load_fields().fields) == 40
    for path in UNITS_DIR.glob("*.yaml"):
        load_units(path)


def test_reference_unit_loads_is_never_scored_and_sets_a_reference_target(tmp_path):
    data = make_plan_sample("wenzhou-2027", tmp_path / "data")
    for path in data.glob("*/330000_*.xlsx"):  # the sample's own province (illustrative): replaced below
        path.unlink()
    units = yaml.safe_load((UNITS_DIR / "wenzhou.yaml").read_text(encoding="utf-8"))
    units["references"] = [{"code": "330000", "name": "浙江省"}]
    (data / "units.yaml").write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    # the province's workbook, illustrative numbers: R&D intensity 2.40% in 2022, 2.00% in 2023 (kept inside the
    # county-level plausible GDP range, which a real province's GDP exceeds: see the report of issue 20)
    write_book(
        data / "2023" / "浙江省.xlsx",
        [("gdp", "地区生产总值", "亿元", 40000, 45000), ("rd_expenditure", "R&D经费支出", "亿元", 960, 900)],
        code="330000",
        name="浙江省",
        years=(2022, 2023),
    )
    spec = yaml.safe_load((FRAMEWORKS_DIR / "wenzhou-2027.yaml").read_text(encoding="utf-8"))
    rd = next(i for i in spec["indicators"] if i["id"] == "rd_gdp_ratio")
    rd["targets"][2023] = {"reference": "330000", "margin": 0.5, "label": "高于全省平均0.5个百分点"}
    fw_path = tmp_path / "with-reference.yaml"
    fw_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = evaluate(data, str(fw_path))
    # never scored or ranked
    assert "330000" not in set(r.scores["unit_code"])
    assert "浙江省" not in {u.name for u in r.units.all()}
    # never summed: the city's values are those of the same data without the province
    city = r.table[(r.table["unit_code"] == "330300") & (r.table["year"] == 2023)].set_index("indicator")
    plain_data = make_plan_sample("wenzhou-2027", tmp_path / "plain")
    for path in plain_data.glob("*/330000_*.xlsx"):
        path.unlink()
    plain = evaluate(plain_data, "wenzhou-2027").table
    plain = plain[(plain["unit_code"] == "330300") & (plain["year"] == 2023)].set_index("indicator")
    assert city["value"].to_dict() == pytest.approx(plain["value"].to_dict())
    assert [str(p) for p in r.dataset.errors] == []
    # the city's 2023 target is the province's 900 ÷ 45000 × 100 = 2.00, plus 0.5
    assert city.loc["rd_gdp_ratio", "target"] == pytest.approx(2.5)
    assert city.loc["rd_gdp_ratio", "target_rule"] == "reference"
    # it supplies targets only: no row of its own among the results
    assert "330000" not in set(r.table["unit_code"])


def test_wenzhou_2027_aspires_to_the_provincial_average_by_2027():
    from sti_monitor.measure.framework import load_framework

    fw = load_framework("wenzhou-2027")
    final = {t.year: t for t in fw.indicator("rd_gdp_ratio").targets}[2027]
    assert (final.kind, final.value, final.stretch_reference, final.stretch) == ("dual", 3.4, "330000", 0.0)
    assert [u.code for u in load_units(UNITS_DIR / "wenzhou.yaml").references] == ["330000"]
