"""Ticket routes: issue, look up (the citizen's live page data), list, cancel, return a no-show."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from queue_service.api.declared_errors import raises
from queue_service.api.deps import Centre, require
from queue_service.api.params import TicketId
from queue_service.api.engine_dep import Engine
from queue_service.auth.roles import Principal, Role
from queue_service.queue import errors
from queue_service.queue.recorder import Actor
from queue_service.queue.views import TicketView

router = APIRouter(prefix="/api/v1", tags=["tickets"])
Issuer = Annotated[Principal, Depends(require(Role.device, Role.clerk, Role.manager, Role.admin))]
Staff = Annotated[Principal, Depends(require(Role.clerk, Role.manager, Role.admin))]


class IssueRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(description="field code, e.g. HT")
    channel: Literal["kiosk", "counter", "booking", "web"] = "kiosk"
    priority_group: str | None = Field(None, description="code of a configured priority group")
    booking_slot: dt.datetime | None = Field(None, description="booked slot (aware datetime), for channel=booking")


@router.post("/centres/{centre}/tickets", status_code=201, response_model=TicketView)
@raises(errors.UNKNOWN_FIELD, errors.UNKNOWN_PRIORITY_GROUP, errors.DAY_OFF, errors.CENTRE_CLOSED, errors.SOLD_OUT)
def issue_ticket(centre: Centre, body: IssueRequest, engine: Engine, principal: Issuer) -> TicketView:
    return engine.issue(
        centre.centre.id, body.field, channel=body.channel, priority_group=body.priority_group,
        booking_slot=body.booking_slot, actor=Actor(principal.actor),
    )


@router.get("/tickets/public/{public_id}", response_model=TicketView, tags=["public"])
@raises(errors.UNKNOWN_TICKET)
def ticket_by_public_id(public_id: str, engine: Engine) -> TicketView:
    """What the QR code on a paper ticket opens: state, people ahead, estimated wait. Needs no sign-in."""
    return engine.ticket(None, public_id=public_id)


@router.get("/centres/{centre}/tickets/{ticket_id}", response_model=TicketView)
@raises(errors.UNKNOWN_TICKET)
def ticket_by_id(centre: Centre, ticket_id: TicketId, engine: Engine, _: Staff) -> TicketView:
    return engine.ticket(centre.centre.id, ticket_id=ticket_id)


@router.post("/centres/{centre}/tickets/{ticket_id}/cancel", response_model=TicketView)
@raises(errors.UNKNOWN_TICKET, errors.TICKET_WRONG_STATE)
def cancel_ticket(centre: Centre, ticket_id: TicketId, engine: Engine, principal: Issuer) -> TicketView:
    return engine.cancel(centre.centre.id, ticket_id, Actor(principal.actor))


@router.post("/centres/{centre}/tickets/{ticket_id}/return", response_model=TicketView)
@raises(errors.UNKNOWN_TICKET, errors.TICKET_WRONG_STATE)
def return_ticket(centre: Centre, ticket_id: TicketId, engine: Engine, principal: Staff) -> TicketView:
    """A no-show who came back queues again."""
    return engine.return_to_queue(centre.centre.id, ticket_id, Actor(principal.actor))
