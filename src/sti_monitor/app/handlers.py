"""The server's request handlers around Voilà: the host check, the page (and its kernel), the output files.

Imported by :mod:`.voila_app`, which :mod:`.server` imports only once Voilà is known to be installed.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from pathlib import Path

from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from ..errors import StiMonitorError
from ..report.wording import say
from .bundle import bundle_name
from .guard import host_allowed, opened_by_user
from .panel import PROBLEM_BOOK
from .runlock import ENV_CLIENT

logger = logging.getLogger(__name__)

SESSION_COOKIE = "sti_panel_session"
#: Links to reports in a run's ``index.md``: ``[330302_鹿城区.pdf](330302_鹿城区.pdf)``.
INDEX_LINK = re.compile(r"\]\(([^()/\\]+\.(?:pdf|xlsx))\)")
INDEX = "index.md"


def http_words(code: int) -> str:
    """What an error page says, in Chinese, for HTTP status ``code``."""
    try:
        return say(f"app_http_{code}")
    except StiMonitorError:
        return say("app_http_other", code=code)


class Refusal(web.HTTPError):
    """Raised when the panel refuses a request on purpose; ``words`` say why, in Chinese, on the error page."""

    def __init__(self, status: int, words: str, link: str | None = None):
        super().__init__(status)
        self.words, self.link = words, link


class ForeignHostHandler(web.RequestHandler):
    """Every request whose ``Host`` is not this computer's (or allowed by ``--allow-host``): 403, nothing else."""

    def prepare(self):
        logger.warning("refused a request for host %r from %s", self.request.host, self.request.remote_ip)
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish(say("app_http_foreign_host"))


class GuardedApplication(web.Application):
    """Tornado's application, refusing before any handler runs a request for a foreign host name
    (DNS rebinding: a page elsewhere whose name now points here)."""

    def find_handler(self, request, **kwargs):
        if not host_allowed(request.host, self.settings["sti_hosts"]):
            return self.get_handler_delegate(request, ForeignHostHandler)
        return super().find_handler(request, **kwargs)


class KernelBudget:
    """At most ``limit`` kernels at once, counting those starting; one per browser session
    (a reload or a second tab of the same browser replaces the session's kernel)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.starting = 0
        self.sessions: dict[str, str] = {}

    async def start(self, manager, session: str, **kwargs) -> str:
        old = self.sessions.pop(session, None)
        if old is not None and old in manager.list_kernel_ids():
            await manager.shutdown_kernel(old)
        if len(manager.list_kernel_ids()) + self.starting >= self.limit:
            raise Refusal(503, say("app_too_many_pages", n=self.limit))
        self.starting += 1
        try:
            kernel_id = await manager.start_kernel(**kwargs)
        finally:
            self.starting -= 1
        live = set(manager.list_kernel_ids())  # sessions whose kernel ended (culled, closed) are forgotten
        self.sessions = {s: k for s, k in self.sessions.items() if k in live}
        self.sessions[session] = kernel_id
        return kernel_id


class _BudgetedManager:
    """The kernel manager as one page request sees it: ``start_kernel`` goes through the budget."""

    def __init__(self, manager, budget: KernelBudget, session: str, client: str):
        self._manager, self._budget, self._session, self._client = manager, budget, session, client

    def __getattr__(self, name):
        return getattr(self._manager, name)

    async def start_kernel(self, **kwargs):
        kwargs["env"] = {**kwargs.get("env", {}), ENV_CLIENT: self._client}  # who opened the page, for a busy message
        return await self._budget.start(self._manager, self._session, **kwargs)


def browser_name(user_agent: str) -> str:
    """A browser's everyday name from its User-Agent (Edge, Chrome, Firefox, Safari), or "浏览器"."""
    for token, name in (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")):
        if token in user_agent:
            return name
    return say("app_browser")


class PanelPageHandler(TornadoVoilaHandler):
    """The panel's page: only at the root, only for a page the user opened, within the kernel budget."""

    @property
    def kernel_manager(self):
        session = getattr(self, "_sti_session", None)
        manager = self.settings["kernel_manager"]
        if session is None:
            return manager
        client = say(
            "app_client",
            address=self.request.remote_ip,
            browser=browser_name(self.request.headers.get("User-Agent", "")),
        )
        return _BudgetedManager(manager, self.settings["sti_budget"], session, client)

    @web.authenticated
    async def get(self, path=None):
        if path:
            raise Refusal(404, http_words(404))
        if not opened_by_user(self.request.headers, self.settings["sti_hosts"]):
            raise Refusal(403, say("app_not_opened_by_user"), link=self.base_url)
        if self.get_argument("token", None) is not None:
            # signed in by the token in the address: the login cookie is set; take the token out of the address bar
            return self.redirect(self.base_url)
        session = self.get_cookie(SESSION_COOKIE)
        if not session or not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", session):
            session = secrets.token_urlsafe(24)
            self.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="Strict", path=self.base_url)
        self._sti_session = session
        async for html in self.get_generator(path=None):
            self.write(html)
            self.flush()

    def write_error(self, status_code, **kwargs):
        exc = kwargs.get("exc_info", (None, None))[1]
        if isinstance(exc, Refusal):
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(self.render_template("error.html", status_code=status_code, words=exc.words, link=exc.link))
            return
        super().write_error(status_code, **kwargs)


class KernelSocketHandler(VoilaKernelWebsocketHandler):
    """The page's kernel websocket, kept alive by jupyter_server's own pings alone.

    jupyter_server gives its ping interval and timeout in milliseconds (30000, 90000) through the same
    properties tornado reads in seconds: tornado would ping every 30000 s and logs an English warning to
    the operator that the timeout exceeds the interval. Its pings are turned off; jupyter_server's (every
    30 s, closing after 90 s without an answer) are unchanged."""

    def get_websocket_protocol(self):
        protocol = super().get_websocket_protocol()
        if protocol is not None:
            protocol.params.ping_interval = protocol.params.ping_timeout = None
        return protocol


class TemplateFileHandler(TemplateStaticFileHandler):
    """Voilà's template assets (``/voila/templates/lab/static/…``); any other shape of path is a 404,
    where Voilà's own handler fails an assertion (a 500)."""

    def parse_url_path(self, path):
        parts = os.path.normpath(path).split(os.path.sep, 2) if path else []
        if len(parts) != 3 or parts[0] != "lab" or parts[1] != "static" or ".." in path or "\x00" in path:
            raise web.HTTPError(404)
        return super().parse_url_path(path)

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish(http_words(status_code))


class AliveHandler(JupyterHandler):
    """``/sti-alive/<kernel id>``: 204 while the page's kernel runs, 410 once it is gone (culled, replaced
    by a reload, the server restarted); the page polls it to say when it must be reloaded."""

    @web.authenticated
    def get(self, kernel_id):
        self.set_header("Cache-Control", "no-store")
        self.set_status(204 if kernel_id in self.kernel_manager.list_kernel_ids() else 410)
        self.finish()


def listed_in_index(root: Path, relative: str) -> bool:
    """Whether ``relative`` (below the output folder ``root``) is a file the panel offers: the problem
    workbook of a data folder, a report or workbook linked from its run's ``index.md``, or the zip of them."""
    parts = relative.split("/")
    if not relative or any(not p or p.startswith(".") or p == ".." for p in parts):
        return False
    name, folder = parts[-1], root.joinpath(*parts[:-1])
    if name == PROBLEM_BOOK:
        return True
    if not name.lower().endswith((".pdf", ".xlsx", ".zip")):
        return False
    try:
        index = (folder / INDEX).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False
    return (
        name in INDEX_LINK.findall(index)
        or (name == "summary.xlsx" and "(summary.xlsx)" in index)
        or name == bundle_name(folder.name)
    )  # the run's reports in one zip, beside its index


class OutputFileHandler(JupyterHandler, web.StaticFileHandler):
    """Files of the output folder that a run's index lists (reports, workbooks), to a client that holds
    the token if one is set; nothing else (no notebooks, no hidden files, no link leading outside)."""

    @web.authenticated
    def head(self, path):
        return web.StaticFileHandler.head(self, path)

    @web.authenticated
    def get(self, path, include_body=True):
        if any(ord(c) < 32 for c in path) or not listed_in_index(Path(self.root), path):
            raise web.HTTPError(404)
        return web.StaticFileHandler.get(self, path, include_body)

    def validate_absolute_path(self, root, absolute_path):
        real_root, real = os.path.realpath(root), os.path.realpath(absolute_path)
        if os.path.commonpath([real_root, real]) != real_root:
            raise web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish(http_words(status_code))

    def compute_etag(self):
        return None  # reports are rewritten in place: always send the current bytes
