"""The one guarded way to read a user's file: agendas, records, settings.

A file named `*.toml` may be anything: a folder, a FIFO that would block a read forever,
a device, a dangling link, a loop of links, a file of gigabytes, text with a byte-order
mark, a TOML document nested thousands of levels deep. `read_bytes` opens regular files
only, without blocking, up to `MAX_BYTES`; anything else is a `WorkshopError` with a
one-line reason. `decode` takes UTF-8 (a leading BOM is accepted); `guarded` turns a
parser's or a model's RecursionError or MemoryError into the same kind of error.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from workshop.errors import WorkshopError

#: The largest file workshop reads. A record of 10,000 entries is about 1 MB.
MAX_BYTES = 16 * 1024 * 1024

BOM = "\ufeff"

T = TypeVar("T")


def kind_reason(mode: int) -> str:
    """Why a file of this mode (not a regular file's) is not read."""
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file; not read"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file; not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file; not read"
    return "is not a regular file; not read"


def _too_big(size: int, limit: int) -> str:
    return (
        f"is too big to be a workshop file ({size / 1024 / 1024:.1f} MB; "
        f"the limit is {limit // 1024 // 1024} MB); not read"
    )


def os_reason(exc: OSError, path: Path) -> str:
    """Why the file at `path` could not be looked at or opened (`exc`), in one line."""
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return "is a link to a file that does not exist (a dangling link)"
        return "no such file"
    if exc.errno == errno.ELOOP:
        return "is a loop of symbolic links; not read"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read the file: permission denied"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return f"cannot read the file: {exc.strerror or exc}"


def check_regular(path: Path, limit: int = MAX_BYTES) -> os.stat_result:
    """The file's status if it is a regular file within `limit`, else a WorkshopError."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise WorkshopError(os_reason(exc, path), path=path) from None
    except ValueError:  # a NUL in the name
        raise WorkshopError("the file name is not valid", path=path) from None
    if not stat.S_ISREG(st.st_mode):
        raise WorkshopError(kind_reason(st.st_mode), path=path)
    if st.st_size > limit:
        raise WorkshopError(_too_big(st.st_size, limit), path=path)
    return st


def read_bytes(path: Path, limit: int = MAX_BYTES, *, first: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, never blocking; `first`: only
    its first `first` bytes (all of it if it is shorter).

    The file is opened with O_NONBLOCK (a FIFO swapped in after the check still cannot
    block the open) and checked again on the open descriptor, so what is read is what
    was checked. Reading stops past `limit` even if the file grows meanwhile.
    """
    check_regular(path, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise WorkshopError(os_reason(exc, path), path=path) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise WorkshopError(kind_reason(st.st_mode), path=path)
        wanted = limit + 1 if first is None else min(first, limit + 1)
        chunks: list[bytes] = []
        total = 0
        # The whole file in one read, into one buffer of its size (reading a 2 MB file a
        # megabyte at a time and joining the pieces took twice as long); then what it
        # grew by meanwhile, if anything, a megabyte at a time.
        size = st.st_size + 1
        while total < wanted:
            chunk = os.read(fd, min(size, wanted - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            size = 1 << 20
        if total > limit:
            raise WorkshopError(_too_big(total, limit), path=path)
        return b"".join(chunks)  # the one piece itself, not a copy, if there is one
    except OSError as exc:
        raise WorkshopError(os_reason(exc, path), path=path) from None
    finally:
        os.close(fd)


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text; a leading byte-order mark is accepted and dropped."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = "is not UTF-8 text (a TOML file must be UTF-8)"
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            message += "; it starts like UTF-16 text: save it as UTF-8"
        raise WorkshopError(message, path=path, line=line) from None
    return text.removeprefix(BOM)


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """A user's file as text: `read_bytes`, then `decode`."""
    return decode(read_bytes(path, limit), path)


def guarded(work: Callable[[], T], path: Path | None) -> T:
    """`work()`, with the failures no parser or model should let out said in one line:
    nesting too deep for Python (RecursionError), too big to hold (MemoryError)."""
    try:
        return work()
    except RecursionError:
        raise WorkshopError(
            "is nested too deeply to read (tables or arrays inside one another hundreds "
            "of levels deep)",
            path=path,
        ) from None
    except MemoryError:
        raise WorkshopError("is too big to read in the memory available", path=path) from None


def reason(exc: WorkshopError) -> str:
    """A problem's first line without the file's name: `line 3: title: is too long`."""
    first = exc.problems[0] if hasattr(exc, "problems") else exc
    parts = []
    if first.line is not None:
        parts.append(f"line {first.line}")
    if first.field:
        parts.append(first.field)
    parts.append(first.message)
    return ": ".join(parts)


@contextlib.contextmanager
def no_traceback(path: Path) -> Iterator[None]:
    """Anything unexpected while reading `path` becomes a WorkshopError naming it."""
    try:
        yield
    except WorkshopError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise WorkshopError(
            "is nested too deeply to read"
            if isinstance(exc, RecursionError)
            else "is too big to read in the memory available",
            path=path,
        ) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise WorkshopError(f"cannot be read: {exc}", path=path) from None
