"""Pages that re-query after a write only while they are shown."""
from __future__ import annotations


class RefreshWhenShown:
    """Mixin for a page with ``refresh()``: a write re-queries a shown page at once, and marks a
    hidden one stale so it re-queries when shown again (every write would otherwise recount every
    page). ``refresh()`` clears ``stale``."""

    stale = False

    def data_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()
