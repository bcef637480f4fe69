"""One-word capture: name, word, Enter; a live tally the room reads, biggest first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from workshop.kinds import shown_to_room
from workshop.kinds.one_word import SPEC, WordEntry, answer_hint, check_answer, tally, values_of
from workshop.record import SessionRecord
from workshop.ui.dialogs import FieldSpec
from workshop.ui.kinds import KindUI
from workshop.ui.kinds.base import StepPanel, entry_cell
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.kinds.fields import FieldInput, move_to
from workshop.ui.roomlayout import BIG_FROM_ROWS, CloudWord, FitToSize, Lines, cloud

#: Side by side when each column gets at least this many cells; stacked below it.
MIN_COLUMN_WIDTH = 28


def _tally_column(
    heading: str, entries: list[WordEntry], tag: str, values: list[str], width: int
) -> Text:
    """Words biggest first: the top word in capitals, and a dot per mention, so the
    weight of each word shows from the back of the room."""
    counts = tally(entries, tag=tag, values=values)
    text = Text.assemble((heading, "bold underline"), "\n")
    if not counts:
        text.append("(no words yet)", style="dim")
        return text
    top = counts[0].count
    longest = max(len(item.word) for item in counts)
    dots_room = max(1, width - min(longest, width // 2) - 8)
    for rank, item in enumerate(counts):
        style = "bold reverse" if rank == 0 else ("bold" if item.count * 2 >= top else "")
        word = item.word.upper() if item.count == top else item.word
        text.append(f" {word} ", style=style)
        dots = round(item.count / top * min(top, dots_room))
        text.append(" " + "●" * max(1, dots), style="bold" if item.count * 2 >= top else "dim")
        text.append(f" {item.count}", style="bold")
        if item.matches_value:  # the value's name where there is room, else the star alone
            wide = width >= MIN_COLUMN_WIDTH + 12
            text.append(f"  ★ {item.matches_value}" if wide else " ★", style="italic")
        text.append("\n")
    return text


def tag_heading(step: Any, tag: str) -> str:
    """What a tag's words are headed with for the room: the agenda's `tag_labels`, else
    the tag's own name ('Today…'): never one agenda's wording under another's question."""
    return step.tag_labels.get(tag) or f"{tag.replace('-', ' ').capitalize()}…"


def _compact(record: SessionRecord, step: Any, result: Any, values: list[str], width: int) -> Group:
    """One-cell text: for the fit check, text exports and small screens."""
    side_by_side = width // len(step.tags) >= MIN_COLUMN_WIDTH
    column_width = width // len(step.tags) - 2 if side_by_side else width
    columns = [
        _tally_column(tag_heading(step, tag), result.entries, tag, values, column_width)
        for tag in step.tags
    ]
    grid = Table.grid(expand=True, padding=(0, 2))
    if side_by_side:
        for _ in columns:
            grid.add_column(ratio=1)
        grid.add_row(*columns)
    else:
        grid.add_column()
        for column in columns:
            grid.add_row(column)
    return Group(grid, _footer(result, values))


def _footer(result: Any, values: list[str]) -> Text:
    n = len(result.entries)
    footer = Text(f"{n} word{'s' if n != 1 else ''}", style="dim")
    if values:
        footer.append("   ★ echoes a stated value", style="dim italic")
    return footer


def _cloud_words(counts: list[Any]) -> list[CloudWord]:
    top = counts[0].count if counts else 0
    return [
        CloudWord(
            item.word,
            item.count,
            "bold green" if item.matches_value else ("bold" if item.count * 2 >= top else ""),
            "★" if item.matches_value else "",
        )
        for item in counts
    ]


def _tag_cloud(counts: list[Any], width: int, rows: int) -> list[Text]:
    if not counts:
        return [Text("(no words yet)", style="dim")]
    return cloud(_cloud_words(counts), width, max(1, rows))


def _big(
    record: SessionRecord, step: Any, result: Any, values: list[str], width: int, height: int
) -> RenderableType:
    """Each tag's words as a cloud under its heading, the tags one above the other; the
    first tag (the ideal) gets the larger share of the height."""
    counts = {tag: tally(result.entries, tag=tag, values=values) for tag in step.tags}
    room = height - 1 - 2 * len(step.tags)  # the footer; a heading and a gap per tag
    said = [max(1, len(counts[tag])) for tag in step.tags]
    # The other tags first, each in its share (at least a quarter); the first tag (the
    # ideal) then has every row they leave.
    clouds: dict[str, list[Text]] = {}
    for tag, n in list(zip(step.tags, said, strict=True))[1:]:
        rows = max(1, int(room * max(0.25, n / sum(said))))
        clouds[tag] = _tag_cloud(counts[tag], width, rows)
    first = step.tags[0]
    clouds[first] = _tag_cloud(counts[first], width, room - sum(map(len, clouds.values())))
    parts: list[Text] = []
    for tag in step.tags:
        parts += [Text(tag_heading(step, tag), style="bold underline"), *clouds[tag], Text("")]
    parts.append(_footer(result, values))
    return Lines(parts)


def room_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """The tally as the room sees it: ideal words and today's words, kept apart, as
    clouds where the most said words are the largest (one-cell columns on small screens)."""
    values = values_of(step, record)

    def build(width: int, height: int | None) -> RenderableType:
        if height is None or height < BIG_FROM_ROWS:
            return _compact(record, step, result, values, width)
        return _big(record, step, result, values, width, height)

    return FitToSize(build)


class OneWordPanel(StepPanel):
    BINDINGS = [Binding("ctrl+r", "next_tag", "Tag", id="one-word-tag")]

    DEFAULT_CSS = """
    OneWordPanel #tag {
        width: auto; padding: 0 1; background: $primary 20%; height: 1; margin-top: 1;
    }
    OneWordPanel #tag.-today { background: $warning 40%; }
    OneWordPanel #columns { height: 1fr; }
    OneWordPanel #tally { width: 1fr; height: 1fr; overflow-y: auto; }
    OneWordPanel EntryTable { width: 40%; min-width: 30; max-width: 48; }
    OneWordPanel #person { width: 2fr; }
    OneWordPanel #word { width: 3fr; }
    OneWordPanel.-present EntryTable { display: none; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tag = self.step.tags[0]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="inputs"):
            yield FieldInput(
                on_enter=self._person_done,
                placeholder="Name",
                id="person",
                suggester=SuggestFromList(self.record.participants, case_sensitive=False),
            )
            yield FieldInput(
                on_enter=self._word_done,
                placeholder=f"{answer_hint(self.step)}, Enter",  # empty, Enter: pass
                id="word",
            )
            yield Label("", id="tag", markup=False)
        yield Static("", classes="problem")
        with Horizontal(id="columns"):
            yield Static(id="tally", classes="room")
            table = EntryTable(id="entries", classes="facilitator-only")
            table.add_columns(*(["Name"] if self.show_names else []), "Word", "Tag")
            yield table

    def set_up(self) -> None:
        self.query_one("#person").display = self.show_names

    def refresh_view(self) -> None:
        shown = shown_to_room(self.result)
        view = self.for_room(lambda: room_view(self.record, self.step, shown))
        self.query_one("#tally", Static).update(view)
        default = self.step.tags[0]
        rows = []
        for e in reversed(self.result.entries):
            name = [e.person] if self.show_names else []
            # The default tag goes without saying: only the others are written out.
            word = entry_cell(e, e.word)
            rows.append((e.id, (*name, word, "" if e.tag == default else e.tag)))
        self.query_one(EntryTable).fill(rows)
        tag_label = self.query_one("#tag", Label)
        tag_text = f"{self.tag} ^r" if len(self.step.tags) > 1 else self.tag
        if tag_label.content != tag_text:  # each update lays the screen out again
            tag_label.update(tag_text)
        tag_label.set_class(self.tag != self.step.tags[0], "-today")

    def focus_input(self) -> None:
        self.query_one("#person" if self.show_names else "#word", Input).focus()

    def action_next_tag(self) -> None:
        tags = self.step.tags
        self.tag = tags[(tags.index(self.tag) + 1) % len(tags)]
        self.refresh_view()

    def _person_done(self, name: str) -> None:
        move_to(self.query_one("#word", Input))

    def _word_done(self, typed: str) -> None:
        person_input = self.query_one("#person", Input)
        word_input = self.query_one("#word", Input)
        if not word_input.value.strip() and self.show_names:
            self._pass(person_input.value.strip())
            return
        try:
            word = check_answer(self.step, word_input.value)
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        person = person_input.value if self.show_names else ""

        def add(result: Any) -> None:
            name = self.record.add_participant(person)
            entry = WordEntry(person=name, word=word, tag=self.tag, at=self.session.clock())
            result.entries.append(entry)

        if self.apply(add):
            word_input.value = ""
            person_input.value = ""
            self._update_suggester()
            move_to(self.query_one("#person" if self.show_names else "#word", Input))

    def _pass(self, person: str) -> None:
        """Enter on an empty word: this person has no word (nothing is recorded), and the
        cursor goes on to the next name instead of staying put, where the next person's
        name would have been typed into the word field."""
        self.query_one("#person", Input).value = ""
        self.show_note(f"{person} passed" if person else "")
        move_to(self.query_one("#person", Input))

    def _update_suggester(self) -> None:
        self.query_one("#person", Input).suggester = SuggestFromList(
            self.record.participants, case_sensitive=False
        )

    def _entry(self, key: str) -> WordEntry:
        return next(e for e in self.result.entries if e.id == key)

    def edit_entry(self, key: str) -> None:
        entry = self._entry(key)
        fields = [FieldSpec("word", "Word", entry.word), FieldSpec("tag", "Tag", entry.tag)]
        if self.show_names:
            fields.insert(0, FieldSpec("person", "Name", entry.person))

        def edited(values: dict[str, str]) -> Callable[[Any], None]:
            word, tag = check_answer(self.step, values["word"]), values["tag"].strip()
            if tag not in self.step.tags:
                raise ValueError(f"tag must be one of: {', '.join(self.step.tags)}")

            def change(result: Any) -> None:
                target = next(e for e in result.entries if e.id == key)
                target.word, target.tag = word, tag
                if "person" in values:
                    target.person = self.record.add_participant(values["person"])

            return change

        self.edit_in_dialog("Edit word", fields, edited)

    def delete_entry(self, key: str) -> None:
        entry = self._entry(key)

        def delete() -> None:
            self.apply(lambda r: r.entries.remove(next(e for e in r.entries if e.id == key)))

        self.confirm_delete(f"the word {entry.word!r}", delete)


UI = KindUI(spec=SPEC, panel=OneWordPanel, room_view=room_view, recap=False)
