"""Loan amounts (whole 万元) that add up exactly to a published total."""
from __future__ import annotations

import random

from kjdesk.domain.money import FEN_PER_WAN



def split(rng: random.Random, n: int, total: int, lo: int, hi: int, step: int) -> list[int]:
    """``n`` amounts in [lo, hi], multiples of ``step`` but for one, that sum to ``total`` exactly.

    Drawn around the mean (so the spread looks like real loans), then nudged a step at a time.
    """
    if n == 0:
        if total:
            raise ValueError(f"no amounts can sum to {total}")
        return []
    if not n * lo <= total <= n * hi:
        raise ValueError(f"{n} amounts in [{lo}, {hi}] cannot sum to {total}")
    rest = total % step
    base = total - rest
    mean = base / n
    mode = min(max(3 * mean - lo - hi, lo), hi)
    values = [min(max(int(rng.triangular(lo, hi, mode)) // step * step, lo), hi) for _ in range(n)]
    diff = base - sum(values)
    while diff:
        i = rng.randrange(n)
        if diff > 0 and values[i] + step <= hi:
            values[i] += step
            diff -= step
        elif diff < 0 and values[i] - step >= lo:
            values[i] -= step
            diff += step
    if rest:
        fits = [i for i in range(n) if values[i] + rest <= hi]
        values[rng.choice(fits)] += rest
    return values


def district_amounts(rng: random.Random, passes: int, pass_total: int, approvals: int, approval_total: int,
                     early: int, lo: int = 100, hi: int = 1000, step: int = 50):
    """Split one district's 2017 passes and approvals into three groups of amounts.

    Returns (pairs, pass_only, early_approvals): ``pairs`` are (pass, approval) of cases passed and
    approved in 2017 (a bank approves the recommended amount or less), ``pass_only`` the passes not
    approved in 2017, ``early_approvals`` the approvals of cases passed in 2016.
    """
    approved = split(rng, approvals, approval_total, lo, hi, step)
    both = approvals - early
    only = passes - both
    mean = pass_total // passes
    for _attempt in range(500):
        early_ix = set(rng.sample(range(approvals), early))
        pairs_a = [a for i, a in enumerate(approved) if i not in early_ix]
        budget = pass_total - sum(pairs_a)
        # Whatever the pass-only cases would not plausibly take becomes "bank approved less".
        bumps = max(0, budget - only * mean) // step * step if only else budget
        if bumps < 0 or not only * lo <= budget - bumps <= only * hi:
            continue
        room = [hi - a for a in pairs_a]
        if bumps > sum(room):
            continue
        extra = [0] * both
        left = bumps
        while left:
            i = rng.randrange(both)
            add = min(step, left) if left % step == 0 or left < step else left % step
            if extra[i] + add <= room[i]:
                extra[i] += add
                left -= add
        pairs = [(a + x, a) for a, x in zip(pairs_a, extra)]
        pass_only = split(rng, only, budget - bumps, lo, hi, step)
        return pairs, pass_only, [approved[i] for i in sorted(early_ix)]
    raise ValueError("no plausible split of the district's amounts")


def largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    """``total`` shared out in proportion to ``weights``, in whole numbers (ties go to the earlier key)."""
    whole = sum(weights.values())
    shares = {k: total * w / whole for k, w in weights.items()}
    out = {k: int(v) for k, v in shares.items()}
    keys = list(weights)
    for k in sorted(shares, key=lambda k: (-(shares[k] - out[k]), keys.index(k)))[:total - sum(out.values())]:
        out[k] += 1
    return out


def requested_amount(rng: random.Random, passed_wan: int | None) -> int:
    """What the enterprise asked for, in fen: at least the amount that passed review, in round hundreds."""
    if passed_wan is None:
        return rng.choice((200, 300, 300, 500, 500, 800, 1000)) * FEN_PER_WAN
    return (-(-passed_wan // 100) * 100 + rng.choice((0, 0, 0, 100, 200))) * FEN_PER_WAN
