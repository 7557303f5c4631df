"""``sti-monitor app``: Voilà serving ``notebooks/app.ipynb``, plus the output folder's files, and nothing else."""
from __future__ import annotations

import errno
import logging
import os
import socket
from pathlib import Path

from ..errors import StiMonitorError
from ..paths import NOTEBOOKS_DIR
from ..processes import kill_children
from ..report.wording import say
from .access import check_roots, listen_token
from .panel import ENV_FILES_URL, ENV_OUT, ENV_ROOTS

logger = logging.getLogger(__name__)

APP_NOTEBOOK = NOTEBOOKS_DIR / "app.ipynb"
FILES_PREFIX = "/sti-files"
#: What the output folder serves: reports, their executed notebooks, workbooks and the index.
SERVED_SUFFIXES = (".pdf", ".xlsx", ".ipynb", ".md")


def _output_handler():
    from jupyter_server.base.handlers import JupyterHandler
    from tornado import web

    class OutputFileHandler(JupyterHandler, web.StaticFileHandler):
        """Files of the output folder only (reports, workbooks), to a client that holds the token if one is set."""

        @web.authenticated
        def head(self, path):
            return web.StaticFileHandler.head(self, path)

        @web.authenticated
        def get(self, path, include_body=True):
            return web.StaticFileHandler.get(self, path, include_body)

        def validate_absolute_path(self, root, absolute_path):
            real_root, real = os.path.realpath(root), os.path.realpath(absolute_path)
            name = os.path.basename(real)
            if (os.path.commonpath([real_root, real]) != real_root or name.startswith(".")
                    or not name.lower().endswith(SERVED_SUFFIXES)):
                raise web.HTTPError(404)
            return super().validate_absolute_path(root, absolute_path)

        def write_error(self, status_code, **kwargs):
            self.set_header("Content-Type", "text/plain; charset=UTF-8")
            self.finish(f"{status_code} {self._reason}")

        def compute_etag(self):
            return None  # reports are rewritten in place: always send the current bytes

    return OutputFileHandler


def _server_class():
    from jupyter_server.utils import url_path_join
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    class ShutdownKernelHandler(VoilaShutdownKernelHandler):
        """The page's kernel shutdown on close, which Voilà's page sends without an XSRF field
        (voila-dashboards/voila#1458): without this the kernel of a closed page would run on."""

        def check_xsrf_cookie(self):
            return None

    class PanelServer(Voila):
        """Voilà on the panel notebook, with the output folder served under :data:`FILES_PREFIX`."""

        output_dir: Path = Path()

        def init_handlers(self):
            handlers = [(route, ShutdownKernelHandler if handler is VoilaShutdownKernelHandler else handler, *rest)
                        for route, handler, *rest in super().init_handlers()]
            # before Voilà's catch-all page handler, which would otherwise take the URL
            handlers.insert(0, (url_path_join(self.server_url, FILES_PREFIX, "(.*)"), _output_handler(),
                                {"path": str(self.output_dir)}))
            return handlers

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


def serve(roots, out: Path, host: str = "127.0.0.1", port: int = 8866, token: str | None = None,
          open_browser: bool = False) -> None:
    """Serve the panel until Ctrl-C or SIGTERM; refuses (``AccessError``) an open host without a token,
    or a ``--data`` folder that does not exist."""
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
    config = Config()
    config.Voila.ip = host
    config.Voila.port = port
    config.Voila.port_retries = 0
    config.Voila.open_browser = open_browser
    config.Voila.token = token
    config.VoilaConfiguration.file_allowlist = []  # nothing beside the notebook is served
    config.VoilaConfiguration.show_tracebacks = False
    # a page closed without its shutdown request (browser crash, lost network): its kernel ends after an hour idle
    config.MappingKernelManager.cull_idle_timeout = 3600
    config.MappingKernelManager.cull_interval = 300
    server = _server_class()(config=config)
    server.output_dir = out
    server.initialize([str(APP_NOTEBOOK)])
    url = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{server.port}/"
    print(say("app_listening", url=url + (f"?token={token}" if token else "")), flush=True)
    server.start()
