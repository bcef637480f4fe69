"""A field that keeps up with any typing speed: every key goes to the field it was typed for.

Textual hands each key press to the widget focused *when the app reads the key*, and
puts it in that widget's queue. A panel that moves the cursor when a field's Enter is
handled (name → word) moved it too late for the keys already typed after the Enter: they
were queued for the field being left, and landed there (20 entries typed with no gap: 12
saved, 1 as typed).

`FieldInput` runs the panel's Enter handler in its own turn, before any later key is
read, and then gives the keys already queued for it to the field the handler moved the
cursor to (or back to itself), in the order they were typed. Nothing else can run in
between: the handler, the cursor's move (`Screen.set_focus`, immediate) and the hand-over
are one synchronous step, so the app forwards every later key to the new field.

The same hand-over serves the session screen, which keeps the keys typed while a step's
panel opens (no field has the cursor yet) and gives them to the panel's field.
"""

from __future__ import annotations

from asyncio import Queue, QueueEmpty
from collections.abc import Callable, Iterable

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.message_pump import MessagePump
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input


class FieldInput(Input):
    """An Input whose Enter runs `on_enter` at once, then re-routes the keys typed after it.

    `on_enter` gets the field's value; it may save, clear fields and move the cursor with
    `move_to` (never with `focus()`, which moves it later).
    """

    #: Input sets its virtual size to its text's width on every change of value, and
    #: Widget's virtual size asks for a new layout of the whole screen when it changes:
    #: every key typed, and each field cleared after a save, laid out the screen again
    #: (4 layouts per word captured). A field's own size is fixed by the CSS, never by
    #: its text, so a repaint is enough; scrolling along a long text still uses the size.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True)

    def __init__(self, *args: object, on_enter: Callable[[str], None], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.on_enter = on_enter

    async def _on_key(self, event: events.Key) -> None:
        # Enter is handled here, in the field's own turn, while the keys typed after it
        # are still waiting in its queue (as a binding it would run later, in the app's
        # turn, after the field had already taken them as text).
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.enter()
            return
        await super()._on_key(event)

    async def action_submit(self) -> None:
        self.enter()

    def enter(self) -> None:
        """Run the panel's handler now, then give the keys typed after the Enter to the
        field the cursor is on (in the order they were typed)."""
        ahead = take_queued_keys(self)
        self.on_enter(self.value)
        hand_over(ahead, self.screen.focused or self)


def take_queued_keys(
    pump: MessagePump, wanted: Callable[[events.Key], bool] = lambda key: True
) -> list[events.Key]:
    """The key presses (those `wanted`) already waiting in `pump`'s queue, taken out of
    it in the order they were typed; every other message stays, in its order."""
    keys: list[events.Key] = []
    others: list[Message | None] = []
    pending = pump._pending_message
    if isinstance(pending, events.Key) and wanted(pending):
        keys.append(pending)
        pump._pending_message = None
    queue: Queue[Message | None] = pump._message_queue
    while True:
        try:
            queued = queue.get_nowait()
        except QueueEmpty:
            break
        queue.task_done()
        if isinstance(queued, events.Key) and wanted(queued):
            keys.append(queued)
        else:
            others.append(queued)
    for other in others:
        queue.put_nowait(other)
    return keys


def is_typing(key: events.Key) -> bool:
    """Text, Enter or Backspace: what goes into a field (the session's own keys are Ctrl
    and F keys). Ctrl+J is an Enter typed before the app had the terminal: it was still
    in line mode, which turns Enter into a newline."""
    return key.is_printable or key.key in ("enter", "backspace", "ctrl+j")


def as_typed(key: events.Key) -> events.Key:
    """The key as the facilitator pressed it (a line-mode newline back to Enter)."""
    return events.Key("enter", "\r") if key.key == "ctrl+j" else key


def hand_over(keys: Iterable[events.Key], target: Widget) -> None:
    """Give `target` key presses taken from elsewhere, in order, as if typed there."""
    for key in keys:
        replay = events.Key(key.key, key.character)
        replay._set_forwarded()
        target.post_message(replay)


def move_to(widget: Widget) -> None:
    """Put the cursor on `widget` now (`Widget.focus` waits for the app's next turn, and
    the keys read meanwhile would go to the field being left)."""
    widget.screen.set_focus(widget)
