"""What each device request does: verb → the kinds of device that may ask and the handler, served through the same
QueueEngine and tracking lookup as the HTTP API. Handlers are synchronous (the store) and run in a worker thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from queue_service.bookings.checkin import check_in
from queue_service.bridge.shapes import counter_state, issued_ticket
from queue_service.context import ServiceContext
from queue_service.devices.registry import DeviceInfo
from queue_service.dossiers.tracking import lookup
from queue_service.errors import DomainError, kind
from queue_service.queue.engine import QueueEngine
from queue_service.queue.recorder import Actor
from queue_service.queue.views import CounterView, TicketView
from queue_service.sms import near_turn
from wire import queue_messages as q
from wire.messages import WireModel
from wire.sms import TicketSmsReply, TicketSmsRequest, mask_phone
from wire.ticket import ticket_document
from wire.topics import counter_id

log = logging.getLogger(__name__)

NO_COUNTER = kind("no_counter", 403, "Thiết bị {device} chưa được gán quầy (motcua device add ... --counter N)",
                  "Device {device} is not installed at a counter (motcua device add ... --counter N)")
OTHER_COUNTER = kind("wrong_counter", 403, "Thiết bị {device} được lắp ở quầy {registered}, không thể thao tác cho quầy {counter}",
                     "Device {device} is installed at counter {registered}, not counter {counter}")

Handler = Callable[[DeviceInfo, q.Request], WireModel]
ALL_DEVICES = frozenset({"kiosk", "counter", "display", "rating_tablet", "sms"})

# counter.action → the engine's operation; the same operations the clerk console calls over HTTP (wire.keypad).
ACTIONS: dict[str, Callable] = {
    "next": lambda engine, centre, n, actor, _r: engine.call_next(centre, n, actor),
    "recall": lambda engine, centre, n, actor, _r: engine.recall(centre, n, actor),
    "no_show": lambda engine, centre, n, actor, _r: engine.skip(centre, n, actor),
    "start": lambda engine, centre, n, actor, _r: engine.start(centre, n, actor),
    "finish": lambda engine, centre, n, actor, _r: engine.finish(centre, n, actor),
    "transfer": lambda engine, centre, n, actor, r: engine.transfer(centre, n, actor, to_counter=r.to_counter),
    "pause": lambda engine, centre, n, actor, _r: engine.pause_or_resume(centre, n, actor),
}


@dataclass(frozen=True)
class Route:
    kinds: frozenset[str]  # who may ask; anyone else is refused and logged with the device id
    handler: Handler


class Verbs:
    def __init__(self, context: ServiceContext, engine: QueueEngine, centre: str,
                 on_sms: Callable[[], None] = lambda: None) -> None:
        self.context = context
        self.engine = engine
        self.centre = centre
        self.on_sms = on_sms  # an SMS was queued: the sender may send it now

    def table(self) -> dict[str, Route]:
        return {
            "ticket.issue": Route(frozenset({"kiosk"}), self.ticket_issue),
            "booking.checkin": Route(frozenset({"kiosk"}), self.booking_checkin),
            "ticket.status": Route(ALL_DEVICES, self.ticket_status),
            "ticket.sms": Route(frozenset({"kiosk"}), self.ticket_sms),
            "dossier.track": Route(frozenset({"kiosk"}), self.dossier_track),
            "counter.action": Route(frozenset({"counter"}), self.counter_action),
            "ping": Route(ALL_DEVICES, self.ping),
        }

    def ticket_issue(self, device: DeviceInfo, request: q.TicketIssueRequest) -> q.TicketIssueReply:
        view = self.engine.issue(self.centre, request.field, channel=request.channel,
                                 priority_group=request.priority_group, actor=Actor(f"device:{device.id}", device.id),
                                 request_id=request.id, deadline=request.expires_at)
        return self._slip(view, request.locale)

    def booking_checkin(self, device: DeviceInfo, request: q.BookingCheckinRequest) -> q.TicketIssueReply:
        view = check_in(self.engine, self.centre, request.code, actor=Actor(f"device:{device.id}", device.id),
                        request_id=request.id, deadline=request.expires_at)
        return self._slip(view, request.locale)

    def _slip(self, view: TicketView, locale: str) -> q.TicketIssueReply:
        """The issued ticket and the slip the kiosk prints for it, the same for a walk-in and a booking."""
        config = self.context.centre(self.centre)
        ticket = issued_ticket(config, view)
        c = config.centre
        document = ticket_document(ticket, c.name_vi, c.name_en, c.timezone, locale=locale)
        return q.TicketIssueReply(ticket=ticket, document=document)

    def ticket_sms(self, device: DeviceInfo, request: TicketSmsRequest) -> TicketSmsReply:
        """The citizen's phone for the near-turn SMS; if the ticket is already that near, the SMS is queued now."""
        config, now = self.context.centre(self.centre), self.context.clock()
        near_turn.subscribe(self.context.db, config, device.id, request.ticket_id, request.phone, now)
        if near_turn.check(self.context.db, self.engine, config, now):
            self.on_sms()
        return TicketSmsReply(masked=mask_phone(request.phone), ahead=config.sms.near_turn_ahead)

    def ticket_status(self, _device: DeviceInfo, request: q.TicketStatusRequest) -> q.TicketStatusReply:
        view = self.engine.ticket(self.centre, public_id=request.public_id)
        return q.TicketStatusReply(number=view.number, field=view.field.code, state=view.state, people_ahead=view.ahead,
                                   estimated_wait_min=view.estimated_wait_minutes,
                                   counter=counter_id(view.counter) if view.counter else None)

    def dossier_track(self, device: DeviceInfo, request: q.DossierTrackRequest) -> q.DossierTrackReply:
        self.context.lookup_limiter.check(f"device:{device.id}")
        dossier = lookup(self.context.db, request.code, id_last4=request.id_last4, token=request.token,
                         clock=self.context.clock, zone_of=lambda c: self.context.centre(c).zone)
        return q.DossierTrackReply(dossier=dossier)

    def counter_action(self, device: DeviceInfo, request: q.CounterActionRequest) -> q.CounterActionReply:
        """A keypad acts only for the counter it is registered at: the request names it, and a mismatch (a unit
        moved without being re-registered) is refused rather than acting on another clerk's queue."""
        if device.counter is None:
            log.warning("counter.action %s from %s refused: no counter registered", request.action, device.id)
            raise DomainError(NO_COUNTER, device=device.id)
        if request.counter != counter_id(device.counter):
            log.warning("counter.action %s from %s refused: for counter %s, registered at %s", request.action,
                        device.id, request.counter, counter_id(device.counter))
            raise DomainError(OTHER_COUNTER, device=device.id, registered=counter_id(device.counter),
                              counter=request.counter)
        actor = Actor(f"device:{device.id}", device.id)
        result = ACTIONS[request.action](self.engine, self.centre, device.counter, actor, request)
        if isinstance(result, CounterView):  # pause / resume
            return q.CounterActionReply(state=counter_state(result))
        acted = result.ticket or result.finished
        return q.CounterActionReply(state=counter_state(result.state), number=acted.number if acted else None)

    def ping(self, _device: DeviceInfo, _request: q.Ping) -> q.Pong:
        return q.Pong(ts=self.context.clock())
