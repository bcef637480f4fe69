"""`workshop export`, `workshop trends` and the `workshop sessions` filters, from the CLI.

Through `workshop.cli.main([...])`, and once through the installed `workshop` command.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import T0
from fixed_records import RECORD_ID, fixed_record, previous_record, write

from workshop.blocks import CSV_COLUMNS
from workshop.cli import main
from workshop.record import SessionRecord

pytestmark = pytest.mark.usefixtures("local_time_is_utc")


@pytest.fixture
def saved() -> Path:
    """The fixed record and the organization's earlier one, in the sessions folder."""
    write(previous_record())
    return write(fixed_record())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["md", "csv", "html"])
def test_export_writes_beside_the_record(
    capsys: pytest.CaptureFixture[str], saved: Path, fmt: str
) -> None:
    before = saved.read_bytes()
    code, out, err = run(capsys, "export", RECORD_ID, "--format", fmt)
    expected = saved.with_suffix(f".{fmt}")
    assert (code, err) == (0, "")
    assert out.strip() == str(expected)
    assert expected.is_file() and expected.stat().st_size > 0
    assert expected.stat().st_mode & 0o077 == 0  # private, like the record
    assert saved.read_bytes() == before


def test_export_by_id_prefix_and_by_path(capsys: pytest.CaptureFixture[str], saved: Path) -> None:
    assert run(capsys, "export", RECORD_ID[:5])[0] == 0
    assert saved.with_suffix(".md").is_file()  # md is the default
    assert run(capsys, "export", str(saved), "--format", "csv")[0] == 0
    assert saved.with_suffix(".csv").is_file()


def test_export_to_a_file_a_folder_and_stdout(
    capsys: pytest.CaptureFixture[str], saved: Path, tmp_path: Path
) -> None:
    target = tmp_path / "summary.html"
    code, out, _ = run(capsys, "export", RECORD_ID, "-o", str(target))
    assert code == 0 and out.strip() == str(target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")  # from the suffix

    folder = tmp_path / "out"
    folder.mkdir()
    code, out, _ = run(capsys, "export", RECORD_ID, "--format", "csv", "-o", str(folder))
    assert code == 0 and Path(out.strip()) == folder / saved.with_suffix(".csv").name

    code, out, err = run(capsys, "export", RECORD_ID, "--format", "csv", "-o", "-")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == list(CSV_COLUMNS) and len(rows) > 10


def test_export_private_notes_only_when_asked(
    capsys: pytest.CaptureFixture[str], saved: Path
) -> None:
    _, out, _ = run(capsys, "export", RECORD_ID, "-o", "-")
    assert "Winter staffing" not in out
    _, out, _ = run(capsys, "export", RECORD_ID, "-o", "-", "--private")
    assert "Winter staffing" in out and "**Private:**" in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["export", "ffffffff"], "no session with id 'ffffffff'"),
        (["export", "/nowhere/at/all.toml"], "no such session file"),
        (["export", ""], "give the session to export"),
        (["export", RECORD_ID, "--format", "pdf"], "--format must be one of md, csv, html"),
        (["export", RECORD_ID, "-o", "{missing}/x.md"], "no such folder"),
        (["export", RECORD_ID, "-o", "{record}"], "refusing to overwrite the session record"),
        (["export", RECORD_ID, "-o", "{tmp}/other.toml"], "not a .toml file"),
        (["trends", "Nobody Inc"], "no sessions for the organization 'Nobody Inc'; known: Acme"),
        (["trends", "  "], "give an organization"),
        (["trends", "Acme Clinic", "--format", "csv"], "--format must be md"),
        (["sessions", "--since", "23/11/2026"], "--since needs a date such as 2026-11-01"),
        (["sessions", "--status", "done"], "--status must be in-progress or finished"),
    ],
)
def test_bad_input_is_one_clear_line(
    capsys: pytest.CaptureFixture[str],
    saved: Path,
    tmp_path: Path,
    argv: list[str],
    says: str,
) -> None:
    argv = [a.format(missing=tmp_path / "missing", record=saved, tmp=tmp_path) for a in argv]
    before = sorted(p.name for p in saved.parent.iterdir())
    record_bytes = saved.read_bytes()
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.startswith("workshop: ") and err.count("\n") == 1, err
    assert says in err
    assert "Traceback" not in err
    assert sorted(p.name for p in saved.parent.iterdir()) == before  # nothing written
    assert saved.read_bytes() == record_bytes
    assert not (tmp_path / "missing").exists() and not (tmp_path / "other.toml").exists()


def test_export_never_overwrites_the_record(
    capsys: pytest.CaptureFixture[str], saved: Path, tmp_path: Path
) -> None:
    before = saved.read_bytes()
    link = tmp_path / "record-link.md"
    link.symlink_to(saved)
    code, _, err = run(capsys, "export", RECORD_ID, "-o", str(link))
    assert code == 1 and "refusing to overwrite the session record itself" in err
    assert saved.read_bytes() == before


# -------------------------------------------------------------------------------- sessions


@pytest.fixture
def many() -> list[SessionRecord]:
    """Five sessions of three organizations, two agendas, both statuses, over two months."""
    records = []
    specs = [
        ("Acme Clinic", "Kick-off", "finished", 60),
        ("acme  clinic", "Follow-up one", "finished", 30),
        ("Acme Clinic", "Follow-up two", "in-progress", 0),
        ("Northside Library", "Values day", "finished", 10),
        ("Harbour Hotel", "Front desk study", "in-progress", 5),
    ]
    for index, (org, title, status, days_ago) in enumerate(specs):
        record = fixed_record()
        record.id = f"{index + 1:08x}"
        record.title = title
        record.organization = org
        record.status = status
        record.created = record.started = T0 - timedelta(days=days_ago)
        if title == "Front desk study":
            update = {"id": "interaction-study", "title": "Interaction study"}
            record.agenda = record.agenda.model_copy(update=update)
        write(record)
        records.append(record)
    return records


def listed(capsys: pytest.CaptureFixture[str], *filters: str) -> list[str]:
    code, out, err = run(capsys, "sessions", "--json", *filters)
    assert (code, err) == (0, "")
    return [s["title"] for s in json.loads(out)]


@pytest.mark.usefixtures("many")
@pytest.mark.parametrize(
    ("filters", "titles"),
    [
        ([], ["Follow-up two", "Front desk study", "Values day", "Follow-up one", "Kick-off"]),
        (["--org", "ACME clinic"], ["Follow-up two", "Follow-up one", "Kick-off"]),
        (["--org", "north"], ["Values day"]),
        (["--status", "in-progress"], ["Follow-up two", "Front desk study"]),
        (["--status", "finished", "--org", "acme"], ["Follow-up one", "Kick-off"]),
        (["--agenda", "interaction-study"], ["Front desk study"]),
        (["--since", "2026-11-13"], ["Follow-up two", "Front desk study", "Values day"]),
        (["--since", "2026-11-23"], ["Follow-up two"]),
        (["--search", "FRONT"], ["Front desk study"]),
        (["--search", "harbour"], ["Front desk study"]),
        (["--search", "every kind"], ["Follow-up two", "Values day", "Follow-up one", "Kick-off"]),
        (["--search", "nothing like it"], []),
    ],
)
def test_sessions_filters(
    capsys: pytest.CaptureFixture[str], filters: list[str], titles: list[str]
) -> None:
    assert listed(capsys, *filters) == titles


@pytest.mark.usefixtures("many")
def test_sessions_filters_in_the_plain_listing(
    capsys: pytest.CaptureFixture[str], workshop_home: Path
) -> None:
    (workshop_home / "sessions" / "broken.toml").write_text("not = [toml", encoding="utf-8")
    code, out, _ = run(capsys, "sessions")
    assert code == 0 and "broken.toml: broken: line 1: TOML syntax" in out  # unfiltered: every file
    code, out, _ = run(capsys, "sessions", "--org", "harbour")
    assert code == 0 and "broken.toml" not in out
    assert out.count("\n") == 1 and "Front desk study — Harbour Hotel" in out
    code, out, _ = run(capsys, "sessions", "--org", "nobody")
    assert code == 0 and out.startswith("no sessions match (of 6 in ")


# ---------------------------------------------------------------------------------- trends


def test_trends_command(capsys: pytest.CaptureFixture[str], saved: Path) -> None:
    code, out, err = run(capsys, "trends", "acme clinic")
    assert (code, err) == (0, "")
    assert out.startswith("# Trends for Acme Clinic\n")
    assert "| 2026-10-19 | Service culture, round one |" in out
    assert "| all sessions | 5 | 3 | 2 | 0 | 2 | 40% |" in out


# ------------------------------------------------------------------- the installed command


def installed_workshop() -> str | None:
    beside = Path(sys.executable).parent / "workshop"
    return str(beside) if beside.exists() else shutil.which("workshop")


def test_installed_command_exports(saved: Path, workshop_home: Path, tmp_path: Path) -> None:
    command = installed_workshop()
    if command is None:
        pytest.skip("the workshop command is not installed in this environment")
    env = {**os.environ, "WORKSHOP_HOME": str(workshop_home), "TZ": "UTC"}
    done = subprocess.run(
        [command, "export", RECORD_ID, "--format", "csv", "-o", "-", "--private"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"session,step_id,") and b"\r\n" in done.stdout
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"), newline="")))
    assert rows[1][:3] == [RECORD_ID, "briefing", "notes"]

    done = subprocess.run(
        [command, "export", "deadbeef"], capture_output=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 1 and done.stdout == b""
    assert done.stderr.decode() == (
        "workshop: no session with id 'deadbeef' (see `workshop sessions`)\n"
    )

    done = subprocess.run(
        [command, "export", RECORD_ID, "-o", str(tmp_path / "page.html")],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.decode().strip() == str(tmp_path / "page.html")
