"""The first schema, with the reference data every database starts with.

Revision ID: 0001
Revises: (none)
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op



revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('banks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('first_year', sa.Integer(), nullable=True),
    sa.Column('microloan_partner', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('districts',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name_zh', sa.String(length=20), nullable=False),
    sa.Column('name_en', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('manual_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sheet', sa.String(length=10), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('item', sa.String(length=40), nullable=False),
    sa.Column('score', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=60), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("sheet in ('station', 'bank')", name='manual_score_sheet'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'sheet', 'code', 'item', name='uq_manual_score')
    )
    op.create_table('products',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_zh', sa.String(length=60), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('review_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('members', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('review_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_meetings_date'), ['date'], unique=False)

    op.create_table('subsidy_programs',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('rate', sa.String(length=40), nullable=False),
    sa.Column('cap_fen', sa.Integer(), nullable=True),
    sa.Column('opens', sa.Date(), nullable=True),
    sa.Column('closes', sa.Date(), nullable=True),
    sa.Column('eligibility', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('enterprises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('district_code', sa.String(length=20), nullable=False),
    sa.Column('park', sa.String(length=200), nullable=False),
    sa.Column('founded', sa.Date(), nullable=True),
    sa.Column('qualifications', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['districts.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('credit_code')
    )
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enterprises_district_code'), ['district_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_enterprises_name'), ['name'], unique=False)

    op.create_table('stations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('host_org', sa.String(length=200), nullable=False),
    sa.Column('district_code', sa.String(length=20), nullable=True),
    sa.Column('established', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.CheckConstraint("status in ('active', 'revoked')", name='station_status'),
    sa.ForeignKeyConstraint(['district_code'], ['districts.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=True),
    sa.Column('attendees', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['banks.id'], ),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activities_bank_id'), ['bank_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_station_id'), ['station_id'], unique=False)

    op.create_table('specialists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('specialists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_specialists_station_id'), ['station_id'], unique=False)

    op.create_table('subsidy_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('program_code', sa.String(length=40), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('policy_no', sa.String(length=60), nullable=False),
    sa.Column('insurer', sa.String(length=100), nullable=False),
    sa.Column('premium_fen', sa.Integer(), nullable=True),
    sa.Column('policy_start', sa.Date(), nullable=True),
    sa.Column('submitted', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_date', sa.Date(), nullable=False),
    sa.Column('subsidy_fen', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], ),
    sa.ForeignKeyConstraint(['program_code'], ['subsidy_programs.code'], ),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    with op.batch_alter_table('subsidy_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subsidy_cases_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('product_code', sa.String(length=40), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('specialist_id', sa.Integer(), nullable=True),
    sa.Column('requested_fen', sa.Integer(), nullable=True),
    sa.Column('first_bank_loan', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=True),
    sa.Column('bank_id', sa.Integer(), nullable=True),
    sa.Column('bank_since', sa.Date(), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('last_event_on', sa.Date(), nullable=True),
    sa.CheckConstraint('requested_fen is null or requested_fen >= 0', name='requested_not_negative'),
    sa.ForeignKeyConstraint(['bank_id'], ['banks.id'], ),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], ),
    sa.ForeignKeyConstraint(['product_code'], ['products.code'], ),
    sa.ForeignKeyConstraint(['specialist_id'], ['specialists.id'], ),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('ix_applications_product_submitted', ['product_code', 'submitted_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_station_id'), ['station_id'], unique=False)
        batch_op.create_index('ix_applications_status_since', ['status', 'bank_since'], unique=False)

    op.create_table('subsidy_status_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('by', sa.String(length=60), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['subsidy_cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('subsidy_status_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subsidy_status_history_case_id'), ['case_id'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=True),
    sa.Column('amount_fen', sa.Integer(), nullable=True),
    sa.Column('specialist_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('amount_fen is null or amount_fen >= 0', name='amount_not_negative'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['bank_id'], ['banks.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['review_meetings.id'], ),
    sa.ForeignKeyConstraint(['specialist_id'], ['specialists.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('application_id', 'seq', name='uq_event_seq')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index('ix_events_type_date', ['type', 'date', 'application_id'], unique=False)
    _seed_reference_data()


def _seed_reference_data() -> None:
    meta = sa.MetaData()
    districts = sa.Table("districts", meta, autoload_with=op.get_bind())
    products = sa.Table("products", meta, autoload_with=op.get_bind())
    programs = sa.Table("subsidy_programs", meta, autoload_with=op.get_bind())
    # Frozen here rather than read from kjdesk.domain, so this step does the same thing forever.
    op.bulk_insert(districts, [dict(code=c, name_zh=zh, name_en=en) for c, zh, en in (
        ("pudong", "浦东新区", "Pudong"), ("huangpu", "黄浦区", "Huangpu"), ("jingan", "静安区", "Jing'an"),
        ("xuhui", "徐汇区", "Xuhui"), ("changning", "长宁区", "Changning"), ("putuo", "普陀区", "Putuo"),
        ("hongkou", "虹口区", "Hongkou"), ("yangpu", "杨浦区", "Yangpu"), ("minhang", "闵行区", "Minhang"),
        ("baoshan", "宝山区", "Baoshan"), ("jiading", "嘉定区", "Jiading"), ("jinshan", "金山区", "Jinshan"),
        ("songjiang", "松江区", "Songjiang"), ("qingpu", "青浦区", "Qingpu"), ("fengxian", "奉贤区", "Fengxian"),
        ("chongming", "崇明区", "Chongming"))])
    op.bulk_insert(products, [dict(code=c, name_zh=zh, name_en=en) for c, zh, en in (
        ("performance_loan", "科技履约贷", "Performance-guarantee loan"),
        ("little_giant_credit", "小巨人信用贷", "Little Giant credit loan"),
        ("micro_loan", "科技微贷通", "Tech micro-loan"),
        ("venture_loan", "创投贷", "Venture loan"))])
    # Rates and caps as the programs were published; a later program is added as data.
    op.bulk_insert(programs, [
        dict(code="performance_loan_premium", name_zh="科技履约贷保费补贴",
             name_en="Performance-loan premium subsidy", rate="0.5", cap_fen=None,
             opens=None, closes=None, eligibility="科技履约贷借款企业，保费按项目规定比例补贴"),
        dict(code="clinical_trial_liability", name_zh="生物医药临床试验责任保险补贴",
             name_en="Clinical-trial liability insurance subsidy", rate="0.5", cap_fen=50_000_000,
             opens=dt.date(2017, 12, 1), closes=dt.date(2019, 12, 31),
             eligibility="沪科〔2017〕438号：1类新药、2类改良型新药、3类医疗器械等；经市生物医药科技产业促进中心专家评审推荐"),
        dict(code="product_liability", name_zh="生物医药产品责任保险补贴",
             name_en="Product liability insurance subsidy", rate="0.5", cap_fen=50_000_000,
             opens=dt.date(2017, 12, 1), closes=dt.date(2019, 12, 31),
             eligibility="沪科〔2017〕438号：上市的创新药及医疗器械产品；经市生物医药科技产业促进中心专家评审推荐"),
        dict(code="angel_risk_compensation", name_zh="天使投资风险补偿",
             name_en="Angel-investment risk compensation", rate="0.6", cap_fen=300_000_000,
             opens=None, closes=None, eligibility="沪科〔2016〕：入库的天使投资机构对种子期、初创期科技企业的投资损失"),
        dict(code="innovation_voucher", name_zh="科技创新券",
             name_en="Innovation voucher", rate="0.5", cap_fen=30_000_000,
             opens=None, closes=None, eligibility="科技型中小企业和创业团队购买科技服务"),
    ])


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_type_date')
        batch_op.drop_index(batch_op.f('ix_events_meeting_id'))

    op.drop_table('events')
    with op.batch_alter_table('subsidy_status_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subsidy_status_history_case_id'))

    op.drop_table('subsidy_status_history')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_status_since')
        batch_op.drop_index(batch_op.f('ix_applications_station_id'))
        batch_op.drop_index('ix_applications_product_submitted')
        batch_op.drop_index(batch_op.f('ix_applications_enterprise_id'))

    op.drop_table('applications')
    with op.batch_alter_table('subsidy_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subsidy_cases_enterprise_id'))

    op.drop_table('subsidy_cases')
    with op.batch_alter_table('specialists', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_specialists_station_id'))

    op.drop_table('specialists')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activities_station_id'))
        batch_op.drop_index(batch_op.f('ix_activities_date'))
        batch_op.drop_index(batch_op.f('ix_activities_bank_id'))

    op.drop_table('activities')
    op.drop_table('stations')
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enterprises_name'))
        batch_op.drop_index(batch_op.f('ix_enterprises_district_code'))

    op.drop_table('enterprises')
    op.drop_table('subsidy_programs')
    with op.batch_alter_table('review_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_meetings_date'))

    op.drop_table('review_meetings')
    op.drop_table('products')
    op.drop_table('manual_scores')
    op.drop_table('districts')
    op.drop_table('banks')
