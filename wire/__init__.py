"""Wire contract shared by the service and the device agents: MQTT topics and message models."""
