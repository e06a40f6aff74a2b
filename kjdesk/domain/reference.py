"""Reference data named in the documents: districts, products, qualifications, work-log types."""
from __future__ import annotations

from dataclasses import dataclass

from kjdesk.i18n import N_, current_language


@dataclass(frozen=True)
class Named:
    code: str
    name_zh: str
    name_en: str

    def name(self, lang: str | None = None) -> str:
        return self.name_zh if (lang or current_language()) == "zh_CN" else self.name_en


DISTRICTS = (
    Named("pudong", "浦东新区", "Pudong"),
    Named("huangpu", "黄浦区", "Huangpu"),
    Named("jingan", "静安区", "Jing'an"),
    Named("xuhui", "徐汇区", "Xuhui"),
    Named("changning", "长宁区", "Changning"),
    Named("putuo", "普陀区", "Putuo"),
    Named("hongkou", "虹口区", "Hongkou"),
    Named("yangpu", "杨浦区", "Yangpu"),
    Named("minhang", "闵行区", "Minhang"),
    Named("baoshan", "宝山区", "Baoshan"),
    Named("jiading", "嘉定区", "Jiading"),
    Named("jinshan", "金山区", "Jinshan"),
    Named("songjiang", "松江区", "Songjiang"),
    Named("qingpu", "青浦区", "Qingpu"),
    Named("fengxian", "奉贤区", "Fengxian"),
    Named("chongming", "崇明区", "Chongming"),
)


def district_code(text: str) -> str | None:
    """The district code for its code, Chinese name or English name (None if unknown)."""
    return _DISTRICT_KEYS.get(text.strip().lower().replace("'", ""))


_DISTRICT_KEYS = {
    key: d.code for d in DISTRICTS for key in (d.code, d.name_zh, d.name_en.lower().replace("'", ""))
}


# The "3+X" products; more can be added as data (the products table).
PRODUCTS = (
    Named("performance_loan", "科技履约贷", "Performance-guarantee loan"),
    Named("little_giant_credit", "小巨人信用贷", "Little Giant credit loan"),
    Named("micro_loan", "科技微贷通", "Tech micro-loan"),
    Named("venture_loan", "创投贷", "Venture loan"),
)
PERFORMANCE_LOAN = "performance_loan"
MICRO_LOAN = "micro_loan"

QUALIFICATIONS = (
    Named("high_tech", "高新技术企业", "High-tech enterprise"),
    Named("little_giant", "科技小巨人", "Tech Little Giant"),
    Named("little_giant_candidate", "小巨人培育", "Little Giant candidate"),
    Named("specialized_new", "专精特新", "Specialized and new"),
    Named("tech_sme", "科技型中小企业", "Tech SME"),
)
QUALIFICATION_CODES = frozenset(q.code for q in QUALIFICATIONS)

STATION_STATUSES = ("active", "revoked")

# The stations' work log and the banks' joint events.
ACTIVITY_TYPES = {
    "publicity_event": N_("Policy publicity event"),
    "training_event": N_("Training or coaching event"),
    "matchmaking_event": N_("Matchmaking event"),
    "attendance": N_("Attended a center meeting"),
    "absence": N_("Absent from a center meeting"),
    "work_summary": N_("Work summary"),
    "case_report": N_("Case report"),
    "research_report_accepted": N_("Research report accepted"),
    "joint_research": N_("Joint research project"),
}
EVENT_ACTIVITY_TYPES = frozenset({"publicity_event", "training_event", "matchmaking_event"})

SUBSIDY_STATUSES = {
    "submitted": N_("Submitted"),
    "returned": N_("Returned for material"),
    "accepted": N_("Accepted by the station"),
    "expert_review": N_("Expert review"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "paid": N_("Paid"),
}
