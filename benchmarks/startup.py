"""Start-up: `workshop run culture-of-service` to its first screen, against a bare Textual
app with a Header and a Footer, measured the same way in the same run. Target: at most
1.6x the bare app, in a terminal.

The headline measure is a real terminal's: the installed command, `.venv/bin/workshop run
culture-of-service` (a throwaway data folder in $WORKSHOP_HOME), started in a
pseudo-terminal of 80x24 whose output goes through a terminal emulator (`pyte`), timed
from just before the command starts to the first screen that shows the first step's
title (in the step's heading, not only in the agenda beside it). The bare app is started
the same way (`python -c`) and timed to the first screen that shows its title in its
Header. So interpreter start, imports, the CLI, creating the session file, composing and
drawing, and writing to the terminal all count, as they do for a facilitator. The screen
is read as the bytes arrive (pyte does not answer Textual's question about synchronized
output, so Textual draws as for a terminal without it): a thread reads them as fast as
they come and notes when each piece came, and pyte parses the pieces in turn, so the app
never waits on a full terminal for the (slow) emulator, and a screen counts from when its
last piece came. Also shown: the CPU time the process had used by then (every thread,
from /proc), which other work on the machine disturbs less than the wall clock.

The second measure is the earlier one: both apps headless at 80x24 (`python -c`, a
harness patched in), timed to the last screen update before the app first goes idle
(all pending messages handled, as Pilot's `pause` waits for): by then the session screen
has mounted the step's panel and the Footer has its keys.

Each start is a fresh process; the two kinds of start are interleaved so that other work
on the machine hits both alike, and each figure is the median. Nothing is asserted.

    .venv/bin/python benchmarks/startup.py [RUNS] [--pty | --headless | --phases | --instructions]

--phases prints instead where the CPU time of one start goes, step by step (imports,
the session, the app to its first frame), beside the bare app's.

--instructions counts instead, with valgrind's callgrind, the instructions one start takes
to its first frame, step by step: the same count every run, where the wall clock of this
2-core VM varies by up to 2x from hour to hour (about a minute; needs valgrind). Beside the
bare app it counts the floor: the command's own steps up to the session (imports, agenda
validated, record made and written) followed by the bare app instead of the console. The
floor is the least a start can cost that validates the agenda and writes the record before
its first frame, as `workshop run` does so that a bad file is refused before the screen
opens and the record is on disk before the first key; the console's own screen can only
add to it.
"""

from __future__ import annotations

import json
import os
import queue
import select
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import AGENDA, PYTHON, REPO, machine, median, result, spread, temp_home

RUNS = 11
WARM_UP = 2
TARGET_RATIO = 1.6

#: The pseudo-terminal's size, as a terminal that says nothing of its size gets.
COLUMNS, LINES = 80, 24
#: A start that shows nothing in this long has failed.
START_TIMEOUT = 60.0

#: The installed command, next to this interpreter.
WORKSHOP_COMMAND = Path(PYTHON).parent / "workshop"

BARE_TITLE = "Bare start-up"

BARE_APP = f"""
from textual.app import App
from textual.widgets import Footer, Header

class Bare(App):
    TITLE = {BARE_TITLE!r}

    def compose(self):
        yield Header()
        yield Footer()

Bare().run()
"""


def _environment() -> dict[str, str]:
    # As installed for a user: with bytecode. A PYTHONDONTWRITEBYTECODE in the caller's
    # environment (set on some machines) would recompile the project on every start,
    # which `pip install .` never makes a user pay (the library side has its bytecode).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("TMUX", None)
    env.update(TERM="xterm-256color", COLORTERM="truecolor")
    return env


# -- in a pseudo-terminal --------------------------------------------------------------------


def first_step_title() -> str:
    from workshop.agenda import load_agenda

    return load_agenda(AGENDA).steps[0].title


def shows_step_heading(title: str) -> Callable[[list[str]], bool]:
    """Whether a screen shows `title` as the step's heading: the agenda beside it shows
    the step as "▶ 1 <title>" (or cut short), which does not count."""

    def shows(lines: list[str]) -> bool:
        for line in lines:
            at = line.find(title)
            while at >= 0:
                if not line[:at].rstrip().endswith("1"):
                    return True
                at = line.find(title, at + 1)
        return False

    return shows


def shows_text(text: str) -> Callable[[list[str]], bool]:
    return lambda lines: any(text in line for line in lines)


def cpu_ms(pid: int) -> float | None:
    """CPU time the process has used so far, all its threads (Linux), in milliseconds."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as stat:
                total += int(stat.read().split()[0])
    except OSError:
        return None
    return total / 1e6


def start_in_terminal(argv: list[str], shows: Callable[[list[str]], bool]) -> tuple[float, float]:
    """One start in a pseudo-terminal: (wall ms to the first screen that `shows`, CPU ms
    the process had used by then). The app is then quit with Ctrl+Q (killed if it stays)."""
    import fcntl
    import struct
    import termios

    import pyte

    master, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.ByteStream(screen)

    def own_terminal() -> None:  # the pseudo-terminal is the child's controlling terminal
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    launched = time.perf_counter()
    child = subprocess.Popen(
        argv,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=REPO,
        env=_environment(),
        preexec_fn=own_terminal,
    )
    os.close(terminal)
    # A thread reads the terminal as fast as the app writes (noting when each piece came
    # and the CPU the app had used by then), while pyte, much slower than a terminal,
    # reads the pieces in turn: the app never waits on a full terminal (4 KB) for pyte.
    arrived: queue.Queue[tuple[float, bytes, float | None]] = queue.Queue()
    seen: tuple[float, float] | None = None

    def read_all() -> None:
        while seen is None:
            if not select.select([master], [], [], 0.05)[0]:
                if time.perf_counter() - launched < START_TIMEOUT:
                    continue
                chunk = b""
            else:
                chunk = _read(master)
            arrived.put((time.perf_counter(), chunk, cpu_ms(child.pid)))
            if not chunk:
                return

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    try:
        while seen is None:
            at, chunk, used = arrived.get()
            if not chunk:
                shown = "\n".join(line.rstrip() for line in screen.display)
                after = at - launched
                raise SystemExit(f"{argv[-2:]}: nothing to see after {after:.1f} s:\n{shown}")
            stream.feed(chunk)
            if shows(screen.display):
                seen = ((at - launched) * 1000, used if used is not None else float("nan"))
    finally:
        if seen is None:
            seen = (float("nan"), float("nan"))  # stops the reader
        reader.join()
        _quit(child, master)
    return seen


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 1 << 16)
    except OSError:  # EIO: the other side has closed
        return b""


def _quit(child: subprocess.Popen[bytes], master: int) -> None:
    try:
        os.write(master, b"\x11")  # Ctrl+Q
        deadline = time.monotonic() + 10
        while child.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready and not _read(master):  # keep reading: a full terminal blocks the app
                break
        if child.poll() is None:
            child.kill()
        child.wait(timeout=10)
    finally:
        os.close(master)


Runs = dict[str, list[float]]


def measure_terminal(runs: int) -> tuple[Runs, Runs]:
    """Wall and CPU milliseconds to the first screen with the title: (workshop, bare app)."""
    sys.setswitchinterval(0.0005)  # the reader thread notes a piece's time within 0.5 ms
    workshop_start = [str(WORKSHOP_COMMAND), "run", "culture-of-service"]
    bare_start = [PYTHON, "-c", BARE_APP]
    starts = (
        (workshop_start, shows_step_heading(first_step_title()), {"wall": [], "cpu": []}),
        (bare_start, shows_text(BARE_TITLE), {"wall": [], "cpu": []}),
    )
    for n in range(WARM_UP + runs):  # interleaved; the first runs warm the file cache
        for argv, shows, into in starts:
            wall, cpu = start_in_terminal(argv, shows)
            if n >= WARM_UP:
                into["wall"].append(wall)
                into["cpu"].append(cpu)
    return starts[0][2], starts[1][2]


# -- headless --------------------------------------------------------------------------------

#: Runs in the child before the app: every update that reaches the screen is timed, and
#: the app exits once it has gone idle after starting.
HARNESS = """
import json, os, sys, time
from textual.app import App

_paints = []
_display = App._display

def _timed_display(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is not None and not self._batch_count:
        _paints.append((time.time_ns(), time.process_time(), type(screen).__name__))

App._display = _timed_display

async def _first_idle(pilot):
    for _ in range(3):  # idle three times over: nothing left to mount or lay out
        await pilot.pause()
    seen = list(_paints)
    with open(os.environ["BENCH_OUT"], "w") as out:
        paint_ns, cpu, screen = seen[-1]
        json.dump({"paint_ns": paint_ns, "cpu": cpu, "paints": len(seen), "screen": screen}, out)
    pilot.app.exit()

_run = App.run

def _headless_run(self, **kwargs):
    kwargs.update(headless=True, size=(80, 24), auto_pilot=_first_idle)
    return _run(self, **kwargs)

App.run = _headless_run
"""

WORKSHOP = (
    HARNESS
    + f"""
from workshop.cli import main
sys.exit(main(["run", {str(AGENDA)!r}]))
"""
)

BARE = (
    HARNESS
    + """
from textual.widgets import Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield Footer()

Bare().run()
"""
)


def start_once(code: str, out: Path) -> dict[str, object]:
    """One start in a fresh interpreter: milliseconds from launch to the first full paint."""
    out.unlink(missing_ok=True)
    env = _environment()
    env["BENCH_OUT"] = str(out)
    launched = time.time_ns()
    done = subprocess.run(
        [PYTHON, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"start failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    seen = json.loads(out.read_text())
    seen["ms"] = (seen["paint_ns"] - launched) / 1e6
    return seen


def measure_headless(runs: int) -> tuple[Runs, Runs, dict[str, object]]:
    """Wall and CPU milliseconds to first paint: (workshop, bare app, last workshop run)."""
    workshop: Runs = {"wall": [], "cpu": []}
    bare: Runs = {"wall": [], "cpu": []}
    last: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="workshop-bench-") as scratch:
        out = Path(scratch) / "paint.json"
        for n in range(WARM_UP + runs):  # interleaved; the first runs warm the file cache
            for code, into in ((WORKSHOP, workshop), (BARE, bare)):
                seen = start_once(code, out)
                if n >= WARM_UP:
                    into["wall"].append(float(seen["ms"]))  # type: ignore[arg-type]
                    into["cpu"].append(float(seen["cpu"]) * 1000)  # type: ignore[arg-type]
                if code is WORKSHOP:
                    last = seen
    return workshop, bare, last


# -- the figures -----------------------------------------------------------------------------


def _noisy(*measured: Runs) -> bool:
    return max(spread(runs["wall"]) for runs in measured) > 0.5


def _report(what: str, workshop: Runs, bare: Runs, runs: int) -> tuple[float, float]:
    ratio = median(workshop["wall"]) / median(bare["wall"])
    cpu_ratio = median(workshop["cpu"]) / median(bare["cpu"])
    for name, runs_of in (
        ("bare Textual app (Header, Footer)", bare),
        ("workshop run culture-of-service  ", workshop),
    ):
        print(
            f"  {name}: median {median(runs_of['wall']):5.0f} ms wall"
            f" (spread {spread(runs_of['wall']):.2f}), {median(runs_of['cpu']):5.0f} ms CPU,"
            f" over {runs} runs"
        )
    print(
        f"  {what}: ratio {ratio:.2f}x wall; {cpu_ratio:.2f}x in CPU time, which other work"
        " on the machine disturbs less"
    )
    return ratio, cpu_ratio


def terminal(runs: int) -> None:
    print(
        f"startup in a terminal: command started to the first screen showing the first step's"
        f" title, pty {COLUMNS}x{LINES} read through pyte ({machine()})"
    )
    with temp_home():
        workshop, bare = measure_terminal(runs)
        if _noisy(workshop, bare):
            print("  noisy (other work on the machine): measuring again")
            workshop, bare = measure_terminal(runs)
    ratio, cpu_ratio = _report(f"target <= {TARGET_RATIO}x", workshop, bare, runs)
    result("startup", "in a terminal: bare Textual app, median", f"{median(bare['wall']):.0f} ms")
    result(
        "startup",
        "in a terminal: workshop run culture-of-service, median",
        f"{median(workshop['wall']):.0f} ms",
    )
    result(
        "startup",
        "in a terminal: workshop / bare app",
        f"{ratio:.2f}x (CPU time {cpu_ratio:.2f}x)",
        f"<= {TARGET_RATIO}x",
        ratio <= TARGET_RATIO,
    )


def headless(runs: int) -> None:
    print(f"startup headless: fresh interpreter to first full paint, 80x24 ({machine()})")
    with temp_home():
        workshop, bare, last = measure_headless(runs)
        if _noisy(workshop, bare):
            print("  noisy (other work on the machine): measuring again")
            workshop, bare, last = measure_headless(runs)
    print(f"  last workshop run: {last['paints']} screen updates, the last on {last['screen']}")
    ratio, cpu_ratio = _report("headless", workshop, bare, runs)
    result("startup", "headless: bare Textual app, median", f"{median(bare['wall']):.0f} ms")
    result(
        "startup",
        "headless: workshop run culture-of-service, median",
        f"{median(workshop['wall']):.0f} ms",
    )
    result("startup", "headless: workshop / bare app", f"{ratio:.2f}x (CPU time {cpu_ratio:.2f}x)")


# -- where the time goes ------------------------------------------------------------------

#: Runs in a fresh interpreter: the steps of `workshop run culture-of-service` one by one,
#: in the order the command takes them, each timed in CPU time; the app headless at 80x24
#: until its first screen update that shows the step's title (the bare app: its first).
#: Started as `workshop`, `bare` or `floor`: the floor takes the command's steps up to the
#: session (agenda validated, record made and written) and then runs the bare app, which
#: is the least any start can cost that validates before its first frame.
#: Each mark calls getppid(): under callgrind (`--instructions`) it splits the count.
PHASES = """
import gc, json, os, sys, time
cpu = time.process_time
marks = [("interpreter start", cpu())]

def mark(name):
    os.getppid()
    marks.append((name, cpu()))

which = sys.argv[1]
if which != "bare":
    import workshop.cli
    args = workshop.cli._parser().parse_args(["run", "culture-of-service"])
    mark("the CLI (argparse, paths)")
    from workshop.ui.collector import CollectorSettings
    collector = CollectorSettings()
    collector.pause()
from textual.app import App
from textual.widgets import Footer, Header
import textual.pilot
mark("Textual, as the bare app imports it")
if which != "bare":
    from pydantic import BaseModel, ConfigDict, Field, StringConstraints
    mark("pydantic")
    import workshop.kinds
    mark("the step kinds' models (classes; validators deferred)")
    import workshop.agenda, workshop.catalog, workshop.record, workshop.session
    import workshop.settings, workshop.storage
    mark("the rest of the core")
    if which == "workshop":
        import workshop.room.address, workshop.ui.app, workshop.ui.launch, workshop.ui.running
        mark("the console's modules and their widgets")
    from workshop.ui.launch import session_from_args
    session = session_from_args(args)
    mark("the session: agenda validated, record made and written")
if which == "workshop":
    app = workshop.ui.app.WorkshopApp(session)
    title = session.step.title
else:
    class Bare(App):
        TITLE = "Bare start-up"

        def compose(self):
            yield Header()
            yield Footer()

    app = Bare()
    title = None

_display = App._display

def shown(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is None or len(marks) and marks[-1][0].startswith("the app"):
        return
    if title is None or any(str(w.render()) == title for w in self.screen.query("#step-title")):
        mark("the app, to its first frame with the title")
        self.exit()

App._display = shown
app.run(headless=True, size=(80, 24))
if which == "workshop":
    app.close_session()
elif which == "floor":
    session.close()
if which != "bare":
    collector.restore()
took = [(name, 1000 * (t - (marks[i - 1][1] if i else 0))) for i, (name, t) in enumerate(marks)]
print(json.dumps(took))
"""


def run_phases(which: str, under: tuple[str, ...] = (), timeout: float = 120) -> list[Any]:
    """One start of `which` (PHASES), in a fresh interpreter (`under` a tool, if given):
    its phases, each (name, CPU milliseconds)."""
    done = subprocess.run(
        [*under, PYTHON, "-c", PHASES, which],
        cwd=REPO,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise SystemExit(f"phases failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return list(json.loads(done.stdout.splitlines()[-1]))


def measure_phases(runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """CPU milliseconds per phase, every run: (workshop, bare app)."""
    found: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    for _ in range(runs):
        for which, into in (("workshop", found[0]), ("bare", found[1])):
            for name, ms in run_phases(which):
                into.setdefault(name, []).append(ms)
    return found


def phases(runs: int) -> None:
    print(f"startup phases: CPU time of each step, headless 80x24, the least of {runs} runs")
    with temp_home():
        workshop, bare = measure_phases(runs)
    least = {name: min(ms) for name, ms in workshop.items()}
    bare_least = {name: min(ms) for name, ms in bare.items()}
    for name, ms in least.items():
        also = f"   (bare app {bare_least[name]:4.0f} ms)" if name in bare_least else ""
        print(f"  {name:55s} {ms:5.0f} ms{also}")
    print(
        f"  total {sum(least.values()):.0f} ms, bare app {sum(bare_least.values()):.0f} ms;"
        " the least of each step, so the totals are below a typical run's"
    )


# -- instructions ----------------------------------------------------------------------------

#: The parts of one start under callgrind: the interpreter's start is in the first.
FIRST_FRAME = "the app, to its first frame with the title"


def count_instructions(which: str) -> list[tuple[str, float]]:
    """Millions of instructions each phase of one start of `which` (PHASES) took, up to
    its first frame, counted by valgrind's callgrind: the same every run, so figures and
    ratios hold from one hour's VM to the next (its wall clock varies by up to 2x). The
    phases are split where PHASES marks them (its getppid() calls)."""
    # Once as it is, first: a module changed since its bytecode was written is compiled
    # again on import, which a user's start never pays (pip compiles at install).
    run_phases(which)
    with tempfile.TemporaryDirectory(prefix="workshop-callgrind-") as scratch:
        out = Path(scratch) / "cg.out"
        callgrind = ("valgrind", "--tool=callgrind", "--dump-before=getppid")
        phases = run_phases(which, (*callgrind, f"--callgrind-out-file={out}"), timeout=600)
        names = [name for name, _ in phases]
        # One dump per mark, numbered in order (cg.out.1, cg.out.2, ...); the last, cg.out,
        # is what came after the first frame (quitting), not counted.
        dumps = sorted(Path(scratch).glob("cg.out.*"), key=lambda f: int(f.suffix[1:]))
        counts = [_total(dump) / 1e6 for dump in dumps]
    # The first dump is at the second mark: it holds the interpreter's start too.
    return [(f"{names[0]} and {names[1]}", counts[0]), *zip(names[2:], counts[1:], strict=True)]


def _total(dump: Path) -> int:
    for line in dump.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise SystemExit(f"no total in {dump}")


def instructions() -> None:
    import shutil

    print(
        "startup in instructions: counted by callgrind to the first frame with the title,"
        f" headless 80x24 ({machine()})"
    )
    if shutil.which("valgrind") is None:
        print("  valgrind is not installed (apt-get install valgrind): nothing measured")
        return
    with temp_home():
        bare, floor, workshop = (count_instructions(w) for w in ("bare", "floor", "workshop"))
    totals = {n: sum(c for _, c in p) for n, p in (("bare", bare), ("floor", floor))}
    for name, count in workshop:
        print(f"  {name:66s} {count:6.0f} M")
    total = sum(c for _, c in workshop)
    allowed = TARGET_RATIO * totals["bare"]
    floor_ratio = totals["floor"] / totals["bare"]
    for name, count in (
        ("workshop run culture-of-service, to its first frame", total),
        ("bare Textual app (Header, Footer)", totals["bare"]),
        (
            f"the floor: the command's session made, then the bare app ({floor_ratio:.2f}x)",
            totals["floor"],
        ),
    ):
        print(f"  {name:66s} {count:6.0f} M")
    room = allowed - totals["floor"]
    print(
        f"  ratio {total / totals['bare']:.2f}x; {TARGET_RATIO}x allows {allowed:.0f} M, which"
        + (
            f" leaves {room:.0f} M beyond the floor for the console itself"
            if room >= 1
            else " the floor alone reaches: nothing is left for the console itself"
        )
    )
    result("startup", "instructions: bare Textual app", f"{totals['bare']:.0f} M")
    result("startup", "instructions: workshop run culture-of-service", f"{total:.0f} M")
    result(
        "startup",
        "instructions: floor (session made, then the bare app) / bare app",
        f"{totals['floor'] / totals['bare']:.2f}x",
    )
    result(
        "startup",
        "instructions: workshop / bare app",
        f"{total / totals['bare']:.2f}x",
        f"<= {TARGET_RATIO}x",
        total / totals["bare"] <= TARGET_RATIO,
    )


def main() -> None:
    numbers = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(numbers[0]) if numbers else RUNS
    if "--phases" in sys.argv:
        phases(runs)
        return
    if "--instructions" in sys.argv:
        instructions()
        return
    if "--headless" not in sys.argv:
        terminal(runs)
    if "--pty" not in sys.argv:
        headless(runs)


if __name__ == "__main__":
    main()
