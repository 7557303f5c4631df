"""Who may reach the panel and start a kernel, and where its token comes from: the rules, without a server."""

from __future__ import annotations

import os

import pytest

from sti_monitor.app.access import (
    AccessError,
    check_roots,
    read_token,
    resolve_data_dir,
)
from sti_monitor.app.guard import allowed_hosts, host_allowed, opened_by_user

LOCAL = allowed_hosts("127.0.0.1")


@pytest.mark.parametrize(
    "host, allowed",
    [
        ("localhost:8866", True),
        ("127.0.0.1:8866", True),
        ("[::1]:8866", True),
        ("LOCALHOST", True),
        ("127.000.000.001:8866", False),  # not an address's spelling ipaddress accepts: refused, not guessed
        ("evil.example:8866", False),
        ("localhost.evil.example", False),
        ("192.168.1.20:8866", False),
        ("", False),
        (None, False),
    ],
)
def test_only_this_computers_names_are_allowed_by_default(host, allowed):
    assert host_allowed(host, LOCAL) is allowed


def test_the_bound_address_and_allow_host_names_are_added():
    hosts = allowed_hosts("192.168.1.20", ["stats.office.local", " "])
    assert host_allowed("192.168.1.20:8866", hosts) and host_allowed("stats.office.local:8866", hosts)
    assert not host_allowed("192.168.1.21:8866", hosts) and not host_allowed("office.local", hosts)


def test_listening_everywhere_allows_this_computers_own_addresses_only():
    hosts = allowed_hosts("0.0.0.0")
    assert host_allowed("127.0.0.1", hosts) and not host_allowed("evil.example", hosts)
    assert "0.0.0.0" not in hosts


TYPED = {"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "none"}


@pytest.mark.parametrize(
    "headers, opened",
    [
        (TYPED, True),
        ({**TYPED, "Sec-Fetch-Site": "same-origin", "Referer": "http://localhost:8866/"}, True),
        ({}, True),  # curl, an old browser: only the kernel limit applies
        ({**TYPED, "Sec-Fetch-Site": "cross-site"}, False),
        ({**TYPED, "Sec-Fetch-Site": "same-site"}, False),  # another port of localhost is another program
        ({**TYPED, "Sec-Fetch-Dest": "iframe"}, False),
        ({"Sec-Fetch-Dest": "image", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "cross-site"}, False),
        ({"Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin"}, False),  # a fetch
        ({"Referer": "http://evil.example/x.html"}, False),
        ({"Origin": "null"}, False),
    ],
)
def test_a_kernel_only_for_a_page_the_user_opened(headers, opened):
    assert opened_by_user(headers, LOCAL) is opened


def test_a_token_comes_from_a_file_or_the_environment_never_the_command_line(tmp_path):
    with pytest.raises(AccessError, match="不要把访问令牌写在命令行上"):
        read_token("s3cret", None, {})
    env = {"STI_APP_TOKEN": " from-env \n"}
    assert read_token(None, None, env) == ("from-env", False)
    assert env == {}  # removed: kernels and workers do not inherit it
    (tmp_path / "token").write_text("from-file\n", encoding="utf-8")
    assert read_token(None, str(tmp_path / "token"), {"STI_APP_TOKEN": "x"}) == ("from-file", False)
    token, generated = read_token("", None, {})
    assert generated and len(token) >= 24
    assert read_token(None, None, {}) == (None, False)
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    with pytest.raises(AccessError, match="是空的"):
        read_token(None, str(tmp_path / "empty"), {})
    with pytest.raises(AccessError, match="无法读取令牌文件"):
        read_token(None, str(tmp_path / "nowhere"), {})


def test_a_data_folder_holding_a_file_link_leading_outside_is_refused(tmp_path):
    (tmp_path / "data" / "2024").mkdir(parents=True)
    (tmp_path / "secret.xlsx").write_bytes(b"x")
    roots = check_roots([tmp_path / "data"])
    (tmp_path / "data" / "2024" / "inside.xlsx").write_bytes(b"x")
    os.symlink(tmp_path / "data" / "2024" / "inside.xlsx", tmp_path / "data" / "2024" / "alias.xlsx")
    assert resolve_data_dir("2024", roots) == roots[0] / "2024"  # a link inside the roots is fine
    os.symlink(tmp_path / "secret.xlsx", tmp_path / "data" / "2024" / "330302_鹿城区.xlsx")
    with pytest.raises(AccessError, match="有 1 个链接指向允许范围之外（330302_鹿城区.xlsx）"):
        resolve_data_dir("2024", roots)
    with pytest.raises(AccessError, match="链接指向允许范围之外"):
        resolve_data_dir(str(roots[0]), roots)
