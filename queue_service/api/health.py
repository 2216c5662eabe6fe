"""Liveness and readiness: /healthz answers when the store answers."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from queue_service.api.deps import Context

router = APIRouter()


@router.get("/healthz", tags=["health"])
def healthz(context: Context) -> dict:
    with context.db.read() as session:
        session.execute(text("select 1"))
    return {"status": "ok", "centres": sorted(context.centres)}
