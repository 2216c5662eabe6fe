"""The live ticket streams on a real engine and store (SQLite and PostgreSQL): every page gets its own place from one
read per change, a page hears only when what it shows changes, a page that does not read is dropped without
holding the others, the stream carries numbers and nothing about people, and streams are capped per address."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from queue_service.api.app import create_app
from queue_service.errors import DomainError
from queue_service.live.tickets import TicketStreams
from queue_service.queue.recorder import Actor
from tests.queue.conftest import CENTRE, make_context
from tests.support.web import serve

CLERK = Actor("nv05")
PAGE_KEYS = {"number", "field", "state", "counter", "ahead", "wait_minutes", "now_called", "final"}


async def _next(stream) -> dict:
    event = await asyncio.wait_for(stream.next(), 5)
    return {"event": event.name, **json.loads(event.data)}


def test_one_read_per_change_serves_every_page_its_own_place(engine):
    async def run():
        streams = TicketStreams(engine.context).listen(engine)
        call = lambda: asyncio.to_thread(engine.call_next, CENTRE, 5, CLERK)  # noqa: E731
        await asyncio.to_thread(engine.open_counter, CENTRE, 5, CLERK, staff_id="nv05")
        tickets = [await asyncio.to_thread(engine.issue, CENTRE, "DD") for _ in range(40)]
        other = await asyncio.to_thread(engine.issue, CENTRE, "HT")  # another field: no counter open for it
        pages = [await streams.open(t.public_id, "10.0.0.1") for t in tickets]
        away = await streams.open(other.public_id, "10.0.0.2")
        first = [await _next(p) for p in pages]
        assert [p["ahead"] for p in first] == list(range(40))
        assert (await _next(away))["wait_minutes"] is None  # nobody can promise a time with no counter open
        reads = streams.reads
        await call()
        moved = [await _next(p) for p in pages]
        assert streams.reads - reads == 1  # one read for 41 pages
        assert moved[0]["state"] == "called" and moved[0]["counter"] == 5
        assert [p["ahead"] for p in moved[1:]] == list(range(39))
        assert {p["now_called"]["number"] for p in moved[1:]} == {tickets[0].number}
        assert set(moved[1]) - {"event"} == PAGE_KEYS
        await asyncio.to_thread(engine.issue, CENTRE, "DD")  # behind everybody: no page shows anything new
        await call()  # finishes the first ticket, calls the second
        assert (await _next(pages[0]))["event"] == "final"
        assert (await _next(pages[2]))["ahead"] == 0
        assert away.subscriber._queue.empty()  # another field's page was not told anything
        assert streams.open_streams(CENTRE) == 41  # the route closes a stream after its final event

    asyncio.run(run())


def test_a_page_that_does_not_read_is_dropped_and_the_others_go_on(engine):
    async def run():
        streams = TicketStreams(engine.context, queue_size=2).listen(engine)
        await asyncio.to_thread(engine.open_counter, CENTRE, 5, CLERK)
        tickets = [await asyncio.to_thread(engine.issue, CENTRE, "DD") for _ in range(6)]
        stuck = await streams.open(tickets[-1].public_id, "10.0.0.1")
        reader = await streams.open(tickets[-2].public_id, "10.0.0.1")
        seen = [(await _next(reader))["ahead"]]
        for _ in range(3):
            await asyncio.to_thread(engine.call_next, CENTRE, 5, CLERK)
            seen.append((await _next(reader))["ahead"])
        assert seen == [4, 3, 2, 1]
        assert await asyncio.wait_for(stuck.next(), 1) is None  # its stream ends; its browser reconnects
        assert stuck.subscriber.dropped and streams.open_streams() == 1

    asyncio.run(run())


def test_unknown_and_capped_streams_are_refused(engine):
    async def run():
        engine.context.settings.ticket_streams_per_address = 2
        streams = TicketStreams(engine.context)
        ticket = await asyncio.to_thread(engine.issue, CENTRE, "DD")
        for _ in range(3):  # a refused stream holds no place
            with pytest.raises(DomainError) as unknown:
                await streams.open("nosuchticket", "10.0.0.1")
            assert unknown.value.kind.status == 404
        assert streams.open_streams() == 0
        for _ in range(2):
            await streams.open(ticket.public_id, "10.0.0.1")
        with pytest.raises(DomainError) as capped:
            await streams.open(ticket.public_id, "10.0.0.1")
        assert capped.value.kind.code == "too_many_streams" and capped.value.kind.status == 429
        await streams.open(ticket.public_id, "10.0.0.2")  # another address still may
        assert streams.open_streams() == 3

    asyncio.run(run())


def test_a_past_days_open_ticket_has_expired(engine, clock):
    ticket = engine.issue(CENTRE, "DD")
    clock.advance(days=1)

    async def run():
        with pytest.raises(DomainError) as expired:
            await TicketStreams(engine.context).open(ticket.public_id, "10.0.0.1")
        assert expired.value.kind.code == "ticket_expired" and expired.value.kind.status == 404

    asyncio.run(run())


def test_the_stream_over_http_carries_numbers_and_nothing_about_people(db, demo_centre, clock):
    app = create_app(make_context(db, demo_centre, clock), migrate=False)
    engine = app.state.engine
    engine.open_counter(CENTRE, 5, CLERK, staff_id="nv05")
    ticket = engine.issue(CENTRE, "DD", priority_group="elderly")
    with serve(app) as url, httpx.Client(base_url=url, timeout=5) as client:
        with client.stream("GET", f"/api/v1/tickets/public/{ticket.public_id}/live") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.iter_lines()
            raw = []
            for line in lines:
                raw.append(line)
                if line.startswith("data:") and len([r for r in raw if r.startswith("data:")]) == 1:
                    engine.call_next(CENTRE, 5, CLERK)
                    engine.finish(CENTRE, 5, CLERK)
                if line.startswith("event: final"):
                    break
            raw += [next(lines), next(lines)]  # the final event's data
    text = "\n".join(raw)
    for personal in ("nv05", "Võ Minh Em", "elderly", "staff", "public_id", str(ticket.id) + ","):
        assert personal not in text
    pages = [json.loads(line[5:]) for line in raw if line.startswith("data:")]
    assert all(set(page) == PAGE_KEYS for page in pages)
    assert pages[0]["state"] == "waiting" and pages[-1]["state"] == "done" and pages[-1]["final"]
    assert "retry: 3000" in text  # the browser reconnects by itself


def test_the_page_is_light_for_an_old_phone(db, demo_centre, clock):
    """One file, no web font, no framework, no image; gzip'd for a phone that accepts it."""
    app = create_app(make_context(db, demo_centre, clock), migrate=False)
    ticket = app.state.engine.issue(CENTRE, "DD")
    with serve(app) as url:
        plain = httpx.get(f"{url}/t/{ticket.public_id}", headers={"Accept-Encoding": "identity"})
        packed = httpx.get(f"{url}/t/{ticket.public_id}", headers={"Accept-Encoding": "gzip, deflate"})
    html = plain.text
    assert plain.headers.get("content-encoding") is None and packed.headers["content-encoding"] == "gzip"
    assert packed.text == html and int(packed.headers["content-length"]) < 4_000 and len(plain.content) < 10_000
    for heavy in ("@font-face", "<link", "<img", "src="):
        assert heavy not in html
