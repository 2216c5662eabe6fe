"""Hypothesis throws arbitrary payloads at the runtime's handlers: nothing escapes, and acks stay one per id."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devicekit.mqtt import CommandTable, DeviceSession, SessionConfig
from wire.codec import decode
from wire.messages import Ack
from wire.topics import Topics

T = Topics("fuzz")
payloads = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda d: json.dumps(d).encode(), st.dictionaries(
        st.sampled_from(["v", "id", "name", "expires_at", "args", "status", "data", "x"]),
        st.one_of(st.none(), st.integers(), st.text(max_size=70), st.just(1),
                  st.just("2030-01-01T00:00:00Z"), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)),
        max_size=6)),
)


@pytest.fixture(scope="module")
def offline_session(tmp_path_factory):
    """A session whose handlers run without a broker: published acks land in its outbox."""
    table = CommandTable()
    table.register("screen.touch", lambda args: None)
    table.register("boom", lambda args: 1 / 0)
    session = DeviceSession(SessionConfig(centre="fuzz", device="kiosk-1", state_dir=tmp_path_factory.mktemp("dev")),
                            table)
    session.outbox.open()
    yield session
    session.outbox.close()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["screen.touch", "boom", "print.document", "x"]), payload=payloads)
def test_command_handler_never_raises_and_acks_each_id_once(offline_session, name, payload):
    before = len(offline_session.outbox.pending(10000))
    offline_session._run_command(name, payload)
    offline_session._run_command(name, payload)  # a resend is never answered twice
    rows = offline_session.outbox.pending(10000)
    assert len(rows) - before <= 1
    ids = [decode(Ack, r.payload).id for r in rows]
    assert len(ids) == len(set(ids))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(topic=st.sampled_from([T.response("kiosk-1", "ping"), T.service_availability(), T.board(), "junk/#",
                              T.command("other", "screen.touch")]),
       payload=payloads, retain=st.booleans())
def test_message_dispatch_never_raises(offline_session, topic, payload, retain):
    msg = SimpleNamespace(topic=topic, payload=payload, retain=retain, properties=None)
    offline_session._on_message(None, None, msg)
