"""From the command line to the app: open the session first, so file errors print cleanly."""

from __future__ import annotations

import argparse

from workshop.catalog import find_agenda, find_session
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.settings import last_people, remember_people
from workshop.storage import SessionFile, load_record


def session_from_args(args: argparse.Namespace) -> Session | None:
    """The session `run`/`resume` asks for (None for the launcher); errors are WorkshopError."""
    if args.command == "run":
        agenda, source = find_agenda(args.agenda)
        previous = load_record(find_session(args.follows)) if args.follows else None
        # A follow-up belongs to the same organization, usually with the same facilitator:
        # what the session it follows says; any other session starts with the last one's
        # (trends find sessions by organization). Given on the command line wins, even "".
        organization, facilitator = (
            (previous.organization, previous.facilitator) if previous else last_people()
        )
        if args.organization is not None:
            organization = args.organization
        if args.facilitator is not None:
            facilitator = args.facilitator
        record = SessionRecord.start_new(
            agenda,
            title=args.title,
            organization=organization,
            facilitator=facilitator,
            anonymous=args.anonymous,
            follows=previous.id if previous else None,
            agenda_source=str(source),
        )
        session = Session(SessionFile.create(record))
        remember_people(organization, facilitator)
        return session
    if args.command == "resume":
        return Session(SessionFile.open(find_session(args.session)))
    return None
