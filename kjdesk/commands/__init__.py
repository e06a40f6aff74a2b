"""Headless commands; each module registers its subcommand with ``register(subparsers, common)``."""
from __future__ import annotations

import argparse
import datetime as dt

from kjdesk.i18n import _


def iso_date(text: str) -> dt.date:
    """An option's date, YYYY-MM-DD (argparse ``type=``); a wrong one is refused naming the value."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“{value}” is not a date (YYYY-MM-DD)").format(value=text)) from None
