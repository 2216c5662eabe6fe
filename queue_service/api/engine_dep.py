"""The queue engine of the running app, as a dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from queue_service.queue.engine import QueueEngine


async def get_engine(request: Request) -> QueueEngine:
    return request.app.state.engine


Engine = Annotated[QueueEngine, Depends(get_engine)]
