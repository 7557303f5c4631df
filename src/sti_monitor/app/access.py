"""What the control panel may touch: data folders only below the ``--data`` roots, and who may connect."""
from __future__ import annotations

import secrets
from pathlib import Path, PurePath

from ..errors import StiMonitorError
from ..report.wording import say

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
#: How deep below a root the panel looks for data folders to offer in its list.
SEARCH_DEPTH = 3


class AccessError(StiMonitorError):
    """Raised when a folder lies outside the allowed roots, or the server would be open without a token."""


def check_roots(roots) -> list[Path]:
    """The ``--data`` roots, resolved; each must be an existing folder."""
    resolved = []
    for root in roots:
        path = Path(root).expanduser()
        if not path.is_dir():
            raise AccessError(say("app_root_missing", path=path))
        resolved.append(path.resolve())
    if not resolved:
        raise AccessError(say("app_no_roots"))
    return resolved


def resolve_data_dir(text: str, roots: list[Path]) -> Path:
    """The data folder the user chose or typed, resolved; it must be a root or lie below one.

    A relative path is taken below the first root. Any ``..`` is refused outright, and so is a
    symbolic link leading elsewhere (the check is made on the resolved path).
    """
    text = (text or "").strip()
    if not text:
        raise AccessError(say("app_dir_empty"))
    if ".." in PurePath(text).parts:
        raise AccessError(say("app_dir_parent", text=text))
    path = Path(text).expanduser()
    path = (path if path.is_absolute() else roots[0] / path).resolve()
    if not any(path == root or path.is_relative_to(root) for root in roots):
        raise AccessError(say("app_dir_outside", text=text, roots="、".join(map(str, roots))))
    if not path.exists():
        raise AccessError(say("app_dir_missing", text=text))
    if not path.is_dir():
        raise AccessError(say("app_dir_not_folder", text=text))
    return path


def candidate_dirs(roots: list[Path]) -> list[Path]:
    """Each root, and the folders below it (to :data:`SEARCH_DEPTH`) that hold a workbook directly."""
    found = []
    for root in roots:
        found.append(root)
        for depth in range(1, SEARCH_DEPTH + 1):
            for book in sorted(root.glob("/".join(["*"] * depth) + ".xlsx")):
                folder = book.parent
                if folder != root and folder not in found and not any(p.name.startswith(".") for p in folder.parents):
                    found.append(folder)
    return found


def output_folder(data_dir: Path, roots: list[Path], out: Path) -> Path:
    """Where the panel writes for ``data_dir``: ``out/<root name>/<path below the root>``,
    so that two data folders never share (and overwrite) each other's reports."""
    root = max((r for r in roots if data_dir == r or data_dir.is_relative_to(r)), key=lambda r: len(r.parts))
    return Path(out) / root.name / data_dir.relative_to(root)


def listen_token(host: str, token: str | None) -> str | None:
    """The token the server requires, or ``None`` on this computer only.

    ``token`` is the ``--token`` value: ``None`` (not given), ``""`` (given without a value: generate
    one), or the token itself. Any host but this computer's needs a token.
    """
    if token == "":
        return secrets.token_urlsafe(24)
    if token is None and host not in LOCAL_HOSTS:
        raise AccessError(say("app_host_needs_token", host=host))
    return token
