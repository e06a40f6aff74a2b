"""SQLAlchemy 2 typed models for all of DOMAIN.md. Money columns are integer fen (``*_fen``)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        TypeDecorator, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Fen need 64 bits: 2^31 - 1 fen is only 21.47 million yuan. SQLite's INTEGER is 64-bit already;
# PostgreSQL's is not, so there the columns are BIGINT (migration 0007).
FEN = BigInteger().with_variant(Integer(), "sqlite")


class DecimalText(TypeDecorator):
    """An exact Decimal stored as text (SQLite's NUMERIC would pass it through float)."""
    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("floats are not exact; pass a Decimal")
        return format(Decimal(value), "f")

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


class Base(DeclarativeBase):
    pass


class District(Base):
    __tablename__ = "districts"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(40))
    # Where the center's tables list the district (附录四 keeps its own order, not alphabetical).
    report_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Product(Base):
    """A credit product; the "3+X" four plus any added as data, each with its path (domain.path)."""
    __tablename__ = "products"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(80))
    # required | optional | none: the steps a case takes before the recommendation.
    preliminary_review: Mapped[str] = mapped_column(String(10), default="optional", server_default="optional")
    site_visit: Mapped[str] = mapped_column(String(10), default="optional", server_default="optional")
    review_meeting: Mapped[str] = mapped_column(String(10), default="optional", server_default="optional")
    premium_rate: Mapped[Decimal | None] = mapped_column(DecimalText)  # insurance premium / loan, if any
    __table_args__ = tuple(
        CheckConstraint(f"{step} in ('required', 'optional', 'none')", name=f"product_{step}")
        for step in ("preliminary_review", "site_visit", "review_meeting"))


class Station(Base):
    __tablename__ = "stations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    host_org: Mapped[str] = mapped_column(String(200), default="")
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"))
    established: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="active")
    __table_args__ = (CheckConstraint("status in ('active', 'revoked')", name="station_status"),)


class Specialist(Base):
    __tablename__ = "specialists"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    station: Mapped[Station] = relationship()


class Bank(Base):
    __tablename__ = "banks"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    first_year: Mapped[int | None] = mapped_column(Integer)  # first year of 科技履约贷 cooperation
    microloan_partner: Mapped[bool] = mapped_column(Boolean, default=False)


class Enterprise(Base):
    __tablename__ = "enterprises"
    id: Mapped[int] = mapped_column(primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"), index=True)
    park: Mapped[str] = mapped_column(String(200), default="")
    founded: Mapped[dt.date | None] = mapped_column(Date)
    qualifications: Mapped[str] = mapped_column(String(200), default="")  # sorted, comma-separated codes


class ReviewMeeting(Base):
    """A review meeting (评审会) of the center; its decisions are review_* events."""
    __tablename__ = "review_meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    members: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")


class Application(Base):
    """A loan application; status and bank columns are derived from its events (domain.timeline)."""
    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    product_code: Mapped[str] = mapped_column(ForeignKey("products.code"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("specialists.id"))
    requested_fen: Mapped[int | None] = mapped_column(FEN)
    first_bank_loan: Mapped[bool] = mapped_column(Boolean, default=False)
    # Current state, kept in step with the timeline in the same transaction.
    status: Mapped[str | None] = mapped_column(String(30))
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("banks.id"))
    bank_since: Mapped[dt.date | None] = mapped_column(Date)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    last_event_on: Mapped[dt.date | None] = mapped_column(Date)

    enterprise: Mapped[Enterprise] = relationship()
    station: Mapped[Station | None] = relationship()
    specialist: Mapped[Specialist | None] = relationship()
    bank: Mapped[Bank | None] = relationship()
    events: Mapped[list["Event"]] = relationship(
        back_populates="application", order_by="(Event.date, Event.seq)", cascade="all, delete-orphan")

    __table_args__ = (
        # The warning lines: cases at a bank by how long, without reading the table.
        Index("ix_applications_status_since_cover", "status", "bank_since", "last_event_on", "bank_id"),
        Index("ix_applications_last_event_on", "last_event_on"),
        Index("ix_applications_product_submitted", "product_code", "submitted_on"),
        # The workload: a case's station and specialist without reading the table.
        Index("ix_applications_owner", "id", "station_id", "specialist_id"),
        CheckConstraint("requested_fen is null or requested_fen >= 0", name="requested_not_negative"),
    )


class Event(Base):
    """One dated step of an application's timeline; ``seq`` keeps the order within a day."""
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(30))
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("banks.id"))
    amount_fen: Mapped[int | None] = mapped_column(FEN)
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("specialists.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("review_meetings.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    premium_fen: Mapped[int | None] = mapped_column(Integer)  # on a disbursement: the insurance premium paid
    recorded_by: Mapped[str | None] = mapped_column(String(60))  # the user who recorded it

    application: Mapped[Application] = relationship(back_populates="events")
    bank: Mapped[Bank | None] = relationship()
    specialist: Mapped[Specialist | None] = relationship()
    meeting: Mapped[ReviewMeeting | None] = relationship()

    __table_args__ = (
        UniqueConstraint("application_id", "seq", name="uq_event_seq"),
        # Covers the statistics and the warning lines, which read events by type and date.
        Index("ix_events_type_date_cover", "type", "date", "application_id", "seq", "bank_id", "amount_fen"),
        Index("ix_events_work_cover", "type", "date", "specialist_id", "application_id"),
        CheckConstraint("amount_fen is null or amount_fen >= 0", name="amount_not_negative"),
        CheckConstraint("premium_fen is null or premium_fen >= 0", name="premium_not_negative"),
    )


class Activity(Base):
    """The stations' work log and the banks' joint events (station_id null: the center's own)."""
    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("banks.id"), index=True)
    attendees: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")


class SubsidyProgram(Base):
    """A subsidy program as data: its base, rate, cap, window, budget and eligibility."""
    __tablename__ = "subsidy_programs"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    rate: Mapped[Decimal] = mapped_column(DecimalText)
    cap_fen: Mapped[int | None] = mapped_column(FEN)
    opens: Mapped[dt.date | None] = mapped_column(Date)
    closes: Mapped[dt.date | None] = mapped_column(Date)
    eligibility: Mapped[str] = mapped_column(Text, default="")  # the documents' wording, for people
    base: Mapped[str] = mapped_column(String(10), default="premium", server_default="premium")
    budget_fen: Mapped[int | None] = mapped_column(FEN)  # a year
    qualifications: Mapped[str] = mapped_column(String(200), default="", server_default="")  # required, sorted codes
    product_code: Mapped[str | None] = mapped_column(ForeignKey("products.code", name="fk_subsidy_programs_product"))
    classes: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")  # JSON [[code, zh, en], …]
    automatic: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # 免申即享
    reviewer: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # The insurance premium as a share of a linked loan, for proposing cases granted without application.
    premium_rate: Mapped[Decimal | None] = mapped_column(DecimalText)
    __table_args__ = (CheckConstraint("base in ('premium', 'loss', 'spend')", name="subsidy_program_base"),)


class SubsidyBatch(Base):
    """A batch (第 N 批) of cases granted without application, approved in one step."""
    __tablename__ = "subsidy_batches"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    program_code: Mapped[str] = mapped_column(ForeignKey("subsidy_programs.code"))
    number: Mapped[int] = mapped_column(Integer)
    made_on: Mapped[dt.date] = mapped_column(Date)
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (UniqueConstraint("program_code", "number", name="uq_subsidy_batch_number"),)


class SubsidyCase(Base):
    __tablename__ = "subsidy_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    program_code: Mapped[str] = mapped_column(ForeignKey("subsidy_programs.code"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    policy_no: Mapped[str] = mapped_column(String(60), default="")
    insurer: Mapped[str] = mapped_column(String(100), default="")
    premium_fen: Mapped[int | None] = mapped_column(FEN)
    policy_start: Mapped[dt.date | None] = mapped_column(Date)
    submitted: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    status_date: Mapped[dt.date] = mapped_column(Date)
    subsidy_fen: Mapped[int | None] = mapped_column(FEN)  # the computed subsidy
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", name="fk_subsidy_cases_application"), index=True)  # a premium subsidy's loan
    insured_fen: Mapped[int | None] = mapped_column(FEN)
    class_code: Mapped[str | None] = mapped_column(String(40))
    batch: Mapped[str] = mapped_column(String(60), default="", server_default="", index=True)
    approved_fen: Mapped[int | None] = mapped_column(FEN)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    history: Mapped[list["SubsidyStatus"]] = relationship(
        order_by="SubsidyStatus.id", cascade="all, delete-orphan")


class SubsidyStatus(Base):
    """One step of a subsidy case's status history."""
    __tablename__ = "subsidy_status_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("subsidy_cases.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ManualScore(Base):
    """One entry in the history of a manager's score for a manual item, or of an adjustment of a
    computed one: never updated, the latest entry counts; ``score`` None clears the entry."""
    __tablename__ = "manual_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    sheet: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(40))
    item: Mapped[str] = mapped_column(String(40))
    score: Mapped[Decimal | None] = mapped_column(DecimalText)
    reason: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(60), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    computed: Mapped[Decimal | None] = mapped_column(DecimalText)  # the computed value when entered
    rubric: Mapped[str] = mapped_column(String(40), default="", server_default="")
    __table_args__ = (
        Index("ix_manual_scores_item", "year", "sheet", "code", "item"),
        CheckConstraint("sheet in ('station', 'bank')", name="manual_score_sheet"),
    )


class AssessmentClosure(Base):
    """A year's assessment finalized (with the sheets as signed, JSON) or reopened (with a reason)."""
    __tablename__ = "assessment_closures"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(10))
    by: Mapped[str] = mapped_column(String(60))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (CheckConstraint("action in ('finalize', 'reopen')", name="assessment_closure_action"),)


class AllowanceRate(Base):
    """The transport and meal allowance per visit, from ``first_year`` on."""
    __tablename__ = "allowance_rates"
    first_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    per_visit_fen: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("per_visit_fen >= 0", name="allowance_rate_not_negative"),)


class AllowanceStatement(Base):
    """An issued allowance statement of a station for a month (2017-06) or quarter (2017-Q2)."""
    __tablename__ = "allowance_statements"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    period: Mapped[str] = mapped_column(String(10))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(60))
    lines: Mapped[list["AllowanceLine"]] = relationship(order_by="AllowanceLine.id", cascade="all, delete-orphan")
    __table_args__ = (UniqueConstraint("station_id", "period", name="uq_allowance_statement"),)


class AllowanceLine(Base):
    """A visit paid by an issued statement, as it was printed."""
    __tablename__ = "allowance_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("allowance_statements.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(Integer)
    specialist_id: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    ref: Mapped[str] = mapped_column(String(40))
    enterprise: Mapped[str] = mapped_column(String(200))
    specialist: Mapped[str] = mapped_column(String(60))
    per_visit_fen: Mapped[int] = mapped_column(Integer)
    late: Mapped[bool] = mapped_column(Boolean)
    __table_args__ = (Index("ix_allowance_lines_visit", "application_id", "date", "specialist_id"),)


class Setting(Base):
    """A setting that belongs to the database rather than the user (e.g. the demo's working date)."""
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    """Someone who records things: a name, a role (domain.users.ROLES), and for station roles the station."""
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id", name="fk_users_station"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    station: Mapped[Station | None] = relationship()
    __table_args__ = (CheckConstraint(
        "role in ('specialist', 'station_head', 'center_staff', 'manager', 'trainer')", name="user_role"),)


class AuditEntry(Base):
    """One line of the audit trail: who changed which field of which record, from what to what.

    Written by kjdesk.db.audit in the transaction of the change; triggers refuse to update or delete
    it. ``owner`` is the case or enterprise a row belongs to ("applications:12"), so that a case's
    history includes its events; a row of any other table owns itself ("banks:3"). An import is one change set of one line per sheet, naming the file.
    """
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(60), default="")
    action: Mapped[str] = mapped_column(String(10))  # insert | update | delete | import
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(60))
    owner: Mapped[str | None] = mapped_column(String(80))
    field: Mapped[str | None] = mapped_column(String(60))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    change_set: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        CheckConstraint("action in ('insert', 'update', 'delete', 'import')", name="audit_action"),
        # Two indexes only: each is written with every line of every change.
        Index("ix_audit_owner", "owner", "id"),
        Index("ix_audit_user_at", "user", "at"),
    )
