"""The sheets and columns of the exchange workbook (docs/exchange.md), with their Chinese
titles and the descriptions the template's instructions sheet shows.

The English names are the canonical ones (export writes them); the Chinese titles are accepted as
aliases on import and written by the Chinese template. Kinds name the cell parser (cells.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kjdesk.i18n import N_


# The longest text a cell may hold: codes and references, free text (names …) and the long notes.
CODE_LIMIT, TEXT_LIMIT, NOTE_LIMIT = 40, 200, 2000
_NOTES = frozenset({"note", "minutes", "members", "reason"})


@dataclass(frozen=True)
class Column:
    name: str
    zh: str             # Chinese title accepted on import
    kind: str           # text, date, amount, yesno, int, score, rate, yuan
    required: bool      # a new row needs a value here
    help: str           # N_() text for the instructions sheet

    @property
    def is_code(self) -> bool:
        """A key or a reference to one (code, ref, station_code …): visible characters only."""
        return self.name in ("code", "ref") or self.name.endswith(("_code", "_ref"))

    @property
    def limit(self) -> int:
        return CODE_LIMIT if self.is_code else NOTE_LIMIT if self.name in _NOTES else TEXT_LIMIT


@dataclass(frozen=True)
class Sheet:
    name: str
    zh: str
    help: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


C = Column
SHEETS: tuple[Sheet, ...] = (
    Sheet("stations", "服务站", N_("The service stations (科技金融服务站). Key: code."), (
        C("code", "服务站编号", "text", True, N_("Station code, unique; other sheets use it.")),
        C("name_zh", "服务站名称", "text", True, N_("Name in Chinese.")),
        C("name_en", "英文名称", "text", False, N_("Name in English.")),
        C("host_org", "依托单位", "text", False, N_("The organisation that hosts the station.")),
        C("district", "所在区", "text", False, N_("District: Chinese or English name (浦东新区 or Pudong).")),
        C("established", "成立日期", "date", False, N_("Date the station was set up.")),
        C("status", "状态", "text", False, N_("active or revoked (blank: active).")),
    )),
    Sheet("specialists", "专员", N_("The stations' specialists (科技金融专员). Key: code."), (
        C("code", "专员编号", "text", True, N_("Specialist code, unique.")),
        C("name", "姓名", "text", True, N_("Name.")),
        C("station_code", "服务站编号", "text", True, N_("Code of the specialist's station.")),
        C("phone", "电话", "text", False, N_("Phone number.")),
    )),
    Sheet("banks", "银行", N_("The partner banks. Key: code."), (
        C("code", "银行编号", "text", True, N_("Bank code, unique; other sheets use it.")),
        C("name_zh", "银行名称", "text", True, N_("Name in Chinese.")),
        C("name_en", "英文名称", "text", False, N_("Name in English.")),
        C("first_year", "首次合作年份", "int", False, N_("First year of 科技履约贷 cooperation.")),
        C("microloan_partner", "微贷通合作", "yesno", False, N_("yes or no: a 科技微贷通 partner.")),
    )),
    Sheet("products", "信贷产品", N_(
        "Credit products, an extension of the spec so that products added as data travel too. Key: code."), (
        C("code", "产品编号", "text", True, N_("Product code, unique; the applications sheet uses it.")),
        C("name_zh", "产品名称", "text", True, N_("Name in Chinese.")),
        C("name_en", "英文名称", "text", False, N_("Name in English.")),
        C("preliminary_review", "初审", "text", False, N_(
            "required, optional or none: the preliminary review before a recommendation (blank: optional).")),
        C("site_visit", "贷前调查", "text", False, N_("required, optional or none: the pre-loan site visit.")),
        C("review_meeting", "评审会", "text", False, N_("required, optional or none: the center's review meeting.")),
        C("premium_rate", "保费费率", "rate", False, N_(
            "The insurance premium as a fraction of the loan (0.015 for 1.5%), for products that carry one.")),
    )),
    Sheet("enterprises", "企业", N_("The enterprises. Key: credit_code."), (
        C("credit_code", "统一社会信用代码", "text", True,
          N_("Unified social credit code, 18 characters, checked (GB 32100-2015).")),
        C("name", "企业名称", "text", True, N_("Name of the enterprise.")),
        C("district", "所在区", "text", True, N_("District: Chinese or English name (浦东新区 or Pudong).")),
        C("park", "园区", "text", False, N_("Park.")),
        C("founded", "成立日期", "date", False, N_("Date the enterprise was founded.")),
        C("qualifications", "资质", "text", False, N_(
            "Comma-separated: high_tech, little_giant, little_giant_candidate, specialized_new, tech_sme "
            "(or their Chinese names).")),
    )),
    Sheet("review_meetings", "评审会", N_(
        "Review meetings (评审会), an extension of the spec so that decisions keep their meeting. Key: code."), (
        C("code", "评审会编号", "text", True, N_("Meeting code, unique; the events sheet's meeting_code uses it.")),
        C("date", "日期", "date", True, N_("Date of the meeting.")),
        C("members", "参会人员", "text", False, N_("Members present.")),
        C("minutes", "会议纪要", "text", False, N_("Minutes.")),
    )),
    Sheet("applications", "贷款申请", N_("Loan applications. Key: ref."), (
        C("ref", "申请编号", "text", True, N_("Application reference, unique; the events sheet uses it.")),
        C("credit_code", "统一社会信用代码", "text", True, N_("The applying enterprise.")),
        C("product", "产品", "text", True, N_(
            "performance_loan, little_giant_credit, micro_loan, venture_loan or a product added as data "
            "(code or name).")),
        C("station_code", "服务站编号", "text", False, N_("Station that took the application.")),
        C("specialist_code", "专员编号", "text", False, N_("Specialist in charge.")),
        C("requested_amount", "申请金额", "amount", False, N_("Amount requested, 10k CNY, at most 6 decimals.")),
        C("first_bank_loan", "首贷", "yesno", False, N_("yes or no: the enterprise's first bank loan.")),
    )),
    Sheet("events", "事件", N_(
        "The timeline of each application. The events of an application that include its submitted event "
        "replace its stored timeline; events without one are added to it. The whole timeline must make sense."), (
        C("application_ref", "申请编号", "text", True, N_("The application (ref).")),
        C("date", "日期", "date", True, N_("Date of the event; events of one day keep the order of the rows.")),
        C("type", "事件", "text", True, N_(
            "submitted, preliminary_passed, preliminary_returned, investigated, review_passed, review_deferred, "
            "review_rejected, recommended, bank_approved, bank_declined, bank_switched, followed_up, "
            "disbursed, repaid, overdue, withdrawn.")),
        C("bank_code", "银行编号", "text", False, N_(
            "For recommended, bank_approved, bank_declined, bank_switched: the bank (for a switch, the new one); "
            "on followed_up, disbursed, repaid, overdue it may name the case's bank.")),
        C("amount", "金额", "amount", False, N_(
            "10k CNY, for review_passed, recommended, bank_approved (required) and disbursed, repaid, overdue.")),
        C("specialist_code", "专员编号", "text", False, N_("Who did it.")),
        C("meeting_code", "评审会编号", "text", False, N_(
            "For review decisions: the meeting. Blank: a 科技履约贷 decision goes to the meeting held that day "
            "(created if there is none); other products' decisions have no meeting.")),
        C("note", "备注", "text", False, N_("Note; a bank switch needs its reason here.")),
        C("premium", "保费", "amount", False, N_("10k CNY, on disbursed: the insurance premium the enterprise paid.")),
        C("recorded_by", "记录人", "text", False, N_("The user who recorded the event.")),
    )),
    Sheet("activities", "工作记录", N_(
        "The stations' work log and the banks' joint events. A row equal in every column to a stored one is "
        "that one, not a new one."), (
        C("date", "日期", "date", True, N_("Date.")),
        C("station_code", "服务站编号", "text", False, N_("Station; blank for an event of the center's own.")),
        C("type", "类型", "text", True, N_(
            "publicity_event, training_event, matchmaking_event, attendance, absence, work_summary, case_report, "
            "research_report_accepted, joint_research.")),
        C("bank_code", "合作银行编号", "text", False, N_("Co-hosting bank of an event, if any (a joint event).")),
        C("attendees", "参加人数", "int", False, N_("Number of attendees.")),
        C("title", "标题", "text", False, N_("Title.")),
    )),
    Sheet("subsidy_programs", "补贴项目", N_("Subsidy programs as data. Key: code."), (
        C("code", "项目编号", "text", True, N_("Program code, unique; the subsidies sheet uses it.")),
        C("name_zh", "项目名称", "text", True, N_("Name in Chinese.")),
        C("name_en", "英文名称", "text", False, N_("Name in English.")),
        C("base", "补贴基数", "text", True, N_(
            "What the subsidy is a share of: premium (insurance premium), loss (investment loss) or spend "
            "(service spend).")),
        C("rate", "补贴比例", "rate", True, N_("Share of the base paid: 0.5 or 50%.")),
        C("cap", "单笔上限", "amount", False, N_("Cap per policy or case, 10k CNY; blank for none.")),
        C("opens", "受理起始日", "date", False, N_("The base must arise on or after this day (blank: no limit).")),
        C("closes", "受理截止日", "date", False, N_("… and on or before this day (blank: no limit).")),
        C("budget", "年度预算", "amount", False, N_("Budget a year, 10k CNY; blank for none.")),
        C("qualifications", "资质要求", "text", False, N_(
            "Comma-separated qualifications the enterprise must all have (high_tech, tech_sme…).")),
        C("product", "关联信贷产品", "text", False, N_("A linked credit product: each case names a loan of it.")),
        C("classes", "适用类别", "text", False, N_(
            "Comma-separated eligible classes, each code:中文名:English name (blank: any).")),
        C("automatic", "免申即享", "yesno", False, N_("yes or no: granted without application (免申即享).")),
        C("premium_rate", "保费费率", "rate", False, N_(
            "Extension: the premium as a share of the linked loan, to propose cases granted without application.")),
        C("reviewer", "评审单位", "text", False, N_("Extension: who reviews the cases.")),
        C("eligibility", "申报条件", "text", False, N_("Extension: the documents' wording of the conditions.")),
    )),
    Sheet("subsidies", "补贴", N_("Subsidy cases. Key: ref."), (
        C("ref", "补贴编号", "text", True, N_("Subsidy case reference, unique.")),
        C("program", "补贴项目", "text", True, N_(
            "performance_loan_premium, clinical_trial_liability, product_liability, angel_risk_compensation, "
            "innovation_voucher or a program added as data.")),
        C("credit_code", "统一社会信用代码", "text", True, N_("The enterprise.")),
        C("station_code", "服务站编号", "text", False, N_("Station that accepted the case.")),
        C("policy_no", "保单号", "text", False, N_("Policy or document number.")),
        C("insurer", "保险公司", "text", False, N_("Insurer (or fund).")),
        C("premium", "保费", "amount", False, N_("Premium, 10k CNY.")),
        C("policy_start", "保单起始日", "date", False, N_("First day of the policy.")),
        C("submitted", "申请日期", "date", True, N_("Date the subsidy was applied for.")),
        C("status", "状态", "text", True, N_(
            "submitted, returned, accepted, expert_review, approved, rejected or paid (with subsidy_steps: the last "
            "step's).")),
        C("status_date", "状态日期", "date", False, N_("Date of the current status (blank: the submitted date).")),
        C("subsidy", "补贴金额", "amount", False, N_(
            "10k CNY; blank: computed as min(premium × rate, cap) of the program (none for a rejected case).")),
        C("application_ref", "贷款申请编号", "text", False, N_("The loan a premium subsidy belongs to (ref).")),
        C("insured", "承保金额", "amount", False, N_("Insured amount of the policy, 10k CNY.")),
        C("class", "类别", "text", False, N_("Eligible class of the program (code), if it has classes.")),
        C("batch", "批次", "text", False, N_("The batch the case is granted or paid in.")),
        C("approved", "核定金额", "amount", False, N_(
            "10k CNY, the approved amount when it differs from the computed one (lower, with a reason).")),
        C("reason", "理由", "text", False, N_("Reason of a lower approval or a rejection.")),
    )),
    Sheet("subsidy_batches", "补贴批次", N_(
        "Batches (第 N 批) of cases granted without application, an extension of the spec. Key: code."), (
        C("code", "批次编号", "text", True, N_("Batch code, unique; the subsidies sheet's batch uses it.")),
        C("program", "补贴项目", "text", True, N_("The program (code).")),
        C("number", "批次序号", "int", True, N_("N of 第 N 批, unique within the program.")),
        C("made_on", "生成日期", "date", True, N_("Day the batch was made; its cases are accepted that day.")),
        C("period_from", "放款起始日", "date", True, N_("First day of the disbursements it covers.")),
        C("period_to", "放款截止日", "date", True, N_("Last day of the disbursements it covers.")),
        C("approved_on", "核定日期", "date", False, N_("Day the batch was approved (blank: not yet).")),
    )),
    Sheet("subsidy_steps", "补贴办理记录", N_(
        "A subsidy case's whole history, in order; a case's steps here replace its stored history and decide its "
        "status."), (
        C("ref", "补贴编号", "text", True, N_("The subsidy case (ref).")),
        C("date", "日期", "date", True, N_("Date of the step.")),
        C("status", "状态", "text", True, N_(
            "submitted, returned, accepted, expert_review, approved, rejected or paid.")),
        C("by", "经办人", "text", False, N_("Who did it.")),
        C("note", "备注", "text", False, N_("Note or reason.")),
    )),
    Sheet("manual_scores", "人工评分", N_(
        "The manager's scores of manual assessment items and adjustments. Key: year, sheet, code, item."), (
        C("year", "年度", "int", True, N_("Assessment year.")),
        C("sheet", "考核表", "text", True, N_("station or bank.")),
        C("code", "编号", "text", True, N_("Station or bank code.")),
        C("item", "指标", "text", True, N_("Item id of the assessment sheet (e.g. responsiveness, growth).")),
        C("score", "得分", "score", True, N_("Score, 0 to the item's maximum.")),
        C("reason", "理由", "text", False, N_("Reason (required for an adjustment of a computed item).")),
        C("by", "评分人", "text", False, N_("Who gave the score.")),
    )),
    Sheet("allowance_rates", "调查补贴标准", N_(
        "The transport and meal allowance for one pre-loan site visit, from a year on. Key: first_year."), (
        C("first_year", "起始年份", "int", True, N_("The first year the rate applies to.")),
        C("per_visit", "每次补贴（元）", "yuan", True, N_("元 per visit, at most two decimals, not below 0.")),
    )),
    Sheet("users", "用户", N_("The database's users and their roles. Key: name. Only a manager imports users; "
                            "there must stay an active manager."), (
        C("name", "姓名", "text", True, N_("The user's name, unique; the audit trail records it.")),
        C("role", "角色", "text", True, N_("specialist, station_head, center_staff, manager or trainer.")),
        C("station_code", "服务站编号", "text", False, N_("The station of a specialist or station head.")),
        C("active", "在用", "yesno", False, N_("yes or no: a user no longer active may not record anything.")),
    )),
)
SHEET_BY_NAME = {s.name: s for s in SHEETS}
INSTRUCTIONS = ("instructions", "说明")


def normalize_title(text: str) -> str:
    """A column or sheet title as compared on import: case, spaces and a 万元 unit do not matter."""
    text = str(text).strip().lower().replace("（", "(").replace("）", ")")
    text = re.sub(r"\((万元|wan|万)\)$", "", text)
    return re.sub(r"[\s_]+", "_", text).strip("_")


_SHEET_KEYS = {normalize_title(key): s for s in SHEETS for key in (s.name, s.zh)}
_INSTRUCTION_KEYS = {normalize_title(t) for t in INSTRUCTIONS}


def sheet_for_title(title: str) -> Sheet | None:
    return _SHEET_KEYS.get(normalize_title(title))


def is_instructions(title: str) -> bool:
    return normalize_title(title) in _INSTRUCTION_KEYS


def column_for_title(sheet: Sheet, title: str) -> Column | None:
    key = normalize_title(title)
    for column in sheet.columns:
        if key in (column.name, normalize_title(column.zh)):
            return column
    return None
