"""SMS: the outbox's delivery state (next try, the modem's reference) and the phone numbers for "your turn is near".

Revision ID: sms_0001
"""

import sqlalchemy as sa
from alembic import op

from queue_service.store.base import UTCDateTime

revision = "sms_0001"
down_revision = None
branch_labels = ("sms",)
depends_on = ("core_0001", "dossiers_0001")

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("sms_outbox") as batch:
        batch.add_column(sa.Column("next_try_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("reference", sa.String(64), nullable=False, server_default=""))
    with op.batch_alter_table("sms_outbox") as batch:
        batch.alter_column("reference", server_default=None)
    op.create_table(
        "turn_alerts",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("ticket_id", BigId, sa.ForeignKey("tickets.id", name="fk_turn_alerts_ticket_id_tickets"),
                  nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sms_id", sa.Integer(), sa.ForeignKey("sms_outbox.id", name="fk_turn_alerts_sms_id_sms_outbox")),
        sa.PrimaryKeyConstraint("id", name="pk_turn_alerts"),
        sa.UniqueConstraint("ticket_id", name="uq_turn_alerts_ticket_id"),
    )
    op.create_index("ix_turn_alerts_centre_day", "turn_alerts", ["centre_id", "service_day"])


def downgrade() -> None:
    op.drop_index("ix_turn_alerts_centre_day", "turn_alerts")
    op.drop_table("turn_alerts")
    with op.batch_alter_table("sms_outbox") as batch:
        batch.drop_column("reference")
        batch.drop_column("next_try_at")
