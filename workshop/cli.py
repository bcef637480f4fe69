"""The `workshop` command: the app, plus what needs no screen (check, sessions, where).

Every user-fixable problem is printed as one line naming its file, line and field;
no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from workshop import __version__
from workshop.errors import InvalidFileError, WorkshopError
from workshop.paths import HOME_ENV, data_home, sessions_dir, shipped_agendas_dir, user_agendas_dir


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshop",
        description=(
            "Step a room through a workshop agenda, show what people say on the projector, "
            "and keep a plain-text record of every session. With no command, opens the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"workshop {__version__}")
    parser.add_argument(
        "--home",
        metavar="DIR",
        help=f"data folder for sessions and your own agendas (default: ${HOME_ENV}, "
        "else your platform's user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="start a new session of an agenda")
    run.add_argument("agenda", metavar="AGENDA", help="an agenda file, or the id of one")
    run.add_argument("--title", help="session title (default: the agenda's)")
    run.add_argument("--organization", default="", help="who the workshop is for")
    run.add_argument("--facilitator", default="", help="who runs it")
    run.add_argument("--anonymous", action="store_true", help="never show names on screen")
    run.add_argument(
        "--follows",
        metavar="SESSION",
        help="the session this one follows up (reviews its commitments)",
    )

    resume = commands.add_parser("resume", help="continue a session where it stopped")
    resume.add_argument(
        "session",
        metavar="SESSION",
        nargs="?",
        help="a record file or id (default: the newest in progress)",
    )

    sessions = commands.add_parser("sessions", help="list session records")
    sessions.add_argument("--json", action="store_true", help="print JSON, one object per session")

    check = commands.add_parser("check", help="validate agenda or session record files")
    check.add_argument("files", metavar="FILE", nargs="+", type=Path)

    commands.add_parser("where", help="print where workshop keeps its files")
    return parser


def _check(files: Sequence[Path]) -> int:
    from workshop.agenda import load_agenda
    from workshop.storage import load_record, looks_like_record
    from workshop.tomlsource import parse, read_text

    failed = 0
    for path in files:
        try:
            if looks_like_record(parse(read_text(path), path)):
                record = load_record(path)
                print(f"ok  {path}: session {record.title!r}, {record.entry_count()} entries")
            else:
                agenda = load_agenda(path)
                print(
                    f"ok  {path}: agenda {agenda.id!r}, {len(agenda.steps)} steps, "
                    f"{agenda.total_minutes} min"
                )
        except InvalidFileError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
        except WorkshopError as exc:
            failed += 1
            print(exc, file=sys.stderr)
    return 1 if failed else 0


def _sessions(as_json: bool) -> int:
    from workshop.catalog import list_sessions

    summaries = list_sessions()
    if as_json:
        print(json.dumps([s.as_json() for s in summaries], ensure_ascii=False, indent=2))
        return 0
    if not summaries:
        print(f"no sessions yet in {sessions_dir()}")
        return 0
    for s in summaries:
        if s.error:
            print(f"{s.path.name}: {s.error}")
            continue
        when = f"{s.created:%Y-%m-%d %H:%M}" if s.created else "?"
        org = f" — {s.organization}" if s.organization else ""
        print(
            f"{when}  {s.id}  {s.status:<11}  {s.title}{org}  [{s.agenda_id}]  "
            f"{s.participants} people, {s.entries} entries"
        )
    return 0


def _where() -> int:
    print(f"data folder:     {data_home()}")
    print(f"sessions:        {sessions_dir()}")
    print(f"your agendas:    {user_agendas_dir()}")
    print(f"shipped agendas: {shipped_agendas_dir()}")
    return 0


def _app(args: argparse.Namespace) -> int:
    from workshop.ui.launch import launch

    return launch(args)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.home:
        os.environ[HOME_ENV] = str(Path(args.home).expanduser().resolve())
    try:
        if args.command == "check":
            return _check(args.files)
        if args.command == "sessions":
            return _sessions(args.json)
        if args.command == "where":
            return _where()
        return _app(args)
    except WorkshopError as exc:
        print(f"workshop: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
