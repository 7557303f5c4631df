"""Typeset Typst source into PDF with the ``typst`` package and the CJK fonts from :mod:`fonts`."""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path

import typst

from ..errors import StiMonitorError
from ..report.fonts import SANS, SERIF, font_dirs, font_files
from ..report.typst_template import fill

logger = logging.getLogger(__name__)


class TypesetError(StiMonitorError):
    """Raised when Typst cannot typeset a report; the message carries Typst's own reason."""


def preamble() -> str:
    """Typst settings every report starts with: fonts, Chinese text, headings (``report/templates/preamble.typ``)."""
    serif = SERIF if SERIF in font_files() else SANS
    return fill("preamble", sans=SANS, serif=serif) + "\n"


_local = threading.local()


def _compiler() -> typst.Compiler:
    """One Typst compiler per thread, so fonts are loaded once per worker, not once per report.
    Only the folders holding the report fonts are searched (``ignore_system_fonts``): scanning
    every system font costs time at each start and could substitute a different font."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = _local.compiler = typst.Compiler(font_paths=font_dirs(), ignore_system_fonts=True)
    return compiler


def compile_pdf(source: str, assets: dict[str, bytes] | None = None, inputs: dict[str, str] | None = None) -> bytes:
    """PDF bytes of the Typst ``source``; ``assets`` are files it refers to by name (images),
    ``inputs`` strings it reads as ``sys.inputs.at(name)`` (charts' SVG)."""
    try:
        if not assets:
            pdf, warnings = _compiler().compile_with_warnings(input=source.encode("utf-8"), sys_inputs=inputs or {})
        else:
            with tempfile.TemporaryDirectory(prefix="sti-typst-") as tmp:
                for name, data in assets.items():
                    (Path(tmp) / name).write_bytes(data)
                main = Path(tmp) / "main.typ"
                main.write_text(source, encoding="utf-8")
                pdf, warnings = _compiler().compile_with_warnings(input=str(main), root=tmp, sys_inputs=inputs or {})
    except typst.TypstError as exc:
        raise TypesetError(f"Typst 排版失败：{getattr(exc, 'message', exc)}") from exc
    font_warnings = [w for w in warnings or [] if "font" in str(getattr(w, "message", w)).lower()]
    if font_warnings:
        raise TypesetError(f"缺少字体：{getattr(font_warnings[0], 'message', font_warnings[0])}")
    if not pdf:
        raise TypesetError("Typst 没有生成任何内容")
    return pdf
