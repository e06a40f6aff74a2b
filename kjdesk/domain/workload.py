"""Station workloads: which case events and work-log entries count as what, and the periods they
are counted over (a year, a month, a quarter)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kjdesk.domain.errors import DomainError
from kjdesk.i18n import N_, _

# Events are counted, not cases: two visits count two.
EVENT_COUNTS = {
    "submitted": "applications",
    "preliminary_passed": "preliminary_reviews",
    "preliminary_returned": "preliminary_reviews",
    "investigated": "visits",
    "followed_up": "follow_ups",
}
SPECIALIST_COUNTS = ("applications", "preliminary_reviews", "visits", "follow_ups")
STATION_COUNTS = SPECIALIST_COUNTS + ("subsidy_cases", "events", "attendees", "absences")

COUNT_TITLES = {
    "applications": N_("Applications taken"),
    "preliminary_reviews": N_("Preliminary reviews"),
    "visits": N_("Site visits"),
    "follow_ups": N_("Follow-ups"),
    "subsidy_cases": N_("Subsidy cases accepted"),
    "events": N_("Events"),
    "attendees": N_("Attendees"),
    "absences": N_("Absences"),
}


@dataclass(frozen=True)
class Period:
    """A span of whole days: a year, a month or a quarter, named like 2017, 2017-06 or 2017-Q2."""
    start: dt.date
    end: dt.date
    name: str

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> "Period":
        """The period of the same kind that follows this one."""
        day = self.end + dt.timedelta(days=1)
        if len(self.name) == 4:
            return year_period(day.year)
        if "Q" in self.name:
            return quarter_period(day.year, (day.month - 1) // 3 + 1)
        return month_period(day.year, day.month)


def _check_year(year: int) -> int:
    if not 1900 <= year <= 2999:
        raise DomainError(_("year {year} is not a year between 1900 and 2999").format(year=year))
    return year


def year_period(year: int) -> Period:
    _check_year(year)
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year:04d}")


def month_period(year: int, month: int) -> Period:
    _check_year(year)
    if not 1 <= month <= 12:
        raise DomainError(_("month {month} is not a month (1 to 12)").format(month=month))
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return Period(dt.date(year, month, 1), following - dt.timedelta(days=1), f"{year:04d}-{month:02d}")


def quarter_period(year: int, quarter: int) -> Period:
    if not 1 <= quarter <= 4:
        raise DomainError(_("quarter {quarter} is not a quarter (1 to 4)").format(quarter=quarter))
    first, last = month_period(year, 3 * quarter - 2), month_period(year, 3 * quarter)
    return Period(first.start, last.end, f"{year:04d}-Q{quarter}")


def parse_period(text: str) -> Period:
    """``2017-06`` (a month) or ``2017-Q2`` (a quarter)."""
    value = (text or "").strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        return month_period(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-Q(\d)", value):
        return quarter_period(int(m[1]), int(m[2]))
    raise DomainError(_("period “{text}” is neither a month (2017-06) nor a quarter (2017-Q2)").format(text=text))
