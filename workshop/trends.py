"""Trends for one organization across its sessions, session by session in date order.

The sessions are read here; what is shown of them comes from the kinds: each kind with a
`trends` part in its `KindSpec` gives its own section (the one-word tallies side by side,
the commitments done on time, a rating's average), in the order of the kinds.

A session's date is the local date its session started (or was created). Records are
read from the sessions folder; one that cannot be read is skipped and listed by name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workshop.blocks import Block, Bullets, Heading, Paragraph, table
from workshop.errors import WorkshopError
from workshop.kinds import KINDS
from workshop.record import SessionRecord

#: The level kinds give their sections' headings; shifted to sit under the trends' own.
KIND_SECTION_LEVEL = 3


def same_organization(a: str, b: str) -> bool:
    """'Acme  Clinic' and 'acme clinic' are one organization."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass
class Trends:
    organization: str
    sessions: list[SessionRecord]
    skipped: list[str] = field(default_factory=list)

    def labels(self) -> list[str]:
        """A column label per session: its date, numbered when a date repeats."""
        days = [r.local_day().isoformat() for r in self.sessions]
        return [
            f"{d} ({days[:i].count(d) + 1})" if days.count(d) > 1 else d for i, d in enumerate(days)
        ]


def build_trends(
    organization: str, records: Iterable[SessionRecord], skipped: Iterable[str] = ()
) -> Trends:
    """Trends from records already read (those of other organizations are ignored)."""
    mine = [r for r in records if same_organization(r.organization, organization)]
    mine.sort(key=lambda r: (r.started or r.created, r.id))
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


def _at_level(blocks: list[Block], level: int) -> list[Block]:
    """A kind's section with its headings moved to sit under a heading of `level` - 1."""
    shift = level - KIND_SECTION_LEVEL
    return [
        dataclasses.replace(b, level=b.level + shift) if isinstance(b, Heading) else b
        for b in blocks
    ]


def trends_blocks(trends: Trends, level: int = 2) -> list[Block]:
    """The sessions, then each kind's section, as report blocks."""
    labels = trends.labels()
    sub = level + 1
    blocks: list[Block] = [Heading(f"Trends for {trends.organization}", level=level)]
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
    for spec in KINDS.values():
        if spec.trends is not None:
            blocks += _at_level(spec.trends(trends.sessions, labels), sub)
    if trends.skipped:
        blocks.append(Paragraph("These records could not be read and were left out:"))
        blocks.append(Bullets(tuple(trends.skipped)))
    return blocks


def trends_markdown(trends: Trends) -> str:
    """The trends as a Markdown document of their own."""
    from workshop.export.markdown import to_markdown

    return to_markdown(trends_blocks(trends, level=1))
