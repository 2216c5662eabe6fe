"""Device routes for administrators: the centre's device list, and the screen mirror relay (thin: the rules are
queue_service.devices.mirror)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from queue_service.api.declared_errors import raises
from queue_service.api.deps import Centre, Context, require
from queue_service.auth.roles import Principal, Role
from queue_service.devices.link import bridge_for
from queue_service.devices import mirror
from queue_service.devices.link import BRIDGE_OFF
from queue_service.devices.mirror import ScreenRelay, device_row
from queue_service.devices.registry import DeviceRegistry

router = APIRouter(prefix="/api/v1/centres/{centre}/devices", tags=["devices"])
Admin = Annotated[Principal, Depends(require(Role.admin))]
Leader = Annotated[Principal, Depends(require(Role.admin, Role.manager))]


# What relaying to a screen agent can meet: no such device, not a screen, the bridge or the agent away or failing.
RELAY = (mirror.UNKNOWN_DEVICE, mirror.NOT_A_SCREEN, BRIDGE_OFF, mirror.OFFLINE, mirror.NO_ANSWER, mirror.FAILED)


class Touch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: float = Field(ge=0, le=1, description="fraction of the screen's width from the left")
    y: float = Field(ge=0, le=1, description="fraction of the screen's height from the top")


def _relay(context, centre) -> ScreenRelay:
    return ScreenRelay(bridge_for(context, centre.centre.id), DeviceRegistry(context.db, centre.centre.id),
                       context.settings.screen_timeout_s)


@router.get("")
async def list_devices(context: Context, centre: Centre, _: Leader) -> list[dict]:
    """Active devices: id, kind, counter, availability, last seen, health, capabilities, and whether it mirrors."""
    registry = DeviceRegistry(context.db, centre.centre.id)
    devices = await asyncio.to_thread(registry.list, False)
    return [device_row(d) for d in devices if d.kind != "service"]


@router.get("/{device}/screen.png", response_class=Response,
            responses={200: {"content": {"image/png": {}}, "description": "what the screen shows now"}})
@raises(*RELAY)
async def screen_png(context: Context, centre: Centre, _: Admin, device: str) -> Response:
    png = await _relay(context, centre).capture(device)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


@router.post("/{device}/screen/touch", status_code=204)
@raises(*RELAY)
async def screen_touch(context: Context, centre: Centre, _: Admin, device: str, body: Touch) -> Response:
    await _relay(context, centre).touch(device, body.x, body.y)
    return Response(status_code=204)
