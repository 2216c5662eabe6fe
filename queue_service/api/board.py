"""The live board: waiting and estimated wait per field, counters open, served today. Public: no personal data."""

from __future__ import annotations

from fastapi import APIRouter

from queue_service.api.deps import Centre
from queue_service.api.engine_dep import Engine
from queue_service.queue.views import BoardView

router = APIRouter(prefix="/api/v1/centres/{centre}", tags=["board"])


@router.get("/board", response_model=BoardView)
def get_board(centre: Centre, engine: Engine) -> BoardView:
    return engine.board(centre.centre.id)
