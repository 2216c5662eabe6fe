"""The central queue service: queue engine, store, HTTP API (and later the MQTT bridge and dossiers)."""
