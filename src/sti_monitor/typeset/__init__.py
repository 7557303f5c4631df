"""Typeset executed report notebooks: the ``sti_pdf`` / ``sti_typst`` nbconvert exporters and Typst compilation."""

from .exporter import TypstExporter, TypstPDFExporter

__all__ = ["TypstExporter", "TypstPDFExporter"]
