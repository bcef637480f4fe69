"""A corpus of generated bad files through every command and the launcher (issue 12).

More than a hundred files, made afresh for each run from a good record and a shipped
agenda: truncations, flipped bytes, deep nesting, other encodings, records `check`
refuses, and special files (a FIFO, a loop of links, a dangling link, a folder named
x.toml, a file over the size limit). Each goes through check, run, resume, export,
present and `check --fit`, one at a time; then a data folder whose sessions and agendas
folders are full of them goes through sessions, trends, export, resume and the launcher.

Nothing may print a traceback, hang (every process has a timeout), print a raw control
character, or overwrite a file it could not read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from textual.widgets import OptionList

from workshop.catalog import list_agendas, list_sessions
from workshop.errors import WorkshopError
from workshop.paths import HOME_ENV
from workshop.storage import load_record
from workshop.userfile import MAX_BYTES

GOOD_RECORD = REPO / "tests" / "data" / "good-record.toml"
AGENDA = REPO / "agendas" / "culture-of-service.toml"
DRIVER = REPO / "tests" / "helpers" / "run_commands.py"
ORG = "Fuzz Clinic"

#: Each command's whole run over the corpus must end within this (a hang would not).
TIMEOUT_S = 240


def _good_record_text() -> str:
    text = GOOD_RECORD.read_text(encoding="utf-8")
    return text.replace(
        'title = "A small session"\n', f'title = "A small session"\norganization = "{ORG}"\n', 1
    )


def make_corpus(folder: Path, seed: int = 12) -> list[Path]:
    """The bad files, written into `folder`; returns their paths (special files included)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    record = _good_record_text().encode("utf-8")
    agenda = AGENDA.read_bytes()
    files: dict[str, bytes] = {}
    for name, seed_bytes in (("record", record), ("agenda", agenda)):
        # Truncations: anywhere, including inside a string, a key or a table header.
        for n, cut in enumerate(sorted(rng.sample(range(1, len(seed_bytes) - 1), 20))):
            files[f"{name}-cut-{n:02d}.toml"] = seed_bytes[:cut]
        # Byte flips: one to three bytes set to something else (some stay valid TOML).
        for n in range(20):
            data = bytearray(seed_bytes)
            for _ in range(rng.randint(1, 3)):
                data[rng.randrange(len(data))] = rng.choice(b'[]{}="\n\\\x00\x1b\xff#.,')
            files[f"{name}-flip-{n:02d}.toml"] = bytes(data)
    # Nesting: arrays, inline tables and dotted tables, shallow to very deep.
    for depth in (50, 400, 800, 3000, 100_000):
        files[f"nest-array-{depth}.toml"] = f"x = {'[' * depth}{']' * depth}\n".encode()
    for depth in (300, 800, 5000):
        files[f"nest-inline-{depth}.toml"] = ("x = " + "{a=" * depth + "1" + "}" * depth).encode()
    files["nest-dotted.toml"] = ("[" + ".".join(["a"] * 3000) + "]\nx = 1\n").encode()
    files["nest-in-record.toml"] = record.replace(
        b'facilitator = ""', b"facilitator = " + b"[" * 900 + b"]" * 900, 1
    )
    # Encodings.
    text = record.decode("utf-8")
    files["enc-utf16le.toml"] = text.encode("utf-16")
    files["enc-utf16be.toml"] = b"\xfe\xff" + text.encode("utf-16-be")
    files["enc-utf32.toml"] = text.encode("utf-32")
    files["enc-latin1.toml"] = text.replace("A small session", "Caf\xe9").encode("latin-1")
    files["enc-bom-agenda.toml"] = b"\xef\xbb\xbf" + agenda.replace(
        b'id = "culture-of-service"', b'id = "bom-agenda"', 1
    )
    files["enc-nul.toml"] = b"\x00" * 64
    files["enc-random.toml"] = bytes(rng.getrandbits(8) for _ in range(2000))
    files["empty.toml"] = b""
    files["only-comment.toml"] = b"# nothing here\n"
    # Records `check` refuses, that a listing once showed as ordinary sessions.
    files["rec-future-schema.toml"] = record.replace(b"schema_version = 1", b"schema_version = 99")
    files["rec-huge-title.toml"] = record.replace(
        b'title = "A small session"', b'title = "' + b"x" * 2_000_000 + b'"', 1
    )
    files["rec-unknown-step.toml"] = record.replace(
        b'current_step = "words"', b'current_step = "nowhere"', 1
    )
    files["rec-escape-title.toml"] = record.replace(
        b'title = "A small session"', b'title = "Evil \\u001b]0;pwned\\u0007\\u001b[2J x"', 1
    )
    files["rec-escape-word.toml"] = record.replace(
        b'word = "kind"', b'word = "\\u001b[5mblink\\u009b2J"', 1
    )
    files["rec-formula-word.toml"] = record.replace(
        b'word = "kind"', b'word = "=HYPERLINK(\\"http://x\\")"', 1
    )
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    # Special files.
    fifo = folder / "special-fifo.toml"
    os.mkfifo(fifo)
    (folder / "special-loop-a.toml").symlink_to("special-loop-b.toml")
    (folder / "special-loop-b.toml").symlink_to("special-loop-a.toml")
    (folder / "special-dangling.toml").symlink_to("no-such-file.toml")
    (folder / "special-folder.toml").mkdir()
    huge = folder / "special-huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk space taken
    for name in ("fifo", "loop-a", "loop-b", "dangling", "folder", "huge"):
        paths.append(folder / f"special-{name}.toml")
    return paths


def fingerprints(folder: Path) -> dict[str, str]:
    """A hash of every regular file's bytes (links not followed, special files skipped)."""
    found = {}
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or not path.is_file():
            continue
        found[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_commands(commands: list[list[str]], home: Path, tmp: Path) -> list[dict[str, object]]:
    """Run the command lines in one subprocess (see tests/helpers/run_commands.py)."""
    listing = tmp / f"commands-{len(commands)}-{os.getpid()}.json"
    listing.write_text(json.dumps(commands), encoding="utf-8")
    env = {**os.environ, HOME_ENV: str(home), "TZ": "UTC"}
    try:
        done = subprocess.run(
            [sys.executable, str(DRIVER), str(listing)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT_S,
            env=env,
            cwd=tmp,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        stderr = exc.stderr.decode() if isinstance(exc.stderr, bytes) else str(exc.stderr)
        last = stderr.strip().splitlines()[-1:] or ["?"]
        pytest.fail(f"hung: no end within {TIMEOUT_S} s, last command {last[0]}")
    assert done.returncode == 0, done.stderr[-3000:]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(commands)
    return results


def assert_harmless(results: list[dict[str, object]]) -> None:
    """No traceback escaped, none was printed, and no raw control character was printed."""
    for result in results:
        argv = result["argv"]
        assert result["uncaught"] is None, f"{argv}: {result['uncaught']}"
        for stream in ("out", "err"):
            text = str(result[stream])
            assert "Traceback" not in text, f"{argv}: {text[-2000:]}"
            raw = {c for c in text if (ord(c) < 32 and c not in "\n\r\t") or 0x7F <= ord(c) < 0xA0}
            assert not raw, f"{argv} printed raw control characters {raw!r}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


def test_the_corpus_is_large_and_varied(corpus: list[Path]) -> None:
    assert len(corpus) >= 100
    assert any(p.is_fifo() for p in corpus) and any(p.is_dir() for p in corpus)


def test_every_command_on_every_bad_file(corpus: list[Path], tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = corpus[0].parent
    before = fingerprints(folder)
    files = [str(p) for p in corpus]
    commands: list[list[str]] = [["check", *files]]
    for file in files:
        commands += [
            ["check", file],
            ["run", file],
            ["resume", file],
            ["export", file, "--format", "md", "-o", "-"],
            ["export", file, "--format", "csv", "-o", "-"],
            ["present", file],
            ["check", "--fit", "80x24", file],
        ]
    results = run_commands(commands, home, tmp_path)
    assert_harmless(results)
    # check says something about each file, one line per problem, naming the file.
    everything = results[0]
    assert everything["code"] == 1
    for result in results[1::7]:
        if result["code"] != 0:
            name = Path(result["argv"][-1]).name  # type: ignore[index]
            assert name in str(result["err"]), result
    # Nothing check refuses was written: every file that was read and refused is as it was.
    after = fingerprints(folder)
    refused = {Path(r["argv"][-1]).name for r in results[1::7] if r["code"] != 0}  # type: ignore[index]
    for name in refused & before.keys():
        assert after.get(name) == before[name], f"{name} was written"
    # The special files are said for what they are.
    said = {Path(r["argv"][-1]).name: str(r["err"]) for r in results[1::7]}  # type: ignore[index]
    assert "named pipe" in said["special-fifo.toml"]
    assert "loop of symbolic links" in said["special-loop-a.toml"]
    assert "dangling link" in said["special-dangling.toml"]
    assert "is a folder" in said["special-folder.toml"]
    assert "too big" in said["special-huge.toml"]
    assert "nested too deeply" in said["nest-array-800.toml"]
    assert "too long" in said["rec-huge-title.toml"]
    assert "newer workshop" in said["rec-future-schema.toml"]
    assert "nowhere" in said["rec-unknown-step.toml"]


def _home_full_of_bad_files(corpus: list[Path], home: Path) -> Path:
    """A data folder whose sessions and agendas folders hold the corpus and one good record."""
    sessions, agendas = home / "sessions", home / "agendas"
    for folder in (sessions, agendas):
        make_corpus(folder)
    good = sessions / "good.toml"
    good.write_text(_good_record_text().replace("0a1b2c3d", "feedface"), encoding="utf-8")
    shutil.copy(AGENDA, agendas / "mine.toml")
    (agendas / "mine.toml").write_text(
        AGENDA.read_text(encoding="utf-8").replace('id = "culture-of-service"', 'id = "my-own"', 1),
        encoding="utf-8",
    )
    return good


def test_a_folder_full_of_bad_files_stops_nothing(corpus: list[Path], tmp_path: Path) -> None:
    home = tmp_path / "home"
    good = _home_full_of_bad_files(corpus, home)
    sessions = home / "sessions"
    before = fingerprints(sessions)
    valid_before = {}
    for name in before:
        with contextlib.suppress(WorkshopError):
            valid_before[name] = load_record(sessions / name).entry_count()
    commands = [
        ["sessions"],
        ["sessions", "--json"],
        ["sessions", "--org", ORG],
        ["trends", ORG],
        ["export", "feedface", "--format", "md", "-o", "-"],
        ["export", str(good), "--format", "csv", "-o", "-"],
        ["export", str(good), "--format", "html", "-o", str(tmp_path / "out.html")],
        ["resume"],
        ["resume", str(good)],
        ["present", str(good)],
        ["run", "my-own"],
        ["check", "--fit", "80x24", "culture-of-service"],
    ]
    results = run_commands(commands, home, tmp_path)
    assert_harmless(results)
    by = {" ".join(map(str, r["argv"])): r for r in results}  # type: ignore[call-overload]
    listed = by["sessions"]
    assert listed["code"] == 0
    lines = str(listed["out"]).splitlines()
    broken = [line for line in lines if ": broken: " in line]
    assert len(broken) >= 100
    assert any("A small session" in line and "broken" not in line for line in lines)
    for name in ("rec-future-schema", "rec-huge-title", "rec-unknown-step", "special-fifo"):
        assert any(line.startswith(f"{name}.toml: broken: ") for line in lines), name
    assert max(len(line) for line in lines) < 400  # a 2-million-character title is not shown
    for command, result in by.items():
        if command.startswith(("sessions", "trends", "export", "resume", "run", "check")):
            assert result["code"] == 0, (command, result["err"])
    assert "Trends for Fuzz Clinic" in str(by[f"trends {ORG}"]["out"])
    assert "\\x1b]0;pwned" in str(by["sessions"]["out"])  # shown, harmlessly
    after = fingerprints(sessions)
    for name, digest in before.items():
        if after.get(name) != digest:  # resumed: it must have been a valid record, not less
            assert name in valid_before, f"{name} was written, and it was not a valid record"
            assert load_record(sessions / name).entry_count() >= valid_before[name], name
    assert (tmp_path / "out.html").is_file()


def test_the_core_lists_around_bad_files(corpus: list[Path], workshop_home: Path) -> None:
    _home_full_of_bad_files(corpus, workshop_home)
    summaries = list_sessions()
    good = [s for s in summaries if s.error is None]
    assert [s.title for s in good if s.path.name == "good.toml"] == ["A small session"]
    assert sum(1 for s in summaries if s.error) >= 100
    agendas = list_agendas()
    assert {"culture-of-service", "my-own"} <= {e.id for e in agendas if e.agenda}
    assert all(e.error and "\n" not in e.error for e in agendas if e.agenda is None)


async def test_the_launcher_lists_a_folder_full_of_bad_files(
    corpus: list[Path], workshop_home: Path
) -> None:
    from workshop.ui.app import WorkshopApp

    _home_full_of_bad_files(corpus, workshop_home)
    app = WorkshopApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        agendas = app.screen.query_one("#agendas", OptionList)
        sessions = app.screen.query_one("#sessions", OptionList)
        agenda_text = [
            str(agendas.get_option_at_index(i).prompt) for i in range(agendas.option_count)
        ]
        session_text = [
            str(sessions.get_option_at_index(i).prompt) for i in range(sessions.option_count)
        ]
        assert sum("broken: " in t for t in agenda_text) >= 100
        assert sum("broken: " in t for t in session_text) >= 100
        assert any("named pipe" in t for t in session_text)
        assert any("A small session" in t and "broken" not in t for t in session_text)
        usable = [
            agendas.get_option_at_index(i)
            for i in range(agendas.option_count)
            if not agendas.get_option_at_index(i).disabled
        ]
        assert len(usable) >= 6  # the five shipped and my own
        assert max(len(t) for t in session_text) < 400
        await pilot.press("ctrl+q")
