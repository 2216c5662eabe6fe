"""The names of the contract: every command with its arguments, every event with its data, every request verb with
its request and reply. Devices and the service look names up here and nowhere else."""

from __future__ import annotations

from wire import queue_messages as q
from wire.messages import CodeScanned, PaperOut, WireModel
from wire.printing import PrintDocument
from wire.rating import RatingGiven, RatingOpen
from wire.screen import ScreenCapture, ScreenTouch
from wire.sms import SmsSend, TicketSmsReply, TicketSmsRequest

COMMAND_ARGS: dict[str, type[WireModel]] = {
    "print.document": PrintDocument,  # ack result: wire.printing.PrintOutcome
    "rating.open": RatingOpen,
    "screen.capture": ScreenCapture,  # ack result: wire.screen.ScreenImage
    "screen.touch": ScreenTouch,
    "sms.send": SmsSend,  # ack result: wire.sms.SmsResult
}
EVENT_DATA: dict[str, type[WireModel]] = {
    "rating.given": RatingGiven,
    "code.scanned": CodeScanned,
    "printer.paper_out": PaperOut,
    "ticket.void": q.TicketVoid,
}
REQUEST_VERBS: dict[str, tuple[type[q.Request], type[WireModel]]] = {
    "ticket.issue": (q.TicketIssueRequest, q.TicketIssueReply),
    "booking.checkin": (q.BookingCheckinRequest, q.TicketIssueReply),
    "ticket.status": (q.TicketStatusRequest, q.TicketStatusReply),
    "ticket.sms": (TicketSmsRequest, TicketSmsReply),
    "dossier.track": (q.DossierTrackRequest, q.DossierTrackReply),
    "counter.action": (q.CounterActionRequest, q.CounterActionReply),
    "ping": (q.Ping, q.Pong),
}
