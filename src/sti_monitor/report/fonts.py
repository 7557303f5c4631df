"""CJK fonts for charts and PDFs, from PyPI (mplfonts' Noto CJK SC), or the system's when it has them."""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from ..errors import StiMonitorError

logger = logging.getLogger(__name__)

SANS = "Noto Sans CJK SC"
SERIF = "Noto Serif CJK SC"
_FILES = {SANS: ("NotoSansCJKsc-Regular.otf", "NotoSansCJK-Regular.ttc"),
          SERIF: ("NotoSerifCJKsc-Regular.otf", "NotoSerifCJK-Regular.ttc")}
SYSTEM_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/Library/Fonts",
               "/Library/Fonts", "C:/Windows/Fonts")


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


@lru_cache(maxsize=None)
def font_files() -> dict[str, Path]:
    """Family name -> font file; a system copy is preferred when present, else the PyPI one."""
    try:
        import mplfonts
        bundled = Path(mplfonts.__file__).parent / "fonts"
    except ImportError:
        bundled = None
    found = {}
    for family, names in _FILES.items():
        path = _system_font(names)
        if path is None and bundled is not None and (bundled / names[0]).is_file():
            path = bundled / names[0]
        if path is not None:
            found[family] = path
    if SANS not in found:
        raise FontError("找不到中文字体 Noto Sans CJK SC：请安装 mplfonts（pip install mplfonts）或系统的 Noto CJK 字体")
    return found


def font_dirs() -> list[str]:
    """Folders Typst should search for the CJK fonts."""
    return sorted({str(p.parent) for p in font_files().values()})


@lru_cache(maxsize=None)
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
