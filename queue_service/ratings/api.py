"""The managers' ratings route (thin: the counting is report.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from queue_service.api.deps import Centre, Context, require
from queue_service.auth.roles import Principal, Role
from queue_service.ratings import report

router = APIRouter(prefix="/api/v1/centres/{centre}/ratings", tags=["ratings"])
Leader = Annotated[Principal, Depends(require(Role.manager, Role.admin))]


@router.get("/daily")
def ratings_daily(context: Context, centre: Centre, _: Leader,
                  start: Annotated[dt.date | None, Query(alias="from", description="first local day (default today)")] = None,
                  end: Annotated[dt.date | None, Query(alias="to", description="last local day (default: from)")] = None) -> dict:
    """Counts per value of the centre's scale, per day, by clerk, counter and field; no citizen data."""
    start = start or context.clock().astimezone(centre.zone).date()
    with context.db.read() as session:
        return report.daily(session, centre, start, end or start)
