"""Ratings: one row per rated ticket (branch of its own; needs the tickets and dossiers it points at).

Revision ID: ratings_0001
"""

import sqlalchemy as sa
from alembic import op

from queue_service.store.base import UTCDateTime

revision = "ratings_0001"
down_revision = None
branch_labels = ("ratings",)
depends_on = ("core_0001", "dossiers_0001")

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "ratings",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("ticket_id", BigId, sa.ForeignKey("tickets.id", name="fk_ratings_ticket_id_tickets"), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.String(64)),
        sa.Column("field_code", sa.String(16), nullable=False),
        sa.Column("dossier_id", sa.Integer(), sa.ForeignKey("dossiers.id", name="fk_ratings_dossier_id_dossiers")),
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(200)),
        sa.Column("rated_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ratings"),
        sa.UniqueConstraint("ticket_id", name="uq_ratings_ticket_id"),
    )
    op.create_index("ix_ratings_centre_day", "ratings", ["centre_id", "service_day"])


def downgrade() -> None:
    op.drop_index("ix_ratings_centre_day", "ratings")
    op.drop_table("ratings")
