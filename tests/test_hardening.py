"""Issue 12, case by case: reading a user's file, text shown on a terminal, CSV formulas,
locks and folders. (The fuzz corpus through every command is tests/test_fuzz_corpus.py.)"""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import AGENDAS, REPO, FakeClock

from workshop.agenda import load_agenda
from workshop.catalog import list_sessions
from workshop.cli import main
from workshop.errors import WorkshopError
from workshop.export.csv import neutral
from workshop.export.formats import render_csv
from workshop.kinds.one_word import WordEntry
from workshop.paths import data_home, ensure_private_dir, locks_dir, sessions_dir
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, SessionLock, load_record
from workshop.textsafe import visible
from workshop.userfile import MAX_BYTES, read_bytes, read_text

AGENDA = load_agenda(AGENDAS / "culture-of-service.toml")
ESCAPES = "Evil \x1b]0;pwned\x07 \x1b[2J \x1b[5mblink \x9b2J"


def new_record(title: str = "Service culture") -> SessionRecord:
    return SessionRecord.start_new(AGENDA, title=title)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# ----------------------------------------------------------------- one way to read a file


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def read() -> None:
        try:
            read_bytes(fifo)
        except WorkshopError as exc:
            outcome.append(str(exc))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert outcome and outcome[0].endswith("x.toml: is a named pipe (FIFO), not a file; not read")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.mkdir(), "is a folder, not a file"),
        (lambda p: p.symlink_to(p.parent / "nowhere.toml"), "dangling link"),
        (lambda p: p.symlink_to(p), "is a loop of symbolic links"),
        (lambda p: p.symlink_to("/dev/null"), "is a device, not a file"),
        (lambda p: None, "no such file"),
    ],
    ids=["folder", "dangling", "loop", "device", "missing"],
)
def test_what_is_not_a_regular_file_gets_a_one_line_reason(make, says: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.toml"
    make(path)
    with pytest.raises(WorkshopError) as caught:
        read_text(path)
    assert says in str(caught.value) and "\n" not in str(caught.value)
    assert str(caught.value).startswith(str(path))  # the link is named, not its target


def test_a_file_over_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(WorkshopError, match="is too big to be a workshop file"):
        read_text(path)


def test_a_byte_order_mark_is_accepted_and_utf16_named(tmp_path: Path) -> None:
    text = (AGENDAS / "culture-of-service.toml").read_text(encoding="utf-8")
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_agenda(bom).id == "culture-of-service"
    utf16 = tmp_path / "utf16.toml"
    utf16.write_bytes(text.encode("utf-16"))
    with pytest.raises(WorkshopError, match="starts like UTF-16 text: save it as UTF-8"):
        load_agenda(utf16)


@pytest.mark.parametrize("depth", [800, 5000])
def test_deep_nesting_is_one_line(depth: int, tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    with pytest.raises(WorkshopError) as caught:
        load_agenda(path)
    assert str(caught.value) == f"{path}: is nested too deeply to read (tables or arrays " + (
        "inside one another hundreds of levels deep)"
    )


def test_run_a_record_says_it_is_a_record(capsys: pytest.CaptureFixture[str]) -> None:
    with SessionFile.create(new_record()) as session:
        path = session.path
    assert main(["run", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is a session record, not an agenda" in err and "workshop resume" in err


def test_records_that_fail_check_are_listed_as_broken(workshop_home: Path) -> None:
    good = Path(SessionFile.create(new_record("Good")).path)
    text = good.read_text(encoding="utf-8")
    folder = good.parent
    (folder / "future.toml").write_text(
        text.replace("schema_version = ", "schema_version = 9", 1), encoding="utf-8"
    )
    (folder / "title.toml").write_text(
        text.replace('title = "Good"', f'title = "{"x" * 2_000_000}"', 1), encoding="utf-8"
    )
    (folder / "step.toml").write_text(
        text.replace('current_step = "', 'current_step = "no-', 1), encoding="utf-8"
    )
    listed = {s.path.name: s for s in list_sessions()}
    assert listed[good.name].error is None
    assert "newer workshop" in (listed["future.toml"].error or "")
    assert "title: is too long" in (listed["title.toml"].error or "")
    assert "current_step" in (listed["step.toml"].error or "")
    assert all(len(s.error or "") < 200 for s in listed.values())


# --------------------------------------------------------------------- text on a terminal


def test_visible_shows_every_control_character() -> None:
    assert visible(ESCAPES) == "Evil \\x1b]0;pwned\\x07 \\x1b[2J \\x1b[5mblink \\x9b2J"
    assert visible("a\tb\r\nc\rd") == "a\\x09b\\x0d\\x0ac\\x0dd"
    assert visible("a\tb\r\nc\rd\x1b", newlines=True) == "a\tb\r\nc\\x0dd\\x1b"
    assert visible("Kindness 顧客 👩🏽‍💻 עברית") == "Kindness 顧客 👩🏽‍💻 עברית"


def _raw_controls(text: str) -> set[str]:
    return {c for c in text if (ord(c) < 32 and c not in "\n\r\t") or 0x7F <= ord(c) < 0xA0}


def test_no_cli_output_prints_a_raw_escape(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    record = new_record(ESCAPES)
    record.organization = "Acme \x1b[2J"
    name = record.add_participant("Ana")
    record.result("icebreaker").entries.append(WordEntry(person=name, word="kind\x1b[5m"))
    with SessionFile.create(record) as session:
        path = session.path
    bad = tmp_path / "evil\x1b]0;x\x07.toml"
    bad.write_text("x = [", encoding="utf-8")
    for argv in (
        ["sessions"],
        ["sessions", "--json"],
        ["trends", "Acme"],
        ["check", str(path), str(bad)],
        ["export", str(path), "--format", "md", "-o", "-"],
        ["export", str(path), "--format", "csv", "-o", "-"],
        ["export", str(path), "--format", "html", "-o", "-"],
        ["resume", str(bad)],
    ):
        main(argv)
        out, err = capsys.readouterr()
        assert not _raw_controls(out + err), argv
    main(["sessions"])
    assert "\\x1b]0;pwned\\x07" in capsys.readouterr().out


async def test_the_app_never_writes_an_escape_from_a_title_or_word() -> None:
    from workshop.ui.app import WorkshopApp

    record = new_record(ESCAPES)
    name = record.add_participant("Ana")
    record.result("icebreaker").entries.append(WordEntry(person=name, word="\x1b]0;pwned\x07"))
    clock = FakeClock()
    app = WorkshopApp(Session(SessionFile.create(record), clock), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        written = app.screen._compositor.render_full_update().render_segments(app.console)
        assert "pwned" in written  # the text is shown...
        assert "\x1b]0;" not in written and "\x1b[2J" not in written  # ...and nothing runs
        assert "\x1b[5m" not in written and "\x9b" not in written and "\x07" not in written
        await pilot.press("ctrl+q")


# ------------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK()"])
def test_csv_cells_that_would_run_as_formulas_are_neutralized(cell: str) -> None:
    assert neutral(cell) == "'" + cell
    record = new_record()
    name = record.add_participant("Ana")
    record.result("icebreaker").entries.append(WordEntry(person=name, word=cell[:40]))
    rows = list(csv.reader(io.StringIO(render_csv(record), newline="")))
    assert ["'" + cell[:40]] == [row[5] for row in rows if row[2] == "one-word"]


@pytest.mark.parametrize("cell", ["kind", "", "1", "a=b", "'quoted", "caf\xe9 = good"])
def test_ordinary_cells_are_left_as_they_are(cell: str) -> None:
    assert neutral(cell) == cell


# --------------------------------------------------------------------- locks and folders


def test_a_fresh_data_folder_is_private_all_the_way(workshop_home: Path) -> None:
    assert not workshop_home.exists()
    with SessionFile.create(new_record()) as session:
        path = session.path
        lock = session._lock.path
        assert mode(lock) == 0o600
    assert mode(path) == 0o600
    for folder in (data_home(), sessions_dir(), locks_dir()):
        assert mode(folder) == 0o700, folder
    main(["sessions"])
    for folder in data_home().rglob("*"):
        expected = 0o700 if folder.is_dir() else 0o600
        assert mode(folder) == expected, folder


def test_an_existing_open_data_folder_is_made_private(workshop_home: Path) -> None:
    (workshop_home / "sessions").mkdir(parents=True, mode=0o755)
    os.chmod(workshop_home, 0o755)
    os.chmod(workshop_home / "sessions", 0o755)
    ensure_private_dir(sessions_dir())
    assert mode(workshop_home) == mode(workshop_home / "sessions") == 0o700


def test_a_lock_file_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    path = Path(SessionFile.create(new_record()).path)
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    lock = SessionLock(path)
    lock.path.unlink(missing_ok=True)
    lock.path.symlink_to(target)
    with pytest.raises(WorkshopError, match="lock file is a symbolic link; not following it"):
        SessionFile.open(path)
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_lock_file_hard_linked_elsewhere_is_not_truncated(tmp_path: Path) -> None:
    path = Path(SessionFile.create(new_record()).path)
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    lock = SessionLock(path)
    lock.path.unlink(missing_ok=True)
    os.link(target, lock.path)
    with pytest.raises(WorkshopError, match="not a plain file of its own"):
        SessionFile.open(path)
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_symlinked_record_is_saved_through_to_its_target(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "record.toml"
    with SessionFile.create(new_record(), elsewhere) as created:
        created.path.rename(target)
    link = ensure_private_dir(sessions_dir()) / "linked.toml"
    link.symlink_to(target)
    with SessionFile.open(link) as session:
        session.record.title = "Renamed"
        session.save()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load_record(target).title == "Renamed" == load_record(link).title
    assert not [p for p in elsewhere.iterdir() if p.name.endswith(".tmp")]


def test_the_installed_command_does_not_hang_on_a_fifo(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "workshop"
    if not script.is_file():
        pytest.skip("the workshop command is not installed in this environment")
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)
    home = tmp_path / "home"
    (home / "sessions").mkdir(parents=True)
    os.mkfifo(home / "sessions" / "y.toml")
    env = {**os.environ, "WORKSHOP_HOME": str(home)}
    for argv in (["check", str(fifo)], ["run", str(fifo)], ["sessions"]):
        done = subprocess.run(
            [str(script), *argv], capture_output=True, text=True, timeout=30, env=env, cwd=REPO
        )
        assert "Traceback" not in done.stderr
        assert "named pipe" in done.stdout + done.stderr, argv
