"""The device runtime's MQTT session on paho 2.x (MQTT v5): lifecycle, commands, requests and the durable outbox."""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from devicekit.mqtt.commands import CommandTable
from devicekit.mqtt.config import SessionConfig
from devicekit.mqtt.outbox import Outbox
from devicekit.mqtt.requests import NotConnected, PendingRequests, RequestError, RequestTimeout
from wire.codec import WireError, body, decode, encode, new_id, reply_data, validate
from wire.contract import EVENT_DATA, REQUEST_VERBS
from wire.messages import Ack, Availability, Command, Event, Health, Meta, WireModel, utcnow
from wire.queue_messages import Ping, Pong, Reply
from wire.topics import Topics

log = logging.getLogger(__name__)

# CONNACK reason codes that retrying cannot fix: bad client id, bad credentials, not authorised, banned.
REFUSALS = {133, 134, 135, 138, 140}

# A handler of a watched shared-state topic: (topic, payload, retained). Retained copies arrive after every
# (re)subscribe, so a handler applies state, never counts it.
Watcher = Callable[[str, bytes, bool], None]


class ConnectRefused(ConnectionError):
    """The broker refused this device (wrong secret, revoked, unknown id); retrying will not help."""


class DeviceSession:
    """One per agent process. Quiet constructor; start() connects, stop() says goodbye cleanly."""

    def __init__(self, config: SessionConfig, commands: CommandTable | None = None,
                 on_connection: Callable[[bool], None] | None = None,
                 on_service: Callable[[bool], None] | None = None) -> None:
        self.config = config
        self.topics = Topics(config.centre)
        self.commands = commands or CommandTable()
        self.on_connection = on_connection
        self.on_service = on_service
        self.outbox = Outbox(config.outbox_path)
        self.boot = 0
        self.refused: str | None = None
        self._client: mqtt.Client | None = None
        self._executor: ThreadPoolExecutor | None = None  # runs commands, one at a time
        self._confirmer: ThreadPoolExecutor | None = None  # deletes delivered outbox rows (see _on_publish)
        self._connected = threading.Event()
        self._answered = threading.Event()  # first CONNACK, good or bad
        self._lock = threading.RLock()
        self._inflight: dict[int, int] = {}  # paho mid → outbox row; paho itself resends these after a reconnect
        self._requests = PendingRequests()
        self._state = "ready"
        self._health = Health()
        self._watches: list[tuple[str, Watcher]] = []
        self._watcher: ThreadPoolExecutor | None = None  # runs watch handlers in arrival order
        self._service_ready = False
        self.clock_offset = 0.0  # service clock minus ours, in seconds, measured by ping after each (re)connect

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    @property
    def service_ready(self) -> bool:
        """The service said `ready` on svc/availability and the broker link is up: requests can be answered."""
        return self.connected and self._service_ready

    def service_now(self) -> dt.datetime:
        """Now on the service's clock: what expiries and event times are stamped with, so a device whose clock is
        off by minutes neither fires stale presses nor loses fresh ones."""
        return utcnow() + dt.timedelta(seconds=self.clock_offset)

    def watch(self, topic_filter: str, handler: Watcher) -> None:
        """Follow a shared state topic (board, calls, counter/+/state): subscribed on every connect, its retained
        value applied on arrival; handlers run one at a time, in arrival order, off the network thread."""
        self._watches.append((topic_filter, handler))
        client = self._client
        if client is not None and self.connected:
            client.subscribe(topic_filter, options=SubscribeOptions(qos=1))

    # ---- lifecycle
    def start(self, wait: float = 5.0) -> bool:
        """Connect; True once connected, False if the broker has not answered within `wait` (paho keeps
        retrying with backoff). Raises ConnectRefused at once if the broker refuses the credentials."""
        c = self.config
        self.outbox.open()
        self.boot = self.outbox.bump("boot")
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=f"cmd-{c.device}")
        self._confirmer = ThreadPoolExecutor(1, thread_name_prefix=f"outbox-{c.device}")
        self._watcher = ThreadPoolExecutor(1, thread_name_prefix=f"watch-{c.device}")
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=c.device, protocol=mqtt.MQTTv5)
        client.username_pw_set(c.device, c.password)
        client.will_set(self.topics.availability(c.device), encode(Availability(state="lost", boot=self.boot)),
                        qos=1, retain=True)
        client.on_socket_open = _nodelay
        client.on_connect, client.on_disconnect = self._on_connect, self._on_disconnect
        client.on_message, client.on_publish = self._on_message, self._on_publish
        client.reconnect_delay_set(c.reconnect_min_s, c.reconnect_max_s)
        if c.cafile:
            client.tls_set(ca_certs=str(c.cafile))
        props = Properties(PacketTypes.CONNECT)
        # Without an expiry, clean_start=False keeps no session in v5 (TECH-NOTES §3): commands sent while the
        # device is away would be lost instead of arriving (and being acked `expired` if stale).
        props.SessionExpiryInterval = c.session_expiry_s
        self._client = client
        client.connect_async(c.host, c.port, c.keepalive, clean_start=False, properties=props)
        client.loop_start()
        if self._answered.wait(wait) and self.refused:
            self.stop()
            raise ConnectRefused(f"broker {c.host}:{c.port} refused device {c.device!r}: {self.refused}")
        return self.connected

    def stop(self, timeout: float = 2.0) -> None:
        client, self._client = self._client, None
        if client is not None:
            if self.connected:
                info = client.publish(self.topics.availability(self.config.device),
                                      encode(Availability(state="disconnected", boot=self.boot)), qos=1, retain=True)
                try:
                    info.wait_for_publish(timeout)
                except (RuntimeError, ValueError):
                    pass
            client.disconnect()  # a clean DISCONNECT: the broker drops the last will
            client.loop_stop()
        self._connected.clear()
        for pool in (self._executor, self._confirmer, self._watcher):
            if pool is not None:
                pool.shutdown(wait=True)
        self._executor = self._confirmer = self._watcher = None
        with self._lock:
            self._inflight.clear()
        self.outbox.close()

    # ---- what the agent reports
    def set_state(self, state: str) -> None:
        """ready or alert (e.g. paper out); retained, so the service sees it after its own restart too."""
        self._state = validate(Availability, {"v": 1, "state": state}).state
        self._publish_availability()

    def set_health(self, health: Health) -> None:
        self._health = health
        self._publish_retained(self.topics.health(self.config.device), health)

    def raise_event(self, name: str, data: WireModel) -> Event:
        """Queue an event durably; it is sent now or after the broker returns, once, with the next seq."""
        expected = EVENT_DATA.get(name)
        if expected is not None and not isinstance(data, expected):
            raise TypeError(f"event {name} takes {expected.__name__}, not {type(data).__name__}")
        topic = self.topics.event(self.config.device, name)
        _, payload = self.outbox.put_numbered(
            "event_seq", topic,
            lambda seq: encode(Event(id=new_id(), seq=seq, name=name, ts=self.service_now(), data=body(data))))
        self._flush()
        return decode(Event, payload)

    def request(self, verb: str, payload: dict | WireModel, timeout: float = 5.0) -> WireModel:
        """Send a request and wait for its typed reply data; RequestError (incl. RequestTimeout) otherwise."""
        if verb not in REQUEST_VERBS:
            raise ValueError(f"unknown verb {verb!r}")
        model = REQUEST_VERBS[verb][0]
        if not isinstance(payload, WireModel):
            # A request nobody answers within `timeout` must not act later (a clerk's Next after an outage): it
            # expires on the service's clock, and the broker drops it if the service is away that long.
            expires = self.service_now() + dt.timedelta(seconds=timeout)
            payload = validate(model, {"v": 1, "id": new_id(), "expires_at": expires, **payload})
        request = payload
        client = self._client
        if client is None or not self.connected:
            raise NotConnected()
        slot = self._requests.open(request.id)
        props = Properties(PacketTypes.PUBLISH)
        props.ResponseTopic = self.topics.response(self.config.device, verb)
        props.CorrelationData = request.id.encode()
        props.MessageExpiryInterval = max(1, math.ceil(timeout))
        client.publish(self.topics.request(self.config.device, verb), encode(request), qos=1, properties=props)
        if not slot.event.wait(timeout):
            self._requests.discard(request.id)
            raise RequestTimeout(verb, timeout)
        try:
            reply = decode(Reply, slot.payload)
            if reply.status == "error":
                error = reply.error
                raise RequestError(error.code if error else "error", error.message if error else "no detail",
                                   error.message_en if error else None)
            return reply_data(verb, reply)
        except WireError as exc:
            raise RequestError("bad_reply", str(exc)) from None

    def meta(self) -> Meta:
        c = self.config
        return Meta(kind=c.kind, software=c.software, profiles=list(c.profiles), capabilities=list(c.capabilities),
                    commands=self.commands.names(), counter=c.counter)

    # ---- paho callbacks (network thread); each wrapped so nothing escapes into paho's loop
    def _on_connect(self, client, _userdata, flags, reason, _props) -> None:
        try:
            if reason.is_failure:
                log.error("broker refused %s: %s", self.config.device, reason)
                if reason.value in REFUSALS:
                    self.refused = str(reason)
                    client.disconnect()  # stop paho's retries: a wrong secret stays wrong
                return
            d = self.config.device
            # Every connect subscribes again: after a broker restart nothing else would (STYLE "what went wrong" 4).
            opts = SubscribeOptions(qos=1)
            client.subscribe([(self.topics.device_commands(d), opts), (self.topics.device_responses(d), opts),
                              (self.topics.service_availability(), opts),
                              *((topic, opts) for topic, _ in self._watches)])
            self._connected.set()
            log.info("%s connected (session present: %s)", d, flags.session_present)
            self._publish_availability()
            self._publish_retained(self.topics.meta(d), self.meta())
            self._publish_retained(self.topics.health(d), self._health)
            self._flush()
            self._notify(True)
        except Exception:
            log.exception("on_connect of %s failed", self.config.device)
        finally:
            self._answered.set()

    def _on_disconnect(self, _client, _userdata, _flags, reason, _props) -> None:
        was = self._connected.is_set()
        self._connected.clear()
        self._set_service(False)  # unknown until the retained svc/availability arrives again
        if was:
            stopping = self._client is None  # stop() clears it before its clean DISCONNECT
            log.log(logging.INFO if stopping else logging.WARNING, "%s disconnected: %s", self.config.device, reason)
            self._notify(False)

    def _on_publish(self, _client, _userdata, mid, reason, _props) -> None:
        # paho calls this holding its outbound-message lock, and _flush holds self._lock while it calls
        # publish (which takes that paho lock): taking self._lock here would deadlock. The confirmation is
        # handed to a thread of its own, which takes self._lock with no paho lock held (and is not held up by
        # a slow command handler).
        try:
            self._confirmer.submit(self._confirm, mid, reason)
        except Exception:
            log.exception("on_publish failed")

    def _on_message(self, _client, _userdata, msg) -> None:
        try:
            parsed = self.topics.parse(msg.topic)
            if parsed is None:
                log.warning("%s: message on unexpected topic %s dropped", self.config.device, msg.topic)
            elif parsed.kind == "cmd" and parsed.device == self.config.device:
                self._executor.submit(self._run_command, parsed.name, bytes(msg.payload))
            elif parsed.kind == "res" and parsed.device == self.config.device:
                self._on_reply(msg)
            elif parsed.kind == "service_availability":
                self._on_service(msg)
            for topic_filter, handler in self._watches:
                if mqtt.topic_matches_sub(topic_filter, msg.topic):
                    self._watcher.submit(self._run_watch, handler, msg.topic, bytes(msg.payload), bool(msg.retain))
        except Exception:
            log.exception("%s: handling %s failed", self.config.device, msg.topic)

    # ---- handlers
    def _run_command(self, name: str, payload: bytes) -> None:
        try:
            try:
                command = decode(Command, payload)
            except WireError as exc:
                self._reject_unreadable(name, payload, exc)
                return
            if command.name != name:
                if self.outbox.first_sight(command.id):
                    self._send_ack(Ack(id=command.id, name=name, status="rejected",
                                       error=f"topic says {name!r}, payload says {command.name!r}"))
                return
            ack = self.commands.dispatch(command, self.outbox.first_sight)
            if ack is not None:
                self._send_ack(ack)
        except Exception:
            log.exception("%s: command %s failed outside its handler", self.config.device, name)

    def _reject_unreadable(self, name: str, payload: bytes, exc: WireError) -> None:
        """Answer a malformed command when it carries an id we can answer to; otherwise log and drop it."""
        try:
            raw = json.loads(payload)
            command_id = raw.get("id") if isinstance(raw, dict) else None
        except (ValueError, RecursionError):
            command_id = None
        if isinstance(command_id, str) and 0 < len(command_id) <= 64 and self.outbox.first_sight(command_id):
            self._send_ack(Ack(id=command_id, name=name[:64], status="rejected", error=str(exc)))
        else:
            log.warning("%s: unreadable command %s dropped: %s", self.config.device, name, exc)

    def _on_reply(self, msg) -> None:
        correlation = getattr(msg.properties, "CorrelationData", None) if msg.properties else None
        if correlation is None:  # a v3.1.1 responder: fall back to the id in the body
            try:
                correlation = decode(Reply, msg.payload).id.encode()
            except WireError as exc:
                log.warning("%s: reply without correlation dropped: %s", self.config.device, exc)
                return
        if not self._requests.resolve(bytes(correlation).decode(errors="replace"), bytes(msg.payload)):
            log.info("%s: late or unknown reply on %s dropped", self.config.device, msg.topic)

    def _run_watch(self, handler: Watcher, topic: str, payload: bytes, retained: bool) -> None:
        try:
            handler(topic, payload, retained)
        except Exception:  # a handler's bug must not stop the state feed
            log.exception("%s: handling %s failed", self.config.device, topic)

    def _on_service(self, msg) -> None:
        if not msg.payload:
            self._set_service(False)
            return
        try:
            state = decode(Availability, msg.payload).state
        except WireError as exc:
            log.warning("bad service availability dropped: %s", exc)
            return
        # A retained copy arrives right after our own connect, when we have just published; only a live
        # change to ready means the service restarted and lost what it knew.
        if state == "ready" and not msg.retain:
            d = self.config.device
            self._publish_retained(self.topics.meta(d), self.meta())
            self._publish_retained(self.topics.health(d), self._health)
        self._set_service(state == "ready")

    def _set_service(self, ready: bool) -> None:
        was, self._service_ready = self._service_ready, ready
        if ready and not was:
            # Off the network thread: the ping's reply arrives on it.
            threading.Thread(target=self._measure_clock, name=f"clock-{self.config.device}", daemon=True).start()
        if ready != was and self.on_service is not None:
            self._post(self.on_service, ready)

    def _measure_clock(self) -> None:
        """One ping: the service's time at the midpoint of the round trip gives the offset of our clock."""
        try:
            sent = time.time()
            pong = self.request("ping", Ping(id=new_id()), timeout=3.0)
            back = time.time()
        except RequestError as exc:
            log.info("%s: clock offset not measured (%s)", self.config.device, exc)
            return
        if isinstance(pong, Pong):
            self.clock_offset = pong.ts.timestamp() - (sent + back) / 2
            if abs(self.clock_offset) > 2:
                log.warning("%s: this clock is %.1f s off the service's; times are corrected", self.config.device,
                            self.clock_offset)

    def _confirm(self, mid: int, reason) -> None:
        """The broker took message `mid`: an outbox row sent under that mid is delivered."""
        try:
            # _flush registers mid → row under this lock, so the row is known by now; and the row leaves the
            # outbox under it too, or a _flush in between would find it neither in flight nor done and resend it.
            with self._lock:
                row = self._inflight.pop(mid, None)
                if row is None:
                    return
                if reason.is_failure:
                    # Refused by the broker (ACL): it will never be accepted, so resending would loop forever.
                    log.error("broker refused outbox message %s: %s", row, reason)
                self.outbox.done(row)
        except Exception:
            log.exception("%s: confirming message %s failed", self.config.device, mid)

    # ---- publishing
    def _send_ack(self, ack: Ack) -> None:
        self.outbox.put(self.topics.ack(self.config.device), encode(ack))
        self._flush()

    def _publish_availability(self) -> None:
        self._publish_retained(self.topics.availability(self.config.device),
                               Availability(state=self._state, boot=self.boot))

    def _publish_retained(self, topic: str, model: WireModel) -> None:
        """Retained state: only the latest value matters, so it is not queued; on_connect publishes it again."""
        client = self._client
        if client is not None and self.connected:
            client.publish(topic, encode(model), qos=1, retain=True)

    def _flush(self) -> None:
        """Send outbox rows paho does not already hold; only while connected, so nothing is queued twice."""
        with self._lock:
            client = self._client
            if client is None or not self.connected:
                return
            held = set(self._inflight.values())
            for item in self.outbox.pending():
                if item.row in held:
                    continue
                info = client.publish(item.topic, item.payload, qos=1, retain=item.retain)
                if info.rc not in (MQTTErrorCode.MQTT_ERR_SUCCESS, MQTTErrorCode.MQTT_ERR_NO_CONN):
                    log.warning("outbox publish failed: %s", info.rc)
                    break
                self._inflight[info.mid] = item.row  # queued by paho even on NO_CONN, resent on reconnect

    def _notify(self, connected: bool) -> None:
        if self.on_connection is not None:
            self._post(self.on_connection, connected)

    def _post(self, callback: Callable[[bool], None], value: bool) -> None:
        """Link and service changes run on the watch thread, in order with the state they concern."""
        def run() -> None:
            try:
                callback(value)
            except Exception:
                log.exception("%s: %s callback failed", self.config.device, getattr(callback, "__name__", "state"))
        pool = self._watcher
        if pool is None:
            run()
            return
        try:
            pool.submit(run)
        except RuntimeError:  # shutting down
            run()


def _nodelay(_client, _userdata, sock) -> None:
    # Nagle + delayed ACK add 40-80 ms to every request/reply (TECH-NOTES §3).
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except (OSError, AttributeError):
        pass
