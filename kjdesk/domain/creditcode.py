"""The unified social credit code (统一社会信用代码, GB 32100-2015)."""
from __future__ import annotations

from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def check_char(first17: str) -> str:
    """The 18th character that makes ``first17`` a valid code."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid credit code, or None when it is."""
    if len(code) != 18:
        return _("a credit code has 18 characters, this one has {n}").format(n=len(code))
    for pos, ch in enumerate(code, start=1):
        if ch not in _VALUE:
            return _("character {pos} “{ch}” may not appear in a credit code").format(pos=pos, ch=ch)
    expected = check_char(code[:17])
    if code[17] != expected:
        return _("the check character is “{got}” but should be “{expected}”").format(
            got=code[17], expected=expected)
    return None


def normalize_credit_code(code: str) -> str:
    """Upper-case and strip ``code``, or raise DomainError with the reason it is invalid."""
    code = code.strip().upper()
    problem = credit_code_problem(code)
    if problem:
        raise DomainError(_("invalid credit code {code}: {reason}").format(code=code, reason=problem))
    return code
