"""Exports of a session record: Markdown to email, CSV for a spreadsheet, HTML to print.

Free of Textual, so the CLI, the app and tests share it. The pieces:

- `workshop.blocks` (outside this package, so the kinds need not import it): the small
  model a report is made of (headings, paragraphs, tables...), and the tidy CSV row. Each
  step kind builds its own blocks and rows in its module in `workshop.kinds`, found
  through the `KINDS` registry.
- `report`: the whole session as blocks and as CSV rows.
- `markdown`, `html`, `csv`: one renderer each.
- `formats`: the entry points: `render(record, fmt)` to text and `export_session(...)`
  to a file.

This package file imports nothing, so that importing one renderer imports no other.
"""
