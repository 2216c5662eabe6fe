"""JSON encoding and decoding of wire models; every way a payload can be bad becomes one WireError."""

from __future__ import annotations

import json
import uuid
from typing import Any, TypeVar

from pydantic import ValidationError

from wire.contract import COMMAND_ARGS, EVENT_DATA, REQUEST_VERBS
from wire.messages import WIRE_VERSION, Command, Event, WireModel
from wire.queue_messages import ErrorInfo, Reply

# Below Mosquitto's message_size_limit (256 KiB in broker_config), so an oversized payload is refused here with
# a reason rather than silently by the broker. The largest legitimate payload (a board of 200 fields) is ~30 KiB.
MAX_PAYLOAD = 64 * 1024

M = TypeVar("M", bound=WireModel)


class WireError(Exception):
    """A payload that cannot be used: code is too_large, bad_json, wrong_version, invalid or unknown_name."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail[:500]

    def info(self) -> ErrorInfo:
        return ErrorInfo(code=self.code, message=self.detail)


def new_id() -> str:
    return uuid.uuid4().hex


def encode(model: WireModel) -> bytes:
    data = model.model_dump_json(exclude_none=False).encode()
    if len(data) > MAX_PAYLOAD:
        raise WireError("too_large", f"{type(model).__name__} payload is {len(data)} bytes, limit {MAX_PAYLOAD}")
    return data


def load(payload: bytes | bytearray | str) -> dict[str, Any]:
    """Size, JSON and version checks shared by every decoder."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8", "surrogatepass")
    if len(payload) > MAX_PAYLOAD:
        raise WireError("too_large", f"payload is {len(payload)} bytes, limit {MAX_PAYLOAD}")
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise WireError("bad_json", f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise WireError("bad_json", f"expected a JSON object, got {type(data).__name__}")
    version = data.get("v")
    if version != WIRE_VERSION or isinstance(version, bool):
        raise WireError("wrong_version", f"payload version {version!r}, this side reads {WIRE_VERSION}")
    return data


def validate(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = "; ".join(f"{'.'.join(map(str, e['loc'])) or '-'}: {e['msg']}" for e in exc.errors()[:5])
        raise WireError("invalid", f"{model.__name__}: {errors}") from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise WireError("invalid", f"{model.__name__}: {exc}") from None


def decode(model: type[M], payload: bytes | bytearray | str) -> M:
    """Decode one payload into `model`, or raise WireError; never any other exception."""
    return validate(model, load(payload))


def command_args(command: Command) -> WireModel:
    """The typed arguments of a known command (WireError for unknown names or bad args)."""
    model = COMMAND_ARGS.get(command.name)
    if model is None:
        raise WireError("unknown_name", f"no command {command.name!r}")
    return validate(model, {"v": WIRE_VERSION, **command.args})


def event_data(event: Event) -> WireModel:
    model = EVENT_DATA.get(event.name)
    if model is None:
        raise WireError("unknown_name", f"no event {event.name!r}")
    return validate(model, {"v": WIRE_VERSION, **event.data})


def body(model: WireModel) -> dict[str, Any]:
    """A model as the `args`/`data` dict of an envelope (the envelope carries the version)."""
    data = model.model_dump(mode="json")
    data.pop("v", None)
    return data


def ok_reply(request_id: str, data: WireModel) -> Reply:
    return Reply(id=request_id, status="ok", data=body(data))


def error_reply(request_id: str, code: str, message: str) -> Reply:
    return Reply(id=request_id[:64] or "-", status="error", error=ErrorInfo(code=code, message=message[:500]))


def reply_data(verb: str, reply: Reply) -> WireModel:
    """The typed data of an ok reply to `verb`."""
    pair = REQUEST_VERBS.get(verb)
    if pair is None:
        raise WireError("unknown_name", f"no verb {verb!r}")
    return validate(pair[1], {"v": WIRE_VERSION, **(reply.data or {})})
