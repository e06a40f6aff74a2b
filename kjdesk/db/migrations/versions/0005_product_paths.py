"""Products name their path (preliminary review, site visit, review meeting: required, optional or
none) and their premium rate; events keep the premium paid on a disbursement and who recorded them.

The four products get the paths of DOMAIN.md: 科技履约贷 requires the preliminary review and the
review meeting; 小巨人信用贷, 科技微贷通 and 创投贷 may go from submitted straight to recommended.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_STEP = "in ('required', 'optional', 'none')"


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        for step in ("preliminary_review", "site_visit", "review_meeting"):
            batch.add_column(sa.Column(step, sa.String(10), nullable=False, server_default="optional"))
            batch.create_check_constraint(f"product_{step}", f"{step} {_STEP}")
        batch.add_column(sa.Column("premium_rate", sa.String(40), nullable=True))
    # Frozen here rather than read from kjdesk.domain, so this step does the same thing forever.
    op.execute("update products set preliminary_review = 'required', review_meeting = 'required' "
               "where code = 'performance_loan'")
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("premium_fen", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("recorded_by", sa.String(60), nullable=True))
        batch.create_check_constraint("premium_not_negative", "premium_fen is null or premium_fen >= 0")


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("premium_not_negative", type_="check")
        batch.drop_column("recorded_by")
        batch.drop_column("premium_fen")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("premium_rate")
        for step in ("review_meeting", "site_visit", "preliminary_review"):
            batch.drop_constraint(f"product_{step}", type_="check")
            batch.drop_column(step)
