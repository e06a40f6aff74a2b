"""Plausible Chinese names for the demo: enterprises with district parks, people, phones, credit codes.

Everything is drawn from a ``random.Random`` the caller seeds, from tuples (never sets or dicts
iterated for order), so the same seed gives the same names.
"""
from __future__ import annotations

import random

from kjdesk.domain.creditcode import ALPHABET, check_char

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严戴孔汤")
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文斌辉鹏飞宇浩凯晨轩欣怡佳琪雪梅海波晓东"
    "立新永红春燕玉兰云峰俊杰慧颖婷雯嘉怡思远子涵梓萱一鸣天翔振华德胜卫东丹阳雅琴晓峰")

# Trade names (字号) and lines of business for enterprise names.
TRADE_NAMES = (
    "瑞泰", "恒信", "华鼎", "博研", "联创", "科睿", "中科", "启明", "汇智", "新纪元", "东昊", "远景",
    "天擎", "凯锐", "晶盛", "微芯", "云帆", "星河", "安捷", "思博", "海岸", "蓝海", "君实", "朗新",
    "欧普", "泰坦", "索凯", "申瑞", "沪航", "锐格", "普睿", "景元", "宏昇", "嘉禾", "鼎盛", "卓越",
    "创芯", "同辉", "百川", "奥科", "铭道", "领创", "华昕", "和元", "赛诺", "康维", "迈锐", "凌云",
    "致远", "德沃", "诺成", "申科", "伟豪", "睿智", "弘毅", "智汇", "耀华", "泓润", "悦目", "优迈",
    "誉达", "雷博", "昊海", "天美", "金瑞", "复曜", "麦腾", "欣科", "拓璞", "久诚", "聚能", "易通",
    "梵谷", "诺华", "骏图", "科华", "天灵", "益诺", "谱尼", "创远", "翌视", "精智", "澜起", "芯源",
)
BUSINESSES = (
    "生物科技", "医药科技", "医疗器械", "信息科技", "网络科技", "软件技术", "电子科技", "智能科技",
    "新材料科技", "环保科技", "自动化设备", "精密机械", "光电科技", "检测技术", "新能源科技",
    "机器人科技", "数据技术", "半导体科技", "仪器仪表", "节能技术",
)
# Parks and the lines of business that gather there, by district.
PARKS = {
    "pudong": (("张江高科技园区", "金桥经济技术开发区", "外高桥保税区", "临港产业区"),
               ("生物科技", "医药科技", "半导体科技", "信息科技", "医疗器械")),
    "huangpu": (("南外滩创意园", "八号桥创意产业园"), ("信息科技", "网络科技", "软件技术")),
    "jingan": (("市北高新技术服务业园区", "大宁科技园"), ("数据技术", "信息科技", "网络科技")),
    "xuhui": (("漕河泾新兴技术开发区", "徐汇滨江西岸"), ("软件技术", "电子科技", "医疗器械", "信息科技")),
    "changning": (("临空经济园区", "虹桥临空"), ("网络科技", "信息科技", "软件技术")),
    "putuo": (("桃浦智创城", "长风生态商务区", "中以（上海）创新园"), ("智能科技", "信息科技", "新材料科技")),
    "hongkou": (("虹口科技园", "北外滩"), ("信息科技", "检测技术", "网络科技")),
    "yangpu": (("五角场创新创业园", "复旦科技园", "同济科技园"), ("软件技术", "环保科技", "智能科技", "数据技术")),
    "minhang": (("紫竹高新技术产业开发区", "莘庄工业区", "闵行经济技术开发区"),
                ("电子科技", "医药科技", "精密机械", "新能源科技")),
    "baoshan": (("宝山工业园区", "上海机器人产业园", "宝山城市工业园区"), ("机器人科技", "新材料科技", "自动化设备")),
    "jiading": (("嘉定工业区", "上海国际汽车城", "嘉定新城"), ("自动化设备", "新能源科技", "光电科技", "仪器仪表")),
    "jinshan": (("金山工业区", "金山第二工业区", "上海化学工业区金山分区"), ("新材料科技", "环保科技", "生物科技")),
    "songjiang": (("松江经济技术开发区", "松江科技园区", "泗泾工业园区"), ("电子科技", "精密机械", "智能科技")),
    "qingpu": (("青浦工业园区", "市西软件信息园", "华新科技园"), ("软件技术", "节能技术", "检测技术")),
    "fengxian": (("奉贤经济开发区", "东方美谷", "临港奉贤园区"), ("生物科技", "医药科技", "新材料科技")),
    "chongming": (("崇明工业园区", "富盛经济开发区"), ("环保科技", "生物科技", "节能技术")),
}
# Administrative division codes (characters 3–8 of a Shanghai credit code).
DIVISIONS = {
    "pudong": "310115", "huangpu": "310101", "jingan": "310106", "xuhui": "310104", "changning": "310105",
    "putuo": "310107", "hongkou": "310109", "yangpu": "310110", "minhang": "310112", "baoshan": "310113",
    "jiading": "310114", "jinshan": "310116", "songjiang": "310117", "qingpu": "310118", "fengxian": "310120",
    "chongming": "310151",
}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(("139", "138", "137", "136", "135", "186", "189", "158", "159", "177", "133")) + \
        f"{rng.randrange(10**8):08d}"


def enterprise_name(rng: random.Random, district: str, taken: set[str]) -> tuple[str, str]:
    """(name, park) of a new enterprise of ``district``; ``taken`` keeps names unique."""
    parks, businesses = PARKS[district]
    while True:
        business = rng.choice(businesses) if rng.random() < 0.7 else rng.choice(BUSINESSES)
        trade = rng.choice(TRADE_NAMES)
        if rng.random() < 0.15:
            trade += rng.choice(("生", "达", "维", "特", "美", "康"))
        name = f"上海{trade}{business}有限公司"
        if name not in taken:
            taken.add(name)
            return name, rng.choice(parks)


def _org_code(body: str) -> str:
    """An organisation code (GB 11714): eight characters and their check character."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(body, _ORG_WEIGHTS))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code(rng: random.Random, district: str, founded_year: int, taken: set[str]) -> str:
    """A valid unified social credit code for a Shanghai company; ``taken`` keeps them unique."""
    while True:
        if founded_year >= 2015:  # codes issued with the licence since the 2015 reform begin MA1
            org = "MA1" + "".join(rng.choice(_ORG_CHARS) for _ in range(5))
            org += rng.choice(_ORG_CHARS)
        else:
            org = _org_code(f"{rng.randrange(10**8):08d}")
        body = "91" + DIVISIONS[district] + org
        code = body + check_char(body)
        if code not in taken:
            taken.add(code)
            return code
