"""Trends across a chain of sessions, and the ledger of commitments that chain keeps.

Three real sessions of one organization, run through `Session` with a fake clock on the
shipped agendas: A (culture of service), B follows A, C follows B. The ledger must stay
unbroken (ids kept, statuses right, earlier records never rewritten), and the trends must
count the words side by side and the commitments done on time by the documented rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import AGENDAS, FakeClock
from fixed_records import fixed_record, previous_record, write

from workshop.agenda import Agenda, load_agenda
from workshop.errors import WorkshopError
from workshop.export.formats import render_markdown
from workshop.kinds.commitments import Commitment, open_commitments
from workshop.kinds.one_word import WordEntry, word_trends
from workshop.kinds.review import (
    CommitmentStats,
    build_ledger,
    commitment_stats,
    fill_review,
    sync_carry_forward,
)
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record
from workshop.trends import (
    Trends,
    build_trends,
    organization_trends,
    same_organization,
    trends_markdown,
)


def stats_of(trends: Trends) -> list[CommitmentStats]:
    return commitment_stats(trends.sessions, trends.labels())


CULTURE = load_agenda(AGENDAS / "culture-of-service.toml")
FOLLOW_UP = load_agenda(AGENDAS / "follow-up.toml")
ORG = "Acme Clinic"


pytestmark = pytest.mark.usefixtures("local_time_is_utc")


@pytest.fixture
def opened() -> Iterator[list[Session]]:
    sessions: list[Session] = []
    yield sessions
    for session in sessions:
        session.file.close()


def start(
    agenda: Agenda,
    clock: FakeClock,
    opened: list[Session],
    follows: SessionRecord | None = None,
    organization: str = ORG,
) -> Session:
    record = SessionRecord.start_new(
        agenda,
        title=f"{agenda.title} ({clock.now:%b})",
        organization=organization,
        follows=follows.id if follows else None,
    )
    session = Session(SessionFile.create(record), clock)
    opened.append(session)
    session.begin()
    return session


def say(session: Session, step_id: str, clock: FakeClock, *words: str) -> None:
    """Words as 'person:word' or 'person:word:tag'."""
    with session.change(step_id) as result:
        for text in words:
            person, word, *tag = text.split(":")
            result.entries.append(
                WordEntry(person=person, word=word, tag=tag[0] if tag else "ideal", at=clock())
            )


def commit(session: Session, step_id: str, *items: Commitment) -> None:
    with session.change(step_id) as result:
        result.items.extend(items)


def review(
    session: Session,
    previous: SessionRecord,
    status: dict[str, str],
    new_due: dict[str, date] | None = None,
) -> None:
    """Load `previous`'s open commitments, mark them, carry forward the ones still open."""
    with session.change("review") as result:
        fill_review(result, previous)
        for item in result.items:
            item.status = status.get(item.id, item.status)
            if new_due and item.id in new_due:
                item.new_due = new_due[item.id]
    with session.change("next-commitments"):
        sync_carry_forward(session.record, "review")


def finish(session: Session, clock: FakeClock) -> SessionRecord:
    clock.advance(minutes=90)
    session.finish()
    return load_record(session.file.path)


@dataclass
class Chain:
    a: SessionRecord
    b: SessionRecord
    c: SessionRecord
    paths: dict[str, Path]


@pytest.fixture
def chain(clock: FakeClock, opened: list[Session]) -> Chain:
    """A on 23 Nov 2026, B a month later following A, C a month after that following B."""
    # A: four commitments.
    a = start(CULTURE, clock, opened)
    say(a, "icebreaker", clock, "Ana:Kind", "Ben:kind", "Cy:fast", "Di:slow:today")
    commit(
        a,
        "commitments",
        Commitment(id="c0000001", what="Values in reception", owner="Ana", due=date(2026, 12, 3)),
        Commitment(id="c0000002", what="Fun-Friday board", owner="Ben", due=date(2027, 1, 15)),
        Commitment(id="c0000003", what="Thank-you cards", owner="Cy"),
        Commitment(id="c0000004", what="A newsletter", owner="Di", due=date(2026, 12, 1)),
    )
    record_a = finish(a, clock)
    a_bytes = a.file.path.read_bytes()

    # B (23 Dec): c1 done (late), c2 and c3 still open (c2 with a new date), c4 dropped.
    clock.advance(days=30)
    b = start(FOLLOW_UP, clock, opened, follows=record_a)
    review(
        b,
        record_a,
        {"c0000001": "done", "c0000002": "open", "c0000003": "open", "c0000004": "dropped"},
        new_due={"c0000002": date(2027, 2, 12)},
    )
    say(b, "check-in", clock, "Ana:KIND", "Ben:better:today")
    commit(
        b,
        "next-commitments",
        Commitment(id="c0000005", what="Call three customers", owner="Di", due=date(2027, 1, 10)),
    )
    record_b = finish(b, clock)
    assert a.file.path.read_bytes() == a_bytes
    b_bytes = b.file.path.read_bytes()

    # C (22 Jan): c2 done (after its first date, before its new one), c3 done, c5 still open;
    # and a new one, done on the spot.
    clock.advance(days=30)
    c = start(FOLLOW_UP, clock, opened, follows=record_b)
    review(c, record_b, {"c0000002": "done", "c0000003": "done", "c0000005": "open"})
    say(c, "check-in", clock, "Ana:Kind", "Cy: kind ", "Di:calm:today")
    commit(c, "next-commitments", Commitment(id="c0000006", what="Stand-up", status="done"))
    record_c = finish(c, clock)
    assert a.file.path.read_bytes() == a_bytes
    assert b.file.path.read_bytes() == b_bytes
    paths = {"a": a.file.path, "b": b.file.path, "c": c.file.path}
    return Chain(record_a, record_b, record_c, paths)


# ------------------------------------------------------------------------------ the ledger


def test_the_chain_keeps_one_ledger(chain: Chain) -> None:
    a, b, c = chain.a, chain.b, chain.c
    assert (b.follows, c.follows) == (a.id, b.id)
    # B reviewed exactly A's four, under their own ids, and carried the two still open.
    assert [(i.id, i.source, i.status) for i in b.results["review"].items] == [
        ("c0000001", a.id, "done"),
        ("c0000002", a.id, "open"),
        ("c0000003", a.id, "open"),
        ("c0000004", a.id, "dropped"),
    ]
    assert [(x.id, x.due, x.carried_from) for x in b.results["next-commitments"].items] == [
        ("c0000002", date(2027, 2, 12), a.id),
        ("c0000003", None, a.id),
        ("c0000005", date(2027, 1, 10), None),
    ]
    # C reviewed B's three open ones, whatever session they were first made in.
    assert [(i.id, i.source, i.status) for i in c.results["review"].items] == [
        ("c0000002", b.id, "done"),
        ("c0000003", b.id, "done"),
        ("c0000005", b.id, "open"),
    ]
    assert [(x.id, x.status, x.carried_from) for x in c.results["next-commitments"].items] == [
        ("c0000005", "open", b.id),
        ("c0000006", "done", None),
    ]
    assert [x.id for x in open_commitments(c)] == ["c0000005"]
    # The earlier records on disk are what they were when they finished.
    assert load_record(chain.paths["a"]) == a
    assert load_record(chain.paths["b"]) == b


def test_the_ledger_across_the_chain(chain: Chain) -> None:
    trends = organization_trends(ORG)
    assert [r.id for r in trends.sessions] == [chain.a.id, chain.b.id, chain.c.id]
    a_day, b_day, c_day = date(2026, 11, 23), date(2026, 12, 23), date(2027, 1, 22)
    ledger = [
        (e.id, e.made_in, e.made_on, e.due, e.status, e.settled_on)
        for e in build_ledger(trends.sessions)
    ]
    assert ledger == [
        ("c0000001", chain.a.id, a_day, date(2026, 12, 3), "done", b_day),
        ("c0000002", chain.a.id, a_day, date(2027, 1, 15), "done", c_day),  # first due kept
        ("c0000003", chain.a.id, a_day, None, "done", c_day),
        ("c0000004", chain.a.id, a_day, date(2026, 12, 1), "dropped", b_day),
        ("c0000005", chain.b.id, b_day, date(2027, 1, 10), "open", None),
        ("c0000006", chain.c.id, c_day, None, "done", c_day),
    ]
    on_time = {e.id: e.on_time for e in build_ledger(trends.sessions)}
    assert on_time == {
        "c0000001": False,  # reviewed done on 23 Dec, due 3 Dec
        "c0000002": False,  # done 22 Jan: after the 15 Jan first promised (new date: 12 Feb)
        "c0000003": True,  # no due date
        "c0000004": False,  # dropped
        "c0000005": False,  # still open
        "c0000006": True,  # done in the session it was made in
    }


def test_commitments_done_on_time_per_session(chain: Chain) -> None:
    stats = stats_of(organization_trends(ORG))
    assert [(s.label, s.made, s.done, s.on_time, s.dropped, s.still_open) for s in stats] == [
        ("2026-11-23", 4, 3, 1, 1, 0),
        ("2026-12-23", 1, 0, 0, 0, 1),
        ("2027-01-22", 1, 1, 1, 0, 0),
        ("all sessions", 6, 4, 2, 1, 1),
    ]


def test_words_side_by_side(chain: Chain) -> None:
    words = word_trends(organization_trends(ORG).sessions)
    assert list(words) == ["ideal", "today"]
    assert [(w.word, w.counts) for w in words["ideal"]] == [
        ("Kind", [2, 1, 2]),  # 'Kind', 'kind', 'KIND' and ' kind ' are one word
        ("fast", [1, 0, 0]),
    ]
    assert [(w.word, w.counts) for w in words["today"]] == [
        ("slow", [1, 0, 0]),
        ("better", [0, 1, 0]),
        ("calm", [0, 0, 1]),
    ]


def test_trends_markdown(chain: Chain) -> None:
    text = trends_markdown(organization_trends("  acme   CLINIC "))
    assert text.startswith("# Trends for Acme Clinic\n")
    assert "| Word (ideal) | 2026-11-23 | 2026-12-23 | 2027-01-22 |" in text
    assert "| Kind | 2 | 1 | 2 |" in text
    assert "| fast | 1 | – | – |" in text
    assert "| (words said, ideal) | 3 | 1 | 2 |" in text
    assert "| 2026-11-23 | 4 | 3 | 1 | 1 | 0 | 25% |" in text
    assert "| all sessions | 6 | 4 | 2 | 1 | 1 | 33% |" in text
    assert "Ana" not in text and "Values in reception" not in text  # counts, never names


def test_the_markdown_export_of_the_last_session_has_the_trends(chain: Chain) -> None:
    text = render_markdown(chain.c)
    assert "## Trends for Acme Clinic" in text and "### Commitments done on time" in text
    assert "| all sessions | 6 | 4 | 2 | 1 | 1 | 33% |" in text


# ----------------------------------------------------------------------- which sessions


def test_only_this_organization_and_unreadable_files_are_noted(
    chain: Chain, clock: FakeClock, opened: list[Session], workshop_home: Path
) -> None:
    other = start(CULTURE, clock, opened, organization="Northside Library")
    say(other, "icebreaker", clock, "Zed:quiet")
    finish(other, clock)
    folder = workshop_home / "sessions"
    (folder / "broken.toml").write_text("title = [", encoding="utf-8")
    mine_but_bad = (
        chain.paths["a"]
        .read_text(encoding="utf-8")
        .replace('current_step = "', 'current_step = "no-such-step-')
    )
    (folder / "2026-bad.toml").write_text(mine_but_bad.replace(chain.a.id, "badbadba"), "utf-8")

    trends = organization_trends(ORG)
    assert [r.id for r in trends.sessions] == [chain.a.id, chain.b.id, chain.c.id]
    assert len(trends.skipped) == 2
    assert any(s.startswith("broken.toml: line 1: TOML syntax") for s in trends.skipped)
    assert any(s.startswith("2026-bad.toml: ") and "current_step" in s for s in trends.skipped)
    text = trends_markdown(trends)
    assert "These records could not be read and were left out:" in text
    assert "- broken.toml: line 1: TOML syntax" in text
    assert "quiet" not in text


def test_include_counts_the_record_as_it_is_now(chain: Chain) -> None:
    edited = chain.c.model_copy(deep=True)
    edited.results["check-in"].entries.append(WordEntry(person="Eve", word="fast"))
    trends = organization_trends(ORG, include=edited)
    ideal = word_trends(trends.sessions)["ideal"]
    assert [w.counts for w in ideal if w.word == "fast"] == [[1, 0, 1]]
    assert trends.sessions[-1] is edited


def test_same_organization() -> None:
    assert same_organization("Acme  Clinic ", "acme clinic")
    assert not same_organization("Acme Clinic", "Acme Clinics")


def test_no_organization_is_an_error() -> None:
    with pytest.raises(WorkshopError, match="give an organization"):
        organization_trends(" ")


def test_one_session_and_nothing_captured() -> None:
    record = fixed_record()
    record.results.clear()
    trends = build_trends(record.organization, [record])
    assert word_trends(trends.sessions) == {} and build_ledger(trends.sessions) == []
    text = trends_markdown(trends)
    assert "No one-word steps were run." in text and "No commitments were made." in text


def test_a_review_of_a_session_not_found_still_counts() -> None:
    """B reviews commitments of a session whose record is gone: they are counted, under
    'earlier', made on an unknown date."""
    trends = build_trends("Acme Clinic", [fixed_record()])
    stats = stats_of(trends)
    earlier = next(s for s in stats if s.label.startswith("earlier"))
    assert (earlier.made, earlier.done, earlier.on_time, earlier.still_open) == (3, 2, 1, 1)
    with_it = build_trends("Acme Clinic", [fixed_record(), previous_record()])
    assert [s.label for s in stats_of(with_it)] == [
        "2026-10-19",
        "2026-11-23",
        "all sessions",
    ]


def test_sessions_on_the_same_day_get_numbered_labels() -> None:
    first, second = previous_record(), fixed_record()
    second.started = second.created = first.created
    write(first)
    write(second)
    assert organization_trends("Acme Clinic").labels() == ["2026-10-19 (1)", "2026-10-19 (2)"]
