"""Report blocks as Markdown (CommonMark with GitHub tables) that reads well as plain text.

Captured text is escaped just enough that it shows as typed: characters that would start
emphasis, code, links or raw HTML are backslash-escaped everywhere; characters that only
mean something at the start of a line (headings, lists, quotes) are escaped there; inside
table cells pipes are escaped and line breaks become <br>.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from workshop.blocks import Block, Bullets, Chart, Facts, Heading, Paragraph, Table

_INLINE = re.compile(r"([\\`*_\[\]<>~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^([#>+=-])|^(\d+)([.)])")


def inline(text: str) -> str:
    """One line of captured text, escaped so that Markdown shows it literally."""
    text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text.lstrip())


def text_lines(text: str, indent: str = "") -> str:
    """Multi-line text as one paragraph: each line escaped, joined by hard line breaks."""
    lines = [inline(line) for line in text.strip().splitlines()] or [""]
    return f"\\\n{indent}".join(lines)


def cell(text: str) -> str:
    """A table cell: escaped, pipes escaped, line breaks as <br> (a row is one line)."""
    lines = [_INLINE.sub(r"\\\1", line.strip()) for line in text.strip().splitlines()]
    return "<br>".join(_ENTITY.sub(r"\\&", line).replace("|", "\\|") for line in lines)


def _heading(block: Heading) -> str:
    # A '#' anywhere in a heading could close it early ("Respect #1 #"): escape them all.
    # Only inline escapes: after the '## ' no list or quote can start.
    text = _INLINE.sub(r"\\\1", " ".join(block.text.split())).replace("#", r"\#")
    return f"{'#' * block.level} {text}"


def _paragraph(block: Paragraph) -> str:
    body = text_lines(block.text)
    if block.label:
        body = f"**{inline(block.label)}:** {body}"
    if block.tone == "muted":
        return f"*{body}*" if "\n" not in body else body
    if block.tone == "quote":
        return "> " + body.replace("\n", "\n> ")
    if block.tone == "private":
        return f"> **Private:** {body}".replace("\n", "\n> ")
    return body


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {text_lines(item, indent='  ')}" for item in items)


def _facts(block: Facts) -> str:
    return "\n".join(
        f"- **{inline(label)}:** {text_lines(value, indent='  ')}" for label, value in block.items
    )


def _table(block: Table) -> str:
    rule = ["---:" if i in block.numeric else "---" for i in range(len(block.headers))]
    lines = [
        "| " + " | ".join(cell(h) for h in block.headers) + " |",
        "| " + " | ".join(rule) + " |",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in block.rows]
    return "\n".join(lines)


def render_block(block: Block) -> str:
    """The block as Markdown; '' for a chart, whose numbers are in the table beside it (a
    summary to email is read as text, where bars would be noise)."""
    if isinstance(block, Chart):
        return ""
    if isinstance(block, Heading):
        return _heading(block)
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Bullets):
        return _bullets(block.items)
    if isinstance(block, Facts):
        return _facts(block)
    return _table(block)


def to_markdown(blocks: Iterable[Block]) -> str:
    """The blocks as one Markdown document, a blank line between blocks."""
    return "\n\n".join(render_block(b) for b in blocks if not isinstance(b, Chart)) + "\n"
