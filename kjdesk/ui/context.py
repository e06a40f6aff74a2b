"""What every screen shares: the open database and the signals that tie screens together."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session, sessionmaker

from kjdesk.db.database import ServerAddress


class AppContext(QObject):
    """One per open database. Screens call services through ``write()``/``read()`` and never
    hold a session across user think-time."""

    open_case = Signal(int)          # application id: show that case
    data_changed = Signal()          # a write committed: visible lists re-query
    language_changed = Signal(str)   # the UI language switched live ("zh_CN" or "en")

    def __init__(self, session_factory: sessionmaker[Session], db_path: Path | ServerAddress,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.session_factory = session_factory
        self.db_path = db_path if isinstance(db_path, ServerAddress) else Path(db_path)

    @property
    def on_server(self) -> bool:
        """A database on a PostgreSQL server rather than a file: no folder, not in the recent files."""
        return isinstance(self.db_path, ServerAddress)

    def folder(self) -> str:
        """The folder of the database file, where file dialogs start; none for a server database."""
        return "" if self.on_server else str(self.db_path.parent)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.session_factory() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed on success (then ``data_changed``), rolled back on error."""
        with self.session_factory.write() as session:
            yield session
        self.data_changed.emit()
