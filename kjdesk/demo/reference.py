"""The demo's fixed cast: its "today", the ten stations, the 21 partner banks, the review-meeting calendar."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

D = dt.date

# The demo is seen as of this day: cases pending at banks are aged to it, nothing happens after it.
DEMO_TODAY = D(2018, 3, 31)
FIRST_YEAR = 2011
SEED = 20171231


@dataclass(frozen=True)
class DemoStation:
    code: str
    name_zh: str
    name_en: str
    host_org: str
    district: str
    established: dt.date
    specialists: int
    serves: tuple[str, ...]  # districts whose enterprises apply through this station


STATIONS = (
    DemoStation("ST-PD", "浦东新区科技金融服务站", "Pudong sci-tech finance station", "上海张江高科技园区管理委员会",
                "pudong", D(2012, 6, 1), 14, ("pudong",)),
    DemoStation("ST-MH", "闵行区科技金融服务站", "Minhang sci-tech finance station", "闵行区科学技术委员会",
                "minhang", D(2012, 9, 1), 12, ("minhang",)),
    DemoStation("ST-JD", "嘉定区科技金融服务站", "Jiading sci-tech finance station", "嘉定区科学技术委员会",
                "jiading", D(2013, 3, 1), 11, ("jiading",)),
    DemoStation("ST-JS", "金山区科技金融服务站", "Jinshan sci-tech finance station", "金山区科学技术委员会",
                "jinshan", D(2013, 5, 1), 11, ("jinshan", "fengxian")),
    DemoStation("ST-SJ", "松江区科技金融服务站", "Songjiang sci-tech finance station", "松江区科学技术委员会",
                "songjiang", D(2013, 9, 1), 10, ("songjiang",)),
    DemoStation("ST-YP", "杨浦区科技金融服务站", "Yangpu sci-tech finance station", "上海杨浦科技创业中心",
                "yangpu", D(2012, 11, 1), 10, ("yangpu", "hongkou")),
    DemoStation("ST-QP", "青浦区科技金融服务站", "Qingpu sci-tech finance station", "青浦区科学技术委员会",
                "qingpu", D(2014, 4, 1), 9, ("qingpu",)),
    DemoStation("ST-XH", "漕河泾开发区科技金融服务站", "Caohejing sci-tech finance station",
                "上海漕河泾新兴技术开发区发展总公司", "xuhui", D(2012, 6, 1), 10, ("xuhui", "changning", "huangpu")),
    DemoStation("ST-BS", "宝山区科技金融服务站", "Baoshan sci-tech finance station", "宝山区科学技术委员会",
                "baoshan", D(2014, 7, 1), 8, ("baoshan", "chongming")),
    DemoStation("ST-SB", "市北高新园区科技金融服务站", "Shibei Hi-Tech Park sci-tech finance station",
                "上海市北高新（集团）有限公司", "jingan", D(2015, 3, 1), 8, ("jingan", "putuo")),
)
STATION_OF_DISTRICT = {d: s.code for s in STATIONS for d in s.serves}


@dataclass(frozen=True)
class DemoBank:
    code: str
    name_zh: str
    name_en: str
    first_year: int
    microloan: bool
    weight: int  # share of the loans it takes; the bank sheet should not be flat


BANKS = (
    DemoBank("SHB", "上海银行", "Bank of Shanghai", 2011, True, 16),
    DemoBank("BOC", "中国银行上海市分行", "Bank of China Shanghai Branch", 2011, False, 15),
    DemoBank("BOCOM", "交通银行上海市分行", "Bank of Communications Shanghai Branch", 2011, False, 10),
    DemoBank("SPDB", "上海浦东发展银行上海分行", "SPD Bank Shanghai Branch", 2011, False, 9),
    DemoBank("SRCB", "上海农村商业银行", "Shanghai Rural Commercial Bank", 2011, True, 12),
    DemoBank("ICBC", "中国工商银行上海市分行", "ICBC Shanghai Branch", 2012, False, 7),
    DemoBank("CCB", "中国建设银行上海市分行", "China Construction Bank Shanghai Branch", 2012, False, 7),
    DemoBank("CMB", "招商银行上海分行", "China Merchants Bank Shanghai Branch", 2012, False, 6),
    DemoBank("CMBC", "中国民生银行上海分行", "China Minsheng Bank Shanghai Branch", 2012, True, 4),
    DemoBank("ABC", "中国农业银行上海市分行", "Agricultural Bank of China Shanghai Branch", 2013, False, 5),
    DemoBank("BOB", "北京银行上海分行", "Bank of Beijing Shanghai Branch", 2013, True, 8),
    DemoBank("CIB", "兴业银行上海分行", "Industrial Bank Shanghai Branch", 2013, False, 4),
    DemoBank("NJCB", "南京银行上海分行", "Bank of Nanjing Shanghai Branch", 2014, True, 7),
    DemoBank("HZB", "杭州银行上海分行", "Bank of Hangzhou Shanghai Branch", 2014, False, 6),
    DemoBank("NBCB", "宁波银行上海分行", "Bank of Ningbo Shanghai Branch", 2015, False, 4),
    DemoBank("CITIC", "中信银行上海分行", "China CITIC Bank Shanghai Branch", 2015, False, 3),
    DemoBank("SSVB", "浦发硅谷银行", "SPD Silicon Valley Bank", 2016, False, 3),
    DemoBank("HRB", "上海华瑞银行", "Shanghai Huarui Bank", 2016, True, 3),
    DemoBank("CEB", "中国光大银行上海分行", "China Everbright Bank Shanghai Branch", 2017, False, 5),
    DemoBank("PAB", "平安银行上海分行", "Ping An Bank Shanghai Branch", 2017, False, 3),
    DemoBank("JSB", "江苏银行上海分行", "Bank of Jiangsu Shanghai Branch", 2017, False, 1),
)

# A discontinued product whose loans all fall before 2016: the "其他" in 合计（含其他）. Its references
# are numbered like any product added as data (registry.ref_prefix: KJ).
OTHER_PRODUCT = ("bank_tech_coop_loan", "银科合作贷（已停办）", "Bank–science cooperation loan (discontinued)")


def _thursdays(year: int) -> list[dt.date]:
    day = D(year, 1, 1)
    day += dt.timedelta(days=(3 - day.weekday()) % 7)
    out = []
    while day.year == year:
        out.append(day)
        day += dt.timedelta(days=7)
    return out


# Thursdays without a meeting in 2017 (Spring Festival, summer, National Day): 52 − 5 = 47 meetings.
_NO_MEETING_2017 = {D(2017, 1, 26), D(2017, 2, 2), D(2017, 8, 3), D(2017, 8, 17), D(2017, 10, 5)}


def meeting_dates() -> list[dt.date]:
    """Every review meeting of the center: fewer in the early years, weekly in 2017, to the demo's today."""
    dates: list[dt.date] = []
    every = {2011: 4, 2012: 3, 2013: 2, 2014: 2, 2015: 1, 2016: 1}
    for year in range(FIRST_YEAR, 2017):
        thursdays = _thursdays(year)
        picked = thursdays[1::every[year]]
        if year >= 2015:  # weekly, but not in the Spring Festival and summer breaks
            picked = [d for i, d in enumerate(thursdays) if i % 6 != 4]
        dates += picked
    dates += [d for d in _thursdays(2017) if d not in _NO_MEETING_2017]
    dates += [d for d in _thursdays(2018) if d <= DEMO_TODAY and d not in {D(2018, 2, 15), D(2018, 2, 22)}]
    return dates


# Who sits on review meetings: the center's staff and a rota of outside experts.
CENTER_STAFF = ("周建华", "沈丽萍", "陆志强", "钱晓东")
EXPERTS = ("顾振华（银行信贷专家）", "孙雅琴（会计师）", "黄立新（律师）", "唐海波（投资专家）", "许文斌（行业专家）",
           "杜春燕（保险公司）", "邵永红（担保公司）", "韩思远（高校教授）")
