"""End to end in a real terminal: the installed `workshop` command, driven through tmux.

Each test gets a private tmux server (`tmux -L <unique name>`, started with its own
config, never the user's) holding 100x30 windows, and kills that server when it ends,
pass or fail. The app runs under a shell that writes its exit status to a file, and the
pane stays on screen after it exits (remain-on-exit), so a test can read whatever was
printed last, e.g. a traceback. Every failure message carries the screens.

Screens are matched on stable text only (step titles of the shipped agenda, the words
the test typed), never on layout. Whether something was committed is judged by the
record on disk, which is what a kill -9 must not lose.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from workshop.catalog import list_sessions
from workshop.paths import locks_dir
from workshop.record import SessionRecord
from workshop.storage import load_record

if sys.platform == "win32":
    pytest.skip("tmux and SIGKILL are POSIX only", allow_module_level=True)
TMUX = shutil.which("tmux")
if TMUX is None:
    pytest.skip(
        "tmux is not installed: the end-to-end terminal tests need it (.ci/run installs it)",
        allow_module_level=True,
    )
WORKSHOP = Path(sys.executable).parent / "workshop"
if not WORKSHOP.is_file():
    pytest.skip(
        f"no installed `workshop` command next to {sys.executable}; "
        'run `pip install -e ".[test]"` in this environment',
        allow_module_level=True,
    )

WIDTH, HEIGHT = 100, 30
START_TIMEOUT = 15.0  # the app's first screen, on a slow CI machine
STEP_TIMEOUT = 5.0  # one key's effect on screen or disk
POLL = 0.1

TMUX_CONF = """\
set -g default-shell /bin/sh
set -g remain-on-exit on
set -g status off
set -s escape-time 0
set -g history-limit 2000
"""

# Names with distinct first letters, so the name field never offers an earlier one.
EARLY = [("Ximena", "Warmth"), ("Quincy", "Candour"), ("Yusuf", "Patience"), ("Zora", "Swiftness")]
LATE = ("Oluwaseun", "Generosity")


class Tmux:
    """A private tmux server; `close` kills it and everything running in it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = f"workshop-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.config = folder / "tmux.conf"
        self.config.write_text(TMUX_CONF, encoding="utf-8")
        # The server inherits this environment: no TMUX (we may run inside a user's tmux).
        self.env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        self.panes: list[Pane] = []

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            [str(TMUX), "-L", self.socket, "-f", str(self.config), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.env,
            timeout=10,
        )
        if done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, name: str, home: Path, *workshop_args: str) -> Pane:
        """Run `workshop ARGS` in a new session, under a shell that notes its exit status.

        tmux's own #{pane_dead_status} is not reliable with several sessions on one
        server (tmux 3.3a leaves some exited panes unreaped), so the shell writes `$?`.
        """
        status = self.folder / f"{name}.status"
        app = shlex.join(
            ["env", f"WORKSHOP_HOME={home}", "TERM=xterm-256color", str(WORKSHOP), *workshop_args]
        )
        partial = shlex.quote(f"{status}.partial")
        command = f"{app}; echo $? > {partial} && mv {partial} {shlex.quote(str(status))}"
        size = ["-x", str(WIDTH), "-y", str(HEIGHT)]
        self("new-session", "-d", "-s", name, *size, command)
        pane = Pane(self, f"{name}:0.0", status)
        self.panes.append(pane)
        return pane

    def screens(self) -> str:
        """What every pane started so far shows now, for failure messages."""
        shown = []
        for pane in self.panes:
            try:
                shown.append(f"--- screen ({pane.target}) ---\n{pane.screen()}---")
            except AssertionError as exc:  # the server is gone
                shown.append(f"--- screen ({pane.target}): {exc}")
        return "\n".join(shown)

    @contextmanager
    def screens_on_failure(self) -> Iterator[None]:
        """Add the screens to the message of a failed plain `assert`."""
        try:
            yield
        except QuitNotClean:  # carries its own screen already
            raise
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{self.screens()}") from exc

    def close(self) -> None:
        """Kill the server (and every app in it), and remove its socket file."""
        try:
            socket_path = self("display-message", "-p", "#{socket_path}").strip()
        except AssertionError:  # no server: nothing was started, or it has gone already
            socket_path = ""
        subprocess.run(
            [str(TMUX), "-L", self.socket, "kill-server"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=self.env,
            timeout=10,
            check=False,
        )
        if socket_path:
            Path(socket_path).unlink(missing_ok=True)


class Pane:
    """One pane: read its screen, type into it, wait for what it shows."""

    def __init__(self, tmux: Tmux, target: str, status: Path) -> None:
        self.tmux = tmux
        self.target = target
        self.status = status

    def screen(self, history: bool = False) -> str:
        extra = ["-S", "-"] if history else []
        return self.tmux("capture-pane", "-p", "-t", self.target, *extra)

    def show(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", self.target, fmt).strip()

    def cursor(self) -> str:
        return self.show("#{cursor_x},#{cursor_y}")

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.target, "-l", text)

    def press(self, key: str) -> None:
        self.tmux("send-keys", "-t", self.target, key)

    def fail(self, message: str) -> None:
        pytest.fail(f"{message}\n--- screen ({self.target}) ---\n{self.screen()}---")

    def wait_for(
        self, predicate: Callable[[str], bool], timeout: float = STEP_TIMEOUT, what: str = ""
    ) -> str:
        """Poll the screen until `predicate(text)` holds; fail showing the last screen."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if predicate(text):
                return text
            if time.monotonic() > deadline:
                self.fail(f"timed out after {timeout:.0f} s waiting for {what or predicate}")
            time.sleep(POLL)

    def wait_until(self, check: Callable[[], bool], timeout: float, what: str) -> None:
        """Poll anything (the disk, the cursor) until it holds; fail showing the screen."""
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                self.fail(f"timed out after {timeout:.0f} s waiting for {what}")
            time.sleep(POLL)

    def pid(self) -> int:
        """The python process running workshop: the child of the pane's shell."""
        shell = self.show("#{pane_pid}")
        table = subprocess.run(
            # -ww: never cut the command line at a width (CI's long paths were cut off).
            ["ps", "-A", "-ww", "-o", "pid=,ppid=,command="],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        children = [line.split(None, 2) for line in table.splitlines()]
        apps = [int(c[0]) for c in children if len(c) == 3 and c[1] == shell]
        assert len(apps) == 1, f"the pane's shell {shell} runs {apps}:\n{table}"
        command = next(c[2] for c in children if c[0] == str(apps[0]))
        assert "python" in command and str(WORKSHOP) in command, command
        return apps[0]

    def exit_status(self) -> int | None:
        """The app's exit status once it has ended (128 + N when killed by signal N)."""
        try:
            return int(self.status.read_text(encoding="ascii"))
        except FileNotFoundError:
            return None

    def wait_exit(self, timeout: float = STEP_TIMEOUT) -> int:
        self.wait_until(lambda: self.exit_status() is not None, timeout, "the app to exit")
        status = self.exit_status()
        assert status is not None
        return status


class QuitNotClean(AssertionError):
    """Quitting printed a traceback or exited non-zero."""


def assert_clean_exit(pane: Pane) -> None:
    status = pane.wait_exit()
    screen = pane.screen(history=True)
    if status != 0 or "Traceback" in screen:
        raise QuitNotClean(
            f"the app ended with exit status {status}\n--- screen ({pane.target}) ---\n{screen}---"
        )


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(tmp_path)
    try:
        yield server
    finally:
        server.close()


def _only_record() -> tuple[Path, SessionRecord]:
    summaries = list_sessions()
    assert len(summaries) == 1, [s.path for s in summaries]
    assert summaries[0].error is None, summaries[0].error
    return summaries[0].path, load_record(summaries[0].path)


def _words(record: SessionRecord) -> list[tuple[str, str]]:
    return [(e.person, e.word) for e in record.result("icebreaker").entries]  # type: ignore[union-attr]


def _saved_words() -> list[tuple[str, str]]:
    """The icebreaker's entries as saved on disk (empty while there is no record yet)."""
    summaries = list_sessions()
    if len(summaries) != 1 or summaries[0].error:
        return []
    return _words(load_record(summaries[0].path))


def _shows_word(screen: str, word: str) -> bool:
    """The tally may show a word in capitals (the top word is), so compare case-blind."""
    return word.casefold() in screen.casefold()


def _add_word(pane: Pane, name: str, word: str, expected: list[tuple[str, str]]) -> None:
    """Type a name, Enter, a word, Enter, as a facilitator would: one field at a time."""
    pane.type(name)
    pane.wait_for(lambda s: name in s, what=f"the name {name!r} to be typed")
    time.sleep(0.1)  # let the frame that drew it (and the cursor) arrive in full
    before = pane.cursor()
    pane.press("Enter")
    # Enter moves the cursor to the word field; keys sent before that would land in the
    # name field. Any Textual that shows the cursor moves it; if not, wait a moment.
    deadline = time.monotonic() + 2.0
    while pane.cursor() == before and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.1)
    pane.type(word)
    pane.press("Enter")
    expected.append((name, word))
    pane.wait_until(
        lambda: _saved_words() == expected,
        STEP_TIMEOUT,
        f"the record on disk to hold {expected} (it holds {_saved_words()})",
    )
    pane.wait_for(lambda s: _shows_word(s, word), what=f"{word!r} in the tally")
    time.sleep(0.2)  # the cursor goes back to the name field after the save


def _lock_text(record_path: Path) -> str:
    lock = locks_dir() / f"{record_path.name}.lock"
    return lock.read_text(encoding="utf-8") if lock.exists() else ""


def test_kill_9_then_resume_loses_nothing(tmux: Tmux, workshop_home: Path) -> None:
    with tmux.screens_on_failure():
        first = tmux.start(
            "first", workshop_home, "run", "culture-of-service", "--organization", "Acme"
        )
        screen = first.wait_for(lambda s: "Leader briefing" in s, START_TIMEOUT, "the session")
        for name, word in [*EARLY, LATE]:
            assert not _shows_word(screen, word) and name not in screen, (name, word)

        first.press("C-n")
        first.wait_for(lambda s: "One word for service" in s, what="the icebreaker step")
        time.sleep(0.3)  # the step's name field takes the cursor after it is drawn
        typed: list[tuple[str, str]] = []
        for name, word in EARLY:
            _add_word(first, name, word, typed)
        screen = first.screen()
        assert all(_shows_word(screen, word) for _, word in EARLY)

        pid = first.pid()
        os.kill(pid, signal.SIGKILL)
        assert first.wait_exit() == 128 + signal.SIGKILL
        with pytest.raises(ProcessLookupError):  # reaped: nothing of it is left running
            os.kill(pid, 0)

        path, record = _only_record()
        assert record.status == "in-progress"
        assert record.current_step == "icebreaker"
        assert record.organization == "Acme"
        assert _words(record) == typed
        assert [name for name, _ in EARLY] == record.participants
        # The killed app never released its lock: the file still names it, but the OS freed
        # the lock itself, which is all that counts.
        assert f"pid {pid} " in _lock_text(path)

        second = tmux.start("second", workshop_home, "resume")
        screen = second.wait_for(
            lambda s: "One word for service" in s and all(_shows_word(s, w) for _, w in EARLY),
            START_TIMEOUT,
            "the resumed icebreaker with every word typed before the kill",
        )
        assert "Traceback" not in screen and "already open" not in screen
        resumed_pid = second.pid()
        assert resumed_pid != pid
        assert f"pid {resumed_pid} " in _lock_text(path)  # the stale lock did not block it

        time.sleep(0.3)
        _add_word(second, *LATE, typed)
        second.press("C-q")
        second.wait_exit()

        assert _only_record()[0] == path
        record = load_record(path)
        assert _words(record) == typed == [*EARLY, LATE]
        assert record.participants == [name for name, _ in typed]
        assert record.current_step == "icebreaker"
        assert record.status == "in-progress"
        assert _lock_text(path) == ""  # a clean quit releases the lock
        assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
        assert_clean_exit(second)


def test_launcher_starts_default_agenda_with_enter_only(tmux: Tmux, workshop_home: Path) -> None:
    with tmux.screens_on_failure():
        pane = tmux.start("launcher", workshop_home)
        # The lists load in the background: wait for the default agenda, not just the heading.
        pane.wait_for(
            lambda s: "Agendas" in s and "Culture of customer service" in s,
            START_TIMEOUT,
            "the launcher listing the default agenda",
        )
        assert list_sessions() == []
        time.sleep(0.2)
        pane.press("Enter")
        pane.wait_for(lambda s: "Start a session" in s, what="the start dialog")
        time.sleep(0.2)
        pane.press("Enter")
        screen = pane.wait_for(lambda s: "Leader briefing" in s, what="the session screen")
        assert "Traceback" not in screen
        pane.wait_until(lambda: len(list_sessions()) == 1, STEP_TIMEOUT, "a record file")
        path, record = _only_record()
        assert record.agenda.id == "culture-of-service"
        assert record.title == "Culture of customer service"
        assert record.current_step == "briefing"

        pane.press("C-q")
        pane.wait_exit()
        record = load_record(path)
        assert record.status == "in-progress"
        assert _lock_text(path) == ""
        assert_clean_exit(pane)


def test_a_hundred_entries_typed_with_no_gap_are_all_saved_as_typed(
    tmux: Tmux, workshop_home: Path
) -> None:
    """Keys sent in one burst, faster than the screen updates: none lands in the wrong field."""
    with tmux.screens_on_failure():
        pane = tmux.start("burst", workshop_home, "run", "culture-of-service")
        pane.wait_for(lambda s: "Leader briefing" in s, START_TIMEOUT, "the session")
        pane.press("C-n")
        pane.wait_for(lambda s: "One word for service" in s, what="the icebreaker step")
        time.sleep(0.5)  # the name field takes the cursor once the step is drawn
        pairs = [(f"Name{n}", f"word{n}") for n in range(100)]
        keys = [key for name, word in pairs for key in (name, "Enter", word, "Enter")]
        tmux("send-keys", "-t", pane.target, *keys)  # one burst, no pause anywhere
        pane.wait_until(lambda: len(_saved_words()) >= 100, 60.0, "100 words on disk")
        time.sleep(0.5)
        assert _saved_words() == pairs
        pane.press("C-q")
        assert_clean_exit(pane)
