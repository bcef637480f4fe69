"""Listing from record headers: `summarize_header` says what `summarize` says of a record,
but the entries count, or reads the record in full; the index keeps complete summaries only."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from conftest import AGENDAS, T0
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import catalog
from workshop.agenda import load_agenda
from workshop.catalog import (
    SessionListing,
    SessionSummary,
    index_path,
    list_sessions,
    summarize,
    summarize_header,
)
from workshop.cli import main
from workshop.errors import WorkshopError
from workshop.kinds.commitments import Commitment
from workshop.kinds.notes import NotesResult
from workshop.kinds.one_word import WordEntry
from workshop.paths import ensure_private_dir, sessions_dir
from workshop.record import SessionRecord
from workshop.storage import SessionFile, dump_record, load_record, record_filename
from workshop.storage import parse_record as storage_parse_record

AGENDA = load_agenda(AGENDAS / "culture-of-service.toml")
A_DAY_AGO = time.time() - 86_400


def make(title: str = "Session", words: int = 3, **fields: object) -> SessionRecord:
    record = SessionRecord.start_new(AGENDA, title=title)
    record.created = T0
    for key, value in fields.items():
        setattr(record, key, value)
    for n in range(words):
        name = record.add_participant(f"Person {n}")
        record.result("icebreaker").entries.append(WordEntry(person=name, word="kind", at=T0))
    record.result("commitments").items.append(Commitment(what="Call the supplier"))
    return record


def write(record: SessionRecord, age: float = A_DAY_AGO) -> Path:
    path = ensure_private_dir(sessions_dir()) / record_filename(record)
    path.write_bytes(dump_record(record))
    os.utime(path, (age, age))
    return path


def write_text(text: str, name: str = "hand-edited.toml") -> Path:
    path = ensure_private_dir(sessions_dir()) / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, (A_DAY_AGO, A_DAY_AGO))
    return path


def header_only(path: Path) -> SessionSummary:
    """The header summary, checked to be the full one but for its (uncounted) entries."""
    header, full = summarize_header(path), summarize(path)
    assert header.entries is None, "read in full, not from its header"
    assert full.error is None and full.entries is not None
    assert replace(header, entries=full.entries) == full
    return header


def read_in_full(path: Path) -> SessionSummary:
    """The header summary of a record it cannot be trusted on: the full one."""
    full = summarize(path)
    assert summarize_header(path) == full
    return full


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"status": "finished", "organization": "Ünïcødé «Org» \"quoted\" 'too'"},
        {"follows": "0123456789abcdef", "facilitator": "Sam"},
        {"created": T0.astimezone(timezone(timedelta(hours=5, minutes=45)))},
        {"title": "Line one\nLine two", "organization": "Crlf\r\nOrg"},  # CRLF: escapes
        {"title": "Tab\tand [brackets] and \"\"\" and '''", "anonymous": True},
        {"agenda_source": "/home/sam/agendas/culture-of-service.toml"},
    ],
    ids=["plain", "unicode", "follows", "offset", "multi-line", "odd-text", "source"],
)
def test_a_written_record_s_header_is_its_summary_but_the_entries(
    fields: dict[str, object],
) -> None:
    header_only(write(make(**fields)))


def test_a_header_longer_than_a_few_kilobytes() -> None:
    record = make(words=0)
    for n in range(200):
        record.add_participant(f"A rather long participant name number {n}")
    path = write(record)
    assert path.read_text(encoding="utf-8").index("[agenda]") > 8_000
    assert header_only(path).participants == 200


def test_a_record_saved_by_the_app_is_read_from_its_header() -> None:
    with SessionFile.create(make()) as file:
        file.record.title = "Saved again"
        file.record.result("icebreaker").entries.append(WordEntry(person="Person 0", word="warm"))
        file.save()
        path = file.path
    assert header_only(path).title == "Saved again"


def test_a_record_with_no_results_yet() -> None:
    record = SessionRecord.start_new(AGENDA, title="Just started")
    assert header_only(write(record)).title == "Just started"


def test_a_cut_inside_a_multi_line_string_reads_the_record_in_full() -> None:
    path = write(make(title="Two lines\n[results.icebreaker]\nkind = 'one-word'"))
    assert read_in_full(path).title == "Two lines\n[results.icebreaker]\nkind = 'one-word'"
    path = write(
        make(title="Agenda\n[agenda]\nid = 'not this'", organization="x\n[[agenda.steps]]")
    )
    assert read_in_full(path).agenda_id == "culture-of-service"


def test_a_line_like_a_table_in_a_note_reads_the_record_in_full() -> None:
    record = make()
    briefing = record.result("briefing")
    assert isinstance(briefing, NotesResult)
    briefing.text = "Checked:\n[x] the room\n[ ] the projector"
    assert read_in_full(write(record)).entries == 5  # 3 words, 1 commitment, the note


HEADER = """schema_version = 1
id = "0123456789abcdef"
title = "Hand edited"
organization = "Acme"
status = "finished"
created = 2026-11-23T09:00:00Z
current_step = "icebreaker"
"""
STEPS = """[[agenda.steps]]
id = "icebreaker"
kind = "one-word"
title = "One word"
minutes = 5
"""
RESULTS = """[results.icebreaker]
kind = "one-word"
entries = [{ person = "Ana", word = "kind", at = 2026-11-23T09:01:00Z }]
"""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # the agenda after the results
        (
            f'{HEADER}participants = ["Ana"]\n{RESULTS}\n[agenda]\nid = "a"\ntitle = "A"\n\n{STEPS}',  # noqa: E501
            None,
        ),
        # the participants as a table after the header (as no writer would)
        (
            f'{HEADER}\n[agenda]\nid = "a"\ntitle = "A"\n\n{STEPS}\n[[participants]]\nname = "Ana"\n',  # noqa: E501
            "participants[0]: must be a valid string",
        ),
        # the agenda's title missing from its table
        (
            f'{HEADER}participants = ["Ana"]\n[agenda]\nid = "a"\n\n{STEPS}\n{RESULTS}',
            "agenda.title: is required but missing",
        ),
        # the agenda inline: no table at all after the header
        (
            f'{HEADER}participants = []\nagenda = {{ id = "a", title = "A", steps = [] }}\n',
            "agenda.steps: needs at least 1 item",
        ),
        # a table the writer does not write
        (
            f'{HEADER}participants = []\n[agenda]\nid = "a"\ntitle = "A"\n\n{STEPS}[extra]\nx = 1\n',  # noqa: E501
            "extra: is not a known field here",
        ),
    ],
    ids=["agenda-last", "participants-table", "no-agenda-title", "inline-agenda", "extra-table"],
)
def test_a_hand_edited_record_it_cannot_trust_its_header_on_is_read_in_full(
    text: str, problem: str | None
) -> None:
    """Read in full, it is what `check` says of it: a session, or broken with the reason."""
    summary = read_in_full(write_text(text))
    if problem is None:
        assert summary.error is None and summary.title == "Hand edited"
    else:
        assert summary.error is not None and problem in summary.error


def test_a_hand_edited_layout_a_header_can_be_read_from() -> None:
    """Indented tables, a comment after [agenda], the agenda as dotted keys: all TOML."""
    indented = f'{HEADER}participants = ["Ana"]\n  [agenda]  # the plan\n  id = "a"\n'
    indented += f'  title = "A"\n\n  {STEPS}\n{RESULTS}'
    assert header_only(write_text(indented, "indented.toml")).agenda_title == "A"
    dotted = f'{HEADER}participants = ["Ana"]\nagenda.id = "a"\nagenda.title = "A"\n\n{STEPS}'
    assert header_only(write_text(dotted + RESULTS, "dotted.toml")).agenda_id == "a"


@pytest.mark.parametrize(
    "content",
    [
        b"schema_version = [",
        b"title = 'no version'\n[agenda]\nid = 'a'\ntitle = 'A'\n[results.x]\n",
        b"schema_version = true\n[agenda]\nid = 'a'\ntitle = 'A'\n[results.x]\n",
        b'schema_version = 1\ntitle = "caf\xe9"\n[agenda]\nid = "a"\ntitle = "A"\n[results.x]\n',
        b"schema_version = 1\n[agenda]\nid = 'a'\ntitle = 'A'\n[results.x]\n\xff\n",
    ],
    ids=["broken", "no-version", "bool-version", "latin-1-header", "latin-1-later"],
)
def test_a_bad_file_gives_its_error_as_before(content: bytes) -> None:
    path = ensure_private_dir(sessions_dir()) / "bad.toml"
    path.write_bytes(content)
    summary = read_in_full(path)
    assert summary.error


def test_a_missing_file_gives_its_error_as_before() -> None:
    path = ensure_private_dir(sessions_dir()) / "gone.toml"
    assert read_in_full(path).error


def test_a_fault_after_the_header_is_found_when_the_entries_are_counted() -> None:
    """The header cannot know: the list shows the row, then the error once read in full."""
    path = write(make())
    with path.open("a", encoding="utf-8") as handle:
        handle.write('\n[results.extra]\nkind = "notes"\nkind = "twice"\n')
    listing = SessionListing()
    [header] = listing.summaries(complete=False)
    assert header.entries is None and header.error is None
    complete = listing.complete(header)
    assert complete.error and "TOML syntax: cannot overwrite a value" in complete.error
    listing.save()
    assert path.name not in index_path(sessions_dir()).read_text(encoding="utf-8")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the records read in full (rather than from their header or the index)."""
    names: list[str] = []
    full = catalog._summarize

    def counted(path: Path, raw: bytes | None = None) -> tuple[SessionSummary, bool]:
        names.append(path.name)
        return full(path, raw)

    monkeypatch.setattr(catalog, "_summarize", counted)
    return names


def kept() -> dict[str, dict[str, object]]:
    index = index_path(sessions_dir())
    return json.loads(index.read_text(encoding="utf-8"))["files"] if index.exists() else {}


def test_the_index_keeps_complete_summaries_only(reads: list[str]) -> None:
    paths = [write(make(f"Session {n}", words=n)) for n in range(4)]
    listing = SessionListing()
    headers = listing.summaries(complete=False)
    assert [s.entries for s in headers] == [None] * 4
    assert reads == []
    listing.save()
    assert kept() == {}

    listing.complete(headers[0])
    listing.complete(headers[1])
    listing.save()
    assert sorted(kept()) == sorted(s.path.name for s in headers[:2])
    assert all(isinstance(k["summary"]["entries"], int) for k in kept().values())  # type: ignore[index]

    reads.clear()  # the next listing takes those two from the index, reads the others
    again = SessionListing().summaries(complete=False)
    assert [s.entries is None for s in again] == [False, False, True, True]
    assert reads == []
    complete = list_sessions()
    assert sorted(reads) == sorted(s.path.name for s in headers[2:])
    assert [s.entries for s in complete] == [summarize(s.path).entries for s in complete]
    assert sorted(kept()) == sorted(p.name for p in paths)


def test_a_record_changed_after_its_header_was_read_is_read_as_it_is_now() -> None:
    path = write(make("Before"))
    listing = SessionListing()
    [header] = listing.summaries(complete=False)
    record = make("After", words=5)
    path.write_bytes(dump_record(record))
    os.utime(path, (A_DAY_AGO + 60, A_DAY_AGO + 60))
    complete = listing.complete(header)
    assert (complete.title, complete.entries) == ("After", 6)
    listing.save()
    assert list_sessions() == [complete]  # kept with the file as it now is


def test_a_record_changed_just_now_is_counted_but_not_kept() -> None:
    path = write(make("In progress"), age=time.time())
    listing = SessionListing()
    [header] = listing.summaries(complete=False)
    assert listing.complete(header).entries == 4
    listing.save()
    assert path.name not in kept()


def test_the_sessions_command_prints_complete_counts(capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(3):
        write(make(f"Session {n}", words=n))
    assert main(["sessions", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert sorted(s["entries"] for s in printed) == [1, 2, 3]


#: Text as a title or organization might be typed or pasted, with text like TOML's own.
TEXT = st.lists(
    st.one_of(
        st.characters(),
        st.sampled_from(["\n", "\r\n", '"', "'", "\\", "[", "]", "#", "="]),
        st.sampled_from(["\n[results]\n", "\n[[agenda.steps]]\n", '"""', "'''", "\n[agenda]\n"]),
    ),
    max_size=40,
).map("".join)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    title=TEXT.map(lambda t: t[:120]).filter(lambda t: t.strip()),
    organization=TEXT.map(lambda t: t[:200]),
    words=st.integers(0, 4),
)
def test_any_title_or_organization_header_matches_the_full_summary(
    title: str, organization: str, words: int
) -> None:
    """Examples share the test's data folder: each overwrites the one record."""
    record = make(title=title, organization=organization, words=words)
    path = ensure_private_dir(sessions_dir()) / "generated.toml"
    path.write_bytes(dump_record(record))
    header, full = summarize_header(path), summarize(path)
    assert full.error is None
    assert (full.title, full.organization) == (record.title, record.organization)
    assert full.entries == words + 1
    assert header.entries in (None, full.entries)  # None: from its header; else in full
    assert replace(header, entries=full.entries) == full


# ------------------------------------------------------- broken files, as cheap as good ones


def long_title(text: str, title: str) -> str:
    return text.replace('title = "Session"', f'title = "{title}"', 1)


def test_a_title_of_two_million_characters_is_refused_without_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It is listed as broken, with the reason `check` gives, from its header, without
    parsing it (tomllib took a fifth of a second) or reading it twice."""
    text = long_title(dump_record(make()).decode(), "x" * 2_000_000)
    path = write_text(text, "huge-title.toml")
    expected = "line 3: title: is too long: at most 120 characters"

    def refuse(*args: object) -> object:
        raise AssertionError("parsed")

    reads: list[Path] = []
    read_bytes = catalog.userfile.read_bytes

    def counted(target: Path, limit: int = catalog.userfile.MAX_BYTES) -> bytes:
        reads.append(target)
        return read_bytes(target, limit)

    monkeypatch.setattr(catalog.userfile, "read_bytes", counted)
    monkeypatch.setattr(catalog, "parse_record", refuse)
    monkeypatch.setattr(catalog.tomllib, "loads", refuse)
    assert summarize_header(path).error == expected
    assert reads == [path]
    assert summarize(path).error == expected
    monkeypatch.undo()
    with pytest.raises(WorkshopError, match="title: is too long: at most 120 characters"):
        load_record(path)


@pytest.mark.parametrize(
    "edit",
    [
        # every character written as wide as TOML can: 120 characters, 1,200 in the file
        lambda text: long_title(text, "\\U0001F600" * 120).replace(
            'organization = ""', 'organization = "' + "\\U0001F642" * 200 + '"', 1
        ),
        # a long comment after a short title
        lambda text: text.replace(
            'title = "Session"', 'title = "Session"  # ' + "a note " * 400, 1
        ),
        # a long title in the agenda's table is the agenda's, not the record's
        lambda text: text.replace(
            'title = "Culture of customer service"', 'title = "' + "y" * 2_500 + '"', 1
        ),
    ],
    ids=["wide-escapes", "long-comment", "agenda-title"],
)
def test_what_only_looks_far_too_long_is_judged_as_check_judges_it(
    edit: Callable[[str], str],
) -> None:
    path = write_text(edit(dump_record(make()).decode()))
    try:
        load_record(path)
        problem = None
    except WorkshopError as exc:
        problem = catalog.userfile.reason(exc)
    full = summarize(path)
    assert full.error == problem
    assert summarize_header(path).error == problem
    if problem is not None:
        assert problem.startswith("line ") and "agenda.title: is too long" in problem


BROKEN = {
    "truncated": lambda text: text[: len(text) // 2],
    "nested": lambda text: "x = " + "[" * 800 + "]" * 800,
    "newer-schema": lambda text: text.replace("schema_version = ", "schema_version = 9", 1),
    "huge-title": lambda text: long_title(text, "x" * 2_000_000),
    "unknown-step": lambda text: text.replace('current_step = "', 'current_step = "no-', 1),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_file_is_judged_once_until_it_changes(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each kind of broken file the benchmark writes: listed broken with its reason, as
    `summarize` gives it, then taken from the index (neither its header nor the file read
    again) on every listing, header first or in full, until the file changes."""
    path = write_text(BROKEN[kind](dump_record(make()).decode()), f"{kind}.toml")
    reason = summarize(path).error
    assert reason and reason.startswith(("line ", "is nested"))
    opened: list[str] = []
    read_bytes = catalog.userfile.read_bytes

    def counted(target: Path, limit: int = catalog.userfile.MAX_BYTES) -> bytes:
        opened.append(Path(target).name)
        return read_bytes(target, limit)

    monkeypatch.setattr(catalog.userfile, "read_bytes", counted)

    def listed(complete: bool) -> str | None:
        listing = SessionListing()
        [summary] = listing.summaries(complete=complete)
        summary = listing.complete(summary)
        listing.save()
        return summary.error

    assert listed(complete=False) == reason  # judged once: header first, then in full
    assert len(opened) <= 2 and path.name in kept()
    opened.clear()
    for complete in (False, True, False):
        assert listed(complete) == reason
    assert opened == []

    path.write_text(dump_record(make("Mended")).decode(), encoding="utf-8")
    os.utime(path, (A_DAY_AGO + 60, A_DAY_AGO + 60))
    assert listed(complete=False) is None
    assert [s.title for s in list_sessions()] == ["Mended"]


#: Text of TOML-like lines: tables, indented ones, [agenda], text that only looks like one.
LINES = st.lists(
    st.sampled_from(
        [
            *("[agenda]", " [agenda] # x", "\t[[agenda.steps]]", "[results.a]", "[ timing ]"),
            *("[x]", "x = 1", 'x = "[y]"', "  [", "", "[agenda.z]", "[[ agenda ]]", "a[b]", "\r"),
        ]
    ),
    max_size=12,
).map("\n".join)


@given(text=LINES, skip=st.integers(0, 12))
def test_a_line_start_is_found_as_a_multi_line_caret_finds_it(text: str, skip: int) -> None:
    """`_LineStart` finds what `^` with re.MULTILINE found, from the start of any line."""
    starts = [0] + [n + 1 for n, ch in enumerate(text) if ch == "\n"]
    start = starts[min(skip, len(starts) - 1)]
    for pattern, found in (
        (r"[ \t]*\[(?![ \t]*agenda[ \t]*\])", catalog._HEADER_END),
        (
            r"[ \t]*\[(?!\[?[ \t]*(?:agenda|results|timing)[ \t]*[.\]])"
            r"|^[ \t]*\[\[?[ \t]*agenda[ \t]*\]",
            catalog._UNEXPECTED_TABLE,
        ),
        (r"[ \t]*\[", catalog._ANY_TABLE),
    ):
        match = re.compile("^" + pattern, re.MULTILINE).search(text, start)
        assert found.find(text, start) == (match.start() if match else -1)


INLINE = (
    HEADER
    + 'participants = ["Ana"]\n'
    + 'agenda = { id = "a", title = "A", steps = [{ id = "icebreaker", kind = "one-word",'
    + ' title = "One word", minutes = 5 }] }\n'
    + 'results = { icebreaker = { kind = "one-word", entries = [{ person = "Ana",'
    + ' word = "kind", at = 2026-11-23T09:01:00Z }] } }\n'
)


def test_left_checking_a_file_only_a_full_read_could_judge(monkeypatch: pytest.MonkeyPatch) -> None:
    """`checking=True` (the history's first pass): a file broken beyond doubt from its start
    (its header's version or title, a title cut off far past its limit) or with no table
    after its header is not read in full or parsed whole, only listed as `checking`; it
    is judged by `complete`, as `summarize` judges it, and only then kept."""
    paths = {
        kind: write_text(edit(dump_record(make()).decode()), f"{kind}.toml")
        for kind, edit in BROKEN.items()
    }
    paths["inline"] = write_text(INLINE, "inline.toml")
    expected = {kind: summarize(path) for kind, path in paths.items()}
    assert expected["inline"].error is None and expected["inline"].entries == 1
    read: list[tuple[str, int | None]] = []
    read_bytes = catalog.userfile.read_bytes

    def counted(target: Path, limit: int = catalog.userfile.MAX_BYTES, **kw: int) -> bytes:
        read.append((Path(target).stem, kw.get("first")))
        return read_bytes(target, limit, **kw)

    def refuse(*args: object) -> object:
        raise AssertionError("parsed in full")

    monkeypatch.setattr(catalog.userfile, "read_bytes", counted)
    monkeypatch.setattr(catalog, "parse_record", refuse)
    listing = SessionListing()
    listed = {s.path.stem: s for s in listing.summaries(complete=False, checking=True)}
    left = {"nested", "newer-schema", "huge-title", "inline"}
    assert {k for k, s in listed.items() if s.checking} == left
    for kind in left:
        assert listed[kind] == replace(
            SessionSummary(path=paths[kind]), entries=None, checking=True
        )
    assert ("huge-title", 64 * 1024) in read and ("huge-title", None) not in read
    assert {k: s.entries for k, s in listed.items() if k not in left} == dict.fromkeys(
        ["truncated", "unknown-step"], None
    )  # from their headers: their faults come after
    listing.save()
    assert kept() == {}

    monkeypatch.setattr(catalog, "parse_record", storage_parse_record)
    judged = {kind: listing.complete(s) for kind, s in listed.items()}
    assert judged == expected
    listing.save()
    assert sorted(kept()) == sorted(p.name for p in paths.values())
    assert SessionListing().summaries(complete=False, checking=True) == list_sessions()


def test_a_large_good_record_is_listed_from_its_header_when_checking() -> None:
    """Its start shows nothing wrong: read and listed from its header as without `checking`."""
    path = write(make(words=1500))
    assert path.stat().st_size > 64 * 1024
    [summary] = SessionListing().summaries(complete=False, checking=True)
    assert not summary.checking and summary.entries is None
    assert replace(summary, entries=1501) == summarize(path)


def test_a_title_cut_off_at_the_start_s_end_is_judged_only_far_past_its_limit() -> None:
    start = 'schema_version = 1\nid = "ab12cd34"\ntitle = "'
    assert catalog._cut_off_too_long(start + "x" * 1_201)
    assert not catalog._cut_off_too_long(start + "x" * 1_200)  # could still close in time
    assert not catalog._cut_off_too_long(start + "x" * 5_000 + '"\nparticipants = ["')
    assert not catalog._cut_off_too_long(start + "x" * 50 + '"\n[agenda]\ntitle = "' + "y" * 5_000)
    assert catalog._cut_off_too_long("title = '" + "x" * 5_000)  # a literal string
    assert not catalog._cut_off_too_long('title = """' + "x" * 5_000)  # many lines: parse
