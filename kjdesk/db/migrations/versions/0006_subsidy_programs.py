"""Subsidy programs as data, and subsidy cases that carry their loan, insured amount, class,
batch, approved amount and reason; batches of cases granted without application (免申即享).

The five programs every database has get the terms their documents give (沪科〔2017〕438号 for
the two biomedicine insurance programs: eligible drug and device classes, reviewed by the
biomedicine promotion center; the 科技履约贷 premium subsidy granted without application).
Budgets and premium rates are not in the documents and stay blank here.

Revision ID: 0006
Revises: 0004
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Frozen here rather than read from kjdesk.domain, so this step does the same thing forever.
_CLASSES_438 = [["drug_class_1", "1类创新药", "Class 1 innovative drug"],
                ["drug_class_2", "2类改良型新药", "Class 2 improved new drug"],
                ["device_class_3", "第三类医疗器械", "Class III medical device"]]
_TERMS = {
    "performance_loan_premium": dict(base="premium", product_code="performance_loan", automatic=True,
                                     reviewer="市科创中心"),
    "clinical_trial_liability": dict(base="premium", classes=json.dumps(_CLASSES_438, ensure_ascii=False),
                                     reviewer="市生物医药科技产业促进中心"),
    "product_liability": dict(base="premium", classes=json.dumps(_CLASSES_438, ensure_ascii=False),
                              reviewer="市生物医药科技产业促进中心"),
    "angel_risk_compensation": dict(base="loss", reviewer="市科创中心"),
    "innovation_voucher": dict(base="spend", qualifications="tech_sme", reviewer="市科创中心"),
}


def upgrade() -> None:
    with op.batch_alter_table("subsidy_programs") as batch:
        batch.add_column(sa.Column("base", sa.String(10), nullable=False, server_default="premium"))
        batch.add_column(sa.Column("budget_fen", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("qualifications", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("product_code", sa.String(40), nullable=True))
        batch.add_column(sa.Column("classes", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("automatic", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("reviewer", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("premium_rate", sa.String(40), nullable=True))
        batch.create_foreign_key("fk_subsidy_programs_product", "products", ["product_code"], ["code"])
        batch.create_check_constraint("subsidy_program_base", "base in ('premium', 'loss', 'spend')")
    op.create_table("subsidy_batches",
                    sa.Column("code", sa.String(60), primary_key=True),
                    sa.Column("program_code", sa.String(40), sa.ForeignKey("subsidy_programs.code"), nullable=False),
                    sa.Column("number", sa.Integer(), nullable=False),
                    sa.Column("made_on", sa.Date(), nullable=False),
                    sa.Column("period_from", sa.Date(), nullable=False),
                    sa.Column("period_to", sa.Date(), nullable=False),
                    sa.Column("approved_on", sa.Date(), nullable=True),
                    sa.UniqueConstraint("program_code", "number", name="uq_subsidy_batch_number"))
    with op.batch_alter_table("subsidy_cases") as batch:
        batch.add_column(sa.Column("application_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("insured_fen", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("class_code", sa.String(40), nullable=True))
        batch.add_column(sa.Column("batch", sa.String(60), nullable=False, server_default=""))
        batch.add_column(sa.Column("approved_fen", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=False, server_default=""))
        batch.create_foreign_key("fk_subsidy_cases_application", "applications", ["application_id"], ["id"])
        batch.create_index("ix_subsidy_cases_application_id", ["application_id"])
        batch.create_index("ix_subsidy_cases_batch", ["batch"])
    programs = sa.table("subsidy_programs", sa.column("code", sa.String), *(
        sa.column(name, sa.String) for name in ("base", "product_code", "classes", "qualifications", "reviewer")),
        sa.column("automatic", sa.Boolean))
    for code, terms in _TERMS.items():
        op.execute(programs.update().where(programs.c.code == code).values(**terms))


def downgrade() -> None:
    with op.batch_alter_table("subsidy_cases") as batch:
        batch.drop_index("ix_subsidy_cases_batch")
        batch.drop_index("ix_subsidy_cases_application_id")
        batch.drop_constraint("fk_subsidy_cases_application", type_="foreignkey")
        for name in ("reason", "approved_fen", "batch", "class_code", "insured_fen", "application_id"):
            batch.drop_column(name)
    op.drop_table("subsidy_batches")
    with op.batch_alter_table("subsidy_programs") as batch:
        batch.drop_constraint("subsidy_program_base", type_="check")
        batch.drop_constraint("fk_subsidy_programs_product", type_="foreignkey")
        for name in ("premium_rate", "reviewer", "automatic", "classes", "product_code", "qualifications",
                     "budget_fen", "base"):
            batch.drop_column(name)
