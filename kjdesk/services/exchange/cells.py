"""Reading one cell: text, dates, 万元 amounts, yes/no, whole numbers and scores, exactly.

A spreadsheet reader hands over str, int, float, bool, date or datetime. Floats are never kept:
a number cell becomes ``Decimal(repr(value))`` (the shortest text that gives the same float, which is
what the user typed) and is then checked like text. Each parser returns the value or raises
CellProblem with the reason; a blank cell is None before any parser sees it.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from kjdesk.domain.allowances import yuan_to_fen
from kjdesk.domain.errors import DomainError
from kjdesk.domain.money import wan_to_fen
from kjdesk.i18n import _


class CellProblem(Exception):
    """Why a cell's value cannot be taken (already translated)."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


SHOWN_LENGTH = 100  # characters of a value a problem shows


def printable(text: str) -> str:
    """``text`` with every control, invisible or space character but the plain space escaped as Python writes it
    (``\\x1b``, ``\\u200b``, ``\\n``): a message shows what the file holds and never drives a terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def shown(value) -> str:
    """A cell's value as a problem report shows it: escaped (``printable``), and cut if long."""
    text = _shown(value)
    if len(text) > SHOWN_LENGTH:
        text = _("{start}… ({n} characters)").format(start=text[:SHOWN_LENGTH], n=len(text))
    return printable(text)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# Marks that change how text around them is shown (bidirectional overrides and isolates).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})


def text_problem(text: str, limit: int, code: bool) -> str | None:
    """Why a text cell cannot be taken, or None: longer than ``limit``; in a code or reference any
    invisible or control character, or a space other than the plain one (``A1`` and ``A1`` with a
    zero-width space would be two look-alike keys); in other text a control character (tab and line
    breaks aside) or a bidirectional override."""
    if len(text) > limit:
        return _("{n} characters; at most {limit} fit here").format(n=len(text), limit=limit)
    for position, ch in enumerate(text, start=1):
        if ch.isprintable() or ch == " ":
            continue
        if code and (unicodedata.category(ch) in _INVISIBLE or ch.isspace()):
            return _("character {n} is {char}, an invisible, control or space character, which a code "
                     "or reference may not hold; retype it").format(n=position, char=repr(ch)[1:-1])
        if ch in _BIDI or unicodedata.category(ch) == "Cc" and ch not in "\t\n\r":
            return _("character {n} is the control character {char}; remove it").format(
                n=position, char=repr(ch)[1:-1])
    return None


def parse_text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # A code typed into a number cell: 13800000000.0 is the text 13800000000.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return shown(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_date_cache: dict = {}


def parse_date(value) -> dt.date:
    """An Excel date or ISO ``YYYY-MM-DD`` text (2017/3/15 and 2017年3月15日 too); a day that does not
    exist (2017-02-30) is refused."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise CellProblem(_("a date has no time of day"))
        value = value.date()
    if isinstance(value, dt.date):
        return _date_cache.setdefault(value, value)  # one object per day: a million events share them
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellProblem(_("a number, not a date; format the cell as a date or write YYYY-MM-DD"))
    text = str(value).strip()
    cached = _date_cache.get(text)
    if cached is not None:
        return cached
    match = _DATE_TEXT.match(text)
    if not match:
        raise CellProblem(_("not a date; write YYYY-MM-DD"))
    try:
        day = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise CellProblem(_("there is no such day")) from None
    day = _date_cache.setdefault(day, day)
    if len(_date_cache) < 100_000:
        _date_cache[text] = day
    return day


# Commas only as thousands separators: "12,5" must not become 125.
_NUMBER_TEXT = re.compile(r"[+-]?(\d{1,3}([,，]\d{3})+|\d+)(\.\d*)?([eE][+-]?\d{1,3})?|[+-]?\.\d+")
# Beyond any figure an exchange workbook holds (amounts are capped far below), and small enough
# that no conversion of it can take long.
_LARGEST = Decimal(10) ** 15


def as_decimal(value) -> Decimal:
    """A number cell or text as an exact Decimal (float cells through their shortest repr)."""
    if isinstance(value, bool):
        raise CellProblem(_("not a number"))
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        text = str(value).strip()
        if not _NUMBER_TEXT.fullmatch(text):
            raise CellProblem(_("not a number (use . for decimals; a comma only between thousands)"))
        number = Decimal(text.replace(",", "").replace("，", ""))
    if not number.is_finite() or abs(number) >= _LARGEST:
        raise CellProblem(_("not a number in range"))
    return number


def parse_amount(value) -> int:
    """万元 with at most 6 decimals, not negative, as integer fen."""
    try:
        return wan_to_fen(as_decimal(value))
    except DomainError as exc:
        raise CellProblem(exc.message) from None


def parse_int(value) -> int:
    number = as_decimal(value)
    if number != number.to_integral_value():
        raise CellProblem(_("not a whole number"))
    return int(number)


def parse_score(value) -> Decimal:
    """A score: 0 to 110 (the largest sheet), at most two decimals."""
    number = as_decimal(value)
    if number != number.quantize(Decimal("0.01")):
        raise CellProblem(_("a score has at most two decimals"))
    if not Decimal(0) <= number <= Decimal(110):
        raise CellProblem(_("a score lies between 0 and 110"))
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def parse_rate(value) -> Decimal:
    """A share between 0 and 1 (0.5, or 50%), at most 6 decimals."""
    text = value.strip() if isinstance(value, str) else value
    percent = isinstance(text, str) and text.endswith("%")
    number = as_decimal(text[:-1] if percent else text)
    if percent:
        number /= 100
    if number != number.quantize(Decimal("0.000001")):
        raise CellProblem(_("a rate has at most 6 decimals (4 in percent)"))
    if not Decimal(0) <= number <= Decimal(1):
        raise CellProblem(_("a rate lies between 0 and 1 (0% and 100%)"))
    return number.normalize() if number else Decimal(0)


def parse_yuan(value) -> int:
    """元 with at most two decimals, not negative, as integer fen."""
    try:
        return yuan_to_fen(as_decimal(value), field="per_visit")
    except DomainError as exc:
        raise CellProblem(exc.message) from None


_YES = {"yes", "y", "true", "1", "是", "有"}
_NO = {"no", "n", "false", "0", "否", "无"}


def parse_yesno(value) -> bool:
    if isinstance(value, bool):
        return value
    text = parse_text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellProblem(_("write yes or no"))


PARSERS = {
    "text": parse_text,
    "date": parse_date,
    "amount": parse_amount,
    "int": parse_int,
    "score": parse_score,
    "rate": parse_rate,
    "yuan": parse_yuan,
    "yesno": parse_yesno,
}
