"""JSON for the headless commands: Decimals are written as exact JSON numbers, never via float."""
from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

_MARK = "\x00dec:"
_MARKED = re.compile(r'"\\u0000dec:(-?[0-9.]+)"')


def _default(value):
    if isinstance(value, Decimal):
        return _MARK + format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data) -> str:
    """``data`` as indented JSON, keeping Chinese readable and Decimals exact."""
    text = json.dumps(data, default=_default, ensure_ascii=False, indent=2)
    return _MARKED.sub(r"\1", text)
