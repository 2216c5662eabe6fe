"""An embedded MQTT v5 broker in Python for `motcua demo` on machines where Mosquitto cannot be installed.

Demo only: a real centre runs Mosquitto (`apt-get install mosquitto`; `motcua broker`). It reads the very
mosquitto.conf, password file and ACL that broker_config.render writes, so devices and credentials are the same;
packets are encoded and decoded by the `mqtt5` library. Sessions and retained messages live in memory only.
"""
