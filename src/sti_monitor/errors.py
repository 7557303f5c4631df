"""Exceptions of sti-monitor. Every error is a subclass of :class:`StiMonitorError`."""
from __future__ import annotations


class StiMonitorError(Exception):
    """Raised when sti-monitor cannot do what it was asked; the message is for people."""


class ConfigError(StiMonitorError):
    """Raised when a YAML parameter file (framework, units, fields) is missing or malformed."""

    def __init__(self, path, message: str):
        self.path = path
        super().__init__(f"{path}: {message}")


class DataDirError(StiMonitorError):
    """Raised when a data directory does not exist or holds no district workbook."""


class OutputError(StiMonitorError):
    """Raised when an output file cannot be written (bad extension, file exists, permission)."""


class RenderError(StiMonitorError):
    """Raised when one unit's report cannot be rendered; names the unit and the cause."""

    def __init__(self, unit_code: str, unit_name: str, cause: str):
        self.unit_code = unit_code
        self.unit_name = unit_name
        self.cause = cause
        super().__init__(f"{unit_code} {unit_name}: {cause}")
