"""The `workshop` command: the app, plus what needs no screen (check, sessions, where).

Every user-fixable problem is printed as one line naming its file, line and field;
no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
    run.add_argument(
        "--organization",
        help="who the workshop is for (default: the session it follows, else the last one's)",
    )
    run.add_argument(
        "--facilitator", help="who runs it (default: the session it follows, else the last one's)"
    )
    run.add_argument("--anonymous", action="store_true", help="never show names on screen")
    run.add_argument(
        "--follows",
        metavar="SESSION",
        help="the session this one follows up (reviews its commitments)",
    )
    run.add_argument(
        "--room",
        nargs="?",
        const="",
        metavar="HOST:PORT",
        help="open the room to phones on the local network (F12 closes it); "
        "default: this laptop's address, port 8765",
    )

    resume = commands.add_parser("resume", help="continue a session where it stopped")
    resume.add_argument(
        "session",
        metavar="SESSION",
        nargs="?",
        help="a record file or id (default: the newest in progress)",
    )

    present = commands.add_parser(
        "present",
        help="the room's view of a session, read-only, for a second screen",
        description="Follow a session on the projector while it runs elsewhere: step, prompt, "
        "timer, live results. Keys: b blank / r reveal, F10 theme, q quit.",
    )
    present.add_argument(
        "session",
        metavar="SESSION",
        nargs="?",
        help="a record file or id (default: follow the room: the newest in progress, "
        "and each new session as it starts)",
    )
    present.add_argument(
        "--render",
        metavar="COLSxROWS",
        help="print the room's view at that size as plain text and exit (e.g. 160x45)",
    )

    sessions = commands.add_parser("sessions", help="list session records")
    sessions.add_argument("--json", action="store_true", help="print JSON, one object per session")
    sessions.add_argument("--org", metavar="TEXT", help="organization name contains TEXT")
    sessions.add_argument("--status", metavar="in-progress|finished", help="only this status")
    sessions.add_argument("--agenda", metavar="ID", help="only sessions of this agenda id")
    sessions.add_argument("--since", metavar="YYYY-MM-DD", help="only sessions from this date on")
    sessions.add_argument(
        "--search", metavar="TEXT", help="TEXT in the title, organization or agenda (any case)"
    )

    export = commands.add_parser(
        "export",
        help="write a session as Markdown, CSV or HTML",
        description="Markdown: a summary to email. CSV: one row per captured item, for a "
        "spreadsheet. HTML: one self-contained page to print. Written beside the record "
        "unless -o says otherwise; the record itself is never touched.",
    )
    export.add_argument("session", metavar="SESSION", help="a record file, an id or id prefix")
    export.add_argument(
        "--format",
        metavar="md|csv|html",
        help="default: from the -o file's extension, else md",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file or folder to write to; '-' for standard output",
    )
    export.add_argument(
        "--private",
        action="store_true",
        help="include the facilitator's private notes (marked private in md and html)",
    )

    trends = commands.add_parser(
        "trends", help="one organization across its sessions: words, commitments kept"
    )
    trends.add_argument("organization", metavar="ORGANIZATION", help="as typed in its sessions")
    trends.add_argument("--format", metavar="md", default="md", help="md (the default)")

    check = commands.add_parser("check", help="validate agenda or session record files")
    check.add_argument("files", metavar="FILE", nargs="+", type=Path)
    check.add_argument(
        "--fit",
        metavar="COLSxROWS",
        help="instead, report each step of the agendas (files or ids) cut off at this size",
    )

    commands.add_parser("where", help="print where workshop keeps its files")
    return parser


def _say(text: object, *, err: bool = False, lines: bool = False) -> None:
    """Print `text` with its control characters shown as escapes (see `visible`): titles,
    words and file names come from files and typing, and no escape reaches the terminal
    raw. `lines`: keep its line breaks."""
    from workshop.textsafe import visible

    print(visible(str(text), newlines=lines), file=sys.stderr if err else sys.stdout)


def _check(files: Sequence[Path]) -> int:
    from workshop.agenda import load_agenda
    from workshop.storage import load_record, looks_like_record
    from workshop.tomlsource import parse, read_text
    from workshop.userfile import no_traceback

    failed = 0
    for path in files:
        try:
            with no_traceback(path):
                if looks_like_record(parse(read_text(path), path)):
                    record = load_record(path)
                    _say(f"ok  {path}: session {record.title!r}, {record.entry_count()} entries")
                else:
                    agenda = load_agenda(path)
                    _say(
                        f"ok  {path}: agenda {agenda.id!r}, {len(agenda.steps)} steps, "
                        f"{agenda.total_minutes} min"
                    )
        except InvalidFileError as exc:
            failed += 1
            for problem in exc.problems:
                _say(problem, err=True)
        except WorkshopError as exc:
            failed += 1
            _say(exc, err=True)
    return 1 if failed else 0


def _sessions(args: argparse.Namespace) -> int:
    from datetime import date

    from workshop.catalog import filter_sessions, list_sessions

    if args.status is not None and args.status not in ("in-progress", "finished"):
        raise WorkshopError(f"--status must be in-progress or finished, not {args.status!r}")
    since = None
    if args.since is not None:
        try:
            since = date.fromisoformat(args.since.strip())
        except ValueError:
            raise WorkshopError(
                f"--since needs a date such as 2026-11-01, not {args.since!r}"
            ) from None
    everything = list_sessions()
    summaries = filter_sessions(
        everything,
        organization=args.org,
        status=args.status,
        agenda=args.agenda,
        since=since,
        search=args.search,
    )
    if args.json:
        # JSON escapes C0 controls itself; C1 controls are escaped here, as JSON allows.
        text = json.dumps([s.as_json() for s in summaries], ensure_ascii=False, indent=2)
        print(re.sub(r"[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m[0]):04x}", text))
        return 0
    if not summaries:
        if everything:
            _say(f"no sessions match (of {len(everything)} in {sessions_dir()})")
        else:
            _say(f"no sessions yet in {sessions_dir()}")
        return 0
    for s in summaries:
        if s.error:
            _say(f"{s.path.name}: broken: {s.error}")
            continue
        when = f"{s.created:%Y-%m-%d %H:%M}" if s.created else "?"
        org = f" — {s.organization}" if s.organization else ""
        _say(
            f"{when}  {s.id}  {s.status:<11}  {s.title}{org}  [{s.agenda_id}]  "
            f"{s.participants} people, {s.entries} entries"
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    from workshop.catalog import find_session
    from workshop.errors import display_path
    from workshop.export.formats import FORMATS, export_session
    from workshop.storage import load_record

    fmt = args.format
    if fmt is None:  # from the file name asked for, if it says
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fmt = next((f for f, ext in FORMATS.items() if ext == suffix), "md")
    if fmt not in FORMATS:
        raise WorkshopError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not args.session.strip():
        raise WorkshopError("give the session to export: a record file, an id or id prefix")
    path = find_session(args.session)
    record = load_record(path)
    written = export_session(record, fmt, path, args.output, include_private=args.private)
    if written is not None:
        _say(display_path(written))
    return 0


def _trends(args: argparse.Namespace) -> int:
    from workshop.catalog import list_sessions
    from workshop.trends import organization_trends, trends_markdown

    if args.format != "md":
        raise WorkshopError(f"--format must be md, not {args.format!r}")
    trends = organization_trends(args.organization)
    if not trends.sessions:
        known = sorted({s.organization for s in list_sessions() if s.organization})
        raise WorkshopError(
            f"no sessions for the organization {args.organization!r}; "
            f"known: {', '.join(known) or 'none yet'}"
        )
    from workshop.textsafe import visible

    sys.stdout.write(visible(trends_markdown(trends), newlines=True))
    return 0


def _where() -> int:
    print(f"data folder:     {data_home()}")
    print(f"sessions:        {sessions_dir()}")
    print(f"your agendas:    {user_agendas_dir()}")
    print(f"shipped agendas: {shipped_agendas_dir()}")
    return 0


def _app(args: argparse.Namespace) -> int:
    from workshop.ui.collector import paused_while_starting

    # No collections while the app is imported and made: it all lives on (see collector).
    with paused_while_starting() as collector:
        from workshop.room.address import parse_bind
        from workshop.ui.app import WorkshopApp
        from workshop.ui.launch import session_from_args
        from workshop.ui.running import run_app

        room = getattr(args, "room", None)
        bind = parse_bind(room) if room is not None else None  # a bad address fails here
        app = WorkshopApp(session_from_args(args), room=bind)  # so does a session that cannot open
        try:
            run_app(app, collector=collector)
        finally:
            app.close_session()
    return app.return_code or 0


def _present(args: argparse.Namespace) -> int:
    from workshop.ui.collector import paused_while_starting

    # As `_app`: no collections while the room's view is imported and made (see collector).
    with paused_while_starting() as collector:
        from workshop.ui.audience import present

        return present(args.session, render=args.render, collector=collector)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.home:
        os.environ[HOME_ENV] = str(Path(args.home).expanduser().resolve())
    try:
        if args.command == "check" and args.fit:
            from workshop.ui.fit import check_fit

            return check_fit(args.fit, [str(f) for f in args.files])
        if args.command == "present":
            return _present(args)
        if args.command == "check":
            return _check(args.files)
        if args.command == "sessions":
            return _sessions(args)
        if args.command == "export":
            return _export(args)
        if args.command == "trends":
            return _trends(args)
        if args.command == "where":
            return _where()
        return _app(args)
    except WorkshopError as exc:
        _say(f"workshop: {exc}", err=True, lines=True)
        return 1
    except (RecursionError, MemoryError) as exc:  # a last guard: every reader says its file
        what = "nested too deeply" if isinstance(exc, RecursionError) else "too big"
        _say(f"workshop: something read was {what} to handle; nothing was written", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
