"""GET /api/v1/tickets/public/{public_id}/live: the citizen's live ticket page as server-sent events. Public (the
ticket's unguessable id is the key), numbers only. Left out of the OpenAPI document like the staff feed: a stream
that never ends is no request/response; docs/api.md describes it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from queue_service.live.tickets import TicketStreams

SEND_TIMEOUT_S = 20  # a phone on 2G may take a while to accept an event; longer than this, it is gone
RETRY_MS = 3000  # how soon a page reconnects after its stream ends (a restart, a dropped client)

router = APIRouter(include_in_schema=False)


@router.get("/api/v1/tickets/public/{public_id}/live")
async def ticket_live(public_id: str, request: Request) -> EventSourceResponse:
    streams: TicketStreams = request.app.state.ticket_streams
    stream = await streams.open(public_id, request.client.host if request.client else "unknown")

    async def events():
        try:
            while (event := await stream.next()) is not None:
                yield ServerSentEvent(data=event.data, event=event.name, retry=RETRY_MS)
                if event.name == "final":
                    break
        finally:
            streams.close(stream)

    return EventSourceResponse(events(), ping=streams.heartbeat_s, send_timeout=SEND_TIMEOUT_S,
                               headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
