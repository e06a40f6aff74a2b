"""Who is working: asked at start when the database has users, remembered per database; the user's
role then decides what the client offers (the services check it again)."""
from __future__ import annotations

from typing import Callable

from sqlalchemy import select

from kjdesk.db.audit import act_as
from kjdesk.db.models import User
from kjdesk.i18n import _
from kjdesk.services.users import PERMISSIONS, ROLE_LABELS, default_name
from kjdesk.ui import settings
from kjdesk.ui.context import AppContext

Ask = Callable[[list[str], str | None], "str | None"]


def ask_with_dialog(parent) -> Ask:
    def ask(names: list[str], remembered: str | None) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        current = names.index(remembered) if remembered in names else 0
        name, ok = QInputDialog.getItem(parent, _("Who is working?"), _("Your name:"), names, current, False)
        return name if ok else None
    return ask


def sign_in(ctx: AppContext, ask: Ask) -> tuple[str, str | None]:
    """Set who works on ctx's database: (name, role). Without users: the local user, no question."""
    with ctx.read() as session:
        users = {u.name: u.role for u in session.scalars(select(User).where(User.active).order_by(User.name))}
    if not users:
        name, role = default_name(), None
    else:
        remembered = settings.user_for(ctx.db_path)
        name = ask(list(users), remembered) or ""
        role = users.get(name)
        if role is not None:
            settings.remember_user(ctx.db_path, name)
    act_as(ctx.session_factory, name)
    ctx.user, ctx.role = name, role
    return name, role


def may(ctx: AppContext, action: str) -> bool:
    """Whether the client offers ``action`` to the one working (everything without users)."""
    role = getattr(ctx, "role", None)
    return not _has_users(ctx) if role is None else action in PERMISSIONS[role]


def _has_users(ctx: AppContext) -> bool:
    with ctx.read() as session:
        return session.scalar(select(User.id).limit(1)) is not None


def status_text(ctx: AppContext) -> str:
    """The user and role; before the database has users, the local user (the trail records the login)."""
    role = getattr(ctx, "role", None)
    if role is not None:
        return _("User: {name}").format(name=ctx.user) + f" · {_(ROLE_LABELS[role])}"
    return _("Nobody signed in") if _has_users(ctx) else _("Local user (no users yet)")
