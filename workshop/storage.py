"""Session records on disk: TOML in and out, one writer at a time, never a lossy overwrite.

`SessionFile` is how the app holds a record: it takes the session's lock, remembers
what it last wrote, and refuses to save over a file that something else changed.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import socket
import stat
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import tomli_w

from workshop.agenda import looks_like_record as looks_like_record
from workshop.atomic import atomic_write
from workshop.errors import NewerSchemaError, SessionLockedError, WorkshopError
from workshop.kinds.base import now
from workshop.paths import ensure_private_dir, locks_dir, sessions_dir
from workshop.record import SCHEMA_VERSION, SessionRecord
from workshop.textsafe import visible
from workshop.tomlsource import KeyLocator, parse, read_text
from workshop.validation import validate


def slugify(text: str, limit: int = 40) -> str:
    """A readable file-name part: ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "session"


def record_filename(record: SessionRecord) -> str:
    """Date, title and short id: sorts by date, readable, unique."""
    return f"{record.created:%Y-%m-%d}-{slugify(record.title)}-{record.id[:8]}.toml"


def _toml_ready(value: Any, found: set[str]) -> Any:
    """`value` with what TOML cannot write made writable, noting text that needs care.

    TOML offsets are hours and minutes: a datetime whose offset has seconds (as the local
    mean time of historical zones does) is written as the same instant in UTC. Text with
    a CRLF is noted because tomli-w writes multi-line strings with LF line ends only.
    """
    if isinstance(value, dict):
        return {key: _toml_ready(item, found) for key, item in value.items()}
    if isinstance(value, list):
        return [_toml_ready(item, found) for item in value]
    if isinstance(value, str):
        if "\r\n" in value:
            found.add("crlf")
        return value
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is not None and offset % timedelta(minutes=1):
            return value.astimezone(UTC)
    return value


def dump_record(record: SessionRecord) -> bytes:
    """The record as TOML: fields in model order, no empty optional keys."""
    found: set[str] = set()
    data = _toml_ready(record.model_dump(mode="python", exclude_none=True), found)
    # Multi-line strings read best, but would turn CRLF into LF: then write escapes.
    return tomli_w.dumps(data, multiline_strings="crlf" not in found).encode("utf-8")


#: Where a table sits in the record: the keys (and indexes in arrays) that lead to it.
_Path = tuple[str | int, ...]


@dataclass
class _Array:
    """A list of tables as last written: inline `{ ... }` lines, or [[name]] tables."""

    same: list[Any]  # the list in JSON form
    inline: list[str]  # the inline text of its first items (all of them when it is inline)
    as_tables: bool  # some item is too long for a line: every item is a [[name]] table
    text: str  # the `key = [...]` line, or the tables with a blank line between them
    crlf: bool


class RecordWriter:
    """`dump_record` for a record that is saved again and again: the same bytes, faster.

    Between two saves of a session little changes (a word added, a vote, a timer
    stamped), yet tomli-w writes every entry afresh: at a thousand entries that took
    longer than all the rest of a save. So the text of every table (a step's result, one
    entry, the agenda) is kept with the data it was written from, and reused while that
    data is equal; a list that only grew at its end reuses the text of what it held
    before. Anything else is written by tomli-w, as `dump_record` does.

    Data is compared in pydantic's JSON form, where a time carries its offset, so text is
    reused only where it would be written the same (the one exception, a float -0.0
    replacing 0.0, reads back equal). This class lays tables out as tomli-w does
    ([name], [[name]], a blank line between); tests/test_record_writer.py checks that
    its output is byte for byte `dump_record`'s.
    """

    def __init__(self) -> None:
        #: path -> (the table in JSON form, its text, whether it holds a CRLF)
        self._tables: dict[_Path, tuple[Any, str, bool]] = {}
        #: path -> (the item in JSON form, its inline text or None if too long, CRLF)
        self._items: dict[_Path, tuple[Any, str | None, bool]] = {}
        self._arrays: dict[_Path, _Array] = {}
        self._keys: dict[str, str] = {}

    def dump(self, record: SessionRecord) -> bytes:
        data = record.model_dump(mode="python", exclude_none=True)
        same = record.model_dump(mode="json", exclude_none=True)
        text, crlf = self._table(data, same, (), "")
        if crlf:  # text with a CRLF: then every string is written with escapes
            return dump_record(record)
        return text.encode("utf-8")

    def _key(self, key: str) -> str:
        """A key as tomli-w writes it: bare, or quoted."""
        if key not in self._keys:
            self._keys[key] = tomli_w.dumps({key: 0}).removesuffix(" = 0\n")
        return self._keys[key]

    def _table(
        self, table: dict[str, Any], same: Any, path: _Path, name: str, item: bool = False
    ) -> tuple[str, bool]:
        """A table's text (`item`: as one [[name]] of a list), laid out as tomli-w's
        `gen_table_chunks` does: header, plain values, then sub-tables."""
        if path:
            kept = self._tables.get(path)
            if kept is not None and kept[0] == same:
                return kept[1], kept[2]
        found: set[str] = set()
        literals: list[str] = []
        plain: dict[str, Any] = {}  # values written as `key = value`, not yet written
        tables: list[str] = []
        crlf = False
        for key, value in table.items():
            full_name = f"{name}.{self._key(key)}" if name else self._key(key)
            if type(value) is dict:
                text, has_crlf = self._table(value, same[key], (*path, key), full_name)
            elif type(value) is list and value and all(type(v) is dict for v in value):
                array = self._array(value, same[key], (*path, key), full_name)
                text, has_crlf = array.text, array.crlf
                if not array.as_tables:
                    if plain:
                        literals.append(tomli_w.dumps(plain, multiline_strings=True))
                        plain = {}
                    literals.append(f"{self._key(key)} = {text}\n")
                    crlf = crlf or has_crlf
                    continue
            else:
                plain[key] = _toml_ready(value, found)
                continue
            tables.append(text)
            crlf = crlf or has_crlf
        if plain:
            literals.append(tomli_w.dumps(plain, multiline_strings=True))
        header = f"[[{name}]]\n" if item else f"[{name}]\n"
        text = header if item or (name and (literals or not tables)) else ""
        text += "".join(literals)
        text += ("\n" if text and tables else "") + "\n".join(tables)
        crlf = crlf or "crlf" in found
        if path:
            self._tables[path] = (same, text, crlf)
        return text, crlf

    def _array(self, items: list[Any], same: list[Any], path: _Path, name: str) -> _Array:
        """A list of tables: inline if every item fits on a line, else [[name]] tables."""
        kept = self._arrays.get(path)
        if kept is not None and kept.same == same:
            return kept
        start, inline, as_tables, crlf = 0, [], False, False
        if kept is not None and len(same) > len(kept.same) and same[: len(kept.same)] == kept.same:
            start, inline, as_tables, crlf = (
                len(kept.same),
                list(kept.inline),
                kept.as_tables,
                kept.crlf,
            )
        for index in range(start, len(items)):
            if as_tables:
                break
            text, has_crlf = self._inline(items[index], same[index], (*path, index))
            if text is None:
                as_tables = True
            else:
                inline.append(text)
                crlf = crlf or has_crlf
        if not as_tables:
            text = "[\n" + "".join(f"    {line},\n" for line in inline) + "]"
        else:
            if start and kept is not None and kept.as_tables:  # grew: the old tables stay
                chunks, start_at = [kept.text], start
            else:
                chunks, start_at = [], 0
            for index in range(start_at, len(items)):
                chunk, has_crlf = self._table(
                    items[index], same[index], (*path, index), name, item=True
                )
                chunks.append(chunk)
                crlf = crlf or has_crlf
            text = "\n".join(chunks)
        array = _Array(same, inline, as_tables, text, crlf)
        self._arrays[path] = array
        return array

    def _inline(self, item: Any, same: Any, path: _Path) -> tuple[str | None, bool]:
        """An item as tomli-w writes it inside a list, or None if it is too long for that."""
        kept = self._items.get(path)
        if kept is not None and kept[0] == same:
            return kept[1], kept[2]
        found: set[str] = set()
        text = tomli_w.dumps({"x": [_toml_ready(item, found)]}, multiline_strings=True)
        inline = text[len("x = [\n    ") : -len(",\n]\n")] if text.startswith("x = [\n") else None
        self._items[path] = (same, inline, "crlf" in found)
        return inline, "crlf" in found


def check_schema(data: dict[str, Any], path: Path, text: str = "") -> None:
    """Refuse a record without a usable schema version, or from a newer workshop."""
    if "schema_version" not in data:
        raise WorkshopError(
            "is not a workshop session record (no schema_version)",
            path=path,
            field="schema_version",
        )
    version = data["schema_version"]

    def line() -> int | None:
        # Only for an error: finding lines takes a quarter of reading a good record.
        return KeyLocator(text).line_of(("schema_version",)) if text else None

    if not isinstance(version, int) or isinstance(version, bool):
        raise WorkshopError(
            f"must be a whole number, e.g. schema_version = {SCHEMA_VERSION}",
            path=path,
            line=line(),
            field="schema_version",
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"was written by a newer workshop (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade workshop to open it. The file is left untouched.",
            path=path,
            line=line(),
            field="schema_version",
        )
    if version < 1:
        raise WorkshopError(
            f"unknown schema version {version}", path=path, line=line(), field="schema_version"
        )


def parse_record(text: str, path: Path) -> SessionRecord:
    data = parse(text, path)
    if not data:
        raise WorkshopError("is empty (no session record in it)", path=path)
    check_schema(data, path, text)
    return validate(SessionRecord, data, path, text)


def load_record(path: Path) -> SessionRecord:
    """Read and validate a record; any problem raises a WorkshopError saying where."""
    return parse_record(read_text(path), path)


def _fingerprint(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class SessionLock:
    """An exclusive lock on one session, released by the OS if the process dies."""

    def __init__(self, record_path: Path) -> None:
        self.path = ensure_private_dir(locks_dir()) / f"{record_path.name}.lock"
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        handle = _open_lock(self.path)
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = visible(handle.read(200).strip()) or "another process"
            handle.close()
            raise SessionLockedError(
                f"this session is already open in another workshop ({holder}); "
                "close that one first, or use `workshop present` to watch it",
                path=self.path.name.removesuffix(".lock"),
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(
            f"pid {os.getpid()} on {socket.gethostname()}, since {datetime.now():%H:%M:%S}"
        )
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.seek(0)
                self._file.truncate()
                _unlock(self._file)
            self._file.close()
            self._file = None


def _open_lock(path: Path) -> IO[str]:
    """The lock file, opened for writing without following a link (a lock file that is a
    link would have its target truncated) and only if it is a plain file, user-only."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NONBLOCK", 0)  # a FIFO in its place must not block the open
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise WorkshopError(
                "the session's lock file is a symbolic link; not following it "
                "(remove the link, then open the session again)",
                path=path,
            ) from None
        raise WorkshopError(
            f"cannot create the session's lock file: {exc.strerror or exc}", path=path
        ) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            raise WorkshopError(
                "the session's lock file is not a plain file of its own; not using it "
                "(remove it, then open the session again)",
                path=path,
            )
        if hasattr(os, "fchmod") and stat.S_IMODE(st.st_mode) != 0o600:
            os.fchmod(fd, 0o600)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return open(fd, "r+", encoding="utf-8", errors="replace")
    except BaseException:
        os.close(fd)
        raise


def _lock(handle: IO[str]) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(handle: IO[str]) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _remove_stale_temps(path: Path) -> None:
    """Delete temp files left by a save that was killed mid-write (see `atomic_write`).

    Only called with the session's lock held, so no other save of this record is running.
    """
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


class SessionFile:
    """The one writer of a session record while the app has it open."""

    def __init__(self, path: Path, record: SessionRecord) -> None:
        self.path = path
        self.record = record
        self._lock = SessionLock(path)
        self._written: tuple[int, int, int] | None = None
        self._writer = RecordWriter()
        self.last_saved: datetime | None = None

    @classmethod
    def create(cls, record: SessionRecord, folder: Path | None = None) -> SessionFile:
        """A new record file, locked and written at once."""
        folder = ensure_private_dir(folder or sessions_dir())
        path = folder / record_filename(record)
        session = cls(path, record)
        session._lock.acquire()
        if path.exists():  # a same-second id clash: never overwrite
            session._lock.release()
            raise WorkshopError("a session file with this name already exists", path=path)
        session.save()
        return session

    @classmethod
    def open(cls, path: Path) -> SessionFile:
        """Lock, then load, an existing record for writing."""
        lock = SessionLock(path)
        lock.acquire()
        try:
            record = load_record(path)
        except WorkshopError:
            lock.release()
            raise
        _remove_stale_temps(path)
        session = cls(path, record)
        session._lock = lock
        session._written = _fingerprint(path)
        return session

    def save(self, at: datetime | None = None) -> datetime:
        """Write the record now (`saved` set to `at`, default the current time); refuse if
        the file was changed by someone else. If the write fails, `saved` is left as it was.
        """
        current = _fingerprint(self.path)
        if self._written is not None and current != self._written:
            raise WorkshopError(
                "the file was changed by another program since workshop last saved it; "
                "not overwriting it (your changes are still on screen)",
                path=self.path,
            )
        previous = self.record.saved
        self.record.saved = at or now()
        try:
            atomic_write(self.path, self._writer.dump(self.record))
        except BaseException:
            self.record.saved = previous
            raise
        self._written = _fingerprint(self.path)
        self.last_saved = self.record.saved
        return self.record.saved

    def close(self) -> None:
        self._lock.release()

    def __enter__(self) -> SessionFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
