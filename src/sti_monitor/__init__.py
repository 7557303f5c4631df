"""sti-monitor: monitor a plan's science-and-technology innovation indicators from district spreadsheets."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sti-monitor")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+src"

from .errors import StiMonitorError  # noqa: E402
from .measure import Results, evaluate, load_framework  # noqa: E402

__all__ = ["__version__", "StiMonitorError", "Results", "evaluate", "load_framework"]
