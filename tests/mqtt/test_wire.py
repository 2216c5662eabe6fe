"""The wire contract without a broker: topic grammar, codec errors, AsyncAPI freshness, fuzzed decoders."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wire.asyncapi import render
from wire.codec import MAX_PAYLOAD, WireError, command_args, decode, encode, event_data
from wire.messages import Availability, Command, Event, Health, Meta
from wire.queue_messages import Board, Call, CounterState, Reply, TicketIssueRequest
from wire.topics import Topics

ROOT = Path(__file__).resolve().parents[2]
T = Topics("hcc-demo")
MODELS = [Availability, Meta, Health, Command, Event, Reply, TicketIssueRequest, CounterState, Board, Call]


def test_topics_round_trip_through_parse():
    assert T.command("kiosk-1", "print.document") == "motcua/v1/hcc-demo/dev/kiosk-1/cmd/print.document"
    assert T.parse(T.command("kiosk-1", "print.document")).kind == "cmd"
    assert T.parse(T.request("kiosk-1", "ticket.issue")).name == "ticket.issue"
    assert T.parse(T.counter_state("05")).counter == "05"
    for topic in (T.board(), T.calls(), T.service_availability(), T.availability("x"), T.ack("x")):
        assert T.parse(topic) is not None
    assert T.parse("motcua/v1/other/board") is None
    assert T.parse(T.root + "/dev/a/b/c/d") is None
    assert T.all_requests("central") == "$share/central/motcua/v1/hcc-demo/req/+/+"


@pytest.mark.parametrize("bad", ["Kiosk", "a/b", "+", "#", "", "a b", "$sys", "x" * 64])
def test_ids_that_would_break_topics_or_acls_are_refused(bad):
    with pytest.raises(ValueError):
        T.availability(bad)


def test_acl_rules_confine_devices_to_their_own_subtree():
    rules = T.acl_device_rules()
    writes = [p for access, p in rules if access == "write"]
    assert all("/%u" in p for p in writes)
    assert not any(p.endswith("/cmd/#") for p in writes)


def test_encode_decode_round_trip():
    cmd = Command(id="c1", name="screen.touch", expires_at=dt.datetime.now(dt.timezone.utc), args={"x": 0.25, "y": 1})
    assert decode(Command, encode(cmd)) == cmd
    assert (command_args(cmd).x, command_args(cmd).y) == (0.25, 1.0)


@pytest.mark.parametrize("payload, code", [
    (b"{", "bad_json"), (b"\xff\xfe", "bad_json"), (b"[1]", "bad_json"), (b"null", "bad_json"),
    (b'{"v": 2, "state": "ready"}', "wrong_version"), (b'{"state": "ready"}', "wrong_version"),
    (b'{"v": true, "state": "ready"}', "wrong_version"), (b'{"v": 1, "state": "asleep"}', "invalid"),
    (b'{"v": 1, "state": "ready", "extra": 1}', "invalid"), (b'{"v":1,"state":"ready","ts":"2024-01-01T00:00:00"}', "invalid"),
    (b" " * (MAX_PAYLOAD + 1), "too_large"), (b"[" * 100000, "too_large"), (b"[" * 5000, "bad_json"),
])
def test_every_bad_payload_is_one_typed_error(payload, code):
    with pytest.raises(WireError) as err:
        decode(Availability, payload)
    assert err.value.code == code


def test_unknown_event_name_is_a_wire_error():
    event = Event(id="e", seq=1, name="no.such", data={})
    with pytest.raises(WireError):
        event_data(event)


def test_asyncapi_document_is_fresh():
    """Fails when a model changed without `motcua wire asyncapi` being run."""
    checked_in = (ROOT / "docs" / "asyncapi.json").read_text(encoding="utf-8")
    assert checked_in == render(), "docs/asyncapi.json is stale: run `motcua wire asyncapi`"
    doc = json.loads(checked_in)
    assert doc["asyncapi"] == "3.0.0"
    assert doc["operations"]["receiveDeviceCommand"]["bindings"]["mqtt"]["retain"] is False
    assert doc["operations"]["sendDeviceAvailability"]["bindings"]["mqtt"]["retain"] is True


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(model=st.sampled_from(MODELS), body=st.dictionaries(
    st.sampled_from(["v", "id", "name", "state", "ts", "seq", "args", "data", "status", "expires_at", "field",
                     "number", "counter", "boot", "kind", "parts", "fields", "error"]) | st.text(max_size=8),
    json_values, max_size=8))
def test_fuzzed_json_objects_decode_or_raise_wire_error(model, body):
    try:
        decode(model, json.dumps(body, allow_nan=True).encode())
    except WireError:
        pass


@settings(max_examples=300, deadline=None)
@given(model=st.sampled_from(MODELS), raw=st.binary(max_size=300))
def test_fuzzed_bytes_decode_or_raise_wire_error(model, raw):
    try:
        decode(model, raw)
    except WireError:
        pass


def test_a_board_restricted_to_some_fields_keeps_their_order():
    from wire.queue_messages import BoardField
    board = Board(fields=[BoardField(field=code, waiting=0, counters_open=1) for code in ("HT", "CT", "DD")])
    assert [f.field for f in board.only(["DD", "HT", "XX"])] == ["DD", "HT"]
    assert [f.field for f in board.only([])] == ["HT", "CT", "DD"]
