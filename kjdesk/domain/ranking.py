"""Competition ranking as the rubrics use it: equal figures share the better rank (1, 1, 3)."""
from __future__ import annotations

from typing import Hashable, Mapping, TypeVar

K = TypeVar("K", bound=Hashable)


def competition_ranks(figures: Mapping[K, object], *, descending: bool = True) -> dict[K, int]:
    """Rank every key by its figure; ties share the better rank and the next rank skips."""
    ordered = sorted(figures.items(), key=lambda kv: kv[1], reverse=descending)
    ranks: dict[K, int] = {}
    previous = object()
    rank = 0
    for position, (key, figure) in enumerate(ordered, start=1):
        if figure != previous:
            rank, previous = position, figure
        ranks[key] = rank
    return ranks
