"""The path a product's cases take before a recommendation, as data (DOMAIN.md "Products name their path").

Three steps, in this order: preliminary review (初审), site visit (贷前调查), review meeting (评审会).
Each is ``required``, ``optional`` or ``none`` for a product. Steps that are taken keep their order,
a required one cannot be skipped and a ``none`` one cannot be recorded; a new product or a changed
path needs no new code.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kjdesk.i18n import N_, _


class StepRule(str, Enum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    NONE = "none"


STEP_NAMES = ("preliminary_review", "site_visit", "review_meeting")
STEP_LABELS = {
    "preliminary_review": N_("preliminary review"),
    "site_visit": N_("site visit"),
    "review_meeting": N_("review meeting"),
}


@dataclass(frozen=True)
class ProductPath:
    """Which of the three steps a product's cases take before the recommendation."""
    preliminary_review: StepRule = StepRule.REQUIRED
    site_visit: StepRule = StepRule.OPTIONAL
    review_meeting: StepRule = StepRule.REQUIRED

    @classmethod
    def of(cls, preliminary_review: str, site_visit: str, review_meeting: str) -> ProductPath:
        return cls(StepRule(preliminary_review), StepRule(site_visit), StepRule(review_meeting))

    def rule(self, position: int) -> StepRule:
        """The rule of step 1 (preliminary review), 2 (site visit) or 3 (review meeting)."""
        return getattr(self, STEP_NAMES[position - 1])

    def refusal(self, done: int, step: int) -> str | None:
        """Why step ``step`` (4: the recommendation) cannot follow a case whose steps up to ``done``
        are behind it; None if it may. (That steps go forward is the timeline's rule.)"""
        if step <= 3 and self.rule(step) is StepRule.NONE:
            return _("this product's cases have no {step}").format(step=_(STEP_LABELS[STEP_NAMES[step - 1]]))
        for skipped in range(done + 1, step):
            if self.rule(skipped) is StepRule.REQUIRED:
                return _("this product requires the {step} first").format(
                    step=_(STEP_LABELS[STEP_NAMES[skipped - 1]]))
        return None


# The 科技履约贷 path, and what a product without a stored path takes.
PERFORMANCE_PATH = ProductPath()
OPEN_PATH = ProductPath(StepRule.OPTIONAL, StepRule.OPTIONAL, StepRule.OPTIONAL)
