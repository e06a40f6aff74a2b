"""The published figures the demo reproduces (2017 report, 附录四 and 表4), amounts in 万元.

The tests compare the demo's statistics with the published tables (``tests/data/*.csv``); these
constants are what the planner aims at, so a change here that drifts from the publication fails
those tests.
"""
from __future__ import annotations

# 附录四, 科技履约贷 2017, per district:
# (applications, recommended, recommended 万元, deferred, approved, approved 万元)
DISTRICTS_2017 = {
    "pudong": (142, 85, 41450, 6, 81, 39050),
    "minhang": (106, 79, 32070, 4, 67, 26550),
    "jiading": (97, 60, 27900, 3, 54, 22780),
    "songjiang": (65, 37, 17850, 0, 34, 16340),
    "jinshan": (102, 69, 29900, 4, 55, 21070),
    "yangpu": (67, 58, 25050, 0, 51, 21030),
    "qingpu": (60, 42, 18300, 0, 38, 14820),
    "fengxian": (50, 26, 11550, 1, 20, 8250),
    "baoshan": (36, 22, 9700, 1, 20, 8600),
    "jingan": (39, 27, 11500, 1, 22, 9150),
    "xuhui": (39, 30, 14350, 0, 26, 12350),
    "chongming": (24, 14, 6050, 0, 12, 5200),
    "putuo": (20, 16, 6750, 0, 14, 5900),
    "changning": (17, 10, 4172, 1, 9, 3850),
    "hongkou": (17, 11, 4000, 0, 10, 4000),
    "huangpu": (8, 4, 1500, 0, 3, 1300),
}
DISTRICT_ORDER = tuple(DISTRICTS_2017)

# 2016 applications for 科技履约贷 per district (889 in 2017 is "同比增长 27%": 700 in 2016). Not
# published per district; chosen so that two stations' applications do not grow (the growth item).
SUBMITTED_2016 = {
    "pudong": 112, "minhang": 76, "jiading": 70, "songjiang": 50, "jinshan": 74, "yangpu": 46, "qingpu": 44,
    "fengxian": 40, "baoshan": 42, "jingan": 30, "xuhui": 36, "chongming": 20, "putuo": 18, "changning": 16,
    "hongkou": 14, "huangpu": 12,
}

# Approved loans per product and year: (loans, 万元). 2016 and 2017 are published (表4); the years
# before are split so that the cumulative 2011–2017 figures come out as published.
APPROVALS = {
    "performance_loan": {2011: (60, 15000), 2012: (130, 36400), 2013: (230, 69000), 2014: (360, 115200),
                         2015: (474, 166122), 2016: (429, 164024), 2017: (516, 220240)},
    "little_giant_credit": {2012: (40, 24000), 2013: (80, 52000), 2014: (120, 84000), 2015: (145, 104820),
                            2016: (90, 104780), 2017: (69, 143217)},
    "micro_loan": {2014: (20, 2400), 2015: (35, 4560), 2016: (45, 6355), 2017: (34, 4800)},
    "venture_loan": {2015: (2, 2000), 2016: (22, 16750), 2017: (11, 6530)},
    "bank_tech_coop_loan": {2011: (15, 20000), 2012: (18, 25000), 2013: (14, 19110)},
}
# Smallest and largest single loan (万元) and the step amounts are rounded to, per product.
LOAN_RANGE = {
    "performance_loan": (100, 1000, 50),
    "little_giant_credit": (300, 5000, 100),
    "micro_loan": (30, 300, 10),
    "venture_loan": (200, 1500, 50),
    "bank_tech_coop_loan": (300, 3000, 100),
}

SCALE_2017 = dict(stations=10, specialists=103, banks=21, meetings=47, reviewed=670, recommended=590,
                  deferred=21, approved=516, switches=56, station_events=90, joint_events=130,
                  first_time_borrowers=222, applications=889)
# Cumulative 2011–2017 overdue loans (科技履约贷 and 微贷通): 20 loans, 6,112.47 万元.
OVERDUE_LOANS = 20
OVERDUE_FEN = 6_112_470_000
