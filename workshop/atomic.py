"""Crash-safe file replacement: a reader sees the old file or the new one, never a mix.

Write to a temporary file in the same folder, flush and fsync it, rename it over the
target, then fsync the folder so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from workshop.errors import WorkshopError


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform (e.g. Windows); the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_target(path: Path) -> Path:
    """Where writing `path` must go: `path` itself, or for a symbolic link the file it
    points to, so that the link and its target never diverge (renaming over the link
    would replace the link with a plain file). A link to nowhere, or a loop, is refused."""
    if not os.path.islink(path):
        return path
    target = Path(os.path.realpath(path))
    if os.path.islink(target) or not target.parent.is_dir():
        raise WorkshopError(
            "is a symbolic link that leads nowhere (or in a loop); not writing through it",
            path=path,
        )
    if target.exists() and not target.is_file():
        raise WorkshopError("is a symbolic link to something that is not a file", path=path)
    return target


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data` atomically, user-only by default. A `path` that is a
    symbolic link is written through: its target is replaced, the link stays."""
    path = write_target(path)
    folder = path.parent
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WorkshopError(
            f"cannot save: {reason}; the previous file is unchanged", path=path
        ) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
