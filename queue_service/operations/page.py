"""The operations board (/board/{centre}/live, `?tv=1` for a wall screen) and the devices page (/devices/{centre}):
server-rendered shells in the session's language, each with its first figures inside and a small script that follows
the live feed. For managers and administrators signed in to the console; a TV is signed in the same way once, by a
manager, and its `?tv=1` page carries no control."""

from __future__ import annotations

import asyncio
import functools
import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from queue_service.api.deps import Centre, Context
from queue_service.auth.roles import Role
from queue_service.console.web import HEADERS, LANG_COOKIE, language, refusal, script, staff_only
from queue_service.devices.mirror import device_row
from queue_service.devices.registry import DeviceRegistry
from queue_service.errors import FORBIDDEN, DomainError
from queue_service.operations import wording
from queue_service.operations.read import operations

router = APIRouter(include_in_schema=False)
SCRIPTS = ("board", "devices")


@functools.cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("queue_service.operations", "templates"), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def _leader(context, request: Request, centre_id: str):
    found = staff_only(context, request, centre_id)
    if isinstance(found, Response):
        return found
    if found.role not in (Role.manager, Role.admin):
        return refusal(request, DomainError(FORBIDDEN))
    return found


def _render(request: Request, template: str, centre, page: dict, **values) -> HTMLResponse:
    lang = language(request)
    other = "en" if lang == "vi" else "vi"
    query = "tv=1&" if page.get("tv") else ""
    page = {**page, "lang": lang, "words": wording.table(lang), "timezone": centre.centre.timezone,
            "live": f"/api/v1/centres/{centre.centre.id}/live"}
    html = _environment().get_template(template).render(
        t=wording.pick(lang), lang=lang, centre=centre, toggle=f"{request.url.path}?{query}lang={other}",
        page_json=json.dumps(page, ensure_ascii=False).replace("</", "<\\/"), **values)
    response = HTMLResponse(html, headers=HEADERS)
    if request.query_params.get("lang") in wording.LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/", samesite="strict")
    return response


@router.get("/board/{centre}/live")
async def board_page(request: Request, context: Context, centre: Centre) -> Response:
    found = await asyncio.to_thread(_leader, context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    tv = request.query_params.get("tv") == "1"
    event_id = request.app.state.live.last_id(centre.centre.id)
    initial = await asyncio.to_thread(operations, context.db, centre, context.clock(), event_id)
    page = {"tv": tv, "api": f"/api/v1/centres/{centre.centre.id}/operations", "initial": initial.model_dump(mode="json")}
    return _render(request, "board.html", centre, page, tv=tv, signed=found)


@router.get("/devices/{centre}")
async def devices_page(request: Request, context: Context, centre: Centre) -> Response:
    found = await asyncio.to_thread(_leader, context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    devices = await asyncio.to_thread(DeviceRegistry(context.db, centre.centre.id).list, False)
    page = {"api": f"/api/v1/centres/{centre.centre.id}/devices", "admin": found.role is Role.admin,
            "csrf": found.csrf_token, "centre": centre.centre.id,
            "initial": [device_row(d) for d in devices if d.kind != "service"]}
    return _render(request, "devices.html", centre, page, tv=False, signed=found)


@router.get("/operations/static/{name}.js")
def operations_script(name: str) -> Response:
    return script("queue_service.operations", name, SCRIPTS)
