"""GET /api/v1/centres/{centre}/operations: the live operations board's figures, for managers and administrators.

A board reads it when its stream of the live feed opens or is reset (between, the feed brings the same figures as
`board` events). One answer is shared by every board of a centre until the feed moves on or a second passes, so the
wall of boards that reconnects after a service restart costs one read."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from queue_service.api.deps import Centre, Context, require
from queue_service.auth.roles import Principal, Role
from queue_service.operations.model import Operations
from queue_service.operations.read import operations

router = APIRouter(prefix="/api/v1/centres/{centre}", tags=["board"])
Leader = Annotated[Principal, Depends(require(Role.manager, Role.admin))]
FRESH_S = 1.0  # waits and pauses grow with the clock: an answer older than this is read again


@router.get("/operations", response_model=Operations)
async def get_operations(request: Request, context: Context, centre: Centre, _: Leader) -> Response:
    """Per field (waiting, longest and last hour's average wait against the target, predicted wait, counters open),
    per counter (serving / idle / paused / closed / offline, clerk, number, since when), today's figures, alerts and
    devices offline."""
    cache: dict | None = getattr(request.app.state, "operations_cache", None)
    if cache is None:
        cache = request.app.state.operations_cache = {}
    centre_id = centre.centre.id
    event_id = request.app.state.live.last_id(centre_id)
    hit = cache.get(centre_id)
    if hit is None or hit[0] != event_id or time.monotonic() - hit[1] >= FRESH_S:
        # One read in flight per centre: the boards that ask meanwhile wait for it rather than read again.
        reading = asyncio.ensure_future(asyncio.to_thread(_serialised, context, centre, event_id))
        hit = cache[centre_id] = (event_id, time.monotonic(), reading)
    try:
        body = await asyncio.shield(hit[2])
    except Exception:
        if cache.get(centre_id) is hit:
            del cache[centre_id]  # a failed read is not kept
        raise
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


def _serialised(context, centre, event_id: str) -> bytes:
    """The figures as JSON, made once for every board that asks (validated by their model as they are built)."""
    return operations(context.db, centre, context.clock(), event_id).model_dump_json().encode()
