"""Bookings: booked slots and the per-slot counters that cap them (branch of its own; needs the tickets table).

Revision ID: bookings_0001
"""

import sqlalchemy as sa
from alembic import op

from queue_service.store.base import UTCDateTime

revision = "bookings_0001"
down_revision = None
branch_labels = ("bookings",)
depends_on = ("core_0001",)

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "bookings",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("field_code", sa.String(16), nullable=False),
        sa.Column("slot_start", UTCDateTime(), nullable=False),
        sa.Column("phone", sa.String(20)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("cancel_hash", sa.String(64), nullable=False),
        sa.Column("ticket_id", BigId, sa.ForeignKey("tickets.id", name="fk_bookings_ticket_id_tickets")),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bookings"),
        sa.UniqueConstraint("code", name="uq_bookings_code"),
    )
    op.create_index("ix_bookings_slot", "bookings", ["centre_id", "field_code", "slot_start"])
    op.create_table(
        "booking_slots",
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("field_code", sa.String(16), nullable=False),
        sa.Column("slot_start", UTCDateTime(), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("centre_id", "field_code", "slot_start", name="pk_booking_slots"),
    )


def downgrade() -> None:
    op.drop_table("booking_slots")
    op.drop_index("ix_bookings_slot", "bookings")
    op.drop_table("bookings")
