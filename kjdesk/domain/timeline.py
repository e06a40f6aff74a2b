"""A loan case is its timeline: state, bank, age at the bank and warning level derive from it here."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Sequence

from kjdesk.domain.errors import DomainError
from kjdesk.domain.money import fen_to_wan_str
from kjdesk.domain.path import PERFORMANCE_PATH, ProductPath
from kjdesk.i18n import N_, _, day


class EventType(str, Enum):
    SUBMITTED = "submitted"
    PRELIMINARY_PASSED = "preliminary_passed"
    PRELIMINARY_RETURNED = "preliminary_returned"
    INVESTIGATED = "investigated"
    REVIEW_PASSED = "review_passed"
    REVIEW_DEFERRED = "review_deferred"
    REVIEW_REJECTED = "review_rejected"
    RECOMMENDED = "recommended"
    BANK_APPROVED = "bank_approved"
    BANK_DECLINED = "bank_declined"
    BANK_SWITCHED = "bank_switched"
    FOLLOWED_UP = "followed_up"
    DISBURSED = "disbursed"
    REPAID = "repaid"
    OVERDUE = "overdue"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _(EVENT_LABELS[self])


E = EventType
EVENT_LABELS = {
    E.SUBMITTED: N_("Application submitted"),
    E.PRELIMINARY_PASSED: N_("Preliminary review passed"),
    E.PRELIMINARY_RETURNED: N_("Preliminary review returned"),
    E.INVESTIGATED: N_("Pre-loan site visit"),
    E.REVIEW_PASSED: N_("Review meeting: passed"),
    E.REVIEW_DEFERRED: N_("Review meeting: deferred"),
    E.REVIEW_REJECTED: N_("Review meeting: rejected"),
    E.RECOMMENDED: N_("Recommended to bank"),
    E.BANK_APPROVED: N_("Bank approved"),
    E.BANK_DECLINED: N_("Bank declined"),
    E.BANK_SWITCHED: N_("Switched bank"),
    E.FOLLOWED_UP: N_("Follow-up with bank"),
    E.DISBURSED: N_("Disbursed"),
    E.REPAID: N_("Repaid"),
    E.OVERDUE: N_("Overdue"),
    E.WITHDRAWN: N_("Withdrawn"),
}

BANK_EVENTS = frozenset({E.RECOMMENDED, E.BANK_APPROVED, E.BANK_DECLINED, E.BANK_SWITCHED})
AMOUNT_EVENTS = frozenset({E.REVIEW_PASSED, E.RECOMMENDED, E.BANK_APPROVED, E.DISBURSED, E.REPAID, E.OVERDUE})
REVIEW_EVENTS = frozenset({E.REVIEW_PASSED, E.REVIEW_DEFERRED, E.REVIEW_REJECTED})
# Events that note something without changing where the case stands.
NEUTRAL_EVENTS = frozenset({E.FOLLOWED_UP})
# Events that may name a bank, which must then be the case's own (the approving one after approval).
OWN_BANK_EVENTS = frozenset({E.FOLLOWED_UP, E.DISBURSED, E.REPAID, E.OVERDUE})


class Status(str, Enum):
    """Where a case stands: named after the event that put it there (at_bank covers a switch)."""
    SUBMITTED = "submitted"
    PRELIMINARY_RETURNED = "preliminary_returned"
    PRELIMINARY_PASSED = "preliminary_passed"
    INVESTIGATED = "investigated"
    REVIEW_DEFERRED = "review_deferred"
    REVIEW_REJECTED = "review_rejected"
    REVIEW_PASSED = "review_passed"
    AT_BANK = "at_bank"
    BANK_DECLINED = "bank_declined"
    BANK_APPROVED = "bank_approved"
    DISBURSED = "disbursed"
    REPAID = "repaid"
    OVERDUE = "overdue"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _(STATUS_LABELS[self])


S = Status
STATUS_LABELS = {
    S.SUBMITTED: N_("Awaiting preliminary review"),
    S.PRELIMINARY_RETURNED: N_("Returned at preliminary review"),
    S.PRELIMINARY_PASSED: N_("Awaiting site visit"),
    S.INVESTIGATED: N_("Awaiting review meeting"),
    S.REVIEW_DEFERRED: N_("Deferred by review meeting"),
    S.REVIEW_REJECTED: N_("Rejected by review meeting"),
    S.REVIEW_PASSED: N_("Passed, to be recommended"),
    S.AT_BANK: N_("At bank, awaiting decision"),
    S.BANK_DECLINED: N_("Declined by bank"),
    S.BANK_APPROVED: N_("Approved by bank"),
    S.DISBURSED: N_("Disbursed"),
    S.REPAID: N_("Repaid"),
    S.OVERDUE: N_("Overdue"),
    S.WITHDRAWN: N_("Withdrawn"),
}

# Which statuses each event may follow (on the most open path; the product's path narrows the
# steps before the recommendation), and the status it leads to.
_BEFORE_DECISION = frozenset({S.SUBMITTED, S.PRELIMINARY_PASSED, S.INVESTIGATED, S.REVIEW_DEFERRED})
# A case no review meeting or bank has decided on (nor sent to a bank): it may be withdrawn, and
# deleted when it was a mistake. Nothing follows a withdrawal.
UNDECIDED = _BEFORE_DECISION | {S.PRELIMINARY_RETURNED}
_ALLOWED_FROM: dict[EventType, frozenset[Status | None]] = {
    E.SUBMITTED: frozenset({None}),
    E.PRELIMINARY_PASSED: frozenset({S.SUBMITTED, S.PRELIMINARY_RETURNED}),
    E.PRELIMINARY_RETURNED: frozenset({S.SUBMITTED}),
    E.INVESTIGATED: _BEFORE_DECISION,
    E.REVIEW_PASSED: _BEFORE_DECISION,
    E.REVIEW_DEFERRED: _BEFORE_DECISION,
    E.REVIEW_REJECTED: _BEFORE_DECISION,
    E.RECOMMENDED: frozenset({S.SUBMITTED, S.PRELIMINARY_PASSED, S.INVESTIGATED, S.REVIEW_PASSED, S.BANK_DECLINED}),
    E.BANK_APPROVED: frozenset({S.AT_BANK}),
    E.BANK_DECLINED: frozenset({S.AT_BANK}),
    E.BANK_SWITCHED: frozenset({S.AT_BANK, S.BANK_DECLINED}),
    E.DISBURSED: frozenset({S.BANK_APPROVED, S.DISBURSED}),
    E.REPAID: frozenset({S.DISBURSED, S.OVERDUE, S.REPAID}),
    E.OVERDUE: frozenset({S.DISBURSED, S.REPAID, S.OVERDUE}),
    E.WITHDRAWN: UNDECIDED,
}
# The path's steps: 1 preliminary review, 2 site visit, 3 review meeting, 4 the recommendation;
# and how far along the path each status before the recommendation is.
_STEP = {E.PRELIMINARY_PASSED: 1, E.PRELIMINARY_RETURNED: 1, E.INVESTIGATED: 2, E.REVIEW_PASSED: 3,
         E.REVIEW_DEFERRED: 3, E.REVIEW_REJECTED: 3, E.RECOMMENDED: 4}
_DONE = {S.SUBMITTED: 0, S.PRELIMINARY_RETURNED: 0, S.PRELIMINARY_PASSED: 1, S.INVESTIGATED: 2,
         S.REVIEW_DEFERRED: 2, S.REVIEW_PASSED: 3}
_LEADS_TO: dict[EventType, Status] = {
    E.SUBMITTED: S.SUBMITTED,
    E.PRELIMINARY_PASSED: S.PRELIMINARY_PASSED,
    E.PRELIMINARY_RETURNED: S.PRELIMINARY_RETURNED,
    E.INVESTIGATED: S.INVESTIGATED,
    E.REVIEW_PASSED: S.REVIEW_PASSED,
    E.REVIEW_DEFERRED: S.REVIEW_DEFERRED,
    E.REVIEW_REJECTED: S.REVIEW_REJECTED,
    E.RECOMMENDED: S.AT_BANK,
    E.BANK_APPROVED: S.BANK_APPROVED,
    E.BANK_DECLINED: S.BANK_DECLINED,
    E.BANK_SWITCHED: S.AT_BANK,
    E.DISBURSED: S.DISBURSED,
    E.REPAID: S.REPAID,
    E.OVERDUE: S.OVERDUE,
    E.WITHDRAWN: S.WITHDRAWN,
}

WARNING_LINES = (90, 60, 30)


@dataclass(frozen=True)
class Event:
    """One dated step of a case. ``bank`` is a bank code; ``amount`` is in fen."""
    date: dt.date
    type: EventType
    bank: str | None = None
    amount: int | None = None
    note: str = ""


@dataclass(frozen=True)
class CaseState:
    status: Status | None
    bank: str | None          # the bank the case is at (or was last decided by)
    bank_since: dt.date | None  # latest recommended / bank_switched date
    submitted_on: dt.date | None
    last_event_on: dt.date | None
    recommended_fen: int | None = None  # the latest recommendation's amount

    @property
    def pending_at_bank(self) -> bool:
        return self.status is S.AT_BANK

    def days_at_bank(self, as_of: dt.date) -> int | None:
        if not self.pending_at_bank or self.bank_since is None:
            return None
        return (as_of - self.bank_since).days

    def warning_level(self, as_of: dt.date) -> int | None:
        return warning_level(self.days_at_bank(as_of))


def warning_level(days: int | None) -> int | None:
    """30, 60 or 90 for a case that many days or more at its bank; None below 30 days."""
    if days is None:
        return None
    for line in WARNING_LINES:
        if days >= line:
            return line
    return None


def allowed_events(status: Status | None, path: ProductPath = PERFORMANCE_PATH) -> list[EventType]:
    """The events a case in ``status`` may record next on ``path`` (in the order of EventType)."""
    allowed = [et for et in EventType if status in _ALLOWED_FROM.get(et, frozenset())
               and _path_refusal(status, et, path) is None]
    if status is S.AT_BANK:
        allowed.append(E.FOLLOWED_UP)
    return allowed


def may_delete(status: Status | None) -> bool:
    """Whether a case in ``status`` may be deleted as a mistake: nobody has decided on it yet."""
    return status is None or status in UNDECIDED or status is S.WITHDRAWN


def _path_refusal(status: Status | None, type: EventType, path: ProductPath) -> str | None:
    if type not in _STEP or status not in _DONE:
        return None
    return path.refusal(_DONE[status], _STEP[type])


def check_event_fields(event: Event) -> None:
    """Refuse an event that lacks the bank, amount or reason its type needs."""
    if event.type in BANK_EVENTS and not event.bank:
        raise DomainError(_("“{event}” needs a bank").format(event=event.type.label))
    if event.type in {E.REVIEW_PASSED, E.RECOMMENDED, E.BANK_APPROVED} and event.amount is None:
        raise DomainError(_("“{event}” needs an amount").format(event=event.type.label))
    if event.amount is not None and event.type not in AMOUNT_EVENTS:
        raise DomainError(_("“{event}” takes no amount").format(event=event.type.label))
    if event.bank and event.type not in BANK_EVENTS | OWN_BANK_EVENTS:
        raise DomainError(_("“{event}” takes no bank").format(event=event.type.label))
    if event.type is E.BANK_SWITCHED and not event.note.strip():
        raise DomainError(_("a bank switch needs a reason (the note)"))


def apply_event(state: CaseState, event: Event, path: ProductPath = PERFORMANCE_PATH, *,
                today: dt.date | None = None) -> CaseState:
    """The state after ``event`` on the product's ``path``, or DomainError saying why it cannot
    happen now. ``today`` is the database's working day: no event may be dated after it."""
    check_event_fields(event)
    if today is not None and event.date > today:
        raise DomainError(_("{event} on {date} is after the working day ({today})").format(
            event=event.type.label, date=day(event.date), today=day(today)))
    if state.last_event_on is not None and event.date < state.last_event_on:
        raise DomainError(_("{event} on {date} comes before the previous event ({previous})").format(
            event=event.type.label, date=day(event.date), previous=day(state.last_event_on)))
    if state.status is None and event.type is not E.SUBMITTED:
        raise DomainError(_("no event may come before the application is submitted"))
    if event.type is E.FOLLOWED_UP and state.status is not S.AT_BANK:
        raise DomainError(_("a follow-up is only possible while the case waits for a bank's decision, "
                            "not when it is “{status}”").format(status=state.status.label))
    if event.type in OWN_BANK_EVENTS and event.bank and event.bank != state.bank:
        raise DomainError(_("{event} names bank {bank}, but the case's bank is {current}").format(
            event=event.type.label, bank=event.bank, current=state.bank))
    if event.type in NEUTRAL_EVENTS:
        return CaseState(state.status, state.bank, state.bank_since, state.submitted_on, event.date,
                         state.recommended_fen)
    if state.status not in _ALLOWED_FROM[event.type]:
        raise DomainError(_impossible(state, event))
    refusal = _path_refusal(state.status, event.type, path)
    if refusal is not None:
        raise DomainError(_("{event} cannot follow “{status}”: {reason}").format(
            event=event.type.label, status=state.status.label, reason=refusal))
    if event.type in (E.BANK_APPROVED, E.BANK_DECLINED) and event.bank != state.bank:
        raise DomainError(_("{event} by bank {bank}, but the case is at bank {current}").format(
            event=event.type.label, bank=event.bank, current=state.bank))
    if event.type is E.BANK_SWITCHED and event.bank == state.bank:
        raise DomainError(_("a bank switch must name a different bank than {bank}").format(bank=state.bank))
    bank, since, recommended = state.bank, state.bank_since, state.recommended_fen
    if event.type in (E.RECOMMENDED, E.BANK_SWITCHED):
        bank, since = event.bank, event.date
    if event.type is E.RECOMMENDED:
        recommended = event.amount
    submitted = event.date if event.type is E.SUBMITTED else state.submitted_on
    return CaseState(_LEADS_TO[event.type], bank, since, submitted, event.date, recommended)


def event_warnings(state: CaseState, event: Event) -> list[str]:
    """What is allowed but worth a second look before ``event`` is recorded on ``state``."""
    if (event.type is E.BANK_APPROVED and event.amount is not None and state.recommended_fen is not None
            and event.amount > state.recommended_fen):
        return [_("the approved amount {approved} (10k CNY) is above the recommended {recommended} (10k CNY)").format(
            approved=fen_to_wan_str(event.amount), recommended=fen_to_wan_str(state.recommended_fen))]
    return []


def _impossible(state: CaseState, event: Event) -> str:
    if event.type is E.SUBMITTED:
        return _("the application is already submitted")
    return _("{event} cannot follow “{status}”").format(event=event.type.label, status=state.status.label)


EMPTY = CaseState(None, None, None, None, None)


def derive_state(events: Sequence[Event], path: ProductPath = PERFORMANCE_PATH, *,
                 today: dt.date | None = None) -> CaseState:
    """The state of a case on ``path`` from its timeline (already in order); DomainError if impossible."""
    return check_timeline(events, path, today=today)[0]


def check_timeline(events: Sequence[Event], path: ProductPath = PERFORMANCE_PATH, *,
                   today: dt.date | None = None) -> tuple[CaseState, list[tuple[int, str]]]:
    """Every rule on a whole timeline: its state, and its warnings as (1-based event index, text);
    TimelineError names the first event that breaks a rule."""
    state, warnings = EMPTY, []
    for index, event in enumerate(events, start=1):
        try:
            if event.type is E.BANK_APPROVED:  # the only event with warnings; a million events pass here
                warnings.extend((index, text) for text in event_warnings(state, event))
            state = apply_event(state, event, path, today=today)
        except DomainError as exc:
            raise TimelineError(index, event, exc.message) from None
    return state, warnings


class TimelineError(DomainError):
    """An impossible timeline: which event (1-based, in timeline order) and why."""

    def __init__(self, index: int, event: Event, reason: str):
        super().__init__(_("event {index} ({event}, {date}): {reason}").format(
            index=index, event=event.type.label, date=day(event.date), reason=reason))
        self.index = index
        self.event = event
        self.reason = reason
