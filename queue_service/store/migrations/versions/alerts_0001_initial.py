"""Alerts of the manager's board: one row per alert, open until resolved (branch of its own).

Revision ID: alerts_0001
"""

import sqlalchemy as sa
from alembic import op

from queue_service.store.base import UTCDateTime

revision = "alerts_0001"
down_revision = None
branch_labels = ("alerts",)
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("detail", sa.String(200)),
        sa.Column("began_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
    )
    op.create_index("ix_alerts_centre_open", "alerts", ["centre_id", "ended_at"])
    op.create_index("uq_alerts_open", "alerts", ["centre_id", "kind", "subject"], unique=True,
                    sqlite_where=sa.text("ended_at IS NULL"), postgresql_where=sa.text("ended_at IS NULL"))


def downgrade() -> None:
    op.drop_index("uq_alerts_open", "alerts")
    op.drop_index("ix_alerts_centre_open", "alerts")
    op.drop_table("alerts")
