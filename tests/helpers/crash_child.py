"""Add entries to a session record, saving after each one, until killed.

Prints "ready N" once the record is open (N entries so far), then the entry count after
every save that returned. Used by test_crash_safety, which SIGKILLs it at random moments.

usage: python crash_child.py RECORD_PATH [--hang-in-write]
    ($WORKSHOP_HOME must name the data folder.) With --hang-in-write, the first save
    stops for good just before its temporary file is renamed into place, after printing
    "writing N", so that a kill is sure to land in the middle of a save.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from workshop.kinds.list_items import ListItem
from workshop.storage import SessionFile

STEP = "values"  # a list step of the shipped agenda
PAYLOAD = 'Ünïcode ✓ 顧客 — مرحبا "quoted" \\ back\nslash\ttab 😀 '


def entry_id(n: int) -> str:
    return f"{n:08x}"


def entry_text(n: int) -> str:
    return f"entry {n}: {PAYLOAD * 3}"


def main() -> None:
    session = SessionFile.open(Path(sys.argv[1]))
    if "--hang-in-write" in sys.argv:
        replace = os.replace

        def hang(src: str, dst: str) -> None:
            print(f"writing {len(items)}", flush=True)
            time.sleep(3600)
            replace(src, dst)

        os.replace = hang  # type: ignore[assignment]
    items = session.record.result(STEP).items  # type: ignore[union-attr]
    print(f"ready {len(items)}", flush=True)
    while True:
        n = len(items) + 1
        items.append(ListItem(id=entry_id(n), text=entry_text(n)))
        session.save()
        print(n, flush=True)


if __name__ == "__main__":
    main()
