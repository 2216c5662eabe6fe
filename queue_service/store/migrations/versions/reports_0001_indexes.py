"""Reports: the indexes the month report needs (dossiers received in a period, results returned in a period).

Revision ID: reports_0001
"""

from alembic import op

revision = "reports_0001"
down_revision = None
branch_labels = ("reports",)
depends_on = ("dossiers_0001",)


def upgrade() -> None:
    op.create_index("ix_dossiers_centre_received", "dossiers", ["centre_id", "received_at"])
    op.create_index("ix_dossier_events_to_status_at", "dossier_events", ["to_status", "at"])


def downgrade() -> None:
    op.drop_index("ix_dossier_events_to_status_at", table_name="dossier_events")
    op.drop_index("ix_dossiers_centre_received", table_name="dossiers")
