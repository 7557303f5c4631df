"""Faults an operator meets: odd file and unit names, outputs others must read, an audit trail
that reproduces its report, rejected districts, unwritable outputs, interrupts. Real processes."""

import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys

import openpyxl
import pytest
from polling import wait_for

from sti_monitor.tools.synth import make_synthetic

pytestmark = pytest.mark.slow

LONG_NAME = "温州市" * 30  # 90 characters, 270 bytes: too long for a file name as it is
GBK_NAME = b"900002_\xba\xcf\xb3\xc9\xcf\xd8.xlsx"  # 900002_合成县.xlsx, as a Windows zip stores it


def run_cli(*args, tmpdir, cwd=None, umask=0o022, timeout=300):
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    return subprocess.run(
        [sys.executable, "-m", "sti_monitor", *map(str, args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        preexec_fn=lambda: os.umask(umask),
    )


def set_identity_name(path, name):
    wb = openpyxl.load_workbook(path)
    wb["数据"]["D2"] = name
    wb.save(path)


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    """Two districts: one with a 90-character name in a file named with a control character, one
    in a file named in GBK bytes; rendered once by the command line with umask 022."""
    base = tmp_path_factory.mktemp("odd")
    data = make_synthetic(2, base / "data")
    units = (data / "units.yaml").read_text(encoding="utf-8").replace("name: 合成县0001", f"name: {LONG_NAME}")
    (data / "units.yaml").write_text(units, encoding="utf-8")
    set_identity_name(data / "900001_合成县0001.xlsx", LONG_NAME)
    os.rename(data / "900001_合成县0001.xlsx", data / "900001_\x01.xlsx")
    os.rename(os.fsencode(data / "900002_合成县0002.xlsx"), os.path.join(os.fsencode(data), GBK_NAME))
    tmpdir = base / "tmp"
    tmpdir.mkdir()
    proc = run_cli("render", data, "--out", base / "out", "--workers", "2", "-q", tmpdir=tmpdir)
    return {"data": data, "out": base / "out" / "2023", "proc": proc, "tmpdir": tmpdir, "base": base}


def test_odd_names_never_abort_a_batch(odd):
    # the precondition: the workbooks carry the odd names (a control character, GBK bytes)
    assert {b"900001_\x01.xlsx", GBK_NAME} <= set(os.listdir(os.fsencode(odd["data"])))
    proc = odd["proc"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in odd["out"].glob("*.pdf")) == [
        "900000_合成市.pdf",
        "900001_温州市温州市温州市温州市温州市温州市温州.pdf",
        "900002_合成县0002.pdf",
    ]
    sources = openpyxl.load_workbook(odd["out"] / "summary.xlsx")["数据来源"]
    assert sorted(row[0] for row in sources.iter_rows(min_row=2, values_only=True)) == [
        "900001_\\x01.xlsx",
        "900002_\\xbaϳ\\xc9\\xcf\\xd8.xlsx",
    ]  # bytes that are not UTF-8 escaped


def test_outputs_are_readable_by_others_and_tmpdir_is_left_clean(odd):
    files = [p for p in odd["out"].rglob("*") if p.is_file()]
    assert len(files) >= 9  # 3 PDFs, 3 notebooks, summary.xlsx, index.md, manifest, results cache
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {"0o644"}
    assert list(odd["tmpdir"].iterdir()) == []


def _pdf_text(path):
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\d{4}年\d{1,2}月\d{1,2}日", "DATE", text)


def _papermill(src, dst, cwd, tmpdir):
    return subprocess.run(
        [sys.executable, "-m", "papermill", str(src), str(dst), "--no-progress-bar"],
        cwd=cwd,
        env={**os.environ, "TMPDIR": str(tmpdir)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_executed_notebook_reproduces_its_report_elsewhere(odd, tmp_path):
    """The cache is gone: the notebook recomputes from the data directory it recorded."""
    executed = odd["out"] / "900002_合成县0002.ipynb"
    params = next(
        c
        for c in json.loads(executed.read_text(encoding="utf-8"))["cells"]
        if "injected-parameters" in c["metadata"].get("tags", [])
    )
    source = "".join(params["source"])
    assert f'data_dir = "{odd["data"]}"' in source and 'unit_code = "900002"' in source
    assert 'framework = "wenzhou-2027"' in source and "year = 2023" in source
    recorded = {}
    exec(source, {}, recorded)  # the parameters are plain literals
    inputs = json.loads(recorded["inputs"])["files"]  # JSON text: the SHA-256 of each file this unit reads
    assert inputs["units.yaml"] == hashlib.sha256((odd["data"] / "units.yaml").read_bytes()).hexdigest()
    copy = tmp_path / "elsewhere"
    copy.mkdir()
    shutil.copy(executed, copy / "report.ipynb")
    cache = odd["out"] / ".sti-cache"
    shutil.move(cache, tmp_path / "cache-aside")
    try:
        assert not cache.exists()  # the precondition: the notebook cannot load the batch's results
        proc = _papermill(copy / "report.ipynb", copy / "again.ipynb", copy, tmp_path)
    finally:
        shutil.move(tmp_path / "cache-aside", cache)
    assert proc.returncode == 0, proc.stderr[-2000:]
    proc = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "sti_pdf", "again.ipynb"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _pdf_text(copy / "again.pdf") == _pdf_text(odd["out"] / "900002_合成县0002.pdf")


def test_executed_notebook_says_when_its_inputs_changed(odd, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(odd["data"], data)
    nb = (odd["out"] / "900000_合成市.ipynb").read_text(encoding="utf-8")
    (tmp_path / "report.ipynb").write_text(nb.replace(json.dumps(str(odd["data"]))[1:-1], str(data)), encoding="utf-8")
    wb_path = data / "900001_\x01.xlsx"
    wb = openpyxl.load_workbook(wb_path)
    wb["数据"]["F5"] = round(wb["数据"]["F5"].value * 1.1, 2)  # gdp 2023, a plausible revision
    wb.save(wb_path)
    proc = _papermill(tmp_path / "report.ipynb", tmp_path / "again.ipynb", tmp_path, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    cells = json.loads((tmp_path / "again.ipynb").read_text(encoding="utf-8"))["cells"]
    first = next(o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", []))
    assert (
        "".join(first["text"])
        == f"注意：本报告生成后输入数据已变化（900001_\\x01.xlsx），以下内容按 {data} 中的现有数据重新计算。\n"
    )


def test_rejected_district_is_not_rendered_unless_partial_is_allowed(tmp_path):
    data = make_synthetic(3, tmp_path / "data")
    (data / "900002_合成县0002.xlsx").write_bytes(b"not a workbook")
    (data / "900003_合成县0003.xlsx").unlink()
    (data / "900003_合成县0003.xlsx").symlink_to("/proc/self/mem")  # a file whose reading fails (EIO), even for root
    with pytest.raises(OSError):  # the precondition
        (data / "900003_合成县0003.xlsx").read_bytes()
    proc = run_cli("render", data, "--out", tmp_path / "out", "-q", "--workers", "1", tmpdir=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (
        "900002_合成县0002.xlsx\n  [错误] 无法打开，不是有效的 Excel 工作簿：文件内容是纯文本。" in proc.stdout
    )  # as validate lists it
    assert "数据有误 900002 合成县0002：900002_合成县0002.xlsx 有错误，未生成报告：无法打开" in proc.stdout
    # a link leading outside the data directory is refused, not read (issue 21)
    assert "900003_合成县0003.xlsx\n  [错误] 链接指向数据目录之外（" in proc.stdout
    assert (
        "  未生成  900001 合成县0001、900000 合成市：有县（市、区）的数据被拒绝或未报送，本次未生成任何报告"
        in proc.stdout
    )
    assert list((tmp_path / "out" / "2023").glob("*.pdf")) == []
    (data / "900003_合成县0003.xlsx").unlink()
    (data / "900003_合成县0003.xlsx").write_bytes(b"")
    proc = run_cli(
        "render", data, "--out", tmp_path / "out", "-q", "--workers", "1", "--allow-partial", tmpdir=tmp_path
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "2023").glob("*.pdf")) == [
        "900000_合成市.pdf",
        "900001_合成县0001.pdf",
    ]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("sti-")] == []


def test_unwritable_output_is_a_chinese_error_before_any_work(tmp_path):
    data = make_synthetic(1, tmp_path / "data")
    (tmp_path / "a-file").write_text("x")
    assert (tmp_path / "a-file").is_file()  # the precondition: a file where a folder must be made
    for command in (
        ["render", data, "--out", tmp_path / "a-file" / "reports"],
        ["indicators", data, "--out", tmp_path / "a-file" / "out.csv"],
    ):
        proc = run_cli(*command, tmpdir=tmp_path)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert proc.stderr.startswith(f"错误：无法写入输出目录 {tmp_path / 'a-file'}"), proc.stderr
    proc = run_cli("indicators", data, "--out", tmp_path, tmpdir=tmp_path)
    assert proc.returncode == 1 and proc.stderr.startswith(f"错误：--out 指向的是文件夹 {tmp_path}："), proc.stderr


def test_read_only_output_folder(tmp_path):
    """A real read-only file system (a tmpfs mounted read-only; needs root)."""
    ro = tmp_path / "ro"
    ro.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(ro)], capture_output=True).returncode:
        pytest.skip("cannot mount a read-only tmpfs here (needs root and mount)")
    try:
        with pytest.raises(OSError):  # the precondition: nothing can be written there
            (ro / "probe").write_text("x")
        data = make_synthetic(1, tmp_path / "data")
        proc = run_cli("render", data, "--out", ro / "reports", tmpdir=tmp_path)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert (
            proc.stderr
            == f"错误：无法写入输出目录 {ro / 'reports'}：所在的文件系统是只读的。请改用可写的文件夹（--out），或检查权限与磁盘空间\n"
        )
    finally:
        subprocess.run(["umount", str(ro)])


def test_ctrl_c_with_one_worker_prints_no_traceback_and_leaves_no_temp_file(tmp_path):
    data = make_synthetic(3, tmp_path / "data")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out = tmp_path / "out" / "2023"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sti_monitor",
            "render",
            str(data),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "1",
            "-q",
        ],
        env={**os.environ, "TMPDIR": str(tmpdir)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: list(out.glob("*.pdf")), timeout=120)
    assert list(out.glob("*.pdf")), "nothing rendered in time"
    # the interrupt comes mid-way: the run goes on, and reports are left to render (4: 3 districts, the city)
    assert proc.poll() is None and len(list(out.glob("*.pdf"))) < 4, "the run ended before the interrupt"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in stderr, stderr
    wait_for(
        lambda: not list(tmpdir.iterdir()), timeout=5
    )  # the kernel, if it outlived the parent, notices within 0.2 s
    assert list(tmpdir.iterdir()) == []
    assert [p.name for p in out.iterdir() if ".tmp" in p.name] == []
