"""The device runtime: one MQTT v5 session per agent with commands, requests, and a durable outbox."""

from devicekit.mqtt.commands import CommandTable
from devicekit.mqtt.config import SessionConfig
from devicekit.mqtt.requests import NotConnected, RequestError, RequestTimeout
from devicekit.mqtt.session import ConnectRefused, DeviceSession

__all__ = ["CommandTable", "ConnectRefused", "DeviceSession", "NotConnected", "RequestError", "RequestTimeout",
           "SessionConfig"]
