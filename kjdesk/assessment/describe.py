"""The figure behind a score, in words, for the printed sheet and the workbook ("why this score")."""
from __future__ import annotations

from decimal import Decimal

from kjdesk.i18n import N_
from kjdesk.i18n import translate as t

FIGURE_LABELS = {
    "absences": N_("Absences"),
    "events": N_("Events held"),
    "work_summaries": N_("Work summaries"),
    "case_reports": N_("Case reports"),
    "research_accepted": N_("Research reports accepted"),
    "joint_research": N_("Joint research projects"),
    "investigated": N_("Projects investigated"),
    "applications": N_("Applications"),
    "approved_fen": N_("Approved credit"),
    "applicants": N_("Enterprises applying"),
    "recommended": N_("Enterprises recommended"),
    "approved": N_("Enterprises approved"),
    "joint_events": N_("Joint events"),
    "microloan_approved": N_("Tech micro-loan enterprises approved"),
}


def _value(name: str, value, lang: str) -> str:
    if name.endswith("_fen"):
        from kjdesk.domain.money import fen_to_wan

        return t(N_("{amount} (10k CNY)"), lang).format(amount=_grouped(fen_to_wan(value or 0)))
    return _grouped(value)


def _grouped(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _pair(name: str, shown: dict, lang: str) -> str:
    return t(N_("{label}: {value}"), lang).format(label=t(FIGURE_LABELS.get(name, name), lang), value=_value(name, shown[name], lang))


def _rank(shown: dict, lang: str) -> str:
    if shown.get("rank") is None:
        return t(N_("not ranked"), lang)
    return t(N_("rank {rank} of {ranked}"), lang).format(rank=shown["rank"], ranked=shown["ranked"])


def _entered(shown: dict, lang: str) -> str:
    if shown.get("entered") is None:
        return t(N_("not entered yet"), lang)
    return t(N_("entered: {score}"), lang).format(score=shown["entered"])


def describe(rule: str, params: dict, shown: dict, lang: str) -> str:
    """One line (or two) of plain text saying which figures gave the score."""
    if rule == "manual":
        return _entered(shown, lang)
    if rule in ("deduction", "per_count", "tiered_count"):
        return _pair(params["figure"], shown, lang)
    if rule == "weighted_count":
        return t(N_("; "), lang).join(_pair(name, shown, lang) for name in params["weights"])
    if rule in ("rank_bands", "rank_step"):
        return t(N_("{figure}; {rank}"), lang).format(figure=_pair(params["figure"], shown, lang), rank=_rank(shown, lang))
    if rule == "manual_if_grew":
        growth = (t(N_("growth {pct}%"), lang).format(pct=shown["growth_pct"]) if shown["growth_pct"] is not None
                  else t(N_("none last year"), lang))
        text = t(N_("{figure} (last year: {before}), {growth}"), lang).format(
            figure=_pair(params["figure"], shown, lang), before=_grouped(shown[params["previous"]]), growth=growth)
        if not shown["grew"]:
            return t(N_("{facts}; no growth, scores 0"), lang).format(facts=text)
        return t(N_("{facts}; {entered}"), lang).format(facts=text, entered=_entered(shown, lang))
    if rule == "rate_times_volume":
        facts = t(N_("{approved} ÷ {recommended}"), lang).format(approved=_pair(params["numerator"], shown, lang),
                                                      recommended=_pair(params["denominator"], shown, lang))
        if shown["rate_pct"] is None:
            return t(N_("{facts}; no recommendation or no approval, scores 0"), lang).format(facts=facts)
        return t(N_("{facts} = {pct}%; A {a} × B {b}"), lang).format(facts=facts, pct=shown["rate_pct"], a=shown["a"],
                                                         b=shown["b"])
    if rule == "growth_rank":
        if shown["first_year_rule"]:
            return t(N_("First year or no approval last year: scored by this year's credit, {amount} (10k CNY)"), lang).format(
                amount=_grouped(shown["approved_wan"]))
        return t(N_("{figure} (last year: {before}), growth {pct}%; {rank}"), lang).format(
            figure=_pair(params["figure"], shown, lang), before=_grouped(shown[params["previous"]]),
            pct=shown["growth_pct"], rank=_rank(shown, lang))
    return ""
