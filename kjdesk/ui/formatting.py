"""Numbers, dates and 万元 amounts for the current UI language, through Babel.

Everything here is exact: amounts arrive as integer fen and go through Decimal, never float.
The Babel locale follows ``kjdesk.i18n.current_language()`` at call time, so a live language
switch only needs the screen to format again.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal as _babel_decimal

from kjdesk.domain.money import fen_to_wan
from kjdesk.i18n import _, current_language

# Babel's locale for each UI language.
_BABEL_LOCALE = {"zh_CN": "zh_CN", "en": "en_US"}
# Grouped thousands; as many decimals as the exact value needs (万元 has at most six).
_AMOUNT_PATTERN = "#,##0.######"


def babel_locale() -> str:
    return _BABEL_LOCALE.get(current_language(), "en_US")


def format_int(n: int | None) -> str:
    """A whole number with the locale's grouping: 200,000."""
    if n is None:
        return ""
    return _babel_decimal(n, format="#,##0", locale=babel_locale())


def format_decimal(value: Decimal | int | None) -> str:
    """An exact decimal with the locale's grouping and only the decimals it has."""
    if value is None:
        return ""
    return _babel_decimal(Decimal(value), format=_AMOUNT_PATTERN, locale=babel_locale())


def format_wan(fen: int | None, unit: bool = True) -> str:
    """Fen as 万元: "262,092.5 万元" in Chinese, "262,092.5 × 10k CNY" in English.

    ``unit=False`` gives the bare number, for table columns whose header names the unit
    (see ``wan_header``).
    """
    if fen is None:
        return ""
    number = format_decimal(fen_to_wan(fen))
    return _("{amount} (10k CNY)").format(amount=number) if unit else number


def wan_header(label: str) -> str:
    """A column header naming the 万元 unit: "Amount (10k CNY)" / "金额（万元）"."""
    return _("{label} (10k CNY)").format(label=label)


def format_date(d: dt.date | None) -> str:
    """A date the locale's way: "Feb 15, 2017" / "2017年2月15日"."""
    if d is None:
        return ""
    return _babel_date(d, format="medium", locale=babel_locale())
