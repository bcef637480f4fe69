"""The sessions folder's index: each record is read once, and read again whenever its file
changed in any way; the index is only ever a cache."""

from __future__ import annotations

import json
import os
import time
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from conftest import AGENDAS, T0

from workshop import catalog
from workshop.agenda import load_agenda
from workshop.catalog import SessionListing, index_path, list_sessions
from workshop.errors import WorkshopError
from workshop.paths import ensure_private_dir, sessions_dir
from workshop.record import SessionRecord
from workshop.storage import SessionFile, dump_record, load_record, record_filename

AGENDA = load_agenda(AGENDAS / "culture-of-service.toml")
A_DAY_AGO = time.time() - 86_400


def write(title: str, age: float = A_DAY_AGO, **fields: object) -> Path:
    record = SessionRecord.start_new(AGENDA, title=title)
    record.created = T0
    for key, value in fields.items():
        setattr(record, key, value)
    path = ensure_private_dir(sessions_dir()) / record_filename(record)
    path.write_bytes(dump_record(record))
    os.utime(path, (age, age))
    return path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the records `list_sessions` read (rather than took from the index)."""
    names: list[str] = []
    summarize = catalog._summarize

    def counted(path: Path, raw: bytes | None = None) -> tuple[catalog.SessionSummary, bool]:
        names.append(path.name)
        return summarize(path, raw)

    monkeypatch.setattr(catalog, "_summarize", counted)
    return names


def listing() -> list[dict[str, object]]:
    return [s.as_json() for s in list_sessions()]


def test_each_record_is_read_once(reads: list[str]) -> None:
    for n in range(5):
        write(f"Session {n}")
    first = listing()
    assert len(reads) == 5
    assert index_path(sessions_dir()).is_file()
    reads.clear()
    assert listing() == first
    assert reads == []


def test_a_record_changed_in_any_way_is_read_again(reads: list[str]) -> None:
    saved = write("Saved by workshop")
    edited = write("Edited in place")
    gone = write("Deleted")
    list_sessions()
    reads.clear()

    with SessionFile.open(saved) as file:  # a save replaces the file: a new inode
        file.record.title = "Saved again"
        file.save()
    text = edited.read_text(encoding="utf-8").replace("Edited in place", "Edited IN PLACE")
    with edited.open("r+", encoding="utf-8") as handle:  # same size, same inode
        handle.write(text)
    os.utime(edited, (A_DAY_AGO + 60, A_DAY_AGO + 60))
    gone.unlink()
    added = write("Added")

    titles = {s["title"] for s in listing()}
    assert titles == {"Saved again", "Edited IN PLACE", "Added"}
    assert sorted(reads) == sorted(p.name for p in (saved, edited, added))
    assert gone.name not in index_path(sessions_dir()).read_text(encoding="utf-8")


def test_a_record_changed_just_now_is_not_kept(reads: list[str]) -> None:
    """Its time may be as coarse as the file system's clock: a second change in the same
    tick would look the same, so it is read again until it has settled."""
    write("Just saved", age=time.time())
    list_sessions()
    list_sessions()
    assert len(reads) == 2


def test_a_bad_or_missing_index_is_rebuilt(reads: list[str]) -> None:
    write("One")
    expected = listing()
    index = index_path(sessions_dir())
    for bad in (b"not json", b"[1, 2]", b'{"version": 99, "files": {}}', b"\xff"):
        index.write_bytes(bad)
        reads.clear()
        assert listing() == expected
        assert reads == [next(sessions_dir().glob("*.toml")).name]
    index.unlink()
    assert listing() == expected


def test_a_kept_summary_that_does_not_fit_is_read_again(reads: list[str]) -> None:
    path = write("One")
    expected = listing()
    index = index_path(sessions_dir())
    index.write_text(index.read_text().replace('"title"', '"not a field"'), encoding="utf-8")
    reads.clear()
    assert listing() == expected
    assert reads == [path.name]


def test_an_index_that_cannot_be_written_changes_nothing(
    reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, data: bytes, mode: int = 0o600) -> None:
        raise WorkshopError("cannot save: read-only file system", path=path)

    monkeypatch.setattr(catalog, "atomic_write", refuse)
    write("One")
    assert [s["title"] for s in listing()] == ["One"]
    assert [s["title"] for s in listing()] == ["One"]
    assert len(reads) == 2  # read each time, as before there was an index


def test_a_broken_record_is_kept_with_its_reason_until_it_changes(reads: list[str]) -> None:
    """What is wrong with a file's bytes stays wrong while they are the same: a broken
    record is read once, like any other (50 broken files must not slow every listing)."""
    path = write("Broken")
    path.write_text("schema_version = [", encoding="utf-8")
    os.utime(path, (A_DAY_AGO, A_DAY_AGO))
    assert "TOML syntax" in str(listing()[0]["error"])
    assert "TOML syntax" in str(listing()[0]["error"])
    assert len(reads) == 1
    path.unlink()
    write("Mended")
    assert [s["title"] for s in listing()] == ["Mended"]


def kept_names() -> set[str]:
    index = index_path(sessions_dir())
    return set(json.loads(index.read_text(encoding="utf-8"))["files"]) if index.exists() else set()


def test_a_file_that_is_not_a_regular_file_is_said_from_its_status(reads: list[str]) -> None:
    """A FIFO, a folder or a loop of links says nothing of its bytes: it is never opened
    (nor read in full, which cost 50 broken files a fifth of every listing), it is looked
    at again on every listing and never kept, and it is listed as `summarize` says."""
    folder = ensure_private_dir(sessions_dir())
    os.mkfifo(folder / "pipe.toml")
    (folder / "folder.toml").mkdir()
    (folder / "loop.toml").symlink_to("loop.toml")
    (folder / "dangling.toml").symlink_to("nowhere.toml")
    expected = {
        "pipe.toml": "is a named pipe (FIFO), not a file; not read",
        "folder.toml": "is a folder, not a file",
        "loop.toml": "is a loop of symbolic links; not read",
        "dangling.toml": "is a link to a file that does not exist (a dangling link)",
    }
    for complete in (True, False, True):
        listed = SessionListing().summaries(complete=complete)
        assert {s.path.name: s.error for s in listed} == expected
        assert reads == []
    assert expected == {name: catalog.summarize(folder / name).error for name in expected}
    list_sessions()
    assert kept_names() == set()

    (folder / "pipe.toml").unlink()  # replaced by a record: listed as the record
    (folder / "pipe.toml").write_bytes(write("Mended").read_bytes())
    os.utime(folder / "pipe.toml", (A_DAY_AGO, A_DAY_AGO))
    assert {s.path.name: s.error for s in list_sessions()}["pipe.toml"] is None
    assert "pipe.toml" in kept_names()


@pytest.mark.parametrize("complete", [True, False], ids=["in-full", "header-first"])
def test_a_file_that_could_not_be_read_is_not_kept(
    reads: list[str], monkeypatch: pytest.MonkeyPatch, complete: bool
) -> None:
    """A file not readable now (permission denied: a chmod changes neither its size nor its
    time) says nothing of its bytes: read again on every listing, never kept."""
    path = write("Locked")
    read_bytes = catalog.userfile.read_bytes

    def refused(target: Path, limit: int = catalog.userfile.MAX_BYTES) -> bytes:
        if Path(target).name == path.name:
            raise WorkshopError("cannot read the file: permission denied", path=target)
        return read_bytes(target, limit)

    monkeypatch.setattr(catalog.userfile, "read_bytes", refused)
    for _ in range(2):
        listing_ = SessionListing()
        [summary] = listing_.summaries(complete=complete)
        listing_.save()
        assert summary.error == "cannot read the file: permission denied"
    assert len(reads) == 2 and kept_names() == set()
    monkeypatch.setattr(catalog.userfile, "read_bytes", read_bytes)  # readable again
    assert [s["title"] for s in listing()] == ["Locked"]


def test_summaries_from_the_index_equal_fresh_ones() -> None:
    write("Plain")
    write("Nepal time", created=T0.astimezone(timezone(timedelta(hours=5, minutes=45))))
    write("Finished", status="finished", organization="Ünïcødé «Org»")
    fresh = listing()
    assert listing() == fresh
    kept = list_sessions()
    assert [s.created for s in kept] == [load_record(s.path).created for s in kept]


def test_the_index_is_kept_apart_from_the_records() -> None:
    path = write("One")
    list_sessions()
    assert [p.name for p in sessions_dir().iterdir()] == [path.name]
    assert index_path(sessions_dir()).is_file()
