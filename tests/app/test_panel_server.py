"""The panel's server on an office network, probed over plain HTTP (no browser): host names, who may start a
kernel and how many, the token, odd paths, and which files are served.

Every server listens on 127.0.0.1 only, every request is bounded in time, and each server is stopped by
the test, which checks that nothing it started is left.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import os
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest
from serving import BIN, Server, free_port, http_get, server_env

pytest.importorskip("voila", reason="the control panel needs the app extra: pip install -e '.[app]'")
from tornado.httpclient import HTTPRequest  # noqa: E402 (tornado comes with the app extra)
from tornado.websocket import websocket_connect  # noqa: E402

pytestmark = [pytest.mark.slow]

EVIL = "evil.example"


def _wait_for(condition, timeout: float = 60, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} not reached in {timeout} s")


def _output_folder(tmp_path: Path) -> Path:
    """An output folder as a run leaves it: reports listed in index.md, and files that are not."""
    year = tmp_path / "reports" / "sample" / "2023"
    year.mkdir(parents=True)
    for name in ("330302_鹿城区.pdf", "330303_龙湾区.pdf", "unlisted.pdf"):
        (year / name).write_bytes(b"%PDF-1.7 " + name.encode())
    (year / "330302_鹿城区.ipynb").write_text('{"cells": [], "data_dir": "/secret/path"}', encoding="utf-8")
    (year / "summary.xlsx").write_bytes(b"PK summary")
    (year / "2023年报告.zip").write_bytes(b"PK zip")
    (year.parent / "2023年报告.zip").write_bytes(b"PK zip beside no index")
    (year / ".hidden.pdf").write_bytes(b"%PDF hidden")
    (tmp_path / "outside.pdf").write_bytes(b"%PDF outside")
    os.symlink(tmp_path / "outside.pdf", year / "link.pdf")
    (year / "index.md").write_text(
        "| 330302 | 鹿城区 | [330302_鹿城区.pdf](330302_鹿城区.pdf) | [ipynb](330302_鹿城区.ipynb) |\n"
        "| 330303 | 龙湾区 | [330303_龙湾区.pdf](330303_龙湾区.pdf) | — |\n"
        "| x | x | [link.pdf](link.pdf) | [.hidden.pdf](.hidden.pdf) |\n\n汇总表：[summary.xlsx](summary.xlsx)\n",
        encoding="utf-8",
    )
    (year.parent / "问题清单.xlsx").write_bytes(b"PK problems")
    return tmp_path / "reports"


@pytest.fixture
def out(tmp_path) -> Path:
    return _output_folder(tmp_path)


@pytest.fixture
def server(tmp_path, out):
    """A server of its own, for a test that counts kernels."""
    server = Server(["--out", str(out)], tmp_path / "server.log")
    yield server
    log = server.stop()
    assert "Traceback" not in log


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One server for the tests that start no kernel (each asserts that none runs)."""
    tmp_path = tmp_path_factory.mktemp("shared")
    server = Server(["--out", str(_output_folder(tmp_path))], tmp_path / "server.log")
    yield server
    log = server.stop()
    assert "Traceback" not in log


def test_a_foreign_host_header_is_refused_everywhere(shared):
    server = shared
    for path in (
        "/",
        "/sti-files/sample/2023/summary.xlsx",
        "/voila/static/voila.js",
        "/api/kernels/x/channels",
        "/login",
        "/nowhere",
    ):
        status, _, body = http_get(
            server.url + path, {"Host": f"{EVIL}:{server.port}", "Origin": f"http://{EVIL}:{server.port}"}
        )
        assert status == 403, path
        assert "拒绝访问：地址栏中的主机名不是控制面板允许的名字" in body.decode("utf-8"), path
        assert b"PK" not in body
    assert server.kernels() == []
    for host in (f"localhost:{server.port}", f"127.0.0.1:{server.port}", f"[::1]:{server.port}"):
        assert http_get(server.url + "/sti-files/sample/2023/summary.xlsx", {"Host": host})[0] == 200, host
    assert server.kernels() == []


def test_a_host_named_with_allow_host_is_served(tmp_path, out):
    server = Server(["--out", str(out), "--allow-host", "stats.office.local"], tmp_path / "server.log")
    try:
        assert (
            http_get(server.url + "/sti-files/sample/2023/summary.xlsx", {"Host": f"stats.office.local:{server.port}"})[
                0
            ]
            == 200
        )
        assert (
            http_get(server.url + "/sti-files/sample/2023/summary.xlsx", {"Host": f"stats.office.local.{EVIL}"})[0]
            == 403
        )
    finally:
        server.stop()


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Dest": "image", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "cross-site"},  # <img src>
        {
            "Sec-Fetch-Dest": "empty",
            "Sec-Fetch-Mode": "cors",
            "Sec-Fetch-Site": "cross-site",
            "Origin": "http://evil.example",
        },
        {"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "cross-site"},
        {
            "Sec-Fetch-Dest": "document",
            "Sec-Fetch-Mode": "navigate",
            "Sec-Fetch-Site": "cross-site",
            "Referer": "http://evil.example/page.html",
        },  # a link on another site
        {"Referer": "http://evil.example/page.html"},  # an older browser
    ],
    ids=["img", "fetch", "iframe", "link", "referer"],
)
def test_a_request_the_user_did_not_make_starts_no_kernel(shared, headers):
    server = shared
    status, _, body = http_get(server.url + "/", headers)
    assert status == 403
    text = body.decode("utf-8")
    assert "只能在浏览器地址栏中直接打开" in text and 'href="/"' in text
    assert server.kernels() == []


def test_a_page_opened_by_the_user_gets_one_kernel_per_browser_session(server):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    typed = {"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "none"}
    with opener.open(urllib.request.Request(server.url + "/", headers=typed), timeout=120) as page:
        html = page.read().decode("utf-8")
    assert "<title>科技创新主要指标监测 · 控制面板</title>" in html and 'lang="zh"' in html
    assert "正在打开控制面板" in html and "Running" not in html
    assert "cdn." not in html and "fontawesome" not in html.lower()
    first = _wait_for(server.kernels, what="a kernel")
    assert len(first) == 1
    with opener.open(
        urllib.request.Request(server.url + "/", headers={**typed, "Sec-Fetch-Site": "same-origin"}), timeout=120
    ) as page:
        page.read()  # the same browser reloads: its kernel is replaced, not added
    second = _wait_for(
        lambda: (k := server.kernels()) and len(k) == 1 and k[0].pid != first[0].pid and k,
        what="the session's kernel replaced",
    )
    assert len(second) == 1


def test_twenty_parallel_requests_start_at_most_the_configured_kernels(server):
    most, done = [0], threading.Event()

    listening: set[str] = set()

    def watch():
        while not done.is_set():
            most[0] = max(most[0], len(server.kernels()))
            listening.update(server.listening())
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(20) as pool:
            answers = list(pool.map(lambda _: http_get(server.url + "/", timeout=150), range(20)))
    finally:
        done.set()
        watcher.join(5)
    statuses = [status for status, _, _ in answers]
    assert time.monotonic() - started < 150
    assert set(statuses) <= {200, 503}, statuses
    assert 1 <= statuses.count(200) <= 4, statuses
    assert statuses.count(503) >= 16
    refused = next(body for status, _, body in answers if status == 503).decode("utf-8")
    assert "控制面板已同时打开 4 个页面（上限 4 个）" in refused
    assert most[0] <= 4 and len(server.kernels()) <= 4
    assert listening == {"127.0.0.1"}  # the server and every kernel it started, on this machine only


@pytest.mark.parametrize(
    "path",
    [
        "/logout",
        "/login",
        "/sti-files/sample/2023/330302_%E9%B9%BF%E5%9F%8E%E5%8C%BA.pdf%00.txt",
        "/%00",
        "/voila/files/%00",
        "/voila/templates/..%2F..%2Fetc%2Fpasswd",
        "/api/kernels",
        "/api/kernels/x",
        "/voila/api/shutdown/x",
        "/a/b/c",
        "/sti-files/",
        "/sti-files/%ff",
        "/favicon.ico",
        "/voila/render/x.ipynb",
        "/voila/tree",
    ],
)
def test_odd_paths_get_an_answer_not_a_server_error(shared, path):
    server = shared
    status, _, body = http_get(server.url + path)
    assert status < 500, (path, status)
    assert b"Traceback" not in body and b"jupyter server list" not in body
    assert server.kernels() == []


@pytest.mark.parametrize(
    "path, expected",
    [
        ("sample/2023/330302_鹿城区.pdf", 200),
        ("sample/2023/330303_龙湾区.pdf", 200),
        ("sample/2023/summary.xlsx", 200),
        ("sample/问题清单.xlsx", 200),
        ("sample/2023/2023年报告.zip", 200),  # the run's reports in one zip
        ("sample/2023年报告.zip", 404),  # no run's index beside it
        ("sample/2023/330302_鹿城区.ipynb", 404),  # a notebook shows absolute data paths
        ("sample/2023/index.md", 404),
        ("sample/2023/unlisted.pdf", 404),  # not in the run's index
        ("sample/2023/.hidden.pdf", 404),
        ("sample/2023/link.pdf", 404),  # listed, but a link leading out of the output folder
        ("sample/2023/../2023/summary.xlsx", 404),
    ],
)
def test_only_the_files_a_run_lists_are_served(shared, path, expected):
    server = shared
    from urllib.parse import quote

    status, _, body = http_get(f"{server.url}/sti-files/{quote(path)}")
    assert status == expected, path
    if expected == 404:
        assert b"%PDF" not in body and b"PK" not in body and "找不到" in body.decode("utf-8")


def test_a_token_on_the_command_line_is_refused(tmp_path):
    run = subprocess.run(
        [str(BIN), "app", "--token", "s3cret", "--port", str(free_port()), "--out", str(tmp_path / "o")],
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "不要把访问令牌写在命令行上" in run.stderr and "STI_APP_TOKEN" in run.stderr


def test_a_token_from_the_environment_guards_the_panel_and_leaves_the_address_bar(tmp_path, out):
    server = Server(["--out", str(out)], tmp_path / "server.log", env={"STI_APP_TOKEN": "s3cret-from-env"})
    try:
        assert "s3cret" not in " ".join(psutil.Process(server.proc.pid).cmdline())
        for path in ("/", "/sti-files/sample/2023/summary.xlsx", "/sti-files/sample/2023/summary.xlsx?token=wrong"):
            status, _, body = http_get(server.url + path)
            assert status in (302, 403) and b"PK" not in body, path
        status, _, body = http_get(server.url + "/login")
        login = body.decode("utf-8")
        assert status == 200 and "访问令牌" in login and "jupyter server list" not in login and "cdn." not in login
        assert http_get(server.url + "/sti-files/sample/2023/summary.xlsx?token=s3cret-from-env")[:2] == (
            200,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

        class Keep(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), Keep)
        try:
            opener.open(server.url + "/?token=s3cret-from-env", timeout=60)
            raise AssertionError("expected a redirect")
        except urllib.error.HTTPError as e:
            assert e.code == 302 and e.headers["Location"] == "/"  # the token leaves the address bar
        with opener.open(server.url + "/", timeout=120) as page:  # the login cookie is enough now
            assert page.status == 200 and "控制面板" in page.read().decode("utf-8")
        kernel = _wait_for(server.kernels, what="a kernel")[0]
        assert "STI_APP_TOKEN" not in kernel.environ()  # the panel's kernel does not inherit the token
    finally:
        server.stop()


def test_a_page_whose_tab_is_gone_has_its_kernel_ended_after_the_idle_time(tmp_path, out):
    """idle_minutes from params/settings.yaml (here 0.1: six seconds): a page fetched and never connected
    (a tab closed at once, a script) gives its kernel back."""
    import shutil

    import yaml

    from sti_monitor.paths import PARAMS_DIR

    params = tmp_path / "params"
    shutil.copytree(PARAMS_DIR, params)
    settings = yaml.safe_load((params / "settings.yaml").read_text(encoding="utf-8"))
    settings["app"] = {"max_kernels": 2, "idle_minutes": 0.1}
    (params / "settings.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    server = Server(["--out", str(out)], tmp_path / "server.log", env={"STI_MONITOR_PARAMS": str(params)})
    try:
        assert http_get(server.url + "/", timeout=120)[0] == 200
        assert len(server.kernels()) == 1
        started = time.monotonic()
        _wait_for(lambda: server.kernels() == [], timeout=60, what="the idle kernel culled")
        assert time.monotonic() - started < 40
        statuses = [http_get(server.url + "/", timeout=120)[0] for _ in range(3)]
        assert statuses == [200, 200, 503]  # max_kernels: 2, from the same file
    finally:
        server.stop()


def test_the_kernel_websocket_leaves_no_english_tornado_warning_in_the_log(server):
    """jupyter_server's ping interval in milliseconds, read by tornado in seconds, made tornado log
    "The websocket_ping_timeout (90000) cannot be longer than …" when the page's websocket opened."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    typed = {"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "none"}
    with opener.open(urllib.request.Request(server.url + "/", headers=typed), timeout=120) as page:
        html = page.read().decode("utf-8")
    [kernel] = set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", html))
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)

    async def first_message():
        url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?session_id={uuid.uuid4()}"
        ws = await websocket_connect(HTTPRequest(url, headers={"Cookie": cookies, "Origin": server.url}))
        try:
            return await asyncio.wait_for(ws.read_message(), 60)
        finally:
            ws.close()

    assert '"msg_type": "status"' in asyncio.run(first_message())  # the kernel answers over the socket
    # the socket's opening, which logged tornado's warning, came before the kernel's first message
    log = server.log.read_text(encoding="utf-8")
    assert "tornado.general" not in log and "websocket_ping_timeout" not in log
    # nor any other English line: not Voilà's INFO lines, not "Notebook app.ipynb is not trusted" (the panel's
    # notebook is signed for the server's life), not the kernel's "running over TCP without encryption" (the
    # page's kernel talks to the server over Unix sockets)
    assert [line for line in log.splitlines() if line.strip()] == [
        f"控制面板已启动：http://localhost:{server.port}/（按 Ctrl-C 停止）"
    ]
