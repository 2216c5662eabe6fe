"""The demo broker's shared state (a real centre runs Mosquitto): sessions, the subscription tree, retained
messages and shared-subscription round robin; it routes each message to the subscribers allowed to read it."""

from __future__ import annotations

import asyncio
import logging
from typing import Callable

from broker_config.embedded.acl import READ, WRITE, Acl
from broker_config.embedded.auth import PasswordFile
from broker_config.embedded.config import BrokerConfig
from broker_config.embedded.messages import Message
from broker_config.embedded.session import Delivery, Link, Session, Subscription
from broker_config.embedded.topics import SubscriptionTree, matches

log = logging.getLogger(__name__)

NEVER_EXPIRES = 0xFFFFFFFF


class Router:
    def __init__(self, config: BrokerConfig, passwords: PasswordFile, acl: Acl | None) -> None:
        self.config, self.passwords, self.acl = config, passwords, acl
        self.sessions: dict[str, Session] = {}
        self.retained: dict[str, Message] = {}
        self._tree = SubscriptionTree()
        self._turn: dict[tuple[str, str], int] = {}  # (group, filter) → next member, for $share round robin
        self.shutting_down = False  # like Mosquitto, a broker that stops sends no wills

    # ---- who may do what
    def authenticate(self, username: str | None, password: bytes | None) -> bool:
        return bool(username) and self.passwords.check(username, password)

    def may(self, username: str | None, client_id: str, topic: str, access: int) -> bool:
        if self.acl is None:
            return True  # no acl_file: Mosquitto lets authenticated clients read and write everything
        return self.acl.allowed(username, client_id, topic, access)

    # ---- sessions
    def attach(self, client_id: str, username: str | None, clean_start: bool, link: Link) -> tuple[Session, bool, Link | None]:
        """The session for this connection, whether it was resumed, and the connection it takes over (if any)."""
        session = self.sessions.get(client_id)
        previous = session.link if session is not None else None
        if session is not None and (clean_start or session.username != username):
            self.end_session(session)
            session = None
        present = session is not None
        if session is None:
            session = Session(client_id, username, self.config.max_inflight_messages, self.config.max_queued_messages)
            self.sessions[client_id] = session
        for handle in (session.expiry_handle, session.will_handle):
            if handle is not None:
                handle.cancel()  # back in time: the session lives on and a delayed will is not sent
        session.expiry_handle = session.will_handle = None
        session.link = link
        return session, present, previous

    def detach(self, session: Session, will: Message | None, will_delay_s: int = 0) -> None:
        """The connection of this session is gone: send (or schedule) its will, keep or end the session."""
        session.link = None
        loop = asyncio.get_running_loop()
        if will is not None and not self.shutting_down:
            if will_delay_s > 0 and session.expiry_s > 0:
                session.will_handle = loop.call_later(min(will_delay_s, session.expiry_s), self.send_will, session, will)
            else:
                self.send_will(session, will)
        if session.expiry_s == 0:
            self.end_session(session)
        elif session.expiry_s < NEVER_EXPIRES:
            session.expiry_handle = loop.call_later(session.expiry_s, self._expire, session, will if will_delay_s else None)

    def end_session(self, session: Session) -> None:
        session.link = None
        for sub in session.subscriptions.values():
            self._tree.remove(sub.spec.filter, (session.client_id, sub.spec.group))
        session.clear()
        if self.sessions.get(session.client_id) is session:
            del self.sessions[session.client_id]

    def _expire(self, session: Session, delayed_will: Message | None) -> None:
        if session.will_handle is not None and delayed_will is not None:
            self.send_will(session, delayed_will)  # a session ending sends the will it was still holding back
        log.info("Expiring client %s (session expiry interval %d s).", session.client_id, session.expiry_s)
        self.end_session(session)

    def send_will(self, session: Session, will: Message) -> None:
        session.will_handle = None
        if self.may(session.username, session.client_id, will.topic, WRITE):
            self.publish(will)
        else:
            log.info("Denied will of %s on %s (ACL).", session.client_id, will.topic)

    # ---- subscriptions
    def subscribe(self, session: Session, sub: Subscription) -> bool:
        """Add or replace; True when it is new (retain handling 1 sends retained messages only then)."""
        new = sub.spec.key not in session.subscriptions
        session.subscriptions[sub.spec.key] = sub
        self._tree.add(sub.spec.filter, (session.client_id, sub.spec.group), sub)
        return new

    def send_retained(self, session: Session, sub: Subscription, new: bool) -> None:
        if sub.spec.group is not None or sub.retain_handling == 2 or (sub.retain_handling == 1 and not new):
            return  # shared subscriptions never get retained messages (MQTT 4.8.2)
        for topic, message in list(self.retained.items()):
            if not matches(sub.spec.filter, topic):
                continue
            if message.expired():
                del self.retained[topic]
            elif self.may(session.username, session.client_id, topic, READ):
                ids = [sub.subscription_id] if sub.subscription_id else []
                session.deliver(Delivery(message, min(message.qos, sub.qos), True, ids))

    def unsubscribe(self, session: Session, key: str) -> bool:
        sub = session.subscriptions.pop(key, None)
        if sub is None:
            return False
        self._tree.remove(sub.spec.filter, (session.client_id, sub.spec.group))
        return True

    # ---- messages
    def publish(self, message: Message) -> int:
        """Store it if retained and hand a copy to every allowed subscriber; the number of matching
        subscriptions (0 makes the PUBACK say "no matching subscribers", as Mosquitto's does)."""
        if message.retain:
            if message.payload:
                self.retained[message.topic] = message
            else:
                self.retained.pop(message.topic, None)  # an empty retained message clears the topic
        found = self._tree.match(message.topic)
        direct: dict[str, Delivery] = {}
        groups: dict[tuple[str, str], list[tuple[Session, Subscription]]] = {}
        for (client_id, group), sub in found:
            session = self.sessions.get(client_id)
            if session is None or not self.may(session.username, client_id, message.topic, READ):
                continue
            if group is not None:
                groups.setdefault((group, sub.spec.filter), []).append((session, sub))
            elif not (sub.no_local and client_id == message.sender):
                _merge(direct, client_id, message, sub)
        for client_id, delivery in direct.items():
            self.sessions[client_id].deliver(delivery)
        for key, members in groups.items():
            session, sub = self._next_member(key, members)
            ids = [sub.subscription_id] if sub.subscription_id else []
            session.deliver(Delivery(message, min(message.qos, sub.qos), message.retain and sub.retain_as_published, ids))
        return len(found)

    def _next_member(self, key: tuple[str, str], members: list[tuple[Session, Subscription]]):
        online = [m for m in members if m[0].link is not None]
        pool = sorted(online or members, key=lambda m: m[0].client_id)
        turn = self._turn.get(key, 0)
        self._turn[key] = turn + 1
        return pool[turn % len(pool)]

    # ---- SIGHUP
    def reload(self, passwords: PasswordFile, acl: Acl | None, still_valid: Callable[[Link], bool]) -> list[Link]:
        """New credentials and ACL; the connections whose credentials no longer hold, for the caller to close."""
        self.passwords, self.acl = passwords, acl
        return [s.link for s in self.sessions.values() if s.link is not None and not still_valid(s.link)]


def _merge(direct: dict[str, Delivery], client_id: str, message: Message, sub: Subscription) -> None:
    """Overlapping subscriptions of one client get one copy, at the highest QoS, with every subscription id."""
    retain = message.retain and sub.retain_as_published
    qos = min(message.qos, sub.qos)
    ids = [sub.subscription_id] if sub.subscription_id else []
    if (existing := direct.get(client_id)) is None:
        direct[client_id] = Delivery(message, qos, retain, ids)
    else:
        existing.qos = max(existing.qos, qos)
        existing.retain = existing.retain or retain
        existing.subscription_ids.extend(ids)
