"""The queue service's MQTT bridge to the centre's devices (DESIGN.md §3; docs/mqtt.md "The service bridge")."""

from __future__ import annotations

from queue_service.context import ServiceContext
from queue_service.queue.engine import QueueEngine


def install_bridge(context: ServiceContext, engine: QueueEngine) -> bool:
    """Add the bridge's start and stop hooks to the context's lifespan when MQTT is configured
    (MOTCUA_MQTT_CREDENTIALS); False if not. Nothing connects here: the app lifespan runs the hooks, and the running
    bridge is `context.bridge` until it stops."""
    from queue_service.bridge.bridge import Bridge
    from queue_service.bridge.connection import Endpoint
    from queue_service.devices.provisioning import Credentials

    settings = context.settings
    if settings.mqtt_credentials is None:
        return False

    async def start(ctx: ServiceContext) -> None:
        creds = Credentials.load(settings.mqtt_credentials)
        endpoint = Endpoint(settings.mqtt_host or creds.host, settings.mqtt_port or creds.port, creds)
        bridge = Bridge(ctx, engine, endpoint)
        await bridge.start()
        ctx.bridge = bridge

    async def stop(ctx: ServiceContext) -> None:
        bridge, ctx.bridge = ctx.bridge, None
        if bridge is not None:
            await bridge.stop()

    context.lifespan.add("bridge", start, stop)
    return True
