"""The exception handlers: every refusal leaves as the one JSON shape (errors.ErrorBody), with the headers HTTP asks
for (Allow on 405, WWW-Authenticate on 401, Retry-After on 429)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException

from queue_service.errors import INVALID_REQUEST, MALFORMED_BODY, METHOD_NOT_ALLOWED, NOT_FOUND, DomainError, ErrorKind

# Statuses Starlette or FastAPI raise themselves, each told as one of our kinds.
_FRAMEWORK = {400: MALFORMED_BODY, 404: NOT_FOUND}


def refusal(error: DomainError, headers: dict[str, str] | None = None) -> JSONResponse:
    headers = dict(headers or {})
    if error.kind.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if error.kind.status == 429 and "retry" in error.details:
        headers["Retry-After"] = str(error.details["retry"])
    return JSONResponse(error.body(), status_code=error.kind.status, headers=headers)


def _allowed(request: Request) -> str:
    """Every method the path answers: Starlette names only those of the first route that matched it, while a path
    may be served by several (PUT and DELETE of a calendar override)."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        regex = getattr(route, "path_regex", None)
        if regex is not None and route.methods and regex.match(request.url.path):
            methods |= route.methods
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_request: Request, exc: DomainError):
        return refusal(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        error = DomainError(INVALID_REQUEST, reason=problems,
                            errors=jsonable_encoder(exc.errors(), exclude={"input", "ctx", "url"}))
        return refusal(error)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 405:
            allow = _allowed(request)
            return refusal(DomainError(METHOD_NOT_ALLOWED, method=request.method, allow=allow), {"Allow": allow})
        kind = _FRAMEWORK.get(exc.status_code) or ErrorKind(f"http_{exc.status_code}", exc.status_code,
                                                             str(exc.detail), str(exc.detail))
        return refusal(DomainError(kind), exc.headers)
