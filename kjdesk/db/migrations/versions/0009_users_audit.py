"""Users with a role (and a station for station roles), and the audit trail that no one can edit.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_ROLES = "role in ('specialist', 'station_head', 'center_staff', 'manager', 'trainer')"


def upgrade() -> None:
    op.create_table("users",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("name", sa.String(length=60), nullable=False),
                    sa.Column("role", sa.String(length=20), nullable=False),
                    sa.Column("station_id", sa.Integer(), nullable=True),
                    sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
                    sa.CheckConstraint(_ROLES, name="user_role"),
                    sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name="fk_users_station"),
                    sa.PrimaryKeyConstraint("id"),
                    sa.UniqueConstraint("name"))
    op.create_table("audit",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("at", sa.DateTime(), nullable=False),
                    sa.Column("user", sa.String(length=60), nullable=False),
                    sa.Column("action", sa.String(length=10), nullable=False),
                    sa.Column("table_name", sa.String(length=40), nullable=False),
                    sa.Column("record_id", sa.String(length=60), nullable=True),
                    sa.Column("owner", sa.String(length=80), nullable=True),
                    sa.Column("field", sa.String(length=60), nullable=True),
                    sa.Column("old", sa.Text(), nullable=True),
                    sa.Column("new", sa.Text(), nullable=True),
                    sa.Column("change_set", sa.String(length=32), nullable=False),
                    sa.Column("note", sa.Text(), nullable=False),
                    sa.CheckConstraint("action in ('insert', 'update', 'delete', 'import')", name="audit_action"),
                    sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_audit_owner", "audit", ["owner", "id"])
    op.create_index("ix_audit_user_at", "audit", ["user", "at"])
    # The trail cannot be edited: not by kjdesk, not by anyone with an SQL shell who forgets.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RAISE EXCEPTION 'the audit trail cannot be changed'; END $$")
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit "
                       f"FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()")
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit "
                   f"BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END")


def downgrade() -> None:
    on_server = op.get_bind().dialect.name == "postgresql"
    op.execute("DROP TRIGGER audit_no_update" + (" ON audit" if on_server else ""))
    op.execute("DROP TRIGGER audit_no_delete" + (" ON audit" if on_server else ""))
    if on_server:
        op.execute("DROP FUNCTION audit_refuse_change()")
    op.drop_table("audit")
    op.drop_table("users")
