"""Where workshop keeps its files: the data folder and the shipped agendas."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "WORKSHOP_HOME"


def data_home() -> Path:
    """`$WORKSHOP_HOME` if set, else the platform's per-user data folder."""
    override = os.environ.get(HOME_ENV)
    return Path(override).expanduser() if override else platformdirs.user_data_path("workshop")


def sessions_dir() -> Path:
    return data_home() / "sessions"


def user_agendas_dir() -> Path:
    return data_home() / "agendas"


def locks_dir() -> Path:
    return data_home() / "locks"


def cache_dir() -> Path:
    """What workshop can rebuild at any time (the index of session summaries)."""
    return data_home() / "cache"


def shipped_agendas_dir() -> Path:
    """The agendas that come with workshop: inside the installed package, or the checkout's."""
    packaged = Path(__file__).parent / "agendas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "agendas"


def ensure_private_dir(path: Path) -> Path:
    """Create a folder readable only by its owner (records hold names and candid words)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
