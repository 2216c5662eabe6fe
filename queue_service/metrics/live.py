"""What is true now, read when Prometheus scrapes: devices online from the device directory (their last retained
availability, as the devices page shows it) and whether the MQTT bridge's link to the broker is up."""

from __future__ import annotations

import collections
import logging

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from queue_service.context import ServiceContext
from queue_service.devices.registry import DeviceRegistry

log = logging.getLogger(__name__)


class LiveState(Collector):
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def collect(self):
        devices = GaugeMetricFamily("motcua_devices_online", "Provisioned devices whose last availability is ready "
                                    "or alert, by centre and kind", labels=["centre", "kind"])
        known = GaugeMetricFamily("motcua_devices", "Provisioned (not revoked) devices, by centre and kind",
                                  labels=["centre", "kind"])
        for centre in sorted(self.context.centres):
            try:
                infos = DeviceRegistry(self.context.db, centre).list(False)
            except Exception:  # the store is away: say nothing rather than zero devices
                log.warning("metrics: reading the devices of %s failed", centre, exc_info=True)
                continue
            online, total = collections.Counter(), collections.Counter()
            for info in infos:
                if info.kind != "service":
                    total[info.kind] += 1
                    online[info.kind] += info.online
            for kind in sorted(total):
                devices.add_metric([centre, kind], online[kind])
                known.add_metric([centre, kind], total[kind])
        broker = GaugeMetricFamily("motcua_broker_connected", "1 while the MQTT bridge is connected to the broker, "
                                   "0 while it is not (or MQTT is off)", labels=["centre"])
        bridge = self.context.bridge
        for centre in sorted(self.context.centres):
            broker.add_metric([centre], int(bridge is not None and bridge.centre == centre and bridge.connected))
        return [devices, known, broker]

    def describe(self):
        return []  # collected at scrape time only: the registry must not call collect() (the store) at registration
