"""Exact money. Amounts are kept as integer fen (分); documents speak in 万元 (10,000 CNY).

1 万元 = 10,000 元 = 1,000,000 分, so 万元 with at most six decimals is exact to the fen.
Nothing here ever touches float.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _

FEN_PER_WAN = 1_000_000
_WAN_QUANTUM = Decimal("0.000001")
# Far above any loan or subsidy, and far below what SQLite's integers hold in fen.
MAX_WAN = Decimal(1_000_000_000)


def wan_to_fen(value: object) -> int:
    """Parse an amount in 万元 (str, int or Decimal) into exact fen.

    Refuses floats (they are not exact), negative amounts and more than six decimals.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise DomainError(_("amount {value} is not exact; write it as a decimal number").format(value=value))
    if isinstance(value, int):
        dec = Decimal(value)
    elif isinstance(value, Decimal):
        dec = value
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        try:
            dec = Decimal(text)
        except InvalidOperation:
            raise DomainError(_("“{value}” is not an amount").format(value=value)) from None
    else:
        raise DomainError(_("“{value}” is not an amount").format(value=value))
    if not dec.is_finite():
        raise DomainError(_("“{value}” is not an amount").format(value=value))
    if dec < 0:
        raise DomainError(_("amount {value} is negative").format(value=value))
    if dec > MAX_WAN:
        raise DomainError(_("amount {value} is beyond any loan (at most {max} (10k CNY))").format(value=value, max=MAX_WAN))
    if dec != dec.quantize(_WAN_QUANTUM, rounding="ROUND_DOWN"):
        raise DomainError(
            _("amount {value} has more than 6 decimals of 10k CNY (finer than one fen)").format(value=value))
    return int(dec * FEN_PER_WAN)


def fen_to_wan(fen: int) -> Decimal:
    """Fen as an exact Decimal of 万元, without trailing zeros (12.5, not 12.500000)."""
    dec = (Decimal(fen) / FEN_PER_WAN).normalize()
    if dec.as_tuple().exponent > 0:  # normalize() writes 100 as 1E+2
        dec = dec.quantize(Decimal(1))
    return dec


def fen_to_wan_str(fen: int) -> str:
    """Fen as plain 万元 text: 262092, 6112.47, 0.000001."""
    return format(fen_to_wan(fen), "f")
