"""The room's view: laying out and drawing a big word cloud, and how soon a save shows.

    .venv/bin/python benchmarks/room_view.py

- **Cloud**: the one-word step's room view with 500 different words, laid out and drawn
  (Rich segments, as the screen asks for them) at 250x70, the largest projector size;
  median of 30 after one to warm the glyph cache, against the same with 12 words in the
  same run. Target: under one frame (16 ms).
- **Save to screen**: `workshop present` (headless, 160x45, its real 0.2 s look at the
  file) following a session while words are saved one by one: from each save to the
  word on its screen. Target: within 0.5 s.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time

from _common import AGENDA, percentile, result, temp_home


def draw_time(words: int, width: int = 250, height: int = 70, runs: int = 30) -> float:
    """Median seconds to lay out and draw the room view of `words` different words."""
    from rich.console import Console

    from workshop.agenda import load_agenda
    from workshop.kinds.one_word import WordEntry
    from workshop.record import SessionRecord
    from workshop.ui.kinds import ROOM_VIEWS

    record = SessionRecord.start_new(load_agenda(AGENDA))
    result = record.result("icebreaker")
    result.entries = [  # type: ignore[attr-defined]
        WordEntry(person="", word=f"w{n:03d}x", tag="ideal") for n in range(words)
    ]
    step = record.agenda.step("icebreaker")
    console = Console(width=width, height=height, file=open(os.devnull, "w"))  # noqa: SIM115
    options = console.options.update(width=width, height=height)

    def draw() -> None:
        view = ROOM_VIEWS["one-word"](record, step, result)
        list(console.render(view, options))

    draw()  # the glyphs of these words, once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        draw()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def save_to_screen(count: int = 20) -> list[float]:
    """Seconds from each save to the word on the room's screen."""
    from workshop.agenda import load_agenda
    from workshop.kinds.one_word import WordEntry
    from workshop.record import SessionRecord
    from workshop.session import Session
    from workshop.storage import SessionFile
    from workshop.ui.audience import AudienceApp

    session = Session(SessionFile.create(SessionRecord.start_new(load_agenda(AGENDA))))
    session.go_to("icebreaker")
    app = AudienceApp(session.file.path)
    delays = []
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.5)
        for n in range(count):
            word = f"word{n}"
            with session.change("icebreaker") as entries:
                entries.entries.append(WordEntry(person="", word=word))  # type: ignore[attr-defined]
            saved = time.perf_counter()
            while True:
                await pilot.pause(0.01)
                record = app.record
                if record is not None and any(
                    e.word == word
                    for e in record.results["icebreaker"].entries  # type: ignore[attr-defined]
                ):
                    break
                if time.perf_counter() - saved > 5:
                    raise TimeoutError(word)
            delays.append(time.perf_counter() - saved)
    session.close()
    return delays


def main() -> None:
    small, big = draw_time(12), draw_time(500)
    print(f"cloud at 250x70: 12 words {small * 1000:.1f} ms, 500 words {big * 1000:.1f} ms")
    print(f"  ratio 500 / 12 words: {big / small:.1f}x")
    result(
        "room view",
        "500-word cloud at 250x70, median",
        f"{big * 1000:.1f} ms",
        "< 16 ms",
        big < 0.016,
    )
    with temp_home():
        delays = asyncio.run(save_to_screen())
    p50, p95 = statistics.median(delays), percentile(delays, 95)
    print(f"save to the room's screen: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    result(
        "room view", "save to the room's screen, p95", f"{p95 * 1000:.0f} ms", "< 500 ms", p95 < 0.5
    )


if __name__ == "__main__":
    main()
