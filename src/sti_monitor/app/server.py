"""``sti-monitor app``: Voilà serving ``notebooks/app.ipynb``, plus the output folder's files, and nothing else."""

from __future__ import annotations

import errno
import logging
import os
import secrets
import socket
from pathlib import Path

from ..config import settings as project_settings
from ..errors import StiMonitorError
from ..paths import NOTEBOOKS_DIR
from ..report.wording import say
from .access import check_roots, listen_token
from .guard import allowed_hosts
from .panel import ENV_FILES_URL, ENV_OUT, ENV_ROOTS

logger = logging.getLogger(__name__)

APP_NOTEBOOK = NOTEBOOKS_DIR / "app.ipynb"


def _check_can_listen(host: str, port: int) -> None:
    """Refuse, in Chinese, a port already taken or a host this computer does not have."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
            probe.bind(infos[0][4])
    except OSError as exc:
        if getattr(exc, "errno", None) == errno.EADDRINUSE:
            raise StiMonitorError(say("app_port_busy", port=port, next=port + 1)) from None
        raise StiMonitorError(say("app_bad_host", host=host, error=exc.strerror or exc)) from None


def _voila_config(host: str, port: int, token: str | None, open_browser: bool, idle_minutes: float):
    """Voilà's configuration: only the notebook served, no tracebacks, our page and its Chinese words, and a
    page closed without its shutdown request (browser crash, lost network) ending its kernel after
    ``idle_minutes`` without activity (an open tab, connected, keeps it)."""
    from traitlets.config import Config

    from .voila_app import ALIVE_PREFIX

    config = Config()
    config.Voila.ip = host
    config.Voila.port = port
    config.Voila.port_retries = 0
    config.Voila.open_browser = open_browser
    config.Voila.token = token
    config.VoilaConfiguration.file_allowlist = []  # nothing beside the notebook is served
    config.VoilaConfiguration.show_tracebacks = False
    config.VoilaConfiguration.allow_template_override = "NO"  # ?template=… would bring Voilà's CDN stylesheets back
    config.VoilaConfiguration.allow_theme_override = "NO"
    config.VoilaConfiguration.resources = {
        "sti": {
            "title": say("app_title"),
            "loading": say("app_loading"),
            "alive": ALIVE_PREFIX.lstrip("/"),
            "page_gone": say("app_page_gone"),
            "server_gone": say("app_server_gone"),
        }
    }
    config.VoilaExporter.language_code = "zh"  # ISO 639-1, as nbconvert checks
    idle = max(1, round(float(idle_minutes) * 60))
    config.MappingKernelManager.cull_idle_timeout = idle
    config.MappingKernelManager.cull_interval = max(1, min(30, idle // 2))
    config.MappingKernelManager.cull_connected = False
    # the page's kernel talks to the server over Unix sockets in the server's private connection folder,
    # not over loopback TCP ports that any local user could reach
    config.KernelManager.transport = "ipc"
    config.NotebookNotary.db_file = ":memory:"  # the panel notebook's trust: signed at start, nothing written
    config.NotebookNotary.secret = secrets.token_bytes(32)
    config.Voila.log_level = "WARN"  # the panel says in Chinese where it listens; Voilà's INFO lines are English
    return config


def serve(
    roots,
    out: Path,
    host: str = "127.0.0.1",
    port: int = 8866,
    token: str | None = None,
    open_browser: bool = False,
    allow_hosts=(),
    generated: bool = False,
) -> None:
    """Serve the panel until Ctrl-C or SIGTERM; refuses (``AccessError``) an open host without a token,
    or a ``--data`` folder that does not exist. ``token`` comes from :func:`.access.read_token` (never
    from a command line); a ``generated`` one is printed once, in the address to open."""
    try:
        import ipywidgets  # noqa: F401
        import voila  # noqa: F401
    except ImportError:
        raise StiMonitorError(say("app_needs_extra")) from None
    roots = check_roots(roots)
    token = listen_token(host, token)
    _check_can_listen(host, port)
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    from .voila_app import FILES_PREFIX, PanelServer

    # the notebook's kernel inherits these: which folders, where to write, where the files are served
    os.environ[ENV_ROOTS] = os.pathsep.join(map(str, roots))
    os.environ[ENV_OUT] = str(out)
    os.environ[ENV_FILES_URL] = FILES_PREFIX
    limits = project_settings().get("app", {})
    server = PanelServer(config=_voila_config(host, port, token, open_browser, limits.get("idle_minutes", 5)))
    server.output_dir = out
    server.hosts = allowed_hosts(host, allow_hosts)
    server.max_kernels = int(limits.get("max_kernels", 4))
    server.initialize([str(APP_NOTEBOOK)])
    url = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{server.port}/"
    print(say("app_listening", url=url + (f"?token={token}" if token and generated else "")), flush=True)
    server.start()
