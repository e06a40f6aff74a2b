"""Districts carry the order in which the center's tables list them.

The published district table (附录四) lists districts in the center's own order, neither by size
nor alphabetically, so the order is reference data.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen here: a later change of the order is a later migration.
ORDER = ("pudong", "minhang", "jiading", "songjiang", "jinshan", "yangpu", "qingpu", "fengxian",
         "baoshan", "jingan", "xuhui", "chongming", "putuo", "changning", "hongkou", "huangpu")


def upgrade() -> None:
    with op.batch_alter_table("districts") as batch_op:
        batch_op.add_column(sa.Column("report_order", sa.Integer(), server_default="0", nullable=False))
    districts = sa.table("districts", sa.column("code", sa.String), sa.column("report_order", sa.Integer))
    for position, code in enumerate(ORDER, start=1):
        op.execute(districts.update().where(districts.c.code == code).values(report_order=position))


def downgrade() -> None:
    with op.batch_alter_table("districts") as batch_op:
        batch_op.drop_column("report_order")
