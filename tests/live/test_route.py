"""The feed over HTTP on a real uvicorn: staff only; a reset first, heartbeats while quiet, then each change as a
server-sent event with its id; a reconnect with Last-Event-ID gets what it missed."""

from __future__ import annotations

import json
import time

import httpx

from queue_service.api.app import create_app
from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from queue_service.queue.recorder import Actor
from tests.console.conftest import CENTRE
from tests.queue.conftest import make_context
from tests.support.web import serve


def _events(lines, count: int, heartbeats: list | None = None) -> list[dict]:
    """The first `count` events of the stream, as {id, event, data}; heartbeat comments go to `heartbeats`."""
    events, current = [], {}
    for line in lines:
        if line.startswith(":") and heartbeats is not None:
            heartbeats.append(line)
        if line == "" and current:
            events.append(current)
            current = {}
            if len(events) == count:
                return events
        elif not line.startswith(":") and ":" in line:
            name, _, value = line.partition(":")
            current[name] = value.removeprefix(" ")
    return events


def test_staff_follow_the_centre_live_and_resume_after_a_break(db, demo_centre, clock):
    context = make_context(db, demo_centre, clock)
    app = create_app(context, migrate=False)
    app.state.live.heartbeat_s = 0.2  # (15 s in service)
    manager = create_token(db, Role.manager, centre=CENTRE)
    clerk_device = create_token(db, Role.device, centre=CENTRE, counter=3)
    with serve(app) as url, httpx.Client(base_url=url, timeout=5) as client:
        live = f"/api/v1/centres/{CENTRE}/live"
        assert client.get(live).status_code == 401
        assert client.get(live, headers={"Authorization": f"Bearer {clerk_device}"}).status_code == 403
        engine = app.state.engine
        with client.stream("GET", live, headers={"Authorization": f"Bearer {manager}"}) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            heartbeats, lines = [], stream.iter_lines()
            (reset,) = _events(lines, 1)
            time.sleep(0.5)  # a quiet stream: heartbeats only
            engine.open_counter(CENTRE, 3, Actor("nv01"), staff_id="nv01")
            ticket = engine.issue(CENTRE, "CT")
            opened, issued = _events(lines, 2, heartbeats)
            assert heartbeats and heartbeats[0].startswith(": ping")
        assert reset["event"] == "reset" and opened["event"] == issued["event"] == "change"
        assert json.loads(opened["data"])["counter"]["status"] == "open"
        assert json.loads(issued["data"])["ticket"]["number"] == ticket.number
        missed = engine.issue(CENTRE, "HT")
        headers = {"Authorization": f"Bearer {manager}", "Last-Event-ID": issued["id"]}
        with client.stream("GET", live, headers=headers) as stream:
            (resumed,) = _events(stream.iter_lines(), 1)
        assert resumed["event"] == "change" and json.loads(resumed["data"])["ticket"]["number"] == missed.number
        metrics = client.get("/metrics").text  # a stream that lasts for hours is no request latency
        assert 'route="/api/v1/centres/{centre}/live",status="401"' in metrics
        assert 'route="/api/v1/centres/{centre}/live",status="200"' not in metrics


def test_a_manager_board_gets_its_figures_with_each_change_and_a_clerk_never_does(db, demo_centre, clock):
    context = make_context(db, demo_centre, clock)
    app = create_app(context, migrate=False)
    manager = create_token(db, Role.manager, centre=CENTRE)
    clerk = create_token(db, Role.clerk, centre=CENTRE, counter=3, staff_id="nv01")
    live = f"/api/v1/centres/{CENTRE}/live?with=board"
    with serve(app) as url, httpx.Client(base_url=url, timeout=5) as client:
        with client.stream("GET", live, headers={"Authorization": f"Bearer {clerk}"}) as desk, \
                client.stream("GET", live, headers={"Authorization": f"Bearer {manager}"}) as board:
            desk_lines, board_lines = desk.iter_lines(), board.iter_lines()
            assert _events(desk_lines, 1)[0]["event"] == _events(board_lines, 1)[0]["event"] == "reset"
            app.state.engine.open_counter(CENTRE, 3, Actor("nv01"), staff_id="nv01")
            change, figures = _events(board_lines, 2)
            assert (change["event"], figures["event"]) == ("change", "board")
            counter = next(c for c in json.loads(figures["data"])["counters"] if c["number"] == 3)
            assert (counter["status"], counter["clerk_name"]) == ("idle", "Nguyễn Văn An")
            app.state.engine.issue(CENTRE, "CT")
            assert [e["event"] for e in _events(desk_lines, 2)] == ["change", "change"], "no figures for a clerk"
