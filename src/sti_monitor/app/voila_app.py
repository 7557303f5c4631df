"""The Voilà application of the panel: its page in Chinese, the host check, a bounded number of kernels and
the output folder's files. Imported by :mod:`.server` only once Voilà is known to be installed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import jinja2
from jupyter_server.utils import url_path_join
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from ..processes import kill_children
from ..report.wording import say
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

FILES_PREFIX = "/sti-files"
ALIVE_PREFIX = "/sti-alive"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


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
        self._trust_the_panel()
        return settings

    def _trust_the_panel(self):
        """The panel's notebook is the package's own: signed for this server's life, in a notary kept in memory
        (``_voila_config``), so the server neither warns it is not trusted nor writes in the user's folders."""
        import nbformat

        notebook = nbformat.read(self.notebook_path, as_version=4)
        self.contents_manager.notary.sign(notebook)

    def init_handlers(self):
        replace = {
            VoilaShutdownKernelHandler: ShutdownKernelHandler,
            TornadoVoilaHandler: PanelPageHandler,
            TemplateStaticFileHandler: TemplateFileHandler,
            VoilaKernelWebsocketHandler: KernelSocketHandler,
        }
        handlers = [(route, replace.get(handler, handler), *rest) for route, handler, *rest in super().init_handlers()]
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
