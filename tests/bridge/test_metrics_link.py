"""/metrics through a real Mosquitto: the broker link gauge follows the bridge's connection (down while the broker is
down, up again after it reconnects), and devices online follow the retained availability the devices publish."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.bridge.helpers import wait_for
from wire.codec import encode
from wire.messages import Availability


def gauge(client, name: str, **labels) -> float | None:
    wanted = {"centre": "hcc-demo", **labels}
    for family in text_string_to_metric_families(client.get("/metrics").text):
        for sample in family.samples:
            if sample.name == name and sample.labels == wanted:
                return sample.value
    return None


def test_broker_link_and_devices_online(centre):
    broker, topics = centre.broker, centre.broker.layout.topics
    centre.provision("counter", "counter-01", counter=1)
    device = broker.probe("counter-01")
    with centre.service() as client:
        assert gauge(client, "motcua_broker_connected") == 1
        assert gauge(client, "motcua_devices_online", kind="counter") == 0
        device.publish(topics.availability("counter-01"), encode(Availability(state="ready")), retain=True)
        assert wait_for(lambda: gauge(client, "motcua_devices_online", kind="counter") == 1)
        broker.stop()
        assert wait_for(lambda: gauge(client, "motcua_broker_connected") == 0, timeout=15)
        broker.start()
        assert wait_for(lambda: gauge(client, "motcua_broker_connected") == 1, timeout=20)
    device.stop()
