"""Visit allowances (交通及误餐补贴, 管理办法 第八条): the rate per visit is data with the year it
takes effect; a visit counts once per case, specialist and day."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _


@dataclass(frozen=True)
class Visit:
    application_id: int
    specialist_id: int | None
    date: dt.date

    @property
    def key(self) -> tuple:
        return self.application_id, self.specialist_id, self.date


def yuan_to_fen(value, field: str = "per_visit") -> int:
    """An allowance in 元 (a whole number or with up to two decimals) as integer fen; a float, a
    negative amount or more than two decimals is refused naming ``field``."""
    if isinstance(value, (float, bool)):
        raise DomainError(_("{field}: {value} is not exact; write it as a decimal number").format(field=field, value=value))
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise DomainError(_("{field}: “{value}” is not an amount in CNY").format(field=field, value=value)) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("{field}: “{value}” is not an amount in CNY with at most two decimals").format(
            field=field, value=value))
    if amount < 0:
        raise DomainError(_("{field}: the allowance per visit cannot be below 0 ({value})").format(field=field, value=value))
    return int(amount * 100)


def fen_to_yuan(fen: int) -> Decimal:
    """Fen as an exact Decimal of 元: 50, 50.5, 1000."""
    return Decimal(fen) / 100


def rate_in_force(rates: dict[int, int], year: int) -> int:
    """The rate (fen per visit) of the latest first year not after ``year``."""
    years = [y for y in rates if y <= year]
    if not years:
        raise DomainError(_("no visit allowance rate is in force in {year}; add one to the allowance_rates sheet "
                            "of the exchange workbook").format(year=year))
    return rates[max(years)]
