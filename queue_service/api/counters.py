"""Counter routes: open, pause, resume, close, and the clerk's buttons (next, call, recall, skip, start, finish, transfer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel, ConfigDict, Field

from queue_service.api.declared_errors import raises
from queue_service.api.deps import Centre, check_counter, require
from queue_service.api.params import CounterNo
from queue_service.api.engine_dep import Engine
from queue_service.auth.roles import Principal, Role
from queue_service.errors import FORBIDDEN, WRONG_COUNTER, DomainError
from queue_service.queue import errors
from queue_service.queue.recorder import Actor
from queue_service.queue.views import CallView, CounterView
from queue_service.store.base import ROW_ID_MAX

router = APIRouter(prefix="/api/v1/centres/{centre}/counters", tags=["counters"])
Operator = Annotated[Principal, Depends(require(Role.clerk, Role.device, Role.manager, Role.admin))]
# What every button can meet: another counter's clerk, a counter not in the centre file.
DESK = (WRONG_COUNTER, errors.UNKNOWN_COUNTER)
NOT_OPEN = (errors.COUNTER_CLOSED, errors.COUNTER_PAUSED)
AT_COUNTER = (errors.NO_CURRENT_TICKET, errors.TICKET_WRONG_STATE)


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
    ticket_id: int = Field(ge=1, le=ROW_ID_MAX, description="id of the waiting ticket to call")


class TransferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_field: str | None = Field(None, description="field whose queue the ticket joins, keeping its place")
    to_counter: int | None = Field(None, ge=1, le=999, description="counter that alone may call it next")


@router.get("", response_model=list[CounterView])
def list_counters(centre: Centre, engine: Engine) -> list[CounterView]:
    return engine.board(centre.centre.id).counters


@router.post("/{counter}/open", response_model=CounterView)
@raises(*DESK)
def open_counter(centre: Centre, counter: CounterNo, engine: Engine, principal: Operator) -> CounterView:
    return engine.open_counter(centre.centre.id, counter, _actor(principal, counter), staff_id=principal.staff_id)


@router.post("/{counter}/close", response_model=CounterView)
@raises(*DESK, errors.COUNTER_BUSY)
def close_counter(centre: Centre, counter: CounterNo, engine: Engine, principal: Operator) -> CounterView:
    return engine.close_counter(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/pause", response_model=CounterView)
@raises(*DESK, *NOT_OPEN)
def pause(centre: Centre, counter: CounterNo, engine: Engine, principal: Operator, body: Annotated[PauseRequest | None, Body()] = None) -> CounterView:
    return engine.pause(centre.centre.id, counter, _actor(principal, counter), reason=body.reason if body else None)


@router.post("/{counter}/resume", response_model=CounterView)
@raises(*DESK, errors.COUNTER_CLOSED)
def resume(centre: Centre, counter: CounterNo, engine: Engine, principal: Operator) -> CounterView:
    return engine.resume(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/next", response_model=CallView)
@raises(*DESK, *NOT_OPEN, errors.CONFLICT_RETRY)
def call_next(centre: Centre, counter: CounterNo, engine: Engine, principal: Operator) -> CallView:
    """Finish the ticket at the counter (if any) and call the next one by the centre's calling policy."""
    return engine.call_next(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/call", response_model=CallView)
@raises(*DESK, *NOT_OPEN, errors.UNKNOWN_TICKET, errors.TICKET_NOT_WAITING, errors.FIELD_NOT_SERVED)
def call_ticket(centre: Centre, counter: CounterNo, body: CallRequest, engine: Engine, principal: Operator) -> CallView:
    return engine.call_ticket(centre.centre.id, counter, body.ticket_id, _actor(principal, counter))


@router.post("/{counter}/recall", response_model=CallView)
@raises(*DESK, *AT_COUNTER)
def recall(centre: Centre, counter: CounterNo, engine: Engine, principal: Operator) -> CallView:
    return engine.recall(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/skip", response_model=CallView)
@raises(*DESK, *AT_COUNTER, errors.RECALL_FIRST)
def skip(centre: Centre, counter: CounterNo, engine: Engine, principal: Operator) -> CallView:
    return engine.skip(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/start", response_model=CallView)
@raises(*DESK, *AT_COUNTER)
def start(centre: Centre, counter: CounterNo, engine: Engine, principal: Operator) -> CallView:
    return engine.start(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/finish", response_model=CallView)
@raises(*DESK, errors.NO_CURRENT_TICKET)
def finish(centre: Centre, counter: CounterNo, engine: Engine, principal: Operator) -> CallView:
    return engine.finish(centre.centre.id, counter, _actor(principal, counter))


@router.post("/{counter}/transfer", response_model=CallView)
@raises(*DESK, errors.NO_CURRENT_TICKET, errors.UNKNOWN_FIELD, errors.TRANSFER_TARGET)
def transfer(centre: Centre, counter: CounterNo, body: TransferRequest, engine: Engine, principal: Operator) -> CallView:
    return engine.transfer(centre.centre.id, counter, _actor(principal, counter), to_field=body.to_field, to_counter=body.to_counter)
