"""Queue and auth tables: tickets, ticket_events, counters, day_sequences, api_tokens.

Revision ID: core_0001
"""

import sqlalchemy as sa
from alembic import op

from queue_service.store.base import UTCDateTime

revision = "core_0001"
down_revision = None
branch_labels = ("core",)
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("public_id", sa.String(16), nullable=False),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("field_code", sa.String(16), nullable=False),
        sa.Column("issued_field", sa.String(16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("priority_group", sa.String(32)),
        sa.Column("booking_slot", UTCDateTime()),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("queue_key", UTCDateTime(), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("called_at", UTCDateTime()),
        sa.Column("started_at", UTCDateTime()),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("counter", sa.Integer()),
        sa.Column("target_counter", sa.Integer()),
        sa.Column("staff_id", sa.String(64)),
        sa.Column("recalls", sa.Integer(), nullable=False),
        sa.Column("estimated_wait_s", sa.Integer()),
        sa.PrimaryKeyConstraint("id", name="pk_tickets"),
        sa.UniqueConstraint("public_id", name="uq_tickets_public_id"),
        sa.UniqueConstraint("centre_id", "service_day", "issued_field", "seq", name="uq_tickets_centre_id_service_day_issued_field_seq"),
    )
    op.create_index("ix_tickets_waiting", "tickets", ["centre_id", "state", "field_code", "queue_key"])
    op.create_index("ix_tickets_finished", "tickets", ["centre_id", "field_code", "finished_at"])
    op.create_table(
        "ticket_events",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("ticket_id", BigId, sa.ForeignKey("tickets.id", name="fk_ticket_events_ticket_id_tickets")),
        sa.Column("counter", sa.Integer()),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("device", sa.String(64)),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_events"),
    )
    op.create_index("ix_ticket_events_centre_at", "ticket_events", ["centre_id", "at"])
    op.create_index("ix_ticket_events_ticket_id", "ticket_events", ["ticket_id"])
    op.create_table(
        "counters",
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("current_ticket_id", BigId, sa.ForeignKey("tickets.id", name="fk_counters_current_ticket_id_tickets")),
        sa.Column("staff_id", sa.String(64)),
        sa.Column("priority_run", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("centre_id", "number", name="pk_counters"),
    )
    op.create_table(
        "day_sequences",
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("field_code", sa.String(16), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("centre_id", "service_day", "field_code", name="pk_day_sequences"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(24), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("centre_id", sa.String(64)),
        sa.Column("counter", sa.Integer()),
        sa.Column("staff_id", sa.String(64)),
        sa.Column("label", sa.String(200)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
    )


def downgrade() -> None:
    for table in ("api_tokens", "day_sequences", "counters", "ticket_events", "tickets"):
        op.drop_table(table)
