"""Atomic file writes that never overwrite a user's file by accident."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ExportError

__all__ = ["write_atomic", "write_file_atomic"]


def _publish_new(tmp: str, path: Path) -> None:
    """Move *tmp* to *path* only if *path* still does not exist (no race with another writer)."""
    try:
        os.link(tmp, path)  # fails if path appeared meanwhile, unlike os.replace
    except FileExistsError:
        raise ExportError(f"{path} exists; use --force to overwrite") from None
    except OSError:  # a file system without hard links: fall back to a plain rename
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def write_atomic(path, data: bytes, *, force: bool = False) -> Path:
    """Write *data* to *path* in one step: a temporary file in the same folder, then rename.

    A reader never sees a half-written file, and an interrupted export leaves the old
    file (if any) untouched.

    Parameters
    ----------
    path : str or os.PathLike
        Where to write.
    data : bytes
        The whole file.
    force : bool, default False
        Replace an existing file; without it an existing file is an error.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ExportError
        If *path* exists and *force* is false, or its folder does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "map.txt"
    >>> write_atomic(target, b"hello").read_bytes()
    b'hello'
    >>> write_atomic(target, b"again")
    Traceback (most recent call last):
    ...
    influence.errors.ExportError: ... exists; use --force to overwrite
    """
    return write_file_atomic(path, lambda tmp: Path(tmp).write_bytes(data), force=force)


def write_file_atomic(path, write, *, force: bool = False) -> Path:
    """Like :func:`write_atomic`, for writers that want a file name: ``write(tmp_path)``.

    For example ``write_file_atomic(path, workbook.save)`` for an openpyxl workbook. If
    *write* fails, the temporary file is removed and *path* is left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> write_file_atomic(target, lambda tmp: pathlib.Path(tmp).write_text("hi")).read_text()
    'hi'
    """
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name, e.g. {path / 'map-briefing.pdf'}")
    if path.exists() and not force:
        raise ExportError(f"{path} exists; use --force to overwrite")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"folder {folder} does not exist; create it or choose another --out")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.close(fd)
        write(tmp)
        with open(tmp, "rb+") as handle:  # on disk before the rename makes it visible
            os.fsync(handle.fileno())
        # mkstemp creates the file private (0600); give it the permissions a normal
        # new file would get under the user's umask.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        if force:
            os.replace(tmp, path)
        else:
            _publish_new(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
