"""CJK fonts for charts and PDFs, from PyPI (mplfonts' Noto CJK SC), or the system's when mplfonts is absent."""

from __future__ import annotations

import importlib.util
import logging
from functools import cache
from pathlib import Path

from ..errors import StiMonitorError

logger = logging.getLogger(__name__)

SANS = "Noto Sans CJK SC"
SERIF = "Noto Serif CJK SC"
_FILES = {
    SANS: ("NotoSansCJKsc-Regular.otf", "NotoSansCJK-Regular.ttc"),
    SERIF: ("NotoSerifCJKsc-Regular.otf", "NotoSerifCJK-Regular.ttc"),
}
SYSTEM_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/Library/Fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)


class FontError(StiMonitorError):
    """Raised when no CJK font can be found for charts and PDFs."""


def _system_font(names) -> Path | None:
    for d in SYSTEM_DIRS:
        root = Path(d).expanduser()
        if root.is_dir():
            for name in names:
                for hit in root.rglob(name):
                    return hit
    return None


@cache
def font_files() -> dict[str, Path]:
    """Family name -> font file: the PyPI copy (mplfonts) when installed, else a system copy.

    The PyPI copy comes first so that every machine typesets with the very same font files (the
    same PDF from the same notebook anywhere); its files hold the simplified Chinese faces only,
    so Typst loads about 30 MB less per process than from the system's CJK collections."""
    # found, not imported: importing mplfonts imports matplotlib, which a typesetting worker never needs
    spec = importlib.util.find_spec("mplfonts")
    bundled = Path(spec.submodule_search_locations[0]) / "fonts" if spec and spec.submodule_search_locations else None
    found = {}
    for family, names in _FILES.items():
        path = bundled / names[0] if bundled is not None and (bundled / names[0]).is_file() else _system_font(names)
        if path is not None:
            found[family] = path
    if SANS not in found:
        raise FontError(
            "找不到中文字体 Noto Sans CJK SC：请安装 mplfonts（pip install mplfonts）或系统的 Noto CJK 字体"
        )
    return found


def font_dirs() -> list[str]:
    """Folders Typst should search for the CJK fonts."""
    return sorted({str(p.parent) for p in font_files().values()})


@cache
def setup_matplotlib() -> None:
    """Register the CJK fonts with matplotlib and make them the default, once per process."""
    import matplotlib
    from matplotlib import font_manager

    for path in font_files().values():
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(chart_rc())


def chart_rc() -> dict:
    """matplotlib settings for report charts (also used to reset a warm kernel between units)."""
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [SANS, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.fonttype": "none",  # text stays text: Typst sets it in the CJK font, and it can be searched
        "svg.hashsalt": "sti-monitor",
        "figure.dpi": 100,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "font.size": 9,
    }
