"""Devices of a centre: provisioning (credentials for the broker) and their last reported state."""
