"""The panel in a real browser: ``sti-monitor app`` started as a process, Chromium driven by Selenium.

Skips where Debian's ``chromium`` and ``chromium-driver`` are not installed. Every server listens on
127.0.0.1, is bounded in time and stopped by the test, which then checks that no process it started is left.
Set ``STI_APP_SCREENSHOT=docs/app.png`` to save the README's screenshot (``…_PARTIAL``, ``…_ROUND`` and
``…_UNREPORTED`` for the other runs' last page).
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import time
import urllib.parse

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from serving import BIN, Server, digests, free_port, http_get, server_env

from sti_monitor.paths import SAMPLE_DATA_DIR

pytest.importorskip("voila", reason="the control panel needs the app extra: pip install -e '.[app]'")
webdriver = pytest.importorskip("selenium.webdriver", reason="browser tests need selenium: pip install -e '.[dev]'")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)
pytestmark = [pytest.mark.slow]


@pytest.fixture
def browser(tmp_path):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1200,1400",
        "--lang=zh-CN",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # every request the page makes
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _wait_text(driver, text: str, timeout: float = 60, gone: bool = False) -> None:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(driver, timeout, poll_frequency=0.3).until(
            lambda d: (text in d.find_element("tag name", "body").text) != gone
        )
    except TimeoutException:
        raise AssertionError(
            f"“{text}” did not {'leave' if gone else 'appear in'} the page:\n{driver.find_element('tag name', 'body').text}"
        ) from None


def _requested_hosts(driver) -> set[str]:
    """The hosts of every network URL the browser requested since the last call (not data:, blob:, chrome:…)."""
    import json

    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = urllib.parse.urlsplit(message["params"]["request"]["url"])
            if url.scheme in ("http", "https", "ws", "wss"):
                hosts.add(url.hostname)
    return hosts


def _button(driver, label: str):
    return driver.find_element("xpath", f"//button[contains(., '{label}')]")


def _type_folder(driver, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    field = driver.find_element("css selector", ".sti-data-dir input")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(text, Keys.ENTER)


@needs_chromium
def test_the_panel_checks_renders_and_refuses_in_a_browser(tmp_path, browser):
    sample, broken = tmp_path / "data" / "sample", tmp_path / "data" / "broken"
    shutil.copytree(SAMPLE_DATA_DIR, sample)
    shutil.copytree(SAMPLE_DATA_DIR / "2023", broken)
    (broken / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")
    before = {"sample": digests(sample), "broken": digests(broken)}
    out = tmp_path / "reports"
    server = Server(["--data", str(sample), "--data", str(broken), "--out", str(out)], tmp_path / "server.log")
    try:
        browser.get(server.url + "/")
        _wait_text(browser, "检查数据")
        server.note_children()
        assert browser.title == "科技创新主要指标监测 · 控制面板"
        assert _requested_hosts(browser) == {"127.0.0.1"}  # every asset served by the panel: no CDN

        _button(browser, "检查数据").click()
        _wait_text(browser, "数据检查通过")

        _type_folder(browser, str(broken))
        time.sleep(1)
        _button(browser, "检查数据").click()
        _wait_text(browser, "330303_龙湾区.xlsx（")
        assert "下载问题清单" in browser.page_source

        _type_folder(browser, "/etc")
        _wait_text(browser, "不在允许的范围内")
        _type_folder(browser, "../broken")
        _wait_text(browser, "不允许跳出允许的范围")

        _type_folder(browser, str(sample))
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(browser, 60).until(lambda d: len(d.find_elements("css selector", ".sti-units option")) == 15)
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        options = {o.text.replace("\xa0", " "): o for o in browser.find_elements("css selector", ".sti-units option")}
        ActionChains(browser).click(options["330302 鹿城区"]).key_down(Keys.CONTROL).click(
            options["330303 龙湾区"]
        ).key_up(Keys.CONTROL).perform()
        time.sleep(1)
        _button(browser, "生成报告").click()
        _wait_text(browser, "正在生成 2023 年报告")
        _button(browser, "生成报告").click()
        _wait_text(browser, "正在生成报告，请等待完成后再操作")
        server.note_children()
        _wait_text(browser, "2023年报告：共 2 个单位，生成 2", timeout=120)
        assert browser.page_source.count("已生成 3303") == 2  # a line per unit
        _wait_text(browser, "2023年各单位指标达标情况")
        if os.environ.get("STI_APP_SCREENSHOT"):
            browser.save_screenshot(os.environ["STI_APP_SCREENSHOT"])

        link = browser.find_element("partial link text", "330302 鹿城区.pdf").get_attribute("href")
        status, kind, body = http_get(link)
        assert (status, kind, body[:5]) == (200, "application/pdf", b"%PDF-")
        browser.get(link)  # following the link in the browser reaches the same file, not an error page
        assert "404" not in browser.title and "403" not in browser.title
        summary_link = out / "sample" / "2023" / "summary.xlsx"
        assert summary_link.exists()
        assert http_get(f"{server.url}/sti-files/sample/2023/summary.xlsx")[0] == 200

        # files are served from the output folder only
        assert http_get(f"{server.url}/sti-files/sample/2023/.sti-manifest.json")[0] == 404
        escape = "/sti-files/..%2F..%2Fdata/sample/2023/" + urllib.parse.quote("330302_鹿城区.xlsx")
        assert http_get(server.url + escape)[0] in (403, 404)
        assert http_get(f"{server.url}/sti-files/%2Fetc%2Fpasswd")[0] in (403, 404)
        assert http_get(f"{server.url}/voila/files/app.ipynb")[0] in (403, 404)
    finally:
        log = server.stop()
    assert "Traceback" not in log
    assert "403 POST /voila/api/shutdown" not in log  # leaving the page stopped its kernel
    assert {"sample": digests(sample), "broken": digests(broken)} == before  # inputs never modified


@needs_chromium
def test_a_rejected_workbook_is_named_and_the_rest_rendered_on_purpose(tmp_path, browser):
    data = tmp_path / "data" / "sample"
    shutil.copytree(SAMPLE_DATA_DIR, data)
    (data / "2023" / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")
    server = Server(["--data", str(data), "--out", str(tmp_path / "reports")], tmp_path / "server.log")
    try:
        browser.get(server.url + "/")
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(browser, 60).until(lambda d: len(d.find_elements("css selector", ".sti-units option")) == 15)
        options = {o.text.replace("\xa0", " "): o for o in browser.find_elements("css selector", ".sti-units option")}
        ActionChains(browser).click(options["330302 鹿城区"]).key_down(Keys.CONTROL).click(
            options["330303 龙湾区"]
        ).key_up(Keys.CONTROL).perform()
        time.sleep(1)
        _button(browser, "生成报告").click()
        _wait_text(browser, "数据有误 1 个单位。因此未生成 1 个单位。")
        text = browser.find_element("tag name", "body").text
        assert "缺少文字模板" not in text and "sti-monitor" not in text
        assert "未生成 330302 鹿城区：有单位的数据有误" in text
        assert "数据有误 330303 龙湾区：2023/330303_龙湾区.xlsx 有错误" in text
        assert not list((tmp_path / "reports").rglob("*.pdf"))

        _button(browser, "生成其余单位").click()
        _wait_text(browser, "以下单位不会有报告：330303 龙湾区")
        _button(browser, "确定，生成其余单位").click()
        _wait_text(browser, "2023年报告：共 2 个单位，生成 1，沿用 0，失败 0", timeout=180)
        assert "已生成 330302 鹿城区" in browser.find_element("tag name", "body").text
        assert [p.name for p in (tmp_path / "reports").rglob("*.pdf")] == ["330302_鹿城区.pdf"]
        browser.find_element("partial link text", "330302 鹿城区.pdf")
        if os.environ.get("STI_APP_SCREENSHOT_PARTIAL"):
            browser.save_screenshot(os.environ["STI_APP_SCREENSHOT_PARTIAL"])
    finally:
        log = server.stop()
    assert "Traceback" not in log


@needs_chromium
def test_another_sites_page_starts_no_kernel_and_a_reload_keeps_one(tmp_path, browser):
    """A page on another origin (localhost on another port: cross-site to 127.0.0.1) embeds the panel
    as an image, a frame and a fetch; the browser's own headers tell the panel not to start a kernel."""
    import http.server

    server = Server(["--out", str(tmp_path / "reports")], tmp_path / "server.log")
    evil_page = (
        f'<img src="{server.url}/"><img src="{server.url}/?x=1"><iframe src="{server.url}/"></iframe>'
        f'<script>fetch("{server.url}/", {{mode: "no-cors"}}).then(() => document.title = "fetched")</script>'
    )
    (tmp_path / "evil").mkdir()
    (tmp_path / "evil" / "index.html").write_text(evil_page, encoding="utf-8")

    def handler(*a, **k):
        return http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path / "evil"), **k)

    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    import threading

    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://localhost:{evil.server_address[1]}/")
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(browser, 30).until(lambda d: d.title == "fetched")
        time.sleep(2)  # what the page started would show as a kernel process by now
        assert server.kernels() == []

        browser.get(server.url + "/")
        _wait_text(browser, "检查数据")
        first = server.kernels()
        assert len(first) == 1
        browser.refresh()
        _wait_text(browser, "检查数据")
        deadline = time.monotonic() + 30
        while (
            time.monotonic() < deadline
            and [k.pid for k in server.kernels()] in ([], [first[0].pid])
            or len(server.kernels()) > 1
        ):
            time.sleep(0.3)
        assert len(server.kernels()) == 1 and server.kernels()[0].pid != first[0].pid  # replaced, not added
    finally:
        evil.shutdown()
        log = server.stop()
    assert "Traceback" not in log


@needs_chromium
def test_a_yearly_round_upload_check_render_download_and_preview(tmp_path, browser):
    import io
    import zipfile

    data = tmp_path / "data" / "wenzhou"
    shutil.copytree(SAMPLE_DATA_DIR, data)
    sent = tmp_path / "sent" / "330302_鹿城区.xlsx"  # the district's workbook, as received by mail
    sent.parent.mkdir()
    shutil.move(data / "2023" / "330302_鹿城区.xlsx", sent)
    (tmp_path / "sent" / "说明.pdf").write_bytes(b"%PDF-1.7 not a workbook")
    out = tmp_path / "reports"
    server = Server(["--data", str(data), "--out", str(out)], tmp_path / "server.log")
    try:
        browser.get(server.url + "/")
        _wait_text(browser, "上传各县（市、区）报表")
        year = browser.find_element("css selector", ".sti-upload-year input")
        year.send_keys(Keys.CONTROL, "a")
        year.send_keys("2023", Keys.TAB)
        # the statistician drags both files from the mail folder onto the upload row
        files = [(p.name, base64.b64encode(p.read_bytes()).decode()) for p in (sent, tmp_path / "sent" / "说明.pdf")]
        browser.execute_script(
            """
            const transfer = new DataTransfer();
            for (const [name, data] of arguments[0]) {
                const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
                transfer.items.add(new File([bytes], name));
            }
            const row = document.querySelector(".sti-upload-row");
            row.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true, cancelable: true}));
            row.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
            """,
            files,
        )
        _wait_text(browser, "选择文件 (2)")
        _button(browser, "上传").click()
        _wait_text(browser, "330302_鹿城区.xlsx：已保存")
        _wait_text(browser, "说明.pdf：未保存，只接受报表文件")
        assert (data / "2023" / "330302_鹿城区.xlsx").read_bytes() == sent.read_bytes()
        assert not (data / "2023" / "说明.pdf").exists()

        _button(browser, "检查数据").click()
        _wait_text(browser, "数据检查通过")
        WebDriverWait(browser, 60).until(lambda d: len(d.find_elements("css selector", ".sti-units option")) == 15)
        options = {o.text.replace("\xa0", " "): o for o in browser.find_elements("css selector", ".sti-units option")}
        ActionChains(browser).click(options["330302 鹿城区"]).key_down(Keys.CONTROL).click(
            options["330304 瓯海区"]
        ).key_up(Keys.CONTROL).perform()
        time.sleep(1)
        _button(browser, "生成报告").click()
        _wait_text(browser, "2023年报告：共 2 个单位，生成 2", timeout=180)
        assert "2 / 2" in browser.find_element("css selector", ".sti-progress").text

        link = browser.find_element("partial link text", "下载全部报告（2023年报告.zip）").get_attribute("href")
        status, kind, body = http_get(link)
        assert status == 200 and kind == "application/zip"
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            assert sorted(archive.namelist()) == ["330302_鹿城区.pdf", "330304_瓯海区.pdf", "summary.xlsx"]
            assert archive.read("330302_鹿城区.pdf")[:5] == b"%PDF-"

        choice = browser.find_element("css selector", ".sti-preview select")
        from selenium.webdriver.support.ui import Select

        Select(choice).select_by_visible_text("330304 瓯海区")
        frame = WebDriverWait(browser, 30).until(
            lambda d: d.find_elements("css selector", ".sti-preview-frame iframe")
        )[0]
        src = frame.get_attribute("src")
        assert "/sti-files/wenzhou/2023/330304_" in src and src.endswith("#page=1&view=FitH")
        assert http_get(src.split("#")[0])[:2] == (200, "application/pdf")
        if os.environ.get("STI_APP_SCREENSHOT_ROUND"):
            browser.save_screenshot(os.environ["STI_APP_SCREENSHOT_ROUND"])
    finally:
        log = server.stop()
    assert "Traceback" not in log


@needs_chromium
def test_a_value_far_outside_its_range_is_confirmed_only_with_the_tick_and_can_be_undone(tmp_path, browser):
    import openpyxl
    import yaml

    data = tmp_path / "data" / "sample"
    shutil.copytree(SAMPLE_DATA_DIR, data)
    book = openpyxl.load_workbook(data / "2023" / "330302_鹿城区.xlsx")
    book["数据"]["D5"] = 1189090  # GDP in 万元 where 亿元 is asked: 1,189,090 亿元
    book.save(data / "2023" / "330302_鹿城区.xlsx")
    server = Server(["--data", str(data), "--out", str(tmp_path / "reports")], tmp_path / "server.log")
    try:
        browser.get(server.url + "/")
        _wait_text(browser, "检查数据")
        _button(browser, "检查数据").click()
        _wait_text(browser, "数值 1,189,090亿元；合理范围 5～50000亿元；上年 1120亿元")
        assert len(browser.find_elements("css selector", ".sti-doubt")) == 1  # two checks, one cell, one row
        browser.find_element("css selector", ".sti-confirmer input").send_keys("王统计")
        browser.find_element("css selector", ".sti-doubt input[type=text]").send_keys("经核实无误", Keys.TAB)
        time.sleep(0.5)
        _button(browser, "确认").click()
        _wait_text(browser, "核实后请勾选“值已核实，确认无误”再确认")
        assert not (data / "确认.yaml").exists()
        browser.find_element("css selector", ".sti-doubt input[type=checkbox]").click()
        time.sleep(0.5)
        _button(browser, "确认").click()
        _wait_text(browser, "本数据目录已确认的数值")
        _wait_text(browser, "330302 鹿城区 地区生产总值 2023年 = 1,189,090亿元：经核实无误（王统计（")
        _button(browser, "撤销").click()
        _wait_text(browser, "已撤销 330302 鹿城区 地区生产总值 2023 年的确认")
        log = yaml.safe_load((data / "确认.yaml").read_text(encoding="utf-8"))
        assert log["confirmations"] == [] and [h["action"] for h in log["history"]] == ["确认", "撤销"]
    finally:
        server.stop()


@needs_chromium
def test_the_page_says_when_its_kernel_or_the_server_is_gone(tmp_path, browser):
    server = Server(["--out", str(tmp_path / "reports")], tmp_path / "server.log")
    stopped = False
    try:
        browser.get(server.url + "/")
        _wait_text(browser, "检查数据")
        first = browser.current_window_handle
        browser.switch_to.new_window("tab")  # the same browser opens the panel again: the first page's kernel ends
        browser.get(server.url + "/")
        _wait_text(browser, "检查数据")
        browser.switch_to.window(first)
        _wait_text(browser, "本页与控制面板的连接已结束", timeout=30)
        browser.switch_to.window(next(h for h in browser.window_handles if h != first))
        assert "连接已结束" not in browser.find_element("tag name", "body").text
        server.stop()
        stopped = True
        _wait_text(browser, "无法连接控制面板", timeout=30)
    finally:
        if not stopped:
            server.stop()


def test_an_open_host_without_a_token_is_refused(tmp_path):
    port = free_port()
    run = subprocess.run(
        [str(BIN), "app", "--host", "0.0.0.0", "--port", str(port), "--out", str(tmp_path / "o")],
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1
    assert "必须设置访问令牌" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "o").exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_a_missing_data_root_is_refused(tmp_path):
    run = subprocess.run(
        [str(BIN), "app", "--data", str(tmp_path / "nowhere"), "--port", str(free_port())],
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1 and "不存在" in run.stderr and "Traceback" not in run.stderr


def test_a_port_already_taken_is_refused_in_chinese(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [str(BIN), "app", "--port", str(port), "--out", str(tmp_path / "o")],
            env=server_env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert run.returncode == 1
    assert f"端口 {port} 已被占用" in run.stderr and "Traceback" not in run.stderr


@needs_chromium
def test_a_district_that_has_not_sent_is_named_first_and_the_rest_rendered_on_purpose(tmp_path, browser):
    data = tmp_path / "data" / "sample"
    shutil.copytree(SAMPLE_DATA_DIR, data)
    (data / "2023" / "330328_文成县.xlsx").unlink()
    (data / "2023" / "330303_龙湾区.xlsx").write_bytes(b"not a workbook")  # a problem that must come after
    out = tmp_path / "reports"
    server = Server(["--data", str(data), "--out", str(out)], tmp_path / "server.log")
    try:
        browser.get(server.url + "/")
        _wait_text(browser, "检查数据")
        _button(browser, "检查数据").click()
        _wait_text(browser, "文成县（330328）未报送：没有 2023 年的工作簿", timeout=180)
        text = browser.find_element("tag name", "body").text
        assert "数据检查通过" not in text
        assert text.index("文成县（330328）未报送") < text.index("330303_龙湾区.xlsx（")

        (data / "2023" / "330303_龙湾区.xlsx").write_bytes(
            (SAMPLE_DATA_DIR / "2023" / "330303_龙湾区.xlsx").read_bytes()
        )
        WebDriverWait(browser, 60).until(lambda d: len(d.find_elements("css selector", ".sti-units option")) == 15)
        options = {o.text.replace("\xa0", " "): o for o in browser.find_elements("css selector", ".sti-units option")}
        # 鹿城区 (first in the list, in view), then 温州市 (last: scrolled into the list's view first, since a
        # pointer action does not scroll and would land on whichever option is under it)
        ActionChains(browser).click(options["330302 鹿城区"]).perform()
        browser.execute_script("arguments[0].scrollIntoView({block: 'nearest'})", options["330300 温州市"])
        ActionChains(browser).key_down(Keys.CONTROL).click(options["330300 温州市"]).key_up(Keys.CONTROL).perform()
        WebDriverWait(browser, 10).until(
            lambda d: options["330302 鹿城区"].is_selected() and options["330300 温州市"].is_selected()
        )
        time.sleep(1)  # the widget sends the selection to its kernel
        _button(browser, "生成报告").click()
        _wait_text(browser, "未报送 1 个单位。因此未生成 2 个单位。", timeout=180)
        text = browser.find_element("tag name", "body").text
        assert "未报送 330328 文成县：" in text
        assert "未生成 330300 温州市：有单位的数据有误或未报送" in text
        assert "有 1 个单位的数据有误或未报送" in text
        assert not list(out.rglob("*.pdf"))

        _button(browser, "生成其余单位").click()
        _wait_text(browser, "以下单位不会有报告：330328 文成县", timeout=120)
        _button(browser, "确定，生成其余单位").click()
        _wait_text(browser, "2023年报告：共 3 个单位，生成 2，沿用 0，失败 0", timeout=300)
        text = browser.find_element("tag name", "body").text
        assert "已生成 330302 鹿城区" in text
        city = next(line for line in text.splitlines() if line.startswith("已生成 330300 温州市"))
        assert "文成县未报送，报告中按未报送列出" in city
        rows = [r.text for r in browser.find_elements("css selector", ".sti-status tr")]
        assert "文成县 未报送" in rows  # in the status table once, not 无数据 in every column
        assert sorted(p.name for p in out.rglob("*.pdf")) == ["330300_温州市.pdf", "330302_鹿城区.pdf"]
        if os.environ.get("STI_APP_SCREENSHOT_UNREPORTED"):
            browser.save_screenshot(os.environ["STI_APP_SCREENSHOT_UNREPORTED"])
    finally:
        log = server.stop()
    assert "Traceback" not in log
