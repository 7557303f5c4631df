"""The browser control panel (``sti-monitor app``): check data, confirm values, render reports, without a terminal."""

from .access import AccessError, resolve_data_dir
from .panel import ControlPanel
from .server import serve

__all__ = ["AccessError", "ControlPanel", "resolve_data_dir", "serve"]
