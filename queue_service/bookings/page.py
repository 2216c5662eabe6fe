"""The public booking page `/dat-lich/{centre}`: field → day → free slot → the booking (code, QR, what to do at the
kiosk, the cancel link). Server-rendered, light, phone-first; Vietnamese first with an English toggle."""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from queue_service.api.deps import Centre, Context
from queue_service.bookings import rules, store
from queue_service.bookings.api import PHONE, limit
from queue_service.qr import qr_svg
from queue_service.bookings.wording import pick
from queue_service.console.web import Form, go, language
from queue_service.errors import DomainError

router = APIRouter(include_in_schema=False)
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}  # the cancel link stays on this page


@functools.cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("queue_service.bookings", "templates"), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def _render(request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
    lang = language(request)
    other = "vi" if lang == "en" else "en"
    query = urlencode({**{k: v for k, v in request.query_params.items() if k != "lang"}, "lang": other})
    centre = values.get("centre")
    name = "" if centre is None else centre.centre.name_en if lang == "en" else centre.centre.name_vi
    html = _environment().get_template(template).render(
        centre_name=name, t=pick(lang), lang=lang, toggle=f"{request.url.path}?{query}", **values)
    response = HTMLResponse(html, status_code=status, headers=HEADERS)
    if request.query_params.get("lang") in ("vi", "en"):
        response.set_cookie("motcua_lang", lang, max_age=365 * 86400, path="/", samesite="lax")
    return response


def _refused(request: Request, error: DomainError, back: str) -> HTMLResponse:
    message = error.message_en if language(request) == "en" else error.message_vi
    return _render(request, "refused.html", error.kind.status, message=message, back=back)


@router.get("/dat-lich/{centre}")
def booking_page(centre: Centre, context: Context, request: Request, linh_vuc: str = "",
                 ngay: str = "") -> HTMLResponse:
    """The step the query reaches: no field → the fields; a field → its days; a field and a day → its slots."""
    base = f"/dat-lich/{centre.centre.id}"
    now = context.clock()
    try:
        if not linh_vuc:
            return _render(request, "fields.html", centre=centre, fields=store.bookable_fields(centre), base=base)
        field = store.bookable_field(centre, linh_vuc)
        if not ngay:
            return _render(request, "days.html", centre=centre, field=field, base=base,
                           days=store.days(context.db, centre, field.code, now))
        day = dt.date.fromisoformat(ngay)
        slots = store.slots(context.db, centre, field.code, day, now)
    except ValueError:
        return go(f"{base}?linh_vuc={linh_vuc}")
    except DomainError as exc:
        return _refused(request, exc, base)
    return _render(request, "slots.html", centre=centre, field=field, base=base, day=day, slots=slots, zone=centre.zone,
                   phone_pattern=PHONE.strip("^$"))


@router.post("/dat-lich/{centre}")
async def book(centre: Centre, context: Context, request: Request, form: Form):
    base = f"/dat-lich/{centre.centre.id}"
    back = f"{base}?linh_vuc={form.get('linh_vuc', '')}&ngay={form.get('ngay', '')}"
    try:
        limit(context, request)
        slot = dt.datetime.fromisoformat(form.get("gio", ""))
        booked = store.book(context.db, centre, form.get("linh_vuc", ""), slot, form.get("dien_thoai") or None,
                            context.clock())
    except ValueError:
        return go(back)
    except DomainError as exc:
        return _refused(request, exc, back)
    return go(f"/dat-lich/ma/{booked.code}?t={booked.cancel_token}")


@router.get("/dat-lich/ma/{code}")
def booking(code: str, context: Context, request: Request, t: str = "") -> HTMLResponse:
    """The booking: its code large, its QR, what to do at the kiosk; the cancel button for the holder of the link."""
    try:
        limit(context, request)
        found = store.find(context.db, None, code)
    except DomainError as exc:
        return _refused(request, exc, "/")
    centre = context.centre(found.centre_id)
    view = store.view(centre, found, context.clock())
    return _render(request, "booking.html", centre=centre, b=view, qr=qr_svg(view.code), token=t,
                   can_cancel=bool(t) and rules.token_hash(t) == found.cancel_hash and view.state == "booked",
                   hhmm=lambda moment: rules.local_hhmm(centre, moment),
                   slot=rules.local_slot(centre, view.slot_start))


@router.post("/dat-lich/ma/{code}/huy")
async def cancel(code: str, context: Context, request: Request, form: Form):
    token = form.get("t", "")
    try:
        limit(context, request)
        found = store.find(context.db, None, code)
        store.cancel(context.db, context.centre(found.centre_id), code, token, context.clock())
    except DomainError as exc:
        return _refused(request, exc, f"/dat-lich/ma/{code}?t={token}")
    return go(f"/dat-lich/ma/{found.code}")
