"""``sti-monitor app``: Voilà serving ``notebooks/app.ipynb``, plus the output folder's files, and nothing else."""

from __future__ import annotations

import errno
import logging
import os
import socket
import tempfile
from pathlib import Path

from ..config import settings as project_settings
from ..errors import StiMonitorError
from ..paths import NOTEBOOKS_DIR
from ..processes import kill_children
from ..report.wording import say
from .access import check_roots, listen_token
from .guard import allowed_hosts
from .panel import ENV_FILES_URL, ENV_OUT, ENV_ROOTS

logger = logging.getLogger(__name__)

APP_NOTEBOOK = NOTEBOOKS_DIR / "app.ipynb"
FILES_PREFIX = "/sti-files"
ALIVE_PREFIX = "/sti-alive"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _server_class():
    import jinja2
    from jupyter_server.utils import url_path_join
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.static_file_handler import TemplateStaticFileHandler
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    from .handlers import (
        AliveHandler,
        GuardedApplication,
        KernelBudget,
        KernelSocketHandler,
        OutputFileHandler,
        PanelPageHandler,
        TemplateFileHandler,
        http_words,
    )

    class ShutdownKernelHandler(VoilaShutdownKernelHandler):
        """The page's kernel shutdown on close, which Voilà's page sends without an XSRF field
        (voila-dashboards/voila#1458): without this the kernel of a closed page would run on."""

        def check_xsrf_cookie(self):
            return None

    class PanelServer(Voila):
        """Voilà on the panel notebook: its page in Chinese and without CDN assets, a host check on every
        request, a bounded number of kernels, and the output folder's listed files under :data:`FILES_PREFIX`."""

        output_dir: Path = Path()
        hosts: frozenset = frozenset()
        max_kernels: int = 4

        def setup_template_dirs(self):
            super().setup_template_dirs()
            self.template_paths = [str(TEMPLATES_DIR / "page"), *self.template_paths]

        def init_settings(self):
            settings = super().init_settings()
            for key in ("voila_jinja2_env", "jinja2_env"):  # error, login and logout pages: ours, in Chinese
                env = settings[key]
                env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(TEMPLATES_DIR / "server")), env.loader])
                env.globals.update(say=say, http_words=http_words)
            settings.update(sti_hosts=self.hosts, sti_budget=KernelBudget(self.max_kernels))
            return settings

        def init_handlers(self):
            replace = {
                VoilaShutdownKernelHandler: ShutdownKernelHandler,
                TornadoVoilaHandler: PanelPageHandler,
                TemplateStaticFileHandler: TemplateFileHandler,
                VoilaKernelWebsocketHandler: KernelSocketHandler,
            }
            handlers = [
                (route, replace.get(handler, handler), *rest) for route, handler, *rest in super().init_handlers()
            ]
            # before Voilà's catch-all page handler, which would otherwise take the URL
            handlers.insert(
                0,
                (
                    url_path_join(self.server_url, FILES_PREFIX, "(.*)"),
                    OutputFileHandler,
                    {"path": str(self.output_dir)},
                ),
            )
            handlers.insert(0, (url_path_join(self.server_url, ALIVE_PREFIX, "([0-9a-f-]{1,64})"), AliveHandler))
            return handlers

        def start(self):
            """Voilà's ``start``, with an application that checks the host of every request."""
            self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
            self.app = GuardedApplication(**self.init_settings())
            self.app.settings.update(self.tornado_settings)
            self.app.add_handlers(".*$", self.init_handlers())
            self.listen()

        def stop(self):
            try:
                super().stop()
            finally:  # render workers and their kernels must not outlive the panel
                kill_children(grace=5)

    return PanelServer


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
    from traitlets.config import Config

    # the notebook's kernel inherits these: which folders, where to write, where the files are served
    os.environ[ENV_ROOTS] = os.pathsep.join(map(str, roots))
    os.environ[ENV_OUT] = str(out)
    os.environ[ENV_FILES_URL] = FILES_PREFIX
    limits = project_settings().get("app", {})
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
    # a page closed without its shutdown request (browser crash, lost network): its kernel ends after
    # idle_minutes without activity; an open tab (connected) keeps it
    idle = max(1, round(float(limits.get("idle_minutes", 5)) * 60))
    config.MappingKernelManager.cull_idle_timeout = idle
    config.MappingKernelManager.cull_interval = max(1, min(30, idle // 2))
    config.MappingKernelManager.cull_connected = False
    server = _server_class()(config=config)
    server.output_dir = out
    server.hosts = allowed_hosts(host, allow_hosts)
    server.max_kernels = int(limits.get("max_kernels", 4))
    server.initialize([str(APP_NOTEBOOK)])
    url = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{server.port}/"
    print(say("app_listening", url=url + (f"?token={token}" if token and generated else "")), flush=True)
    server.start()
