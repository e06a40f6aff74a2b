"""Files written whole or not at all: a failure or a quit mid-write never destroys the old file."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def replacing(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; on success it replaces ``path`` in one step."""
    path = Path(path)
    part = path.with_name(f".{path.name}.part")
    try:
        yield part
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
