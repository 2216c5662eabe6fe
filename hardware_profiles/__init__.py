"""Hardware profiles: one YAML file per supported device model (data, not code)."""
