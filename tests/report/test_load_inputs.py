"""What an executed notebook does with the inputs its batch recorded: the cache while nothing changed,
a recomputation that names what changed otherwise, and no re-hashing inside the batch itself."""

import json
import os
import pickle

import openpyxl
import pytest

from sti_monitor.batch.inputs import unit_inputs
from sti_monitor.ingest.panel import files_of_units, input_files, inputs_digest
from sti_monitor.measure import evaluate
from sti_monitor.report import loading


@pytest.fixture
def batch(sample_copy, tmp_path):
    """The sample as a batch leaves it: its results cached, each unit's inputs as its notebook records them."""
    results = evaluate(sample_copy)
    cache = tmp_path / "results.pkl"
    cache.write_bytes(pickle.dumps(results))
    yield sample_copy, cache, unit_inputs(results, input_files(sample_copy))
    loading.trust_batch(None, None)


def _revise(path):
    """A plausible revision of one value (GDP of the workbook's last year)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) and c.value > 100)
    cell.value = round(cell.value * 1.01, 2)
    wb.save(path)


def test_a_district_records_its_own_file_and_one_digest_of_all(batch):
    data, _, inputs = batch
    lucheng = inputs["330302"]
    own = [name for name in lucheng["files"] if name.endswith(".xlsx") and "330302" in name]
    assert own and all("330303" not in name for name in lucheng["files"])  # not the other districts' files
    assert lucheng["all"] == inputs_digest(input_files(data))
    city = inputs["330300"]  # the city's numbers come from every district
    assert set(lucheng["files"]) < set(city["files"])


def test_unchanged_inputs_load_the_cache(batch, capsys):
    data, cache, inputs = batch
    results = loading.load(str(data), "wenzhou-2027", str(cache), json.dumps(inputs["330302"]))
    assert capsys.readouterr().out == ""
    assert results.table.equals(pickle.loads(cache.read_bytes()).table)


def test_a_changed_own_file_is_named_and_the_report_recomputed(batch, capsys):
    data, cache, inputs = batch
    name = next(n for n in inputs["330302"]["files"] if "330302" in n)
    _revise(data / name)
    loading.load(str(data), "wenzhou-2027", str(cache), json.dumps(inputs["330302"]))
    assert (
        capsys.readouterr().out
        == f"注意：本报告生成后输入数据已变化（{name}），以下内容按 {data} 中的现有数据重新计算。\n"
    )


def test_another_units_change_is_said_too(batch, capsys):
    data, cache, inputs = batch
    other = next(n for n in inputs["330300"]["files"] if "330303" in n)
    _revise(data / other)
    loading.load(str(data), "wenzhou-2027", str(cache), json.dumps(inputs["330302"]))
    assert (
        capsys.readouterr().out
        == f"注意：本报告生成后输入数据已变化（其他单位的数据文件），以下内容按 {data} 中的现有数据重新计算。\n"
    )


def test_inside_its_batch_a_kernel_trusts_the_snapshot(batch, capsys):
    data, cache, inputs = batch
    text = json.dumps(inputs["330302"])
    _revise(data / next(n for n in inputs["330302"]["files"] if "330302" in n))
    loading.trust_batch(str(cache), text)
    loading.load(str(data), "wenzhou-2027", str(cache), text)  # the batch's one snapshot: no recomputation
    assert capsys.readouterr().out == ""
    loading.trust_batch(str(cache), text + " ")  # another batch's inputs: checked
    loading.load(str(data), "wenzhou-2027", str(cache), text)
    assert "输入数据已变化" in capsys.readouterr().out


def test_a_snapshot_is_an_object_a_caller_may_pass(batch, capsys):
    data, cache, inputs = batch
    text = json.dumps(inputs["330302"])
    _revise(data / next(n for n in inputs["330302"]["files"] if "330302" in n))
    mine = loading.BatchSnapshot()
    mine.trust(str(cache), text)
    loading.load(str(data), "wenzhou-2027", str(cache), text, snapshot=mine)
    assert capsys.readouterr().out == ""
    assert not loading.BATCH.covers(str(cache), text)  # the process's own snapshot was not touched
    mine.trust(None, text)  # no results file: trust nothing
    loading.load(str(data), "wenzhou-2027", str(cache), text, snapshot=mine)
    assert "输入数据已变化" in capsys.readouterr().out


def test_a_file_is_hashed_again_only_when_it_changed(sample_copy):
    first = input_files(sample_copy)
    path = next(p for p in sample_copy.rglob("*.xlsx"))
    name = path.relative_to(sample_copy).as_posix()
    path.write_bytes(path.read_bytes() + b"\0")  # same name, new content (and size)
    assert input_files(sample_copy)[name] != first[name]
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same times: still the new digest
    assert input_files(sample_copy)[name] == input_files(sample_copy)[name] != first[name]


def test_files_of_no_unit_go_to_every_report(sample_copy):
    results = evaluate(sample_copy)
    owned = files_of_units(results.dataset, input_files(sample_copy))
    assert "units.yaml" in owned[""] or not (sample_copy / "units.yaml").exists()
    assert any("任务表" in name for name in owned[""])


def test_a_report_recomputed_later_uses_the_folders_up_to_its_year(sample_copy):
    """A notebook of 2023 re-executed after the 2024 folder arrived computes what the 2023 batch did."""
    before = evaluate(sample_copy).year_table(2023)
    later = sample_copy / "2024"
    later.mkdir()
    book = openpyxl.load_workbook(sample_copy / "2023" / "330302_鹿城区.xlsx")
    ws = book["数据"]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "2023年":
                cell.value = "2024年"
    book.save(later / "330302_鹿城区.xlsx")
    assert 2024 in evaluate(sample_copy).years  # the precondition: the later folder is read when not told
    results = loading.load(sample_copy, until=2023)
    assert 2024 not in results.years
    assert results.year_table(2023)["value"].tolist() == before["value"].tolist()
