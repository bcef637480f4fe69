"""Trends stay readable at any number of sessions (issue 16, item 12).

2,000 sessions of one organization printed 4,029 lines with a table 2,000 columns wide,
and every export embedded all of it after reading every record. Now the most recent
sessions are shown one by one and those before them summed up in one column or row, and
an export embeds a summary of the last few sessions up to it, reading only those.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import T0
from fixed_records import AGENDA, ORGANIZATION, fixed_record, previous_record, write

import workshop.storage
from workshop.export.formats import render_html, render_markdown
from workshop.kinds.commitments import Commitment
from workshop.kinds.one_word import WordEntry
from workshop.kinds.rating import Rating
from workshop.paths import ensure_private_dir, sessions_dir
from workshop.record import SessionRecord
from workshop.storage import dump_record
from workshop.trends import (
    MAX_SKIPPED,
    RECENT_SESSIONS,
    SUMMARY_SESSIONS,
    build_trends,
    organization_trends,
    summary_trends,
    trends_markdown,
)

MANY = 2_000


pytestmark = pytest.mark.usefixtures("local_time_is_utc")


def session(n: int, count: int, organization: str = ORGANIZATION) -> SessionRecord:
    """Session `n` of `count`, a day apart, the last on T0: words (one of them new each
    time), a rating and a commitment, done in every other session."""
    day = T0 - timedelta(days=count - 1 - n)
    record = SessionRecord(
        id=f"{n:08x}",
        title=f"Session {n}",
        organization=organization,
        status="finished" if n % 10 else "in-progress",
        created=day,
        started=day,
        current_step="words",
        participants=["Ana", "Ben", "Chloé"][: 1 + n % 3],
        agenda=AGENDA,
    )
    record.result("words").entries.extend(
        [
            WordEntry(id=f"a{n:07d}", person="Ana", word="kind", at=day),
            WordEntry(id=f"b{n:07d}", person="Ana", word=f"word{n}", at=day),
            WordEntry(id=f"c{n:07d}", person="Ana", word="busy", tag="today", at=day),
        ]
    )
    record.result("pulse").ratings.append(Rating(id=f"p{n:07d}", value=1 + n % 5, at=day))
    status = "done" if n % 2 else "open"
    record.result("actions").items.append(Commitment(id=f"c{n:07d}", what="x", status=status))
    return record


def many(count: int = MANY) -> list[SessionRecord]:
    return [session(n, count) for n in range(count)]


def write_many(count: int = MANY, organization: str = ORGANIZATION) -> None:
    """`count` records on disk, quickly: one dumped, the others its copies with their own
    id, title and dates (the bytes a save would write for each)."""
    folder = ensure_private_dir(sessions_dir())
    template = dump_record(session(0, 1, organization)).decode()
    day0 = T0.isoformat(sep=" ")
    for n in range(count):
        day = T0 - timedelta(days=count - 1 - n)
        text = (
            template.replace('id = "00000000"', f'id = "{n:08x}"', 1)
            .replace('title = "Session 0"', f'title = "Session {n}"', 1)
            .replace(day0, day.isoformat(sep=" "))
        )
        for prefix in "abcp":  # the entries' and the commitment's ids
            text = text.replace(f'"{prefix}0000000"', f'"{prefix}{n:07d}"')
        name = f"{day:%Y-%m-%d}-session-{n:08x}.toml"
        (folder / name).write_text(text, encoding="utf-8")


def test_trends_of_2000_sessions_are_as_long_and_as_wide_as_of_a_few() -> None:
    text = trends_markdown(build_trends(ORGANIZATION, many()))
    lines = text.splitlines()
    few = trends_markdown(build_trends(ORGANIZATION, many(RECENT_SESSIONS + 20))).splitlines()
    assert len(lines) == len(few) < 80
    assert max(len(line) for line in lines) < 240
    # Every table has a column (or a row) per recent session and one for the earlier ones.
    assert "| Word (ideal) | 1,994 earlier | 2026-11-18 |" in text
    assert "| (words said, ideal) | 3,988 | 2 | 2 | 2 | 2 | 2 | 2 |" in text
    assert "| 2021-06-03 to 2026-11-17 | 1,994 earlier sessions | Every kind of step |" in text
    assert "| 2.0 on average | 1,794 finished, 200 in progress |" in text
    assert "*The last 6 sessions one by one; the 1,994 before them together" in text


def test_the_earlier_sessions_are_summed_up() -> None:
    """Eight sessions: the first two together, the last six one by one."""
    records = many(RECENT_SESSIONS + 2)
    text = trends_markdown(build_trends(ORGANIZATION, records))
    days = [r.local_day().isoformat() for r in records]
    assert f"| Word (ideal) | 2 earlier | {' | '.join(days[2:])} |" in text
    assert "| kind | 2 | 1 | 1 | 1 | 1 | 1 | 1 |" in text
    assert "| word1 | 1 | – | – | – | – | – | – |" in text
    # Ratings 1 and 2 averaged together; then 3, 4, 5, 1, 2, 3.
    assert "| We serve our key customer well | 1.5 (n = 2) | 3.0 (n = 1) | 4.0 (n = 1) |" in text
    # Commitments: session 0's open, session 1's done, counted in one row.
    assert "| 2 earlier | 2 | 1 | 1 | 0 | 1 | 50% |" in text
    assert "| all sessions | 8 | 4 | 4 | 0 | 4 | 50% |" in text
    assert f"| {days[0]} to {days[1]} | 2 earlier sessions | Every kind of step |" in text


def test_a_few_sessions_are_shown_as_before() -> None:
    """Up to RECENT_SESSIONS, every session has its own column and nothing is summed."""
    text = trends_markdown(build_trends(ORGANIZATION, many(RECENT_SESSIONS)))
    assert "earlier" not in text and "one by one" not in text


def test_an_export_embeds_a_summary_and_reads_only_its_sessions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 2,000 sessions an export reads SUMMARY_SESSIONS - 1 records besides its own (the
    listing finds them from the records' headers) and is a few kilobytes longer than
    without trends, not megabytes."""
    write_many()
    newest = workshop.storage.load_record(
        next(sessions_dir().glob(f"*-session-{MANY - 1:08x}.toml"))
    )
    read: list[Path] = []
    load = workshop.storage.load_record

    def counted(path: Path) -> SessionRecord:
        read.append(path)
        return load(path)

    monkeypatch.setattr(workshop.storage, "load_record", counted)
    text = render_markdown(newest)
    assert len(read) == SUMMARY_SESSIONS - 1
    alone = render_markdown(newest, trends=False)
    assert len(text) - len(alone) < 4_000
    assert len(render_html(newest)) - len(render_html(newest, trends=False)) < 16_000
    assert "## Trends for Acme Clinic" in text
    assert (
        "*The last 4 of 2,000 sessions on record since Thu 3 Jun 2021. workshop trends "
        '"Acme Clinic" shows them all.*'
    ) in text
    assert "| Word (ideal) | 2026-11-20 | 2026-11-21 | 2026-11-22 | 2026-11-23 |" in text
    # What earlier sessions made is not counted (they were not read): only what these made.
    assert "| 2026-11-20 | 1 | 0 | 0 | 0 | 1 | 0% |" in text
    assert "| in all | 4 | 0 | 0 | 0 | 4 | 0% |" in text
    assert "record not found" not in text


def test_the_summary_of_an_older_session_ends_with_it() -> None:
    records = many(10)
    for record in records:
        write(record)
    trends = summary_trends(records[4])
    assert [r.id for r in trends.sessions] == [r.id for r in records[1:5]]
    assert (trends.unread_before, trends.unread_after, trends.on_record) == (1, 5, 10)
    text = render_markdown(records[4])
    assert (
        "The last 4 of 10 sessions on record since Sat 14 Nov 2026, up to 2026-11-18 (5 later)."
        in (text)
    )
    assert "| Word (ideal) | 2026-11-15 | 2026-11-16 | 2026-11-17 | 2026-11-18 |" in text


def test_the_summary_counts_the_session_as_it_is_now() -> None:
    """The session exported need not be saved yet, nor be in the sessions folder."""
    write(previous_record())
    record = fixed_record()
    record.result("words").entries.append(WordEntry(id="w0000077", word="Nouveau"))
    trends = summary_trends(record)
    assert trends.sessions[-1] is record and trends.on_record == 2
    assert "| Nouveau | – | 1 |" in render_markdown(record)


def test_a_summary_has_no_trends_for_one_session() -> None:
    record = fixed_record()
    write(session(0, 1, organization="Someone Else"))
    assert summary_trends(record).on_record == 1
    assert "Trends for" not in render_markdown(record)


def test_unreadable_files_are_named_up_to_a_few() -> None:
    write_many(3)
    folder = sessions_dir()
    for n in range(MAX_SKIPPED + 5):
        (folder / f"broken-{n:02d}.toml").write_text("title = [", encoding="utf-8")
    text = trends_markdown(organization_trends(ORGANIZATION))
    assert text.count("- broken-") == MAX_SKIPPED
    assert "- and 5 more" in text
