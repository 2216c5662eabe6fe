"""Routes serving the public pages; they show numbers, fields and waits, never personal data."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse

from queue_service.api.deps import Centre, Context

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).with_name("static")


def _page(name: str) -> HTMLResponse:
    return HTMLResponse((STATIC / name).read_text(encoding="utf-8"), headers={"Cache-Control": "no-cache"})


@router.get("/")
def home(context: Context):
    first = sorted(context.centres)[0]
    return RedirectResponse(f"/board/{first}")


@router.get("/board/{centre}")
def board_page(centre: Centre) -> HTMLResponse:
    return _page("board.html")


@router.get("/t/{public_id}")
def ticket_page(public_id: str) -> HTMLResponse:
    return _page("ticket.html")


@router.get("/devices/{device}/mirror")
def mirror_page(device: str) -> HTMLResponse:
    """An administrator's view of a screen agent; the page reads its token from #token=... and calls the API."""
    return _page("mirror.html")
