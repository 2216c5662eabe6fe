"""Mosquitto configuration templates, ACL patterns and device provisioning."""
