"""What the benchmarks share: a throwaway data folder, plausible records, statistics, and
one line per figure that `run_all.py` collects into its summary table.

Every benchmark runs against a temporary $WORKSHOP_HOME that is deleted afterwards: the
user's own sessions and settings are never read or written.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AGENDA = REPO / "agendas" / "culture-of-service.toml"
PYTHON = sys.executable

#: Printed before each figure's JSON so that run_all.py can pick the figures out.
RESULT_PREFIX = "@benchmark "

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

NAMES = [f"Person {n:02d}" for n in range(40)]
WORDS = ["kind", "fast", "caring", "patient", "honest", "listening", "warm", "reliable"]


@contextmanager
def temp_home() -> Iterator[Path]:
    """A fresh, empty $WORKSHOP_HOME for the duration of the block, then deleted."""
    from workshop.paths import HOME_ENV

    folder = Path(tempfile.mkdtemp(prefix="workshop-bench-"))
    previous = os.environ.get(HOME_ENV)
    os.environ[HOME_ENV] = str(folder)
    try:
        yield folder
    finally:
        if previous is None:
            os.environ.pop(HOME_ENV, None)
        else:
            os.environ[HOME_ENV] = previous
        shutil.rmtree(folder, ignore_errors=True)


def make_record(entries: int, seed: int = 7, current_step: str = "icebreaker"):  # type: ignore[no-untyped-def]
    """A culture-of-service record holding `entries` entries of every kind of step:
    40% one-word, 20% list items, 25% prompt responses, 15% commitments."""
    from workshop.agenda import load_agenda
    from workshop.kinds.commitments import Commitment
    from workshop.kinds.list_items import ListItem
    from workshop.kinds.one_word import WordEntry
    from workshop.kinds.prompts import Response
    from workshop.record import SessionRecord

    rng = random.Random(seed)
    record = SessionRecord.start_new(load_agenda(AGENDA), organization="Harbour Hotel")
    record.created = T0
    record.current_step = current_step
    for name in NAMES:
        record.add_participant(name)
    words = int(entries * 0.40)
    items = int(entries * 0.20)
    responses = int(entries * 0.25)
    commitments = entries - words - items - responses
    at = T0
    icebreaker = record.result("icebreaker")
    for _ in range(words):
        at += timedelta(seconds=3)
        icebreaker.entries.append(
            WordEntry(
                person=rng.choice(NAMES),
                word=rng.choice(WORDS),
                tag=rng.choice(["ideal", "ideal", "today"]),
                at=at,
            )
        )
    values = record.result("values")
    for n in range(items):
        values.items.append(
            ListItem(
                text=f"Value number {n}",
                flags=["on the walls"] if n % 3 == 0 else [],
                votes={rng.choice(NAMES): rng.randint(1, 3)},
            )
        )
    prompt_steps = ["internal-customer", "know-each-other", "communication"]
    for n in range(responses):
        at += timedelta(seconds=5)
        record.result(prompt_steps[n % 3]).responses.append(
            Response(
                prompt=0,
                person=rng.choice(NAMES),
                text=f"Response {n}: we answer the phone within three rings",
                at=at,
            )
        )
    plan = record.result("commitments")
    for n in range(commitments):
        plan.items.append(
            Commitment(
                what=f"Commitment {n}: put the values on the wall",
                owner=rng.choice(NAMES),
                due=(T0 + timedelta(days=7 + n % 30)).date(),
            )
        )
    assert record.entry_count() == entries, (record.entry_count(), entries)
    return record


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100), linear between the nearest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def spread(values: list[float]) -> float:
    """Noise as (p90 - p10) / median: above ~0.5 a figure is worth measuring again."""
    mid = median(values)
    return (percentile(values, 90) - percentile(values, 10)) / mid if mid else 0.0


def result(
    benchmark: str, measure: str, figure: str, target: str = "", met: bool | None = None
) -> None:
    """One figure for the summary table (also readable as it is)."""
    row = {"benchmark": benchmark, "measure": measure, "figure": figure, "target": target}
    row["met"] = "" if met is None else ("yes" if met else "no")
    print(RESULT_PREFIX + json.dumps(row), flush=True)


def machine() -> str:
    """What the figures were measured on, for the record."""
    import platform

    import textual

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"Python {platform.python_version()}, Textual {textual.__version__}, "
        f"{os.cpu_count()} CPUs, load average {load:.2f}"
    )
