"""CI: start the real client on the display's platform (xcb under Xvfb, not offscreen) and check
that its main window is shown and exposed; exit 0 if it is, 1 if not within the time given.

    python .ci/show_window.py --db DEMO.sqlite [--seconds 60]
"""
from __future__ import annotations

import argparse
import sys
import time

from kjdesk.ui.app import build_client  # noqa: I001 (kjdesk's import order: before PySide6)

from PySide6.QtCore import QTimer


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    app, window = build_client(args.db)
    if window is None:
        print("show_window: the client could not open", args.db, file=sys.stderr)
        return 1
    deadline = time.monotonic() + args.seconds

    def check() -> None:
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and handle.isExposed():
            print(f"show_window: the main window is shown on {app.platformName()}: "
                  f"{window.windowTitle()!r}, {window.width()}x{window.height()}")
            window.close()
            app.exit(0)
        elif time.monotonic() > deadline:
            print(f"show_window: no main window shown on {app.platformName()} after {args.seconds:g} s",
                  file=sys.stderr)
            app.exit(1)

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(100)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
