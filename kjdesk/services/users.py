"""Users, their roles, and what each role may do, as data; the services ask ``require`` before they write.

Until a database has users (a new or an older database) whoever works is an unnamed local user
with every right, recorded in the audit trail under the name given (``--user``, KJDESK_USER or the
login name). Once it has users, the one working must be one of its active users, and the role
decides: this is the services' own check, whatever the client offers.
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kjdesk.db.audit import user_of
from kjdesk.db.models import Station, User
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import N_, _
from kjdesk.services.settings import get_setting, set_setting

ROLES = ("specialist", "station_head", "center_staff", "manager", "trainer")
STATION_ROLES = ("specialist", "station_head")
ROLE_LABELS = {"specialist": N_("Specialist"), "station_head": N_("Station head"),
               "center_staff": N_("Center staff"), "manager": N_("Manager"), "trainer": N_("Trainer")}

# What each action is, for the reason given when a role may not do it.
ACTIONS = {
    "register_enterprise": N_("register enterprises"),
    "work_case": N_("take and work cases"),
    "log_work": N_("log a station's work"),
    "station_reports": N_("make a station's reports and allowance statements"),
    "decide_case": N_("record review meetings, recommendations, bank decisions and switches"),
    "subsidy_review": N_("review, approve, batch and pay subsidy cases"),
    "assess": N_("score, adjust and finalize the assessment"),
    "all_reports": N_("make every report"),
    "manage_users": N_("manage users and stations"),
    "import": N_("import a workbook"),
}
_SPECIALIST = {"register_enterprise", "work_case", "log_work"}
PERMISSIONS: dict[str, frozenset[str]] = {
    "specialist": frozenset(_SPECIALIST),
    "station_head": frozenset(_SPECIALIST | {"station_reports"}),
    "center_staff": frozenset({"register_enterprise", "work_case", "decide_case", "subsidy_review", "import"}),
    "manager": frozenset({"assess", "all_reports", "station_reports", "manage_users", "import"}),
    "trainer": frozenset(ACTIONS),
}

# The center's decisions on a case; every other event is the station's work on it.
CENTER_EVENTS = frozenset({"review_passed", "review_deferred", "review_rejected", "recommended", "bank_approved",
                           "bank_declined", "bank_switched"})


def event_action(event_type: str) -> str:
    return "decide_case" if event_type in CENTER_EVENTS else "work_case"


# A database the demo or a training set wrote says so; only there may a trainer work.
PURPOSE = "purpose"
TRAINING = "training"


@dataclass(frozen=True)
class Acting:
    """Who is working: ``user`` None is the unnamed local user of a database without users."""
    name: str
    user: User | None

    def may(self, action: str) -> bool:
        return self.user is None or action in PERMISSIONS[self.user.role]


def default_name() -> str:
    """The name recorded when none is given: KJDESK_USER, else the login name."""
    if os.environ.get("KJDESK_USER"):
        return os.environ["KJDESK_USER"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def is_training(session: Session) -> bool:
    return get_setting(session, PURPOSE) == TRAINING


def mark_training(session: Session) -> None:
    set_setting(session, PURPOSE, TRAINING)


def acting(session: Session) -> Acting:
    """The user the session works for; DomainError if the database has users and this is none of them."""
    name = user_of(session)
    if not has_users(session):
        return Acting(name, None)
    user = session.scalar(select(User).where(User.name == name))
    if user is None or not user.active:
        raise DomainError(_("“{name}” is not an active user of this database; give --user with one of its users "
                            "(a manager adds users)").format(name=name))
    if user.role == "trainer" and not is_training(session):
        raise DomainError(_("{name} is a trainer: a trainer works only in a demo or training database, "
                            "never in a working one").format(name=name))
    return Acting(name, user)


def require(session: Session, action: str, station_id: int | None = None) -> Acting:
    """Refuse, with the reason, what the working user's role (or station) may not do."""
    who = acting(session)
    if who.user is None:
        return who
    if not who.may(action):
        raise DomainError(_("{name} ({role}) may not {action}").format(
            name=who.name, role=_(ROLE_LABELS[who.user.role]), action=_(ACTIONS[action])))
    if who.user.role in STATION_ROLES and station_id is not None and station_id != who.user.station_id:
        raise DomainError(_("{name} works for another station and may not {action} of this one").format(
            name=who.name, action=_(ACTIONS[action])))
    return who


def save_user(session: Session, name: str, role: str, station_code: str | None = None, active: bool = True,
              user_id: int | None = None) -> User:
    """Add a user (``user_id`` None) or change one. The first user must be a manager, so that someone
    can manage the others; after that only a manager (or a trainer) may."""
    name = name.strip()
    if not name:
        raise DomainError(_("a user needs a name"))
    if role not in ROLES:
        raise DomainError(_("“{role}” is not a role (one of: {roles})").format(role=role, roles=", ".join(ROLES)))
    first = not has_users(session)
    if first and (role != "manager" or not active):
        raise DomainError(_("the first user must be an active manager, who then adds the others"))
    if not first:
        require(session, "manage_users")
    station = None
    if role in STATION_ROLES:
        if not station_code:
            raise DomainError(_("a {role} belongs to a station; give the station").format(role=_(ROLE_LABELS[role])))
        station = session.scalar(select(Station).where(Station.code == station_code))
        if station is None:
            raise DomainError(_("no station “{code}”").format(code=station_code))
    clash = session.scalar(select(User).where(User.name == name))
    if clash is not None and clash.id != user_id:
        raise DomainError(_("there is already a user named “{name}”").format(name=name))
    user = User() if user_id is None else session.get(User, user_id)
    if user is None:
        raise DomainError(_("no user with id {id}").format(id=user_id))
    user.name, user.role, user.station_id, user.active = name, role, station.id if station else None, active
    if user_id is None:
        session.add(user)
    session.flush()
    if not session.scalar(select(func.count()).select_from(User).where(User.role == "manager", User.active)):
        raise DomainError(_("this would leave no active manager to manage the users"))
    return user


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    role: str
    station: str
    active: bool


_SORTS = {"name": User.name, "role": User.role}


def user_ids(session: Session, sort: str | None = "name", descending: bool = False) -> list[int]:
    column = _SORTS.get(sort or "name", User.name)
    return list(session.scalars(select(User.id).order_by(column.desc() if descending else column, User.name)))


def user_rows(session: Session, ids) -> dict[int, UserRow]:
    rows = session.execute(select(User.id, User.name, User.role, Station.code, User.active)
                           .outerjoin(Station, Station.id == User.station_id).where(User.id.in_(list(ids))))
    return {r[0]: UserRow(r[0], r[1], r[2], r[3] or "", bool(r[4])) for r in rows}


def station_choices(session: Session) -> list[tuple[str, str]]:
    """(code, "code name") of the active stations, for a station role."""
    return [(code, f"{code} {name}") for code, name in session.execute(
        select(Station.code, Station.name_zh).where(Station.status == "active").order_by(Station.code))]
