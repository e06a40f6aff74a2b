"""The local database: typed models, opening and upgrading the file."""

from kjdesk.db import audit  # noqa: E402,F401  (registers the audit trail's session hooks)
