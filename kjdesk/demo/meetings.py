"""Review meetings (评审会): one row per meeting that decided something, with members and minutes."""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from kjdesk.demo.plan import Case
from kjdesk.demo.reference import CENTER_STAFF, EXPERTS

_OUTCOME = {"review_passed": "passed", "review_deferred": "deferred", "review_rejected": "rejected"}


def meeting_rows(rng: random.Random, cases: list[Case]) -> tuple[list[dict], dict[dt.date, int]]:
    """The meetings the planned decisions were taken at, numbered within their year; and date → id."""
    tally: dict[dt.date, Counter] = {}
    for case in cases:
        for step in case.steps:
            if step.meeting:
                tally.setdefault(step.meeting, Counter())[_OUTCOME[step.type]] += 1
    rows, ids = [], {}
    number: Counter = Counter()
    for day in sorted(tally):
        number[day.year] += 1
        n = number[day.year]
        count = tally[day]
        members = list(rng.sample(CENTER_STAFF, 2)) + rng.sample(EXPERTS, 3)
        minutes = (f"{day.year}年第{n}次科技履约贷评审会（{day.month}月{day.day}日），由{members[0]}主持。"
                   f"评审项目{sum(count.values())}项：通过{count['passed']}项，暂缓{count['deferred']}项，"
                   f"否决{count['rejected']}项。通过项目按评审额度推荐至合作银行；暂缓项目补充材料后再议。")
        ids[day] = len(rows) + 1
        rows.append(dict(id=ids[day], code=f"PS{day.year}-{n:02d}", date=day, members="、".join(members),
                         minutes=minutes))
    return rows, ids
