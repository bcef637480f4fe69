"""A facilitator's whole day through the installed `workshop`, in a real terminal (tmux).

Issue 16's day, with none of its stumbles: `run` with a title, organization and
facilitator; words typed (one person passes, one answers in two words) and commitments
with typed due dates; the session finished by key; exported from the command line; the
follow-up started from the command line, inheriting the organization and facilitator;
commitments marked in its review; and `workshop trends` showing that review.

The screens are matched on stable text; what was committed is judged from the records.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from test_e2e_terminal import (  # the private tmux server and its panes
    START_TIMEOUT,
    STEP_TIMEOUT,
    WORKSHOP,
    Pane,
    Tmux,
    assert_clean_exit,
    tmux,  # noqa: F401 (the fixture)
)

from workshop.catalog import list_sessions
from workshop.storage import load_record

ORG, FACILITATOR = "Acme Clinic", "Fay Lindqvist"


def workshop(home: Path, *args: str) -> str:
    """The installed command, as a user runs it; its output (it must succeed)."""
    done = subprocess.run(
        [str(WORKSHOP), *args],
        env={"WORKSHOP_HOME": str(home), "PATH": "/usr/bin:/bin", "TZ": "UTC"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
    return done.stdout


def settle() -> None:
    """Let a frame arrive in full before the next key (the app reads keys in order; the
    pause is for reading the screen, not for correctness)."""
    time.sleep(0.15)


def fill(pane: Pane, *fields: str) -> None:
    """Type each field and press Enter, as fast as tmux sends them."""
    for text in fields:
        if text:
            pane.type(text)
        pane.press("Enter")


def test_a_whole_day_from_run_to_trends(tmux: Tmux, workshop_home: Path) -> None:  # noqa: F811
    with tmux.screens_on_failure():
        # -- the workshop ----------------------------------------------------------------
        pane = tmux.start(
            "day",
            workshop_home,
            "run",
            "culture-of-service",
            "--title",
            "Service day",
            "--organization",
            ORG,
            "--facilitator",
            FACILITATOR,
        )
        pane.wait_for(lambda s: "Leader briefing" in s, START_TIMEOUT, "the first step")
        pane.press("C-n")
        pane.wait_for(lambda s: "One word for service" in s, what="the icebreaker")
        settle()
        # Ana, Ben in two words, Cy passes (Enter on no word), Dee.
        fill(pane, "Ana", "kind", "Ben", "on time", "Cy", "", "Dee", "warm")
        [session] = list_sessions()
        path = session.path
        pane.wait_until(
            lambda: len(load_record(path).result("icebreaker").entries) == 3,  # type: ignore[union-attr]
            STEP_TIMEOUT,
            "three words saved",
        )

        # Go to the last step by its number (Ctrl+G, 8).
        pane.press("C-g")
        pane.wait_for(lambda s: "What we commit to" in s or "Go to" in s, what="the step list")
        settle()
        pane.type("8")
        pane.wait_for(lambda s: "What will be done" in s, what="the commitments step")
        settle()
        fill(pane, "Thank-you cards", "Ana", "fri", "Stand-up at 8:15", "Ben", "next week")
        pane.wait_until(
            lambda: len(load_record(path).result("commitments").items) == 2,  # type: ignore[union-attr]
            STEP_TIMEOUT,
            "two commitments saved",
        )
        # Finish by key: Ctrl+N on the last step asks for it again, then finishes.
        pane.press("C-n")
        pane.wait_for(lambda s: "again" in s, what="the finish hint")
        pane.press("C-n")
        pane.wait_until(
            lambda: load_record(path).status == "finished", STEP_TIMEOUT, "the session finished"
        )
        pane.press("C-q")
        assert_clean_exit(pane)

        first = load_record(path)
        assert (first.title, first.organization, first.facilitator) == (
            "Service day",
            ORG,
            FACILITATOR,
        )
        words = [(e.person, e.word) for e in first.result("icebreaker").entries]  # type: ignore[union-attr]
        assert words == [("Ana", "kind"), ("Ben", "on time"), ("Dee", "warm")]
        assert first.participants == ["Ana", "Ben", "Dee"]  # Cy passed: no word, not counted

        # -- the exports, from the command line ----------------------------------------------
        workshop(workshop_home, "export", first.id, "--format", "md")
        workshop(workshop_home, "export", first.id, "--format", "html")
        summary = path.with_suffix(".md").read_text(encoding="utf-8")
        assert "Thank-you cards" in summary and "on time" in summary
        assert "<svg" in path.with_suffix(".html").read_text(encoding="utf-8")

        # -- the follow-up, weeks later: organization and facilitator inherited -------------
        follow = tmux.start("follow", workshop_home, "run", "follow-up", "--follows", first.id)
        follow.wait_for(
            lambda s: "Thank-you cards" in s and "Stand-up" in s,
            START_TIMEOUT,
            "the review listing the commitments",
        )
        settle()
        follow.press("Home")
        follow.type("d")  # the first: done
        follow.press("Down")
        follow.type("x")  # the second: dropped
        second_path = next(s.path for s in list_sessions() if s.path != path)
        follow.wait_until(
            lambda: (
                [
                    i.status
                    for i in load_record(second_path).result("review").items  # type: ignore[union-attr]
                ]
                == ["done", "dropped"]
            ),
            STEP_TIMEOUT,
            "the review marked",
        )
        follow.press("C-q")
        assert_clean_exit(follow)
        second = load_record(second_path)
        assert (second.organization, second.facilitator, second.follows) == (
            ORG,
            FACILITATOR,
            first.id,
        )

        # -- trends see the review ----------------------------------------------------------
        trends = workshop(workshop_home, "trends", ORG)
        assert "Service day" in trends
        # Made 2, done 1 (on time), dropped 1, none still open: as the review marked them
        # (before, a follow-up run from the command line had no organization: 0 done).
        totals = next(line for line in trends.splitlines() if line.startswith("| all sessions"))
        cells = [cell.strip() for cell in totals.strip("|").split("|")]
        assert cells[1:6] == ["2", "1", "1", "1", "0"], trends
