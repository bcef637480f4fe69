"""`workshop check` on the corpus of malformed files: exit 1, a precise message, no traceback.

Every file in tests/data/bad/ has an entry in tests/data/bad/EXPECTED.toml with the
fragment its message must contain and, where it is meaningful, the line it must name.
The installed command is run in a subprocess, as a user would run it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
AGENDAS = REPO / "agendas"
BAD = REPO / "tests" / "data" / "bad"
GOOD_RECORD = REPO / "tests" / "data" / "good-record.toml"
EXPECTED: dict[str, dict[str, object]] = tomllib.loads(
    (BAD / "EXPECTED.toml").read_text(encoding="utf-8")
)
CORPUS = sorted(p.name for p in BAD.iterdir() if p.is_file() and p.name != "EXPECTED.toml")
SHIPPED = sorted(AGENDAS.glob("*.toml"))


def _script() -> Path | None:
    """The `workshop` console script installed next to this Python, if there is one."""
    folder = Path(sys.executable).parent
    for name in ("workshop", "workshop.exe"):
        if (folder / name).is_file():
            return folder / name
    return None


def check(*files: Path | str, script: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `workshop check FILES...` from the repository folder."""
    if script:
        found = _script()
        assert found is not None, "the workshop console script is not installed"
        command = [str(found)]
    else:
        command = [sys.executable, "-m", "workshop"]
    return subprocess.run(
        [*command, "check", *map(str, files)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=os.environ.copy(),
    )


def rel(name: str) -> str:
    """The file as `check` names it: relative to the repository folder."""
    return str(Path("tests") / "data" / "bad" / name)


def problem_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def _params() -> list[object]:
    params = []
    for name in CORPUS:
        reason = EXPECTED.get(name, {}).get("xfail")
        marks = [pytest.mark.xfail(reason=str(reason), strict=True)] if reason else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


def test_corpus_is_big_enough_and_fully_described() -> None:
    assert len(CORPUS) >= 24
    assert sorted(EXPECTED) == CORPUS, "every bad file needs exactly one entry in EXPECTED.toml"
    kinds = {name.split("-", 1)[0] for name in CORPUS}
    assert kinds == {"agenda", "record"}


def assert_reported(name: str, result: subprocess.CompletedProcess[str]) -> None:
    expected = EXPECTED[name]
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 1, output
    assert not result.stdout.strip(), "a bad file must not be reported as ok"
    lines = problem_lines(result)
    assert lines, "no problem was reported"
    for line in lines:
        # Each problem line names exactly this file, then where, then what.
        assert line.startswith(rel(name) + ":"), line
        assert line.count(name) == 1, line
    fragment = str(expected["fragment"])
    matching = [line for line in lines if fragment in line]
    assert matching, f"{fragment!r} not in:\n{result.stderr}"
    if "line" in expected:
        place = f"{rel(name)}:{expected['line']}:"
        if "column" in expected:
            place = f"{rel(name)}:{expected['line']}:{expected['column']}:"
        assert any(line.startswith(place) for line in matching), (
            f"expected {place!r} in:\n{result.stderr}"
        )


@pytest.mark.parametrize("name", _params())
def test_bad_file_is_reported(name: str) -> None:
    assert_reported(name, check(BAD / name))


@pytest.mark.parametrize("name", ["agenda-minutes-zero.toml", "record-newer-schema.toml"])
def test_console_script_reports_too(name: str) -> None:
    assert_reported(name, check(BAD / name, script=True))


def test_console_script_is_installed() -> None:
    assert _script() is not None


def test_shipped_agendas_check_clean() -> None:
    result = check(*SHIPPED)
    assert result.returncode == 0, result.stderr
    assert not result.stderr
    assert len(result.stdout.splitlines()) == len(SHIPPED)
    assert all(line.startswith("ok  ") for line in result.stdout.splitlines())


def test_shipped_agendas_check_clean_via_script() -> None:
    result = check(*SHIPPED, script=True)
    assert result.returncode == 0, result.stderr


def test_good_record_checks_clean() -> None:
    result = check(GOOD_RECORD)
    assert result.returncode == 0, result.stderr
    assert "session 'A small session', 1 entries" in result.stdout


def test_mix_of_good_and_bad_reports_every_problem_once() -> None:
    bad = ["agenda-empty.toml", "agenda-minutes-zero.toml", "record-newer-schema.toml"]
    files = [SHIPPED[0], *(BAD / name for name in bad), GOOD_RECORD, SHIPPED[-1]]
    result = check(*files)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    ok = result.stdout.splitlines()
    assert len(ok) == 3
    assert all(line.startswith("ok  ") for line in ok)
    # One line per problem: the same lines, in order, as checking each bad file alone.
    alone = [line for name in bad for line in problem_lines(check(BAD / name))]
    assert problem_lines(result) == alone
    assert len(alone) == 3  # one line each, the empty agenda's too


def test_all_bad_files_at_once() -> None:
    result = check(*(BAD / name for name in CORPUS))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert not result.stdout.strip()
    lines = problem_lines(result)
    named = {name for name in CORPUS if any(line.startswith(rel(name) + ":") for line in lines)}
    assert named == set(CORPUS)


def test_missing_file_and_folder() -> None:
    result = check("no-such-agenda.toml", "tests")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = problem_lines(result)
    assert lines == [
        "no-such-agenda.toml: no such file",
        "tests: is a folder, not a file",
    ]


def test_unreadable_file(tmp_path: Path) -> None:
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("needs a POSIX user that file permissions apply to")
    path = tmp_path / "secret.toml"
    path.write_text((AGENDAS / "follow-up.toml").read_text(encoding="utf-8"), encoding="utf-8")
    path.chmod(0)
    result = check(path)
    assert result.returncode == 1
    assert "permission denied" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_files_is_a_usage_error() -> None:
    result = check()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("text", ["", "\n  \n\t\n", "# just a comment\n\n# and another\n"])
def test_an_empty_file_is_one_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.toml"
    path.write_text(text, encoding="utf-8")
    result = check(path)
    assert result.returncode == 1
    (line,) = problem_lines(result)
    assert line.endswith("empty.toml: is empty (an agenda needs an id, a title and steps)")


@pytest.mark.parametrize(
    "key",
    ["schema_version = 1", 'current_step = "words"', '[agenda]\nid = "x"', "[results]"],
)
def test_a_file_with_any_record_key_is_checked_as_a_record(tmp_path: Path, key: str) -> None:
    path = tmp_path / "thing.toml"
    path.write_text(f'title = "Something"\n{key}\n', encoding="utf-8")
    lines = problem_lines(check(path))
    assert lines
    # Never judged as an agenda: no complaint about the record's own fields being unknown.
    assert not any("is not a known field here" in line for line in lines), lines
    if "schema_version" not in key:
        assert lines == [
            f"{path}: schema_version: is not a workshop session record (no schema_version)"
        ]


def test_an_agenda_key_that_is_not_a_table_is_still_an_agenda(tmp_path: Path) -> None:
    path = tmp_path / "odd.toml"
    path.write_text('id = "odd"\ntitle = "Odd"\nagenda = "x"\n', encoding="utf-8")
    lines = problem_lines(check(path))
    assert any(line.endswith("steps: is required but missing") for line in lines), lines
