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
