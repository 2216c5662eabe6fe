"""One client connection to the demo broker (a real centre runs Mosquitto): framing, CONNECT and authentication,
the packets of a session, keep-alive, and closing with a reason. A bad packet disconnects this client only."""

from __future__ import annotations

import asyncio
import logging
import secrets
import socket

import mqtt5
from mqtt5 import ConnAckReasonCode as ConnAck
from mqtt5 import DisconnectReasonCode as Reason
from mqtt5 import PubAckReasonCode as PubAck

from broker_config.embedded.acl import WRITE
from broker_config.embedded.config import BrokerConfig, Listener
from broker_config.embedded.messages import Message
from broker_config.embedded.router import Router
from broker_config.embedded.session import Session, Subscription
from broker_config.embedded.topics import TopicError, parse_filter, valid_topic_name

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0
CONNECT_MAX_BYTES = 1 << 20  # an unauthenticated peer gets no more buffer than this
TOPIC_ALIAS_MAX = 10  # what Mosquitto 2 offers
WRITE_BUFFER_LIMIT = 8 << 20  # QoS 0 copies are dropped for a client that stopped reading
# Never swallowed. Everything else raised while decoding or handling one client's packet ends that client only:
# mqtt5 raises ValueError on malformed bytes, and pyo3's PanicException (a BaseException) on invalid UTF-8.
_FATAL = (KeyboardInterrupt, SystemExit, asyncio.CancelledError, GeneratorExit, MemoryError)


CONNECT_BYTE = 0x10
FLAGS_TWO = {6, 8, 10}  # PUBREL, SUBSCRIBE, UNSUBSCRIBE: their fixed header flags must be 0b0010


def _valid_first_byte(byte: int) -> bool:
    kind, flags = byte >> 4, byte & 0x0F
    if kind == 3:
        return (flags >> 1) & 3 != 3  # PUBLISH: any flags but QoS 3
    if kind in FLAGS_TWO:
        return flags == 2
    return 1 <= kind <= 15 and flags == 0


class Violation(Exception):
    """The client broke the protocol: it is disconnected with this reason code."""

    def __init__(self, code: Reason, why: str) -> None:
        super().__init__(why)
        self.code, self.why = code, why


class Connection(asyncio.Protocol):
    def __init__(self, router: Router, listener: Listener, config: BrokerConfig) -> None:
        self.router, self.listener, self.config = router, listener, config
        self.transport: asyncio.Transport | None = None
        self.session: Session | None = None
        self.client_id: str | None = None
        self.username: str | None = None
        self.password: bytes | None = None
        self.will: Message | None = None
        self.will_delay_s = 0
        self.keepalive_s = 0
        self.client_max_packet: int | None = None
        self.connected = False  # CONNACK sent
        self.closing = False
        self._buffer = bytearray()
        self._aliases: dict[int, str] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._last_rx = 0.0
        self.peer = "?"

    @property
    def name(self) -> str:
        return self.client_id or "<unknown>"

    # ---- asyncio.Protocol
    def connection_made(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # DESIGN §3: Nagle costs 40-80 ms a reply
        peer = transport.get_extra_info("peername") or ("?", 0)
        self.peer = f"{peer[0]}:{peer[1]}"
        loop = asyncio.get_running_loop()
        self._last_rx = loop.time()
        self._timer = loop.call_later(CONNECT_TIMEOUT_S, self._connect_timeout)
        if self.config.connection_messages:
            log.info("New connection from %s on port %d.", self.peer, self.listener.port)

    def data_received(self, data: bytes) -> None:
        if self.closing:
            return
        self._buffer += data
        self._last_rx = asyncio.get_running_loop().time()
        try:
            while not self.closing and (packet := self._next_packet()) is not None:
                self._handle(packet)
        except Violation as exc:
            self.close(exc.code, exc.why)
        except _FATAL:
            raise
        except BaseException:
            log.exception("Internal error while serving client %s (%s); disconnecting it.", self.name, self.peer)
            self.close(Reason.IMPLEMENTATION_SPECIFIC_ERROR, "internal error")

    def connection_lost(self, exc: Exception | None) -> None:
        by_peer, self.closing = not self.closing, True
        self._cancel_timer()
        session, self.session = self.session, None
        if session is not None and session.link is self:
            if by_peer and self.config.connection_messages:
                log.info("Client %s closed its connection.", self.name)
            self.router.detach(session, self.will, self.will_delay_s)

    # ---- framing
    def _next_packet(self) -> mqtt5.Packet | None:
        buf = self._buffer
        if not buf:
            return None
        # The first byte is checked before waiting for the rest, so a stray protocol (HTTP, TLS) or noise is
        # turned away at once instead of holding a connection open while it claims a long packet.
        if not self.connected and buf[0] != CONNECT_BYTE:
            raise Violation(Reason.MALFORMED_PACKET, f"first byte 0x{buf[0]:02x} is not an MQTT CONNECT")
        if not _valid_first_byte(buf[0]):
            raise Violation(Reason.MALFORMED_PACKET, f"invalid fixed header byte 0x{buf[0]:02x}")
        if len(buf) < 2:
            return None
        remaining, multiplier, i = 0, 1, 1
        while True:
            if i >= len(buf):
                return None
            byte = buf[i]
            remaining += (byte & 0x7F) * multiplier
            i += 1
            if not byte & 0x80:
                break
            multiplier *= 128
            if i > 4:
                raise Violation(Reason.MALFORMED_PACKET, "remaining length longer than 4 bytes")
        total = i + remaining
        limit = self.config.max_packet_size if self.connected else CONNECT_MAX_BYTES
        if limit and total > limit:
            raise Violation(Reason.PACKET_TOO_LARGE, f"packet of {total} bytes exceeds the limit of {limit}")
        if len(buf) < total:
            return None
        raw = bytes(buf[:total])
        del buf[:total]
        try:
            packet, used = mqtt5.read(memoryview(raw))
        except _FATAL:
            raise
        except BaseException as exc:
            if not self.connected and raw[0] >> 4 == 1 and "protocol version" in str(exc):
                raise Violation(Reason.UNSPECIFIED_ERROR, "not MQTT v5 (this embedded broker speaks MQTT v5 only)") from None
            raise Violation(Reason.MALFORMED_PACKET, f"malformed packet ({type(exc).__name__}: {exc})") from None
        if used != total:
            raise Violation(Reason.MALFORMED_PACKET, f"packet length {total} but {used} bytes decoded")
        return packet

    def _handle(self, packet: mqtt5.Packet) -> None:
        if self.session is None:
            if isinstance(packet, mqtt5.ConnectPacket):
                return self._on_connect(packet)
            raise Violation(Reason.PROTOCOL_ERROR, f"{type(packet).__name__} before CONNECT")
        handler = {
            mqtt5.PublishPacket: self._on_publish, mqtt5.PubAckPacket: self._on_puback,
            mqtt5.SubscribePacket: self._on_subscribe, mqtt5.UnsubscribePacket: self._on_unsubscribe,
            mqtt5.PingReqPacket: self._on_pingreq, mqtt5.DisconnectPacket: self._on_disconnect,
        }.get(type(packet))
        if handler is None:
            raise Violation(Reason.PROTOCOL_ERROR, f"unexpected {type(packet).__name__} (QoS 2 and AUTH are not supported)")
        handler(packet)

    # ---- CONNECT
    def _on_connect(self, p: mqtt5.ConnectPacket) -> None:
        self._cancel_timer()
        if p.authentication_method:
            return self._refuse(ConnAck.BAD_AUTHENTICATION_METHOD, "enhanced authentication is not supported")
        if not p.username:
            if not self.config.allow_anonymous:
                return self._refuse(ConnAck.NOT_AUTHORIZED, "anonymous clients are not allowed")
        elif not self.router.authenticate(p.username, p.password):
            return self._refuse(ConnAck.BAD_USER_NAME_OR_PASSWORD, f"bad username or password for {p.username!r}")
        if p.will is not None:
            if not valid_topic_name(p.will.topic):
                return self._refuse(ConnAck.TOPIC_NAME_INVALID, f"bad will topic {p.will.topic!r}")
            if int(p.will.qos) > 1:
                return self._refuse(ConnAck.QUALITY_NOT_SUPPORTED, "will QoS 2 (this broker's maximum QoS is 1)")
        client_id = p.username if self.listener.use_username_as_clientid and p.username else p.client_id
        assigned = None
        if not client_id:
            client_id = assigned = f"auto-{secrets.token_hex(8)}"
        self.client_id, self.username, self.password = client_id, p.username, p.password
        self.keepalive_s, server_keepalive = p.keep_alive, None
        if p.keep_alive == 0 or p.keep_alive > self.config.max_keepalive:
            self.keepalive_s = server_keepalive = self.config.max_keepalive
        session, present, previous = self.router.attach(client_id, p.username, p.clean_start, self)
        if previous is not None:
            previous.taken_over()
        session.expiry_s = p.session_expiry_interval
        session.send_quota = max(1, min(p.receive_max, self.config.max_inflight_messages or 65535))
        self.session = session
        if p.will is not None:
            self.will, self.will_delay_s = Message.from_will(p.will, client_id), p.will.will_delay_interval
        self.client_max_packet = p.max_packet_size
        self._write(mqtt5.ConnAckPacket(
            session_present=present, assigned_client_id=assigned, server_keep_alive=server_keepalive,
            receive_max=self.config.max_inflight_messages or 65535, topic_alias_max=TOPIC_ALIAS_MAX,
            max_qos=mqtt5.QoS.AT_LEAST_ONCE, max_packet_size=self.config.max_packet_size or None,
        ))
        self.connected = True
        if self.config.connection_messages:
            log.info("New client connected from %s as %s (p5, c%d, k%d, u'%s').", self.peer, client_id,
                     p.clean_start, self.keepalive_s, p.username or "")
        if self.keepalive_s:
            self._timer = asyncio.get_running_loop().call_later(self.keepalive_s * 1.5, self._check_keepalive)
        session.resume()

    def _refuse(self, code: ConnAck, why: str) -> None:
        log.info("Client %s (%s) refused: %s.", self.name, self.peer, why)
        self._write(mqtt5.ConnAckPacket(reason_code=code))
        self.closing = True
        self.transport.close()

    # ---- the packets of a session
    def _on_publish(self, p: mqtt5.PublishPacket) -> None:
        topic = p.topic
        if p.topic_alias is not None:
            if not 0 < p.topic_alias <= TOPIC_ALIAS_MAX:
                raise Violation(Reason.TOPIC_ALIAS_INVALID, f"topic alias {p.topic_alias}")
            if topic:
                self._aliases[p.topic_alias] = topic
            elif (topic := self._aliases.get(p.topic_alias)) is None:
                raise Violation(Reason.PROTOCOL_ERROR, f"unknown topic alias {p.topic_alias}")
        if not valid_topic_name(topic):
            raise Violation(Reason.TOPIC_NAME_INVALID, f"bad topic name {topic!r}")
        qos = int(p.qos)
        if qos == 2:
            raise Violation(Reason.QOS_NOT_SUPPORTED, "QoS 2 PUBLISH (this broker's maximum QoS is 1)")
        if qos == 1 and not p.packet_id:
            raise Violation(Reason.PROTOCOL_ERROR, "QoS 1 PUBLISH without a packet id")
        limit = self.config.message_size_limit
        if limit and len(p.payload) > limit:
            log.info("Dropped too large PUBLISH from %s on %s (%d bytes > message_size_limit %d).",
                     self.name, topic, len(p.payload), limit)
            return self._puback(p, PubAck.QUOTA_EXCEEDED)
        if not self.router.may(self.username, self.client_id, topic, WRITE):
            log.info("Denied PUBLISH from %s (q%d, r%d, '%s', ... (%d bytes)).", self.name, qos, p.retain, topic,
                     len(p.payload))
            return self._puback(p, PubAck.NOT_AUTHORIZED)
        matched = self.router.publish(Message.from_publish(p, topic, self.client_id))
        self._puback(p, PubAck.SUCCESS if matched else PubAck.NO_MATCHING_SUBSCRIBERS)

    def _puback(self, p: mqtt5.PublishPacket, code: PubAck) -> None:
        if int(p.qos) == 1:
            self._write(mqtt5.PubAckPacket(p.packet_id, reason_code=code))

    def _on_puback(self, p: mqtt5.PubAckPacket) -> None:
        self.session.acknowledged(p.packet_id)

    def _on_subscribe(self, p: mqtt5.SubscribePacket) -> None:
        if not p.packet_id:
            raise Violation(Reason.PROTOCOL_ERROR, "SUBSCRIBE without a packet id")
        codes, added = [], []
        for wanted in p.topic_filters:
            try:
                spec = parse_filter(wanted.pattern)
            except TopicError:
                codes.append(mqtt5.SubAckReasonCode.TOPIC_FILTER_INVALID)
                continue
            if spec.group and wanted.no_local:
                raise Violation(Reason.PROTOCOL_ERROR, "no-local on a shared subscription")
            qos = min(int(wanted.max_qos), 1)
            sub = Subscription(spec, qos, wanted.no_local, wanted.retain_as_published, int(wanted.retain_handling),
                               p.subscription_id)
            # Like Mosquitto 2 with an acl_file, every subscription is granted; read access is checked for
            # each message delivered.
            added.append((sub, self.router.subscribe(self.session, sub)))
            codes.append(mqtt5.SubAckReasonCode(qos))
        self._write(mqtt5.SubAckPacket(p.packet_id, codes))
        for sub, new in added:
            self.router.send_retained(self.session, sub, new)

    def _on_unsubscribe(self, p: mqtt5.UnsubscribePacket) -> None:
        codes = []
        for pattern in p.patterns:
            try:
                key = parse_filter(pattern).key
            except TopicError:
                codes.append(mqtt5.UnsubAckReasonCode.TOPIC_FILTER_INVALID)
                continue
            found = self.router.unsubscribe(self.session, key)
            codes.append(mqtt5.UnsubAckReasonCode.SUCCESS if found else mqtt5.UnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED)
        self._write(mqtt5.UnsubAckPacket(p.packet_id, codes))

    def _on_pingreq(self, _p: mqtt5.PingReqPacket) -> None:
        self._write(mqtt5.PingRespPacket())

    def _on_disconnect(self, p: mqtt5.DisconnectPacket) -> None:
        if p.session_expiry_interval is not None:
            self.session.expiry_s = p.session_expiry_interval
        if p.reason_code != Reason.DISCONNECT_WITH_WILL_MESSAGE:
            self.will = None  # a clean DISCONNECT: no last will
        if self.config.connection_messages:
            log.info("Client %s disconnected.", self.name)
        self.closing = True
        self.transport.close()

    # ---- sending and closing
    def send_publish(self, packet: mqtt5.PublishPacket) -> bool:
        """False when the copy was dropped; a QoS 1 copy for a closing connection stays in flight for the
        session's next connection."""
        if self.closing:
            return int(packet.qos) > 0
        data = packet.write()
        if self.client_max_packet and len(data) > self.client_max_packet:
            log.info("Dropped PUBLISH on %s to %s: larger than its maximum packet size.", packet.topic, self.name)
            return False
        if int(packet.qos) == 0 and self.transport.get_write_buffer_size() > WRITE_BUFFER_LIMIT:
            return False
        self.transport.write(data)
        return True

    def close(self, code: Reason, why: str) -> None:
        """Disconnect this client (the will is sent, as for any unclean end)."""
        if self.closing:
            return
        self.closing = True
        log.warning("Client %s (%s) disconnected by the broker: %s.", self.name, self.peer, why)
        if self.connected:
            self._write(mqtt5.DisconnectPacket(reason_code=code, reason_str=why[:200]))
        self.transport.close()

    def taken_over(self) -> None:
        """A new connection claimed this client id: the will is sent now (unless delayed), then we close."""
        session, self.session = self.session, None
        if session is not None and self.will is not None and not self.will_delay_s:
            self.router.send_will(session, self.will)
        self.close(Reason.SESSION_TAKEN_OVER, "session taken over by a new connection")

    def _write(self, packet) -> None:
        self.transport.write(packet.write())

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _connect_timeout(self) -> None:
        self.close(Reason.MAX_CONNECT_TIME, f"no CONNECT within {CONNECT_TIMEOUT_S:g} s")

    def _check_keepalive(self) -> None:
        loop = asyncio.get_running_loop()
        limit = self.keepalive_s * 1.5
        idle = loop.time() - self._last_rx
        if idle >= limit:
            self.close(Reason.KEEP_ALIVE_TIMEOUT, "keep-alive timeout")
        else:
            self._timer = loop.call_later(limit - idle, self._check_keepalive)
