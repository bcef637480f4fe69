"""From the command line to the app: open the session first, so file errors print cleanly."""

from __future__ import annotations

import argparse

from workshop.catalog import find_agenda, find_session
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record


def session_from_args(args: argparse.Namespace) -> Session | None:
    """The session `run`/`resume` asks for (None for the launcher); errors are WorkshopError."""
    if args.command == "run":
        agenda, source = find_agenda(args.agenda)
        previous = load_record(find_session(args.follows)) if args.follows else None
        # A follow-up belongs to the same organization, usually with the same facilitator:
        # what the session it follows says, unless given (trends find it by organization).
        organization = args.organization or (previous.organization if previous else "")
        facilitator = args.facilitator or (previous.facilitator if previous else "")
        record = SessionRecord.start_new(
            agenda,
            title=args.title,
            organization=organization,
            facilitator=facilitator,
            anonymous=args.anonymous,
            follows=previous.id if previous else None,
            agenda_source=str(source),
        )
        return Session(SessionFile.create(record))
    if args.command == "resume":
        return Session(SessionFile.open(find_session(args.session)))
    return None
