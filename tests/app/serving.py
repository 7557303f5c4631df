"""``sti-monitor app`` as a real process for the tests: started on a free port of 127.0.0.1, stopped by SIGTERM,
every process it spawned proven gone."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

SRC = Path(__file__).resolve().parents[2] / "src"
BIN = Path(sys.executable).parent / "sti-monitor"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}


class Server:
    """``sti-monitor app`` in its own session; remembers every process it spawns to prove they all end."""

    def __init__(self, args: list[str], log: Path, timeout: float = 60, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "wb") as sink:  # a file, not a pipe: a full pipe would stall the server
            self.proc = subprocess.Popen(
                [str(BIN), "app", "--port", str(self.port), *args],
                env={**server_env(), **(env or {})},
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.seen: set[psutil.Process] = set()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.log.read_text(encoding='utf-8')}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise AssertionError("server did not start in time")

    def kernels(self) -> list[psutil.Process]:
        """The kernels the server runs now (its children running ipykernel)."""
        self.note_children()
        found = []
        for child in psutil.Process(self.proc.pid).children():
            try:
                if "ipykernel_launcher" in " ".join(child.cmdline()):
                    found.append(child)
            except psutil.Error:
                pass
        return found

    def listening(self) -> set[str]:
        """The addresses the server and its kernels listen on (kernels' ZeroMQ ports included)."""
        addresses = set()
        for proc in [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(recursive=True)]:
            try:
                addresses |= {c.laddr.ip for c in proc.net_connections("inet") if c.status == psutil.CONN_LISTEN}
            except psutil.Error:
                pass
        return addresses

    def note_children(self) -> None:
        try:
            self.seen.update(psutil.Process(self.proc.pid).children(recursive=True))
        except psutil.NoSuchProcess:
            pass

    def stop(self) -> str:
        """SIGTERM, as a service manager would; assert the server and everything it started are gone."""
        self.note_children()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            raise AssertionError("server did not stop on SIGTERM") from None
        out = self.log.read_text(encoding="utf-8")
        print(out)  # shown when a test fails
        _, alive = psutil.wait_procs(list(self.seen), timeout=10)
        for p in alive:
            p.kill()
        assert alive == [], f"left behind: {alive}"
        return out


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect to the login page is an answer, not a page to follow


def http_get(url: str, headers: dict | None = None, timeout: float = 30) -> tuple[int, str, bytes]:
    """Status, content type and body of ``url``, redirects not followed."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(
            urllib.request.Request(url, headers=headers or {}), timeout=timeout
        ) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def digests(folder: Path) -> dict:
    return {
        p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
