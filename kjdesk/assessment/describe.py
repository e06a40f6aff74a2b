"""The figure behind a score, in words, for the printed sheet and the workbook ("why this score")."""
from __future__ import annotations

from decimal import Decimal

from kjdesk.i18n import N_, _

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
    "microloan_approved": N_("科技微贷通 enterprises approved"),
}


def _value(name: str, value) -> str:
    if name.endswith("_fen"):
        from kjdesk.domain.money import fen_to_wan

        return _("{amount} 万元").format(amount=_grouped(fen_to_wan(value or 0)))
    return _grouped(value)


def _grouped(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _pair(name: str, shown: dict) -> str:
    return _("{label}: {value}").format(label=_(FIGURE_LABELS.get(name, name)), value=_value(name, shown[name]))


def _rank(shown: dict) -> str:
    if shown.get("rank") is None:
        return _("not ranked")
    return _("rank {rank} of {ranked}").format(rank=shown["rank"], ranked=shown["ranked"])


def _entered(shown: dict) -> str:
    if shown.get("entered") is None:
        return _("not entered yet")
    return _("entered: {score}").format(score=shown["entered"])


def describe(rule: str, params: dict, shown: dict) -> str:
    """One line (or two) of plain text saying which figures gave the score."""
    if rule == "manual":
        return _entered(shown)
    if rule in ("deduction", "per_count", "tiered_count"):
        return _pair(params["figure"], shown)
    if rule == "weighted_count":
        return _("; ").join(_pair(name, shown) for name in params["weights"])
    if rule in ("rank_bands", "rank_step"):
        return _("{figure}; {rank}").format(figure=_pair(params["figure"], shown), rank=_rank(shown))
    if rule == "manual_if_grew":
        growth = (_("growth {pct}%").format(pct=shown["growth_pct"]) if shown["growth_pct"] is not None
                  else _("none last year"))
        text = _("{figure} (last year: {before}), {growth}").format(
            figure=_pair(params["figure"], shown), before=_grouped(shown[params["previous"]]), growth=growth)
        if not shown["grew"]:
            return _("{facts}; no growth, scores 0").format(facts=text)
        return _("{facts}; {entered}").format(facts=text, entered=_entered(shown))
    if rule == "rate_times_volume":
        facts = _("{approved} ÷ {recommended}").format(approved=_pair(params["numerator"], shown),
                                                      recommended=_pair(params["denominator"], shown))
        if shown["rate_pct"] is None:
            return _("{facts}; no recommendation or no approval, scores 0").format(facts=facts)
        return _("{facts} = {pct}%; A {a} × B {b}").format(facts=facts, pct=shown["rate_pct"], a=shown["a"],
                                                         b=shown["b"])
    if rule == "growth_rank":
        if shown["first_year_rule"]:
            return _("First year or no approval last year: scored by this year's credit, {amount} 万元").format(
                amount=_grouped(shown["approved_wan"]))
        return _("{figure} (last year: {before}), growth {pct}%; {rank}").format(
            figure=_pair(params["figure"], shown), before=_grouped(shown[params["previous"]]),
            pct=shown["growth_pct"], rank=_rank(shown))
    return ""
