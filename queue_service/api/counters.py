"""Counter routes: open, pause, resume, close, and the clerk's buttons (next, call, recall, skip, start, finish, transfer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel, ConfigDict, Field

from queue_service.api.deps import Centre, check_counter, require
from queue_service.api.engine_dep import Engine
from queue_service.auth.roles import Principal, Role
from queue_service.errors import FORBIDDEN, DomainError
from queue_service.queue.recorder import Actor
from queue_service.queue.views import CallView, CounterView

router = APIRouter(prefix="/api/v1/centres/{centre}/counters", tags=["counters"])
Operator = Annotated[Principal, Depends(require(Role.clerk, Role.device, Role.manager, Role.admin))]


def _actor(principal: Principal, counter: int) -> Actor:
    check_counter(principal, counter)
    if principal.role is Role.device and principal.counter is None:
        raise DomainError(FORBIDDEN)  # a device acts only for the counter it is installed at
    return Actor(principal.actor, principal.token_id if principal.role is Role.device else None)


class PauseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(None, max_length=200, description="why the counter pauses (break, meeting, ...)")


class CallRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ticket_id: int = Field(description="id of the waiting ticket to call")


class TransferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_field: str | None = Field(None, description="field whose queue the ticket joins, keeping its place")
    to_counter: int | None = Field(None, description="counter that alone may call it next")


@router.get("", response_model=list[CounterView])
def list_counters(centre: Centre, engine: Engine) -> list[CounterView]:
    return engine.board(centre.centre.id).counters


@router.post("/{counter}/open", response_model=CounterView)
def open_counter(centre: Centre, counter: int, engine: Engine, principal: Operator) -> CounterView:
    return engine.open_counter(centre.centre.id, counter, _actor(principal, counter), staff_id=principal.staff_id)


@router.post("/{counter}/close", response_model=CounterView)
def close_counter(centre: Centre, counter: int, engine: Engine, principal: Operator) -> CounterView:
    return engine.close_counter(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/pause", response_model=CounterView)
def pause(centre: Centre, counter: int, engine: Engine, principal: Operator, body: Annotated[PauseRequest | None, Body()] = None) -> CounterView:
    return engine.pause(centre.centre.id, counter, _actor(principal, counter), reason=body.reason if body else None)


@router.post("/{counter}/resume", response_model=CounterView)
def resume(centre: Centre, counter: int, engine: Engine, principal: Operator) -> CounterView:
    return engine.resume(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/next", response_model=CallView)
def call_next(centre: Centre, counter: int, engine: Engine, principal: Operator) -> CallView:
    """Finish the ticket at the counter (if any) and call the next one by the centre's calling policy."""
    return engine.call_next(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/call", response_model=CallView)
def call_ticket(centre: Centre, counter: int, body: CallRequest, engine: Engine, principal: Operator) -> CallView:
    return engine.call_ticket(centre.centre.id, counter, body.ticket_id, _actor(principal, counter))


@router.post("/{counter}/recall", response_model=CallView)
def recall(centre: Centre, counter: int, engine: Engine, principal: Operator) -> CallView:
    return engine.recall(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/skip", response_model=CallView)
def skip(centre: Centre, counter: int, engine: Engine, principal: Operator) -> CallView:
    return engine.skip(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/start", response_model=CallView)
def start(centre: Centre, counter: int, engine: Engine, principal: Operator) -> CallView:
    return engine.start(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/finish", response_model=CallView)
def finish(centre: Centre, counter: int, engine: Engine, principal: Operator) -> CallView:
    return engine.finish(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/transfer", response_model=CallView)
def transfer(centre: Centre, counter: int, body: TransferRequest, engine: Engine, principal: Operator) -> CallView:
    return engine.transfer(centre.centre.id, counter, _actor(principal, counter), to_field=body.to_field, to_counter=body.to_counter)
