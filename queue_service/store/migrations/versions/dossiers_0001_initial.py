"""Dossiers: procedures, dossiers, event log, hand-offs, pauses, code counters, calendar overrides, SMS outbox.

Revision ID: dossiers_0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

from queue_service.store.base import UTCDateTime

revision = "dossiers_0001"
down_revision = None
branch_labels = ("dossiers",)
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_overrides',
    sa.Column('centre_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('working', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('centre_id', 'day', name=op.f('pk_calendar_overrides'))
    )
    op.create_table('dossier_code_counters',
    sa.Column('agency_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('agency_id', 'day', name=op.f('pk_dossier_code_counters'))
    )
    op.create_table('dossier_procedures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=True),
    sa.Column('name_vi', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('field_code', sa.String(length=16), nullable=False),
    sa.Column('limit_value', sa.Float(), nullable=False),
    sa.Column('limit_unit', sa.String(length=16), nullable=False),
    sa.Column('agency_id', sa.String(length=64), nullable=False),
    sa.Column('agency_name', sa.String(length=200), nullable=False),
    sa.Column('fee', sa.Integer(), nullable=True),
    sa.Column('fee_note', sa.String(length=300), nullable=False),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_procedures')),
    sa.UniqueConstraint('centre_id', 'key', name=op.f('uq_dossier_procedures_centre_id_key'))
    )
    op.create_table('dossiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('centre_id', sa.String(length=64), nullable=False),
    sa.Column('agency_id', sa.String(length=64), nullable=False),
    sa.Column('current_agency', sa.String(length=64), nullable=False),
    sa.Column('procedure_id', sa.Integer(), nullable=False),
    sa.Column('field_code', sa.String(length=16), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('rules_id', sa.String(length=32), nullable=False),
    sa.Column('limit_value', sa.Float(), nullable=False),
    sa.Column('limit_unit', sa.String(length=16), nullable=False),
    sa.Column('applicant_name', sa.String(length=200), nullable=False),
    sa.Column('applicant_id_number', sa.String(length=20), nullable=False),
    sa.Column('applicant_phone', sa.String(length=20), nullable=True),
    sa.Column('applicant_email', sa.String(length=200), nullable=True),
    sa.Column('applicant_address', sa.String(length=300), nullable=False),
    sa.Column('sms_consent', sa.Boolean(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.Column('sets', sa.Integer(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('submitted_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('received_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('due_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('new_due_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('apologies', sa.Integer(), nullable=False),
    sa.Column('supplements', sa.Integer(), nullable=False),
    sa.Column('completed_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('completion_status', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['procedure_id'], ['dossier_procedures.id'], name=op.f('fk_dossiers_procedure_id_dossier_procedures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossiers')),
    sa.UniqueConstraint('code', name=op.f('uq_dossiers_code')),
    sa.UniqueConstraint('token', name=op.f('uq_dossiers_token'))
    )
    op.create_index('ix_dossiers_centre_completed', 'dossiers', ['centre_id', 'completed_at', 'received_at'], unique=False)
    op.create_index('ix_dossiers_centre_status_due', 'dossiers', ['centre_id', 'status', 'due_at'], unique=False)
    op.create_table('dossier_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('from_status', sa.Integer(), nullable=True),
    sa.Column('to_status', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_events_dossier_id_dossiers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_events'))
    )
    op.create_index(op.f('ix_dossier_events_dossier_id'), 'dossier_events', ['dossier_id'], unique=False)
    op.create_table('dossier_pauses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('started_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('resume_status', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_pauses_dossier_id_dossiers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_pauses'))
    )
    op.create_index(op.f('ix_dossier_pauses_dossier_id'), 'dossier_pauses', ['dossier_id'], unique=False)
    op.create_table('dossier_transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('from_agency', sa.String(length=64), nullable=False),
    sa.Column('to_agency', sa.String(length=64), nullable=False),
    sa.Column('at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('step_due_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_transfers_dossier_id_dossiers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_transfers'))
    )
    op.create_index(op.f('ix_dossier_transfers_dossier_id'), 'dossier_transfers', ['dossier_id'], unique=False)
    op.create_table('sms_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.String(length=64), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_sms_outbox_dossier_id_dossiers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_outbox'))
    )
    op.create_index('ix_sms_outbox_status_id', 'sms_outbox', ['status', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_sms_outbox_status_id', table_name='sms_outbox')
    op.drop_table('sms_outbox')
    op.drop_index(op.f('ix_dossier_transfers_dossier_id'), table_name='dossier_transfers')
    op.drop_table('dossier_transfers')
    op.drop_index(op.f('ix_dossier_pauses_dossier_id'), table_name='dossier_pauses')
    op.drop_table('dossier_pauses')
    op.drop_index(op.f('ix_dossier_events_dossier_id'), table_name='dossier_events')
    op.drop_table('dossier_events')
    op.drop_index('ix_dossiers_centre_status_due', table_name='dossiers')
    op.drop_index('ix_dossiers_centre_completed', table_name='dossiers')
    op.drop_table('dossiers')
    op.drop_table('dossier_procedures')
    op.drop_table('dossier_code_counters')
    op.drop_table('calendar_overrides')
