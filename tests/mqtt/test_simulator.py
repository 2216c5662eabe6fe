"""The device simulator as a Python API: every kind connects with real credentials and answers commands."""

from __future__ import annotations

import pytest

from devicekit.mqtt.simulator import SIM_KINDS, Simulator, sim_id
from tests.mqtt.helpers import command
from wire.codec import decode, encode
from wire.messages import Ack, Meta

pytestmark = pytest.mark.mosquitto


def test_simulated_devices_publish_state_and_answer_commands(broker):
    t = broker.layout.topics
    configs = [broker.session_config(sim_id(kind, i), kind=kind) for kind in SIM_KINDS for i in (1, 2)]
    service = broker.probe(subscribe=[*t.all_device_state(), t.all_acks()])
    sim = Simulator(configs)
    assert sim.start() == len(configs)
    try:
        metas = {}
        while (m := service.expect(timeout=2)) is not None and len(metas) < len(configs):
            if m.topic.endswith("/meta"):
                metas[t.parse(m.topic).device] = decode(Meta, m.payload)
        assert set(metas) == {c.device for c in configs}
        assert "print.document" in metas[sim_id("kiosk", 1)].commands
        assert "rating" in metas[sim_id("counter", 1)].capabilities
        counter = sim_id("counter", 2)
        opened = {"ticket_id": 7, "number": "1001", "counter": "02", "window_s": 60,
                  "levels": [{"value": 2, "name_vi": "Hài lòng", "name_en": "Satisfied"},
                             {"value": 1, "name_vi": "Không hài lòng", "name_en": "Dissatisfied"}]}
        service.publish(t.command(counter, "rating.open"), encode(command("rating.open", opened)))
        ack = service.expect(t.ack(counter), timeout=5)
        assert ack is not None and decode(Ack, ack.payload).status == "done"
        assert sim.by_id(counter).executed[0][0] == "rating.open"
    finally:
        sim.stop()
        service.stop()
