"""sti-monitor: monitor a plan's science-and-technology innovation indicators from district spreadsheets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sti-monitor")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+src"

from .errors import StiMonitorError  # noqa: E402

__all__ = ["__version__", "StiMonitorError", "Results", "evaluate", "load_framework"]


def __getattr__(name):
    """The measure API, imported on first use: a batch's workers and kernels start without pandas
    so that they can watch their parent at once (see ``batch/lifeline.py``)."""
    if name in ("Results", "evaluate", "load_framework"):
        from . import measure

        return getattr(measure, name)
    raise AttributeError(f"module 'sti_monitor' has no attribute {name!r}")
