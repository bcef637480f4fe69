"""Session records on disk: private files, atomic saves, one writer, and the listing."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from workshop import atomic
from workshop.agenda import load_agenda
from workshop.atomic import atomic_write
from workshop.catalog import find_session, list_sessions, load_session, summarize
from workshop.errors import NewerSchemaError, SessionLockedError, WorkshopError
from workshop.kinds.commitments import Commitment
from workshop.kinds.list_items import ListItem
from workshop.kinds.one_word import WordEntry
from workshop.paths import HOME_ENV
from workshop.record import SCHEMA_VERSION, SessionRecord
from workshop.storage import SessionFile, load_record, record_filename

REPO = Path(__file__).resolve().parent.parent
HELPERS = REPO / "tests" / "helpers"
AGENDA = load_agenda(REPO / "agendas" / "culture-of-service.toml")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and signals")


def new_record(title: str = "Service culture", **fields: object) -> SessionRecord:
    record = SessionRecord.start_new(AGENDA, title=title)
    for key, value in fields.items():
        setattr(record, key, value)
    return record


def saved_file(record: SessionRecord | None = None, folder: Path | None = None) -> Path:
    """A record written to disk and closed again (its lock released)."""
    with SessionFile.create(record or new_record(), folder) as session:
        return session.path


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# --------------------------------------------------------------- create / open / save


@posix_only
def test_create_writes_a_private_readable_file(workshop_home: Path) -> None:
    record = new_record("Café Ünïcode: Team #1 — 顧客")
    assert record.saved is None
    with SessionFile.create(record) as session:
        path = session.path
        assert path.parent == workshop_home / "sessions"
        assert mode(path.parent) == 0o700
        assert mode(path) == 0o600
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-cafe-unicode-team-1-[0-9a-f]{8}\.toml", path.name)
        assert path.name == f"{record.created:%Y-%m-%d}-cafe-unicode-team-1-{record.id[:8]}.toml"
        assert record.saved is not None
        assert session.last_saved == record.saved
        assert load_record(path) == record
        assert (workshop_home / "locks").stat().st_mode & 0o777 == 0o700
    assert temps(path.parent) == []


def test_file_name_of_a_title_with_no_ascii_letters() -> None:
    record = new_record("顧客サービス")
    assert record_filename(record) == f"{record.created:%Y-%m-%d}-session-{record.id[:8]}.toml"


def test_open_save_close_keeps_every_change() -> None:
    path = saved_file()
    with SessionFile.open(path) as session:
        first_saved = session.record.saved
        session.record.add_participant("Ada Lovelace")
        session.record.result("icebreaker").entries.append(  # type: ignore[union-attr]
            WordEntry(person="Ada Lovelace", word="listening")
        )
        session.record.current_step = "icebreaker"
        saved = session.save()
        assert session.record.saved == saved == session.last_saved
        assert first_saved is not None and saved >= first_saved
        session.record.result("values").items.append(ListItem(text="Respect"))  # type: ignore[union-attr]
        session.save()  # a second save by the same holder is not "someone else's change"
    again = load_record(path)
    assert again.participants == ["Ada Lovelace"]
    assert again.current_step == "icebreaker"
    assert again.entry_count() == 2
    assert again == session.record


def test_create_never_overwrites_an_existing_file() -> None:
    record = new_record()
    path = saved_file(record)
    before = path.read_bytes()
    clash = record.model_copy()
    with pytest.raises(WorkshopError, match="already exists"):
        SessionFile.create(clash)
    assert path.read_bytes() == before
    SessionFile.open(path).close()  # the refused create released its lock


def test_save_refuses_when_someone_else_changed_the_file() -> None:
    path = saved_file()
    session = SessionFile.open(path)
    try:
        edited = path.read_text(encoding="utf-8").replace(
            'title = "Service culture"', 'title = "Mine"'
        )
        path.write_text(edited, encoding="utf-8")
        saved_before = session.record.saved
        session.record.add_participant("Grace")
        with pytest.raises(WorkshopError, match="changed by another program"):
            session.save()
        assert path.read_text(encoding="utf-8") == edited
        assert session.record.saved == saved_before
        with pytest.raises(WorkshopError):  # and keeps refusing: nothing is forced over it
            session.save()
        assert path.read_text(encoding="utf-8") == edited
    finally:
        session.close()


@pytest.mark.parametrize("how", ["touched", "replaced"])
def test_save_notices_a_change_that_keeps_the_size(how: str) -> None:
    path = saved_file()
    with SessionFile.open(path) as session:
        before = path.read_bytes()
        if how == "touched":  # same bytes, new modification time (e.g. an editor's save)
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
        else:  # another program's own atomic save: a new file in its place
            other = path.with_name("other.tmp")
            other.write_bytes(before)
            os.replace(other, path)
        with pytest.raises(WorkshopError, match="changed by another program"):
            session.save()
        assert path.read_bytes() == before


# ------------------------------------------------------------------- atomic_write


@posix_only
def test_atomic_write_replaces_the_file_and_makes_it_private(tmp_path: Path) -> None:
    target = tmp_path / "record.toml"
    target.write_bytes(b"old")
    target.chmod(0o644)
    atomic_write(target, b"new \xe2\x9c\x93")
    assert target.read_bytes() == b"new \xe2\x9c\x93"
    assert mode(target) == 0o600
    assert temps(tmp_path) == []


def _assert_refused_cleanly(target: Path, before: bytes, exc: WorkshopError, reason: str) -> None:
    message = str(exc)
    assert "cannot save" in message
    assert reason in message
    assert "the previous file is unchanged" in message
    assert target.name in message
    assert target.read_bytes() == before
    assert temps(target.parent) == []


@posix_only
@pytest.mark.skipif(IS_ROOT, reason="root ignores folder permissions")
def test_atomic_write_into_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    target = folder / "record.toml"
    target.write_bytes(b"previous")
    folder.chmod(0o500)
    try:
        with pytest.raises(WorkshopError) as caught:
            atomic_write(target, b"next")
    finally:
        folder.chmod(0o700)
    _assert_refused_cleanly(target, b"previous", caught.value, "Permission denied")


@posix_only
@pytest.mark.skipif(not IS_ROOT, reason="chattr +i needs root")
def test_atomic_write_into_an_immutable_folder_as_root(tmp_path: Path) -> None:
    """As root, permissions do not stop a write; an immutable folder (chattr +i) does."""
    folder = tmp_path / "sessions"
    folder.mkdir()
    target = folder / "record.toml"
    target.write_bytes(b"previous")
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("no chattr")
    made = subprocess.run([chattr, "+i", str(folder)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot make a folder immutable here: {made.stderr.decode().strip()}")
    try:
        with pytest.raises(WorkshopError) as caught:
            atomic_write(target, b"next")
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)
    _assert_refused_cleanly(target, b"previous", caught.value, "Operation not permitted")


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EROFS, "Read-only file system"), (errno.EACCES, "Permission denied")],
)
def test_atomic_write_when_no_temp_file_can_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    target = tmp_path / "record.toml"
    target.write_bytes(b"previous")

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(WorkshopError) as caught:
        atomic_write(target, b"next")
    _assert_refused_cleanly(target, b"previous", caught.value, reason)


def test_atomic_write_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temp file was written, the rename is refused: the temp file is removed."""
    target = tmp_path / "record.toml"
    target.write_bytes(b"previous")
    seen: list[str] = []

    def refuse(src: str, dst: str) -> None:
        seen.append(Path(src).name)
        assert Path(src).exists()
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(WorkshopError) as caught:
        atomic_write(target, b"next")
    assert seen and seen[0].startswith(".record.toml.") and seen[0].endswith(".tmp")
    _assert_refused_cleanly(target, b"previous", caught.value, "Permission denied")


def test_atomic_write_when_the_disk_fills_mid_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "record.toml"
    target.write_bytes(b"previous")
    real_write = os.write
    calls = 0

    def write_some(fd: int, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            return real_write(fd, bytes(data[:3]))  # a short write: the loop must go on
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "write", write_some)
    with pytest.raises(WorkshopError) as caught:
        atomic_write(target, b"next version")
    monkeypatch.undo()
    assert calls == 2
    _assert_refused_cleanly(target, b"previous", caught.value, "No space left on device")


def test_a_failed_save_changes_nothing_and_the_next_one_succeeds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = saved_file()
    with SessionFile.open(path) as session:
        before = path.read_bytes()
        stat_before = path.stat()
        session.record.add_participant("Ada")

        def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))

        with monkeypatch.context() as patch:
            patch.setattr(tempfile, "mkstemp", refuse)
            with pytest.raises(WorkshopError, match="Read-only file system"):
                session.save()
        assert path.read_bytes() == before
        assert path.stat().st_mtime_ns == stat_before.st_mtime_ns
        assert temps(path.parent) == []
        session.save()  # not mistaken for someone else's change
    assert load_record(path).participants == ["Ada"]


def test_a_failed_save_leaves_saved_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory must not claim a save that did not happen."""
    path = saved_file()
    with SessionFile.open(path) as session:
        saved_before = session.record.saved
        last_before = session.last_saved
        assert saved_before is not None

        def fail(*args: object) -> None:
            raise WorkshopError("cannot save: disk on fire", path=path)

        with monkeypatch.context() as patch:
            patch.setattr("workshop.storage.atomic_write", fail)
            with pytest.raises(WorkshopError, match="disk on fire"):
                session.save(datetime(2030, 1, 1, tzinfo=UTC))
        assert session.record.saved == saved_before
        assert session.last_saved == last_before
        later = datetime(2030, 1, 2, tzinfo=UTC)
        assert session.save(later) == later == session.record.saved == session.last_saved
    assert load_record(path).saved == later


# ----------------------------------------------------------------------- the lock


def _hold(path: Path, home: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, str(HELPERS / "hold_session.py"), str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, HOME_ENV: str(home)},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.strip() != "locked":
        proc.kill()
        pytest.fail(f"holder did not lock: {line!r} {proc.communicate()[1]}")
    return proc


def test_a_second_open_in_the_same_process_is_refused() -> None:
    path = saved_file()
    session = SessionFile.open(path)
    try:
        before = path.read_bytes()
        with pytest.raises(SessionLockedError) as caught:
            SessionFile.open(path)
        assert f"pid {os.getpid()}" in str(caught.value)
        assert "already open" in str(caught.value)
        assert path.read_bytes() == before
    finally:
        session.close()
    SessionFile.open(path).close()


def test_the_creator_holds_the_lock_until_closed() -> None:
    session = SessionFile.create(new_record())
    try:
        with pytest.raises(SessionLockedError):
            SessionFile.open(session.path)
    finally:
        session.close()
    SessionFile.open(session.path).close()


@posix_only
@pytest.mark.parametrize("ending", ["closes", "is killed"])
def test_open_is_refused_while_another_process_holds_the_session(
    workshop_home: Path, ending: str
) -> None:
    path = saved_file()
    holder = _hold(path, workshop_home)
    try:
        with pytest.raises(SessionLockedError) as caught:
            SessionFile.open(path)
        message = str(caught.value)
        assert f"pid {holder.pid} " in message, message
        assert path.name.removesuffix(".toml") in message
    finally:
        if ending == "closes":
            out, _ = holder.communicate("\n", timeout=10)
            assert out.strip() == "closed"
        else:
            holder.kill()  # SIGKILL: no cleanup runs; the OS drops the lock
            holder.communicate(timeout=10)
    assert holder.returncode == (0 if ending == "closes" else -9)
    with SessionFile.open(path) as session:
        session.record.add_participant("Next")
        session.save()
    assert load_record(path).participants == ["Next"]


# ------------------------------------------------------------------ schema version


def test_a_newer_schema_is_refused_and_left_untouched() -> None:
    path = saved_file()
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"schema_version = {SCHEMA_VERSION}\n")
    newer = text.replace(
        f"schema_version = {SCHEMA_VERSION}\n", "schema_version = 99\nhologram = true\n", 1
    )
    path.write_text(newer, encoding="utf-8")
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = path.read_bytes()
    stat_before = path.stat()

    with pytest.raises(NewerSchemaError) as caught:
        load_record(path)
    assert "newer workshop" in str(caught.value) and "99" in str(caught.value)
    for _ in range(2):  # the refused open releases its lock, so it is refused the same way
        with pytest.raises(NewerSchemaError):
            SessionFile.open(path)

    assert path.read_bytes() == before
    stat_after = path.stat()
    assert stat_after.st_mtime_ns == stat_before.st_mtime_ns == 1_600_000_000_000_000_000
    assert stat_after.st_ino == stat_before.st_ino
    assert temps(path.parent) == []


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("schema_version = 99", "was written by a newer workshop (schema 99"),
        ("schema_version = 0", "unknown schema version 0"),
        ('schema_version = "1"', f"must be a whole number, e.g. schema_version = {SCHEMA_VERSION}"),
        ("schema_version = true", "must be a whole number"),
    ],
)
def test_a_bad_schema_version_names_its_line(first_line: str, expected: str) -> None:
    path = saved_file()
    text = path.read_text(encoding="utf-8").replace(f"schema_version = {SCHEMA_VERSION}\n", "", 1)
    path.write_text(f"# a comment first\n\n{first_line}\n{text}", encoding="utf-8")
    with pytest.raises(WorkshopError) as caught:
        load_record(path)
    assert (caught.value.line, caught.value.field) == (3, "schema_version")
    assert caught.value.message.startswith(expected)


def test_a_record_without_schema_version() -> None:
    path = saved_file()
    text = path.read_text(encoding="utf-8").replace(f"schema_version = {SCHEMA_VERSION}\n", "", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkshopError) as caught:
        load_record(path)
    assert caught.value.line is None
    assert str(caught.value).endswith(
        "schema_version: is not a workshop session record (no schema_version)"
    )


@pytest.mark.parametrize("text", ["", "\n\n", "# emptied by a crashed editor\n"])
def test_an_empty_record_is_one_clear_problem(text: str) -> None:
    path = saved_file()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkshopError) as caught:
        SessionFile.open(path)
    assert str(caught.value).endswith(": is empty (no session record in it)")
    assert path.read_text(encoding="utf-8") == text


# ------------------------------------------------------------------------ catalog


def _at(month: int) -> datetime:
    return datetime(2025, month, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def three_sessions() -> dict[str, Path]:
    """Oldest in progress (with entries), newer in progress, newest finished."""
    older = new_record("Older", id="aaaa1111", created=_at(1), organization="Acme")
    older.add_participant("Ada")
    older.add_participant("Grace")
    older.result("icebreaker").entries.append(WordEntry(word="care"))  # type: ignore[union-attr]
    older.result("values").items.append(ListItem(text="Respect"))  # type: ignore[union-attr]
    older.result("commitments").items.append(  # type: ignore[union-attr]
        Commitment(what="Fun-Friday board", owner="Ada", due=date(2025, 2, 1))
    )
    older.result("briefing").text = "Command and control."  # type: ignore[union-attr]
    newer = new_record("Newer", id="aaaa2222", created=_at(2))
    finished = new_record("Finished", id="bbbb3333", created=_at(3), status="finished")
    return {
        "older": saved_file(older),
        "newer": saved_file(newer),
        "finished": saved_file(finished),
    }


def test_list_sessions_newest_first(three_sessions: dict[str, Path]) -> None:
    listed = list_sessions()
    assert [s.path for s in listed] == [
        three_sessions["finished"],
        three_sessions["newer"],
        three_sessions["older"],
    ]
    assert all(s.error is None for s in listed)


def test_summarize_reads_what_a_listing_shows(three_sessions: dict[str, Path]) -> None:
    path = three_sessions["older"]
    summary = summarize(path)
    record = load_record(path)
    assert summary.error is None
    assert (summary.id, summary.title, summary.organization) == ("aaaa1111", "Older", "Acme")
    assert (summary.agenda_id, summary.agenda_title) == (AGENDA.id, AGENDA.title)
    assert summary.status == "in-progress"
    assert summary.created == _at(1)
    assert summary.participants == 2
    assert summary.entries == record.entry_count() == 4
    assert summary.as_json()["created"] == "2025-01-01T09:30:00+00:00"


def test_find_session_by_id_prefix_path_and_default(
    three_sessions: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert find_session("bbbb3333") == three_sessions["finished"]
    assert find_session("bbbb") == three_sessions["finished"]
    assert find_session("aaaa1") == three_sessions["older"]
    assert find_session(str(three_sessions["newer"])) == three_sessions["newer"]
    assert find_session(three_sessions["older"].stem) == three_sessions["older"]
    monkeypatch.chdir(three_sessions["older"].parent)
    assert find_session(three_sessions["older"].name) == Path(three_sessions["older"].name)
    # With no reference: the newest session still in progress (the finished one is newer).
    assert find_session(None) == three_sessions["newer"]
    assert load_session("aaaa2222").title == "Newer"


def test_find_session_says_what_is_wrong(three_sessions: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(WorkshopError, match="2 sessions start with 'aaaa'"):
        find_session("aaaa")
    with pytest.raises(WorkshopError, match="no session with id 'cccc'"):
        find_session("cccc")
    with pytest.raises(WorkshopError, match=r"missing\.toml: no such session file"):
        find_session(str(tmp_path / "missing.toml"))
    with pytest.raises(WorkshopError, match="is a folder, not a file"):
        find_session(str(tmp_path))


def test_find_session_with_nothing_in_progress() -> None:
    saved_file(new_record(status="finished"))
    with pytest.raises(WorkshopError, match="no session in progress"):
        find_session(None)


def test_broken_files_are_listed_with_an_error(
    three_sessions: dict[str, Path], workshop_home: Path
) -> None:
    sessions = workshop_home / "sessions"
    (sessions / "9999-broken.toml").write_text('title = "unfinished\n', encoding="utf-8")
    (sessions / "9999-latin1.toml").write_bytes(b'schema_version = 1\ntitle = "caf\xe9"\n')
    shutil.copy(REPO / "agendas" / "culture-of-service.toml", sessions / "9999-agenda.toml")
    (sessions / "9999-odd.toml").write_text(
        'schema_version = 1\nid = "dddd4444"\nstatus = "in-progress"\n'
        "participants = 3\nfollows = 2025-01-01\nresults = 7\n",
        encoding="utf-8",
    )
    (sessions / ".9999-x.toml.abcd1234.tmp").write_text("stale", encoding="utf-8")
    (sessions / "notes.txt").write_text("not a record", encoding="utf-8")

    listed = {s.path.name: s for s in list_sessions()}
    assert set(listed) == {
        three_sessions["older"].name,
        three_sessions["newer"].name,
        three_sessions["finished"].name,
        "9999-broken.toml",
        "9999-latin1.toml",
        "9999-agenda.toml",
        "9999-odd.toml",
    }
    assert (listed["9999-broken.toml"].error or "").startswith("line 1: TOML syntax:")
    assert (listed["9999-latin1.toml"].error or "").startswith("line 2: is not UTF-8 text")
    assert "not a workshop session record" in (listed["9999-agenda.toml"].error or "")
    # Readable TOML with nonsense values: listed as broken, as `check` would say it, not a
    # crash and not an ordinary session.
    odd = listed["9999-odd.toml"]
    assert odd.error is not None and odd.entries == 0
    json.dumps([s.as_json() for s in listed.values()])
    # The default skips what cannot be opened.
    assert find_session(None) == three_sessions["newer"]


def test_list_sessions_with_no_folder_yet() -> None:
    assert list_sessions() == []


# ---------------------------------------------------------------------------- CLI


def _workshop(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workshop", "--home", str(home), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},  # $WORKSHOP_HOME names another (empty) folder
        timeout=60,
        check=False,
    )


@pytest.fixture
def other_home(tmp_path: Path) -> Path:
    """A data folder given with --home, not the one $WORKSHOP_HOME names."""
    home = tmp_path / "other-home"
    first = new_record("Kick-off — 顧客", id="cafe0001", created=_at(1), organization="Acme")
    first.add_participant("Ada")
    first.add_participant("Grace")
    first.result("icebreaker").entries.append(WordEntry(word="care"))  # type: ignore[union-attr]
    first.result("values").items.append(ListItem(text="Respect"))  # type: ignore[union-attr]
    first.result("values").items.append(ListItem(text="Trust"))  # type: ignore[union-attr]
    second = new_record("Follow-up", id="cafe0002", created=_at(2), status="finished")
    second.follows = "cafe0001"
    saved_file(first, home / "sessions")
    saved_file(second, home / "sessions")
    return home


def test_cli_sessions(other_home: Path) -> None:
    done = _workshop("sessions", home=other_home)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("2025-02-01 09:30  cafe0002  finished")
    assert "Follow-up" in lines[0] and "0 people, 0 entries" in lines[0]
    assert lines[1].startswith("2025-01-01 09:30  cafe0001  in-progress")
    assert "Kick-off — 顧客 — Acme" in lines[1]
    assert f"[{AGENDA.id}]" in lines[1]
    assert "2 people, 3 entries" in lines[1]


def test_cli_sessions_json(other_home: Path) -> None:
    done = _workshop("sessions", "--json", home=other_home)
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert [s["id"] for s in listed] == ["cafe0002", "cafe0001"]
    second, first = listed
    assert first["title"] == "Kick-off — 顧客"
    assert first["organization"] == "Acme"
    assert first["agenda"] == AGENDA.id
    assert first["status"] == "in-progress"
    assert first["created"] == "2025-01-01T09:30:00+00:00"
    assert (first["participants"], first["entries"], first["error"]) == (2, 3, None)
    assert Path(first["path"]).parent == (other_home / "sessions").resolve()
    assert second["follows"] == "cafe0001" and second["status"] == "finished"


def test_cli_sessions_lists_a_broken_file_and_succeeds(other_home: Path) -> None:
    (other_home / "sessions" / "broken.toml").write_text("= nonsense", encoding="utf-8")
    done = _workshop("sessions", home=other_home)
    assert done.returncode == 0, done.stderr
    assert any(
        line.startswith("broken.toml: broken: line 1: TOML syntax:")
        for line in done.stdout.splitlines()
    )
    assert "Traceback" not in done.stderr
    done = _workshop("sessions", "--json", home=other_home)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 3


def test_cli_sessions_when_there_are_none(tmp_path: Path) -> None:
    done = _workshop("sessions", home=tmp_path / "empty")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("no sessions yet in ")
    assert json.loads(_workshop("sessions", "--json", home=tmp_path / "empty").stdout) == []
