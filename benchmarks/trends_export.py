"""Trends and exports over one organization's long history (issue 16, item 12).

2,000 culture-of-service sessions of one organization (a few words, ratings and
commitments each, a day apart) and 100 of another are written to the sessions folder;
the sessions listing is run once, as `workshop sessions` or the history would have, so
its index holds them. Then, on the newest session:

- `workshop trends ORG` (in process: `organization_trends` and `trends_markdown`): its
  seconds, lines and widest line;
- the Markdown and the HTML export (`render`): seconds (median of 3) and size, beside the
  same export without trends (`trends=False`) in the same run, the baseline: what the
  trends add to an export is the difference;
- the Markdown export once more after the listing's index was deleted (a cold cache).

No timed assertions: the figures are printed, one per line, for run_all.py. It uses only
what the code had before the trends were bounded, so the same script measures the code
of any commit (`git archive COMMIT workshop | tar -x -C DIR`, then run it with
PYTHONPATH=DIR).

    .venv/bin/python benchmarks/trends_export.py [SESSIONS]
"""

from __future__ import annotations

import random
import sys
import time
from datetime import timedelta

from _common import AGENDA, T0, machine, median, result, temp_home

SESSIONS = 2_000
OTHERS = 100
ORGANIZATION = "Acme Clinic"
WORDS = ["kind", "fast", "caring", "patient", "honest", "listening", "warm", "reliable"]
RUNS = 3


def write_records(count: int) -> None:
    """`count` sessions of ORGANIZATION, then OTHERS of another, each dumped as a save
    writes it (ids, dates and contents differ, so nothing is shared between them)."""
    from workshop.agenda import load_agenda
    from workshop.kinds.commitments import Commitment
    from workshop.kinds.one_word import WordEntry
    from workshop.kinds.rating import Rating
    from workshop.paths import ensure_private_dir, sessions_dir
    from workshop.record import SessionRecord
    from workshop.storage import dump_record, record_filename

    agenda = load_agenda(AGENDA)
    folder = ensure_private_dir(sessions_dir())
    rng = random.Random(7)
    for n in range(count + OTHERS):
        ours = n < count
        day = T0 - timedelta(days=(count - n) if ours else n)
        record = SessionRecord.start_new(
            agenda,
            title=f"Workshop {n:05d}",
            organization=ORGANIZATION if ours else "Northside Library",
        )
        record.id = f"{n:08x}{rng.getrandbits(32):08x}"
        record.created = record.started = day
        record.status = "finished"
        record.finished = day + timedelta(hours=2)
        for i in range(rng.randint(4, 12)):
            person = record.add_participant(f"Person {i}")
            word = rng.choice(WORDS) if rng.random() < 0.9 else f"word{rng.randrange(5_000)}"
            record.result("icebreaker").entries.append(
                WordEntry(person=person, word=word, tag=rng.choice(["ideal", "today"]), at=day)
            )
            record.result("service-today").ratings.append(
                Rating(person=person, value=rng.randint(1, 5), at=day)
            )
        for i in range(rng.randint(1, 3)):
            status = rng.choice(["open", "done", "dropped"])
            due = (day + timedelta(days=rng.randint(5, 40))).date()
            record.result("commitments").items.append(
                Commitment(what=f"Action {i} of {n}", owner="Person 1", due=due, status=status)
            )
        (folder / record_filename(record)).write_bytes(dump_record(record))


def timed(call) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = call()
    return time.perf_counter() - start, value


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else SESSIONS
    print(machine())
    with temp_home():
        from workshop.catalog import index_path, list_sessions
        from workshop.export.formats import render
        from workshop.paths import sessions_dir
        from workshop.storage import load_record
        from workshop.trends import organization_trends, trends_markdown

        seconds, _ = timed(lambda: write_records(count))
        print(f"{count:,} + {OTHERS} records written in {seconds:.1f} s")
        seconds, listing = timed(list_sessions)
        print(f"listing (index built): {seconds:.2f} s; again: {timed(list_sessions)[0]:.2f} s")
        newest = next(s for s in listing if s.organization == ORGANIZATION)  # type: ignore[attr-defined]
        record = load_record(newest.path)

        seconds, text = timed(lambda: trends_markdown(organization_trends(ORGANIZATION)))
        lines = str(text).splitlines()
        widest = max(len(line) for line in lines)
        print(f"trends: {seconds:.2f} s, {len(lines):,} lines, widest {widest:,} characters")
        result(
            "trends_export",
            f"`workshop trends ORG` over {count:,} sessions",
            f"{len(lines):,} lines, widest {widest:,} characters, {seconds:.2f} s",
        )

        for fmt in ("md", "html"):
            with_trends = [timed(lambda f=fmt: render(record, f)) for _ in range(RUNS)]
            alone = [timed(lambda f=fmt: render(record, f, trends=False)) for _ in range(RUNS)]
            size = len(str(with_trends[0][1]).encode())
            base = len(str(alone[0][1]).encode())
            took = median([s for s, _ in with_trends])
            base_took = median([s for s, _ in alone])
            print(
                f"export {fmt}: {took:.3f} s, {size:,} bytes; without trends "
                f"{base_took:.3f} s, {base:,} bytes"
            )
            result(
                "trends_export",
                f"{fmt} export of the newest of {count:,} sessions (without trends)",
                f"{took:.3f} s, {size / 1024:,.1f} KiB ({base_took:.3f} s, {base / 1024:,.1f} KiB)",
            )

        index_path(sessions_dir()).unlink()
        seconds, _ = timed(lambda: render(record, "md"))
        print(f"export md with no index of the sessions (the cache deleted): {seconds:.2f} s")
        result(
            "trends_export",
            f"md export of the newest of {count:,} sessions, no sessions index yet",
            f"{seconds:.2f} s",
        )


if __name__ == "__main__":
    main()
