"""FastAPI dependencies: the service context, the signed-in principal and role checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from queue_service.api.declared_errors import raises
from queue_service.auth import csrf, sessions
from queue_service.auth.roles import Principal, Role
from queue_service.config import CentreConfig
from queue_service.context import ServiceContext
from queue_service.errors import FORBIDDEN, UNAUTHENTICATED, UNKNOWN_CENTRE, WRONG_COUNTER, DomainError

_bearer = HTTPBearer(auto_error=False)


async def get_context(request: Request) -> ServiceContext:  # async: no thread hop for a lookup
    return request.app.state.context


Context = Annotated[ServiceContext, Depends(get_context)]


@raises(UNAUTHENTICATED, csrf.REFUSED, sessions.PASSWORD_CHANGE_FIRST)
async def get_principal(request: Request, context: Context,
                        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Principal:
    """A token (devices, integrations) or, without one, a signed-in staff member's session cookie (the console).
    A recently verified token costs no thread hop; otherwise the store is read off the event loop."""
    if credentials is None:
        return await run_in_threadpool(
            sessions.api_principal, context.db, context.centres, request.cookies.get(sessions.COOKIE), request.method,
            request.headers.get(csrf.HEADER), context.clock())
    token = credentials.credentials
    return context.tokens.cached(token) or await run_in_threadpool(context.tokens, token)


def require(*roles: Role):
    """A dependency that lets through only the given roles, and only for the centre in the path."""

    @raises(FORBIDDEN)
    async def check(request: Request, principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if principal.role not in roles:
            raise DomainError(FORBIDDEN)
        centre = request.path_params.get("centre")
        if centre is not None and not principal.may_act_for_centre(centre):
            raise DomainError(FORBIDDEN)
        return principal

    return check


@raises(UNKNOWN_CENTRE)
async def get_centre(context: Context, centre: str) -> CentreConfig:
    return context.centre(centre)


Centre = Annotated[CentreConfig, Depends(get_centre)]


def check_counter(principal: Principal, counter: int) -> None:
    """A clerk acts only for the counter their token is signed in to."""
    if principal.role is Role.clerk and principal.counter != counter:
        raise DomainError(WRONG_COUNTER, signed_in=principal.counter, counter=counter)
