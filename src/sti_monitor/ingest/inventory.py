"""Every file and folder under a data directory: the workbooks that are read, and the rest with why not.

Nothing is passed over in silence. Lock files and files that are no spreadsheet are only listed; a
spreadsheet whose name hides it (``.`` in front, as an unzip tool leaves ``../`` as ``..``), a folder
that cannot be opened and a link to a missing file are 提醒; a link leading outside the data directory
is refused (an error), as the control panel refuses such a folder. Links are never followed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..plan import PLAN_FILE
from .formats import SPREADSHEET_SUFFIXES, is_lock_file
from .problems import Problem, file_label

#: Files of the data directory read by other steps than the workbook reader.
OWN_FILES = ("units.yaml", "确认.yaml", PLAN_FILE)
SYSTEM_NAMES = {"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini", ".git"}


@dataclass(frozen=True)
class Skipped:
    """A file or folder not read: ``name`` relative to the data directory, ``why`` in Chinese; ``severity``
    ``None`` when it is only listed, else it is also a :class:`Problem` with ``fix``."""

    name: str
    why: str
    severity: str | None = None
    fix: str = ""

    def problem(self) -> Problem:
        return Problem(self.name, self.why, self.fix, severity=self.severity or "warning")


def _is_spreadsheet(name: str) -> bool:
    return Path(name).suffix.lower() in SPREADSHEET_SUFFIXES


def _link(path: Path, rel: str, root: Path) -> Skipped:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return Skipped(
            rel, "链接指向的文件或文件夹不存在，未读取", "warning", "删除该链接，或把真正的文件复制到数据目录中"
        )
    if target == root or target.is_relative_to(root):
        return Skipped(
            rel,
            f"链接指向数据目录内的 {file_label(target.relative_to(root).as_posix()) or '.'}，按原处读取，链接本身不再读取",
        )
    return Skipped(
        rel,
        f"链接指向数据目录之外（{file_label(target)}），拒绝读取",
        "error",
        "把要用的文件（或文件夹）本身复制到数据目录中，不要放链接",
    )


def _folder_skipped(path: Path, rel: str, name: str) -> Skipped | None:
    """Why a folder is not walked into (made by the system or a zip tool, hidden), or ``None``."""
    if name in SYSTEM_NAMES:
        return Skipped(rel + "/", "系统或压缩工具生成的文件夹，未读取")
    if name.startswith("."):
        holds = any(_is_spreadsheet(f) for _, _, files in os.walk(path) for f in files)
        return Skipped(
            rel + "/",
            "隐藏文件夹（名称以“.”开头），其中的文件未读取",
            "warning" if holds else None,
            "如其中有要报送的报表，去掉文件夹名开头的“.”",
        )
    return None


def _file_verdict(name: str, rel: str, at_root: bool) -> tuple[bool, Skipped | None]:
    """(whether a file is read, why it is not); the data directory's own files (``at_root``) pass unnamed."""
    if not _is_spreadsheet(name):
        if at_root and name in OWN_FILES:
            return False, None
        lock = name.startswith(".~lock.")
        return False, Skipped(
            rel,
            "WPS/LibreOffice 打开文件时留下的锁定文件，未读取"
            if lock
            else "系统文件，未读取"
            if name in SYSTEM_NAMES
            else "不是表格文件（读取 .xlsx .xlsm .xlsb .xls .et .ods .csv），未读取",
        )
    if is_lock_file(name) and not name.startswith(".."):
        if name.startswith("~$") or name.startswith(".~lock."):
            return False, Skipped(rel, "Excel/WPS 打开文件时留下的锁定文件（原文件正被打开，或上次未正常关闭），未读取")
        return False, Skipped(
            rel, "文件名以“.”开头，按隐藏文件未读取", "warning", "如是要报送的报表，去掉文件名开头的“.”"
        )
    if name.startswith(".."):
        return False, Skipped(
            rel,
            "文件名以“..”开头（解压工具可能把路径中的“../”留在了文件名里），未读取",
            "warning",
            "如是要报送的报表，去掉文件名开头的“..”",
        )
    return True, None


def scan(data_dir) -> tuple[list[Path], list[Skipped]]:
    """(the spreadsheets to read, sorted; everything else under ``data_dir``, with why it is not read)."""
    root = Path(data_dir).resolve()
    read, skipped = [], []

    def walk(folder: Path):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            rel = file_label(folder.relative_to(root).as_posix())
            skipped.append(
                Skipped(
                    rel,
                    f"文件夹无法打开（{exc.strerror}），其中的文件未读取",
                    "warning",
                    "检查该文件夹的权限，或把其中的文件复制到可读的文件夹",
                )
            )
            return
        for entry in entries:
            path = Path(entry.path)
            rel = file_label(path.relative_to(root).as_posix())
            if entry.is_symlink():
                skipped.append(_link(path, rel, root))
            elif entry.is_dir():
                why = _folder_skipped(path, rel, entry.name)
                if why is None:
                    walk(path)
                else:
                    skipped.append(why)
            else:
                take, why = _file_verdict(entry.name, rel, folder == root)
                if why is not None:
                    skipped.append(why)
                if take:
                    read.append(path)

    walk(root)
    return sorted(read), skipped
