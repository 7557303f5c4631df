"""What the control panel may touch: data folders only below the ``--data`` roots, and who may connect."""

from __future__ import annotations

import os
import secrets
from pathlib import Path, PurePath

from ..errors import StiMonitorError
from ..report.wording import say

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
#: The environment variable a token may be given in (a command line is visible to every user in ``ps``).
TOKEN_ENV = "STI_APP_TOKEN"
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
    outside = links_leading_outside(path, roots)
    if outside:
        raise AccessError(
            say(
                "app_dir_links_outside",
                text=text,
                n=len(outside),
                links="、".join(str(p.relative_to(path)) for p in outside[:5]),
            )
        )
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


def read_token(flag: str | None, token_file: str | None = None, environ=os.environ) -> tuple[str | None, bool]:
    """The token the user asked for, and whether it was generated here (to print once).

    ``flag`` is ``--token``: ``None`` (not given) or ``""`` (given alone: generate one); a value after
    it is refused, because a command line is visible to every user of the computer. Otherwise the
    token is read from ``token_file`` (``--token-file``) or the :data:`TOKEN_ENV` variable, which is
    then removed so that the panel's kernels and workers do not inherit it.
    """
    if flag:
        raise AccessError(say("app_token_on_command_line", env=TOKEN_ENV))
    from_env = environ.pop(TOKEN_ENV, None)
    if token_file:
        try:
            token = Path(token_file).expanduser().read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise AccessError(
                say("app_token_file_unreadable", path=token_file, error=getattr(exc, "strerror", None) or exc)
            ) from None
        if not token:
            raise AccessError(say("app_token_file_empty", path=token_file))
        return token, False
    if from_env and from_env.strip():
        return from_env.strip(), False
    if flag == "":
        return secrets.token_urlsafe(24), True
    return None, False


def links_leading_outside(data_dir: Path, roots: list[Path]) -> list[Path]:
    """Symbolic links below ``data_dir`` (files or folders) that lead out of every root, or nowhere."""
    found = []
    for folder, dirs, files in os.walk(data_dir):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink():
                target = path.resolve()
                if not target.exists() or not any(target == r or target.is_relative_to(r) for r in roots):
                    found.append(path)
    return found
