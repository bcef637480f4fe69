"""Report blocks as one self-contained, printable HTML page.

Inline CSS only, no scripts, no external assets: the page opens the same from an email
attachment, a USB stick or a printer queue. A Content-Security-Policy forbids scripts
and remote loads as a second line of defence; the first is that every captured text goes
through `html.escape`, so a participant's `<script>` is shown as text. Text keeps its line
breaks (CSS `pre-wrap`) and its direction (`dir="auto"`, for Arabic or Hebrew).

A chart is inline SVG drawn here (no library, no script): bars with their labels, counts
and shares as text, named for a screen reader by `aria-label` and `<title>`; the table of
the same numbers stays beside it, for reading aloud and for print.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from html import escape

from workshop.blocks import Bar, Block, Bullets, Chart, Facts, Heading, Paragraph, Table

CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #111; background: #fff; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1 { font-size: 1.9em; margin: 0 0 .6rem; }
h2 { font-size: 1.3em; margin: 2rem 0 .4rem; padding-bottom: .2rem;
  border-bottom: 2px solid #333; }
h3 { font-size: 1.05em; margin: 1.2rem 0 .3rem; }
p, li, td, th, dd { white-space: pre-wrap; overflow-wrap: anywhere; }
p { margin: .4rem 0; }
.muted { color: #555; font-style: italic; }
.quote { border-left: 4px solid #999; margin-left: 0; padding-left: .8rem; color: #333; }
.private { border: 2px dashed #a00; padding: .4rem .7rem; color: #600; background: #fff6f6; }
.label { font-weight: 700; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
dt { font-weight: 700; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
tbody tr:nth-child(even) td { background: #f7f7f7; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
figure.chart { margin: .6rem 0 .4rem; }
figure.chart svg { display: block; width: 100%; max-width: 40rem; height: auto; }
figure.chart figcaption { color: #555; font-style: italic; }
@media print {
  @page { margin: 15mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  tr, li, figure.chart { break-inside: avoid; }
  thead { display: table-header-group; }
  tbody tr:nth-child(even) td { background: none; }
}
""".strip()

#: No scripts, no remote loads, no forms: only the inline style sheet.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"


def _text(text: str) -> str:
    """Captured text made safe for an element's content or an attribute's value."""
    return escape(text.strip(), quote=True)


def _heading(block: Heading) -> str:
    level = min(max(block.level, 1), 6)
    return f'<h{level} dir="auto">{_text(block.text)}</h{level}>'


def _paragraph(block: Paragraph) -> str:
    label = f'<span class="label">{_text(block.label)}:</span> ' if block.label else ""
    if block.tone == "private":
        label = '<span class="label">Private:</span> ' + label
    css = f' class="{block.tone}"' if block.tone != "plain" else ""
    return f'<p{css} dir="auto">{label}{_text(block.text)}</p>'


def _bullets(block: Bullets) -> str:
    items = "\n".join(f'<li dir="auto">{_text(item)}</li>' for item in block.items)
    return f"<ul>\n{items}\n</ul>"


def _facts(block: Facts) -> str:
    pairs = "\n".join(
        f'<dt>{_text(label)}</dt><dd dir="auto">{_text(value)}</dd>' for label, value in block.items
    )
    return f"<dl>\n{pairs}\n</dl>"


def _cells(tag: str, cells: Iterable[str], numeric: frozenset[int]) -> str:
    opening = {True: f'<{tag} class="num" dir="auto">', False: f'<{tag} dir="auto">'}
    return "".join(f"{opening[i in numeric]}{_text(c)}</{tag}>" for i, c in enumerate(cells))


def _table(block: Table) -> str:
    head = f"<thead><tr>{_cells('th', block.headers, block.numeric)}</tr></thead>"
    body = "\n".join(f"<tr>{_cells('td', row, block.numeric)}</tr>" for row in block.rows)
    return f"<table>\n{head}\n<tbody>\n{body}\n</tbody>\n</table>"


# -- charts ---------------------------------------------------------------------------

#: The chart's drawing units: its width, a row of bars, and where the bars start and end.
WIDTH = 640
ROW = 24
BAR = 16
LABELS = 200  # the labels' column, left of the bars
VALUES = 110  # room right of the longest bar for "150 (59%)"
FONT = 13
INK, BAR_FILL, MARKED_FILL, RULE, AVERAGE = "#111", "#8fb0cf", "#1f4e79", "#999", "#a00000"
#: A white outline under a count, so the average's line never crosses it out.
HALO = 'stroke="#fff" stroke-width="4" paint-order="stroke"'


def _width(text: str, size: float = FONT) -> float:
    """About how wide `text` is drawn, on the generous side: a capital is wider than a
    small letter, and a wide CJK character or an emoji wider still."""
    units = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in "WF" or ord(char) >= 0x1F000:
            units += 1.1
        elif char in "MWmw@%":
            units += 0.95
        elif char.isupper():
            units += 0.75
        else:
            units += 0.6
    return units * size


def _fit(text: str, room: float, size: float = FONT) -> str:
    """`text` on one line, cut short with … to fit `room` units (the table has it whole)."""
    text = " ".join(text.split())
    if _width(text, size) <= room:
        return text
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _n(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".removesuffix(".0")


def _label(chart: Chart, bar: Bar) -> str:
    """What one bar says in words, for its title and the chart's name."""
    return f"{bar.label}: {bar.count} ({chart.share(bar)})" + (
        f", {chart.marked}" if bar.marked and chart.marked else ""
    )


def _summary(chart: Chart) -> str:
    """The chart in words: its accessible name."""
    return f"{chart.title}. " + "; ".join(_label(chart, bar) for bar in chart.bars) + "."


def _legend(chart: Chart, y: float) -> list[str]:
    if not chart.marked or not any(bar.marked for bar in chart.bars):
        return []
    return [
        f'<rect x="{LABELS}" y="{_n(y)}" width="12" height="12" fill="{MARKED_FILL}"/>',
        f'<text x="{LABELS + 18}" y="{_n(y + 10.5)}" fill="{INK}">{_text(chart.marked)}</text>',
    ]


def _rows(chart: Chart) -> tuple[list[str], float]:
    """Horizontal bars, a row each: the label, the bar, its count and share. The labels
    sit in a nested <svg> as wide as their column, which clips one drawn wider than
    `_fit` guessed."""
    most = max((bar.count for bar in chart.bars), default=0) or 1
    room = WIDTH - LABELS - VALUES
    labels, parts = [], []
    for index, bar in enumerate(chart.bars):
        top = 4 + index * ROW
        length = room * bar.count / most
        fill = MARKED_FILL if bar.marked else BAR_FILL
        middle = _n(top + BAR / 2 + 4.5)
        labels.append(
            f'<text x="{LABELS - 8}" y="{middle}" text-anchor="end" fill="{INK}">'
            f"{_text(_fit(bar.label, LABELS - 12))}</text>"
        )
        parts.append(
            f"<g><title>{_text(_label(chart, bar))}</title>"
            f'<rect x="{LABELS}" y="{_n(top)}" width="{_n(length)}" height="{BAR}" fill="{fill}"/>'
            f'<text x="{_n(LABELS + length + 6)}" y="{middle}" fill="{INK}">'
            f"{bar.count} ({chart.share(bar)})</text></g>"
        )
    bottom = 4 + len(chart.bars) * ROW
    clip = f'<svg width="{LABELS - 4}" height="{bottom}" overflow="hidden">'
    parts = [clip + "".join(labels) + "</svg>", *parts]
    parts.append(
        f'<line x1="{LABELS}" y1="0" x2="{LABELS}" y2="{_n(bottom - ROW + BAR + 4)}" '
        f'stroke="{RULE}"/>'
    )
    legend = _legend(chart, bottom + 4)
    return parts + legend, bottom + (24 if legend else 0)


def _columns(chart: Chart) -> tuple[list[str], float]:
    """A scale's points as columns, left to right, with the average marked across them."""
    left, right, top, base = 16, WIDTH - 16, 44, 194
    width = (right - left) / max(len(chart.bars), 1)
    most = max((bar.count for bar in chart.bars), default=0) or 1
    parts = []
    for index, bar in enumerate(chart.bars):
        middle = left + width * (index + 0.5)
        height = (base - top) * bar.count / most
        parts.append(
            f"<g><title>{_text(_label(chart, bar))}</title>"
            f'<rect x="{_n(middle - width * 0.3)}" y="{_n(base - height)}" '
            f'width="{_n(width * 0.6)}" height="{_n(height)}" fill="{BAR_FILL}"/>'
            f'<text x="{_n(middle)}" y="{_n(base - height - 6)}" text-anchor="middle" '
            f'fill="{INK}" {HALO}>{bar.count} ({chart.share(bar)})</text>'
            f'<text x="{_n(middle)}" y="{base + 18}" text-anchor="middle" fill="{INK}">'
            f"{_text(_fit(bar.label, width - 6))}</text></g>"
        )
    parts.append(f'<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="{RULE}"/>')
    if chart.average is not None:
        x = left + width * (chart.average - 0.5)
        anchor = "start" if x < left + 60 else ("end" if x > right - 60 else "middle")
        nudge = {"start": -4, "end": 4, "middle": 0}[anchor]
        parts.append(
            f'<line x1="{_n(x)}" y1="20" x2="{_n(x)}" y2="{base}" stroke="{AVERAGE}" '
            'stroke-width="2" stroke-dasharray="5 4"/>'
            f'<text x="{_n(x + nudge)}" y="14" text-anchor="{anchor}" fill="{AVERAGE}" '
            f'font-weight="bold">average {chart.average:.1f}</text>'
        )
    return parts, base + 28


def _chart(chart: Chart) -> str:
    """The chart as an inline SVG figure: no script, no external asset, every label text."""
    parts, height = _columns(chart) if chart.average is not None else _rows(chart)
    name = _text(_summary(chart))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="{WIDTH}" height="{_n(height)}" font-size="{FONT}" role="img" '
        f'aria-label="{name}">\n<title>{name}</title>\n' + "\n".join(parts) + "\n</svg>"
    )
    note = f'\n<figcaption dir="auto">{_text(chart.note)}</figcaption>' if chart.note else ""
    return f'<figure class="chart">\n{svg}{note}\n</figure>'


def render_block(block: Block) -> str:
    if isinstance(block, Chart):
        return _chart(block)
    if isinstance(block, Heading):
        return _heading(block)
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Bullets):
        return _bullets(block)
    if isinstance(block, Facts):
        return _facts(block)
    return _table(block)


def to_html(blocks: Iterable[Block], title: str) -> str:
    """The blocks as a complete HTML document titled `title`."""
    body = "\n".join(render_block(b) for b in blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_text(title)}</title>\n"
        f"<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
