"""Autosave: `SessionFile.save` for records of 100, 1,000 and 10,000 entries.

Every change in the app is saved at once, so this is paid on every key press that commits
something. Each timed save follows one added word, as in the app. Also shown: the part
that is the crash-safe write (`atomic_write`: temp file, fsync, rename, fsync of the
folder), the first save of a session file (nothing written yet to reuse), and what
writing the whole record with `dump_record` costs (what every save cost before
`RecordWriter`). Target: under 10 ms at 1,000 entries, and growing linearly.

    .venv/bin/python benchmarks/autosave.py
"""

from __future__ import annotations

import time

from _common import machine, make_record, median, result, spread, temp_home

SIZES = (100, 1_000, 10_000)
REPEATS = {100: 60, 1_000: 60, 10_000: 15}
TARGET_MS = 10.0


def timed(action, repeats: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(entries: int) -> dict[str, float]:
    from workshop.atomic import atomic_write
    from workshop.kinds.one_word import WordEntry
    from workshop.storage import SessionFile, dump_record

    record = make_record(entries)
    words = record.result("icebreaker").entries
    repeats = REPEATS[entries]

    def add_a_word() -> None:  # what happens between two saves in the app
        words.append(WordEntry(person="Person 01", word="kind", at=words[-1].at))

    def saves() -> list[float]:
        times = []
        for _ in range(repeats):
            add_a_word()
            start = time.perf_counter()
            file.save()
            times.append((time.perf_counter() - start) * 1000)
        return times

    start = time.perf_counter()
    file = SessionFile.create(record)  # its first save: nothing written yet to reuse
    first = (time.perf_counter() - start) * 1000
    try:
        saves()  # warm up
        save = saves()
        if spread(save) > 0.5:  # noisy (other work on the machine): once more
            save = min(save, saves(), key=median)
        dump = timed(lambda: dump_record(record), repeats)
        data = dump_record(record)
        target = file.path.with_name("bench-write.toml")
        write = timed(lambda: atomic_write(target, data), repeats)
        return {
            "save": median(save),
            "first": first,
            "dump": median(dump),
            "write": median(write),
            "kib": len(data) / 1024,
            "spread": spread(save),
        }
    finally:
        file.close()


def main() -> None:
    print(f"autosave: SessionFile.save after adding one word, median ({machine()})")
    figures: dict[int, dict[str, float]] = {}
    with temp_home():
        for entries in SIZES:
            figures[entries] = f = measure(entries)
            print(
                f"  {entries:>6} entries ({f['kib']:5.0f} KiB): save {f['save']:6.2f} ms"
                f" (spread {f['spread']:.2f}), of which atomic_write {f['write']:5.2f} ms;"
                f" first save {f['first']:6.1f} ms; whole dump_record {f['dump']:6.1f} ms"
            )
    low, mid, high = (figures[n]["save"] for n in SIZES)
    slope_low = (mid - low) / 0.9  # ms per 1,000 entries between 100 and 1,000
    slope_high = (high - mid) / 9  # ... and between 1,000 and 10,000
    linear = slope_high <= 1.5 * max(slope_low, 0.01)
    print(
        f"  growth: {slope_low:.2f} ms per 1k entries (100 to 1k), "
        f"{slope_high:.2f} ms per 1k (1k to 10k): " + ("linear" if linear else "worse than linear")
    )
    for entries in SIZES:
        met = figures[entries]["save"] < TARGET_MS if entries == 1_000 else None
        result(
            "autosave",
            f"save, {entries:,} entries",
            f"{figures[entries]['save']:.1f} ms",
            f"< {TARGET_MS:.0f} ms" if entries == 1_000 else "",
            met,
        )
    result(
        "autosave",
        "growth, 1k to 10k entries",
        f"{slope_high:.2f} ms per 1k (100 to 1k: {slope_low:.2f})",
        "linear",
        linear,
    )


if __name__ == "__main__":
    main()
