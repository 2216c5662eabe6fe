"""Generates the AsyncAPI 3.0 document of the MQTT contract from the wire models (checked in at docs/asyncapi.json)."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import create_model
from pydantic.json_schema import models_json_schema

from wire import messages as m
from wire import queue_messages as q
from wire.contract import COMMAND_ARGS, EVENT_DATA, REQUEST_VERBS
from wire.sms import SmsResult
from wire.topics import Topics

REF = "#/components/schemas/{model}"
# Placeholders in channel addresses; Topics builds them so the grammar stays in one module.
_T = Topics("centre")


def _typed(base: type[m.WireModel], field: str, name: str, model: type[m.WireModel], suffix: str):
    """An envelope whose `name` is fixed and whose args/data is the specific model (for documentation only)."""
    title = "".join(part.capitalize() for part in name.replace("-", ".").replace("_", ".").split(".")) + suffix
    return create_model(title, __base__=base, __doc__=f"{base.__doc__} Name: {name}.",
                        name=(Literal[name], name), **{field: (model, ...)})


def _address(topic: str) -> str:
    return (topic.replace(_T.root, "motcua/v1/{centre}", 1).replace("/dev/device-id/", "/dev/{device}/")
            .replace("/req/device-id/", "/req/{device}/").replace("/res/device-id/", "/res/{device}/")
            .replace("/counter/counter-id/", "/counter/{counter}/"))


def _channels() -> list[dict[str, Any]]:
    """(key, address, description, sender, retained, messages) of every channel."""
    d, c = "device-id", "counter-id"
    commands = [_typed(m.Command, "args", n, a, "Command") for n, a in COMMAND_ARGS.items()]
    events = [_typed(m.Event, "data", n, e, "Event") for n, e in EVENT_DATA.items()]
    requests = [req for req, _ in REQUEST_VERBS.values()]
    replies = [_typed(q.Reply, "data", v, rep, "Response") for v, (_, rep) in REQUEST_VERBS.items()]
    verb = "{verb}"
    return [
        dict(key="deviceAvailability", address=_T.availability(d), sender="device", retain=True, models=[m.Availability],
             description="Device lifecycle; the broker publishes `lost` as the device's last will."),
        dict(key="deviceMeta", address=_T.meta(d), sender="device", retain=True, models=[m.Meta],
             description="Device self-description, republished when the service turns ready."),
        dict(key="deviceHealth", address=_T.health(d), sender="device", retain=True, models=[m.Health],
             description="Hardware health of the device."),
        dict(key="deviceCommand", address=_T.device_commands(d).replace("/+", "/{name}"), sender="service",
             retain=False, models=commands, description="Commands to one device; never retained; acked once."),
        dict(key="deviceAck", address=_T.ack(d), sender="device", retain=False,
             models=[m.Ack, _typed(m.Ack, "result", "sms.send", SmsResult, "Ack")],
             description="Exactly one acknowledgement per command id."),
        dict(key="deviceEvent", address=_T.event(d, "name").replace("/name", "/{name}"), sender="device",
             retain=False, models=events, description="Device events with unique id and per-device seq."),
        dict(key="request", address=_T.request(d, "verb").replace("/verb", "/" + verb), sender="device",
             retain=False, models=requests,
             description="Requests; MQTT v5 ResponseTopic = the res channel, CorrelationData = request id."),
        dict(key="response", address=_T.response(d, "verb").replace("/verb", "/" + verb), sender="service",
             retain=False, models=replies, description="The one reply to a request, `{status, data, error, id}`."),
        dict(key="serviceAvailability", address=_T.service_availability(), sender="service", retain=True,
             models=[m.Availability], description="Service lifecycle (its last will: lost); ready → devices republish."),
        dict(key="counterState", address=_T.counter_state(c), sender="service", retain=True, models=[q.CounterState],
             description="What a counter shows now."),
        dict(key="board", address=_T.board(), sender="service", retain=True, models=[q.Board],
             description="Waiting and estimated wait per field, counters open, served today."),
        dict(key="calls", address=_T.calls(), sender="service", retain=False, models=[q.Call],
             description="Each call or recall to announce, with a sequence number; not retained."),
    ]


def document() -> dict[str, Any]:
    channels = _channels()
    models = [(model, "validation") for ch in channels for model in ch["models"]]
    _, schema = models_json_schema(models, ref_template=REF)
    params_all = {
        "centre": {"description": "centre slug"},
        "device": {"description": "device id = MQTT username = client id"},
        "counter": {"description": "counter id"},
        "name": {"description": "command or event name"},
        "verb": {"description": "request verb", "enum": sorted(REQUEST_VERBS)},
    }
    doc: dict[str, Any] = {
        "asyncapi": "3.0.0",
        "info": {
            "title": "motcua MQTT contract",
            "version": "1",
            "description": "Devices and the queue service of a one-stop centre over Mosquitto. Every payload is "
            "JSON with a `v` version field; QoS 1 everywhere. Generated from wire/ by `motcua wire asyncapi`.",
        },
        "defaultContentType": "application/json",
        "channels": {},
        "operations": {},
        "components": {"schemas": dict(sorted(schema.get("$defs", {}).items())), "messages": {}},
    }
    for ch in channels:
        address = _address(ch["address"])
        names = [p.strip("{}") for p in address.split("/") if p.startswith("{")]
        messages = {}
        for model in ch["models"]:
            name = model.__name__
            doc["components"]["messages"][name] = {
                "name": name, "title": name, "summary": (model.__doc__ or "").strip().split("\n")[0],
                "payload": {"$ref": REF.format(model=name)},
            }
            messages[name] = {"$ref": f"#/components/messages/{name}"}
        doc["channels"][ch["key"]] = {
            "address": address, "description": ch["description"], "messages": messages,
            "parameters": {n: params_all[n] for n in names},
        }
        action = "send" if ch["sender"] == "device" else "receive"
        doc["operations"][f"{action}{ch['key'][0].upper()}{ch['key'][1:]}"] = {
            "action": action,
            "summary": f"the device {action}s; publisher: {ch['sender']}",
            "channel": {"$ref": f"#/channels/{ch['key']}"},
            "messages": [{"$ref": f"#/channels/{ch['key']}/messages/{n}"} for n in messages],
            "bindings": {"mqtt": {"qos": 1, "retain": ch["retain"]}},
        }
    return doc


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"
