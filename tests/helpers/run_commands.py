"""Run many `workshop` command lines in one process, as the fuzz corpus test needs.

usage: python run_commands.py COMMANDS.json    ($WORKSHOP_HOME names the data folder)

COMMANDS.json holds a list of argument lists. Each is run through `workshop.cli.main` with
its output captured; no app is started (`App.run` returns at once: a corpus file that
happens to be valid must not wait for a terminal). Printed, one JSON object a line:
{"argv", "code", "out", "err", "uncaught"} where `uncaught` is the traceback of anything
that escaped `main` (there must be none). Before each command its argv goes to stderr, so
that a hang names the command it hung in.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import traceback
from pathlib import Path

from textual.app import App

from workshop.cli import main


def _no_app(self: App[object], *args: object, **kwargs: object) -> None:
    return None


def run(argv: list[str]) -> dict[str, object]:
    out, err = io.StringIO(), io.StringIO()
    uncaught = None
    code: object = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code
        except BaseException:
            uncaught = traceback.format_exc()
    return {
        "argv": argv,
        "code": code,
        "out": out.getvalue(),
        "err": err.getvalue(),
        "uncaught": uncaught,
    }


def entry() -> None:
    App.run = _no_app  # type: ignore[method-assign]
    commands = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for argv in commands:
        print(json.dumps(argv), file=sys.stderr, flush=True)
        print(json.dumps(run(argv)), flush=True)


if __name__ == "__main__":
    entry()
