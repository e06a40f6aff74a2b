"""The rules a rubric item can name, with their parameters: how a figure becomes a score.

A rule scores every subject of a sheet at once (ranking rules need them all) and returns, beside
each score, the figures it used (``shown``), so the sheet can say why. Scores are exact: rank
bands can give thirds, so a rule returns a Fraction and the engine rounds each item to 0.01
(half up) — the printed items then add up to the printed total.

Ranking everywhere (kjdesk.domain.ranking): equal figures share the better rank and the next rank
skips; a subject whose figure is 0 scores 0 and takes no rank.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Callable

from kjdesk.assessment.figures import FIGURES
from kjdesk.domain.money import FEN_PER_WAN
from kjdesk.domain.ranking import competition_ranks
from kjdesk.i18n import _

Shown = dict  # figure name → value (int, Decimal, str or None), JSON-ready


@dataclass
class Outcome:
    score: Fraction
    shown: Shown


def _num(value) -> Fraction:
    return Fraction(Decimal(str(value)))


def _ranks(figures: dict[str, object]) -> dict[str, int]:
    """Competition ranks of the subjects whose figure is above 0."""
    return competition_ranks({code: f for code, f in figures.items() if f and f > 0})


def _step_down(rank: int, first, step, floor=0, least=None) -> Fraction:
    score = max(_num(floor), _num(first) - (rank - 1) * _num(step))
    return max(score, _num(least)) if least is not None else score


def _pct(part: Fraction) -> Decimal:
    """A ratio as a percentage with two decimals (for showing only; scoring uses the exact ratio)."""
    return round_score(part * 100)


def round_score(value: Fraction) -> Decimal:
    """Half up to 0.01, exactly (no float, no intermediate Decimal rounding)."""
    hundredths = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(hundredths).scaleb(-2)


# Each rule: (subjects' figures by code, params, item max, manual entries by code) → Outcome by code.
def deduction(figs, p, maximum, entries, year=None):
    return {c: Outcome(max(Fraction(0), _num(maximum) - _num(p["per"]) * f[p["figure"]]), {p["figure"]: f[p["figure"]]})
            for c, f in figs.items()}


def manual(figs, p, maximum, entries, year=None):
    return {c: Outcome(_num(entries[c]) if c in entries else Fraction(0), {"entered": entries.get(c)}) for c in figs}


def tiered_count(figs, p, maximum, entries, year=None):
    t, low, high = p["threshold"], _num(p["low"]), _num(p["high"])
    out = {}
    for c, f in figs.items():
        n = f[p["figure"]]
        score = low * n if n <= t else low * t + high * (n - t)
        out[c] = Outcome(min(score, _num(maximum)), {p["figure"]: n})
    return out


def weighted_count(figs, p, maximum, entries, year=None):
    return {c: Outcome(min(_num(maximum), sum((_num(w) * f[name] for name, w in p["weights"].items()), Fraction(0))),
                       {name: f[name] for name in p["weights"]})
            for c, f in figs.items()}


def per_count(figs, p, maximum, entries, year=None):
    return {c: Outcome(min(_num(maximum), _num(p["per"]) * f[p["figure"]]), {p["figure"]: f[p["figure"]]})
            for c, f in figs.items()}


def rank_bands(figs, p, maximum, entries, year=None):
    """Bands [a, b, hi, lo]: rank r in a..b scores hi − (r − a)(hi − lo)/(b − a); b = 0 means the last
    rank, the worst competition rank given (with ties at the bottom, less than the number ranked)."""
    figure = p["figure"]
    ranks = _ranks({c: f[figure] for c, f in figs.items()})
    last = max(ranks.values(), default=0)
    out = {}
    for c, f in figs.items():
        rank, score = ranks.get(c), Fraction(0)
        if rank is not None:
            for a, b, hi, lo in p["bands"]:
                b = b or last
                if a <= rank <= b:
                    score = _num(hi) if a == b else _num(hi) - (rank - a) * (_num(hi) - _num(lo)) / (b - a)
                    break
        out[c] = Outcome(score, {figure: f[figure], "rank": rank, "ranked": len(ranks)})
    return out


def rank_step(figs, p, maximum, entries, year=None):
    figure = p["figure"]
    ranks = _ranks({c: f[figure] for c, f in figs.items()})
    out = {}
    for c, f in figs.items():
        rank = ranks.get(c)
        score = _step_down(rank, p["first"], p["step"], p.get("floor", 0), p.get("least")) if rank else Fraction(0)
        out[c] = Outcome(score, {figure: f[figure], "rank": rank, "ranked": len(ranks)})
    return out


def manual_if_grew(figs, p, maximum, entries, year=None):
    """The entered score, but 0 for a subject whose figure did not grow, whatever was entered."""
    out = {}
    for c, f in figs.items():
        now, before = f[p["figure"]], f[p["previous"]]
        grew = now > before
        rate = _pct(Fraction(now - before, before)) if before else None
        entered = entries.get(c)
        score = _num(entered) if grew and entered is not None else Fraction(0)
        out[c] = Outcome(score, {p["figure"]: now, p["previous"]: before, "growth_pct": rate, "grew": grew,
                                 "entered": entered})
    return out


def rate_times_volume(figs, p, maximum, entries, year=None):
    """A × B: A by the rate numerator ÷ denominator in bands, B by the numerator's count in bands."""
    out = {}
    for c, f in figs.items():
        h, d = f[p["numerator"]], f[p["denominator"]]
        shown = {p["numerator"]: h, p["denominator"]: d, "rate_pct": None, "a": None, "b": None}
        if not h or not d:
            out[c] = Outcome(Fraction(0), shown)
            continue
        rate = Fraction(h, d)
        below = max(0, math.ceil((_num(p["rate_top"]) - rate) / _num(p["rate_band"])))
        a = max(_num(p["a_least"]), _num(p["a_top"]) - below * _num(p["a_step"]))
        below = max(0, math.ceil(Fraction(_num(p["count_top"]) - h) / _num(p["count_band"])))
        b = max(_num(p["b_least"]), _num(p["b_top"]) - below * _num(p["b_step"]))
        shown.update(rate_pct=_pct(rate), a=_decimal(a), b=_decimal(b))
        out[c] = Outcome(min(_num(maximum), a * b), shown)
    return out


def growth_rank(figs, p, maximum, entries, year=None):
    """Rank by growth g > 0; a first-year bank (its ``first_year`` figure is the assessed year), or
    one without last year's figure, by its credit tiers."""
    fallback, growth = {}, {}
    for c, f in figs.items():
        first_year, before = f[p["first_year"]], f[p["previous"]]
        if (year is not None and first_year == year) or not before:
            fallback[c] = f
        else:
            growth[c] = Fraction(f[p["figure"]] - before, before)
    ranks = _ranks(growth)
    out = {}
    for c, f in figs.items():
        shown = {p["figure"]: f[p["figure"]], p["previous"]: f[p["previous"]], "growth_pct": None, "rank": None,
                 "first_year_rule": c in fallback}
        if c in fallback:
            wan = Fraction(f[p["fallback"]], FEN_PER_WAN)
            score = next((_num(s) for t, s in p["tiers"] if wan >= _num(t)), Fraction(0)) if wan > 0 else Fraction(0)
            shown["approved_wan"] = _decimal(wan)
        else:
            shown.update(growth_pct=_pct(growth[c]), rank=ranks.get(c), ranked=len(ranks))
            score = _step_down(ranks[c], p["first"], p["step"]) if c in ranks else Fraction(0)
        out[c] = Outcome(score, shown)
    return out


def _decimal(value: Fraction) -> Decimal:
    """An exact Fraction with a finite decimal expansion (money, A, B) as a Decimal."""
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


@dataclass(frozen=True)
class Rule:
    score: Callable
    params: dict[str, str]            # name → kind: figure, number, bands, tiers, weights
    optional: frozenset = frozenset()
    manual: bool = False              # scored by the assessor's entry, not from the data


RULES: dict[str, Rule] = {
    "deduction": Rule(deduction, {"figure": "figure", "per": "number"}),
    "manual": Rule(manual, {}, manual=True),
    "tiered_count": Rule(tiered_count, {"figure": "figure", "threshold": "number", "low": "number", "high": "number"}),
    "weighted_count": Rule(weighted_count, {"weights": "weights"}),
    "per_count": Rule(per_count, {"figure": "figure", "per": "number"}),
    "rank_bands": Rule(rank_bands, {"figure": "figure", "bands": "bands"}),
    "rank_step": Rule(rank_step, {"figure": "figure", "first": "number", "step": "number", "floor": "number",
                                  "least": "number"}, frozenset({"floor", "least"})),
    "manual_if_grew": Rule(manual_if_grew, {"figure": "figure", "previous": "figure"}, manual=True),
    "rate_times_volume": Rule(rate_times_volume, {
        "numerator": "figure", "denominator": "figure", "rate_top": "number", "rate_band": "number",
        "a_top": "number", "a_step": "number", "a_least": "number", "count_top": "number", "count_band": "number",
        "b_top": "number", "b_step": "number", "b_least": "number"}),
    "growth_rank": Rule(growth_rank, {"figure": "figure", "previous": "figure", "first_year": "figure",
                                      "first": "number", "step": "number", "fallback": "figure", "tiers": "tiers"}),
}


def check_rule(sheet: str, rule: str, params: dict) -> str | None:
    """What is wrong with a rubric item's rule and parameters (translated), or None."""
    spec = RULES.get(rule)
    if spec is None:
        return _("unknown rule “{rule}” (known: {known})").format(rule=rule, known=", ".join(sorted(RULES)))
    unknown = sorted(set(params) - set(spec.params))
    if unknown:
        return _("rule “{rule}” takes no parameter {names}").format(rule=rule, names=", ".join(unknown))
    missing = sorted(set(spec.params) - set(params) - spec.optional)
    if missing:
        return _("rule “{rule}” needs the parameter {names}").format(rule=rule, names=", ".join(missing))
    for name, value in params.items():
        if not _valid(sheet, spec.params[name], value):
            return _("parameter “{name}” of rule “{rule}” is not valid: {value}").format(
                name=name, rule=rule, value=value)
    return None


def _valid(sheet: str, kind: str, value) -> bool:
    def number(v) -> bool:
        if isinstance(v, bool):
            return False
        try:
            return Decimal(str(v)).is_finite()
        except ArithmeticError:
            return False

    if kind == "figure":
        return value in FIGURES[sheet]
    if kind == "number":
        return number(value)
    if kind == "weights":
        return isinstance(value, dict) and bool(value) and all(k in FIGURES[sheet] and number(v) for k, v in value.items())
    if kind == "bands":
        return isinstance(value, list) and bool(value) and all(
            isinstance(b, list) and len(b) == 4 and all(number(x) for x in b) and isinstance(b[0], int)
            and isinstance(b[1], int) and (b[1] == 0 or b[1] >= b[0] >= 1) for b in value)
    if kind == "tiers":
        return isinstance(value, list) and bool(value) and all(
            isinstance(t, list) and len(t) == 2 and all(number(x) for x in t) for t in value)
    return False
