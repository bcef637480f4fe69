"""kill -9 at any moment loses at most the entry being saved, and never the record.

A child process (tests/helpers/crash_child.py) adds entries and saves after each one,
printing every entry count it saved. It is SIGKILLed after a random delay, again and
again; after each kill the file on disk must load and hold exactly the entries the
child reported saving (or one more: the kill may land between the rename and the print).
"""

from __future__ import annotations

import importlib.util
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.agenda import load_agenda
from workshop.catalog import list_sessions
from workshop.record import SessionRecord
from workshop.storage import SessionFile, load_record

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

HELPERS = Path(__file__).resolve().parent / "helpers"
AGENDA = load_agenda(Path(__file__).resolve().parent.parent / "agendas" / "culture-of-service.toml")

KILLS = 40
SEED = 20_260_423


def _child_module():
    spec = importlib.util.spec_from_file_location("crash_child", HELPERS / "crash_child.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


child = _child_module()


def _start(path: Path, home: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HELPERS / "crash_child.py"), str(path), *extra],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "WORKSHOP_HOME": str(home)},  # the child's lock folder
    )


def _ready(proc: subprocess.Popen[str]) -> int:
    """Wait until the child has the record open; the entry count it found."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("ready "):
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"child did not start: {line!r}\n{err}")
    return int(line.split()[1])


def _new_record_file() -> Path:
    record = SessionRecord.start_new(AGENDA, title="Crash test — 顧客")
    with SessionFile.create(record) as session:
        return session.path


def _temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def _assert_entries(path: Path, count: int) -> None:
    """The record on disk holds exactly entries 1..count, intact."""
    items = load_record(path).results[child.STEP].items  # type: ignore[union-attr]
    assert [i.id for i in items] == [child.entry_id(n) for n in range(1, count + 1)]
    assert [i.text for i in items] == [child.entry_text(n) for n in range(1, count + 1)]


def test_sigkill_at_random_moments_never_loses_a_saved_entry(workshop_home: Path) -> None:
    rng = random.Random(SEED)
    path = _new_record_file()
    folder = path.parent
    on_disk = 0
    between_rename_and_print = kills_mid_write = 0
    for kill in range(KILLS):
        proc = _start(path, workshop_home)
        assert _ready(proc) == on_disk, f"kill {kill}: the reopened record lost entries"
        # Wait the random delay (`wait` returns early only if the child died by itself).
        delay = rng.uniform(0.0, 0.050)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.kill()
        proc.wait()
        # Read through the text buffers: `_ready` may already have buffered the first
        # saved counts, which communicate() would skip (it reads the raw pipes).
        assert proc.stdout is not None and proc.stderr is not None
        out, err = proc.stdout.read(), proc.stderr.read()
        assert proc.returncode == -9, f"kill {kill}: child ended by itself\n{err}"
        saved = [int(line) for line in out.split()]
        last = saved[-1] if saved else on_disk
        assert saved == list(range(on_disk + 1, last + 1)), saved

        record = load_record(path)  # parses and validates, whatever moment the kill hit
        count = record.entry_count()
        assert count in (last, last + 1), f"kill {kill}: {count} on disk, child saved {last}"
        between_rename_and_print += count == last + 1
        _assert_entries(path, count)
        on_disk = count

        # A kill during a write leaves at most its own temp file; the next open removes it.
        assert len(_temps(folder)) <= 1, _temps(folder)
        kills_mid_write += len(_temps(folder))
        listed = list_sessions()
        assert [s.path for s in listed] == [path]
        assert listed[0].error is None and listed[0].entries == count

    assert on_disk > KILLS // 2, "the child saved too little to test anything"
    print(
        f"{KILLS} kills, {on_disk} entries saved; {kills_mid_write} kills left a temp file, "
        f"{between_rename_and_print} landed between a rename and its report"
    )
    # Whatever was left behind, the next save cleans up and continues from the last entry.
    with SessionFile.open(path) as session:
        session.save()
    assert _temps(folder) == []
    _assert_entries(path, on_disk)


def test_kill_in_the_middle_of_a_save_keeps_the_previous_version(workshop_home: Path) -> None:
    """The child stops inside a save, its temp file written but not renamed: kill it there."""
    path = _new_record_file()
    before = path.read_bytes()
    proc = _start(path, workshop_home, "--hang-in-write")
    assert _ready(proc) == 0
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing 1"
    temps = _temps(path.parent)
    assert len(temps) == 1 and temps[0].name.startswith(f".{path.name}.")
    assert temps[0].stat().st_mode & 0o777 == 0o600  # private even before the rename
    proc.kill()
    proc.communicate()

    assert path.read_bytes() == before
    assert load_record(path).entry_count() == 0
    assert [s.path for s in list_sessions()] == [path]  # the temp file is not listed

    # The next writer (the lock says no one else is writing) removes the stale temp file.
    with SessionFile.open(path) as session:
        assert _temps(path.parent) == []
        session.record.add_participant("Ada")
        session.save()
    assert load_record(path).participants == ["Ada"]
    assert _temps(path.parent) == []
