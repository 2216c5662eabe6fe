"""Devices: counter a device belongs to, pending commands (resent until acked), handled event ids (dedupe).

Revision ID: devices_0002
"""

import sqlalchemy as sa
from alembic import op

from queue_service.store.base import UTCDateTime

revision = "devices_0002"
down_revision = "devices_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("devices", sa.Column("counter", sa.Integer(), nullable=True))
    op.create_table(
        "device_commands",
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("next_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("centre_id", "id", name=op.f("pk_device_commands")),
    )
    op.create_index("ix_device_commands_due", "device_commands", ["centre_id", "next_at"])
    op.create_table(
        "device_events",
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("centre_id", "id", name=op.f("pk_device_events")),
    )
    op.create_index("ix_device_events_seen", "device_events", ["centre_id", "seen_at"])


def downgrade() -> None:
    op.drop_index("ix_device_events_seen", "device_events")
    op.drop_table("device_events")
    op.drop_index("ix_device_commands_due", "device_commands")
    op.drop_table("device_commands")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("counter")
