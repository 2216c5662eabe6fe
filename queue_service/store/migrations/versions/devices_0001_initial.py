"""Devices table: provisioned devices of each centre, their secret hash and last reported state.

Revision ID: devices_0001
"""

import sqlalchemy as sa
from alembic import op

from queue_service.store.base import UTCDateTime

revision = "devices_0001"
down_revision = None
branch_labels = ("devices",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("id", sa.String(63), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("secret_hash", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("availability", sa.JSON(), nullable=True),
        sa.Column("availability_at", UTCDateTime(), nullable=True),
        sa.Column("health", sa.JSON(), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=True),
        sa.Column("seen_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("centre_id", "id", name=op.f("pk_devices")),
    )


def downgrade() -> None:
    op.drop_table("devices")
