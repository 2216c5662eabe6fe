"""The live feed on a real engine and store: changes reach every subscriber of the centre in the engine's order, a
client that does not read is dropped without slowing the engine, and a reconnecting client resumes or is reset."""

from __future__ import annotations

import asyncio
import json

import pytest

from queue_service.live.feed import LiveFeed
from queue_service.queue.recorder import Actor
from tests.queue.conftest import CENTRE, CLERK


async def _drain(subscriber, count: int) -> list:
    return [await asyncio.wait_for(subscriber.next(), 5) for _ in range(count)]


def _seq(event) -> int:
    return int(event.id.rsplit("-", 1)[1])


def test_changes_arrive_in_the_order_the_engine_committed_them(engine):
    async def run():
        feed = LiveFeed().listen(engine)
        watcher = feed.subscribe(CENTRE)
        assert (await watcher.next()).name == "reset"  # a new stream starts by reading its state
        await asyncio.to_thread(engine.open_counter, CENTRE, 3, CLERK, staff_id="nv01")
        issued = [(await asyncio.to_thread(engine.issue, CENTRE, "CT")).number for _ in range(3)]
        called = await asyncio.to_thread(engine.call_next, CENTRE, 3, CLERK)
        await asyncio.to_thread(engine.finish, CENTRE, 3, CLERK)
        events = await _drain(watcher, 6)
        data = [json.loads(e.data) for e in events]
        assert [d["kinds"] for d in data] == [["counter_opened"], ["issued"], ["issued"], ["issued"], ["called"], ["finished"]]
        assert [d["ticket"]["number"] for d in data[1:4]] == issued
        assert data[4]["ticket"]["number"] == called.ticket.number == issued[0]
        assert data[4]["counter"]["current"]["number"] == issued[0] and data[5]["counter"]["current"] is None
        assert [_seq(e) for e in events] == sorted({_seq(e) for e in events})  # strictly increasing ids
        assert {e.name for e in events} == {"change"}

    asyncio.run(run())


def test_concurrent_commits_each_reach_every_subscriber_once(engine):
    async def run():
        feed = LiveFeed(queue_size=64).listen(engine)
        watchers = [feed.subscribe(CENTRE) for _ in range(3)]
        await asyncio.gather(*(asyncio.to_thread(engine.issue, CENTRE, field) for field in ["CT", "HT", "DD"] * 8))
        for watcher in watchers:
            events = await _drain(watcher, 25)
            numbers = [(d["ticket"]["field"]["code"], d["ticket"]["number"]) for d in map(json.loads, (e.data for e in events[1:]))]
            assert len(set(numbers)) == 24
            assert [_seq(e) for e in events[1:]] == list(range(1, 25))

    asyncio.run(run())


def test_a_client_that_does_not_read_is_dropped_and_the_engine_goes_on(engine):
    async def run():
        feed = LiveFeed(queue_size=4).listen(engine)
        slow, fast = feed.subscribe(CENTRE), feed.subscribe(CENTRE)
        assert (await fast.next()).name == "reset"
        received = []
        for _ in range(8):  # the slow one holds its reset and falls behind on the fourth ticket
            await asyncio.to_thread(engine.issue, CENTRE, "CT")
            received.append(await asyncio.wait_for(fast.next(), 5))
        assert slow.dropped and await slow.next() is None
        assert feed.subscribers(CENTRE) == 1 and len(received) == 8 and not fast.dropped

    asyncio.run(run())


def test_a_reconnecting_client_resumes_from_its_last_id_or_reads_its_state_again(engine):
    async def run():
        feed = LiveFeed(queue_size=8, history=5).listen(engine)
        first = feed.subscribe(CENTRE)
        await first.next()
        await asyncio.to_thread(engine.issue, CENTRE, "CT")
        seen = await first.next()
        feed.unsubscribe(first)
        missed = [(await asyncio.to_thread(engine.issue, CENTRE, "HT")).number for _ in range(2)]
        await asyncio.sleep(0.05)  # the loop publishes what the worker threads handed over
        resumed = feed.subscribe(CENTRE, seen.id)
        assert [json.loads(e.data)["ticket"]["number"] for e in await _drain(resumed, 2)] == missed

        for _ in range(6):  # more than the history keeps
            await asyncio.to_thread(engine.issue, CENTRE, "DD")
        await asyncio.sleep(0.05)
        assert (await feed.subscribe(CENTRE, seen.id).next()).name == "reset"
        assert (await LiveFeed().subscribe(CENTRE, seen.id).next()).name == "reset"  # another boot: a restart
        assert (await feed.subscribe(CENTRE, "not-an-id").next()).name == "reset"

    asyncio.run(run())


def test_another_centres_changes_stay_out(engine):
    async def run():
        feed = LiveFeed().listen(engine)
        elsewhere = feed.subscribe("another-centre")
        await elsewhere.next()
        await asyncio.to_thread(engine.open_counter, CENTRE, 2, Actor("nv02"), staff_id="nv02")
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(elsewhere.next(), 0.2)

    asyncio.run(run())


def test_device_alert_and_board_events_share_the_feed_and_only_boards_get_board_figures(engine):
    async def run():
        feed = LiveFeed().listen(engine)
        console = feed.subscribe(CENTRE)
        board = feed.subscribe(CENTRE, extra=frozenset({"board", "unknown"}))
        assert feed.subscribers(CENTRE) == 2 and feed.subscribers(CENTRE, wanting="board") == 1
        for subscriber in (console, board):
            assert (await subscriber.next()).name == "reset"
        await asyncio.to_thread(engine.issue, CENTRE, "CT")
        await asyncio.to_thread(feed.notify, CENTRE, "device", {"id": "kiosk-1", "availability": "lost"})
        await asyncio.to_thread(feed.notify, CENTRE, "board", {"counters": []})
        await asyncio.to_thread(feed.notify, CENTRE, "alert", {"kind": "device_offline", "subject": "kiosk-1"})
        assert [e.name for e in await _drain(board, 4)] == ["change", "device", "board", "alert"]
        seen = await _drain(console, 3)
        assert [e.name for e in seen] == ["change", "device", "alert"], "a console never gets the board's figures"
        resumed = feed.subscribe(CENTRE, seen[0].id, extra=frozenset({"board"}))
        assert [e.name for e in await _drain(resumed, 2)] == ["device", "alert"], \
            "the board's figures are not kept for resuming: a board reads them on (re)connection"

    asyncio.run(run())
