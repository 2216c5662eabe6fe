"""The screen mirror relay: an administrator sees a screen agent's screen and taps it from a browser. The service
only relays (screen.capture, screen.touch, acked by the agent); it draws nothing itself."""

from __future__ import annotations

import asyncio
import base64
import binascii
from typing import TYPE_CHECKING

from queue_service.bridge.commands import NotSent
from queue_service.devices.link import BRIDGE_OFF
from queue_service.devices.registry import DeviceInfo, DeviceRegistry
from queue_service.errors import DomainError, kind
from wire.codec import WireError, validate
from wire.messages import WIRE_VERSION, Ack, WireModel
from wire.screen import ScreenCapture, ScreenImage, ScreenTouch

if TYPE_CHECKING:
    from queue_service.bridge.bridge import Bridge

TIMEOUT_S = 5.0  # an agent answers a capture in well under a second; a browser refreshes about once a second
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

UNKNOWN_DEVICE = kind("unknown_device", 404, "Không có thiết bị '{device}'", "No device '{device}'")
NOT_A_SCREEN = kind("not_a_screen", 409, "Thiết bị {device} không có màn hình để xem từ xa",
                    "Device {device} has no screen to mirror (its meta lacks the capability 'screen')")
OFFLINE = kind("device_offline", 503, "Thiết bị {device} đang mất kết nối", "Device {device} is offline")
NO_ANSWER = kind("no_answer", 504, "Thiết bị {device} không trả lời trong {timeout} giây",
                 "Device {device} did not answer within {timeout} s")
FAILED = kind("device_failed", 502, "Thiết bị {device} không thực hiện được: {error}", "Device {device} could not do it: {error}")


class ScreenRelay:
    def __init__(self, bridge: "Bridge | None", registry: DeviceRegistry, timeout_s: float = TIMEOUT_S) -> None:
        self.bridge = bridge  # the running bridge of the registry's centre (link.bridge_for), or None
        self.registry = registry
        self.timeout_s = timeout_s

    async def capture(self, device: str, max_width: int = 640) -> bytes:
        """The PNG the agent drew of its screen now."""
        ack = await self._ask(device, "screen.capture", ScreenCapture(max_width=max_width))
        try:
            image = validate(ScreenImage, {"v": WIRE_VERSION, **(ack.result or {})})
            png = base64.b64decode(image.png_b64, validate=True)
        except (WireError, binascii.Error) as exc:
            raise DomainError(FAILED, device=device, error=f"unreadable capture ({exc})") from None
        if not png.startswith(PNG_SIGNATURE):
            raise DomainError(FAILED, device=device, error="the capture is not a PNG")
        return png

    async def touch(self, device: str, x: float, y: float) -> None:
        await self._ask(device, "screen.touch", ScreenTouch(x=x, y=y))

    async def _ask(self, device: str, name: str, args: WireModel) -> Ack:
        info = await asyncio.to_thread(self.registry.get, device)
        self._check(device, info)
        try:
            ack = await self.bridge.commands.ask(device, name, args, self.timeout_s)
        except asyncio.TimeoutError:
            raise DomainError(NO_ANSWER, device=device, timeout=int(self.timeout_s)) from None
        except NotSent:
            raise DomainError(BRIDGE_OFF) from None
        if ack.status != "done":
            raise DomainError(FAILED, device=device, error=f"{ack.status} {ack.error or ''}".strip())
        return ack

    def _check(self, device: str, info: DeviceInfo | None) -> None:
        if info is None or not info.active:
            raise DomainError(UNKNOWN_DEVICE, device=device)
        if "screen" not in info.capabilities:
            raise DomainError(NOT_A_SCREEN, device=device)
        if self.bridge is None or not self.bridge.connected:
            raise DomainError(BRIDGE_OFF)
        if not info.online:
            raise DomainError(OFFLINE, device=device)


def device_row(info: DeviceInfo) -> dict:
    """What an administrator's or manager's device list shows (no secrets)."""
    return {
        "id": info.id, "kind": info.kind, "counter": info.counter, "availability": info.state,
        "last_seen": info.seen_at.isoformat() if info.seen_at else None, "health": (info.health or {}).get("parts"),
        "capabilities": info.capabilities, "mirror": "screen" in info.capabilities,
        "software": (info.meta or {}).get("software"),
    }
