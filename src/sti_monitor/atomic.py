"""Write files atomically: to a temporary file beside the target, then rename.

A finished file has the mode an ordinary ``open()`` would give it (0644 under umask 022), so
colleagues on a shared drive and a web server can read the reports; a write that fails leaves
neither a partial file nor the temporary one, and says in Chinese which path and why.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import tempfile
from pathlib import Path

from .errors import OutputError

REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在的文件系统是只读的",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.ENOTDIR: "路径中有一级是文件而不是文件夹",
    errno.EEXIST: "同名的文件已存在，不是文件夹",
    errno.ENAMETOOLONG: "路径或文件名过长",
}


def reason(exc: OSError) -> str:
    """Why an OS call failed, in Chinese."""
    return REASONS.get(exc.errno, exc.strerror or str(exc))


def ensure_writable_dir(path: Path) -> Path:
    """Create ``path`` if needed and check that a file can be written in it; else ``OutputError``
    naming the path and why. Called before any work whose results would go there."""
    path = Path(path)
    what = f"无法写入输出目录 {path}"
    if path.exists() and not path.is_dir():
        raise OutputError(f"{what}：这是一个文件，不是文件夹。请用 --out 指定一个文件夹")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".sti-write-check-", dir=path)
        try:
            os.write(fd, b"x")
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{what}：{reason(exc)}。请改用可写的文件夹（--out），或检查权限与磁盘空间") from None
    return path


@contextlib.contextmanager
def atomic_path(path: Path):
    """Yield a temporary path in the target's folder; on success rename it over ``path``, else delete it."""
    path = Path(path)
    # named before it exists, so that an interrupt at any moment finds it to delete; created as
    # open() would create it (0o666 less the umask), not 0600 like mkstemp
    tmp = path.parent / f".{path.stem}.{secrets.token_hex(4)}.tmp{path.suffix}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"无法写入 {path}：{reason(exc)}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(data)
