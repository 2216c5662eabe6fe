"""Device requests (req/{device}/{verb}): exactly one reply each, after the checks every verb shares (readable,
known device, a kind allowed to ask, not expired); the verb → handler table is bridge/verbs.py."""

from __future__ import annotations

import asyncio
import json
import logging

from queue_service.bridge.connection import Connection
from queue_service.bridge.directory import DeviceDirectory
from queue_service.bridge.verbs import Route
from queue_service.errors import DomainError, kind
from wire.codec import WireError, decode, encode, error_reply, ok_reply
from wire.contract import REQUEST_VERBS
from wire.queue_messages import ErrorInfo, Reply
from wire.topics import Parsed, Topics

log = logging.getLogger(__name__)

REFUSED = kind("forbidden", 403, "Thiết bị {device} ({device_kind}) không được phép gửi yêu cầu {verb}",
               "Device {device} ({device_kind}) may not request {verb}")
UNKNOWN_DEVICE = kind("unknown_device", 403, "Thiết bị {device} chưa được đăng ký hoặc đã bị thu hồi",
                      "Device {device} is not provisioned or was revoked")
EXPIRED = kind("expired", 408, "Yêu cầu đã quá hạn khi đến trung tâm (gửi lúc mất kết nối) nên không được thực hiện",
               "The request expired before it reached the service (sent while the link was down); nothing was done")
INTERNAL = kind("internal", 500, "Lỗi hệ thống, vui lòng thử lại", "Internal error, please retry")
PARALLEL = 8  # requests served at once; the rest wait in the loop, the engine's store is the bottleneck anyway


def domain_reply(request_id: str, error: DomainError) -> Reply:
    info = ErrorInfo(code=error.kind.code, message=error.message_vi[:500], message_en=error.message_en[:500])
    return Reply(id=request_id[:64] or "-", status="error", error=info)


def _raw_id(payload: bytes) -> str:
    """The request id of an unreadable request, if it can still be seen, for the error reply."""
    try:
        value = json.loads(payload).get("id")
        return value[:64] if isinstance(value, str) else "-"
    except Exception:
        return "-"


class RequestServer:
    def __init__(self, routes: dict[str, Route], connection: Connection, topics: Topics, directory: DeviceDirectory,
                 clock) -> None:
        self.routes = routes
        self.connection = connection
        self.topics = topics
        self.directory = directory
        self.clock = clock
        self._slots = asyncio.Semaphore(PARALLEL)
        self.served = 0

    async def handle(self, parsed: Parsed, payload: bytes, properties) -> None:
        device, verb = parsed.device, parsed.name
        expected = self.topics.response(device, verb)
        response = getattr(properties, "ResponseTopic", None)
        correlation = getattr(properties, "CorrelationData", None)
        # Answer only on the asking device's own res topic: the service may write anywhere in the centre, so a
        # ResponseTopic chosen by a device could otherwise make it publish a command to another device.
        if response != expected:
            log.warning("request %s from %s: response topic %r is not %r; dropped", verb, device, response, expected)
            return
        async with self._slots:
            try:
                reply = await self._answer(device, verb, payload)
            except Exception:  # every request gets exactly one reply, even when we fail
                log.exception("request %s from %s failed", verb, device)
                reply = domain_reply(_raw_id(payload), DomainError(INTERNAL))
        self.served += 1
        await self.connection.publish(expected, encode(reply), correlation=correlation)

    async def _answer(self, device: str, verb: str, payload: bytes) -> Reply:
        route = self.routes.get(verb)
        if route is None or verb not in REQUEST_VERBS:
            return error_reply(_raw_id(payload), "unknown_name", f"no verb {verb!r}")
        try:
            request = decode(REQUEST_VERBS[verb][0], payload)
        except WireError as exc:
            log.info("bad %s request from %s: %s", verb, device, exc)
            return error_reply(_raw_id(payload), exc.code, exc.detail)
        info = await self.directory.get(device)
        if info is None:
            log.warning("request %s from unknown or revoked device %s refused", verb, device)
            return domain_reply(request.id, DomainError(UNKNOWN_DEVICE, device=device))
        if info.kind not in route.kinds:
            log.warning("request %s from %s (%s) refused: not allowed for this kind", verb, device, info.kind)
            return domain_reply(request.id, DomainError(REFUSED, device=device, device_kind=info.kind, verb=verb))
        # A press made before an outage must not act minutes later when the broker delivers it (DESIGN.md §6).
        if request.expires_at is not None and request.expires_at <= self.clock():
            log.warning("request %s %s from %s refused: expired at %s", verb, request.id, device,
                        request.expires_at.isoformat())
            return domain_reply(request.id, DomainError(EXPIRED))
        try:
            data = await asyncio.to_thread(route.handler, info, request)
        except DomainError as exc:
            return domain_reply(request.id, exc)
        except Exception:
            log.exception("request %s from %s failed", verb, device)
            return domain_reply(request.id, DomainError(INTERNAL))
        return ok_reply(request.id, data)
