"""Exports: golden files from a fixed record, hostile text, empty steps, anonymous sessions.

The golden files in tests/data/golden/ are what users get: read them as a user would after
changing an export on purpose, then rewrite them with

    UPDATE_GOLDENS=1 .venv/bin/pytest tests/test_export.py
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import T0
from fixed_records import ORGANIZATION, empty_record, fixed_record, previous_record, write

from workshop.blocks import CSV_COLUMNS, Paragraph, Table
from workshop.export.csv import neutral
from workshop.export.formats import render, render_csv, render_html, render_markdown
from workshop.export.html import to_html
from workshop.export.markdown import cell, inline, to_markdown
from workshop.export.report import session_rows
from workshop.kinds import KINDS
from workshop.kinds.commitments import Commitment
from workshop.kinds.list_items import ListItem
from workshop.kinds.one_word import WordEntry
from workshop.kinds.prompts import Response
from workshop.kinds.review import ReviewItem
from workshop.record import SessionRecord

GOLDEN = Path(__file__).parent / "data" / "golden"


pytestmark = pytest.mark.usefixtures("local_time_is_utc")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    data = text.encode("utf-8")
    if os.environ.get("UPDATE_GOLDENS") == "1":
        path.write_bytes(data)
    assert path.exists(), f"no golden {name}: run with UPDATE_GOLDENS=1 and read it"
    assert data.decode() == path.read_bytes().decode(), f"{name} differs from its golden"
    assert data == path.read_bytes()  # line ends too


# ------------------------------------------------------------------------------- goldens


@pytest.fixture
def with_history() -> SessionRecord:
    """The fixed record, and the organization's earlier session in the sessions folder."""
    write(previous_record())
    record = fixed_record()
    write(record)
    return record


def test_markdown_golden(with_history: SessionRecord) -> None:
    check_golden("report.md", render_markdown(with_history))


def test_html_golden(with_history: SessionRecord) -> None:
    check_golden("report.html", render_html(with_history))


def test_csv_golden(with_history: SessionRecord) -> None:
    check_golden("report.csv", render_csv(with_history))


def test_markdown_has_what_an_email_needs(with_history: SessionRecord) -> None:
    text = render_markdown(with_history)
    for expected in (
        "# Service culture, round two",
        "**Organization:** Acme Clinic",
        "**Date:** Monday 23 November 2026, 09:00–11:10",
        "**Facilitator:** Fay Facilitator",
        "**Participants:** Ana, Ben, Chloé, Dov (4)",
        "## Commitments",
        "| Call three customers each, same three questions | Dov | Fri 11 Dec 2026 | open |",
        "**From last time:** 2 done, 1 still open, 0 dropped, 0 not reviewed, of 3.",
        "| Kind | 2 | Kindness | Ana, Chloé |",  # 'Kind' and ' kind' are one word
        "| respectful | 1 | Respect | Ben |",
        "## Time",
        "| Our customer comes first | 20 | 5 | 24 | +4 |",  # 5 minutes added: still over plan
        "## Trends for Acme Clinic",
        "**Outcome:** 7% helps the patient directly (n = 256).",
    ):
        assert expected in text, expected


def test_markdown_leaves_private_notes_out_unless_asked(with_history: SessionRecord) -> None:
    without = render_markdown(with_history)
    assert "Winter staffing" not in without
    assert "## 1. Leader briefing (private)" in without
    assert "> **Private:** the facilitator's own notes are not included" in without
    marked = render_markdown(with_history, include_private=True)
    assert "Winter staffing; long waits at the front desk" in marked
    assert "> **Private:** the facilitator's own notes, never shown to the room" in marked
    html_page = render_html(with_history, include_private=True)
    assert "Winter staffing" in html_page and '<p class="private"' in html_page
    assert "Winter staffing" not in render_html(with_history)
    # The CSV follows the same rule (it is passed on as readily as a summary).
    assert "Winter staffing" not in render_csv(with_history)
    assert "Winter staffing" in render_csv(with_history, include_private=True)


def test_trends_only_with_more_than_one_session() -> None:
    record = fixed_record()
    write(record)
    assert "Trends for" not in render_markdown(record)
    write(previous_record())
    assert "## Trends for Acme Clinic" in render_markdown(record)
    assert "Trends for" not in render_markdown(record, trends=False)


def test_render_by_format_name(with_history: SessionRecord) -> None:
    assert render(with_history, "md") == render_markdown(with_history)
    assert render(with_history, "html") == render_html(with_history)
    assert render(with_history, "csv") == render_csv(with_history)


def test_exporting_never_changes_the_record(with_history: SessionRecord) -> None:
    before = with_history.model_copy(deep=True)
    for fmt in ("md", "html", "csv"):
        render(with_history, fmt, include_private=True)
    assert with_history == before


# ----------------------------------------------------------------------------- csv shape


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_columns_and_one_row_per_item(with_history: SessionRecord) -> None:
    rows = read_csv(render_csv(with_history, include_private=True))
    assert (
        rows[0]
        == list(CSV_COLUMNS)
        == [
            "session",
            "step_id",
            "step_kind",
            "participant",
            "field",
            "value",
            "tag",
            "votes",
            "owner",
            "due",
            "status",
            "time",
        ]
    )
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert {r["session"] for r in body} == {with_history.id}
    by_kind: dict[str, int] = {}
    for r in body:
        by_kind[r["step_kind"]] = by_kind.get(r["step_kind"], 0) + 1
    # 2 notes, 3 reviewed, 5 words, 3 values + 1 note, 3 responses, 4 ratings, 3 categories,
    # 3 commitments
    assert by_kind == {
        "notes": 2,
        "review": 3,
        "one-word": 5,
        "list": 4,
        "prompts": 3,
        "rating": 4,
        "tally": 3,
        "commitments": 3,
    }
    word = next(r for r in body if r["value"] == "Listening")
    assert (word["participant"], word["field"], word["tag"], word["time"]) == (
        "Dov",
        "word",
        "ideal",
        "2026-11-23T09:25:00+00:00",
    )
    value = next(r for r in body if r["value"] == "Kindness")
    assert (value["tag"], value["votes"], value["owner"]) == ("on the walls", "3", "Ana")
    carried = next(r for r in body if r["step_kind"] == "commitments")
    assert (carried["value"], carried["due"], carried["status"], carried["tag"]) == (
        "Thank-you cards",
        "2026-12-18",
        "open",
        "carried",
    )


def test_csv_is_utf8_without_bom_and_crlf(with_history: SessionRecord) -> None:
    text = render_csv(with_history, include_private=True)
    assert not text.startswith("\ufeff")
    assert text.startswith("session,step_id,") and text.endswith("\r\n")
    # A quoted cell with a line break keeps a bare LF; every row ends in CRLF.
    assert '"Collaborative, mostly.\nThe new ward lead is more hands-off."' in text


# ---------------------------------------------------------------------------- hostile text

SCRIPT = "<script>alert(1)</script>"
QUOTES = 'a,b "c"\nd'
PIPE = "| pipe"
EMOJI = "👩🏽‍💻 service 🇳🇱"
RTL = "خدمة العملاء"  # Arabic: customer service
HEBREW = "שירות"
HOSTILE = [SCRIPT, QUOTES, PIPE, EMOJI, RTL, HEBREW]


def hostile_record() -> SessionRecord:
    """Every text a person can type, in every kind, set to something hard."""
    record = fixed_record()
    record.title = f"Title {SCRIPT}"
    record.organization = f"Org {PIPE} & Co"
    record.participants = [SCRIPT, QUOTES, RTL]
    record.result("briefing").text = f"# not a heading\n{SCRIPT}\n{QUOTES}"
    record.result("words").entries.extend(
        [
            WordEntry(id="w0000099", person=SCRIPT, word=SCRIPT.replace(" ", "")),
            WordEntry(id="w0000098", person=RTL, word="*bold*|x", tag="today"),
            WordEntry(id="w0000097", person=HEBREW, word=HEBREW),
            WordEntry(id="w0000096", person="E", word="👩🏽‍💻"),
        ]
    )
    record.result("values").items.append(
        ListItem(id="v0000099", text=PIPE, note=QUOTES, owner=SCRIPT, flags=["on the walls"])
    )
    record.result("customer").responses.extend(
        [
            Response(id="r0000099", prompt=0, person=RTL, text=QUOTES),
            Response(id="r0000098", prompt=1, person=PIPE, text=f"- {SCRIPT}\n1. [link](x)"),
            Response(id="r0000097", prompt=1, person="E", text=EMOJI),
        ]
    )
    record.result("actions").items.append(
        Commitment(id="c0000099", what=f"{PIPE}\n{SCRIPT}", owner=QUOTES)
    )
    record.result("review").items.append(
        ReviewItem(id="c0000098", source="0a1b2c3d", what=RTL, owner=SCRIPT, status="dropped")
    )
    return record


class TextOf(HTMLParser):
    """The text a browser shows, and the tags it builds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: set[str] = set()
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.text.append(data)


def test_html_escapes_everything_typed() -> None:
    page = render_html(hostile_record(), include_private=True, trends=False)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parser = TextOf()
    parser.feed(page)
    shown = "".join(parser.text)
    for text in [SCRIPT, PIPE, EMOJI, RTL, HEBREW, "Org | pipe & Co", "*bold*|x"]:
        assert text in shown, text
    assert 'a,b "c"\nd' in shown  # the line break is kept (white-space: pre-wrap)
    assert parser.tags <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "h1",
        "h2",
        "h3",
        "p",
        "span",
        "ul",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        # the charts (tests/test_export_charts.py): inline SVG, text as text
        "figure",
        "figcaption",
        "svg",
        "g",
        "rect",
        "line",
        "text",
    }


def test_html_is_self_contained_and_printable() -> None:
    page = render_html(fixed_record(), trends=False)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "script-src" not in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", page)
    assert "@media print" in page
    assert 'dir="auto"' in page


def test_csv_round_trips_hostile_text() -> None:
    record = hostile_record()
    text = render_csv(record, include_private=True)
    rows = read_csv(text)
    assert rows[0] == list(CSV_COLUMNS)
    cells = [
        [neutral(c) for c in row.cells()] for row in session_rows(record, include_private=True)
    ]
    assert rows[1:] == cells
    values = {row[5] for row in rows}
    assert {QUOTES, PIPE, EMOJI, RTL, HEBREW, f"{PIPE}\n{SCRIPT}"} <= values
    assert any(row[3] == SCRIPT for row in rows) and any(row[8] == QUOTES for row in rows)


UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def test_markdown_tables_keep_their_shape_with_hostile_text() -> None:
    text = render_markdown(hostile_record(), include_private=True, trends=False)
    lines = text.splitlines()
    tables = 0
    for index, line in enumerate(lines):
        if re.fullmatch(r"\|( ---:? \|)+", line):  # the rule under a table's header
            tables += 1
            columns = line.count("|")
            header, rows = lines[index - 1], []
            for row in lines[index + 1 :]:
                if not row.startswith("|"):
                    break
                rows.append(row)
            for row in [header, *rows]:
                assert len(UNESCAPED_PIPE.findall(row)) == columns, row
    assert tables >= 6


def test_markdown_shows_typed_text_literally() -> None:
    text = render_markdown(hostile_record(), include_private=True, trends=False)
    assert "<script>" not in text and "\\<script\\>alert(1)\\</script\\>" in text
    assert "\\# not a heading" in text  # not a heading
    assert "\\- \\<script\\>" in text and "1\\. \\[link\\](x)" in text  # not a list, no link
    assert "\\*bold\\*\\|x" in text  # in a table: no emphasis, no extra column
    assert EMOJI in text and RTL in text and HEBREW in text
    assert "Org \\| pipe & Co" not in text  # pipes are escaped only in tables...
    assert "**Organization:** Org | pipe & Co" in text  # ...and shown as typed elsewhere


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("plain words", "plain words"),
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("12. item", "12\\. item"),
        ("3) item", "3\\) item"),
        ("*em* _em_ `code`", "\\*em\\* \\_em\\_ \\`code\\`"),
        ("[a](b) ![c](d)", "\\[a\\](b) !\\[c\\](d)"),
        ("<b>x</b>", "\\<b\\>x\\</b\\>"),
        ("AT&T &amp; co", "AT&T \\&amp; co"),
        ("~~gone~~", "\\~\\~gone\\~\\~"),
        ("back\\slash", "back\\\\slash"),
        ("a | b", "a | b"),
    ],
)
def test_inline_markdown_escapes(typed: str, shown: str) -> None:
    assert inline(typed) == shown


def test_table_cells_escape_pipes_and_line_breaks() -> None:
    assert cell("a | b\nc") == "a \\| b<br>c"
    assert cell("  x  ") == "x"


def test_renderers_from_blocks() -> None:
    blocks = [Paragraph("one\ntwo", label="L"), Table(("a", "b"), (("1", "2"),), frozenset({1}))]
    assert to_markdown(blocks) == "**L:** one\\\ntwo\n\n| a | b |\n| --- | ---: |\n| 1 | 2 |\n"
    page = to_html(blocks, "T")
    assert '<span class="label">L:</span> one\ntwo</p>' in page
    assert '<td class="num" dir="auto">2</td>' in page
    with pytest.raises(ValueError, match="2 headers"):
        Table(("a", "b"), (("1",),))


# --------------------------------------------------------------------------- empty steps


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_every_kind_empty_exports_cleanly(fmt: str) -> None:
    record = empty_record()
    assert {step.kind for step in record.agenda.steps} == set(KINDS)
    text = render(record, fmt, include_private=True)
    if fmt == "csv":
        assert read_csv(text) == [list(CSV_COLUMNS)]
        return
    if fmt == "html":
        parser = TextOf()
        parser.feed(text)
        text = "".join(parser.text)
    for says in (
        "No notes were taken.",
        "No earlier session's commitments were loaded.",
        "No words were given.",
        "No items were listed.",
        "No responses were captured.",
        "No observations were counted.",
        "No commitments were made.",
        "none named",
        "in progress",
        "planned 20 min, not run",
    ):
        assert says in text, says


def test_steps_never_opened_export_like_empty_ones() -> None:
    """A record whose results were never created (steps not reached) still exports."""
    record = empty_record()
    record.results.clear()
    for fmt in ("md", "html", "csv"):
        render(record, fmt, include_private=True)
    assert record.results == {}  # the export did not create them


# ----------------------------------------------------------------------------- anonymous

NAMES = ["Zelda Quist", "Quentin Roe", "Yusuf Ekwueme", "Ximena Ortiz"]


def anonymous_record() -> SessionRecord:
    record = fixed_record()
    record.anonymous = True
    record.participants = list(NAMES)
    for entry, name in zip(record.result("words").entries, NAMES * 2, strict=False):
        entry.person = name
    for item, name in zip(record.result("values").items, NAMES, strict=False):
        item.owner = name
        item.votes = {name: 1, NAMES[0]: 2}
    for response, name in zip(record.result("customer").responses, NAMES, strict=False):
        response.person = name
    for commitment, name in zip(record.result("actions").items, NAMES, strict=False):
        commitment.owner = name
    for item, name in zip(record.result("review").items, NAMES, strict=False):
        item.owner = name
    return record


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_anonymous_exports_name_nobody(fmt: str) -> None:
    record = anonymous_record()
    write(previous_record())  # with trends too
    text = render(record, fmt, include_private=True)
    for name in NAMES:
        assert name not in text
        assert name.split()[0] not in text
    if fmt != "csv":
        assert "4 (an anonymous session: no names are kept in this report)" in text
        assert "Owner" not in text and "Said by" not in text
    else:
        rows = read_csv(text)[1:]
        assert rows and all(row[3] == "" and row[8] == "" for row in rows)


def test_anonymous_csv_blanks_names_whatever_a_kind_returns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The report blanks participant and owner itself, so a new kind cannot leak them."""
    from workshop.blocks import CsvRow

    leaky = dataclasses.replace(
        KINDS["commitments"],
        csv_rows=lambda step, result, record: [CsvRow(participant="Leaky Name", owner="Leaky")],
    )
    monkeypatch.setitem(KINDS, "commitments", leaky)
    assert "Leaky" not in render_csv(anonymous_record())
    assert "Leaky Name" in render_csv(fixed_record())


def test_organization_and_date_in_the_report_header() -> None:
    record = fixed_record()
    record.organization = ORGANIZATION
    record.started = None
    record.finished = None
    assert record.created == T0
    assert "**Date:** Monday 23 November 2026, 09:00" in render_markdown(record, trends=False)
