"""Devices: handled events keep no data any more (ratings have their own table, ratings_0001).

Revision ID: devices_0003
"""

import sqlalchemy as sa
from alembic import op

revision = "devices_0003"
down_revision = "devices_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device_events") as batch:
        batch.drop_column("data")


def downgrade() -> None:
    with op.batch_alter_table("device_events") as batch:
        batch.add_column(sa.Column("data", sa.JSON(), nullable=True))
