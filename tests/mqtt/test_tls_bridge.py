"""TLS listener and the centre → province bridge, on two real Mosquitto instances with a throwaway CA."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from broker_config.process import free_port
from broker_config.render import Bridge, TLSFiles
from devicekit.mqtt import DeviceSession
from tests.mqtt.helpers import wait_for
from tests.support.broker import TestBroker, require_mosquitto
from wire.codec import decode, encode
from wire.messages import Availability
from wire.queue_messages import Board, BoardField

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]


def make_ca(directory: Path) -> TLSFiles:
    """A CA and a server certificate for 127.0.0.1, made with the openssl command line."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca, key, csr, cert = (directory / n for n in ("ca.key", "ca.crt", "server.key", "server.csr", "server.crt"))
    ext = directory / "san.cnf"
    ext.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    steps = [
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2",
         "-subj", "/CN=motcua test CA"],
        ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1"],
        ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", cert, "-days", "2",
         "-extfile", ext],
    ]
    for step in steps:
        subprocess.run(["openssl", *map(str, step)], check=True, capture_output=True)
    return TLSFiles(free_port(), ca, cert, key)


def test_device_over_tls_and_bridge_to_the_province(tmp_path):
    require_mosquitto()
    tls = make_ca(tmp_path / "pki")
    province = TestBroker(tmp_path / "province", centre="province", tls=tls)
    bridge_secret = province.add("bridge-test", kind="service")  # the centre's account at the province
    province.start()
    centre_tls = TLSFiles(free_port(), tls.cafile, tls.certfile, tls.keyfile)
    remote_prefix = province.layout.topics.root + "/centres/test"
    link = Bridge("127.0.0.1", tls.port, "bridge-test", bridge_secret, remote_prefix=remote_prefix, cafile=tls.cafile)
    centre = TestBroker(tmp_path / "centre", centre="test", tls=centre_tls, bridges=(link,))
    centre.start()
    try:
        t = centre.layout.topics
        link_state = centre.probe(subscribe=[t.bridge_state("province")])
        states = []
        assert wait_for(lambda: (m := link_state.expect(timeout=0.2)) is not None and states.append(m.payload)
                        or b"1" in states, timeout=10), f"bridge never came up: {states} {centre.log()[-800:]}"
        watcher = province.probe(subscribe=[province.layout.topics.everything()])
        # A device on the TLS listener, verifying the centre's certificate.
        session = DeviceSession(centre.session_config("counter-05", kind="counter", port=centre_tls.port,
                                                      cafile=tls.cafile))
        assert session.start()
        service = link_state  # one client per username: client id = username, a second would evict it
        board = Board(fields=[BoardField(field="HT", name="Tư pháp – Hộ tịch", waiting=7, counters_open=2)])
        service.publish(t.board(), encode(board), retain=True)
        seen = {}
        wanted = {f"{remote_prefix}/board", f"{remote_prefix}/dev/counter-05/availability"}

        def collect() -> bool:
            m = watcher.expect(timeout=0.1)
            if m is not None:
                seen[m.topic] = m.payload
            return wanted <= set(seen)

        assert wait_for(collect, timeout=5), f"{sorted(seen)}\n{province.log()[-2500:]}"
        assert decode(Board, seen[f"{remote_prefix}/board"]).fields[0].waiting == 7
        assert decode(Availability, seen[f"{remote_prefix}/dev/counter-05/availability"]).state == "ready"
        assert not any("/cmd/" in topic or "/event/" in topic for topic in seen)
        session.stop()
        for p in (link_state, watcher):
            p.stop()
    finally:
        centre.stop()
        province.stop()


def test_websockets_listener_when_this_mosquitto_supports_it(tmp_path):
    require_mosquitto()
    from broker_config.process import find_mosquitto

    linked = subprocess.run(["ldd", find_mosquitto()], capture_output=True, text=True).stdout
    if "websockets" not in linked:
        pytest.skip("this Mosquitto build has no WebSockets support (not linked with libwebsockets)")
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    ws_port = free_port()
    broker = TestBroker(tmp_path / "ws", centre="test", ws_port=ws_port).start()
    try:
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="service", protocol=mqtt.MQTTv5,
                             transport="websockets")
        client.username_pw_set("service", broker.passwords["service"])
        client.connect(broker.host, ws_port)
        client.loop_start()
        assert wait_for(client.is_connected, timeout=5)
        client.disconnect()
        client.loop_stop()
    finally:
        broker.stop()
