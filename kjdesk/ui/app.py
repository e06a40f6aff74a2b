"""Starting the client: Qt, the CJK font, the language, the database, the main window."""
from __future__ import annotations

import gc
import sys
from pathlib import Path

# The database layer, the first page's services and Babel are imported before PySide6: once
# PySide6 is loaded it reads the source of every module imported after it (its __feature__
# check), which cost a fifth of a second of start-up.
from kjdesk.db.database import default_path, resolve_path  # noqa: I001 (order matters, above)
import kjdesk.db.models  # noqa: F401
import kjdesk.services.settings  # noqa: F401
import kjdesk.services.worklist  # noqa: F401
import kjdesk.ui.formatting  # noqa: F401
import sqlalchemy.orm  # noqa: F401

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kjdesk.ui import settings
from kjdesk.ui.language import apply_language, startup_language

FONT_FILE = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"


def register_cjk_font(app: QApplication) -> str | None:
    """Add the shipped CJK font and put it behind the platform's UI font, so Chinese renders on a
    laptop without Chinese fonts while Latin text keeps the platform's look. Returns its family."""
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    font: QFont = app.font()
    font.setFamilies([font.family(), families[0]])
    app.setFont(font)
    return families[0]


def startup_database(explicit: str | None) -> Path:
    """``--db`` or KJDESK_DB if given, else the database used last time, else the default one."""
    import os

    if explicit or os.environ.get("KJDESK_DB"):
        return resolve_path(explicit)
    last = settings.last_database()
    return last if last is not None and last.exists() else default_path()


def choose_other_database() -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    from kjdesk.i18n import _
    from kjdesk.ui.main_window import DB_FILTER

    chosen, _filter = QFileDialog.getSaveFileName(
        None, _("Open or create another database"), settings.start_folder(), _(DB_FILTER),
        options=QFileDialog.Option.DontConfirmOverwrite)
    settings.remember_folder(chosen)
    return Path(chosen) if chosen else None


def build_client(db: str | None):
    """The application and its shown main window, or (app, None) if no database could be opened."""
    from kjdesk.ui.context import AppContext
    from kjdesk.ui.first_run import prepare_database
    from kjdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("kjdesk")
    app.setOrganizationName("kjdesk")
    register_cjk_font(app)
    apply_language(startup_language(), remember=False)
    path = startup_database(db)
    session_factory = prepare_database(path)
    while session_factory is None:  # explained already; let the user pick another file or quit
        path = choose_other_database()
        if path is None:
            return app, None
        session_factory = prepare_database(path)
    window = MainWindow(AppContext(session_factory, path))
    window.show()
    # What start-up built (modules, Qt wrappers, mappings) lives as long as the program: keep it
    # out of the garbage collector's full passes, which otherwise stall scrolling now and then.
    gc.freeze()
    return app, window


def run_client(db: str | None) -> int:
    from kjdesk.db.database import DatabaseProblem
    from kjdesk.i18n import _

    try:
        app, window = build_client(db)
    except DatabaseProblem as exc:  # a --db the client cannot open at all (a database address, say)
        print(_("kjdesk: {error}").format(error=exc), file=sys.stderr)
        return 2
    if window is None:
        return 2
    return app.exec()
