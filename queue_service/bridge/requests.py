"""Device requests (req/{device}/{verb}) served through the same QueueEngine and tracking lookup as the HTTP API."""

from __future__ import annotations

import asyncio
import json
import logging

from queue_service.bridge.connection import Connection
from queue_service.bridge.directory import REQUEST_KINDS, DeviceDirectory, counter_slug
from queue_service.context import ServiceContext
from queue_service.dossiers.tracking import RateLimiter, lookup
from queue_service.errors import DomainError, kind
from queue_service.queue.engine import QueueEngine
from queue_service.queue.recorder import Actor
from wire.codec import WireError, decode, encode, error_reply, ok_reply
from wire.queue_messages import (
    REQUEST_VERBS, DossierTrackReply, ErrorInfo, Pong, Reply, TicketIssueReply, TicketStatusReply,
)
from wire.topics import Parsed, Topics

log = logging.getLogger(__name__)

REFUSED = kind("forbidden", 403, "Thiết bị {device} ({device_kind}) không được phép gửi yêu cầu {verb}",
               "Device {device} ({device_kind}) may not request {verb}")
UNKNOWN_DEVICE = kind("unknown_device", 403, "Thiết bị {device} chưa được đăng ký hoặc đã bị thu hồi",
                      "Device {device} is not provisioned or was revoked")
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
    def __init__(self, context: ServiceContext, engine: QueueEngine, centre: str, connection: Connection,
                 topics: Topics, directory: DeviceDirectory) -> None:
        self.context = context
        self.engine = engine
        self.centre = centre
        self.connection = connection
        self.topics = topics
        self.directory = directory
        self.limiter = RateLimiter(min((c.dossiers.lookup_per_minute for c in context.centres.values()), default=20))
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
        pair = REQUEST_VERBS.get(verb)
        if pair is None:
            return error_reply(_raw_id(payload), "unknown_name", f"no verb {verb!r}")
        try:
            request = decode(pair[0], payload)
        except WireError as exc:
            log.info("bad %s request from %s: %s", verb, device, exc)
            return error_reply(_raw_id(payload), exc.code, exc.detail)
        info = await self.directory.get(device)
        if info is None:
            log.warning("request %s from unknown or revoked device %s refused", verb, device)
            return domain_reply(request.id, DomainError(UNKNOWN_DEVICE, device=device))
        if info.kind not in REQUEST_KINDS.get(verb, ()):
            log.warning("request %s from %s (%s) refused: not allowed for this kind", verb, device, info.kind)
            return domain_reply(request.id, DomainError(REFUSED, device=device, device_kind=info.kind, verb=verb))
        try:
            data = await asyncio.to_thread(self._serve, device, verb, request)
        except DomainError as exc:
            return domain_reply(request.id, exc)
        except Exception:
            log.exception("request %s from %s failed", verb, device)
            return domain_reply(request.id, DomainError(INTERNAL))
        return ok_reply(request.id, data)

    def _serve(self, device: str, verb: str, request):
        """Runs in a worker thread: the engine and the lookup are synchronous and touch the store."""
        if verb == "ticket.issue":
            view = self.engine.issue(self.centre, request.field, channel=request.channel,
                                     priority_group=request.priority_group, actor=Actor(f"device:{device}", device))
            ahead = view.ahead or 0
            return TicketIssueReply(number=view.number, field=view.field.code, field_name=view.field.name_vi,
                                    position=ahead + 1, people_ahead=ahead, estimated_wait_min=view.estimated_wait_minutes,
                                    issued_at=view.issued_at, public_url=(view.url or "")[:300])
        if verb == "ticket.status":
            view = self.engine.ticket(self.centre, public_id=request.public_id)
            return TicketStatusReply(number=view.number, field=view.field.code, state=view.state, people_ahead=view.ahead,
                                     estimated_wait_min=view.estimated_wait_minutes,
                                     counter=counter_slug(view.counter) if view.counter else None)
        if verb == "dossier.track":
            self.limiter.check(device)
            dossier = lookup(self.context.db, request.code, id_last4=request.id_last4, token=request.token,
                             clock=self.context.clock, zone_of=lambda c: self.context.centre(c).zone)
            return DossierTrackReply(dossier=dossier)
        return Pong()
