"""Indexes that cover what the statistics and the warning lines read.

With only (type, date, application_id) in the index, a year's statistics on 200,000 cases read
every matching event row from the table at random (0.5-0.9 s for the 3+X table); with the
sequence, bank and amount in the index they never leave it (0.2-0.3 s). Likewise the warning
lines find the cases at a bank, and those with events after the day asked about, from indexes alone.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_events_type_date", table_name="events")
    op.create_index("ix_events_type_date_cover", "events",
                    ["type", "date", "application_id", "seq", "bank_id", "amount_fen"])
    op.drop_index("ix_applications_status_since", table_name="applications")
    op.create_index("ix_applications_status_since_cover", "applications",
                    ["status", "bank_since", "last_event_on", "bank_id"])
    op.create_index("ix_applications_last_event_on", "applications", ["last_event_on"])


def downgrade() -> None:
    op.drop_index("ix_applications_last_event_on", table_name="applications")
    op.drop_index("ix_applications_status_since_cover", table_name="applications")
    op.create_index("ix_applications_status_since", "applications", ["status", "bank_since"])
    op.drop_index("ix_events_type_date_cover", table_name="events")
    op.create_index("ix_events_type_date", "events", ["type", "date", "application_id"])
