"""Bookings: what one phone number holds per field and day, capped by `bookings.per_person_per_day`.

Revision ID: bookings_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "bookings_0002"
down_revision = "bookings_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "booking_holders",
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("field_code", sa.String(16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("person", sa.String(64), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("centre_id", "field_code", "day", "person", name="pk_booking_holders"),
    )


def downgrade() -> None:
    op.drop_table("booking_holders")
