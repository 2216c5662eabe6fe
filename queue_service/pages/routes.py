"""Routes serving the public pages; they show numbers, fields and waits, never personal data."""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

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


@functools.cache
def _gzipped(name: str) -> bytes:
    return gzip.compress((STATIC / name).read_bytes(), 9)


@router.get("/t/{public_id}")
def ticket_page(public_id: str, request: Request) -> Response:
    """Opened on citizens' phones, often on 2G/3G: sent gzip'd when the phone accepts it (7.4 KB → 3.1 KB). Only this
    page: a compressing middleware would also sit on the server-sent event streams."""
    if "gzip" not in request.headers.get("accept-encoding", ""):
        return _page("ticket.html")
    return Response(_gzipped("ticket.html"), media_type="text/html; charset=utf-8",
                    headers={"Cache-Control": "no-cache", "Content-Encoding": "gzip", "Vary": "Accept-Encoding"})


@router.get("/devices/{device}/mirror")
def mirror_page(device: str) -> HTMLResponse:
    """An administrator's view of a screen agent; the page reads its token from #token=... and calls the API."""
    return _page("mirror.html")
