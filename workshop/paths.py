"""Where workshop keeps its files: the data folder and the shipped agendas."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

HOME_ENV = "WORKSHOP_HOME"


def data_home() -> Path:
    """`$WORKSHOP_HOME` if set, else the platform's per-user data folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # here, not at the top: `workshop` starts before it is needed

    return platformdirs.user_data_path("workshop")


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
    """Create a folder readable only by its owner (records hold names and candid words).

    Every folder created on the way is user-only (`mkdir -p` would give the parents the
    default 0755), and inside the data folder every folder from the data folder down is
    made user-only if it is not already."""
    missing: list[Path] = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    home = data_home()
    chain = [path, *path.parents]
    if home in chain:
        for folder in chain[: chain.index(home) + 1]:
            _make_private(folder)
    else:
        _make_private(path)
    return path


def _make_private(folder: Path) -> None:
    try:
        st = folder.stat()
        if st.st_mode & 0o077 and st.st_uid == os.getuid():
            folder.chmod(0o700)
    except (OSError, AttributeError):  # not ours to change, or no getuid (Windows)
        pass
