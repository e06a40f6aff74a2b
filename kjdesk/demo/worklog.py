"""The stations' work log and the banks' joint events, 2016 to the demo's today.

How the 2017 event figures overlap: the stations held 90 events (publicity, training,
matchmaking rows with a station), 55 of them co-hosted by a partner bank; the banks co-hosted 130
events (rows with a bank), those 55 with a station and 75 with the center's platform alone
(no station). So "station events" = rows of an event type with a station, "joint events" = rows
with a bank; both figures come out of the same table without double counting a row's meaning.
"""
from __future__ import annotations

import datetime as dt
import random

from kjdesk.demo.amounts import split
from kjdesk.demo.plan import random_day
from kjdesk.demo.reference import BANKS, DEMO_TODAY, STATIONS

D = dt.date
EVENT_TYPES = ("publicity_event", "training_event", "matchmaking_event")

# Per year: each station's events (in STATIONS order), how many of them a bank co-hosted, the
# events each bank co-hosted (in BANKS order), and the attendance of the banks' joint events.
YEARS = {
    2016: dict(station_events=(14, 9, 11, 6, 8, 10, 4, 7, 2, 1), with_bank=40,
               bank_events=(12, 11, 8, 7, 9, 5, 6, 5, 3, 4, 6, 3, 6, 5, 3, 1, 1, 2, 0, 0, 0), attendees=3610),
    2017: dict(station_events=(20, 14, 12, 16, 7, 10, 3, 5, 1, 2), with_bank=55,
               bank_events=(14, 12, 9, 8, 10, 6, 7, 6, 4, 5, 8, 3, 7, 6, 4, 2, 5, 6, 4, 3, 1), attendees=4968),
}
# Absences from the center's eight meetings a year, per station; reports and research per station.
ABSENCES = {2016: (0, 1, 0, 2, 0, 1, 3, 0, 1, 2), 2017: (0, 0, 1, 0, 2, 0, 1, 3, 1, 0)}
CASE_REPORTS = {2016: (2, 1, 1, 0, 1, 2, 0, 1, 0, 0), 2017: (3, 2, 1, 2, 0, 1, 1, 0, 1, 0)}
RESEARCH_ACCEPTED = {2016: (1, 0, 1, 0, 0, 1, 0, 0, 0, 0), 2017: (2, 1, 0, 1, 0, 1, 0, 1, 0, 0)}
JOINT_RESEARCH = {2016: (1, 0, 0, 0, 0, 1, 0, 0, 0, 0), 2017: (1, 1, 0, 0, 0, 1, 0, 0, 0, 0)}
SUMMARIES = {2016: (2, 2, 2, 1, 2, 2, 1, 2, 1, 1), 2017: (2, 2, 2, 2, 2, 2, 1, 2, 1, 2)}
CENTER_MEETINGS = ("服务站工作例会", "科技金融专员培训", "服务站工作考察", "半年度服务站工作会议")

_TITLES = {
    "publicity_event": ("科技履约贷政策宣讲会", "科技金融政策进园区宣讲", "“3+X”科技信贷产品说明会"),
    "training_event": ("科技企业融资实务培训", "科技金融专员业务辅导", "企业财务规范与贷款申报辅导"),
    "matchmaking_event": ("银企对接会", "科技企业融资对接沙龙", "投贷联动项目对接会"),
}


def _event(rng: random.Random, year: int, station: int | None, bank: int | None, attendees: int, place: str,
           last: dt.date | None = None) -> dict:
    type_ = rng.choice(EVENT_TYPES + ("matchmaking_event",) if bank else EVENT_TYPES)
    title = f"{rng.choice(_TITLES[type_])}（{place}）"
    return dict(date=random_day(rng, D(year, 1, 4), last or D(year, 12, 22)), station_id=station, type=type_,
                bank_id=bank, attendees=attendees, title=title)


def plan_worklog(rng: random.Random, ids: dict) -> list[dict]:
    rows: list[dict] = []
    station_ids = [ids["station"][s.code] for s in STATIONS]
    bank_ids = [ids["bank"][b.code] for b in BANKS]
    bank_names = {ids["bank"][b.code]: b.name_zh for b in BANKS}
    for year, plan in YEARS.items():
        joint = [bank for bank, n in zip(bank_ids, plan["bank_events"]) for _ in range(n)]
        rng.shuffle(joint)
        crowd = split(rng, len(joint), plan["attendees"], 15, 90, 1)
        hosts = [sid for sid, n in zip(station_ids, plan["station_events"]) for _ in range(n)]
        rng.shuffle(hosts)
        for k, station in enumerate(hosts):
            bank = joint[k] if k < plan["with_bank"] else None
            people = crowd[k] if bank else rng.randint(20, 120)
            place = bank_names[bank] if bank else STATIONS[station_ids.index(station)].name_zh.replace("科技金融服务站", "")
            rows.append(_event(rng, year, station, bank, people, place))
        for k in range(plan["with_bank"], len(joint)):
            rows.append(_event(rng, year, None, joint[k], crowd[k], "市科技金融信息服务平台·" + bank_names[joint[k]]))
        rows += _station_duties(rng, year, station_ids)
    rows += _early_2018(rng, station_ids, bank_ids)
    rows.sort(key=lambda r: (r["date"], r["type"], r["station_id"] or 0, r["bank_id"] or 0, r["title"]))
    return rows


def _station_duties(rng: random.Random, year: int, station_ids: list[int]) -> list[dict]:
    """Meetings attended or missed, summaries, case reports, research: what the assessment counts."""
    rows = []
    meetings = [D(year, month, day) for month, day in ((1, 12), (3, 9), (4, 20), (6, 15), (7, 13), (9, 14),
                                                         (10, 26), (12, 7))]
    for i, sid in enumerate(station_ids):
        missed = set(rng.sample(range(len(meetings)), ABSENCES[year][i]))
        for k, day in enumerate(meetings):
            what = CENTER_MEETINGS[k % len(CENTER_MEETINGS)]
            rows.append(dict(date=day, station_id=sid, type="absence" if k in missed else "attendance", bank_id=None,
                             attendees=None, title=f"{year}年{what}（{day.month}月）"))
        for k in range(SUMMARIES[year][i]):
            day = D(year, 7, 10) if k == 0 and SUMMARIES[year][i] == 2 else D(year, 12, 20)
            rows.append(dict(date=day, station_id=sid, type="work_summary", bank_id=None, attendees=None,
                             title=f"{year}年{'上半年' if day.month == 7 else '年度'}工作总结"))
        for _ in range(CASE_REPORTS[year][i]):
            rows.append(dict(date=random_day(rng, D(year, 3, 1), D(year, 12, 15)), station_id=sid, type="case_report",
                             bank_id=None, attendees=None, title="科技履约贷服务典型案例"))
        for _ in range(RESEARCH_ACCEPTED[year][i]):
            rows.append(dict(date=random_day(rng, D(year, 5, 1), D(year, 12, 15)), station_id=sid,
                             type="research_report_accepted", bank_id=None, attendees=None,
                             title=rng.choice(("区域科技型中小企业融资需求调研报告", "科技履约贷风险分担机制研究",
                                               "园区投贷联动模式调研"))))
        for _ in range(JOINT_RESEARCH[year][i]):
            rows.append(dict(date=random_day(rng, D(year, 3, 1), D(year, 11, 30)), station_id=sid,
                             type="joint_research", bank_id=None, attendees=None,
                             title=rng.choice(("与市科创中心共建科技企业信用评价模型", "科技金融服务站线上受理试点"))))
    return rows


def _early_2018(rng: random.Random, station_ids: list[int], bank_ids: list[int]) -> list[dict]:
    rows = [dict(date=D(2018, 1, 11), station_id=sid, type="attendance", bank_id=None, attendees=None,
                 title="2018年服务站工作例会（1月）") for sid in station_ids]
    for _ in range(12):
        bank = rng.choice(bank_ids) if rng.random() < 0.5 else None
        k = rng.randrange(len(station_ids))
        rows.append(_event(rng, 2018, station_ids[k], bank, rng.randint(20, 80),
                           STATIONS[k].name_zh.replace("科技金融服务站", ""), last=DEMO_TODAY - dt.timedelta(days=3)))
    return rows
