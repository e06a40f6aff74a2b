"""Bugs are logged with their trace to a rotating file in the user's log folder."""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def log_path() -> Path:
    from platformdirs import user_log_path

    return user_log_path("kjdesk", appauthor=False) / "kjdesk.log"


def setup_logging() -> Path | None:
    """Send kjdesk's warnings and errors to the log file; None if the folder cannot be written."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("kjdesk")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return path
