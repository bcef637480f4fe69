"""Open a session record for writing (taking its lock) and hold it.

Prints "locked" once the lock is held, then waits for a line on stdin, closes the
session and prints "closed". Used by test_storage to hold a lock from another process.

usage: python hold_session.py RECORD_PATH    ($WORKSHOP_HOME must name the data folder)
"""

from __future__ import annotations

import sys
from pathlib import Path

from workshop.storage import SessionFile


def main() -> None:
    session = SessionFile.open(Path(sys.argv[1]))
    print("locked", flush=True)
    sys.stdin.readline()
    session.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()
