"""Report blocks as one self-contained, printable HTML page.

Inline CSS only, no scripts, no external assets: the page opens the same from an email
attachment, a USB stick or a printer queue. A Content-Security-Policy forbids scripts
and remote loads as a second line of defence; the first is that every captured text goes
through `html.escape`, so a participant's `<script>` is shown as text. Text keeps its line
breaks (CSS `pre-wrap`) and its direction (`dir="auto"`, for Arabic or Hebrew).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from workshop.blocks import Block, Bullets, Facts, Heading, Paragraph, Table

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
@media print {
  @page { margin: 15mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  tr, li { break-inside: avoid; }
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


def render_block(block: Block) -> str:
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
