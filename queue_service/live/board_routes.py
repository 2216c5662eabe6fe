"""GET /api/v1/centres/{centre}/board/live: the public board page's stream of server-sent events (the public board,
whole, when it changes). Public and numbers only, like GET .../board; left out of the OpenAPI document like the other
streams (docs/api.md describes it)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from queue_service.api.deps import Centre
from queue_service.live.board_streams import BoardStreams

SEND_TIMEOUT_S = 20  # a page that takes longer to accept one event is gone
RETRY_MS = 3000  # how soon a page reconnects after its stream ends (a restart, a dropped page)

router = APIRouter(include_in_schema=False)


@router.get("/api/v1/centres/{centre}/board/live")
async def board_live(centre: Centre, request: Request) -> EventSourceResponse:
    streams: BoardStreams = request.app.state.board_streams
    page = streams.open(centre.centre.id)

    async def events():
        try:
            while (event := await page.next()) is not None:
                yield ServerSentEvent(data=event.data, event=event.name, retry=RETRY_MS)
        finally:
            streams.close(page)

    return EventSourceResponse(events(), ping=streams.heartbeat_s, send_timeout=SEND_TIMEOUT_S,
                               headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
