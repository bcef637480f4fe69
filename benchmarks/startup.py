"""Start-up: `workshop run agendas/culture-of-service.toml` to its first full paint,
against a bare Textual app with a Header and a Footer, measured the same way in the
same run. Target: at most 1.3x the bare app.

Each start is a fresh interpreter (`python -c`), so interpreter start, imports, the CLI,
creating the session file and composing the screens all count. Both apps run headless
at 80x24; the first full paint is the last screen update before the app first goes idle
(all pending messages handled, as Pilot's `pause` waits for): by then the session screen
has mounted the step's panel and the Footer has its keys. The parent notes the wall
clock just before starting the child, the child the wall clock at that paint. The two
kinds of start are interleaved so that other work on the machine hits both alike; the
figure is the median.

    .venv/bin/python benchmarks/startup.py [RUNS]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import AGENDA, PYTHON, REPO, machine, median, result, spread, temp_home

RUNS = 15
WARM_UP = 2
TARGET_RATIO = 1.3

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
    # As installed for a user: with bytecode. A PYTHONDONTWRITEBYTECODE in the caller's
    # environment (set on some machines) would recompile the project on every start,
    # which `pip install .` never makes a user pay (the library side has its bytecode).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
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


Runs = dict[str, list[float]]


def measure(runs: int) -> tuple[Runs, Runs, dict[str, object]]:
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


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    print(f"startup: fresh interpreter to first full paint, headless 80x24 ({machine()})")
    with temp_home():
        workshop, bare, last = measure(runs)
        if max(spread(workshop["wall"]), spread(bare["wall"])) > 0.5:
            print("  noisy (other work on the machine): measuring again")
            workshop, bare, last = measure(runs)
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
    print(f"  last workshop run: {last['paints']} screen updates, the last on {last['screen']}")
    print(
        f"  ratio {ratio:.2f}x wall (target <= {TARGET_RATIO}x); {cpu_ratio:.2f}x in CPU time,"
        " which other work on the machine disturbs less"
    )
    result("startup", "bare Textual app, median", f"{median(bare['wall']):.0f} ms")
    result(
        "startup", "workshop run culture-of-service, median", f"{median(workshop['wall']):.0f} ms"
    )
    result(
        "startup",
        "workshop / bare app",
        f"{ratio:.2f}x (CPU time {cpu_ratio:.2f}x)",
        f"<= {TARGET_RATIO}x",
        ratio <= TARGET_RATIO,
    )


if __name__ == "__main__":
    main()
