"""Agent files for tests: a device provisioned on the test broker, its secret in a file, its YAML written out."""

from __future__ import annotations

from pathlib import Path

import yaml


def agent_file(broker, directory: Path, device: str, kind: str, *, counter: int | None = None,
               hardware: dict | None = None, **sections) -> Path:
    """Provision `device` on the test broker (if needed) and write its agent YAML; returns the file's path."""
    if device not in broker.passwords:
        broker.add(device, kind)
    directory.mkdir(parents=True, exist_ok=True)
    secret = directory / f"{device}.secret"
    secret.write_text(broker.passwords[device] + "\n", encoding="utf-8")
    secret.chmod(0o600)
    data = {"version": 1, "centre": broker.centre, "device": device,
            "broker": {"host": broker.host, "port": broker.port, "secret_file": str(secret)},
            "state_dir": str(directory / f"{device}-state"), "hardware": hardware or {}, **sections}
    if counter is not None:
        data["counter"] = counter
    path = directory / f"{device}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
