"""Finding agendas and sessions by id or path, and listing them without opening each fully."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import time
import tomllib
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from workshop import userfile
from workshop.agenda import Agenda, load_agenda
from workshop.atomic import atomic_write
from workshop.errors import WorkshopError
from workshop.paths import (
    cache_dir,
    ensure_private_dir,
    sessions_dir,
    shipped_agendas_dir,
    user_agendas_dir,
)
from workshop.record import SCHEMA_VERSION, SessionRecord
from workshop.storage import load_record, parse_record
from workshop.textsafe import visible

#: A record's statuses (`SessionRecord.status`).
STATUSES = ("in-progress", "finished")


@dataclass
class AgendaEntry:
    """An agenda file as the launcher lists it (or the reason it cannot be used)."""

    path: Path
    origin: str  # "shipped" or "yours"
    agenda: Agenda | None = None
    error: str | None = None

    @property
    def id(self) -> str:
        return self.agenda.id if self.agenda else self.path.stem


def list_agendas() -> list[AgendaEntry]:
    """Shipped and user agendas; a user agenda with the same id replaces the shipped one."""
    entries: dict[str, AgendaEntry] = {}
    for origin, folder in (("shipped", shipped_agendas_dir()), ("yours", user_agendas_dir())):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                with userfile.no_traceback(path):
                    entry = AgendaEntry(path, origin, agenda=load_agenda(path))
            except WorkshopError as exc:
                entry = AgendaEntry(path, origin, error=visible(clip(userfile.reason(exc))))
            entries[entry.id] = entry
    return sorted(entries.values(), key=lambda e: (e.id != "culture-of-service", e.id))


def find_agenda(ref: str) -> tuple[Agenda, Path]:
    """An agenda by file path or by id (user agendas first, then shipped)."""
    path = Path(ref).expanduser()
    if path.suffix == ".toml" or path.exists() or "/" in ref:
        return load_agenda(path), path
    for folder in (user_agendas_dir(), shipped_agendas_dir()):
        candidate = folder / f"{ref}.toml"
        if candidate.is_file():
            return load_agenda(candidate), candidate
    for entry in list_agendas():
        if entry.agenda and entry.agenda.id == ref:
            return entry.agenda, entry.path
    known = ", ".join(e.id for e in list_agendas()) or "none"
    raise WorkshopError(f"no agenda {ref!r}; known agendas: {known}")


@dataclass
class SessionSummary:
    """What a listing shows of a record, read without full validation."""

    path: Path
    id: str = ""
    title: str = ""
    organization: str = ""
    agenda_id: str = ""
    agenda_title: str = ""
    status: str = ""
    created: datetime | None = None
    follows: str | None = None
    participants: int = 0
    #: None while only the record's header was read (`summarize_header`): not yet counted.
    entries: int | None = 0
    error: str | None = None
    #: Not judged yet (`SessionListing.summaries(checking=True)`): nothing but its path is
    #: known, and `entries` is None; `SessionListing.complete` reads the file in full.
    checking: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "id": self.id,
            "title": self.title,
            "organization": self.organization,
            "agenda": self.agenda_id,
            "status": self.status,
            "created": self.created.isoformat() if self.created else None,
            "follows": self.follows,
            "participants": self.participants,
            "entries": self.entries,
            "error": self.error,
        }


#: The longest reason a listing gives for a broken file (a field name may be any length).
REASON_CHARS = 160


def clip(text: str, limit: int = REASON_CHARS) -> str:
    """`text` cut to `limit` characters, with … when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _LineStart:
    """A pattern looked for at the start of a line, as `^` with re.MULTILINE would, but
    skipping from newline to newline: `^` is tried at every character, which took 13 ms
    to pass over a 2-million-character line (a broken record's title), against 1 ms."""

    def __init__(self, pattern: str) -> None:
        self._at = re.compile(pattern)
        self._after_newline = re.compile(rf"\n(?:{pattern})")

    def find(self, text: str, start: int = 0) -> int:
        """Where the first line from `start` (the start of a line) that begins with the
        pattern begins, or -1."""
        if self._at.match(text, start):
            return start
        found = self._after_newline.search(text, start)
        return -1 if found is None else found.start() + 1


#: The record's own keys with a length limit (`SessionRecord`), and that limit.
_LIMITS = {"id": 32, "title": 120, "organization": 200, "facilitator": 200, "status": 11}
#: One of them given a string on one line: `title = "` or `title = '`.
_TOP_KEY = re.compile(
    r"[ \t]*(id|title|organization|facilitator|status)[ \t]*=[ \t]*(\"(?!\"\")|'(?!''))"
)
#: The most characters one character of a string takes in TOML (as \UXXXXXXXX).
_WIDEST = 10
#: Where the record's own keys end: the first line opening a table, any table.
_ANY_TABLE = _LineStart(r"[ \t]*\[")


def _top_end(text: str) -> int:
    """Where the record's own (top-level) keys end: the whole text if it has no table."""
    end = _ANY_TABLE.find(text)
    return len(text) if end < 0 else end


def _too_long(text: str, end: int) -> str | None:
    """The problem of a top-level key given a string far longer than its limit could ever
    allow (even with every character written as wide as TOML can), found without parsing:
    parsing a 2-million-character title takes a fifth of a second, and a listing must not
    wait for it. `end` is where the top-level keys end (`_top_end`). None when there is
    none such (parsing and validating may find others).

    The keys are looked at line by line, skipping from newline to newline: a regular
    expression tried at every character took 14 ms to pass over such a title."""
    if end < 2_000:
        return None
    shortest = _WIDEST * min(_LIMITS.values())
    start = 0
    while start < end:
        stop = text.find("\n", start, end)
        stop = end if stop < 0 else stop
        key = _TOP_KEY.match(text, start, stop) if stop - start > shortest else None
        if key and _string_end(text, key.end(), stop, key.group(2)) - key.end() > (
            _WIDEST * _LIMITS[name := key.group(1)]
        ):
            line = text.count("\n", 0, start) + 1
            return f"line {line}: {name}: is too long: at most {_LIMITS[name]} characters"
        start = stop + 1
    return None


def _string_end(text: str, start: int, stop: int, quote: str) -> int:
    """Where the string that starts at `start` (after its opening `quote`) closes before
    `stop`, the end of its line; -1 if it does not (then it is no one-line string)."""
    at = start
    while (at := text.find(quote, at, stop)) >= 0:
        escapes = 0
        while quote == '"' and text[at - 1 - escapes] == "\\":
            escapes += 1
        if escapes % 2 == 0:
            return at
        at += 1
    return -1


def summarize(path: Path, raw: bytes | None = None) -> SessionSummary:
    """What a listing shows of the record at `path` (`raw`: its bytes, if already read).

    The record is read and validated as `load_record` does, so a record that `workshop
    check` refuses (a newer schema, a title too long, an unknown current step) is listed
    as broken, with the first problem as its `error`, never as an ordinary session."""
    return _summarize(path, raw)[0]


def _summarize(path: Path, raw: bytes | None = None) -> tuple[SessionSummary, bool]:
    """The summary, and whether it follows from the file's bytes alone (then it may be
    kept against the file's fingerprint; not when the file could not be read at all)."""
    summary = SessionSummary(path=path)
    read = raw is not None
    try:
        with userfile.no_traceback(path):
            if raw is None:
                raw = userfile.read_bytes(path)
                read = True
            text = userfile.decode(raw, path)
            if (problem := _too_long(text, _top_end(text))) is not None:
                summary.error = problem
                return summary, True
            record = parse_record(text, path)
    except WorkshopError as exc:
        summary.error = visible(clip(userfile.reason(exc)))
        return summary, read
    summary.id = record.id
    summary.title = record.title
    summary.organization = record.organization
    summary.agenda_id = record.agenda.id
    summary.agenda_title = record.agenda.title
    summary.status = record.status
    summary.created = record.created
    summary.follows = record.follows
    summary.participants = len(record.participants)
    summary.entries = record.entry_count()
    return summary, True


def _fill(summary: SessionSummary, data: dict[str, Any]) -> bool:
    """Everything but the entries from parsed TOML; False if it is no record (no version)."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return False
    if not 1 <= version <= SCHEMA_VERSION:  # `summarize` says why
        return False
    for key, most in (("title", 120), ("organization", 200), ("id", 32)):
        if not isinstance(data.get(key, ""), str) or len(data.get(key, "")) > most:
            return False
    if not data.get("title") or data.get("status", "in-progress") not in STATUSES:
        return False
    agenda = data.get("agenda")
    if not isinstance(agenda, dict):
        agenda = {}
    for key, most in (("title", 120), ("id", 40)):  # what a row shows of the agenda
        if not isinstance(agenda.get(key, ""), str) or len(agenda.get(key, "")) > most:
            return False
    created = data.get("created")
    summary.id = str(data.get("id", ""))
    summary.title = str(data.get("title", ""))
    summary.organization = str(data.get("organization", ""))
    summary.agenda_id = str(agenda.get("id", ""))
    summary.agenda_title = str(agenda.get("title", ""))
    summary.status = str(data.get("status", ""))
    summary.created = created if isinstance(created, datetime) else None
    follows, participants = data.get("follows"), data.get("participants")
    summary.follows = follows if isinstance(follows, str) else None
    summary.participants = len(participants) if isinstance(participants, list) else 0
    return True


#: Where a record's header ends: the first line opening a table other than `[agenda]`
#: (TOML allows spaces or tabs before a table's name, and a comment after it).
_HEADER_END = _LineStart(r"[ \t]*\[(?![ \t]*agenda[ \t]*\])")
#: A line after the header opening a table that is not one of agenda's sub-tables, results
#: or timing (as `dump_record` writes them), or opening [agenda] again: a table that could
#: hold something the header is read for (a `[title]`, say). It may as well be text in a
#: multi-line string (a note saying "[x] done"): either way the record is read in full.
_UNEXPECTED_TABLE = _LineStart(
    r"[ \t]*\[(?!\[?[ \t]*(?:agenda|results|timing)[ \t]*[.\]])"
    r"|[ \t]*\[\[?[ \t]*agenda[ \t]*\]"
)


def _header_end(text: str, top: int) -> int:
    """Where the record's header ends (see `summarize_header`), from where its top-level
    keys end (`_top_end`): the whole text if it has no table but [agenda]."""
    end = _HEADER_END.find(text, top)
    return len(text) if end < 0 else end


def summarize_header(path: Path) -> SessionSummary:
    """`summarize` without counting the entries (`entries` is None): several times faster.

    Only the record's header is parsed: its top-level keys and its [agenda] table, the
    text before the first other table (`dump_record` writes the steps, results and timing
    after them). The header is used only if it parses and holds a schema version and the
    agenda's id and title, and no line after it opens a table other than agenda's
    sub-tables, results and timing (none that could hold a key the header is read for);
    anything else (a multi-line string cut in half, a hand-edited order, a broken file) is
    read in full by `summarize`, which also gives a broken file its error. A fault after
    the header (say, a duplicate key among the results) is found only by `summarize`. A
    top-level string far too long for its key (`_too_long`) is said at once, as
    `summarize` says it, without parsing.
    """
    return _summarize_header(path)[0]


#: How much of a file larger than this the header pass reads first when it may leave a
#: file to be judged later: enough for any record's top-level keys.
_FIRST_BYTES = 64 * 1024


def _summarize_header(
    path: Path, *, defer: bool = False, size: int = 0
) -> tuple[SessionSummary, bool]:
    """`summarize_header`, and whether its summary follows from the file's bytes alone
    (as `_summarize` says). `defer`: a file that its start shows broken beyond doubt, or
    that only parsing it all can judge, is not judged now (its summary is `checking`);
    `size` is the file's size, which decides whether its start is read first."""
    try:
        if defer and size > _FIRST_BYTES:
            start = userfile.read_bytes(path, first=_FIRST_BYTES)
            if _cut_off_too_long(start.decode("utf-8", "replace")):
                return _checking(path), False
        raw = userfile.read_bytes(path)
        text = userfile.decode(raw, path)
    except WorkshopError:
        return _summarize(path)  # which says why
    top = _top_end(text)
    if (problem := _too_long(text, top)) is not None:
        return SessionSummary(path=path, error=problem), True  # as `summarize` says it
    end = _header_end(text, top)
    if end == len(text) and defer:  # hardly a record (dump_record writes tables)
        return _checking(path), False
    if end == len(text) or _UNEXPECTED_TABLE.find(text, end) >= 0:
        return _summarize(path, raw)  # no table after the header (as quick), or one to check
    try:
        data = tomllib.loads(text[:end])
    except (tomllib.TOMLDecodeError, RecursionError, MemoryError):
        return _summarize(path, raw)
    summary = SessionSummary(path=path, entries=None)
    agenda = data.get("agenda")
    if not isinstance(agenda, dict) or not {"id", "title"} <= agenda.keys():
        return _summarize(path, raw)
    if not _fill(summary, data):  # broken beyond doubt: `summarize` says why
        return (_checking(path), False) if defer else _summarize(path, raw)
    return summary, True


def _checking(path: Path) -> SessionSummary:
    return SessionSummary(path=path, entries=None, checking=True)


def _cut_off_too_long(start: str) -> bool:
    """Whether the start of a file (`start`, cut anywhere) ends inside a top-level key's
    one-line string already far longer than its limit: the file is broken whatever comes
    after (the string is too long, or never closed on its line)."""
    last = start.rfind("\n") + 1
    if _top_end(start) < last:  # a table before it: no top-level key
        return False
    key = _TOP_KEY.match(start, last)
    return (
        key is not None
        and _string_end(start, key.end(), len(start), key.group(2)) < 0
        and len(start) - key.end() > _WIDEST * _LIMITS[key.group(1)]
    )


#: 2: summaries are of validated records, and a broken record's summary is kept too.
#: 3: a title far too long is judged by its string alone (not a comment after it, nor the
#: agenda's title), so records version 2 called broken for those are read again.
_INDEX_VERSION = 3


def index_path(folder: Path) -> Path:
    """Where the summaries of a sessions folder's records are kept: in the data folder's
    cache, not among the records (the sessions folder holds records and nothing else)."""
    digest = hashlib.sha256(str(folder.resolve()).encode("utf-8", "surrogateescape"))
    return cache_dir() / f"sessions-{digest.hexdigest()[:16]}.json"


#: A record changed less than this long ago is read again next time rather than kept:
#: a file system whose times are coarser could show a second change within the same tick.
_SETTLED_NS = 2_000_000_000


class _SummaryIndex:
    """What `summarize` said of each record, with the record's (inode, size, mtime).

    A summary is used only while its file still has that fingerprint (every file is
    looked at on every listing; a save replaces the file, so it gets a new inode), so a
    record changed in any way, by workshop or anything else, is read again. Only complete
    summaries are kept: never one from `summarize_header`, whose entries are not counted.
    A broken record's summary is kept like any other (its reason follows from its bytes),
    but not that of a file that could not be read (permission denied, say: a change of
    permissions changes no fingerprint); a folder, a FIFO or a loop of links is said from
    its status on every listing, never opened. The index is a cache: unreadable, missing
    or from another version, it is rebuilt; if it cannot be written, the listing is the
    same, only slower next time.
    """

    def __init__(self, folder: Path) -> None:
        self.path = index_path(folder)
        self.kept: dict[str, dict[str, Any]] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_bytes())
            if data.get("version") == _INDEX_VERSION and isinstance(data.get("files"), dict):
                self.kept = data["files"]
        except (OSError, ValueError, AttributeError):  # no index yet, or not one we wrote
            self.changed = True
        self.seen: set[str] | None = None  # the names in the folder, once listed

    def summary(
        self, entry: os.DirEntry[str], *, complete: bool = True, checking: bool = False
    ) -> SessionSummary:
        """The record's summary, from the index if it is there for the file as it is now;
        else read (`complete=False`: perhaps only its header, see `summarize_header`;
        `checking`: perhaps not yet judged, see `SessionListing.summaries`)."""
        if self.seen is None:
            self.seen = set()
        self.seen.add(entry.name)
        path = Path(entry.path)
        try:
            stat = entry.stat()  # before reading: a change after this is seen next time
        except OSError as exc:  # a loop of links, a dangling link, gone meanwhile
            self._forget(path)
            return _unread(path, userfile.os_reason(exc, path))
        return self._summary(path, stat, complete, checking)

    def complete(self, path: Path) -> SessionSummary:
        """The record's complete summary (from the index if it is there for the file as it
        is now), after `summary(complete=False)` gave only its header."""
        try:
            stat = path.stat()  # the file as it is now, which may have changed since
        except OSError as exc:
            self._forget(path)
            return _unread(path, userfile.os_reason(exc, path))
        return self._summary(path, stat, complete=True, checking=False)

    def _summary(
        self, path: Path, stat: os.stat_result, complete: bool, checking: bool
    ) -> SessionSummary:
        if not stat_is_file(stat):  # a folder, a FIFO…: said from its status, never read
            self._forget(path)
            return _unread(path, userfile.kind_reason(stat.st_mode))
        fingerprint = [stat.st_ino, stat.st_size, stat.st_mtime_ns]
        kept = self.kept.get(path.name)
        if kept is not None and kept.get("fingerprint") == fingerprint:
            try:
                return _summary_from_json(path, kept["summary"])
            except (KeyError, TypeError, ValueError):
                pass  # not as written: read the record itself, below
        if complete:
            summary, read = _summarize(path)
        else:
            summary, read = _summarize_header(path, defer=checking, size=stat.st_size)
        settled = time.time_ns() - stat.st_mtime_ns > _SETTLED_NS
        if read and summary.entries is not None and settled:
            self.kept[path.name] = {"fingerprint": fingerprint, "summary": _summary_json(summary)}
            self.changed = True
        else:
            self._forget(path)
        return summary

    def _forget(self, path: Path) -> None:
        if self.kept.pop(path.name, None) is not None:
            self.changed = True

    def save(self) -> None:
        if self.seen is not None:  # what is no longer in the folder goes
            for gone in self.kept.keys() - self.seen:
                del self.kept[gone]
                self.changed = True
        if not self.changed:
            return
        data = json.dumps({"version": _INDEX_VERSION, "files": self.kept}, ensure_ascii=False)
        # A read-only or missing data folder: the listing is the same, only slower next time.
        with contextlib.suppress(WorkshopError, OSError):
            atomic_write(ensure_private_dir(self.path.parent) / self.path.name, data.encode())
        self.changed = False


def stat_is_file(st: os.stat_result) -> bool:
    return stat.S_ISREG(st.st_mode)


def _unread(path: Path, reason: str) -> SessionSummary:
    """The summary of a file not read (a folder, a loop of links…), as `summarize` gives it:
    said from the file's status alone, without opening it or raising an error for it."""
    return SessionSummary(path=path, error=visible(clip(reason)))


def _summary_json(summary: SessionSummary) -> dict[str, Any]:
    data = {f.name: getattr(summary, f.name) for f in fields(summary) if f.name != "path"}
    data["created"] = summary.created.isoformat() if summary.created else None
    return data


def _summary_from_json(path: Path, data: dict[str, Any]) -> SessionSummary:
    created = datetime.fromisoformat(data["created"]) if data["created"] else None
    return SessionSummary(path=path, **{**data, "created": created})


def newest_first(summaries: list[SessionSummary]) -> list[SessionSummary]:
    """Summaries in a listing's order: the newest first, those with no date last."""
    return sorted(
        summaries,
        key=lambda s: (s.created.timestamp() if s.created else 0.0, s.path.name),
        reverse=True,
    )


def list_sessions(folder: Path | None = None) -> list[SessionSummary]:
    """Every record in the sessions folder, newest first, each summary complete.

    Each record is read once: its summary is kept in an index (`index_path`) and used again
    while the file is unchanged (at 1,000 records, reading them all took a second).
    `SessionListing` lists faster still the first time, counting the entries afterwards.
    """
    listing = SessionListing(folder)
    summaries = listing.summaries()
    listing.save()
    return summaries


class SessionListing:
    """A sessions folder listed in two passes, for a screen that shows the list at once.

    `summaries(complete=False)` gives what the index holds for each unchanged file and,
    for any other, what its header says (`summarize_header`, several times faster than
    reading the record in full) with `entries` None; `complete` then reads such a record
    in full (the file as it is by then) and keeps its summary in the index, which `save`
    writes. Only complete summaries are ever kept in the index.

    With `checking=True` as well, a file not in the index that would have to be read in
    full before the list could show (its start shows it broken beyond doubt, or it has no
    table after its header) is listed as `checking`, and `complete` judges it: a broken
    file costs the first pass no more than a good one (reading a 2-million-character title
    took 5-7 ms, parsing a file nested 800 deep 3-4 ms, a good record's header 0.15 ms).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or sessions_dir()
        self._index: _SummaryIndex | None = None

    @property
    def index(self) -> _SummaryIndex:
        if self._index is None:
            self._index = _SummaryIndex(self.folder)
        return self._index

    def summaries(self, *, complete: bool = True, checking: bool = False) -> list[SessionSummary]:
        """Every record in the folder, newest first; `complete=False`: a record not in the
        index has only its header read (its `entries` is None until `complete`), and with
        `checking=True` a file that only reading it in full could judge is not judged yet
        (`SessionSummary.checking`; listed last, having no date)."""
        if not self.folder.is_dir():
            return []
        with os.scandir(self.folder) as entries:  # as glob("*.toml"), with a cheaper stat
            summaries = [
                self.index.summary(e, complete=complete, checking=checking and not complete)
                for e in entries
                if e.name.endswith(".toml")
            ]
        return newest_first(summaries)

    def complete(self, summary: SessionSummary) -> SessionSummary:
        """The record's complete summary: `summary` itself if it is, else the record read
        again as it is now (it may have changed, in any field, since its header was read)."""
        if summary.entries is not None:
            return summary
        return self.index.complete(summary.path)

    def save(self) -> None:
        """Keep the complete summaries read so far (the index is only ever a cache)."""
        if self._index is not None:
            self._index.save()


def find_session(ref: str | None) -> Path:
    """A record by path or id (or id prefix); with no ref, the newest in-progress one."""
    if ref:
        path = Path(ref).expanduser()
        if path.suffix == ".toml" or path.exists() or "/" in ref:
            if not os.path.lexists(path):
                raise WorkshopError("no such session file", path=path)
            userfile.check_regular(path)  # else why not: a folder, a FIFO, a loop of links…
            return path
        matches = [s for s in list_sessions() if s.id.startswith(ref) or s.path.stem == ref]
        if len(matches) == 1:
            return matches[0].path
        if not matches:
            raise WorkshopError(f"no session with id {ref!r} (see `workshop sessions`)")
        raise WorkshopError(f"{len(matches)} sessions start with {ref!r}; give more of the id")
    for summary in list_sessions():
        if summary.status == "in-progress" and not summary.error:
            return summary.path
    raise WorkshopError("no session in progress to resume (see `workshop sessions`)")


def load_session(ref: str) -> SessionRecord:
    return load_record(find_session(ref))


def filter_sessions(
    summaries: list[SessionSummary],
    *,
    organization: str | None = None,
    status: str | None = None,
    agenda: str | None = None,
    since: date | None = None,
    search: str | None = None,
) -> list[SessionSummary]:
    """The summaries that pass every filter given (None means no filter), in their order.

    Text filters ignore case and extra spaces: `organization` is a part of the name,
    `agenda` an agenda id, `search` a part of the title, organization or agenda (id or
    title). `since` keeps sessions created on that local date or later. A file that could
    not be read passes no filter (nothing is known about it), so it shows only unfiltered.
    """

    def norm(text: str) -> str:
        return " ".join(text.split()).casefold()

    def keep(s: SessionSummary) -> bool:
        if s.error:
            return False
        if organization is not None and norm(organization) not in norm(s.organization):
            return False
        if status is not None and s.status != status:
            return False
        if agenda is not None and norm(agenda) != norm(s.agenda_id):
            return False
        if since is not None and (s.created is None or s.created.astimezone().date() < since):
            return False
        if search is not None:
            haystack = norm(" ".join((s.title, s.organization, s.agenda_id, s.agenda_title)))
            return norm(search) in haystack
        return True

    if all(f is None for f in (organization, status, agenda, since, search)):
        return list(summaries)
    return [s for s in summaries if keep(s)]
