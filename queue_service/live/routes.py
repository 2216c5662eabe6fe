"""GET /api/v1/centres/{centre}/live: the centre's live feed as server-sent events, for signed-in staff (a session
cookie or a staff token). Left out of the OpenAPI document: a stream that never ends is no request/response."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from queue_service.api.deps import Centre, require
from queue_service.auth.roles import Principal, Role
from queue_service.live.feed import OPT_IN, LiveFeed

SEND_TIMEOUT_S = 10  # a client that takes longer to accept one event is gone
RETRY_MS = 1500  # how soon a browser reconnects after the stream ends (a service restart, a dropped client)

router = APIRouter(prefix="/api/v1/centres/{centre}", include_in_schema=False)
Staff = Annotated[Principal, Depends(require(Role.clerk, Role.manager, Role.admin))]


@router.get("/live")
async def live(request: Request, centre: Centre, principal: Staff,
               last_event_id: Annotated[str | None, Header()] = None,
               with_: Annotated[str | None, Query(alias="with")] = None) -> EventSourceResponse:
    # `?with=board`: the operations board's figures too, for managers and administrators (queue_service.operations)
    feed: LiveFeed = request.app.state.live
    extra = frozenset((with_ or "").split(",")) & OPT_IN
    if principal.role not in (Role.manager, Role.admin):
        extra = frozenset()
    subscriber = feed.subscribe(centre.centre.id, last_event_id, extra)

    async def events():
        try:
            while (event := await subscriber.next()) is not None:
                yield ServerSentEvent(data=event.data, event=event.name, id=event.id, retry=RETRY_MS)
        finally:
            feed.unsubscribe(subscriber)

    return EventSourceResponse(events(), ping=feed.heartbeat_s, send_timeout=SEND_TIMEOUT_S,
                               headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
