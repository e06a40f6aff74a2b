"""Alembic, driven from code: the migrations ship inside the package."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def config(path) -> Config:
    """Alembic's configuration for a database file (a Path) or a server database (a ServerAddress)."""
    from kjdesk.db.postgres import ServerAddress

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # Passed as an attribute, not an option: an option's "%" (in an escaped password) is interpolated.
    cfg.attributes["url"] = path.sqlalchemy_url if isinstance(path, ServerAddress) else f"sqlite:///{path}"
    return cfg


def script() -> ScriptDirectory:
    return ScriptDirectory.from_config(config(Path("unused")))


def head() -> str:
    return script().get_current_head()


def is_known(revision: str) -> bool:
    return revision in {rev.revision for rev in script().walk_revisions()}


def upgrade(path, target: str = "head") -> None:
    command.upgrade(config(path), target)
