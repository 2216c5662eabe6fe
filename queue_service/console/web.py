"""What every console page shares: its language, rendering, form bodies, the session cookie and the CSRF refusal."""

from __future__ import annotations

import functools
from importlib import resources
from urllib.parse import parse_qs

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from queue_service.auth import csrf
from queue_service.auth.roles import Role
from queue_service.auth.sessions import COOKIE, SignedIn, find_session
from queue_service.console.wording import LANGUAGES, pick
from queue_service.context import ServiceContext
from queue_service.errors import INVALID_REQUEST, NOT_FOUND, DomainError

MANAGING = (Role.manager, Role.admin)  # who sees the centre's board, devices and reports

LANG_COOKIE = "motcua_lang"
SIGN_IN_CSRF_COOKIE = "motcua_signin_csrf"  # the sign-in form's token, before there is a session (double submit)
MAX_FORM_BYTES = 4096
# Staff pages are never cached, never framed by another site (a click on Next must be the clerk's own), and send
# no address of theirs to elsewhere.
HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'",
           "Referrer-Policy": "same-origin"}


@functools.cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("queue_service.console", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    # "Quầy số 3 – Chứng thực", not "Quầy số 3 – Quầy Chứng thực" (the hall display drops it the same way)
    env.filters["without_quay"] = lambda name: name.removeprefix("Quầy ")
    # An ISO local time of a view ("2026-11-27T08:00+07:00") as the clerk reads it: 08:00 27/11/2026
    env.filters["when"] = lambda iso: f"{iso[11:16]} {iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else "—"
    return env


def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return lang if lang in LANGUAGES else LANGUAGES[0]


def render(request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
    """The page in the request's language; `?lang=en` (the toggle) is remembered in a cookie."""
    lang = language(request)
    other = LANGUAGES[1 - LANGUAGES.index(lang)]
    html = _environment().get_template(template).render(
        t=pick(lang), lang=lang, toggle=f"{request.url.path}?lang={other}", csrf_field=csrf.FIELD, **values)
    response = HTMLResponse(html, status_code=status, headers=HEADERS)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/", samesite="strict")
    return response


def word(request: Request, key: str, **values) -> str:
    return pick(language(request))(key, **values)


def say(request: Request, error: DomainError) -> str:
    return error.message_en if language(request) == "en" else error.message_vi


def refusal(request: Request, error: DomainError) -> HTMLResponse:
    """A plain page saying why a request was refused (a CSRF failure is a 403, said in words)."""
    centre = request.path_params.get("centre")
    return render(request, "refused.html", error.kind.status, message=say(request, error),
                  back=f"/console/{centre}/sign-in" if centre else "/console")


async def form(request: Request) -> dict[str, str]:
    """An urlencoded form body (the console's forms are small), first value of each field."""
    body = (await request.body())[:MAX_FORM_BYTES].decode("utf-8", "replace")
    return {name: values[0] for name, values in parse_qs(body, keep_blank_values=True).items()}


async def form_lists(request: Request, limit: int) -> dict[str, list[str]]:
    """An urlencoded form body with every value of each field (ticked boxes); one over `limit` bytes is refused
    whole, never cut: what the clerk typed is then shown back, not silently shortened."""
    body = await request.body()
    if len(body) > limit:
        raise DomainError(INVALID_REQUEST, reason=f"quá dài / too long (> {limit} bytes)")
    return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


Form = Annotated[dict[str, str], Depends(form)]


def set_cookie(request: Request, response, name: str, value: str, max_age: int | None = None) -> None:
    """HttpOnly, SameSite=Strict, path /, and Secure whenever the page was served over https."""
    response.set_cookie(name, value, max_age=max_age, path="/", secure=request.url.scheme == "https",
                        httponly=True, samesite="strict")


def signed_in(context: ServiceContext, request: Request, centre_id: str) -> SignedIn | None:
    found = find_session(context.db, context.centres, request.cookies.get(COOKIE), context.clock())
    return found if found is not None and found.centre.centre.id == centre_id else None


def go(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def staff_only(context: ServiceContext, request: Request, centre_id: str, *, ready: bool = True) -> SignedIn | RedirectResponse:
    """The page's session, or where to go instead: the sign-in page, or (when `ready` is asked) the forced change."""
    found = signed_in(context, request, centre_id)
    if found is None:
        return go(f"/console/{centre_id}/sign-in")
    if ready and found.must_change:
        return go(f"/console/{centre_id}/password")
    return found


def at_counter(context: ServiceContext, request: Request, centre_id: str) -> SignedIn | RedirectResponse:
    """The page's session with a counter picked, or where to go instead (sign-in, the forced change, the picker)."""
    found = staff_only(context, request, centre_id)
    if isinstance(found, SignedIn) and found.counter is None:
        return go(f"/console/{centre_id}/counter")
    return found


def next_page(signed: SignedIn) -> str:
    """Where a signed-in staff member goes: the forced password change, their counter, or (with none picked) the
    counter picker for a clerk and the live operations board for a manager or an administrator."""
    base = f"/console/{signed.centre.centre.id}"
    if signed.must_change:
        return f"{base}/password"
    if signed.counter is not None:
        return f"{base}/desk"
    return f"/board/{signed.centre.centre.id}/live" if signed.role in MANAGING else f"{base}/counter"


def script(package: str, name: str, known: tuple[str, ...]) -> Response:
    """One of a package's browser scripts (`static/{name}.js`, no build step), or 404 for a name it does not ship."""
    if name not in known:
        raise DomainError(NOT_FOUND)
    text = resources.files(package).joinpath(f"static/{name}.js").read_text(encoding="utf-8")
    return Response(text, media_type="text/javascript", headers={"Cache-Control": "no-cache"})
