"""The unified social credit code check of GB 32100-2015."""
import pytest

from kjdesk.domain.creditcode import ALPHABET, check_char, credit_code_problem, normalize_credit_code
from kjdesk.domain.errors import DomainError


def test_the_documented_example_is_valid():
    assert credit_code_problem("91350100M000100Y43") is None


def test_the_documented_invalid_example_is_refused():
    assert "character 18 “Z”" in credit_code_problem("91350100M000100Y4Z")


def test_a_wrong_check_character_is_refused_with_the_expected_one():
    problem = credit_code_problem("91350100M000100Y44")
    assert "“4”" in problem and "“3”" in problem


def test_a_code_must_have_18_characters():
    assert "17" in credit_code_problem("91350100M000100Y4")


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_outside_the_alphabet_are_refused(letter):
    assert f"character 8 “{letter}”" in credit_code_problem("9135010" + letter + "M000100Y40")


@pytest.mark.parametrize("prefix", ["N1", "A1", "12", "Y1"])
def test_any_first_two_characters_of_the_alphabet_are_allowed(prefix):
    body = prefix + "310000MA1FL0000"
    assert credit_code_problem(body + check_char(body)) is None


def test_check_character_follows_the_weighted_sum_mod_31():
    body = "91310000MA1FL8XQ3"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, weights))
    assert check_char(body) == ALPHABET[(31 - total % 31) % 31]


def test_normalize_upper_cases_and_strips_or_raises_the_reason():
    assert normalize_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    with pytest.raises(DomainError, match="check character"):
        normalize_credit_code("91350100M000100Y44")
