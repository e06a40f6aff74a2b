"""Money is exact: 万元 with at most six decimals, kept as integer fen, never a float."""
from decimal import Decimal

import pytest

from kjdesk.domain.errors import DomainError
from kjdesk.domain.money import fen_to_wan, fen_to_wan_str, wan_to_fen


def test_one_wan_is_a_million_fen():
    assert wan_to_fen("1") == 1_000_000


def test_six_decimals_of_wan_are_exact_to_the_fen():
    assert wan_to_fen("6112.47") == 6_112_470_000
    assert wan_to_fen("0.000001") == 1
    assert wan_to_fen(Decimal("262092")) == 262_092_000_000


def test_a_seventh_decimal_is_finer_than_a_fen_and_refused():
    with pytest.raises(DomainError, match="6 decimals"):
        wan_to_fen("0.0000001")


def test_negative_amounts_are_refused():
    with pytest.raises(DomainError, match="negative"):
        wan_to_fen("-5")


def test_floats_are_refused_because_they_are_not_exact():
    with pytest.raises(DomainError, match="not exact"):
        wan_to_fen(0.1)


def test_text_that_is_not_a_number_is_refused():
    with pytest.raises(DomainError, match="not an amount"):
        wan_to_fen("12万")


def test_fen_back_to_wan_keeps_every_digit_and_no_trailing_zeros():
    assert fen_to_wan(6_112_470_000) == Decimal("6112.47")
    assert fen_to_wan_str(262_092_000_000) == "262092"
    assert fen_to_wan_str(1) == "0.000001"
    assert fen_to_wan_str(0) == "0"


def test_an_amount_beyond_any_loan_is_refused_not_crashed_on():
    with pytest.raises(DomainError, match="beyond any loan"):
        wan_to_fen("1e30")
