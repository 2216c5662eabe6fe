"""Shared device library for agents: MQTT session, hardware drivers, their emulators, profile loading."""
