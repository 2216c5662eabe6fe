"""Staff sign-in: password hashes, browser sessions and the sign-in log (a branch of its own).

Revision ID: auth_0001
"""

import sqlalchemy as sa
from alembic import op

from queue_service.store.base import UTCDateTime

revision = "auth_0001"
down_revision = None
branch_labels = ("auth",)
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "staff_passwords",
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("must_change", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("centre_id", "staff_id", name="pk_staff_passwords"),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.String(64), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("must_change", sa.Boolean(), nullable=False),
        sa.Column("counter", sa.Integer()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("secret_hash", name="pk_staff_sessions"),
    )
    op.create_index("ix_staff_sessions_staff_id", "staff_sessions", ["staff_id"])
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.String(64), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_attempts"),
    )
    op.create_index("ix_sign_in_attempts_staff", "sign_in_attempts", ["centre_id", "staff_id", "at"])
    op.create_index("ix_sign_in_attempts_address", "sign_in_attempts", ["address", "at"])


def downgrade() -> None:
    op.drop_table("sign_in_attempts")
    op.drop_table("staff_sessions")
    op.drop_table("staff_passwords")
