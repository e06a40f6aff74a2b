"""Station workloads, visit allowances, and the assessment's history and finalizing.

- Indexes that let a year's workload count case events per station and specialist without
  reading the event or application rows (0.8 s before on 200,000 cases).
- Visit allowances: the rate per visit by the year it takes effect; issued statements with the
  visits they paid, kept as issued.
- Manual scores become a history: a new entry is a new row (never an update), each keeping the
  computed value and the rubric at the time; ``score`` null means "cleared". Today's entries are
  kept as the first entry of their history.
- Finalizing and reopening a year's assessment, each kept with who, when, why, and (finalizing)
  the sheets as signed.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_work_cover", "events", ["type", "date", "specialist_id", "application_id"])
    op.create_index("ix_applications_owner", "applications", ["id", "station_id", "specialist_id"])
    op.create_table(
        "allowance_rates",
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("per_visit_fen", sa.Integer(), nullable=False),
        sa.CheckConstraint("per_visit_fen >= 0", name="allowance_rate_not_negative"),
        sa.PrimaryKeyConstraint("first_year"))
    op.create_table(
        "allowance_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("station_id", "period", name="uq_allowance_statement"))
    op.create_table(
        "allowance_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(),
                  sa.ForeignKey("allowance_statements.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("enterprise", sa.String(length=200), nullable=False),
        sa.Column("specialist", sa.String(length=60), nullable=False),
        sa.Column("per_visit_fen", sa.Integer(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_allowance_lines_visit", "allowance_lines", ["application_id", "date", "specialist_id"])
    with op.batch_alter_table("manual_scores") as batch:
        batch.drop_constraint("uq_manual_score", type_="unique")
        batch.alter_column("score", existing_type=sa.String(length=40), nullable=True)
        batch.add_column(sa.Column("computed", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("rubric", sa.String(length=40), nullable=False, server_default=""))
        batch.create_index("ix_manual_scores_item", ["year", "sheet", "code", "item"])
    op.create_table(
        "assessment_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False, index=True),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("by", sa.String(length=60), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.CheckConstraint("action in ('finalize', 'reopen')", name="assessment_closure_action"),
        sa.PrimaryKeyConstraint("id"))


def downgrade() -> None:
    op.drop_table("assessment_closures")
    with op.batch_alter_table("manual_scores") as batch:
        batch.drop_index("ix_manual_scores_item")
        batch.drop_column("rubric")
        batch.drop_column("computed")
    op.execute("DELETE FROM manual_scores WHERE score IS NULL OR id NOT IN "
               "(SELECT max(id) FROM manual_scores GROUP BY year, sheet, code, item)")
    with op.batch_alter_table("manual_scores") as batch:
        batch.alter_column("score", existing_type=sa.String(length=40), nullable=False)
        batch.create_unique_constraint("uq_manual_score", ["year", "sheet", "code", "item"])
    op.drop_index("ix_allowance_lines_visit", table_name="allowance_lines")
    op.drop_table("allowance_lines")
    op.drop_table("allowance_statements")
    op.drop_table("allowance_rates")
    op.drop_index("ix_applications_owner", table_name="applications")
    op.drop_index("ix_events_work_cover", table_name="events")
