"""Files written whole or not at all: a failure, a full disk or a kill mid-write never destroys the
old file and never leaves a partial one under the real name."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def fsync_dir(folder: str | os.PathLike) -> None:
    """Make a rename in ``folder`` durable (a power cut after os.replace may otherwise undo it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # a platform or file system whose folders cannot be opened: nothing more to do
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def publish(part: str | os.PathLike, path: str | os.PathLike) -> None:
    """Flush a finished temporary file to disk, rename it over ``path``, and flush the folder."""
    with open(part, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(part, path)
    fsync_dir(Path(path).parent)


@contextmanager
def replacing(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; on success it replaces ``path`` in one step."""
    path = Path(path)
    part = path.with_name(f".{path.name}.part")
    try:
        yield part
        publish(part, path)
    finally:
        part.unlink(missing_ok=True)
