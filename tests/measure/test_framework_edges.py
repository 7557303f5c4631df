"""Edges of measure/framework.py that mutation testing (mutmut) found unpinned: each required key, the plan period's
exact bounds, the defaults of a framework file, and the whole text of each error its author reads (by hand)."""

import pytest
import yaml

from sti_monitor.errors import ConfigError
from sti_monitor.measure.framework import list_frameworks, load_framework_file

X = {"id": "x", "name": "指标X", "unit": "家", "formula": {"kind": "field", "field": "hitech_enterprises"}}
BASE = {"id": "f", "name": "测试", "baseline_year": 2022, "final_year": 2027, "indicators": [X]}
DROP = object()  # a key left out of the file


def write(tmp_path, **changes):
    data = {k: v for k, v in {**BASE, **changes}.items() if v is not DROP}
    path = tmp_path / "f.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def refused(tmp_path, **changes) -> str:
    """The message of the load's ConfigError, without the file's name (which must be the file's)."""
    path = write(tmp_path, **changes)
    with pytest.raises(ConfigError) as info:
        load_framework_file(path)
    assert info.value.path == path
    return str(info.value).removeprefix(f"{path}: ")


@pytest.mark.parametrize("key", ["id", "name", "baseline_year", "final_year", "indicators"])
def test_each_required_key(tmp_path, key):
    assert refused(tmp_path, **{key: DROP}) == f"缺少 {key}"


ALLOWED = (
    "（可用：assessment、baseline_year、city_sums、composite、final_year、id、indicators、name、near_threshold、units）"
)


def test_unknown_keys_are_listed_with_the_keys_allowed(tmp_path):
    assert refused(tmp_path, colour=1, **{"7": 2}) == f"未知的键 7、colour{ALLOWED}"


def test_an_unknown_key_that_is_a_number(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(yaml.safe_dump({**BASE, 7: 1}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_framework_file(path)
    assert str(info.value) == f"{path}: 未知的键 7{ALLOWED}"


@pytest.mark.parametrize("key", ["baseline_year", "final_year"])
@pytest.mark.parametrize("value", ["2022", 2022.0])
def test_years_are_whole_numbers(tmp_path, key, value):
    assert refused(tmp_path, **{key: value}) == f"{key} 应为年份（整数）"


def test_the_final_year_after_the_baseline_year(tmp_path):
    assert refused(tmp_path, final_year=2022) == "final_year 应晚于 baseline_year"
    assert refused(tmp_path, final_year=2021) == "final_year 应晚于 baseline_year"
    fw = load_framework_file(write(tmp_path, final_year=2023))  # one year is enough
    assert (fw.baseline_year, fw.final_year) == (2022, 2023)


@pytest.mark.parametrize("indicators", [[], {"x": X}, X, None])
def test_indicators_a_list_with_something_in_it(tmp_path, indicators):
    assert refused(tmp_path, indicators=indicators) == "indicators 应为非空列表"


def test_the_defaults_of_a_framework_file(tmp_path):
    fw = load_framework_file(str(write(tmp_path)))  # a path as text too
    assert (fw.id, fw.name, fw.units, fw.baseline_year, fw.final_year) == ("f", "测试", "wenzhou", 2022, 2027)
    assert fw.city_sums == ("district",)
    assert fw.near_threshold == 0.95 and type(fw.near_threshold) is float  # params/settings.yaml
    assert [i.id for i in fw.indicators] == ["x"] and type(fw.indicators) is tuple
    assert fw.source == tmp_path / "f.yaml"
    assert fw.assessment.cap == 1.0 and fw.composite.lowest_group == "追赶"  # settings.yaml's blocks


def test_a_framework_files_own_settings(tmp_path):
    fw = load_framework_file(
        write(
            tmp_path,
            id=7,
            name=8,
            units="jinzhou",
            near_threshold=1,
            city_sums="zone",
            assessment={"cap": 1.2},
            composite={"draws": 20},
        )
    )
    assert (fw.id, fw.name, fw.units, fw.near_threshold, fw.city_sums) == ("7", "8", "jinzhou", 1.0, ("zone",))
    assert type(fw.near_threshold) is float
    assert (fw.assessment.cap, fw.composite.draws) == (1.2, 20)
    assert load_framework_file(write(tmp_path, city_sums=["area", "district"])).city_sums == ("area", "district")


@pytest.mark.parametrize("city_sums", [[], ["city"], "reference", ["district", "aggregate"], {"district": 1}, 0])
def test_city_sums_of_the_summed_kinds(tmp_path, city_sums):
    assert refused(tmp_path, city_sums=city_sums) == (
        "city_sums 应为 ('district', 'area', 'zone') 中的一个或几个（计入全市汇总的单位类型）"
    )


def test_the_digest_of_the_file_as_written(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(
        "id: f\nname: 测试\nbaseline_year: 2022\nfinal_year: 2027\nindicators:\n"
        "- {id: x, name: 指标X, unit: 家, formula: {kind: field, field: hitech_enterprises}}\n",
        encoding="utf-8",
    )
    # sha256sum of these bytes, taken with the shell's sha256sum
    assert load_framework_file(path).sha256 == "6e236a48c7d089e01b8c7538b118563fab7efb0920b46c802534db4649b78867"


def test_duplicated_ids_are_listed_once_sorted(tmp_path):
    y = {**X, "id": "y"}
    assert refused(tmp_path, indicators=[y, X, y, X, {**X, "id": "z"}]) == "指标 id 重复：x、y"


def test_a_plans_baseline_year_reaches_each_indicator(tmp_path):
    # formula.since may not be before the plan's baseline year (2022): 2021 is refused, 2022 is not
    since = {**X, "formula": {"kind": "cumulative", "field": "hitech_enterprises", "since": 2021}}
    assert refused(tmp_path, indicators=[since]) == "指标 x: formula.since（2021）早于基期年 baseline_year（2022）"
    since["formula"]["since"] = 2022
    assert load_framework_file(write(tmp_path, indicators=[since])).indicators[0].formula.since == 2022


def test_target_years_within_the_plan_period(tmp_path):
    # (2022, 2027]: the baseline year itself is no target year, the final year is
    ok = {**X, "targets": {2023: 1, 2027: 2}, "unit_targets": {"A1": {2023: 1, 2027: 3}}}
    fw = load_framework_file(write(tmp_path, indicators=[ok]))
    assert [t.year for t in fw.indicators[0].targets] == [2023, 2027]
    for targets, message in [
        ({2022: 1, 2027: 2}, "指标 x targets: 目标年份 [2022] 不在规划期（2022—2027年）内"),
        ({2021: 1, 2028: 2}, "指标 x targets: 目标年份 [2021, 2028] 不在规划期（2022—2027年）内"),
    ]:
        assert refused(tmp_path, indicators=[{**X, "targets": targets}]) == message
    late = {**X, "targets": {2027: 2}, "unit_targets": {"A1": {2027: 1}, "A2": {2028: 1}}}
    assert refused(tmp_path, indicators=[late]) == "指标 x unit_targets.A2: 目标年份 [2028] 不在规划期（2022—2027年）内"
    early = {**X, "unit_targets": {"A1": {2022: 1}}}
    assert (
        refused(tmp_path, indicators=[early]) == "指标 x unit_targets.A1: 目标年份 [2022] 不在规划期（2022—2027年）内"
    )


def test_every_shipped_framework_by_file_name():
    assert [f.id for f in list_frameworks()] == [
        "daluoshan-2022",
        "jinzhou-2020",
        "wenzhou-2027",
        "wenzhou-zcq-2022",
        "xinchang-2025",
    ]


def test_the_assessment_and_composite_rules_of_the_file(tmp_path):
    # their errors name the framework file; a size field is looked up among the fields of params/fields.yaml
    assert refused(tmp_path, assessment={"cap": 2}) == "assessment.cap 应在 1.0 到 1.5 之间，现为 2"
    assert refused(tmp_path, composite={"draws": 5}) == "composite.draws 应在 10 到 100000 之间，现为 5"
    fw = load_framework_file(write(tmp_path, composite={"transforms": {"x": {"per": "hitech_enterprises"}}}))
    assert fw.composite.transforms[0][1].per == "hitech_enterprises"
