"""The one owner of the MQTT topic grammar: builders, subscription filters and parsing (DESIGN.md §3)."""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "v1"
PREFIX = "motcua"

# A slug keeps ids safe inside topics, ACL patterns (%u) and file names: no '/', '+', '#', spaces or '$'.
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
# Command, event and request names are dotted slugs ("display.show", "ticket.issue").
NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,62}$")


def check_slug(value: str, what: str = "id") -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise ValueError(f"{what} {value!r} must be a lowercase slug (a-z, 0-9, '-', '_'; max 63)")
    return value


def check_name(value: str, what: str = "name") -> str:
    if not isinstance(value, str) or not NAME.match(value):
        raise ValueError(f"{what} {value!r} must be a lowercase dotted name (a-z, 0-9, '.', '-', '_')")
    return value


def counter_id(number: int) -> str:
    """How counter `number` appears in topics and payloads ('05'): zero-padded, so ids sort as people count."""
    return f"{number:02d}"


@dataclass(frozen=True)
class Parsed:
    """What an incoming topic says: its kind ('availability', 'cmd', 'req', ...), device, name and counter."""

    kind: str
    device: str | None = None
    name: str | None = None
    counter: str | None = None


@dataclass(frozen=True)
class Topics:
    """Topic builders of one centre; every topic of the codebase is made here."""

    centre: str

    def __post_init__(self) -> None:
        check_slug(self.centre, "centre")

    @property
    def root(self) -> str:
        return f"{PREFIX}/{VERSION}/{self.centre}"

    # --- device → service (retained state, events, acks)
    def availability(self, device: str) -> str:
        return f"{self._dev(device)}/availability"

    def meta(self, device: str) -> str:
        return f"{self._dev(device)}/meta"

    def health(self, device: str) -> str:
        return f"{self._dev(device)}/health"

    def event(self, device: str, name: str) -> str:
        return f"{self._dev(device)}/event/{check_name(name)}"

    def ack(self, device: str) -> str:
        return f"{self._dev(device)}/ack"

    # --- service → device
    def command(self, device: str, name: str) -> str:
        return f"{self._dev(device)}/cmd/{check_name(name)}"

    # --- request/response
    def request(self, device: str, verb: str) -> str:
        return f"{self.root}/req/{check_slug(device, 'device')}/{check_name(verb, 'verb')}"

    def response(self, device: str, verb: str) -> str:
        return f"{self.root}/res/{check_slug(device, 'device')}/{check_name(verb, 'verb')}"

    # --- service → all (retained state and announcements)
    def service_availability(self) -> str:
        return f"{self.root}/svc/availability"

    def counter_state(self, counter: str) -> str:
        return f"{self.root}/counter/{check_slug(counter, 'counter')}/state"

    def board(self) -> str:
        return f"{self.root}/board"

    def calls(self) -> str:
        return f"{self.root}/calls"

    # --- subscription filters
    def device_commands(self, device: str) -> str:
        """What a device subscribes to for its commands."""
        return f"{self._dev(device)}/cmd/+"

    def device_responses(self, device: str) -> str:
        return f"{self.root}/res/{check_slug(device, 'device')}/+"

    def all_counter_states(self) -> str:
        return f"{self.root}/counter/+/state"

    def all_device_state(self) -> list[str]:
        """What the service subscribes to for device availability, meta and health (all retained)."""
        return [f"{self.root}/dev/+/availability", f"{self.root}/dev/+/meta", f"{self.root}/dev/+/health"]

    def all_events(self) -> str:
        return f"{self.root}/dev/+/event/+"

    def all_acks(self) -> str:
        return f"{self.root}/dev/+/ack"

    def all_requests(self, share: str | None = None) -> str:
        """Requests of every device; with `share`, a shared subscription so several service workers split them."""
        topic = f"{self.root}/req/+/+"
        return f"$share/{check_slug(share, 'share group')}/{topic}" if share else topic

    def everything(self) -> str:
        return f"{self.root}/#"

    # --- Mosquitto ACL lines, shaped so `%u` (username = device id = client id) confines each device
    def acl_device_rules(self) -> list[tuple[str, str]]:
        """(access, pattern) pairs every device gets: write its own subtree, read its own commands and replies
        and the shared state. A device cannot write its own cmd topic, nor anything the service owns."""
        dev = f"{self.root}/dev/%u"
        return [
            ("write", f"{dev}/availability"),
            ("write", f"{dev}/meta"),
            ("write", f"{dev}/health"),
            ("write", f"{dev}/ack"),
            ("write", f"{dev}/event/#"),
            ("read", f"{dev}/cmd/#"),
            ("write", f"{self.root}/req/%u/#"),
            ("read", f"{self.root}/res/%u/#"),
            ("read", self.service_availability()),
            ("read", self.all_counter_states()),
            ("read", self.board()),
            ("read", self.calls()),
        ]

    def acl_service_rules(self) -> list[tuple[str, str]]:
        """The central service reads and writes the whole centre tree."""
        return [("readwrite", self.everything())]

    # --- bridge to a provincial broker
    def bridge_rules(self) -> list[tuple[str, str]]:
        """(pattern relative to root, direction) of what a centre shares with its province: retained state the
        province monitors. Commands, requests and events stay inside the centre."""
        return [
            ("board", "out"),
            ("counter/+/state", "out"),
            ("svc/availability", "out"),
            ("dev/+/availability", "out"),
            ("dev/+/health", "out"),
        ]

    def bridge_state(self, connection: str) -> str:
        """Where the broker itself publishes 1/0 for the bridge link."""
        return f"{self.root}/svc/bridge/{check_slug(connection, 'connection')}"

    # --- parsing
    def parse(self, topic: str) -> Parsed | None:
        """Classify a topic of this centre; None when it is not one of ours or is malformed."""
        prefix = self.root + "/"
        if not topic.startswith(prefix):
            return None
        parts = topic[len(prefix):].split("/")
        try:
            return _parse(parts)
        except ValueError:
            return None

    def _dev(self, device: str) -> str:
        return f"{self.root}/dev/{check_slug(device, 'device')}"


def _parse(parts: list[str]) -> Parsed | None:
    match parts:
        case ["dev", device, ("availability" | "meta" | "health" | "ack") as kind]:
            return Parsed(kind, device=check_slug(device))
        case ["dev", device, ("cmd" | "event") as kind, name]:
            return Parsed(kind, device=check_slug(device), name=check_name(name))
        case [("req" | "res") as kind, device, verb]:
            return Parsed(kind, device=check_slug(device), name=check_name(verb))
        case ["svc", "availability"]:
            return Parsed("service_availability")
        case ["counter", counter, "state"]:
            return Parsed("counter_state", counter=check_slug(counter))
        case ["board"]:
            return Parsed("board")
        case ["calls"]:
            return Parsed("calls")
    return None
