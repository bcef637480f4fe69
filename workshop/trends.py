"""Trends for one organization across its sessions, in date order, readable at any number.

The sessions are read here; what is shown of them comes from the kinds: each kind with a
`trends` part in its `KindSpec` gives its own section (the one-word tallies side by side,
the commitments done on time, a rating's average), in the order of the kinds.

However many sessions there are, the trends are as wide and as long: the most recent
`RECENT_SESSIONS` are shown one by one (a column or a row each), and all those before them
are summed up together in one ("1,994 earlier": their words counted, their ratings
averaged, their commitments counted) after being read. An export embeds a summary that
reads only the last `SUMMARY_SESSIONS` records up to the one exported, found through the
sessions listing's index (`summary_trends`), never every record of the organization.

A session's date is the local date its session started (or was created). Records are
read from the sessions folder; one that cannot be read is skipped and listed by name.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from workshop.blocks import Block, Bullets, Heading, Paragraph, day, table
from workshop.errors import WorkshopError
from workshop.kinds import KINDS
from workshop.kinds.spec import TrendSessions
from workshop.record import SessionRecord

#: The level kinds give their sections' headings; shifted to sit under the trends' own.
KIND_SECTION_LEVEL = 3
#: The most recent sessions shown one by one; those before them are summed up in one.
RECENT_SESSIONS = 6
#: The sessions an export's summary shows: the last ones up to the session exported.
SUMMARY_SESSIONS = 4
#: The most unreadable files named; the others are counted.
MAX_SKIPPED = 10


def same_organization(a: str, b: str) -> bool:
    """'Acme  Clinic' and 'acme clinic' are one organization."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass
class Trends:
    organization: str
    #: The sessions read, oldest first.
    sessions: list[SessionRecord]
    skipped: list[str] = field(default_factory=list)
    #: The organization's sessions on record that were not read (a summary reads only the
    #: last few up to one session): how many before the first read, and after the last.
    unread_before: int = 0
    unread_after: int = 0
    #: The date of the first session on record, when it was not read.
    first_day: date | None = None

    @property
    def on_record(self) -> int:
        """Every session of the organization on record, read or not."""
        return len(self.sessions) + self.unread_before + self.unread_after

    def labels(self) -> list[str]:
        """A column label per session: its date, numbered when a date repeats."""
        days = [r.local_day().isoformat() for r in self.sessions]
        repeated = Counter(days)
        seen: Counter[str] = Counter()
        labels = []
        for d in days:
            seen[d] += 1
            labels.append(f"{d} ({seen[d]})" if repeated[d] > 1 else d)
        return labels


def _order(record: SessionRecord) -> tuple[object, str]:
    return (record.started or record.created, record.id)


def build_trends(
    organization: str, records: Iterable[SessionRecord], skipped: Iterable[str] = ()
) -> Trends:
    """Trends from records already read (those of other organizations are ignored)."""
    mine = [r for r in records if same_organization(r.organization, organization)]
    mine.sort(key=_order)
    return Trends(
        organization=mine[0].organization if mine else organization,
        sessions=mine,
        skipped=list(skipped),
    )


def read_organization(
    organization: str, folder: Path | None = None
) -> tuple[list[SessionRecord], list[str]]:
    """The organization's records in the sessions folder, and a note per file skipped.

    The headers are read first (cheap) so that only this organization's records are
    validated in full; a file whose header cannot be read may belong to it, so it is noted.
    """
    from workshop.catalog import list_sessions
    from workshop.storage import load_record

    records: list[SessionRecord] = []
    skipped: list[str] = []
    for summary in list_sessions(folder):
        if summary.error:
            skipped.append(f"{summary.path.name}: {summary.error}")
            continue
        if not same_organization(summary.organization, organization):
            continue
        try:
            records.append(load_record(summary.path))
        except WorkshopError as exc:
            skipped.append(f"{summary.path.name}: {str(exc).splitlines()[0]}")
    return records, skipped


def organization_trends(
    organization: str, folder: Path | None = None, *, include: SessionRecord | None = None
) -> Trends:
    """Trends of `organization` from the sessions folder (default: the user's), every
    record of it read.

    `include` is a record to count as it is now, in place of its file (or beside the
    folder's, when it is kept elsewhere).
    """
    if not organization.strip():
        raise WorkshopError("give an organization (see `workshop sessions` for the names)")
    records, skipped = read_organization(organization, folder)
    if include is not None:
        records = [r for r in records if r.id != include.id] + [include]
    return build_trends(organization, records, skipped)


def summary_trends(
    record: SessionRecord, folder: Path | None = None, *, sessions: int = SUMMARY_SESSIONS
) -> Trends:
    """Trends of the record's organization for an export: the last `sessions` sessions up
    to `record` (counted as it is now), and how many more are on record.

    The organization's sessions are found in the sessions listing (`SessionListing`: its
    index, or each record's header), and only the few shown are read in full: an export
    costs the same at 2,000 sessions as at 2. Sessions are picked by when they were
    created (the listing's date), then shown in order of when they started, as everywhere.
    """
    from workshop.catalog import SessionListing, SessionSummary
    from workshop.storage import load_record

    listing = SessionListing(folder)
    summaries = listing.summaries(complete=False)
    listing.save()

    def created(summary: SessionSummary) -> float:
        return summary.created.timestamp() if summary.created else float("-inf")

    mine = sorted(
        (
            s
            for s in summaries
            if not s.error
            and s.id != record.id
            and same_organization(s.organization, record.organization)
        ),
        key=lambda s: (created(s), s.id),
    )
    # Created at the same moment (a second, as written) counts as before: once read, the
    # sessions are put in order by when they started.
    before = [s for s in mine if created(s) <= record.created.timestamp()]
    shown = before[-(sessions - 1) :] if sessions > 1 else []
    skipped = [f"{s.path.name}: {s.error}" for s in summaries if s.error]
    records = []
    for summary in shown:
        try:
            records.append(load_record(summary.path))
        except WorkshopError as exc:
            skipped.append(f"{summary.path.name}: {str(exc).splitlines()[0]}")
    trends = build_trends(record.organization, [*records, record], skipped)
    trends.unread_before = len(before) - len(shown)
    trends.unread_after = len(mine) - len(before)
    first = before[0].created if trends.unread_before else None
    trends.first_day = first.astimezone().date() if first else None
    return trends


# -- as a report -----------------------------------------------------------------------


def _at_level(blocks: list[Block], level: int) -> list[Block]:
    """A kind's section with its headings moved to sit under a heading of `level` - 1."""
    shift = level - KIND_SECTION_LEVEL
    return [
        dataclasses.replace(b, level=b.level + shift) if isinstance(b, Heading) else b
        for b in blocks
    ]


def _status(records: list[SessionRecord]) -> str:
    finished = sum(r.status == "finished" for r in records)
    if finished == len(records):
        return "finished"
    if not finished:
        return "in progress"
    return f"{finished:,} finished, {len(records) - finished:,} in progress"


def _agendas(records: list[SessionRecord]) -> str:
    titles = Counter(r.agenda.title for r in records).most_common()
    if len(titles) == 1:
        return titles[0][0]
    return f"{titles[0][0]} and {len(titles) - 1:,} other agendas"


def _sessions_table(trends: Trends, earlier: list[SessionRecord], labels: list[str]) -> Block:
    rows = []
    if earlier:
        first, last = earlier[0].local_day().isoformat(), earlier[-1].local_day().isoformat()
        people = sum(len(r.participants) for r in earlier) / len(earlier)
        rows.append(
            [
                f"{first} to {last}",
                f"{len(earlier):,} earlier sessions",
                _agendas(earlier),
                f"{people:.1f} on average",
                _status(earlier),
            ]
        )
    recent = trends.sessions[len(earlier) :]
    rows += [
        [label, r.title, r.agenda.title, str(len(r.participants)), _status([r])]
        for label, r in zip(labels, recent, strict=True)
    ]
    return table(["Date", "Session", "Agenda", "Participants", "Status"], rows, numeric=(3,))


def _scope(trends: Trends, earlier: int, recent: int) -> str:
    """What the trends show of the organization's sessions, when not every one by one."""
    if trends.unread_before or trends.unread_after:
        since = f" since {day(trends.first_day)}" if trends.first_day else ""
        text = f"The last {recent:,} of {trends.on_record:,} sessions on record{since}"
        if trends.unread_after:
            text += f", up to {trends.labels()[-1]} ({trends.unread_after:,} later)"
        return f'{text}. workshop trends "{trends.organization}" shows them all.'
    if earlier:
        return (
            f"The last {recent:,} sessions one by one; the {earlier:,} before them "
            f'together, as "{earlier:,} earlier".'
        )
    return ""


def trends_blocks(trends: Trends, level: int = 2, recent: int = RECENT_SESSIONS) -> list[Block]:
    """The sessions, then each kind's section, as report blocks: the last `recent`
    sessions one by one, those before them summed up together."""
    split = max(len(trends.sessions) - recent, 0)
    earlier, shown = trends.sessions[:split], trends.sessions[split:]
    labels = trends.labels()[split:]
    sub = level + 1
    blocks: list[Block] = [Heading(f"Trends for {trends.organization}", level=level)]
    if scope := _scope(trends, len(earlier), len(shown)):
        blocks.append(Paragraph(scope, tone="muted"))
    blocks.append(Heading("Sessions", level=sub))
    blocks.append(_sessions_table(trends, earlier, labels))
    sessions = TrendSessions(
        recent=shown,
        labels=labels,
        earlier=earlier,
        earlier_label=f"{len(earlier):,} earlier",
        complete=not trends.unread_before,
    )
    for spec in KINDS.values():
        if spec.trends is not None:
            blocks += _at_level(spec.trends(sessions), sub)
    if trends.skipped:
        blocks.append(Paragraph("These records could not be read and were left out:"))
        named = trends.skipped[:MAX_SKIPPED]
        more = len(trends.skipped) - len(named)
        blocks.append(Bullets((*named, *([f"and {more:,} more"] if more else []))))
    return blocks


def trends_markdown(trends: Trends) -> str:
    """The trends as a Markdown document of their own."""
    from workshop.export.markdown import to_markdown

    return to_markdown(trends_blocks(trends, level=1))
