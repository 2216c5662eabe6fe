"""GET /api/v1/centres/{centre}/alerts: the board's alerts, for managers and administrators (thin: the rules are
queue_service.alerts.rules, the store queue_service.alerts.book)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends

from queue_service.alerts.book import AlertBook, AlertView
from queue_service.api.deps import Centre, Context, require
from queue_service.auth.roles import Principal, Role

router = APIRouter(prefix="/api/v1/centres/{centre}", tags=["alerts"])
Leader = Annotated[Principal, Depends(require(Role.manager, Role.admin))]


@router.get("/alerts", response_model=list[AlertView])
async def list_alerts(context: Context, centre: Centre, _: Leader) -> list[AlertView]:
    """Open alerts, oldest first, each with when it began; then those resolved in the last hour, with when they
    ended."""
    book = AlertBook(context.db, centre)
    return await asyncio.to_thread(book.current, context.clock())
