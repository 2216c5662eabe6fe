"""Dossiers (hồ sơ): procedure catalogue, working-day calendar, intake, lifecycle, tracking, forms and SMS outbox."""
