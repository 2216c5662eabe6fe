"""The queue service's MQTT bridge to the centre's devices (DESIGN.md §3; docs/mqtt.md "The service bridge")."""

from __future__ import annotations

from queue_service.context import ServiceContext
from queue_service.queue.engine import QueueEngine


def install_bridge(context: ServiceContext, engine: QueueEngine) -> bool:
    """Add the bridge's startup and shutdown hooks when MQTT is configured (MOTCUA_MQTT_CREDENTIALS); False if not.
    Nothing connects here: the app lifespan runs the hooks."""
    from queue_service.bridge.bridge import Bridge
    from queue_service.bridge.connection import Endpoint
    from queue_service.devices.provisioning import Credentials

    settings = context.settings
    if settings.mqtt_credentials is None:
        return False
    previous = context.extras.get("bridge_hooks")
    if previous:  # a second app over the same context (tests) replaces the first app's hooks
        context.extras["startup"].remove(previous[0])
        context.extras["shutdown"].remove(previous[1])

    async def start(ctx: ServiceContext) -> None:
        creds = Credentials.load(settings.mqtt_credentials)
        endpoint = Endpoint(settings.mqtt_host or creds.host, settings.mqtt_port or creds.port, creds)
        bridge = ctx.extras["bridge"] = Bridge(ctx, engine, endpoint)
        await bridge.start()

    async def stop(ctx: ServiceContext) -> None:
        bridge = ctx.extras.pop("bridge", None)
        if bridge is not None:
            await bridge.stop()

    context.extras.setdefault("startup", []).append(start)
    context.extras.setdefault("shutdown", []).append(stop)
    context.extras["bridge_hooks"] = (start, stop)
    return True
