"""Trends for one organization across its sessions: what people say, and promises kept.

Two things, side by side per session in date order:

**Words.** Each session's one-word tallies (all its one-word steps together), per tag
("ideal", "today", ...), counted as the tally counts them: case- and space-insensitive.

**Commitments done on time.** A commitment is one entry of the ledger, known by the id it
keeps when it is carried forward. It is *made* in the first session it appears in. Its
outcome is the latest status any later session gives it, whether in a commitments step
(marked done or dropped there) or in a follow-up's review (done / still open / dropped;
"not reviewed" changes nothing). It is *settled on* the date of the session that first
recorded it as done (or dropped). So a commitment made in session A and reviewed "done"
in follow-up B counts as done, settled on B's date.

It is **done on time** when it is done and either it had no due date or it was settled
on or before the due date it was *first promised* with. A new date agreed at a review
does not move the goal posts: it was still late. The share done on time is counted over
every commitment made, open ones included; the table shows made, done, on time, dropped
and still open so nothing hides in the percentage.

A session's date is the local date its session started (or was created). Records are
read from the sessions folder; one that cannot be read is skipped and listed by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from workshop.errors import WorkshopError
from workshop.export.blocks import Block, Bullets, Heading, Paragraph, percent, plural, table
from workshop.kinds.commitments import CommitmentsResult
from workshop.kinds.one_word import OneWordResult, WordEntry, tally
from workshop.kinds.review import ReviewResult
from workshop.record import SessionRecord

#: The most words shown per tag; the rest are counted in a closing line.
MAX_WORDS = 15


def same_organization(a: str, b: str) -> bool:
    """'Acme  Clinic' and 'acme clinic' are one organization."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def session_day(record: SessionRecord) -> date:
    """The local date the session took place."""
    return (record.started or record.created).astimezone().date()


@dataclass
class LedgerEntry:
    """One commitment across the chain of sessions (see the module's rules)."""

    id: str
    what: str
    made_in: str
    made_on: date | None
    due: date | None
    status: str = "open"
    settled_on: date | None = None

    @property
    def done(self) -> bool:
        return self.status == "done"

    @property
    def on_time(self) -> bool:
        if not self.done:
            return False
        return self.due is None or (self.settled_on is not None and self.settled_on <= self.due)

    def settle(self, status: str, on: date) -> None:
        """A new status from a session on `on`; the first date it became final is kept."""
        if status == self.status:
            return
        self.status = status
        self.settled_on = on if status in ("done", "dropped") else None


@dataclass
class WordTrend:
    """One word (as first written) and how often each session said it."""

    word: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class CommitmentStats:
    """What became of the commitments made in one session."""

    label: str
    made: int = 0
    done: int = 0
    on_time: int = 0
    dropped: int = 0
    still_open: int = 0

    def add(self, entry: LedgerEntry) -> None:
        self.made += 1
        self.done += entry.done
        self.on_time += entry.on_time
        self.dropped += entry.status == "dropped"
        self.still_open += entry.status == "open"


@dataclass
class Trends:
    organization: str
    sessions: list[SessionRecord]
    words: dict[str, list[WordTrend]] = field(default_factory=dict)
    ledger: list[LedgerEntry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def labels(self) -> list[str]:
        """A column label per session: its date, numbered when a date repeats."""
        days = [session_day(r).isoformat() for r in self.sessions]
        return [
            f"{d} ({days[:i].count(d) + 1})" if days.count(d) > 1 else d for i, d in enumerate(days)
        ]

    def commitment_stats(self) -> list[CommitmentStats]:
        """Per session the commitments were made in, then one row for all of them."""
        labels = dict(zip((r.id for r in self.sessions), self.labels(), strict=True))
        rows = {sid: CommitmentStats(label) for sid, label in labels.items()}
        earlier = CommitmentStats("earlier (record not found)")
        total = CommitmentStats("all sessions")
        for entry in self.ledger:
            rows.get(entry.made_in, earlier).add(entry)
            total.add(entry)
        found = [row for row in rows.values() if row.made]
        return [*found, *([earlier] if earlier.made else []), total]


def _words(records: list[SessionRecord]) -> dict[str, list[WordTrend]]:
    entries_per_session: list[list[WordEntry]] = []
    tags: list[str] = []
    for record in records:
        entries: list[WordEntry] = []
        for step in record.agenda.steps:
            result = record.results.get(step.id)
            if isinstance(result, OneWordResult):
                entries += result.entries
                tags += [t for t in getattr(step, "tags", []) if t not in tags]
        tags += [e.tag for e in entries if e.tag not in tags]
        entries_per_session.append(entries)
    words: dict[str, list[WordTrend]] = {}
    for tag in tags:
        rows: dict[str, WordTrend] = {}
        for index, entries in enumerate(entries_per_session):
            for count in tally(entries, tag):
                row = rows.setdefault(count.key, WordTrend(count.word, [0] * len(records)))
                row.counts[index] = count.count
        if rows:  # most said over all sessions first; ties keep the order first said
            words[tag] = sorted(rows.values(), key=lambda r: -r.total)
    return words


def _ledger(records: list[SessionRecord]) -> list[LedgerEntry]:
    ledger: dict[str, LedgerEntry] = {}
    for record in records:
        on = session_day(record)
        for step in record.agenda.steps:
            result = record.results.get(step.id)
            if isinstance(result, ReviewResult):
                for item in result.items:
                    entry = ledger.setdefault(
                        item.id, LedgerEntry(item.id, item.what, item.source, None, item.due)
                    )
                    if item.status != "pending":
                        entry.settle(item.status, on)
            elif isinstance(result, CommitmentsResult):
                for c in result.items:
                    if c.id not in ledger:
                        made_in = record.id if c.carried_from is None else c.carried_from
                        made_on = on if c.carried_from is None else None
                        ledger[c.id] = LedgerEntry(c.id, c.what, made_in, made_on, c.due)
                    ledger[c.id].settle(c.status, on)
    return list(ledger.values())


def build_trends(
    organization: str, records: Iterable[SessionRecord], skipped: Iterable[str] = ()
) -> Trends:
    """Trends from records already read (those of other organizations are ignored)."""
    mine = [r for r in records if same_organization(r.organization, organization)]
    mine.sort(key=lambda r: (r.started or r.created, r.id))
    return Trends(
        organization=mine[0].organization if mine else organization,
        sessions=mine,
        words=_words(mine),
        ledger=_ledger(mine),
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
    """Trends of `organization` from the sessions folder (default: the user's).

    `include` is a record to count as it is now, in place of its file (or beside the
    folder's, when it is kept elsewhere): the session being exported.
    """
    if not organization.strip():
        raise WorkshopError("give an organization (see `workshop sessions` for the names)")
    records, skipped = read_organization(organization, folder)
    if include is not None:
        records = [r for r in records if r.id != include.id] + [include]
    return build_trends(organization, records, skipped)


# -- as a report -----------------------------------------------------------------------


def trends_blocks(trends: Trends, level: int = 2) -> list[Block]:
    """Sessions, words side by side per tag, and commitments kept, as report blocks."""
    labels = trends.labels()
    blocks: list[Block] = [Heading(f"Trends for {trends.organization}", level=level)]
    sub = level + 1
    blocks.append(Heading("Sessions", level=sub))
    blocks.append(
        table(
            ["Date", "Session", "Agenda", "Participants", "Status"],
            [
                [
                    label,
                    r.title,
                    r.agenda.title,
                    str(len(r.participants)),
                    "finished" if r.status == "finished" else "in progress",
                ]
                for label, r in zip(labels, trends.sessions, strict=True)
            ],
            numeric=(3,),
        )
    )
    blocks.append(Heading("One word, session by session", level=sub))
    if not trends.words:
        blocks.append(Paragraph("No one-word steps were run.", tone="muted"))
    for tag, rows in trends.words.items():
        shown = rows[:MAX_WORDS]
        cells = [[r.word, *(str(n) if n else "–" for n in r.counts)] for r in shown]
        said = [sum(r.counts[i] for r in rows) for i in range(len(labels))]
        cells.append([f"(words said, {tag})", *(str(n) for n in said)])
        blocks.append(Paragraph(f"{plural(len(rows), 'different word')}.", label=tag))
        numeric = tuple(range(1, len(labels) + 1))
        blocks.append(table([f"Word ({tag})", *labels], cells, numeric=numeric))
        if len(rows) > MAX_WORDS:
            more = len(rows) - MAX_WORDS
            blocks.append(Paragraph(f"and {more} more words, said less often.", tone="muted"))
    blocks.append(Heading("Commitments done on time", level=sub))
    stats = trends.commitment_stats()
    if stats[-1].made == 0:
        blocks.append(Paragraph("No commitments were made.", tone="muted"))
    else:
        blocks.append(
            table(
                ["Made in", "Made", "Done", "On time", "Dropped", "Still open", "Done on time"],
                [
                    [
                        s.label,
                        str(s.made),
                        str(s.done),
                        str(s.on_time),
                        str(s.dropped),
                        str(s.still_open),
                        percent(s.on_time, s.made),
                    ]
                    for s in stats
                ],
                numeric=(1, 2, 3, 4, 5, 6),
            )
        )
        blocks.append(
            Paragraph(
                "Done on time: done by the due date first promised (or done, when no date "
                "was given), as recorded by the latest session. A commitment made in one "
                "session and reviewed as done in a follow-up counts from the follow-up's date.",
                tone="muted",
            )
        )
    if trends.skipped:
        blocks.append(Paragraph("These records could not be read and were left out:"))
        blocks.append(Bullets(tuple(trends.skipped)))
    return blocks


def trends_markdown(trends: Trends) -> str:
    """The trends as a Markdown document of their own."""
    from workshop.export.markdown import to_markdown

    return to_markdown(trends_blocks(trends, level=1))
