"""Every benchmark, one after the other, then one table of their figures and targets.

    .venv/bin/python benchmarks/run_all.py [--markdown] [NAME...]

Each benchmark runs as its own `.venv/bin/python benchmarks/NAME.py` (output shown as it
comes); NAME picks some of them. --markdown prints the table as Markdown too, as README
shows it. Takes about ten minutes on two cores; each benchmark measures its baseline in
the same run, but the figures still move with other work on the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from _common import PYTHON, RESULT_PREFIX, machine

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "startup",
    "capture_latency",
    "autosave",
    "history",
    "memory",
    "room",
    "room_view",
    "trends_export",
]
COLUMNS = ("benchmark", "measure", "figure", "target", "met")


def run(name: str) -> list[dict[str, str]]:
    """Run one benchmark, echoing its output; its figures, or one row saying it failed."""
    print(f"\n=== {name}", flush=True)
    rows = []
    with subprocess.Popen(
        [PYTHON, str(HERE / f"{name}.py")],
        cwd=HERE.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith(RESULT_PREFIX):
                rows.append(json.loads(line.removeprefix(RESULT_PREFIX)))
            else:
                print(line, end="", flush=True)
    if child.returncode != 0:
        rows.append({"benchmark": name, "measure": f"failed (exit {child.returncode})"})
    return rows


def table(rows: list[dict[str, str]], markdown: bool) -> str:
    cells = [[row.get(column, "") for column in COLUMNS] for row in rows]
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
        lines += ["| " + " | ".join(row) + " |" for row in cells]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [list(COLUMNS), *cells]) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(lines)


def main() -> None:
    markdown = "--markdown" in sys.argv
    names = [a for a in sys.argv[1:] if not a.startswith("--")] or BENCHMARKS
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"no benchmark {', '.join(unknown)}; there are {', '.join(BENCHMARKS)}")
    started = time.time()
    rows = [row for name in names for row in run(name)]
    print(f"\n=== summary ({machine()}, {time.time() - started:.0f} s)")
    print(table(rows, markdown=False))
    if markdown:
        print()
        print(table(rows, markdown=True))
    missed = [r for r in rows if r.get("met") == "no" or r["measure"].startswith("failed")]
    print(f"\n{len(missed)} of {sum(1 for r in rows if r.get('met'))} targets missed")


if __name__ == "__main__":
    main()
