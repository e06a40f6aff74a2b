"""Money columns hold 64-bit integers: 2^31 - 1 fen is only 21.47 million yuan, less than one large
loan or a program's yearly budget.

SQLite's INTEGER is 64-bit already, so a file is left as it is (rebuilding its tables would change
nothing); on PostgreSQL, INTEGER is 32-bit and the columns become BIGINT.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

MONEY = {"applications": ["requested_fen"], "events": ["amount_fen"], "subsidy_programs": ["cap_fen", "budget_fen"],
         "subsidy_cases": ["premium_fen", "subsidy_fen", "insured_fen", "approved_fen"]}


def _retype(old, new) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, columns in MONEY.items():
        for column in columns:
            op.alter_column(table, column, type_=new, existing_type=old)


def upgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())


def downgrade() -> None:
    _retype(sa.BigInteger(), sa.Integer())
