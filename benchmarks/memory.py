"""Memory: peak resident memory of the app with a session of 10,000 entries open, against
a bare Textual app with a Header and a Footer, each in a fresh interpreter.

Each child runs its app headless under Pilot (120x40) until it has settled, then reads
its peak resident set size (VmHWM in /proc/self/status) and its current one (VmRSS).
The record (a culture-of-service session, entries of every kind: 4,000 words on the
one-word step it is open at) is written beforehand by this script, so that the child's
figures are those of opening it as `workshop resume` does: load and validate the file,
lock it, save it (the session starts), show the step. Also measured: the same app on an
empty session, and the 10,000-entry session after 50 more words were typed in (each
change keeps the step as it was, for undo).

    .venv/bin/python benchmarks/memory.py
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from _common import PYTHON, REPO, machine, make_record, result, temp_home

ENTRIES = 10_000

MEASURE = """
import asyncio, json, os, resource, sys

def status(field):
    # VmHWM (peak) or VmRSS (now), in bytes. Not ru_maxrss: Linux keeps that across exec,
    # so it could be the benchmark's own peak, from before the fork.
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

async def main():
    app, words = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
        for n in range(words):
            await pilot.press(*"Person", "enter", *f"w{n}", "enter")
        await pilot.pause()
        peak, now = status("VmHWM"), status("VmRSS")
        await pilot.press("ctrl+q")
    with open(os.environ["BENCH_OUT"], "w") as out:
        json.dump({"peak": peak, "now": now}, out)
"""

BARE = (
    MEASURE
    + """
from textual.app import App
from textual.widgets import Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield Footer()

def make_app():
    return Bare(), 0

asyncio.run(main())
"""
)

WORKSHOP = (
    MEASURE
    + """
from pathlib import Path
from workshop.session import Session
from workshop.storage import SessionFile
from workshop.ui.app import WorkshopApp

def make_app():
    session = Session(SessionFile.open(Path(os.environ["BENCH_RECORD"])))
    return WorkshopApp(session), int(os.environ["BENCH_WORDS"])

asyncio.run(main())
"""
)


def run(code: str, record: Path | None = None, words: int = 0) -> dict[str, int]:
    with tempfile.TemporaryDirectory(prefix="workshop-bench-") as scratch:
        out = Path(scratch) / "memory.json"
        env = {
            **os.environ,
            "BENCH_OUT": str(out),
            "BENCH_RECORD": str(record or ""),
            "BENCH_WORDS": str(words),
        }
        done = subprocess.run(
            [PYTHON, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0 or not out.exists():
            raise SystemExit(f"failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return json.loads(out.read_text())


def write_record(entries: int) -> Path:
    from workshop.storage import SessionFile

    with SessionFile.create(make_record(entries)) as file:
        return file.path


def mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


def main() -> None:
    print(f"memory: peak resident memory, fresh interpreter per app ({machine()})")
    with temp_home():
        empty, full = write_record(0), write_record(ENTRIES)
        size = full.stat().st_size
        figures = {
            "bare Textual app (Header, Footer)": run(BARE),
            "workshop, empty session": run(WORKSHOP, empty),
            f"workshop, {ENTRIES:,} entries": run(WORKSHOP, full),
            f"workshop, {ENTRIES:,} entries + 50 words typed": run(WORKSHOP, full, words=50),
        }
    bare = figures["bare Textual app (Header, Footer)"]["peak"]
    for name, f in figures.items():
        print(
            f"  {name:40} peak {mib(f['peak']):>8}  (now {mib(f['now'])}),"
            f" {f['peak'] / bare:.1f}x the bare app"
        )
    print(f"  the {ENTRIES:,}-entry record file: {size / 2**20:.1f} MiB")
    for name, f in figures.items():
        result("memory", f"peak RSS, {name}", f"{mib(f['peak'])} ({f['peak'] / bare:.1f}x bare)")


if __name__ == "__main__":
    main()
