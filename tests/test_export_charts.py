"""Charts in the HTML export (issue 16, item 11): a tally, a rating and a one-word step's
word tally are drawn as inline SVG bars beside their tables; every label is escaped.

The Markdown summary is read as text, so it has the tables alone, as before.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fixed_records import fixed_record

from workshop.blocks import Bar, Chart, percent
from workshop.export.formats import render_html, render_markdown
from workshop.export.html import render_block
from workshop.export.markdown import to_markdown
from workshop.kinds.one_word import MAX_CHART_WORDS, WordEntry
from workshop.kinds.rating import Rating
from workshop.record import SessionRecord

SCRIPT = "<script>alert(1)</script>"
ONLOAD = '"onload=alert(1)'
QUOTE = "'onmouseover='alert(1)"


pytestmark = pytest.mark.usefixtures("local_time_is_utc")


class Page(HTMLParser):
    """Every element with its attributes, the text inside each chart, and the order of
    figures and tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.order: list[str] = []
        self.chart_text: list[str] = []
        self._in_chart = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("figure", "table"):
            self.order.append(tag)
        if tag == "svg":
            self._in_chart += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_chart -= 1

    def handle_data(self, data: str) -> None:
        if self._in_chart:
            self.chart_text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    return parser


def charts(page: Page) -> list[dict[str, str | None]]:
    """The outer <svg> of each chart (the nested one holding the labels has no role)."""
    return [attrs for tag, attrs in page.elements if tag == "svg" and attrs.get("role")]


def test_a_chart_beside_every_table_of_counts() -> None:
    """The fixed record: one-word (two tags), a rating and a tally, each a chart then its
    table; the chart is named in words for a screen reader."""
    page = parse(render_html(fixed_record(), trends=False))
    svgs = charts(page)
    assert len(svgs) == 4
    names = [str(svg["aria-label"]) for svg in svgs]
    assert names[0].startswith("One word for service — the most said words, ideal.")
    assert "Kind: 2 (50%), echoes a value" in names[0]
    assert names[1].endswith("busy: 1 (100%).")
    assert "average 4.0 of 5 (n = 4)" in names[2] and "4: 2 (50%)" in names[2]
    assert "With the patient: 18 (7%), helps the patient directly" in names[3]
    assert "Documentation: 150 (59%)" in names[3]
    # Each chart stands right before the table of its numbers.
    assert all(page.order[i + 1] == "table" for i, t in enumerate(page.order) if t == "figure")
    shown = " ".join(page.chart_text)
    for text in ("Kind", "2 (50%)", "average 4.0", "5 very well", "Waiting or searching"):
        assert text in shown, text


def test_the_page_stays_self_contained_with_charts() -> None:
    page = render_html(fixed_record(), trends=False)
    assert page.count("<svg") == 4 + 3  # three row charts hold their labels in a nested svg
    assert not re.search(r"""(src|href)\s*=|@import|url\(|<script|<image|<foreignObject""", page)
    assert "figure.chart" in page and "break-inside: avoid" in page


def hostile() -> SessionRecord:
    record = fixed_record()
    words = record.result("words")
    words.entries.clear()
    for n, word in enumerate([SCRIPT.replace(" ", ""), ONLOAD, QUOTE, ONLOAD]):
        words.entries.append(WordEntry(id=f"w00000{n:02d}", person="Ana", word=word))
    steps = {step.id: step for step in record.agenda.steps}
    tally = steps["observe"]
    categories = [
        c.model_copy(update={"label": label})
        for c, label in zip(tally.categories, [SCRIPT, ONLOAD, QUOTE], strict=True)
    ]
    tally = tally.model_copy(update={"categories": categories, "outcome_label": SCRIPT})
    pulse = steps["pulse"].model_copy(
        update={"low_label": ONLOAD, "high_label": SCRIPT, "title": f"Title {QUOTE}"}
    )
    agenda = record.agenda.model_copy(
        update={
            "steps": [
                tally if s.id == "observe" else pulse if s.id == "pulse" else s
                for s in record.agenda.steps
            ]
        }
    )
    record.agenda = agenda
    return record


#: Every attribute a chart's elements may carry: none runs anything or loads anything.
CHART_ATTRIBUTES = {
    "xmlns",
    "viewbox",
    "width",
    "height",
    "font-size",
    "font-weight",
    "role",
    "aria-label",
    "overflow",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "paint-order",
    "text-anchor",
    "class",
    "dir",
}


def test_captured_words_and_labels_are_text_in_a_chart() -> None:
    """A word `<script>`, `"onload=` or `'onmouseover='` (and the same as an agenda's
    category, rating or outcome label) is shown as typed, never as markup or attribute."""
    html = render_html(hostile(), trends=False)
    page = parse(html)
    assert len(charts(page)) == 3  # the hostile record's words are of one tag
    assert "<script" not in html.lower()
    in_charts = {"svg", "g", "rect", "line", "text", "title", "figure", "figcaption"}
    for tag, attrs in page.elements:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag in in_charts - {"title"}:
            assert set(attrs) <= CHART_ATTRIBUTES, (tag, attrs)
    shown = "".join(page.chart_text)
    for text in (SCRIPT.replace(" ", ""), ONLOAD, QUOTE, SCRIPT):
        assert text in shown, text
    names = " ".join(str(svg["aria-label"]) for svg in charts(page))
    assert f"{ONLOAD}: 2 (50%)" in names and f"Title {QUOTE}" in names
    assert "&quot;onload=alert(1)" in html and "&#x27;onmouseover=&#x27;" in html


def test_a_long_label_is_cut_short_in_the_chart_and_whole_in_its_name() -> None:
    long_word = "Wonderful" * 11
    chart = Chart("Words", (Bar(long_word, 3), Bar("ok", 1)))
    page = parse(render_block(chart))
    (label, *_) = [t for t in page.chart_text if t.startswith("Wonderful")]
    assert label.endswith("…") and len(label) < 30
    assert long_word in str(charts(page)[0]["aria-label"])


def test_shares_are_the_tables_shares() -> None:
    """Halves round up, as everywhere (blocks.percent): 3 of 40 is 8%, 5 of 40 is 13%."""
    chart = Chart("Shares", (Bar("a", 3), Bar("b", 5), Bar("c", 32)))
    assert [chart.share(bar) for bar in chart.bars] == ["8%", "13%", "80%"]
    assert chart.share(chart.bars[0]) == percent(3, 40)
    text = "".join(parse(render_block(chart)).chart_text)
    assert "3 (8%)" in text and "5 (13%)" in text
    # A chart of some words takes its shares of every word said.
    assert Chart("Top", (Bar("a", 3),), total=40).share(Bar("a", 3)) == "8%"


def test_the_most_said_words_only_with_a_note() -> None:
    record = fixed_record()
    words = record.result("words")
    words.entries.clear()
    for n in range(MAX_CHART_WORDS + 5):
        for i in range(n + 1):
            words.entries.append(WordEntry(id=f"w{n:03d}{i:03d}", person="Ana", word=f"word{n}"))
    page = parse(render_html(record, trends=False))
    first = charts(page)[0]
    assert len(re.findall(r"word\d+: ", str(first["aria-label"]))) == MAX_CHART_WORDS
    assert f"The {MAX_CHART_WORDS} most said of {MAX_CHART_WORDS + 5} different words" in (
        render_html(record, trends=False)
    )
    said = sum(range(1, MAX_CHART_WORDS + 6))
    assert f"word{MAX_CHART_WORDS + 4}: {MAX_CHART_WORDS + 5} ({percent(15, said)})" in str(
        first["aria-label"]
    )


def test_a_rating_marks_its_average_on_the_scale() -> None:
    record = fixed_record()
    ratings = record.result("pulse").ratings
    ratings.clear()
    ratings.extend(Rating(id=f"p{n}", value=v) for n, v in enumerate([1, 1, 2, 5]))
    html = render_html(record, trends=False)
    (svg,) = [s for s in charts(parse(html)) if "ratings fall" in str(s["aria-label"])]
    assert "average 2.2 of 5 (n = 4)" in str(svg["aria-label"])
    assert ">average 2.2</text>" in html
    # The marker stands 1.2 points in from the first column's middle (columns of 121.6).
    assert re.search(r'<line x1="(\d+(\.\d)?)" y1="20" x2="\1"', html)
    x = float(re.findall(r'<line x1="([\d.]+)" y1="20"', html)[0])
    assert abs(x - (16 + 121.6 * (2.25 - 0.5))) < 0.1


def test_markdown_keeps_its_tables_and_draws_no_chart() -> None:
    record = fixed_record()
    text = render_markdown(record, trends=False)
    assert "<svg" not in text and "most said words" not in text
    assert "| With the patient | 18 | 7% | yes |" in text
    assert to_markdown([Chart("x", (Bar("a", 1),))]) == "\n"
